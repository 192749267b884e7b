// kalloc.c: the physical page allocator. It hands out 4 KB pages for user
// memory, kernel stacks, page tables and pipe buffers, and keeps the free ones
// on a singly linked list threaded through the free pages themselves.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"

extern char end[];  // first address after the kernel image, from kernel.ld

// The top of the physical memory the kernel uses: the end of the RAM that runs
// on from EXTMEM without a gap, as the firmware reports it, but at most
// PHYSTOP. Set once by detectmem, before kinit1; read-only afterwards.
uint phystop;

// ---- how much memory is there? ----------------------------------------------

// One entry of the BIOS's E820 map, as bootasm.S stores it at MEMINFO (after a
// count).
struct e820 {
  uint base, basehi;    // first byte (a 64-bit number: low, high word)
  uint len, lenhi;      // length in bytes
  uint type;            // 1: RAM the OS may use; anything else: keep out
  uint attr;
};
#define E820_RAM 1

// The multiboot information block (only the fields used here).
// EAX at entry when a multiboot loader started us
#define MB_LOADED     0x2BADB002
#define MBI_MEM       (1 << 0)     // flags: mem_lower/mem_upper are valid
#define MBI_MMAP      (1 << 6)     // flags: mmap_length/mmap_addr are valid
struct mbinfo {
  uint flags;
  uint mem_lower, mem_upper;       // KB of RAM below 1 MB and from 1 MB on
  uint unused[8];
  // the map: entries of {size, base(8), len(8), type}
  uint mmap_length, mmap_addr;
};
// entry.S: EAX and EBX as the loader left them
extern uint mbmagic, mbinfo;
#define ENTRYMAPPED   0x400000     // entrypgdir maps physical memory below 4 MB

// The end of the RAM run that contains addr, given the map's RAM regions one at
// a time through add(): the run grows whenever a region starts inside it and
// reaches further. Regions above 4 GB are skipped; a region that reaches past
// 4 GB is cut there.
static uint runend;

static void
addregion(uint base, uint basehi, uint len, uint lenhi, uint type)
{
  uint last;

  if(type != E820_RAM || basehi != 0 || len == 0)
    return;
  last = (lenhi != 0 || base + len < base) ? 0xFFFFFFFF : base + len - 1;
  if(base <= runend && last >= runend)
    runend = last + 1 == 0 ? 0xFFFFF000 : last + 1;
}

// Walk one memory map as often as the run keeps growing (regions may come in
// any order). Returns the end of the RAM from EXTMEM on, or 0 if the map has
// none there.
static uint
e820top(struct e820 *map, int n)
{
  uint before;
  int i;

  runend = EXTMEM;
  do {
    before = runend;
    for(i = 0; i < n; i++)
      addregion(map[i].base, map[i].basehi, map[i].len, map[i].lenhi,
                map[i].type);
  } while(runend != before);
  return runend == EXTMEM ? 0 : runend;
}

// The same for a multiboot loader's map, whose entries say their own size.
static uint
mbmaptop(uchar *map, uint length)
{
  uint before, off, *e;

  runend = EXTMEM;
  do {
    before = runend;
    for(off = 0; off + 24 <= length; off += e[0] + 4){
      e = (uint*)(map + off);
      addregion(e[1], e[2], e[3], e[4], e[5]);
    }
  } while(runend != before);
  return runend == EXTMEM ? 0 : runend;
}

