// proc.c: processes. The process table, creating the first process, fork, exit, wait,
// kill, the per-CPU scheduler, and sleep/wakeup.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "x86.h"
#include "proc.h"
#include "spinlock.h"

// ptable.lock protects every proc's state, chan, killed, parent and pid, and the choice of
// a slot in allocproc. It is also held across swtch into and out of the scheduler.
static struct {
  struct spinlock lock;
  struct proc proc[NPROC];
} ptable;

static struct proc *initproc;
static int nextpid = 1;

extern void forkret(void);
extern void trapret(void);    // trapasm.S
static void wakeup1(void *chan);

void
pinit(void)
{
  initlock(&ptable.lock, "ptable");
}

// This CPU's struct cpu. Interrupts must be off: otherwise the caller could be moved to
// another CPU between reading the APIC id and using the result.
struct cpu*
mycpu(void)
{
  int apicid, i;

  if(readeflags() & FL_IF)
    panic("mycpu: called with interrupts enabled");
  if(ncpu == 0)
    return &cpus[0];   // early boot: mpinit has not run, only the boot CPU exists
  apicid = lapicid();
  for(i = 0; i < ncpu; i++){
    if(cpus[i].apicid == apicid)
      return &cpus[i];
  }
  panic("mycpu: unknown APIC id");
}

// Index of this CPU in cpus[]. Interrupts must be off.
int
cpuid(void)
{
  return mycpu() - cpus;
}

// The process running on this CPU, or 0 in the scheduler.
struct proc*
myproc(void)
{
  struct proc *p;

  pushcli();
  p = mycpu()->proc;
  popcli();
  return p;
}

// Find an UNUSED slot, give it a pid and a kernel stack laid out so that the first swtch to
// it runs forkret and then returns to user space through trapret. Returns the proc in
// state EMBRYO, or 0 if the table is full or memory ran out.
static struct proc*
allocproc(void)
{
  struct proc *p;
  char *sp;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++)
    if(p->state == UNUSED)
      goto found;
  release(&ptable.lock);
  return 0;

found:
  p->state = EMBRYO;
  p->pid = nextpid++;
  release(&ptable.lock);

  if((p->kstack = kalloc()) == 0){
    p->state = UNUSED;
    return 0;
  }
  sp = p->kstack + KSTACKSIZE;

  // The kernel stack, from the top down:
  //   trapframe           what trapret pops to enter user mode
  //   address of trapret  where forkret "returns"
  //   context             what swtch pops; its eip is forkret
  sp -= sizeof *p->tf;
  p->tf = (struct trapframe*)sp;

  sp -= 4;
  *(uint*)sp = (uint)trapret;

  sp -= sizeof *p->context;
  p->context = (struct context*)sp;
  memset(p->context, 0, sizeof *p->context);
  p->context->eip = (uint)forkret;

  return p;
}

// Create the first process: one page of user memory at PGSIZE holding initcode, which
// execs /init. Panics on failure: the system has nothing to run without it.
void
userinit(void)
{
  struct proc *p;
  extern char _binary_initcode_start[], _binary_initcode_size[];  // linked in by the Makefile

  p = allocproc();
  if(p == 0)
    panic("userinit: no process slot");
  initproc = p;
  if((p->pgdir = setupkvm()) == 0)
    panic("userinit: out of memory");
  inituvm(p->pgdir, _binary_initcode_start, (uint)_binary_initcode_size);
  p->sz = 2*PGSIZE;   // page 0 (unmapped) and the initcode page
  p->heapbase = p->sz;
  memset(p->tf, 0, sizeof(*p->tf));
  p->tf->cs = (SEG_UCODE << 3) | DPL_USER;
  p->tf->ds = (SEG_UDATA << 3) | DPL_USER;
  p->tf->es = p->tf->ds;
  p->tf->ss = p->tf->ds;
  p->tf->eflags = FL_IF;
  p->tf->esp = 2*PGSIZE;   // the stack grows down from the top of the initcode page
  p->tf->eip = PGSIZE;     // initcode is linked at PGSIZE

  safestrcpy(p->name, "initcode", sizeof(p->name));
  p->cwd = namei("/");

  acquire(&ptable.lock);
  p->state = RUNNABLE;
  release(&ptable.lock);
}

