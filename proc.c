// proc.c: processes. The process table, creating the first process, fork, exit,
// wait, kill, the per-CPU scheduler, and sleep/wakeup.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "x86.h"
#include "proc.h"
#include "spinlock.h"

// ptable.lock protects every proc's state, chan, killed, parent and pid, and
// the choice of a slot in allocproc. It is also held across swtch into and out
// of the scheduler.
static struct {
  struct spinlock lock;
  struct proc proc[NPROC];
} ptable;

static struct proc *initproc;   // pid 1: adopts orphans, must never exit
static int nextpid = 1;         // the next new process's pid; ptable.lock

extern void forkret(void);
extern void trapret(void);      // trapasm.S
static void wakeup1(void *chan);

void
pinit(void)
{
  initlock(&ptable.lock, "ptable");
}

// This CPU's entry in cpus[], or 0 if its local APIC id is not there. It checks
// nothing and never panics, so a stack walk inside panic can use it; other
// callers want mycpu.
struct cpu*
thiscpu(void)
{
  int id, n;

  if(ncpu == 0)
    return &cpus[0];   // early boot, before mpinit: only the boot CPU runs
  id = lapicid();
  for(n = 0; n < ncpu; n++)
    if(cpus[n].apicid == id)
      return cpus + n;
  return 0;
}

// This CPU's struct cpu. Caller has interrupts off: otherwise it could be moved
// to another CPU between reading the APIC id and using the result.
struct cpu*
mycpu(void)
{
  struct cpu *c;

  if(readeflags() & FL_IF)
    panic("mycpu: called with interrupts enabled");
  c = thiscpu();
  if(c == 0)
    panic("mycpu: unknown APIC id");
  return c;
}

// Index of this CPU in cpus[]. Caller has interrupts off.
int
cpuid(void)
{
  return mycpu() - cpus;
}

// The process running on this CPU, or 0 in the scheduler.
struct proc*
myproc(void)
{
  struct proc *running;

  pushcli();
  running = mycpu()->proc;
  popcli();
  return running;
}

// What the top of a new process's kernel stack holds, lowest address first. The
// first swtch to the process pops ctx and "returns" into forkret; forkret's own
// return pops retaddr and lands in trapret, which pops tf and enters user mode.
struct firstframe {
  struct context ctx;
  uint retaddr;
  struct trapframe tf;
};

// Give slot p (already EMBRYO) a kernel stack laid out as a struct firstframe.
// Returns 0, or -1 if there is no memory for the stack.
static int
setupkstack(struct proc *p)
{
  struct firstframe *f;

  p->kstack = kalloc();
  if(p->kstack == 0)
    return -1;
  f = (struct firstframe*)(p->kstack + KSTACKSIZE - sizeof(struct firstframe));
  memset(f, 0, sizeof(*f));
  f->ctx.eip = (uint)forkret;
  f->retaddr = (uint)trapret;
  p->context = &f->ctx;
  p->tf = &f->tf;
  return 0;
}

// Put slot p back in the pool. Its page directory (if any) and kernel stack are
// freed. The caller holds ptable.lock, or owns p outright (an EMBRYO nobody
// else can see run).
static void
releaseslot(struct proc *p)
{
  if(p->kstack)
    kfree(p->kstack);
  if(p->pgdir)
    freevm(p->pgdir);
  p->kstack = 0;
  p->pgdir = 0;
  p->sz = 0;
  p->pid = 0;
  p->parent = 0;
  p->killed = 0;
  p->name[0] = 0;
  p->state = UNUSED;
}

// Claim a free slot: it gets a pid and a kernel stack set up so that it starts
// in forkret and then returns to user space through trapret. Returns the slot
// in state EMBRYO, or 0 if the table is full or memory ran out.
static struct proc*
allocproc(void)
{
  struct proc *p;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == UNUSED)
      break;
  }
  if(p == ptable.proc + NPROC){
    release(&ptable.lock);
    return 0;
  }
  p->state = EMBRYO;
  p->pid = nextpid++;
  release(&ptable.lock);

  if(setupkstack(p) < 0){
    acquire(&ptable.lock);
    releaseslot(p);
    release(&ptable.lock);
    return 0;
  }
  fpureset(p);
  return p;
}

