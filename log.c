// log.c: a write-ahead log that makes each file-system operation atomic across crashes.
// An operation brackets its block updates with begin_op()/end_op() and records each
// modified buffer with log_write(). When no operation is left running, the whole group is
// committed at once: copies go to the on-disk log, the log header is written (the commit
// point), the copies are installed in their home blocks, and the header is cleared.
// At boot, initlog() replays any committed group a crash interrupted.
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

// The header block, in memory and on disk: how many blocks are logged, and where each
// one belongs. n == 0 on disk means no committed transaction awaits installation.
struct logheader {
  int n;
  int block[LOGSIZE];
};

_Static_assert(sizeof(struct logheader) <= BSIZE, "log header must fit in one block");

// log.lock protects outstanding, committing and lh. Only the thread that set committing
// touches the disk log, and it does so without the lock (no new op can start meanwhile).
static struct {
  struct spinlock lock;
  int dev;
  int start;         // block number of the header
  int cap;           // blocks one group may log: min(LOGSIZE, on-disk log size - header)
  int outstanding;   // operations between begin_op and end_op
  int committing;    // 1 while commit() runs; new operations wait
  struct logheader lh;
} log;

// Copy header block from disk into log.lh.
static void
read_head(void)
{
  struct buf *buf;
  struct logheader *hb;
  int i;

  buf = bread(log.dev, log.start);
  hb = (struct logheader*)buf->data;
  if(hb->n < 0 || hb->n > log.cap)
    panic("read_head: corrupt log header");
  log.lh.n = hb->n;
  for(i = 0; i < log.lh.n; i++)
    log.lh.block[i] = hb->block[i];
  brelse(buf);
}

// Write log.lh to the header block. With n > 0 this is the moment a transaction commits.
static void
write_head(void)
{
  struct buf *buf;
  struct logheader *hb;
  int i;

  buf = bread(log.dev, log.start);
  hb = (struct logheader*)buf->data;
  hb->n = log.lh.n;
  for(i = 0; i < log.lh.n; i++)
    hb->block[i] = log.lh.block[i];
  bwrite(buf);
  brelse(buf);
}

// Copy each cached block named in the header into its slot in the log area.
static void
write_log(void)
{
  struct buf *from, *to;
  int i;

  for(i = 0; i < log.lh.n; i++){
    from = bread(log.dev, log.lh.block[i]);
    to = bread(log.dev, log.start + 1 + i);
    memmove(to->data, from->data, BSIZE);
    bwrite(to);
    brelse(from);
    brelse(to);
  }
}

// Copy each logged block from the log area to its home location. Writing the home
// buffer clears its B_DIRTY, which lets the cache recycle it again.
static void
install_trans(void)
{
  struct buf *lbuf, *dbuf;
  int i;

  for(i = 0; i < log.lh.n; i++){
    lbuf = bread(log.dev, log.start + 1 + i);
    dbuf = bread(log.dev, log.lh.block[i]);
    memmove(dbuf->data, lbuf->data, BSIZE);
    bwrite(dbuf);
    brelse(lbuf);
    brelse(dbuf);
  }
}

// Finish a transaction that committed before a crash (if any), then empty the log.
static void
recover_from_log(void)
{
  read_head();
  install_trans();
  log.lh.n = 0;
  write_head();
}

// Make the group logged since the last commit durable. Caller has set log.committing
// and does not hold log.lock.
static void
commit(void)
{
  if(log.lh.n == 0)
    return;
  write_log();
  write_head();     // commit point
  install_trans();
  log.lh.n = 0;
  write_head();     // the log area may now be reused
}

// Set up the log for disk dev and recover from a crash. Call once, from a process context
// (it sleeps on the disk), before the first begin_op().
void
initlog(int dev)
{
  struct superblock sb;

  initlock(&log.lock, "log");
  readsb(dev, &sb);
  log.dev = dev;
  log.start = sb.logstart;
  log.cap = sb.nlog - 1;
  if(log.cap > LOGSIZE)
    log.cap = LOGSIZE;
  if(log.cap < MAXOPBLOCKS)
    panic("initlog: log area too small");
  recover_from_log();
}

// Start a file-system operation. Sleeps while a commit runs, or while admitting one more
// operation could overflow the log (each may log up to MAXOPBLOCKS distinct blocks).
void
begin_op(void)
{
  acquire(&log.lock);
  for(;;){
    if(log.committing)
      sleep(&log, &log.lock);
    else if(log.lh.n + (log.outstanding + 1) * MAXOPBLOCKS > log.cap)
      sleep(&log, &log.lock);
    else
      break;
  }
  log.outstanding++;
  release(&log.lock);
}

// End an operation begun with begin_op(). The last one to end commits the group.
void
end_op(void)
{
  int docommit = 0;

  acquire(&log.lock);
  if(log.outstanding < 1)
    panic("end_op: no operation in progress");
  if(log.committing)
    panic("end_op: commit already running");
  log.outstanding--;
  if(log.outstanding == 0){
    docommit = 1;
    log.committing = 1;
  } else {
    // This operation's reservation is free now; a waiting begin_op may fit.
    wakeup(&log);
  }
  release(&log.lock);

  if(docommit){
    commit();
    acquire(&log.lock);
    log.committing = 0;
    wakeup(&log);
    release(&log.lock);
  }
}

// Use instead of bwrite() inside an operation: note that b must be committed with the
// current group and keep it in the cache (B_DIRTY) until then. Logging the same block
// twice uses one slot. Expects: between begin_op and end_op, b->lock held; the caller
// then brelse()s b as usual.
void
log_write(struct buf *b)
{
  int i;

  if(!holdingsleep(&b->lock))
    panic("log_write: buffer not locked");

  acquire(&log.lock);
  if(log.outstanding < 1)
    panic("log_write: outside of a transaction");
  for(i = 0; i < log.lh.n; i++){
    if(log.lh.block[i] == b->blockno)
      break;
  }
  if(i == log.lh.n){
    if(log.lh.n >= log.cap)
      panic("log_write: transaction too big");
    log.lh.block[i] = b->blockno;
    log.lh.n++;
  }
  b->flags |= B_DIRTY;
  release(&log.lock);
}
