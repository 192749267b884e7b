// pgtbltest.c: the pgtbl lab's checks on shared kernel page tables.
// usage: pgtbltest share | pgtbltest fit | pgtbltest free
//   share  how many pages a process's page tables cost (at most 3 once they are shared)
//   fit    with all but a few hundred pages of memory taken, 40 processes must fit at once
//          (private kernel tables, 65 pages each, could not), and forking on until memory
//          runs out must fail cleanly and lose nothing
//   free   4 workers at once fork+exec 50 short-lived processes each: nothing leaks
#include "types.h"
#include "stat.h"
#include "mmu.h"
#include "user.h"

// Count a forked child's pages while it sits blocked on a pipe, and take away what is
// not a page table: its kernel stack and its copies of our user pages.
static void
share(void)
{
  int p[2], pid, f0, f1, userpages, tables;
  uint sz;
  char c;

  if(pipe(p) < 0){
    printf(1, "share: FAIL pipe() failed\n");
    return;
  }
  sz = (uint)sbrk(0);
  // Every page from PGSIZE up to the break is mapped (page 0 never is).
  userpages = PGROUNDUP(sz) / PGSIZE - 1;
  f0 = freemem();
  pid = fork();
  if(pid < 0){
    printf(1, "share: FAIL fork() failed\n");
    return;
  }
  if(pid == 0){
    read(p[0], &c, 1);   // wait until the parent has counted
    exit();
  }
  f1 = freemem();
  write(p[1], "x", 1);
  wait();
  close(p[0]);
  close(p[1]);
  tables = (f0 - f1) - 1 - userpages;   // 1: the kernel stack
  printf(1, "share: a new process took %d pages: 1 kernel stack, %d user pages, "
         "%d page-table pages\n", f0 - f1, userpages, tables);
  if(tables > 3)
    printf(1, "share: FAIL %d page-table pages per process; expected at most 3\n", tables);
  else if(tables < 1)
    printf(1, "share: FAIL %d page-table pages per process: not even a page directory?\n",
           tables);
  else
    printf(1, "share: ok\n");
}

// Fork and exec many short-lived processes (each exec frees a whole page directory), on
// NWORKERS CPUs at once: afterwards the same number of pages must be free as before.
#define NWORKERS 4
#define ROUNDS 50
static void
churn(void)
{
  static char *argv[] = { "pgtbltest", "nop", 0 };
  int i, w, pid, f0, f1, bad;

  // One round first, so that whatever the kernel allocates once and keeps does not count
  // as a leak.
  if((pid = fork()) == 0){
    exec("pgtbltest", argv);
    exit();
  }
  wait();
  f0 = freemem();
  for(w = 0; w < NWORKERS; w++){
    pid = fork();
    if(pid < 0){
      printf(1, "free: FAIL fork() of worker %d failed\n", w);
      return;
    }
    if(pid == 0){
      for(i = 0; i < ROUNDS; i++){
        pid = fork();
        if(pid < 0){
          printf(1, "free: FAIL fork() failed in worker %d round %d\n", w, i);
          exit();
        }
        if(pid == 0){
          exec("pgtbltest", argv);
          printf(1, "free: FAIL exec pgtbltest failed\n");
          exit();
        }
        if(wait() != pid){
          printf(1, "free: FAIL wait() did not return the child\n");
          exit();
        }
      }
      exit();
    }
  }
  bad = 0;
  for(w = 0; w < NWORKERS; w++)
    if(wait() < 0)
      bad = 1;
  f1 = freemem();
  printf(1, "free: %d pages free before %d workers x %d fork+exec+exit, %d after\n",
         f0, NWORKERS, ROUNDS, f1);
  if(bad)
    printf(1, "free: FAIL lost a worker\n");
  else if(f1 != f0)
    printf(1, "free: FAIL expected %d pages free afterwards, saw %d (%d lost)\n", f0, f1, f0 - f1);
  else
    printf(1, "free: ok\n");
}

// The witness freemem() cannot fake: real memory. A hog takes every page it can get, then
// gives back only enough for NFIT processes of our size with shared kernel tables (a
// directory, a user page table, a kernel stack, the user pages, and a little slack). With
// private kernel tables each process would need 65 pages more: a handful would fit. Then
// fork on until fork fails (memory runs out first): the kernel must not panic, and
// afterwards every page must be back.
#define NFIT 40
#define MAXKIDS 60
static void
fit(void)
{
  int hold[2], ready[2], n, i, hog, userpages, give, f0, f1;
  char c;

  f0 = freemem();
  if(pipe(hold) < 0 || pipe(ready) < 0){
    printf(1, "fit: FAIL pipe() failed\n");
    return;
  }
  userpages = PGROUNDUP((uint)sbrk(0)) / PGSIZE - 1;
  give = NFIT * (userpages + 3) + 24;
  hog = fork();
  if(hog < 0){
    printf(1, "fit: FAIL fork() failed\n");
    return;
  }
  if(hog == 0){
    close(ready[0]);
    close(hold[1]);
    n = 0;
    while(sbrk(256*PGSIZE) != (char*)-1)
      n += 256;
    while(sbrk(PGSIZE) != (char*)-1)
      n++;
    if(n < give || sbrk(-give*PGSIZE) == (char*)-1){
      printf(1, "fit: FAIL the hog got only %d pages\n", n);
      exit();
    }
    write(ready[1], "r", 1);
    read(hold[0], &c, 1);    // until the parent closes hold[1]
    exit();
  }
  close(ready[1]);
  if(read(ready[0], &c, 1) != 1){
    printf(1, "fit: FAIL the hog did not say it was ready\n");
    return;
  }
  for(n = 0; n < MAXKIDS; n++){
    i = fork();
    if(i < 0)
      break;
    if(i == 0){
      close(hold[1]);
      read(hold[0], &c, 1);
      exit();
    }
  }
  close(hold[1]);
  for(i = 0; i < n + 1; i++)
    wait();
  close(hold[0]);
  close(ready[0]);
  f1 = freemem();
  printf(1, "fit: %d pages left free for processes of %d user pages: %d processes fit at once\n",
         give, userpages, n);
  if(n < NFIT)
    printf(1, "fit: FAIL expected at least %d processes to fit in %d pages, saw %d\n",
           NFIT, give, n);
  else if(n >= MAXKIDS)
    printf(1, "fit: FAIL expected fork to fail once memory ran out, saw %d forks succeed\n", n);
  else if(f1 != f0)
    printf(1, "fit: FAIL expected %d pages free afterwards, saw %d\n", f0, f1);
  else
    printf(1, "fit: ok\n");
}

int
main(int argc, char *argv[])
{
  if(argc == 2 && strcmp(argv[1], "share") == 0)
    share();
  else if(argc == 2 && strcmp(argv[1], "free") == 0)
    churn();
  else if(argc == 2 && strcmp(argv[1], "fit") == 0)
    fit();
  else if(argc == 2 && strcmp(argv[1], "nop") == 0)
    ;
  else
    printf(2, "usage: pgtbltest share|fit|free\n");
  exit();
}
