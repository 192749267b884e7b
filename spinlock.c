// spinlock.c: spinlocks, and pushcli/popcli, which nest interrupt disabling.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "lockstat.h"

extern char end[];  // first address after the kernel image, from kernel.ld

// For lockstat(): every lock in the kernel's own data (below end), in the
// order initlock first saw it. A lock in a kalloc'd page (a pipe's) is left
// out, as its page may be freed while lockstat reads it; so is any lock past
// NLOCK. Slots are claimed atomically and never given back.
static struct spinlock *locks[NLOCK];
static uint nlocks;

// acquire's counts for each CPU, over every lock, listed or not. One cache
// line each, since each CPU writes its own on every acquire.
static struct cputally {
  struct lockcount count;
} __attribute__((aligned(64))) tally[NCPU];

// Add lk to locks[], once, if it lives in the kernel's own data.
static void
listlock(struct spinlock *lk)
{
  uint i, n;

  if((char*)lk >= end)
    return;
  n = nlocks < NLOCK ? nlocks : NLOCK;
  for(i = 0; i < n; i++)
    if(locks[i] == lk)
      return;
  i = __sync_fetch_and_add(&nlocks, 1);
  if(i < NLOCK)
    locks[i] = lk;
}

// Set up a free lock; name says what it protects (lockstat() reports locks by
// it). May be called again on the same lock, which zeroes its counts.
void
initlock(struct spinlock *lk, char *name)
{
  lk->cpu = 0;
  lk->locked = 0;
  lk->name = name;
  lk->count.nacquire = lk->count.ncontend = lk->count.nspin = 0;
  listlock(lk);
}

// Count one acquire that spun spins times before it got the lock.
static void
countacquire(struct lockcount *c, uint spins)
{
  c->nacquire++;
  if(spins != 0){
    c->ncontend++;
    c->nspin += spins;
  }
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
  uint spins;

  pushcli();
  if(holding(lk))
    lockmisuse(lk, "acquire", "is already held by this cpu",
               "acquire: lock held twice");

  // xchg swaps atomically: whoever reads back 0 owns the lock.
  spins = 0;
  while(xchg(&lk->locked, 1) != 0)
    spins++;

  // Keep the compiler and the CPU from moving the critical section's loads and
  // stores above this point.
  __sync_synchronize();

  // Debugging aids: which CPU has it, and from where it was taken.
  getcallerpcs(&lk, lk->pcs);
  lk->cpu = mycpu();

  // Statistics, written under the lock itself (and this CPU's with interrupts
  // off), so plain increments suffice.
  countacquire(&lk->count, spins);
  countacquire(&tally[lk->cpu - cpus].count, spins);
}

// For lockstat(): entry i of the report (lockstat.h) into *ls: the sum over
// all CPUs for i == 0, the i'th listed lock after that. Returns 0, or -1 if
// there is no entry i. The counts are read without the locks, so each may be a
// few acquires out of date.
static int
lockreport(int i, struct lockstat *ls)
{
  struct lockcount *c;
  char *name;
  int n;

  n = nlocks < NLOCK ? nlocks : NLOCK;
  if(i < 0 || i > n)
    return -1;
  memset(ls, 0, sizeof(*ls));
  if(i == 0){
    safestrcpy(ls->name, "(all locks)", LOCKNAME);
    for(n = 0; n < ncpu; n++){
      c = &tally[n].count;
      ls->nacquire += c->nacquire;
      ls->ncontend += c->ncontend;
      ls->nspin += c->nspin;
    }
    return 0;
  }
  if(locks[i-1] == 0)   // a slot claimed a moment ago, not filled in yet
    return 0;
  name = locks[i-1]->name;
  safestrcpy(ls->name, name ? name : "?", LOCKNAME);
  c = &locks[i-1]->count;
  ls->nacquire = c->nacquire;
  ls->ncontend = c->ncontend;
  ls->nspin = c->nspin;
  return 0;
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

// lockstat(ls, n): copy up to n entries of the lock report (lockstat.h) to
// ls[0..n). Returns how many it copied, or -1 for a bad pointer or n < 0.
int
sys_lockstat(void)
{
  struct lockstat one;
  char *ls;
  int n, i;

  if(argint(1, &n) < 0 || n < 0 || n > NLOCK + 1)
    return -1;
  if(argptrw(0, &ls, n * sizeof(one)) < 0)
    return -1;
  for(i = 0; i < n && lockreport(i, &one) == 0; i++)
    memmove(ls + i * sizeof(one), &one, sizeof(one));
  return i;
}
