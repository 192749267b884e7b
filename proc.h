// proc.h: per-CPU state, saved kernel registers, and the process structure.
#ifndef XV6_PROC_H
#define XV6_PROC_H

// One per processor.
struct cpu {
  uchar apicid;                // this CPU's local APIC id
  struct context *scheduler;   // swtch() here to enter the scheduler loop
  // tells the CPU which stack to use on a trap from user mode
  struct taskstate ts;
  struct segdesc gdt[NSEGS];   // this CPU's GDT
  volatile uint started;       // set once the CPU is running mpmain
  int ncli;                    // depth of pushcli nesting
  // were interrupts on before the outermost pushcli?
  int intena;
  struct proc *proc;           // the process running here, or 0
  // this CPU's own KSTACKSIZE-byte stack (boot or scheduler)
  char *stack;
};

extern struct cpu cpus[NCPU];
extern int ncpu;

// The registers swtch() saves for a kernel thread that gives up the CPU. The
// caller-saved ones (eax, ecx, edx) are saved by the C calling convention;
// segment registers are the same in every kernel thread; esp is the address of
// the context itself; eip is pushed by the call. Layout must match swtch.S.
struct context {
  uint edi;
  uint esi;
  uint ebx;
  uint ebp;
  uint eip;
};

// A process's x87/MMX/SSE registers, as fxsave stores them (fpu.c).
struct fpustate {
  uchar bytes[512];
} __attribute__((aligned(16)));

enum procstate { UNUSED, EMBRYO, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

// Per-process state. ptable.lock (proc.c) protects state, chan, killed, parent
// and pid; the rest belongs to the process itself (or to its parent while it is
// an embryo or zombie).
struct proc {
  // bytes of user memory (page 0 counts but is never mapped)
  uint sz;
  // end of the image exec built: sbrk cannot shrink below it
  uint heapbase;
  pde_t* pgdir;                // page directory
  char *kstack;                // bottom of this process's kernel stack
  enum procstate state;
  int pid;
  struct proc *parent;
  // the trap frame of the current system call or interrupt
  struct trapframe *tf;
  struct context *context;     // swtch() here to run the process
  void *chan;                  // when SLEEPING: what it waits for
  // set by kill(); the process exits at its next trap boundary
  int killed;
  struct file *ofile[NOFILE];  // open files
  struct inode *cwd;           // current directory
  char name[16];               // for procdump and fault messages
  // its FPU/SSE registers while it is not running (fpu.c)
  struct fpustate fpu;
};
#endif
