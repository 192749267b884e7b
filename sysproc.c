// sysproc.c: the system calls about processes and time. Each one takes its
// arguments from the user stack with argint() (syscall.c), hands the work to
// proc.c, and returns the result to the user in %eax; bad arguments give -1.
#include "types.h"
#include "x86.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"

// fork(): the child gets 0, the parent the child's pid (or -1 if no slot or
// memory).
int
sys_fork(void)
{
  return fork();
}

// exit(): never returns; the parent collects the process with wait().
int
sys_exit(void)
{
  exit();
}

// wait(): the pid of a child that exited, or -1 if the caller has no children.
int
sys_wait(void)
{
  return wait();
}

// kill(pid): mark the process to die when it next leaves the kernel. 0, or -1
// if no such process.
int
sys_kill(void)
{
  int target;

  if(argint(0, &target) < 0)
    return -1;
  return kill(target);
}

// getpid()
int
sys_getpid(void)
{
  struct proc *me = myproc();

  return me->pid;
}

// sbrk(n): move the end of the process's memory by n bytes (n < 0 shrinks it).
// Returns where the end was before, which is the start of the new memory when
// n > 0, or -1 if memory runs out or n would cut into the stack.
int
sys_sbrk(void)
{
  int n;
  uint oldend;

  if(argint(0, &n) < 0)
    return -1;
  oldend = myproc()->sz;
  if(growproc(n) != 0)
    return -1;
  return oldend;
}

// The clock tick count, read under its lock.
static uint
now(void)
{
  uint t;

  acquire(&tickslock);
  t = ticks;
  release(&tickslock);
  return t;
}

// sleep(n): block for n clock ticks (a tick is 10 ms). Returns 0, or -1 if the
// process is killed while it waits.
int
sys_sleep(void)
{
  int n;
  uint start;

  if(argint(0, &n) < 0)
    return -1;
  if(n <= 0)
    return 0;

  // The timer interrupt calls wakeup(&ticks) on every tick; each time, see
  // whether enough ticks have passed. Subtracting copes with the counter
  // wrapping around.
  acquire(&tickslock);
  start = ticks;
  while(ticks - start < (uint)n){
    if(myproc()->killed){
      release(&tickslock);
      return -1;
    }
    sleep(&ticks, &tickslock);
  }
  release(&tickslock);
  return 0;
}

// uptime(): clock ticks since boot.
int
sys_uptime(void)
{
  return now();
}

// freemem(): the number of free physical pages, so tests can check for leaks.
int
sys_freemem(void)
{
  return kfreecount();
}