// Create the first process: one page of user memory at PGSIZE holding initcode,
// which execs /init. Panics on failure: the system has nothing to run without
// it.
void
userinit(void)
{
  // Linked into the kernel by the Makefile.
  extern char _binary_initcode_start[], _binary_initcode_size[];
  struct proc *p;
  struct trapframe *tf;
  ushort udata = (SEG_UDATA << 3) | DPL_USER;

  if((p = allocproc()) == 0 || (p->pgdir = setupkvm()) == 0)
    panic("userinit: out of memory or process slots");
  initproc = p;
  inituvm(p->pgdir, _binary_initcode_start, (uint)_binary_initcode_size);
  p->sz = 2*PGSIZE;   // page 0 (never mapped) and the initcode page
  p->heapbase = p->sz;

  // A user-mode frame that "returns" to the start of initcode with interrupts
  // on and the stack at the top of its page.
  tf = p->tf;
  tf->cs = (SEG_UCODE << 3) | DPL_USER;
  tf->ds = tf->es = tf->ss = udata;
  tf->eflags = FL_IF;
  tf->eip = PGSIZE;
  tf->esp = 2*PGSIZE;

  safestrcpy(p->name, "initcode", sizeof(p->name));
  p->cwd = namei("/");

  acquire(&ptable.lock);
  p->state = RUNNABLE;
  release(&ptable.lock);
}

// Grow (n > 0) or shrink (n < 0) the current process's memory by n bytes.
// Returns 0, or -1 if memory ran out, the result would pass KERNBASE or wrap,
// or it would shrink below heapbase (into the program's own stack or text).
// Nothing changes on failure.
int
growproc(int n)
{
  struct proc *me = myproc();
  uint oldsz = me->sz, want = oldsz + n;

  if(n > 0){
    if(want < oldsz || want > KERNBASE)
      return -1;
    if(allocuvm(me->pgdir, oldsz, want, PTE_W) == 0)
      return -1;
  } else if(n < 0){
    if(want > oldsz || want < me->heapbase)
      return -1;
    deallocuvm(me->pgdir, oldsz, want);
  }
  me->sz = want;
  switchuvm(me);   // reload CR3: drops TLB entries for pages just unmapped
  return 0;
}

// Give child every open file and the current directory of parent (more
// references to the same open files, so offsets are shared).
static void
inheritfiles(struct proc *child, struct proc *parent)
{
  int fd;

  for(fd = 0; fd < NOFILE; fd++)
    child->ofile[fd] = parent->ofile[fd] ? filedup(parent->ofile[fd]) : 0;
  child->cwd = idup(parent->cwd);
}

// Create a child that is a copy of the calling process, returning in both: the
// child's pid in the parent, 0 in the child. Returns -1, having freed
// everything, if there is no free process slot or not enough memory.
int
fork(void)
{
  struct proc *parent = myproc();
  struct proc *child;
  int pid;

  if((child = allocproc()) == 0)
    return -1;
  child->pgdir = copyuvm(parent->pgdir, parent->sz);
  if(child->pgdir == 0){
    acquire(&ptable.lock);
    releaseslot(child);
    release(&ptable.lock);
    return -1;
  }
  child->sz = parent->sz;
  child->heapbase = parent->heapbase;
  child->parent = parent;
  memmove(child->tf, parent->tf, sizeof(struct trapframe));
  child->tf->eax = 0;   // what fork returns in the child
  fpusave(child);       // the parent's FPU registers, live on this CPU
  inheritfiles(child, parent);
  memmove(child->name, parent->name, sizeof(parent->name));

  acquire(&ptable.lock);
  pid = child->pid;
  child->state = RUNNABLE;
  release(&ptable.lock);
  return pid;
}