// Grow (n > 0) or shrink (n < 0) the current process's memory by n bytes.
// Returns 0, or -1 if memory ran out, the result would pass KERNBASE or wrap, or it would
// shrink below heapbase (into the program's own stack or text). Nothing changes on failure.
int
growproc(int n)
{
  uint sz, newsz;
  struct proc *curproc = myproc();

  sz = curproc->sz;
  newsz = sz + n;
  if(n > 0){
    if(newsz < sz || newsz > KERNBASE)
      return -1;
    if((newsz = allocuvm(curproc->pgdir, sz, newsz, PTE_W)) == 0)
      return -1;
  } else if(n < 0){
    if(newsz > sz || newsz < curproc->heapbase)
      return -1;
    newsz = deallocuvm(curproc->pgdir, sz, newsz);
  }
  curproc->sz = newsz;
  switchuvm(curproc);   // reload CR3: flushes TLB entries for pages just unmapped
  return 0;
}

// Create a child that is a copy of the calling process, returning in both: the child's pid
// in the parent, 0 in the child. Returns -1, having freed everything, if there is no free
// process slot or not enough memory.
int
fork(void)
{
  int i, pid;
  struct proc *np;
  struct proc *curproc = myproc();

  if((np = allocproc()) == 0)
    return -1;

  if((np->pgdir = copyuvm(curproc->pgdir, curproc->sz)) == 0){
    kfree(np->kstack);
    np->kstack = 0;
    acquire(&ptable.lock);
    np->state = UNUSED;
    release(&ptable.lock);
    return -1;
  }
  np->sz = curproc->sz;
  np->heapbase = curproc->heapbase;
  np->parent = curproc;
  *np->tf = *curproc->tf;
  np->tf->eax = 0;   // fork returns 0 in the child

  for(i = 0; i < NOFILE; i++)
    if(curproc->ofile[i])
      np->ofile[i] = filedup(curproc->ofile[i]);
  np->cwd = idup(curproc->cwd);
  safestrcpy(np->name, curproc->name, sizeof(curproc->name));

  pid = np->pid;
  acquire(&ptable.lock);
  np->state = RUNNABLE;
  release(&ptable.lock);
  return pid;
}

// End the calling process. Its files are closed now; its memory and kernel stack are
// freed by the parent's wait. Children go to init. Does not return.
void
exit(void)
{
  struct proc *curproc = myproc();
  struct proc *p;
  int fd;

  if(curproc == initproc)
    panic("exit: init exited");

  for(fd = 0; fd < NOFILE; fd++){
    if(curproc->ofile[fd]){
      fileclose(curproc->ofile[fd]);
      curproc->ofile[fd] = 0;
    }
  }

  begin_op();
  iput(curproc->cwd);
  end_op();
  curproc->cwd = 0;

  acquire(&ptable.lock);

  // The parent may be sleeping in wait().
  wakeup1(curproc->parent);

  // Give the children to init; if one is already a zombie, init must hear of it.
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->parent == curproc){
      p->parent = initproc;
      if(p->state == ZOMBIE)
        wakeup1(initproc);
    }
  }

  curproc->state = ZOMBIE;
  sched();
  panic("exit: a zombie was scheduled");
}

// Wait for a child to exit and free it. Returns its pid, or -1 if the caller has no
// children or has been killed.
int
wait(void)
{
  struct proc *p;
  int havekids, pid;
  struct proc *curproc = myproc();

  acquire(&ptable.lock);
  for(;;){
    havekids = 0;
    for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
      if(p->parent != curproc)
        continue;
      havekids = 1;
      if(p->state == ZOMBIE){
        pid = p->pid;
        kfree(p->kstack);
        p->kstack = 0;
        freevm(p->pgdir);
        p->pgdir = 0;
        p->sz = 0;
        p->pid = 0;
        p->parent = 0;
        p->name[0] = 0;
        p->killed = 0;
        p->state = UNUSED;
        release(&ptable.lock);
        return pid;
      }
    }
    if(!havekids || curproc->killed){
      release(&ptable.lock);
      return -1;
    }
    sleep(curproc, &ptable.lock);   // exit() wakes us
  }
}

// Each CPU runs this loop after setting itself up, forever: pick a RUNNABLE process
// (round robin over the table), switch to its address space and registers, and come
// back here when it gives up the CPU through sched().
void
scheduler(void)
{
  struct proc *p;
  struct cpu *c = mycpu();
  int ran;

  c->proc = 0;
  for(;;){
    // Let interrupts in between passes, so a CPU with nothing to run still sees devices
    // (and, if no process is RUNNABLE, does not hold ptable.lock forever).
    sti();

    ran = 0;
    acquire(&ptable.lock);
    for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
      if(p->state != RUNNABLE)
        continue;
      ran = 1;
      c->proc = p;
      switchuvm(p);
      p->state = RUNNING;
      swtch(&c->scheduler, p->context);
      switchkvm();
      // The process changed its state before coming back.
      c->proc = 0;
    }
    release(&ptable.lock);

    if(panicked){
      cli();
      for(;;)
        hlt();
    }
    // Nothing to run: sleep until the next interrupt (at worst the next timer tick) instead
    // of spinning, so that idle emulated CPUs leave the host's cores to the busy ones.
    if(!ran)
      hlt();
  }
}

