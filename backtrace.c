// backtrace.c: call chains, for lock debugging (getcallerpcs), panic reports
// and Ctrl-P.
//
// The kernel is compiled with frame pointers: each function's frame holds the
// caller's saved %ebp at fp[0] and the return address at fp[1]. Following saved
// %ebp values gives the call chain, but a saved %ebp is only a number: above
// the kernel's own frames it is whatever the user program left in %ebp, which
// may be any address at all. So a walk reads only inside one known kernel
// stack, and stops at the trap frame of a trap from user mode.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"

// From entry.S, trapasm.S and vectors.S (made by tools/vectors.pl):
extern char entrystack[];   // the boot CPU's first stack (KSTACKSIZE bytes)
extern char aftertrap[];    // return address of alltraps' `call trap`
extern char alltraps[], trapasmend[];   // the trap entry and exit code
extern uint vectors[];      // the entry stubs ...
extern char vectorsend[];   // ... which end here

// Is address a on the KSTACKSIZE-byte stack that starts at base? If so, sets
// [*lo, *hi) to the stack's bounds and returns 1; otherwise returns 0.
static int
onstack(uint a, char *base, uint *lo, uint *hi)
{
  if(a < (uint)base || a - (uint)base >= KSTACKSIZE)
    return 0;
  *lo = (uint)base;
  *hi = (uint)base + KSTACKSIZE;
  return 1;
}

// Find the stack of this CPU that holds address a: the kernel stack of the
// process it runs, or the CPU's own stack (boot or scheduler). Sets [*lo, *hi)
// to its bounds and returns 1, or returns 0 if a is on neither. Caller has
// interrupts off.
int
kstackbounds(uint a, uint *lo, uint *hi)
{
  struct cpu *c;

  // thiscpu, not mycpu: a walk may run inside panic, and mycpu's checks panic.
  c = thiscpu();
  if(c == 0)
    return 0;
  if(c->proc != 0 && c->proc->kstack != 0 &&
     onstack(a, c->proc->kstack, lo, hi))
    return 1;
  return onstack(a, c->stack ? c->stack : entrystack, lo, hi);
}

// Is eip in the code that enters or leaves the kernel (vector stubs, alltraps,
// trapret), where %ebp does not belong to the kernel?
static int
inentrycode(uint eip)
{
  return (eip >= vectors[0] && eip < (uint)vectorsend) ||
         (eip >= (uint)alltraps && eip < (uint)trapasmend);
}

// Record in pcs[0..max) the return addresses of the chain whose innermost frame
// is at fp, on the stack [lo, hi); zero the unused entries; return how many
// were found. Every word it reads lies inside [lo, hi); each next frame must be
// higher than the last (so the walk ends); and after trap()'s frame it goes on
// only if the trap came from kernel mode: a user trap frame ends the chain, so
// a user's %ebp is never followed.
int
walkstack(uint fp, uint lo, uint hi, uint pcs[], int max)
{
  struct trapframe *tf;
  uint *frame;
  int n;

  n = 0;
  // (Compare fp with hi - 8, not hi - fp with 8: for fp above hi, hi - fp would
  // wrap round to a huge unsigned number and let the walk read anywhere.)
  while(n < max && fp >= lo && fp <= hi - 8 && fp % 4 == 0){
    frame = (uint*)fp;
    pcs[n++] = frame[1];
    if(frame[1] == (uint)aftertrap){
      // alltraps built a trap frame just above trap()'s frame (after the pushed
      // tf). Its saved %ebp is the interrupted code's: the user's after a trap
      // from user mode, and possibly still the user's in a trap that
      // interrupted the entry stubs or alltraps/trapret themselves (the
      // system-call gate leaves interrupts on).
      tf = (struct trapframe*)(fp + 12);
      if((uint)tf > hi - sizeof(*tf) || (tf->cs & 3) != 0 ||
         inentrycode(tf->eip))
        break;
    }
    if(frame[0] <= fp)
      break;
    fp = frame[0];
  }
  memset(pcs + n, 0, (max - n) * sizeof(pcs[0]));
  return n;
}

// The NCALLERPCS innermost return addresses of the chain that called the
// function whose first argument is at v (so getcallerpcs(&arg, pcs) inside f
// starts at f's own frame). Only this CPU's current kernel stack is read;
// unused entries are 0.
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
