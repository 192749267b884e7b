// fpu.c: the x87/MMX/SSE registers belong to the process that is running. The
// kernel is compiled not to touch them (-mgeneral-regs-only), so a process's
// values stay in the registers while it runs, even in the kernel; the scheduler
// saves them when it stops running and loads them when it runs again
// (fpusave/fpurestore).
#include "types.h"
#include "defs.h"
#include "param.h"
#include "mmu.h"
#include "x86.h"
#include "proc.h"

// The state a fresh program starts with (as after fninit: all exceptions
// masked, round to nearest, empty register stack), saved once by fpuinit.
static struct fpustate fpuclean;

// fxsave/fxrstor move the whole state (512 bytes, 16-byte aligned) to and from
// memory.
static inline void
fxsave(struct fpustate *s)
{
  asm volatile("fxsave %0" : "=m" (*s));
}

static inline void
fxrstor(struct fpustate *s)
{
  asm volatile("fxrstor %0" : : "m" (*s));
}

// fpuinit: on this CPU, let user code use the FPU and SSE, with the state kept
// by fxsave/fxrstor, and errors reported as exceptions. Every CPU calls it
// once.
void
fpuinit(void)
{
  uint cr0;

  cr0 = rcr0();
  cr0 &= ~CR0_EM;
  cr0 |= CR0_MP | CR0_NE;
  lcr0(cr0);
  lcr4(rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
  asm volatile("fninit");
  fxsave(&fpuclean);
}

// Save this CPU's registers into p: p has just stopped running here, or (fork)
// p is a new child that starts with the running parent's values.
void
fpusave(struct proc *p)
{
  fxsave(&p->fpu);
}

// Load p's saved registers (it is about to run on this CPU).
void
fpurestore(struct proc *p)
{
  fxrstor(&p->fpu);
}

// Give p the state of a fresh program (a new process slot).
void
fpureset(struct proc *p)
{
  memmove(&p->fpu, &fpuclean, sizeof(fpuclean));
}

// The running process starts over with a fresh state (exec).
void
fpuresetcurrent(void)
{
  fxrstor(&fpuclean);
}
