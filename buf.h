// buf.h: one block in the buffer cache (bio.c).
#ifndef XV6_BUF_H
#define XV6_BUF_H
struct buf {
  int flags;            // B_VALID, B_DIRTY
  uint dev;
  uint blockno;
  struct sleeplock lock;   // held by whoever uses data
  uint refcnt;          // protected by the cache lock
  struct buf *prev;     // LRU list, most recently used first
  struct buf *next;
  struct buf *qnext;    // IDE request queue
  uchar data[BSIZE];
};
#define B_VALID 0x2  // data has been read from disk
#define B_DIRTY 0x4  // data must be written to disk
#endif
