// faultcli.c: try to disable interrupts. cli is privileged at user level (CPL 3 >
// IOPL 0), so it raises a general-protection fault and the kernel should kill us.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(void)
{
  asm volatile("cli");
  printf(1, "faultcli: still alive\n");
  exit();
}
