// pgtbltest.c: the pgtbl lab's checks on shared kernel page tables.
// usage: pgtbltest share | pgtbltest free
//   share  how many pages a process's page tables cost (at most 3 once they are shared)
//   free   200 processes come and go: the kernel keeps working and nothing leaks
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

// Fork and exec many short-lived processes (each exec frees a whole page directory):
// afterwards the same number of pages must be free as before.
static void
churn(void)
{
  static char *argv[] = { "pgtbltest", "nop", 0 };
  int i, pid, f0 = 0, f1;

  // Count from the end of the first round, so that whatever the kernel allocates once
  // and keeps does not count as a leak.
  for(i = 0; i < 201; i++){
    if(i == 1)
      f0 = freemem();
    pid = fork();
    if(pid < 0){
      printf(1, "free: FAIL fork() failed in round %d\n", i);
      return;
    }
    if(pid == 0){
      exec("pgtbltest", argv);
      printf(1, "free: FAIL exec pgtbltest failed\n");
      exit();
    }
    if(wait() != pid){
      printf(1, "free: FAIL wait() did not return the child\n");
      return;
    }
  }
  f1 = freemem();
  printf(1, "free: %d pages free before 200 fork+exec+exit, %d after\n", f0, f1);
  if(f1 != f0)
    printf(1, "free: FAIL %d pages lost\n", f0 - f1);
  else
    printf(1, "free: ok\n");
}

int
main(int argc, char *argv[])
{
  if(argc == 2 && strcmp(argv[1], "share") == 0)
    share();
  else if(argc == 2 && strcmp(argv[1], "free") == 0)
    churn();
  else if(argc == 2 && strcmp(argv[1], "nop") == 0)
    ;
  else
    printf(2, "usage: pgtbltest share|free\n");
  exit();
}