// Hand every child of dying to init; if one has already exited, init must hear
// of it. Caller holds ptable.lock.
static void
orphan_children(struct proc *dying)
{
  struct proc *p;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->parent != dying)
      continue;
    p->parent = initproc;
    if(p->state == ZOMBIE)
      wakeup1(initproc);
  }
}

// End the calling process. Its files are closed now; its memory and kernel
// stack are freed by the parent's wait. Children go to init. Does not return.
void
exit(void)
{
  struct proc *me = myproc();
  int fd;

  if(me == initproc)
    panic("exit: init exited");

  for(fd = NOFILE - 1; fd >= 0; fd--){
    if(me->ofile[fd] == 0)
      continue;
    fileclose(me->ofile[fd]);
    me->ofile[fd] = 0;
  }
  begin_op();
  iput(me->cwd);
  end_op();
  me->cwd = 0;

  acquire(&ptable.lock);
  wakeup1(me->parent);   // it may be asleep in wait()
  orphan_children(me);
  me->state = ZOMBIE;
  sched();
  panic("exit: a zombie was scheduled");
}

// Wait for a child to exit and free it. Returns its pid, or -1 if the caller
// has no children or has been killed.
int
wait(void)
{
  struct proc *me = myproc();
  struct proc *p, *zombie;
  int children, pid;

  acquire(&ptable.lock);
  for(;;){
    children = 0;
    zombie = 0;
    for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
      if(p->parent != me)
        continue;
      children++;
      if(p->state == ZOMBIE){
        zombie = p;
        break;
      }
    }
    if(zombie){
      pid = zombie->pid;
      releaseslot(zombie);
      release(&ptable.lock);
      return pid;
    }
    if(children == 0 || me->killed)
      break;
    sleep(me, &ptable.lock);   // a child's exit() wakes us
  }
  release(&ptable.lock);
  return -1;
}

// Run process p on this CPU until it gives the CPU back. Caller holds
// ptable.lock.
static void
runproc(struct cpu *c, struct proc *p)
{
  c->proc = p;
  switchuvm(p);
  p->state = RUNNING;
  fpurestore(p);      // its FPU registers: the kernel itself never touches them
  swtch(&c->scheduler, p->context);
  // Back from sched(): p has already moved itself out of RUNNING.
  fpusave(p);
  switchkvm();
  c->proc = 0;
}

// Each CPU runs this loop after setting itself up, forever: pick a RUNNABLE
// process (round robin over the table), switch to its address space and
// registers, and come back here when it gives up the CPU through sched().
void
scheduler(void)
{
  struct cpu *c = mycpu();
  struct proc *p;
  int found;

  c->proc = 0;
  for(;;){
    // Interrupts on between passes: a CPU with nothing to run must still hear
    // devices, and must not keep ptable.lock while it waits.
    sti();

    found = 0;
    acquire(&ptable.lock);
    for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
      if(p->state == RUNNABLE){
        found = 1;
        runproc(c, p);
      }
    }
    release(&ptable.lock);

    if(panicked)
      halt();
    // Nothing to run: sleep until the next interrupt (at worst the next timer
    // tick) instead of spinning, so that idle emulated CPUs leave the host's
    // cores to the busy ones.
    if(!found)
      hlt();
  }
}

// Switch from the current process to this CPU's scheduler. Caller holds
// ptable.lock (and nothing else) and has already changed p->state. intena
// belongs to this kernel thread, not to the CPU, so save and restore it here.
void
sched(void)
{
  struct proc *me = myproc();
  struct cpu *c = mycpu();
  int saved_intena;

  if(!holding(&ptable.lock))
    panic("sched: ptable.lock not held");
  if(c->ncli != 1)
    panic("sched: holding locks besides ptable.lock");
  if(me->state == RUNNING)
    panic("sched: process is still RUNNING");
  if(readeflags() & FL_IF)
    panic("sched: interrupts enabled");

  saved_intena = c->intena;
  swtch(&me->context, c->scheduler);
  mycpu()->intena = saved_intena;   // possibly another CPU by now
}

