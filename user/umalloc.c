// umalloc.c: malloc and free for user programs. Free memory is a circular list of
// blocks sorted by address (the scheme of Kernighan and Ritchie's "The C Programming
// Language", 8.7); when nothing on the list fits, the heap grows with sbrk().
#include "types.h"
#include "stat.h"
#include "user.h"

// Every block, free or in use, starts with this header. Sizes count whole units of
// sizeof(union header), so every block (and so every pointer malloc returns) is
// aligned for the strictest type the union names.
union header {
  struct {
    union header *next;   // next free block (free blocks only)
    uint units;           // size of this block, header included
  } h;
  long long align;
};
typedef union header Header;

#define MINGROW 4096   // units to ask sbrk for at least, to keep sbrk calls rare

static Header base;            // a zero-size block that anchors the list
static Header *freelist;       // where the next search starts; 0 until first use

// free returns a block from malloc to the free list, merging it with free
// neighbours that touch it. free(0) does nothing.
void
free(void *ptr)
{
  Header *b, *p;

  if(ptr == 0)
    return;
  b = (Header*)ptr - 1;
  // Find p, the free block just below b (or the list's wrap-around point).
  for(p = freelist; !(b > p && b < p->h.next); p = p->h.next)
    if(p >= p->h.next && (b > p || b < p->h.next))
      break;   // b lies beyond the highest block or below the lowest

  if(b + b->h.units == p->h.next){
    // b runs into the block after it: absorb that block.
    b->h.units += p->h.next->h.units;
    b->h.next = p->h.next->h.next;
  } else {
    b->h.next = p->h.next;
  }
  if(p + p->h.units == b){
    // p runs into b: p absorbs b.
    p->h.units += b->h.units;
    p->h.next = b->h.next;
  } else {
    p->h.next = b;
  }
  freelist = p;
}

// grow asks the kernel for at least n more units and puts them on the free list.
// Returns the free list, or 0 if sbrk fails.
static Header*
grow(uint n)
{
  char *mem;
  Header *b;

  if(n < MINGROW)
    n = MINGROW;
  mem = sbrk(n * sizeof(Header));
  if(mem == (char*)-1)
    return 0;
  b = (Header*)mem;
  b->h.units = n;
  free(b + 1);
  return freelist;
}

// malloc returns nbytes of uninitialised memory, or 0 if the heap cannot grow.
void*
malloc(uint nbytes)
{
  Header *prev, *p;
  uint units;

  // sbrk takes an int: a request that large could only fail (or, wrapped
  // negative, shrink the heap).
  if(nbytes >= 0x7fffffff - MINGROW * sizeof(Header))
    return 0;
  // Round up to whole units, plus one for the header.
  units = (nbytes + sizeof(Header) - 1) / sizeof(Header) + 1;
  if(freelist == 0){
    base.h.next = &base;
    base.h.units = 0;
    freelist = &base;
  }
  prev = freelist;
  for(p = prev->h.next; ; prev = p, p = p->h.next){
    if(p->h.units >= units){
      if(p->h.units == units){
        prev->h.next = p->h.next;   // exact fit: unlink the whole block
      } else {
        // Hand out the tail of p, so p stays where it is on the list.
        p->h.units -= units;
        p += p->h.units;
        p->h.units = units;
      }
      freelist = prev;
      return p + 1;
    }
    if(p == freelist){
      // Went all the way round without a fit.
      if((p = grow(units)) == 0)
        return 0;
    }
  }
}