// Switch from the current process to this CPU's scheduler. The caller must hold
// ptable.lock (and nothing else) and must already have changed p->state.
// intena belongs to this kernel thread, not to the CPU, so save and restore it here.
void
sched(void)
{
  int intena;
  struct proc *p = myproc();

  if(!holding(&ptable.lock))
    panic("sched: ptable.lock not held");
  if(mycpu()->ncli != 1)
    panic("sched: holding locks besides ptable.lock");
  if(p->state == RUNNING)
    panic("sched: process is still RUNNING");
  if(readeflags() & FL_IF)
    panic("sched: interrupts enabled");
  intena = mycpu()->intena;
  swtch(&p->context, mycpu()->scheduler);
  mycpu()->intena = intena;
}

// Give up the CPU for one scheduling round (the timer interrupt calls this).
void
yield(void)
{
  acquire(&ptable.lock);
  myproc()->state = RUNNABLE;
  sched();
  release(&ptable.lock);
}

// A new process's first kernel code: swtch "returns" here from the scheduler, still
// holding ptable.lock. It then returns to trapret (see allocproc).
void
forkret(void)
{
  static int first = 1;

  release(&ptable.lock);

  if(first){
    // The file system's start-up (log recovery) sleeps, so it must run in a process
    // context, not in main.
    first = 0;
    iinit(ROOTDEV);
    initlog(ROOTDEV);
  }
}

// Atomically release lk and sleep on chan; reacquire lk when woken. The caller must hold
// lk. Holding ptable.lock from before lk is released until the process is asleep means
// a wakeup(chan) between the two cannot be missed.
void
sleep(void *chan, struct spinlock *lk)
{
  struct proc *p = myproc();

  if(p == 0)
    panic("sleep: no process");
  if(lk == 0)
    panic("sleep: no lock");

  if(lk != &ptable.lock){
    acquire(&ptable.lock);
    release(lk);
  }
  p->chan = chan;
  p->state = SLEEPING;

  sched();

  p->chan = 0;
  if(lk != &ptable.lock){
    release(&ptable.lock);
    acquire(lk);
  }
}

// Make every process sleeping on chan RUNNABLE. ptable.lock must be held.
static void
wakeup1(void *chan)
{
  struct proc *p;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++)
    if(p->state == SLEEPING && p->chan == chan)
      p->state = RUNNABLE;
}

// Wake every process sleeping on chan.
void
wakeup(void *chan)
{
  acquire(&ptable.lock);
  wakeup1(chan);
  release(&ptable.lock);
}

// Mark process pid killed; it exits the next time it crosses the user/kernel boundary.
// A sleeping process is woken so that it notices. Returns 0, or -1 if there is no such
// process or it is init, which must outlive every other process.
int
kill(int pid)
{
  struct proc *p;

  if(initproc && pid == initproc->pid)
    return -1;
  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->pid == pid && p->state != UNUSED){
      p->killed = 1;
      if(p->state == SLEEPING)
        p->state = RUNNABLE;
      release(&ptable.lock);
      return 0;
    }
  }
  release(&ptable.lock);
  return -1;
}

// Print the process table (Ctrl-P on the console). Takes no lock on purpose: it must
// work even when the machine is wedged holding one.
void
procdump(void)
{
  static char *states[] = {
    [UNUSED]   "unused",
    [EMBRYO]   "embryo",
    [SLEEPING] "sleep ",
    [RUNNABLE] "runble",
    [RUNNING]  "run   ",
    [ZOMBIE]   "zombie"
  };
  struct proc *p;
  char *state;
  uint pc[10];
  int i;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == UNUSED)
      continue;
    if(p->state >= 0 && p->state < NELEM(states) && states[p->state])
      state = states[p->state];
    else
      state = "???";
    cprintf("%d %s %s sz %d", p->pid, state, p->name, p->sz);
    if(p->state == SLEEPING){
      // The sleeper's saved ebp is the frame of sched; walk from there.
      getcallerpcs((uint*)p->context->ebp+2, pc);
      for(i = 0; i < 10 && pc[i] != 0; i++)
        cprintf(" %p", pc[i]);
    }
    cprintf("\n");
  }
}
