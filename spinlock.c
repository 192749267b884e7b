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
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
}

// Spin until the lock is ours. Interrupts stay off on this CPU until the matching release:
// an interrupt handler that wanted the same lock would otherwise spin forever.
// Acquiring a lock this CPU already holds is a kernel bug: panic.
void
acquire(struct spinlock *lk)
{
  pushcli();
  if(holding(lk)){
    cprintf("acquire: lock \"%s\" is already held by this cpu\n", lk->name);
    panic("acquire: lock held twice");
  }

  while(xchg(&lk->locked, 1) != 0)
    ;

  // Keep the compiler and the CPU from moving the critical section's loads and stores
  // above this point.
  __sync_synchronize();

  lk->cpu = mycpu();
  getcallerpcs(&lk, lk->pcs);
}

// Release a lock this CPU holds; releasing one it does not hold is a kernel bug: panic.
void
release(struct spinlock *lk)
{
  if(!holding(lk)){
    cprintf("release: lock \"%s\" is not held by this cpu\n", lk->name);
    panic("release: lock not held");
  }

  lk->pcs[0] = 0;
  lk->cpu = 0;

  // Everything stored in the critical section must be visible before the lock is free.
  __sync_synchronize();

  // A plain store could be split or reordered by the compiler; this asm cannot.
  asm volatile("movl $0, %0" : "+m" (lk->locked) : );

  popcli();
}

// Record up to 10 return addresses of the call chain that led to the function whose first
// argument is at v, by following saved EBP values (the kernel keeps frame pointers).
void
getcallerpcs(void *v, uint pcs[])
{
  uint *ebp;
  int i;

  ebp = (uint*)v - 2;
  for(i = 0; i < 10; i++){
    if(ebp == 0 || ebp < (uint*)KERNBASE || ebp == (uint*)0xffffffff)
      break;
    pcs[i] = ebp[1];     // the return address sits just above the saved EBP
    ebp = (uint*)ebp[0]; // the caller's saved EBP
  }
  for(; i < 10; i++)
    pcs[i] = 0;
}

// Does this CPU hold the lock?
int
holding(struct spinlock *lock)
{
  int r;

  pushcli();
  r = lock->locked && lock->cpu == mycpu();
  popcli();
  return r;
}

// pushcli/popcli are cli/sti that nest: interrupts come back on only at the outermost
// popcli, and only if they were on at the outermost pushcli.
void
pushcli(void)
{
  int eflags;

  eflags = readeflags();
  cli();
  if(mycpu()->ncli == 0)
    mycpu()->intena = eflags & FL_IF;
  mycpu()->ncli += 1;
}

void
popcli(void)
{
  if(readeflags() & FL_IF)
    panic("popcli: interrupts are on");
  if(--mycpu()->ncli < 0)
    panic("popcli: more pops than pushes");
  if(mycpu()->ncli == 0 && mycpu()->intena)
    sti();
}
