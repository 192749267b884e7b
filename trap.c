// trap.c: the interrupt descriptor table and trap(), where every interrupt,
// exception and system call arrives (via vectors.S and alltraps in trapasm.S).
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"
#include "traps.h"
#include "spinlock.h"

uint ticks;                 // timer interrupts since boot, on CPU 0 (100/s)
struct spinlock tickslock;  // protects ticks

extern uint vectors[];      // the entry stubs (vectors.S, tools/vectors.pl)
struct gatedesc idt[256];   // shared by all CPUs

// Fill the IDT. Every vector is an interrupt gate (interrupts off on entry)
// that only the kernel may raise with `int`, except T_SYSCALL: a trap gate with
// DPL 3, so user code can `int $64` and the kernel keeps taking interrupts
// during a long system call.
void
tvinit(void)
{
  uint v;
  int sys;

  for(v = 0; v < NELEM(idt); v++){
    sys = (v == T_SYSCALL);
    setgate(&idt[v], sys, SEG_KCODE<<3, vectors[v], sys ? DPL_USER : 0);
  }
  initlock(&tickslock, "time");
}

// Load the IDT on this CPU.
void
idtinit(void)
{
  lidt(idt, sizeof(idt));
}

// A readable name for an exception number.
static char*
trapname(uint trapno)
{
  static char *names[] = {
    [T_DIVIDE] "divide error",     [T_DEBUG] "debug",
    [T_NMI] "NMI",                 [T_BRKPT] "breakpoint",
    [T_OFLOW] "overflow",          [T_BOUND] "bound range",
    [T_ILLOP] "invalid opcode",    [T_DEVICE] "no FPU",
    [T_DBLFLT] "double fault",     [T_TSS] "invalid TSS",
    [T_SEGNP] "segment not present",
    [T_STACK] "stack fault",       [T_GPFLT] "general protection fault",
    [T_PGFLT] "page fault",        [T_FPERR] "x87 error",
    [T_ALIGN] "alignment check",   [T_MCHK] "machine check",
    [T_SIMDERR] "SIMD error",
  };

  if(trapno < NELEM(names) && names[trapno])
    return names[trapno];
  return "unexpected interrupt";
}

// One timer tick. Only CPU 0 counts, so ticks advances 100 times a second
// however many CPUs there are; sleepers in sys_sleep wait on &ticks.
static void
clocktick(void)
{
  if(cpuid() != 0)
    return;
  acquire(&tickslock);
  ticks += 1;
  wakeup(&ticks);
  release(&tickslock);
}

// Service the hardware interrupt with vector trapno and acknowledge it at the
// local APIC. Returns 1 if it was a device interrupt, 0 if trapno is something
// else.
static int
devintr(uint trapno)
{
  uint irq;

  if(trapno < T_IRQ0)
    return 0;
  irq = trapno - T_IRQ0;
  if(irq == IRQ_IDE + 1)
    return 1;                 // Bochs-style spurious IDE interrupt: no EOI
  if(irq == IRQ_TIMER)
    clocktick();
  else if(irq == IRQ_IDE)
    ideintr();
  else if(irq == IRQ_KBD)
    kbdintr();
  else if(irq == IRQ_COM1)
    uartintr();
  else if(irq == e1000irq)
    e1000_intr();
  else if(irq != 7 && irq != IRQ_SPURIOUS)
    return 0;
  // Spurious interrupts (IRQ 7, IRQ_SPURIOUS) need no EOI beyond this
  // acknowledgement.
  lapiceoi();
  return 1;
}

// Print what is true of trap tf, after a prefix the caller has printed: the
// trap's name, the CPU, and the instruction. Only a page fault has a faulting
// address (CR2), and only some exceptions push an error code; each of those is
// shown just where it exists.
static void
trapdetail(struct trapframe *tf)
{
  uint err;

  cprintf("trap %d (%s) on cpu %d eip 0x%08x", tf->trapno, trapname(tf->trapno),
          lapicid(), tf->eip);
  err = tf->err;
  switch(tf->trapno){
  case T_PGFLT:
    // Error code bits: 0 the page was present (a protection fault), 1 a write,
    // 2 from user mode.
    cprintf(" addr 0x%08x (%s %s page)", rcr2(),
            (err & 2) ? "write to a" : "read of a",
            (err & 1) ? "protected" : "not-present");
    break;
  case T_GPFLT:
  case T_SEGNP:
  case T_STACK:
  case T_TSS:
    // A selector error code: nonzero names the segment selector or IDT entry at
    // fault.
    if(err != 0)
      cprintf(" selector 0x%x", err);
    break;
  }
}

// An exception, or a vector nobody expects. In user code it kills only the
// process, with one line on the console. In kernel code it is a kernel bug:
// report it with the call chain and panic. That path takes no lock (see
// panicstart): the fault may have happened inside cprintf with this CPU holding
// the console lock, or inside panic itself.
static void
fault(struct trapframe *tf)
{
  struct proc *p;

  p = myproc();
  if(p != 0 && (tf->cs & 3) != 0){
    // A user program did something wrong: kill it, and say so on the console.
    cprintf("pid %d %s: ", p->pid, p->name);
    trapdetail(tf);
    cprintf(" -- killed\n");
    p->killed = 1;
    return;
  }
  // The kernel itself faulted: a kernel bug.
  panicstart();
  cprintf("kernel ");
  trapdetail(tf);
  cprintf("\n");
  if(p != 0)
    cprintf("  while running pid %d (%s)\n", p->pid, p->name);
  // The chain starts at the faulting instruction, then the frames of its
  // callers.
  panicfinish("trap: fault in kernel mode", tf->eip, tf->ebp);
}

// A killed process exits when it is about to return to user mode. One killed
// while in the kernel (asleep in a system call, say) gets here on its way out.
static void
exitifkilled(struct trapframe *tf)
{
  struct proc *p;

  p = myproc();
  if(p != 0 && p->killed && (tf->cs & 3) == DPL_USER)
    exit();
}

// Handle the trap described by tf (built by alltraps in trapasm.S, on the
// kernel stack): run the system call, service the device, or deal with the
// fault (see fault). On the way back to user mode a killed process exits here,
// and a process whose time slice ended yields.
void
trap(struct trapframe *tf)
{
  struct proc *p;

  if(tf->trapno == T_SYSCALL){
    // A process killed before or during the call exits instead of returning to
    // user mode.
    p = myproc();
    if(!p->killed){
      p->tf = tf;
      syscall();
    }
    if(p->killed)
      exit();
    return;
  }

  if(panicked){
    // Another CPU panicked: stop here so its message stays the last word.
    halt();
  }

  if(!devintr(tf->trapno))
    fault(tf);

  exitifkilled(tf);

  // The timer interrupt ends a time slice.
  p = myproc();
  if(p != 0 && tf->trapno == T_IRQ0 + IRQ_TIMER && p->state == RUNNING)
    yield();

  // It may have been killed while it was off the CPU.
  exitifkilled(tf);
}
