// kdebug.c: test-only hooks behind the kdebug(op, arg) system call. The test
// suite builds a kernel with `make DEBUGHOOKS=1` to make it fault on purpose or
// to cut the power mid-commit; the kernel that students boot is built without
// them and kdebug() only returns -1.
#include "types.h"
#include "defs.h"
#include "memlayout.h"
#include "mmu.h"
#include "x86.h"
#include "spinlock.h"
#include "param.h"
#include "kdebug.h"
#include "proc.h"

#ifdef DEBUGHOOKS
// An address in the kernel half that no page table maps: above the mapping of
// physical memory (KERNBASE+PHYSTOP) and below the devices at 0xFE000000.
#define UNMAPPED ((char*)(KERNBASE + PHYSTOP + 0x1000))

// Read a byte the kernel cannot reach: a page fault in kernel mode. `volatile`
// keeps the compiler from dropping the read.
static int
badread(void)
{
  return *(volatile char*)UNMAPPED;
}

extern char aftertrap[], alltraps[];   // trapasm.S

// Run walkstack over made-up stacks in a local array and check what it reads.
// Returns 0 if every check passes, else the number of the first that failed.
// Each case is a chain that once let a walk leave its stack or follow a user's
// %ebp.
static int
walktest(void)
{
  static uint st[64 + 16];   // words 0..63 are "the stack"; 64.. lie beyond it
  uint pcs[NCALLERPCS], lo, hi;
  struct trapframe *tf;

  lo = (uint)st;
  hi = (uint)(st + 64);

  // 1. Two good frames, then a saved %ebp beyond the stack's top: exactly two
  // entries.
  memset(st, 0, sizeof(st));
  st[0] = (uint)&st[10]; st[1] = 0x80100001;
  st[10] = (uint)&st[70]; st[11] = 0x80100002;
  st[70] = (uint)&st[72]; st[71] = 0x80100003;
  if(walkstack(lo, lo, hi, pcs, NCALLERPCS) != 2 || pcs[2] != 0)
    return 1;

  // 2. A frame whose return address straddles the top: not read.
  st[10] = (uint)&st[63];
  if(walkstack(lo, lo, hi, pcs, NCALLERPCS) != 2)
    return 2;

  // 3. A chain that points back down (a loop) ends.
  st[10] = (uint)&st[0];
  if(walkstack(lo, lo, hi, pcs, NCALLERPCS) != 2)
    return 3;

  // 4. trap()'s frame over a trap frame from user mode: the user's %ebp is not
  // followed.
  memset(st, 0, sizeof(st));
  st[0] = (uint)&st[4]; st[1] = 0x80100001;
  st[4] = (uint)&st[40]; st[5] = (uint)aftertrap; st[6] = (uint)&st[7];
  tf = (struct trapframe*)&st[7];
  tf->cs = (SEG_UCODE << 3) | DPL_USER;
  tf->ebp = (uint)&st[40];
  st[40] = 0; st[41] = 0x80100009;
  if(walkstack(lo, lo, hi, pcs, NCALLERPCS) != 2)
    return 4;

  // 5. A kernel-mode trap frame that interrupted alltraps: %ebp there may be
  // the user's.
  tf->cs = SEG_KCODE << 3;
  tf->eip = (uint)alltraps + 2;
  if(walkstack(lo, lo, hi, pcs, NCALLERPCS) != 2)
    return 5;

  // 6. The same trap frame interrupting ordinary kernel code: the walk goes on
  // through it.
  tf->eip = 0x80100100;
  if(walkstack(lo, lo, hi, pcs, NCALLERPCS) != 3 || pcs[2] != 0x80100009)
    return 6;

  // 7. A stack that ends at the very top of memory: nothing wraps round to
  // address 0.
  if(walkstack(0xfffffffc, 0xfffff000, 0xfffffffc, pcs, NCALLERPCS) != 0)
    return 7;
  return 0;
}

// ---- KDEBUG_CRASHAT: a power cut at a chosen disk write ----
//
// QEMU's isa-debug-exit device (when the test adds `-device
// isa-debug-exit,iobase=0xf4, iosize=0x04`) ends QEMU the moment a byte is
// written to port 0xf4; QEMU's exit status is then (byte << 1) | 1. Every write
// the disk had acknowledged is already in the image file.
#define DEBUG_EXIT_PORT 0xf4

// cut.lock protects armed_at and written. ide.c calls kdebug_diskwrite()
// holding idelock, so the order is idelock, then cut.lock.
static struct {
  struct spinlock lock;
  int armed_at;   // 0: none armed; k: the k-th write after arming never happens
  int written;    // disk writes issued since the last KDEBUG_CRASHAT
} cut;

