// log.c: a write-ahead log that makes each file-system operation atomic across
// crashes. An operation brackets its block updates with begin_op()/end_op() and
// records each modified buffer with log_write(). When no operation is left
// running, the whole group is committed at once: copies go to the on-disk log,
// the log header is written (the commit point), the copies are installed in
// their home blocks, and the header is cleared. At boot, initlog() replays any
// committed group a crash interrupted.
//
// On-disk log area (sb.logstart, sb.nlog blocks):
//   [ header: n, block[0..n-1] | copy of block[0] | copy of block[1] | ... ]

#include "types.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"

// The header block, in memory and on disk: how many blocks are logged, and
// where each one belongs. n == 0 on disk means no committed transaction awaits
// installation.
struct logheader {
  int n;
  int block[LOGSIZE];
};

_Static_assert(sizeof(struct logheader) <= BSIZE,
               "log header must fit in one block");

// log.lock protects outstanding, committing and lh. Only the thread that set
// committing touches the disk log, and it does so without the lock (no new op
// can start meanwhile).
static struct {
  struct spinlock lock;
  int dev;
  int start;         // block number of the header
  // blocks one group may log: min(LOGSIZE, on-disk log size - header)
  int size;
  int outstanding;        // operations between begin_op and end_op
  int committing;    // 1 while commit() runs; new operations wait
  struct logheader lh;
} log;

// Block number of log slot i (the copy of lh.block[i]); slot 0 follows the
// header.
static int
slotblock(int i)
{
  return log.start + 1 + i;
}

// Load the on-disk header into log.lh.
static void
read_head(void)
{
  struct buf *hb = bread(log.dev, log.start);
  struct logheader *disk = (struct logheader*)hb->data;

  if(disk->n < 0 || disk->n > log.size)
    panic("read_head: corrupt log header");
  log.lh.n = disk->n;
  memmove(log.lh.block, disk->block, disk->n * sizeof(disk->block[0]));
  brelse(hb);
}

// Store log.lh in the on-disk header. With n > 0 this is the moment a
// transaction commits.
static void
write_head(void)
{
  struct buf *hb = bread(log.dev, log.start);
  struct logheader *disk = (struct logheader*)hb->data;

  disk->n = log.lh.n;
  memmove(disk->block, log.lh.block, log.lh.n * sizeof(log.lh.block[0]));
  bwrite(hb);
  brelse(hb);
}

// Copy block src of the log device onto block dst and write dst to disk.
static void
copyblock(int src, int dst)
{
  struct buf *s = bread(log.dev, src);
  struct buf *d = bread(log.dev, dst);

  memmove(d->data, s->data, BSIZE);
  bwrite(d);
  brelse(s);
  brelse(d);
}

// Copy each cached block named in the header into its slot in the log area.
static void
write_log(void)
{
  int i;

  for(i = 0; i < log.lh.n; i++)
    copyblock(log.lh.block[i], slotblock(i));
}

// Copy each logged block from the log area to its home location. Writing the
// home buffer clears its B_DIRTY, which lets the cache recycle it.
static void
install_trans(void)
{
  int i;

  for(i = 0; i < log.lh.n; i++)
    copyblock(slotblock(i), log.lh.block[i]);
}

// Mark the log empty, in memory and on disk: the log area may now be reused.
static void
clear_log(void)
{
  log.lh.n = 0;
  write_head();
}

// At boot: finish installing a transaction that committed before a crash (if
// any), then empty the log. A crash before the commit point left n == 0 on
// disk: nothing happens.
static void
recover_from_log(void)
{
  read_head();
  install_trans();
  clear_log();
}

// Make the group logged since the last commit durable. Caller has set
// log.committing and does not hold log.lock.
static void
commit(void)
{
  if(log.lh.n > 0){
    write_log();
    write_head();     // commit point
    install_trans();
    clear_log();
  }
}

// Set up the log for disk dev and recover from a crash. Call once, from a
// process context (it sleeps on the disk), before the first begin_op().
void
initlog(int dev)
{
  struct superblock sb;
  int avail;

  initlock(&log.lock, "log");
  readsb(dev, &sb);
  log.dev = dev;
  log.start = sb.logstart;
  avail = sb.nlog - 1;   // every log block but the header
  log.size = avail < LOGSIZE ? avail : LOGSIZE;
  if(log.size < MAXOPBLOCKS)
    panic("initlog: log area too small");

  recover_from_log();
}

// Could one more operation start now without risking a log overflow? Caller
// holds log.lock.
static int
admissible(void)
{
  int reserved = (log.outstanding + 1) * MAXOPBLOCKS;

  return !log.committing && log.lh.n + reserved <= log.size;
}

// Start a file-system operation. Sleeps while a commit runs, or while admitting
// one more operation could overflow the log (each may log up to MAXOPBLOCKS
// distinct blocks).
void
begin_op(void)
{
  acquire(&log.lock);
  while(!admissible())
    sleep(&log, &log.lock);
  log.outstanding += 1;
  release(&log.lock);
}

// End an operation begun with begin_op(). The last one to end commits the
// group.
void
end_op(void)
{
  int last;

  acquire(&log.lock);
  if(log.outstanding <= 0)
    panic("end_op: no operation in progress");
  if(log.committing)
    panic("end_op: commit already running");
  log.outstanding -= 1;
  last = (log.outstanding == 0);
  log.committing = last;
  if(!last)
    // this operation's reservation is free: a waiting begin_op may fit
    wakeup(&log);
  release(&log.lock);
  if(!last)
    return;

  commit();

  acquire(&log.lock);
  wakeup(&log);
  log.committing = 0;
  release(&log.lock);
}

// Use instead of bwrite() inside an operation: note that b must be committed
// with the current group and keep it in the cache (B_DIRTY) until then. Logging
// the same block twice uses one slot. Expects: between begin_op and end_op,
// b->lock held; the caller then brelse()s b as usual.
void
log_write(struct buf *b)
{
  int slot;

  if(!holdingsleep(&b->lock))
    panic("log_write: buffer not locked");

  acquire(&log.lock);
  if(log.outstanding <= 0)
    panic("log_write: outside of a transaction");
  slot = 0;
  while(slot < log.lh.n && log.lh.block[slot] != b->blockno)
    slot++;
  if(slot == log.lh.n){
    // Not yet in this group: take a new slot.
    if(log.lh.n >= log.size)
      panic("log_write: transaction too big");
    log.lh.block[log.lh.n++] = b->blockno;
  }
  b->flags |= B_DIRTY;
  release(&log.lock);
}
