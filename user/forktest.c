// forktest.c: fork until the process table is full (or N times), then check that
// wait() returns each child exactly once and then reports that none are left.
//
// The program must stay small: every child is a full copy of it, and the
// process table, not memory, must be what runs out. Classic xv6 links
// forktest without printf for that (it writes with write() directly). Here
// every program is linked against the archive ulib.a, which adds only the
// objects a program uses, so forktest may call printf and still has about
// 2 KB of text: each child costs a few pages, and NPROC of them fit easily.
#include "types.h"
#include "stat.h"
#include "user.h"

#define N 1000   // give up if fork has not failed by then

// Print the reason the test failed and stop.
static void
fail(char *why)
{
  printf(1, "fork test: %s\n", why);
  exit();
}

int
main(void)
{
  int children = 0;
  int pid, i;

  printf(1, "fork test\n");

  // Fill the process table. Each child exits at once and stays a zombie until waited for,
  // so its slot stays taken.
  while(children < N){
    pid = fork();
    if(pid == 0)
      exit();
    if(pid < 0)
      break;              // the table is full: what we came for
    children++;
  }
  if(children == N){
    printf(1, "fork test: fork claimed to work %d times\n", N);
    exit();
  }

  // Collect every child, then make sure there is nothing more to collect.
  for(i = 0; i < children; i++)
    if(wait() < 0)
      fail("wait stopped early");
  if(wait() != -1)
    fail("wait got too many");

  printf(1, "fork test OK\n");
  exit();
}
