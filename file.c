// file.c: open files. A struct file is what a file descriptor points at: a pipe
// end or an inode plus a read/write offset. fork and dup share one struct file
// between descriptors. Also home of the device switch, devsw[].

#include "types.h"
#include "defs.h"
#include "param.h"
#include "fs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"
#include "net.h"

// Read/write functions per device major number; drivers fill in their slot at
// boot (console.c fills devsw[CONSOLE]).
struct devsw devsw[NDEV];

// ftable.lock protects every slot's ref (0 = slot free) and the claiming of
// free slots. The other fields are set up by whoever allocated the slot, before
// it is shared, and do not change afterwards, except off, which
// fileread/filewrite update under the inode lock.
static struct {
  struct spinlock lock;
  struct file file[NFILE];
} ftable;

// Set up the file table. Call once at boot.
void
fileinit(void)
{
  initlock(&ftable.lock, "ftable");
}

// For kstat(): how many file-table entries are in use (ref > 0).
int
fileinuse(void)
{
  int i, n = 0;

  acquire(&ftable.lock);
  for(i = 0; i < NFILE; i++)
    n += ftable.file[i].ref > 0;
  release(&ftable.lock);
  return n;
}

// Claim a free file-table entry. Returns it with ref 1 and type FD_NONE (the
// caller fills it in), or 0 if all NFILE entries are in use.
struct file*
filealloc(void)
{
  struct file *found = 0;
  int i;

  acquire(&ftable.lock);
  for(i = 0; i < NFILE && found == 0; i++)
    if(ftable.file[i].ref == 0)
      found = &ftable.file[i];
  if(found)
    found->ref = 1;   // claimed: nobody else can take it now
  release(&ftable.lock);

  if(found){
    found->type = FD_NONE;
    found->readable = found->writable = 0;
    found->ip = 0;
    found->pipe = 0;
    found->sock = 0;
    found->off = 0;
  }
  return found;
}

// Add a reference to f (for dup or fork). Returns f.
struct file*
filedup(struct file *f)
{
  acquire(&ftable.lock);
  if(f->ref <= 0)
    panic("filedup: file not open");
  f->ref += 1;
  release(&ftable.lock);
  return f;
}

// Drop a reference to f; the last one closes the pipe end or releases the
// inode. Must not be called inside an operation (it may start one).
void
fileclose(struct file *f)
{
  struct file last;
  int remaining;

  acquire(&ftable.lock);
  if(f->ref <= 0)
    panic("fileclose: file not open");
  remaining = --f->ref;
  if(remaining == 0){
    // Free the slot now; release what it pointed at after dropping the lock
    // (both pipeclose and iput may sleep).
    last = *f;
    f->type = FD_NONE;
  }
  release(&ftable.lock);
  if(remaining > 0)
    return;

  switch(last.type){
  case FD_PIPE:
    pipeclose(last.pipe, last.writable);
    break;
  case FD_INODE:
    begin_op();
    iput(last.ip);
    end_op();
    break;
  case FD_SOCK:
    sockclose(last.sock);
    break;
  default:
    break;
  }
}

// Describe f's inode in *st. Returns 0, or -1 if f is not an inode.
int
filestat(struct file *f, struct stat *st)
{
  struct inode *ip;

  if(f->type != FD_INODE)
    return -1;
  ip = f->ip;
  ilock(ip);
  stati(ip, st);
  iunlock(ip);
  return 0;
}

// Read up to n bytes from f into addr and advance the offset. Returns the bytes
// read (0 at end of file), or -1 if f is not readable or the read fails.
int
fileread(struct file *f, char *addr, int n)
{
  int got;

  if(n < 0 || f->readable == 0)
    return -1;
  switch(f->type){
  case FD_PIPE:
    return piperead(f->pipe, addr, n);
  case FD_SOCK:
    return sockread(f->sock, addr, n);
  case FD_INODE:
    ilock(f->ip);
    got = readi(f->ip, addr, f->off, n);
    if(got > 0)
      f->off += got;
    iunlock(f->ip);
    return got;
  default:
    panic("fileread: bad file type");
  }
}

// Write one chunk of at most the per-operation size at f's offset, in its own
// transaction. Returns what writei returned.
static int
writechunk(struct file *f, char *src, int len)
{
  int put;

  begin_op();
  ilock(f->ip);
  put = writei(f->ip, src, f->off, len);
  if(put > 0)
    f->off += put;
  iunlock(f->ip);
  end_op();
  return put;
}

// Write n bytes from addr to f and advance the offset. Returns n, or -1 if f is
// not writable or not all n bytes could be written (disk full, maximum file
// size, reader gone); bytes written before the failure stay written.
int
filewrite(struct file *f, char *addr, int n)
{
  // One operation may log MAXOPBLOCKS blocks. Writing a chunk touches the inode
  // block, the indirect block, and bitmap blocks for what it allocates, plus
  // the data blocks, some of them possibly partial at both ends; halving what
  // is left is a safe bound.
  enum { PERCHUNK = ((MAXOPBLOCKS - 4) / 2) * BSIZE };
  int left, len;

  if(n < 0 || f->writable == 0)
    return -1;
  if(f->type == FD_PIPE)
    return pipewrite(f->pipe, addr, n);
  if(f->type == FD_SOCK)
    return sockwrite(f->sock, addr, n);
  if(f->type != FD_INODE)
    panic("filewrite: bad file type");

  for(left = n; left > 0; left -= len){
    len = left < PERCHUNK ? left : PERCHUNK;
    if(writechunk(f, addr + (n - left), len) != len)
      return -1;
  }
  return n;
}
