// faultnull.c: write through a null pointer. Page 0 is unmapped, so the kernel
// should kill us before the message prints.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(void)
{
  // Both volatile: gcc cannot see that p is null, and must really do the store
  // (for a visible null dereference it would emit a trap instruction instead).
  volatile int * volatile p = 0;

  *p = 1;
  printf(1, "faultnull: still alive\n");
  exit();
}
