// ide.c: driver for the primary ATA (IDE) controller, using programmed I/O and
// interrupts. Callers queue buffers with iderw(); the controller works on one
// request at a time and raises IRQ 14 when it finishes, at which point
// ideintr() completes it and starts the next.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"
#include "traps.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "ide.h"

// A block is one sector; idestart relies on it.
_Static_assert(BSIZE == SECTSIZE, "ide.c assumes one sector per block");

// idelock protects idequeue, havedisk1, and the controller's registers: whoever
// holds it may talk to the disk. The head of idequeue is the request the
// controller is working on.
static struct spinlock idelock;
static struct buf *idequeue;
static int havedisk1;

// Spin until the controller is idle and ready. Returns the final status byte.
static int
idewait(void)
{
  int st;

  do
    st = inb(IDE_STATUS);
  while((st & (IDE_BUSY|IDE_READY)) != IDE_READY);
  return st;
}

// Set up the controller and its interrupt. Call once, on the boot CPU, before
// any iderw(). The IDE interrupt is routed to the last CPU. Records whether
// disk 1 (the file system) is present; iderw() panics later if it is asked for
// a missing disk.
void
ideinit(void)
{
  int tries;

  initlock(&idelock, "ide");
  ioapicenable(IRQ_IDE, ncpu - 1);
  idewait();

  // Select disk 1 and see whether anything answers: an absent drive reads back
  // status 0.
  outb(IDE_SELECT, IDE_SELECTBYTE(1, 0));
  for(tries = 1000; tries > 0 && !havedisk1; tries--)
    havedisk1 = inb(IDE_STATUS) != 0;
  outb(IDE_SELECT, IDE_SELECTBYTE(0, 0));
}

// Issue the command for b to the controller. Caller holds idelock and b is the
// queue head.
static void
idestart(struct buf *b)
{
  uint lba;
  int writing;

  if(b == 0)
    panic("idestart: null buffer");
  if(b->blockno >= FSSIZE)
    panic("idestart: block number out of range");
  lba = b->blockno;   // one sector per block
  writing = (b->flags & B_DIRTY) != 0;

  idewait();
  outb(IDE_CTRL, 0);
  outb(IDE_COUNT, 1);
  outb(IDE_LBALO, lba);
  outb(IDE_LBAMID, lba >> 8);
  outb(IDE_LBAHI, lba >> 16);
  outb(IDE_SELECT, IDE_SELECTBYTE(b->dev, lba));
#ifdef DEBUGHOOKS
  if(writing)
    kdebug_diskwrite();   // a test's power cut may stop the machine here
#endif
  outb(IDE_CMD, writing ? IDE_WRITE : IDE_READ);
  if(writing)
    outsl(IDE_DATA, b->data, BSIZE/4);
}

// The disk finished the request at the head of the queue: finish it, wake its
// waiter, and hand the controller the next request. Called from trap() on
// IRQ_IDE.
void
ideintr(void)
{
  struct buf *done;

  acquire(&idelock);
  done = idequeue;
  // done == 0 is an interrupt with nothing outstanding (e.g. left over from the
  // probe): ignore it.
  if(done){
    idequeue = done->qnext;

    // For a read, the sector now waits in the controller's buffer.
    if((done->flags & B_DIRTY) == 0){
      if(idewait() & (IDE_FAULT|IDE_ERROR))
        panic("ideintr: disk read failed");
      insl(IDE_DATA, done->data, BSIZE/4);
    }
    done->flags = (done->flags | B_VALID) & ~B_DIRTY;
    wakeup(done);

    if(idequeue)
      idestart(idequeue);
  }
  release(&idelock);
}

// Bring b up to date with the disk: write it if B_DIRTY is set, otherwise read
// it. Caller holds b->lock, and there is something to do (not just B_VALID).
// Returns when the transfer is done, with B_VALID set and B_DIRTY clear. Sleeps
// meanwhile.
void
iderw(struct buf *b)
{
  struct buf *tail;

  if(!holdingsleep(&b->lock))
    panic("iderw: buffer not locked");
  if((b->flags & (B_VALID|B_DIRTY)) == B_VALID)
    panic("iderw: nothing to do");
  if(b->dev > 1)
    panic("iderw: no such disk");
  if(b->dev == 1 && !havedisk1)
    panic("iderw: disk 1 not present");

  acquire(&idelock);
  b->qnext = 0;
  if(idequeue == 0){
    // The controller is idle: start this request now.
    idequeue = b;
    idestart(b);
  } else {
    // Busy: append; ideintr reaches it when the ones ahead finish.
    tail = idequeue;
    while(tail->qnext)
      tail = tail->qnext;
    tail->qnext = b;
  }

  // ideintr clears B_DIRTY and sets B_VALID when the transfer is done.
  while((b->flags & (B_VALID|B_DIRTY)) != B_VALID)
    sleep(b, &idelock);
  release(&idelock);
}