// Stop the machine without another disk write. Caller holds idelock (from
// idestart), so even if the debug-exit device is missing no other CPU can start
// a write: they all need idelock, which this CPU keeps while it halts forever.
// The test then kills QEMU.
static void
powercut(int n)
{
  cprintf("kdebug: power cut before disk write %d\n", n);
  outb(DEBUG_EXIT_PORT, 0);
  halt();
}

// Called by idestart() (ide.c), holding idelock, just before it sends a write
// command to the disk. Counts the write, and cuts the power instead if this is
// the armed one.
void
kdebug_diskwrite(void)
{
  int n, stop;

  acquire(&cut.lock);
  n = ++cut.written;
  stop = cut.armed_at != 0 && n >= cut.armed_at;
  release(&cut.lock);
  if(stop)
    powercut(n);
}

// KDEBUG_CRASHAT with arg k > 0: count disk writes from now on and stop the
// machine dead at the k-th, before it reaches the disk. Returns 0. With k == 0:
// disarm, and return how many writes were issued since the last KDEBUG_CRASHAT.
// k == -1: return that count and change nothing. Other k < 0: returns -1.
static int
crashat(int k)
{
  int n;

  if(k < -1)
    return -1;
  acquire(&cut.lock);
  if(k == -1){
    n = cut.written;
    release(&cut.lock);
    return n;
  }
  n = cut.written;
  cut.armed_at = k;
  cut.written = 0;
  release(&cut.lock);
  return k == 0 ? n : 0;
}
// ---- KDEBUG_IPUTSTALL: hold one process inside iput ----
//
// iput has had two races (see fs.c), each a few instructions wide. This hook
// makes either window as wide as a test wants: the armed process stops at the
// armed place in iput until another process lets it go, or about a second
// passes (so a test cannot hang the machine, and a process that the fixed
// kernel makes wait for the held one still gets on). tickslock guards `stall`
// as well: the wait sleeps on the clock.
static struct {
  int pid;       // the process whose next iput stops; 0 if none is armed
  int where;     // KDEBUG_STALL_TOP or KDEBUG_STALL_FREED
  int held;      // 1 while that process waits in iput
  int go;        // set to let it continue
} stall;

// Called by iput() (fs.c) at each place a test may hold it. Returns at once
// unless this process is armed for this place.
void
kdebug_iputwindow(int where)
{
  struct proc *p = myproc();
  uint start;

  acquire(&tickslock);
  if(p == 0 || stall.pid != p->pid || stall.where != where){
    release(&tickslock);
    return;
  }
  stall.pid = 0;
  stall.held = 1;
  start = ticks;
  while(!stall.go && ticks - start < 100)
    sleep(&ticks, &tickslock);
  stall.held = 0;
  stall.go = 0;
  release(&tickslock);
}

// KDEBUG_IPUTSTALL: arg KDEBUG_STALL_TOP or KDEBUG_STALL_FREED arms the
// caller's next iput at that place; 0 returns 1 if a process is held in iput
// right now, else 0; 2 lets the held process go. Returns 0, or -1 for another
// arg.
static int
iputstall(int arg)
{
  int r = 0;

  acquire(&tickslock);
  switch(arg){
  case 0:
    r = stall.held;
    break;
  case KDEBUG_STALL_TOP:
  case KDEBUG_STALL_FREED:
    stall.pid = myproc()->pid;
    stall.where = arg;
    stall.go = 0;
    break;
  case 2:
    stall.go = 1;
    wakeup(&ticks);
    break;
  default:
    r = -1;
  }
  release(&tickslock);
  return r;
}
#endif

int
sys_kdebug(void)
{
  int op, arg;

  if(argint(0, &op) < 0 || argint(1, &arg) < 0)
    return -1;
#ifdef DEBUGHOOKS
  switch(op){
  case KDEBUG_FAULT:
    return badread();
  case KDEBUG_FAULT_CONS:
    // cprintf holds the console lock while it formats, and faults reading the
    // string.
    cprintf("kdebug: fault inside cprintf: %s\n", UNMAPPED);
    return -1;
  case KDEBUG_FAULT_PANIC:
    // panic faults while printing its own message.
    panic(UNMAPPED);
  case KDEBUG_WALKTEST:
    return walktest();
  case KDEBUG_IPUTSTALL:
    return iputstall(arg);
  case KDEBUG_CRASHAT:
    return crashat(arg);
  default:
    break;
  }
#endif
  return -1;
}