// Give up the CPU for one scheduling round (the timer interrupt calls this).
void
yield(void)
{
  struct proc *me = myproc();

  acquire(&ptable.lock);
  me->state = RUNNABLE;
  sched();
  release(&ptable.lock);
}

// A new process's first kernel code: swtch "returns" here from the scheduler,
// still holding ptable.lock. It then returns to trapret (see struct
// firstframe).
void
forkret(void)
{
  static int fs_started;

  release(&ptable.lock);

  if(!fs_started){
    // The file system's start-up (log recovery) sleeps, so it must run in a
    // process context, not in main.
    fs_started = 1;
    iinit(ROOTDEV);
    initlog(ROOTDEV);
    ireclaim(ROOTDEV);   // after recovery: free what a power cut orphaned
  }
}

// Atomically release lk and sleep on chan; reacquire lk when woken. Caller
// holds lk. Holding ptable.lock from before lk is released until the process is
// asleep means a wakeup(chan) between the two cannot be missed.
void
sleep(void *chan, struct spinlock *lk)
{
  struct proc *me = myproc();
  int other = (lk != &ptable.lock);   // lk is not ptable.lock itself

  if(me == 0)
    panic("sleep: no process");
  if(lk == 0)
    panic("sleep: no lock");

  if(other){
    acquire(&ptable.lock);
    release(lk);
  }

  me->chan = chan;
  me->state = SLEEPING;
  sched();
  me->chan = 0;

  if(other){
    release(&ptable.lock);
    acquire(lk);
  }
}

// Make every process sleeping on chan RUNNABLE. Caller holds ptable.lock.
static void
wakeup1(void *chan)
{
  struct proc *p;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->chan != chan || p->state != SLEEPING)
      continue;
    p->state = RUNNABLE;
  }
}

// Wake every process sleeping on chan.
void
wakeup(void *chan)
{
  acquire(&ptable.lock);
  wakeup1(chan);
  release(&ptable.lock);
}

// Mark process pid killed; it exits the next time it crosses the user/kernel
// boundary. A sleeping process is woken so that it notices. Returns 0, or -1 if
// there is no such process or it is init, which must outlive every other
// process.
int
kill(int pid)
{
  struct proc *p;
  int result = -1;

  if(initproc && pid == initproc->pid)
    return -1;
  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == UNUSED || p->pid != pid)
      continue;
    p->killed = 1;
    if(p->state == SLEEPING)
      p->state = RUNNABLE;
    result = 0;
    break;
  }
  release(&ptable.lock);
  return result;
}

static char*
statename(enum procstate s)
{
  switch(s){
  case UNUSED:   return "unused";
  case EMBRYO:   return "embryo";
  case SLEEPING: return "sleeping";
  case RUNNABLE: return "runnable";
  case RUNNING:  return "running";
  case ZOMBIE:   return "zombie";
  }
  return "?";
}

// Print the process table (Ctrl-P on the console): pid, state, name, size, and
// for a sleeper the kernel call chain it sleeps in. Takes no lock on purpose:
// it must work even when the machine is wedged holding one.
void
procdump(void)
{
  struct proc *p;
  uint pcs[NCALLERPCS], lo, hi, ctx;
  int i, n;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == UNUSED)
      continue;
    cprintf("%d %s %s sz %d", p->pid, statename(p->state), p->name, p->sz);
    if(p->state == SLEEPING && p->kstack != 0){
      // Its saved context lies on its own kernel stack; the context's ebp is
      // sched's frame. Walk only that stack: the words there are not to be
      // trusted blindly.
      lo = (uint)p->kstack;
      hi = lo + KSTACKSIZE;
      ctx = (uint)p->context;
      n = 0;
      if(ctx >= lo && ctx <= hi - sizeof(struct context))
        n = walkstack(p->context->ebp, lo, hi, pcs, NELEM(pcs));
      for(i = 0; i < n; i++)
        cprintf(" %p", pcs[i]);
    }
    cprintf("\n");
  }
}
