// trap.c: the interrupt descriptor table and trap(), where every interrupt, exception and
// system call arrives (via vectors.S and alltraps in trapasm.S).
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"
#include "traps.h"
#include "spinlock.h"

struct gatedesc idt[256];   // shared by all CPUs
extern uint vectors[];      // entry stubs' addresses: vectors.S, from tools/vectors.pl
struct spinlock tickslock;  // protects ticks
uint ticks;                 // timer interrupts since boot, counted on CPU 0 (100 per second)

// Fill the IDT. Every vector is an interrupt gate (interrupts off on entry) that only the
// kernel may raise with `int`, except T_SYSCALL: a trap gate with DPL 3, so user code can
// `int $64` and the kernel keeps taking interrupts during a long system call.
void
tvinit(void)
{
  int i;

  for(i = 0; i < 256; i++)
    setgate(&idt[i], 0, SEG_KCODE<<3, vectors[i], 0);
  setgate(&idt[T_SYSCALL], 1, SEG_KCODE<<3, vectors[T_SYSCALL], DPL_USER);
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
    [T_DIVIDE] "divide error",     [T_DEBUG] "debug",           [T_NMI] "NMI",
    [T_BRKPT] "breakpoint",        [T_OFLOW] "overflow",        [T_BOUND] "bound range",
    [T_ILLOP] "invalid opcode",    [T_DEVICE] "no FPU",         [T_DBLFLT] "double fault",
    [T_TSS] "invalid TSS",         [T_SEGNP] "segment not present",
    [T_STACK] "stack fault",       [T_GPFLT] "general protection fault",
    [T_PGFLT] "page fault",        [T_FPERR] "x87 error",       [T_ALIGN] "alignment check",
    [T_MCHK] "machine check",      [T_SIMDERR] "SIMD error",
  };

  if(trapno < NELEM(names) && names[trapno])
    return names[trapno];
  return "unexpected interrupt";
}

// Handle the trap described by tf (built by alltraps in trapasm.S, on the kernel stack):
// run the system call, service the device, or deal with the fault. A fault in user code
// kills only that process, with one line on the console; a fault in kernel code is a kernel
// bug and panics. On the way back to user mode a killed process exits here, and a process
// whose time slice ended yields.
void
trap(struct trapframe *tf)
{
  struct proc *p;

  if(tf->trapno == T_SYSCALL){
    p = myproc();
    if(p->killed)
      exit();
    p->tf = tf;
    syscall();
    if(p->killed)
      exit();
    return;
  }

  if(panicked){
    // Another CPU panicked: stop here so its message stays the last word.
    cli();
    for(;;)
      hlt();
  }

  switch(tf->trapno){
  case T_IRQ0 + IRQ_TIMER:
    if(cpuid() == 0){
      acquire(&tickslock);
      ticks++;
      wakeup(&ticks);
      release(&tickslock);
    }
    lapiceoi();
    break;
  case T_IRQ0 + IRQ_IDE:
    ideintr();
    lapiceoi();
    break;
  case T_IRQ0 + IRQ_IDE + 1:
    // Bochs-style spurious IDE interrupt: ignore.
    break;
  case T_IRQ0 + IRQ_KBD:
    kbdintr();
    lapiceoi();
    break;
  case T_IRQ0 + IRQ_COM1:
    uartintr();
    lapiceoi();
    break;
  case T_IRQ0 + 7:
  case T_IRQ0 + IRQ_SPURIOUS:
    // Spurious interrupts need no EOI beyond this acknowledgement.
    lapiceoi();
    break;

  default:
    p = myproc();
    if(p == 0 || (tf->cs & 3) == 0){
      // The kernel itself faulted: a kernel bug.
      cprintf("kernel trap %d (%s) err 0x%x on cpu %d eip 0x%08x addr 0x%08x\n",
              tf->trapno, trapname(tf->trapno), tf->err, cpuid(), tf->eip, rcr2());
      if(p)
        cprintf("  while running pid %d (%s)\n", p->pid, p->name);
      panic("trap: fault in kernel mode");
    }
    // A user program did something wrong: kill it, and say so on the console.
    cprintf("pid %d %s: trap %d (%s) err 0x%x on cpu %d eip 0x%08x addr 0x%08x -- killed\n",
            p->pid, p->name, tf->trapno, trapname(tf->trapno), tf->err, cpuid(), tf->eip,
            rcr2());
    p->killed = 1;
  }

  // A killed process exits when it is about to return to user mode. One killed while in
  // the kernel (asleep in a system call, say) gets here on its way out.
  p = myproc();
  if(p && p->killed && (tf->cs & 3) == DPL_USER)
    exit();

  // The timer interrupt ends a time slice.
  if(p && p->state == RUNNING && tf->trapno == T_IRQ0+IRQ_TIMER)
    yield();

  // It may have been killed while it was off the CPU.
  p = myproc();
  if(p && p->killed && (tf->cs & 3) == DPL_USER)
    exit();
}
