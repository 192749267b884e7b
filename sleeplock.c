// sleeplock.c: locks that put waiters to sleep instead of spinning, for holds
// that may last across disk I/O (buffers, inodes). Not usable from interrupt
// handlers: only a process can sleep.
//
// A sleep lock is a locked field protected by a spinlock (lk). The spinlock is
// held only for the few instructions that look at or change locked and pid,
// never while the sleep lock itself is held, so a process holding a sleep lock
// may sleep, and be switched away from, with interrupts on.
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
  lk->name = name;
  lk->pid = 0;
  lk->locked = 0;
  initlock(&lk->lk, "sleep lock");
}

// Take lk for the calling process, sleeping for as long as another process
// holds it. Expects: called from a process that does not already hold lk.
void
acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  // sleep() lets go of lk->lk while we wait and takes it back before it
  // returns, so the holder can get in to release the lock. Another waiter
  // may have been woken too and got there first: look at locked again.
  while(lk->locked)
    sleep(lk, &lk->lk);
  lk->pid = myproc()->pid;
  lk->locked = 1;
  release(&lk->lk);
}

// Give lk up and wake every process waiting for it (the first to run takes it).
// Expects: the caller holds lk.
void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  lk->pid = 0;
  lk->locked = 0;
  wakeup(lk);
  release(&lk->lk);
}

// Does the calling process hold lk? Used in sanity checks before touching what
// lk guards.
int
holdingsleep(struct sleeplock *lk)
{
  int mine;

  acquire(&lk->lk);
  mine = 0;
  if(lk->locked)
    mine = (lk->pid == myproc()->pid);
  release(&lk->lk);
  return mine;
}
