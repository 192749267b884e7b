// main.c: where the boot CPU arrives from entry.S, running on entrypgdir at a
// high address. It brings the machine up in dependency order, starts the other
// CPUs, and becomes a scheduler.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"

// entrypgdir maps only physical 0..4 MB, so until kvmalloc the allocator can
// use only the free part of that: from the end of the kernel image up to here.
#define LOWMEM_END P2V(4*1024*1024)

static void startothers(void);
static void mpmain(void)  __attribute__((noreturn));
extern pde_t entrypgdir[];  // entry.S
extern char end[];          // first address after the kernel image: kernel.ld

// The hardware set-up each CPU does for itself: its GDT, its local APIC (and
// timer), and its FPU/SSE unit (fpuinit).
static void
cpulocalinit(void)
{
  seginit();
  lapicinit();
  fpuinit();
}

int
main(void)
{
  int nbefore;

  detectmem();       // how much RAM there is: sets phystop
  kinit1(end, LOWMEM_END);
  cprintf("kinit1: %d free pages [0x%08x, 0x%08x)\n", kfreecount(),
          PGROUNDUP((uint)end), (uint)LOWMEM_END);

  // the kernel's 4 KB page table, from kmap; CR3 now points at it
  kvmalloc();
  // verify it against kmap and print the report (panics if wrong)
  kvmcheck(kpgdir);
  cprintf("kvmalloc: %d free pages left\n", kfreecount());

  mpinit();          // find the other CPUs and the I/O APIC
  cpulocalinit();    // this CPU's GDT, local APIC and timer, FPU (fpuinit)
  picinit();         // mask the legacy 8259 PIC
  ioapicinit();      // route device interrupts
  consoleinit();     // console device and keyboard
  uartinit();        // serial port
  pinit();           // process table
  tvinit();          // interrupt vectors
  binit();           // buffer cache
  fileinit();        // open-file table
  ideinit();         // disk
  startothers();     // the other CPUs

  // Now the rest of physical memory is mapped: give it to the allocator.
  nbefore = kfreecount();
  kinit2(LOWMEM_END, P2V(phystop));
  cprintf("kinit2: +%d pages, %d free\n", kfreecount() - nbefore, kfreecount());

  netinit();         // the network stack's locks
  pciinit();         // the network card, if any (silent without one)

  userinit();        // the first process
  mpmain();
}

// The part of start-up every CPU does for itself, then into the scheduler.
static void
mpmain(void)
{
  struct cpu *me;

  me = mycpu();
  cprintf("cpu%d: starting\n", cpuid());
  idtinit();
  xchg(&me->started, 1);  // startothers may go on to the next CPU
  scheduler();
}

// The other CPUs come here from entryother.S, on entrypgdir.
static void
mpenter(void)
{
  switchkvm();
  cpulocalinit();
  mpmain();
}

// What entryother.S reads just below its own code, at APSTART-12, -8 and -4.
struct apargs {
  uint pgdir;            // physical address of entrypgdir
  void (*entry)(void);   // the C function to call: mpenter
  char *stack;           // top of the CPU's kernel stack
};

// Start CPU c (entryother.S is already at APSTART) and wait until it runs
// mpmain.
static void
bootap(struct cpu *c)
{
  struct apargs *args;
  char *kstack;

  kstack = kalloc();
  if(kstack == 0)
    panic("startothers: out of memory");
  args = P2V(APSTART - sizeof(*args));
  args->pgdir = V2P(entrypgdir);
  args->entry = mpenter;
  args->stack = kstack + KSTACKSIZE;
  // its scheduler runs on this stack (for call-chain walks)
  c->stack = kstack;

  lapicstartap(c->apicid, APSTART);
  while(!c->started)
    ;
}

// Start every other CPU. entryother.S runs in real mode, so it is copied below
// 1 MB, to APSTART, and told where to find its stack, its C entry point and the
// page directory.
static void
startothers(void)
{
  // linked in by Makefile (ld -b binary)
  extern uchar _binary_entryother_start[];
  // its length, as the symbol's address
  extern uchar _binary_entryother_size[];
  struct cpu *other;

  memmove(P2V(APSTART), _binary_entryother_start,
          (uint)_binary_entryother_size);

  for(other = cpus; other != cpus+ncpu; other++)
    if(other != mycpu())
      bootap(other);
}
