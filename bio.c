// bio.c: the buffer cache. A fixed pool of NBUF block buffers sits between the file system
// and the disk driver: it keeps recently used blocks in memory, and guarantees that at most
// one buffer holds a given disk block, so every user of that block sees the same copy.
//
// Interface: bread() returns a locked buffer holding the block's contents; the caller may
// change b->data and bwrite() it (or log_write() it inside a transaction); brelse() gives it
// back. A buffer is used by one thread at a time: hold it only as long as needed.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"

// bcache.lock protects, for every buffer: dev, blockno, refcnt, prev and next.
// A buffer's own sleeplock protects its flags and data while it is in use.
// The list is circular through the sentinel lru: lru.next is the most recently released
// buffer, lru.prev the least recently released one (the first to reuse).
_Static_assert(NBUF >= NPROC*3 + LOGSIZE, "NBUF too small: bget could run out (param.h)");

static struct {
  struct spinlock lock;
  struct buf buf[NBUF];
  struct buf lru;
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
  b->next = bcache.lru.next;
  b->prev = &bcache.lru;
  bcache.lru.next->prev = b;
  bcache.lru.next = b;
}

// Set up the cache. Call once at boot, before any bread().
void
binit(void)
{
  struct buf *b;

  initlock(&bcache.lock, "bcache");
  bcache.lru.next = &bcache.lru;
  bcache.lru.prev = &bcache.lru;
  for(b = bcache.buf; b < bcache.buf + NBUF; b++){
    initsleeplock(&b->lock, "buffer");
    b->dev = (uint)-1;   // holds no block yet: matches no real device
    b->blockno = 0;
    b->refcnt = 0;
    b->flags = 0;
    lru_push_front(b);
  }
}

// Find the buffer for (dev, blockno), or recycle an idle one for it, and lock it.
// A recycled buffer has flags 0, so its data is not valid yet.
static struct buf*
bget(uint dev, uint blockno)
{
  struct buf *b;

  acquire(&bcache.lock);

  // Already cached?
  for(b = bcache.lru.next; b != &bcache.lru; b = b->next){
    if(b->dev == dev && b->blockno == blockno){
      b->refcnt++;
      release(&bcache.lock);
      acquiresleep(&b->lock);
      return b;
    }
  }

  // Not cached: take the least recently used buffer that nobody holds. A dirty buffer
  // with refcnt 0 belongs to a transaction that has not been installed yet (log.c), so it
  // must stay in the cache until the log writes it home.
  for(b = bcache.lru.prev; b != &bcache.lru; b = b->prev){
    if(b->refcnt == 0 && (b->flags & B_DIRTY) == 0){
      b->dev = dev;
      b->blockno = blockno;
      b->flags = 0;
      b->refcnt = 1;
      release(&bcache.lock);
      acquiresleep(&b->lock);
      return b;
    }
  }

  // NBUF covers what the log pins plus what every process can hold at once (param.h),
  // so running out means a kernel bug, not a user action.
  panic("bget: no buffers");
}

// Return a locked buffer holding the current contents of block blockno of disk dev.
// Expects: the caller will brelse() it. Never fails (sleeps for the disk if needed).
struct buf*
bread(uint dev, uint blockno)
{
  struct buf *b;

  b = bget(dev, blockno);
  if((b->flags & B_VALID) == 0)
    iderw(b);
  return b;
}

// Write b's data to disk now, bypassing the log. Expects: the caller holds b->lock.
// File-system code inside a transaction must use log_write() instead.
void
bwrite(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("bwrite: buffer not locked");
  b->flags |= B_DIRTY;
  iderw(b);
}

// Give back a buffer obtained from bread(). Expects: the caller holds b->lock and does not
// touch b afterwards. When its last user lets go it becomes the most recently used buffer.
void
brelse(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("brelse: buffer not locked");

  releasesleep(&b->lock);

  acquire(&bcache.lock);
  if(b->refcnt == 0)
    panic("brelse: refcnt already 0");
  b->refcnt--;
  if(b->refcnt == 0){
    lru_unlink(b);
    lru_push_front(b);
  }
  release(&bcache.lock);
}
