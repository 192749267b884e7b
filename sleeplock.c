// sleeplock.c: locks that put waiters to sleep instead of spinning, for holds that may
// last across disk I/O (buffers, inodes). Not usable from interrupt handlers: only a
// process can sleep.
//
// A sleep lock is a small structure guarded by a spinlock. The spinlock is held only for
// the few instructions that look at or change the holder, never while the sleep lock
// itself is held, so a process holding a sleep lock may sleep, and be switched away from,
// with interrupts on.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "sleeplock.h"

// Prepare lk, free. name says what it protects (shown in debugging output).
void
initsleeplock(struct sleeplock *lk, char *name)
{
  initlock(&lk->guard, "sleeplock guard");
  lk->holder = 0;
  lk->name = name;
}

// Take lk for the calling process, sleeping for as long as another process holds it.
// Expects: called from a process that does not already hold lk.
void
acquiresleep(struct sleeplock *lk)
{
  struct proc *me = myproc();

  acquire(&lk->guard);
  // sleep() drops the guard while we wait and takes it again before returning, so the
  // holder can get in to release lk. Whoever woke us may not be the only waiter: check again.
  for(;;){
    if(lk->holder == 0)
      break;
    sleep(lk, &lk->guard);
  }
  lk->holder = me;
  release(&lk->guard);
}

// Give lk up and wake every process waiting for it (the first to run takes it).
// Expects: the caller holds lk.
void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->guard);
  lk->holder = 0;
  wakeup(lk);
  release(&lk->guard);
}

// Does the calling process hold lk? Used in sanity checks before touching what lk guards.
int
holdingsleep(struct sleeplock *lk)
{
  int mine;

  acquire(&lk->guard);
  mine = (lk->holder != 0 && lk->holder == myproc());
  release(&lk->guard);
  return mine;
}
