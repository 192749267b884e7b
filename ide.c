// ide.c: driver for the primary ATA (IDE) controller, using programmed I/O and interrupts.
// Callers queue buffers with iderw(); the controller works on one request at a time and
// raises IRQ 14 when it finishes, at which point ideintr() completes it and starts the next.

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

#define SECTSIZE 512   // bytes in an ATA sector

// I/O ports of the primary channel's command block and control register.
#define IDE_DATA    0x1F0   // 16/32-bit data window
#define IDE_NSECT   0x1F2   // sector count
#define IDE_LBA0    0x1F3   // LBA bits 0..7
#define IDE_LBA1    0x1F4   // LBA bits 8..15
#define IDE_LBA2    0x1F5   // LBA bits 16..23
#define IDE_DRIVE   0x1F6   // 0xE0 | drive<<4 | LBA bits 24..27
#define IDE_STATUS  0x1F7   // read: status
#define IDE_COMMAND 0x1F7   // write: command
#define IDE_CTRL    0x3F6   // device control; writing 0 leaves interrupts enabled (nIEN=0)

// Status register bits.
#define IDE_BSY  0x80   // controller busy; the other bits mean nothing while set
#define IDE_DRDY 0x40   // drive ready for a command
#define IDE_DF   0x20   // drive fault
#define IDE_ERR  0x01   // the last command failed

// Commands (28-bit LBA, one sector each).
#define IDE_CMD_READ  0x20
#define IDE_CMD_WRITE 0x30

// A block is one sector; idestart relies on it.
_Static_assert(BSIZE == SECTSIZE, "ide.c assumes one sector per block");

// idelock protects idequeue, havedisk1, and the controller's registers: whoever holds it
// may talk to the disk. The head of idequeue is the request the controller is working on.
static struct spinlock idelock;
static struct buf *idequeue;
static int havedisk1;

// Spin until the controller is idle and ready. With checkerr set, report a failed command.
// Returns 0, or -1 if checkerr and the drive flagged a fault or an error.
static int
idewait(int checkerr)
{
  int st;

  while(((st = inb(IDE_STATUS)) & (IDE_BSY|IDE_DRDY)) != IDE_DRDY)
    ;
  if(checkerr && (st & (IDE_DF|IDE_ERR)) != 0)
    return -1;
  return 0;
}

// Set up the controller and its interrupt. Call once, on the boot CPU, before any iderw().
// The IDE interrupt is routed to the last CPU. Records whether disk 1 (the file system)
// is present; iderw() panics later if it is asked for a missing disk.
void
ideinit(void)
{
  int i;

  initlock(&idelock, "ide");
  ioapicenable(IRQ_IDE, ncpu - 1);
  idewait(0);

  // Select disk 1 and see whether anything answers: an absent drive reads back status 0.
  outb(IDE_DRIVE, 0xE0 | (1<<4));
  for(i = 0; i < 1000; i++){
    if(inb(IDE_STATUS) != 0){
      havedisk1 = 1;
      break;
    }
  }
  outb(IDE_DRIVE, 0xE0 | (0<<4));
}

// Issue the command for b to the controller. Caller holds idelock and b is the queue head.
static void
idestart(struct buf *b)
{
  uint sector;

  if(b == 0)
    panic("idestart: null buffer");
  if(b->blockno >= FSSIZE)
    panic("idestart: block number out of range");
  sector = b->blockno;   // one sector per block

  idewait(0);
  outb(IDE_CTRL, 0);
  outb(IDE_NSECT, 1);
  outb(IDE_LBA0, sector & 0xFF);
  outb(IDE_LBA1, (sector >> 8) & 0xFF);
  outb(IDE_LBA2, (sector >> 16) & 0xFF);
  outb(IDE_DRIVE, 0xE0 | ((b->dev & 1) << 4) | ((sector >> 24) & 0x0F));
  if(b->flags & B_DIRTY){
    outb(IDE_COMMAND, IDE_CMD_WRITE);
    outsl(IDE_DATA, b->data, BSIZE/4);
  } else {
    outb(IDE_COMMAND, IDE_CMD_READ);
  }
}

// The disk finished the request at the head of the queue: finish it, wake its waiter,
// and hand the controller the next request. Called from trap() on IRQ_IDE.
void
ideintr(void)
{
  struct buf *b;

  acquire(&idelock);
  b = idequeue;
  if(b == 0){
    // An interrupt with nothing outstanding (e.g. left over from the probe): ignore it.
    release(&idelock);
    return;
  }
  idequeue = b->qnext;

  // For a read, the sector now waits in the controller's buffer.
  if(!(b->flags & B_DIRTY)){
    if(idewait(1) < 0)
      panic("ideintr: disk read failed");
    insl(IDE_DATA, b->data, BSIZE/4);
  }

  b->flags |= B_VALID;
  b->flags &= ~B_DIRTY;
  wakeup(b);

  if(idequeue != 0)
    idestart(idequeue);
  release(&idelock);
}

// Bring b up to date with the disk: write it if B_DIRTY is set, otherwise read it.
// Expects: the caller holds b->lock, and there is something to do (not just B_VALID).
// Returns when the transfer is done, with B_VALID set and B_DIRTY clear. Sleeps meanwhile.
void
iderw(struct buf *b)
{
  struct buf **pp;

  if(!holdingsleep(&b->lock))
    panic("iderw: buffer not locked");
  if((b->flags & (B_VALID|B_DIRTY)) == B_VALID)
    panic("iderw: nothing to do");
  if(b->dev > 1)
    panic("iderw: no such disk");
  if(b->dev == 1 && !havedisk1)
    panic("iderw: disk 1 not present");

  acquire(&idelock);

  // Append to the tail of the queue.
  b->qnext = 0;
  for(pp = &idequeue; *pp != 0; pp = &(*pp)->qnext)
    ;
  *pp = b;

  // If the controller was idle, start this request now; otherwise ideintr will reach it.
  if(idequeue == b)
    idestart(b);

  // ideintr clears B_DIRTY and sets B_VALID when the transfer is done.
  while((b->flags & (B_VALID|B_DIRTY)) != B_VALID)
    sleep(b, &idelock);

  release(&idelock);
}
