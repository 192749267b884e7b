// faultkern.c: read a byte of the kernel (KERNLINK, 0x80100000). Those pages are
// mapped but not user-accessible, so the kernel should kill us.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(void)
{
  char * volatile p = (char*)0x80100000;   // volatile: keep the load
  volatile char c;

  c = *p;
  (void)c;
  printf(1, "faultkern: still alive\n");
  exit();
}
