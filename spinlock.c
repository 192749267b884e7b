// spinlock.c: spinlocks, and pushcli/popcli, which nest interrupt disabling.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"

void
initlock(struct spinlock *lk, char *name)
{
  lk->cpu = 0;
  lk->locked = 0;
  lk->name = name;
}

// Report a lock used the wrong way round, then panic with why.
static void
lockmisuse(struct spinlock *lk, char *who, char *what, char *why)
{
  cprintf("%s: lock \"%s\" %s\n", who, lk->name, what);
  panic(why);
}

// Spin until the lock is ours. Interrupts stay off on this CPU until the
// matching release: an interrupt handler that wanted the same lock would
// otherwise spin forever. Acquiring a lock this CPU already holds is a kernel
// bug: panic.
void
acquire(struct spinlock *lk)
{
  pushcli();
  if(holding(lk))
    lockmisuse(lk, "acquire", "is already held by this cpu",
               "acquire: lock held twice");

  // xchg swaps atomically: whoever reads back 0 owns the lock.
  while(xchg(&lk->locked, 1) != 0)
    ;

  // Keep the compiler and the CPU from moving the critical section's loads and
  // stores above this point.
  __sync_synchronize();

  // Debugging aids: which CPU has it, and from where it was taken.
  getcallerpcs(&lk, lk->pcs);
  lk->cpu = mycpu();
}

// Release a lock this CPU holds; releasing one it does not hold is a kernel
// bug: panic.
void
release(struct spinlock *lk)
{
  if(holding(lk) == 0)
    lockmisuse(lk, "release", "is not held by this cpu",
               "release: lock not held");

  lk->cpu = 0;
  lk->pcs[0] = 0;

  // Everything stored in the critical section must be visible before the lock
  // is free.
  __sync_synchronize();

  // A plain store could be split or reordered by the compiler; this asm cannot.
  asm volatile("movl $0, %0" : "+m" (lk->locked) : );

  popcli();
}

// Does this CPU hold the lock?
int
holding(struct spinlock *lock)
{
  int mine;

  pushcli();
  mine = 0;
  if(lock->locked)
    mine = (lock->cpu == mycpu());
  popcli();
  return mine;
}

// pushcli/popcli are cli/sti that nest: interrupts come back on only at the
// outermost popcli, and only if they were on at the outermost pushcli.
void
pushcli(void)
{
  struct cpu *c;
  int wason;

  wason = readeflags() & FL_IF;
  cli();
  c = mycpu();
  if(c->ncli++ == 0)
    c->intena = wason;
}

void
popcli(void)
{
  struct cpu *c;

  if((readeflags() & FL_IF) != 0)
    panic("popcli: interrupts are on");
  c = mycpu();
  c->ncli -= 1;
  if(c->ncli < 0)
    panic("popcli: more pops than pushes");
  if(c->ncli == 0 && c->intena != 0)
    sti();
}
