// bio.c: the buffer cache. A fixed pool of NBUF block buffers sits between the
// file system and the disk driver: it keeps recently used blocks in memory, and
// guarantees that at most one buffer holds a given disk block, so every user of
// that block sees the same copy.
//
// Interface: bread() returns a locked buffer holding the block's contents; the
// caller may change b->data and bwrite() it (or log_write() it inside a
// transaction); brelse() gives it back. A buffer is used by one thread at a
// time: hold it only as long as needed.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"

// bcache.lock protects, for every buffer: dev, blockno, refcnt, prev and next.
// A buffer's own sleeplock protects its flags and data while it is in use. The
// list is circular through the sentinel head: head.next is the most recently
// released buffer, head.prev the least recently released one (the first to
// reuse).
_Static_assert(NBUF >= NPROC*3 + LOGSIZE,
               "NBUF too small: bget could run out (param.h)");

static struct {
  struct spinlock lock;
  struct buf buf[NBUF];
  struct buf head;
} bcache;

// Take b out of the LRU list. Caller holds bcache.lock.
static void
lru_unlink(struct buf *b)
{
  b->prev->next = b->next;
  b->next->prev = b->prev;
}

// Put b at the most-recently-used end of the list. Caller holds bcache.lock.
static void
lru_push_front(struct buf *b)
{
  struct buf *first = bcache.head.next;

  b->prev = &bcache.head;
  b->next = first;
  first->prev = b;
  bcache.head.next = b;
}

// Set up the cache. Call once at boot, before any bread().
void
binit(void)
{
  int i;

  initlock(&bcache.lock, "bcache");
  bcache.head.prev = bcache.head.next = &bcache.head;
  for(i = 0; i < NBUF; i++){
    struct buf *slot = &bcache.buf[i];
    slot->refcnt = 0;
    slot->flags = 0;
    slot->blockno = 0;
    slot->dev = (uint)-1;   // holds no block yet: matches no real device
    initsleeplock(&slot->lock, "buffer");
    lru_push_front(slot);
  }
}

// For kstat(): how many buffers someone holds (refcnt > 0: a bread() not yet
// brelse()d, or a block the log has pinned), and the sum of their refcnts.
void
bufinuse(int *held, int *refs)
{
  struct buf *b;

  *held = *refs = 0;
  acquire(&bcache.lock);
  for(b = &bcache.buf[0]; b != &bcache.buf[NBUF]; b++){
    *held += b->refcnt > 0;
    *refs += b->refcnt;
  }
  release(&bcache.lock);
}

// The cached buffer for (dev, blockno), or 0. Caller holds bcache.lock.
static struct buf*
lookup(uint dev, uint blockno)
{
  struct buf *p;

  for(p = bcache.head.next; p != &bcache.head; p = p->next)
    if(p->blockno == blockno && p->dev == dev)
      return p;
  return 0;
}

// The least recently released buffer that nobody holds and that is not dirty,
// or 0. A dirty buffer with refcnt 0 belongs to a transaction that has not been
// installed yet (log.c), so it must stay in the cache until the log writes it
// home. Caller holds bcache.lock.
static struct buf*
victim(void)
{
  struct buf *p;

  for(p = bcache.head.prev; p != &bcache.head; p = p->prev)
    if(p->refcnt == 0 && !(p->flags & B_DIRTY))
      return p;
  return 0;
}

// Find the buffer for (dev, blockno), or recycle an idle one for it, and lock
// it. A recycled buffer has flags 0, so its data is not valid yet.
static struct buf*
bget(uint dev, uint blockno)
{
  struct buf *hit;

  acquire(&bcache.lock);
  hit = lookup(dev, blockno);
  if(hit == 0){
    hit = victim();
    // NBUF covers what the log pins plus what every process can hold at once
    // (param.h), so running out means a kernel bug, not a user action.
    if(hit == 0)
      panic("bget: no buffers");
    hit->flags = 0;
    hit->refcnt = 0;
    hit->blockno = blockno;
    hit->dev = dev;
  }
  hit->refcnt += 1;
  release(&bcache.lock);

  acquiresleep(&hit->lock);
  return hit;
}

// Return a locked buffer holding the current contents of block blockno of disk
// dev. Expects: the caller will brelse() it. Never fails (sleeps for the disk
// if needed).
struct buf*
bread(uint dev, uint blockno)
{
  struct buf *got = bget(dev, blockno);

  if(!(got->flags & B_VALID))
    iderw(got);   // fresh buffer: fetch the block
  return got;
}

// Write b's data to disk now, bypassing the log. Expects: the caller holds
// b->lock. File-system code inside a transaction must use log_write() instead.
void
bwrite(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("bwrite: buffer not locked");
  b->flags |= B_DIRTY;
  iderw(b);
}

// Give back a buffer obtained from bread(). Expects: the caller holds b->lock
// and does not touch b afterwards. When its last user lets go it becomes the
// most recently used buffer.
void
brelse(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("brelse: buffer not locked");
  releasesleep(&b->lock);

  acquire(&bcache.lock);
  if(b->refcnt < 1)
    panic("brelse: refcnt already 0");
  if(--b->refcnt == 0){
    lru_unlink(b);
    lru_push_front(b);
  }
  release(&bcache.lock);
}