// Find how much RAM the machine has and set phystop. Called by main before
// anything else: it reads only the first 4 MB of physical memory, which
// entrypgdir maps. Prints the first line of the boot report. A machine that
// reports nothing is assumed to have PHYSTOP bytes, as this kernel did before
// it asked.
void
detectmem(void)
{
  struct mbinfo *mb;
  uint top = 0, *count;
  char *how = "E820";

  if(mbmagic == MB_LOADED && mbinfo < ENTRYMAPPED){
    mb = (struct mbinfo*)P2V(mbinfo);
    how = "multiboot";
    if((mb->flags & MBI_MMAP) && mb->mmap_addr + mb->mmap_length < ENTRYMAPPED)
      top = mbmaptop((uchar*)P2V(mb->mmap_addr), mb->mmap_length);
    if(top == 0 && (mb->flags & MBI_MEM))
      top = EXTMEM + mb->mem_upper * 1024;
  } else {
    count = (uint*)P2V(MEMINFO);
    if(*count <= E820MAX)
      top = e820top((struct e820*)(count + 1), *count);
  }
  top = PGROUNDDOWN(top);
  if(top == 0){
    how = "no map: assumed";
    top = PHYSTOP;
  }
  phystop = top < PHYSTOP ? top : PHYSTOP;
  cprintf("\nmem: %d MB of RAM (%s), the kernel uses %d MB%s\n", top >> 20, how,
          phystop >> 20, phystop < top ? " (PHYSTOP)" : "");
}

// A free page's first word points at the next free page.
struct run {
  struct run *next;
};

// kmem.lock protects freelist and nfree once use_lock is set by kinit2. Before
// that only the boot CPU runs and the lock cannot be used yet (acquire needs
// per-CPU state).
static struct {
  struct spinlock lock;
  int use_lock;
  struct run *freelist;
  int nfree;           // pages on freelist
} kmem;

// Enter and leave the allocator's critical section; a no-op until kinit2 turns
// locking on.
static void
klock(void)
{
  if(kmem.use_lock)
    acquire(&kmem.lock);
}

static void
kunlock(void)
{
  if(kmem.use_lock)
    release(&kmem.lock);
}

// Hand every whole page that fits in [lo, hi) to kfree.
static void
freerange(void *lo, void *hi)
{
  uint va, top;

  top = (uint)hi;
  for(va = PGROUNDUP((uint)lo); va < top && top - va >= PGSIZE; va += PGSIZE)
    kfree((char*)va);
}

// Start the allocator with the pages in [vstart, vend). Called once, by main,
// while the kernel still runs on entrypgdir, which maps only the first 4 MB of
// physical memory: so the range must lie below P2V(4 MB).
void
kinit1(void *vstart, void *vend)
{
  kmem.use_lock = 0;
  initlock(&kmem.lock, "kmem");
  freerange(vstart, vend);
}

// Add the pages in [vstart, vend) once the full kernel page table maps them,
// and turn locking on (the other CPUs are about to allocate too).
void
kinit2(void *vstart, void *vend)
{
  freerange(vstart, vend);
  kmem.use_lock = 1;
}

// Put the page at kernel virtual address v back on the free list. v must be a
// page-aligned address inside [end, P2V(phystop)) that kalloc returned (or that
// kinit1/kinit2 offer); anything else is a kernel bug and panics.
void
kfree(char *v)
{
  struct run *page;

  if(PGROUNDDOWN((uint)v) != (uint)v)
    panic("kfree: address not page aligned");
  if((uint)v < (uint)end)
    panic("kfree: address inside the kernel image");
  if((uint)V2P(v) >= phystop)
    panic("kfree: address above phystop");

  // Fill with junk, so that code still using the page after freeing it reads
  // nonsense quickly instead of stale but plausible data.
  memset(v, 1, PGSIZE);

  page = (struct run*)v;
  klock();
  page->next = kmem.freelist;
  kmem.nfree += 1;
  kmem.freelist = page;
  kunlock();
}

// Take one page off the free list. Returns its kernel virtual address, or 0 if
// no memory is left; the page's contents are junk. Never panics: callers decide
// what to do.
char*
kalloc(void)
{
  struct run *page;

  klock();
  page = kmem.freelist;
  if(page != 0){
    kmem.nfree -= 1;
    kmem.freelist = page->next;
  }
  kunlock();
  return (char*)page;
}

// How many pages are free right now (for the boot report, freemem() and leak
// tests).
int
kfreecount(void)
{
  int count;

  klock();
  count = kmem.nfree;
  kunlock();
  return count;
}
