// utiltest.c: helpers for the util lab's grader (labs/util/tests.pl). The grader makes up
// its inputs afresh for every run (the ticks, the primes' bound, the tree, the lines) and
// passes them here on the command line.
// usage: utiltest sleep TICKS     run `sleep TICKS`; one line "sleep: ok" or "sleep: FAIL why"
//        utiltest lines WORD...   print each WORD as a line of its own, '_' as a blank
//        utiltest args ARG...     print "pid PID: ARG ARG ...", its own pid and arguments
//        utiltest files PATH...   make PATH a directory if it ends in '/'; else a file
//                                 holding "hello from PATH" (+PATH) or "goodbye" (-PATH)
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

// Make the directories and files the find tests search; says nothing unless one fails.
static void
files(int argc, char *argv[])
{
  int i, n, fd;
  char *p;

  for(i = 2; i < argc; i++){
    p = argv[i];
    n = strlen(p);
    if(n > 1 && p[n-1] == '/'){
      p[n-1] = 0;
      if(mkdir(p) < 0)
        printf(1, "files: FAIL cannot make directory %s\n", p);
      continue;
    }
    if(p[0] != '+' && p[0] != '-'){
      printf(1, "files: FAIL %s: not +PATH, -PATH or DIR/\n", p);
      continue;
    }
    if((fd = open(p + 1, O_CREATE | O_WRONLY)) < 0){
      printf(1, "files: FAIL cannot create %s\n", p + 1);
      continue;
    }
    if(p[0] == '+')
      printf(fd, "hello from %s\n", p + 1);
    else
      printf(fd, "goodbye\n");
    close(fd);
  }
}

// Run `sleep n` and check that it took at least n ticks, and not far more.
static void
timesleep(int n)
{
  char num[16], *argv[] = { "sleep", num, 0 };
  int pid, t0, t1, i, m;

  // n in decimal, for sleep's argv
  for(i = 0, m = n; i == 0 || m > 0; m /= 10)
    i++;
  num[i] = 0;
  for(m = n; i > 0; m /= 10)
    num[--i] = '0' + m % 10;

  t0 = uptime();
  pid = fork();
  if(pid < 0){
    printf(1, "sleep: FAIL fork failed\n");
    return;
  }
  if(pid == 0){
    exec("sleep", argv);
    printf(1, "sleep: FAIL cannot run sleep\n");
    exit();
  }
  wait();
  t1 = uptime();
  if(t1 - t0 < n)
    printf(1, "sleep: FAIL expected 'sleep %d' to take %d ticks or more, saw %d\n", n, n, t1 - t0);
  else if(t1 - t0 > 10 * n + 200)
    printf(1, "sleep: FAIL expected 'sleep %d' to take about %d ticks, saw %d\n", n, n, t1 - t0);
  else
    printf(1, "sleep: ok\n");
}

int
main(int argc, char *argv[])
{
  int i;
  char *s;

  if(argc == 3 && strcmp(argv[1], "sleep") == 0)
    timesleep(atoi(argv[2]));
  else if(argc >= 2 && strcmp(argv[1], "lines") == 0){
    for(i = 2; i < argc; i++){
      for(s = argv[i]; *s; s++)
        if(*s == '_')
          *s = ' ';
      printf(1, "%s\n", argv[i]);
    }
  } else if(argc >= 2 && strcmp(argv[1], "args") == 0){
    printf(1, "pid %d:", getpid());
    for(i = 2; i < argc; i++)
      printf(1, " %s", argv[i]);
    printf(1, "\n");
  } else if(argc >= 2 && strcmp(argv[1], "files") == 0)
    files(argc, argv);
  else
    printf(2, "usage: utiltest sleep TICKS | lines WORD... | args ARG... | files PATH...\n");
  exit();
}
