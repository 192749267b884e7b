// panic.c: stopping the machine when the kernel finds itself broken. panic()
// reports a broken invariant; trap.c reports a fault in kernel mode through
// panicstart and panicfinish. Either way one CPU prints one report, with the
// call chain that led there, and every CPU stops.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "x86.h"
#include "spinlock.h"

// Set once a panic report is complete; every other CPU then stops (trap,
// scheduler).
volatile int panicked = 0;

// Which CPU is panicking: its local APIC id + 1, or 0 while nobody is. The
// first CPU to claim it owns the report; any other CPU that tries to print
// after that stops instead.
static volatile uint panicking;

// Is another CPU's panic report in progress? Then this CPU must not print.
int
otherpanicking(void)
{
  return panicking != 0 && panicking != lapicid() + 1;
}

// Report a broken kernel invariant, with the call chain that led here, and stop
// the machine (see panicfinish for what it prints).
void
panic(char *s)
{
  panicstart();
  // Start at panic's own frame: its first return address is in panic's caller.
  panicfinish(s, 0, (uint)&s - 8);
}

// Claim the console for a panic report, with interrupts off. From here on
// cprintf prints without cons.lock, which this CPU may hold already (a fault
// inside cprintf) or which another CPU may never release. A CPU that calls it
// again (a fault while printing its own report) prints one fixed line saying so
// and halts; a CPU that calls it after another CPU has claimed the panic halts
// silently. No recursion either way.
void
panicstart(void)
{
  static int nested;   // set once this CPU faulted inside its own report
  uint me;
  char *s;

  cli();
  me = lapicid() + 1;
  if(panicking == me){
    // A fault while printing the report: say so once, with no formatting, and
    // stop.
    if(!nested){
      nested = 1;
      for(s = "\npanic: fault while panicking; halted\n"; *s; s++)
        consputc(*s);
    }
    halt();
  }
  if(__sync_val_compare_and_swap(&panicking, 0, me) != 0)
    halt();          // another CPU got there first and is printing its report
  consolepanic();
}

// End a report begun by panicstart with the lines
//   panic: <why>
//   cpu <local APIC id>
//   stack: <address> <address> ...
// where the stack is eip (if not 0) and then the return addresses of the chain
// whose innermost frame is at ebp, innermost first (see walkstack: only this
// CPU's kernel stack is read). In kernel.asm the call that made a frame is just
// above each return address; for addr2line -e kernel give the address minus 1.
// Then it stops every CPU: the others halt the next time they print or take an
// interrupt (panicked).
void
panicfinish(char *why, uint eip, uint ebp)
{
  uint pcs[NCALLERPCS], lo, hi;
  int i, n;

  cprintf("panic: %s\n", why);
  cprintf("cpu %d\n", lapicid());
  cprintf("stack:");
  if(eip != 0)
    cprintf(" %x", eip);
  n = 0;
  if(kstackbounds(ebp, &lo, &hi))
    n = walkstack(ebp, lo, hi, pcs, NELEM(pcs));
  // main, entered by a jump from entry.S, has no real return address above it.
  for(i = 0; i < n && pcs[i] >= KERNLINK; i++)
    cprintf(" %x", pcs[i]);
  cprintf("\n");

  panicked = 1;
  halt();
}
