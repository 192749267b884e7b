// kdebug.c: test-only hooks behind the kdebug(op, arg) system call. The test suite builds a
// kernel with `make DEBUGHOOKS=1` to make it fault on purpose or to cut the power mid-commit;
// the kernel that students boot is built without them and kdebug() only returns -1.
#include "types.h"
#include "defs.h"
#include "memlayout.h"
#include "kdebug.h"

#ifdef DEBUGHOOKS
// An address in the kernel half that no page table maps: above the mapping of physical
// memory (KERNBASE+PHYSTOP) and below the devices at 0xFE000000.
#define UNMAPPED ((char*)(KERNBASE + PHYSTOP + 0x1000))

// Read a byte the kernel cannot reach: a page fault in kernel mode. `volatile` keeps the
// compiler from dropping the read.
static int
badread(void)
{
  return *(volatile char*)UNMAPPED;
}
#endif

int
sys_kdebug(void)
{
  int op, arg;

  if(argint(0, &op) < 0 || argint(1, &arg) < 0)
    return -1;
#ifdef DEBUGHOOKS
  switch(op){
  case KDEBUG_FAULT:
    return badread();
  case KDEBUG_FAULT_CONS:
    // cprintf holds the console lock while it formats, and faults reading the string.
    cprintf("kdebug: fault inside cprintf: %s\n", UNMAPPED);
    return -1;
  case KDEBUG_FAULT_PANIC:
    // panic faults while printing its own message.
    panic(UNMAPPED);
  default:
    break;
  }
#endif
  return -1;
}
