// bttest.c: for the traps lab's backtrace. sleep(-1) returns at once; with the lab done,
// the kernel prints its call chain on the way (sys_sleep calls backtrace()).
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(void)
{
  sleep(-1);
  printf(1, "bttest: done\n");
  exit();
}
