// utiltest.c: helpers for the util lab's grader (labs/util/tests.pl). Each subcommand
// prints one line per check, "NAME: ok" or "NAME: FAIL why".
// usage: utiltest sleep | tree | lines
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

// Run `sleep 25` and check that it took about 25 ticks.
static void
timesleep(void)
{
  char *argv[] = { "sleep", "25", 0 };
  int pid, t0, t1;

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
  if(t1 - t0 < 25)
    printf(1, "sleep: FAIL 'sleep 25' returned after %d ticks\n", t1 - t0);
  else if(t1 - t0 > 300)
    printf(1, "sleep: FAIL 'sleep 25' took %d ticks\n", t1 - t0);
  else
    printf(1, "sleep: ok\n");
}

// Create file path holding text (replacing what was there). Returns 0, or -1.
static int
makefile(char *path, char *text)
{
  int fd;

  unlink(path);
  if((fd = open(path, O_CREATE | O_WRONLY)) < 0)
    return -1;
  if(write(fd, text, strlen(text)) != strlen(text)){
    close(fd);
    return -1;
  }
  close(fd);
  return 0;
}

// The directory tree the find and xargs tests search:
//   ft/b  ft/a/b  ft/a/bb  ft/a/c/b  ft/c/d/x
static void
maketree(void)
{
  char *dirs[] = { "ft", "ft/a", "ft/a/c", "ft/c", "ft/c/d" };
  int i;

  for(i = 0; i < sizeof(dirs)/sizeof(dirs[0]); i++)
    mkdir(dirs[i]);    // may exist already
  if(makefile("ft/b", "hello from ft/b\n") < 0 ||
     makefile("ft/a/b", "hello from ft/a/b\n") < 0 ||
     makefile("ft/a/bb", "hello from ft/a/bb\n") < 0 ||
     makefile("ft/a/c/b", "goodbye\n") < 0 ||
     makefile("ft/c/d/x", "hello from x\n") < 0)
    printf(1, "tree: FAIL cannot create the files\n");
  else
    printf(1, "tree: ok\n");
}

int
main(int argc, char *argv[])
{
  if(argc == 2 && strcmp(argv[1], "sleep") == 0)
    timesleep();
  else if(argc == 2 && strcmp(argv[1], "tree") == 0)
    maketree();
  else if(argc == 2 && strcmp(argv[1], "lines") == 0)
    printf(1, "1\ntwo words\n  3  \n");  // what the xargs test feeds to xargs
  else
    printf(2, "usage: utiltest sleep | tree | lines\n");
  exit();
}
