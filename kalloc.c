// kalloc.c: the physical page allocator. It hands out 4 KB pages for user memory, kernel
// stacks, page tables and pipe buffers, and keeps the free ones on a singly linked list
// threaded through the free pages themselves.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"

extern char end[];  // first address after the kernel image, from kernel.ld

// A free page's first word points at the next free page.
struct run {
  struct run *next;
};

// kmem.lock protects freelist and nfree once use_lock is set by kinit2. Before that only the
// boot CPU runs and the lock cannot be used yet (acquire needs per-CPU state).
static struct {
  struct spinlock lock;
  int use_lock;
  struct run *freelist;
  int nfree;           // pages on freelist
} kmem;

// Enter and leave the allocator's critical section; a no-op until kinit2 turns locking on.
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

// Start the allocator with the pages in [vstart, vend). Called once, by main, while the
// kernel still runs on entrypgdir, which maps only the first 4 MB of physical memory: so
// the range must lie below P2V(4 MB).
void
kinit1(void *vstart, void *vend)
{
  kmem.use_lock = 0;
  initlock(&kmem.lock, "kmem");
  freerange(vstart, vend);
}

// Add the pages in [vstart, vend) once the full kernel page table maps them, and turn
// locking on (the other CPUs are about to allocate too).
void
kinit2(void *vstart, void *vend)
{
  freerange(vstart, vend);
  kmem.use_lock = 1;
}

// Put the page at kernel virtual address v back on the free list. v must be a page-aligned
// address inside [end, P2V(PHYSTOP)) that kalloc returned (or that kinit1/kinit2 offer);
// anything else is a kernel bug and panics.
void
kfree(char *v)
{
  struct run *page;

  if(PGROUNDDOWN((uint)v) != (uint)v)
    panic("kfree: address not page aligned");
  if((uint)v < (uint)end)
    panic("kfree: address inside the kernel image");
  if((uint)V2P(v) >= PHYSTOP)
    panic("kfree: address above PHYSTOP");

  // Fill with junk, so that code still using the page after freeing it reads nonsense
  // quickly instead of stale but plausible data.
  memset(v, 1, PGSIZE);

  page = (struct run*)v;
  klock();
  page->next = kmem.freelist;
  kmem.nfree += 1;
  kmem.freelist = page;
  kunlock();
}

// Take one page off the free list. Returns its kernel virtual address, or 0 if no memory
// is left; the page's contents are junk. Never panics: callers decide what to do.
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

// How many pages are free right now (for the boot report, freemem() and leak tests).
int
kfreecount(void)
{
  int count;

  klock();
  count = kmem.nfree;
  kunlock();
  return count;
}
