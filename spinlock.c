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

// Spin until the lock is ours. Interrupts stay off on this CPU until the matching release:
// an interrupt handler that wanted the same lock would otherwise spin forever.
// Acquiring a lock this CPU already holds is a kernel bug: panic.
void
acquire(struct spinlock *lk)
{
  pushcli();
  if(holding(lk))
    lockmisuse(lk, "acquire", "is already held by this cpu", "acquire: lock held twice");

  // xchg swaps atomically: whoever reads back 0 owns the lock.
  while(xchg(&lk->locked, 1) != 0)
    ;

  // Keep the compiler and the CPU from moving the critical section's loads and stores
  // above this point.
  __sync_synchronize();

  // Debugging aids: which CPU has it, and from where it was taken.
  getcallerpcs(&lk, lk->pcs);
  lk->cpu = mycpu();
}

// Release a lock this CPU holds; releasing one it does not hold is a kernel bug: panic.
void
release(struct spinlock *lk)
{
  if(holding(lk) == 0)
    lockmisuse(lk, "release", "is not held by this cpu", "release: lock not held");

  lk->cpu = 0;
  lk->pcs[0] = 0;

  // Everything stored in the critical section must be visible before the lock is free.
  __sync_synchronize();

  // A plain store could be split or reordered by the compiler; this asm cannot.
  asm volatile("movl $0, %0" : "+m" (lk->locked) : );

  popcli();
}

// ---- call chains -------------------------------------------------------------------------
// The kernel is compiled with frame pointers: each function's frame holds the caller's
// saved %ebp at fp[0] and the return address at fp[1]. Following saved %ebp values gives
// the call chain, but a saved %ebp is only a number: above the kernel's own frames it is
// whatever the user program left in %ebp, which may be any address at all. So a walk
// reads only inside one known kernel stack, and stops at the trap frame of a trap from
// user mode.

extern char entrystack[];   // the boot CPU's first stack (KSTACKSIZE bytes), from entry.S
extern char aftertrap[];    // return address of alltraps' `call trap`, from trapasm.S
extern char alltraps[], trapasmend[];   // the trap entry and exit code, trapasm.S
extern uint vectors[];      // the entry stubs (vectors.S, from tools/vectors.pl) ...
extern char vectorsend[];   // ... which end here

// This CPU's struct cpu, found without mycpu()'s checks (which panic): a walk may run
// inside panic. 0 if the local APIC id is not in cpus[].
static struct cpu*
thiscpu(void)
{
  int id, i;

  if(ncpu == 0)
    return &cpus[0];    // early boot: only the boot CPU runs
  id = lapicid();
  for(i = 0; i < ncpu; i++)
    if(cpus[i].apicid == id)
      return &cpus[i];
  return 0;
}

// Find the stack of this CPU that holds address a: the kernel stack of the process it
// runs, or the CPU's own stack (boot or scheduler). Sets [*lo, *hi) to its bounds and
// returns 1, or returns 0 if a is on neither. Interrupts must be off.
int
kstackbounds(uint a, uint *lo, uint *hi)
{
  struct cpu *c;
  char *base;

  c = thiscpu();
  if(c == 0)
    return 0;
  if(c->proc != 0 && c->proc->kstack != 0){
    base = c->proc->kstack;
    if(a >= (uint)base && a < (uint)base + KSTACKSIZE){
      *lo = (uint)base;
      *hi = (uint)base + KSTACKSIZE;
      return 1;
    }
  }
  base = c->stack ? c->stack : entrystack;
  if(a >= (uint)base && a < (uint)base + KSTACKSIZE){
    *lo = (uint)base;
    *hi = (uint)base + KSTACKSIZE;
    return 1;
  }
  return 0;
}

// Is eip in the code that enters or leaves the kernel (vector stubs, alltraps, trapret),
// where %ebp does not belong to the kernel?
static int
inentrycode(uint eip)
{
  return (eip >= vectors[0] && eip < (uint)vectorsend) ||
         (eip >= (uint)alltraps && eip < (uint)trapasmend);
}

// walkstack: record in pcs[0..max) the return addresses of the chain whose innermost
// frame is at fp, on the stack [lo, hi); zero the unused entries; return how many were
// found. Every word it reads lies inside [lo, hi); each next frame must be higher than the
// last (so the walk ends); and after trap()'s frame it goes on only if the trap came from
// kernel mode: a user trap frame ends the chain, so a user's %ebp is never followed.
int
walkstack(uint fp, uint lo, uint hi, uint pcs[], int max)
{
  struct trapframe *tf;
  uint *frame;
  int n;

  n = 0;
  // (Compare fp with hi - 8, not hi - fp with 8: for fp above hi, hi - fp would wrap round
  // to a huge unsigned number and let the walk read anywhere.)
  while(n < max && fp >= lo && fp <= hi - 8 && fp % 4 == 0){
    frame = (uint*)fp;
    pcs[n++] = frame[1];
    if(frame[1] == (uint)aftertrap){
      // alltraps built a trap frame just above trap()'s frame (after the pushed tf).
      // Its saved %ebp is the interrupted code's: the user's after a trap from user
      // mode, and possibly still the user's in a trap that interrupted the entry stubs
      // or alltraps/trapret themselves (the system-call gate leaves interrupts on).
      tf = (struct trapframe*)(fp + 12);
      if((uint)tf > hi - sizeof(*tf) || (tf->cs & 3) != 0 || inentrycode(tf->eip))
        break;
    }
    if(frame[0] <= fp)
      break;
    fp = frame[0];
  }
  memset(pcs + n, 0, (max - n) * sizeof(pcs[0]));
  return n;
}

// getcallerpcs: the NCALLERPCS innermost return addresses of the chain that called the
// function whose first argument is at v (so getcallerpcs(&arg, pcs) inside f starts at
// f's own frame). Only this CPU's current kernel stack is read; unused entries are 0.
void
getcallerpcs(void *v, uint pcs[])
{
  uint fp, lo, hi;

  fp = (uint)v - 8;
  if(kstackbounds(fp, &lo, &hi))
    walkstack(fp, lo, hi, pcs, NCALLERPCS);
  else
    memset(pcs, 0, NCALLERPCS * sizeof(pcs[0]));
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

// pushcli/popcli are cli/sti that nest: interrupts come back on only at the outermost
// popcli, and only if they were on at the outermost pushcli.
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
