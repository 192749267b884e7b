// kdebug.c: test-only hooks behind the kdebug(op, arg) system call. The test suite builds a
// kernel with `make DEBUGHOOKS=1` to make it fault on purpose or to cut the power mid-commit;
// the kernel that students boot is built without them and kdebug() only returns -1.
#include "types.h"
#include "defs.h"
#include "x86.h"
#include "spinlock.h"
#include "kdebug.h"

#ifdef DEBUGHOOKS
// ---- KDEBUG_CRASHAT: a power cut at a chosen disk write ---------------------------------
//
// QEMU's isa-debug-exit device (when the test adds `-device isa-debug-exit,iobase=0xf4,
// iosize=0x04`) ends QEMU the moment a byte is written to port 0xf4; QEMU's exit status is
// then (byte << 1) | 1. Every write the disk had acknowledged is already in the image file.
#define DEBUG_EXIT_PORT 0xf4

// cut.lock protects armed_at and written. ide.c calls kdebug_diskwrite() holding idelock,
// so the order is idelock, then cut.lock.
static struct {
  struct spinlock lock;
  int armed_at;   // 0: no cut armed; k: the k-th write since arming never happens
  int written;    // disk writes issued since the last KDEBUG_CRASHAT
} cut;

// Stop the machine without another disk write. Caller holds idelock (from idestart), so
// even if the debug-exit device is missing no other CPU can start a write: they all need
// idelock, which this CPU keeps while it halts forever. The test then kills QEMU.
static void
powercut(int n)
{
  cprintf("kdebug: power cut before disk write %d\n", n);
  outb(DEBUG_EXIT_PORT, 0);
  for(;;){
    cli();
    hlt();
  }
}

// Called by idestart() (ide.c), holding idelock, just before it sends a write command
// to the disk. Counts the write, and cuts the power instead if this is the armed one.
void
kdebug_diskwrite(void)
{
  int n, stop;

  acquire(&cut.lock);
  n = ++cut.written;
  stop = cut.armed_at != 0 && n >= cut.armed_at;
  release(&cut.lock);
  if(stop)
    powercut(n);
}

// KDEBUG_CRASHAT with arg k > 0: count disk writes from now on and stop the machine dead
// at the k-th, before it reaches the disk. Returns 0. With k == 0: disarm, and return how
// many writes were issued since the last KDEBUG_CRASHAT. k < 0: returns -1.
static int
crashat(int k)
{
  int n;

  if(k < 0)
    return -1;
  acquire(&cut.lock);
  n = cut.written;
  cut.armed_at = k;
  cut.written = 0;
  release(&cut.lock);
  return k == 0 ? n : 0;
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
  case KDEBUG_CRASHAT:
    return crashat(arg);
  default:
    break;
  }
#endif
  return -1;
}
