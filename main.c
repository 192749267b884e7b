// main.c: where the boot CPU arrives from entry.S, running on entrypgdir at a high
// address. It brings the machine up in dependency order, starts the other CPUs, and
// becomes a scheduler.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"

static void startothers(void);
static void mpmain(void)  __attribute__((noreturn));
extern pde_t entrypgdir[];  // entry.S
extern char end[];          // first address after the kernel image: kernel.ld

int
main(void)
{
  // entrypgdir maps only physical 0..4 MB, so the allocator starts with the free part of
  // that: from the end of the kernel image to 4 MB.
  kinit1(end, P2V(4*1024*1024));
  cprintf("\nkinit1: %d free pages [0x%08x, 0x%08x)\n", kfreecount(),
          PGROUNDUP((uint)end), (uint)P2V(4*1024*1024));

  kvmalloc();        // the kernel's 4 KB page table, from kmap; CR3 now points at it
  kvmcheck(kpgdir);  // verify it against kmap and print the report (panics if wrong)
  cprintf("kvmalloc: %d free pages left\n", kfreecount());

  mpinit();          // find the other CPUs and the I/O APIC
  lapicinit();       // this CPU's interrupt controller and timer
  seginit();         // this CPU's GDT
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
  {
    int before = kfreecount();
    // Now the rest of physical memory is mapped: give it to the allocator.
    kinit2(P2V(4*1024*1024), P2V(PHYSTOP));
    cprintf("kinit2: +%d pages, %d free\n", kfreecount() - before, kfreecount());
  }
  userinit();        // the first process
  mpmain();
}

// The part of start-up every CPU does for itself, then into the scheduler.
static void
mpmain(void)
{
  cprintf("cpu%d: starting\n", cpuid());
  idtinit();
  xchg(&(mycpu()->started), 1);  // startothers may go on to the next CPU
  scheduler();
}

// The other CPUs come here from entryother.S, on entrypgdir.
static void
mpenter(void)
{
  switchkvm();
  seginit();
  lapicinit();
  mpmain();
}

// Start every other CPU. entryother.S runs in real mode, so it is copied below 1 MB, to
// 0x7000, and told where to find its stack, its C entry point and the page directory.
static void
startothers(void)
{
  extern uchar _binary_entryother_start[], _binary_entryother_size[];  // linked in by Makefile
  uchar *code;
  struct cpu *c;
  char *stack;

  code = P2V(0x7000);
  memmove(code, _binary_entryother_start, (uint)_binary_entryother_size);

  for(c = cpus; c < cpus+ncpu; c++){
    if(c == mycpu())
      continue;

    // entryother.S reads its arguments just below its own code.
    stack = kalloc();
    if(stack == 0)
      panic("startothers: out of memory");
    *(void**)(code-4) = stack + KSTACKSIZE;
    *(void(**)(void))(code-8) = mpenter;
    *(int**)(code-12) = (void *) V2P(entrypgdir);

    lapicstartap(c->apicid, V2P(code));

    while(c->started == 0)
      ;
  }
}
