// file.c: open files. A struct file is what a file descriptor points at: a pipe end or an
// inode plus a read/write offset. fork and dup share one struct file between descriptors.
// Also home of the device switch, devsw[].

#include "types.h"
#include "defs.h"
#include "param.h"
#include "fs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"

// Read/write functions per device major number; drivers fill in their slot at boot
// (console.c fills devsw[CONSOLE]).
struct devsw devsw[NDEV];

// ftable.lock protects every entry's ref (0 = slot free) and the claiming of free slots.
// The other fields are set up by whoever allocated the entry, before it is shared, and do
// not change afterwards, except off, which fileread/filewrite update under the inode lock.
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

// Claim a free file-table entry. Returns it with ref 1 and type FD_NONE (the caller fills
// it in), or 0 if all NFILE entries are in use.
struct file*
filealloc(void)
{
  struct file *f;

  acquire(&ftable.lock);
  for(f = ftable.file; f < ftable.file + NFILE; f++){
    if(f->ref == 0){
      f->ref = 1;
      f->type = FD_NONE;
      f->readable = 0;
      f->writable = 0;
      f->pipe = 0;
      f->ip = 0;
      f->off = 0;
      release(&ftable.lock);
      return f;
    }
  }
  release(&ftable.lock);
  return 0;
}

// Add a reference to f (for dup or fork). Returns f.
struct file*
filedup(struct file *f)
{
  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("filedup: file not open");
  f->ref++;
  release(&ftable.lock);
  return f;
}

// Drop a reference to f; the last one closes the pipe end or releases the inode.
// Must not be called inside an operation (it may start one).
void
fileclose(struct file *f)
{
  struct file copy;

  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("fileclose: file not open");
  f->ref--;
  if(f->ref > 0){
    release(&ftable.lock);
    return;
  }
  // Last reference: free the slot, then release what it pointed at without the lock
  // (both pipeclose and iput may sleep).
  copy = *f;
  f->type = FD_NONE;
  release(&ftable.lock);

  if(copy.type == FD_PIPE){
    pipeclose(copy.pipe, copy.writable);
  } else if(copy.type == FD_INODE){
    begin_op();
    iput(copy.ip);
    end_op();
  }
}

// Describe f's inode in *st. Returns 0, or -1 if f is not an inode.
int
filestat(struct file *f, struct stat *st)
{
  if(f->type != FD_INODE)
    return -1;
  ilock(f->ip);
  stati(f->ip, st);
  iunlock(f->ip);
  return 0;
}

// Read up to n bytes from f into addr and advance the offset.
// Returns the bytes read (0 at end of file), or -1 if f is not readable or the read fails.
int
fileread(struct file *f, char *addr, int n)
{
  int r;

  if(!f->readable || n < 0)
    return -1;
  if(f->type == FD_PIPE)
    return piperead(f->pipe, addr, n);
  if(f->type == FD_INODE){
    ilock(f->ip);
    r = readi(f->ip, addr, f->off, n);
    if(r > 0)
      f->off += r;
    iunlock(f->ip);
    return r;
  }
  panic("fileread: bad file type");
}

// Write n bytes from addr to f and advance the offset.
// Returns n, or -1 if f is not writable or not all n bytes could be written (disk full,
// maximum file size, reader gone); bytes written before the failure stay written.
int
filewrite(struct file *f, char *addr, int n)
{
  int r, done, chunk, max;

  if(!f->writable || n < 0)
    return -1;
  if(f->type == FD_PIPE)
    return pipewrite(f->pipe, addr, n);
  if(f->type != FD_INODE)
    panic("filewrite: bad file type");

  // One operation may log MAXOPBLOCKS blocks. Writing a chunk touches the inode block,
  // the indirect block, and bitmap blocks for what it allocates, plus the data blocks,
  // some of them possibly partial at both ends; halving what is left is a safe bound.
  max = ((MAXOPBLOCKS-1-1-2) / 2) * BSIZE;
  for(done = 0; done < n; done += r){
    chunk = n - done;
    if(chunk > max)
      chunk = max;

    begin_op();
    ilock(f->ip);
    r = writei(f->ip, addr + done, f->off, chunk);
    if(r > 0)
      f->off += r;
    iunlock(f->ip);
    end_op();

    if(r != chunk)
      return -1;
  }
  return n;
}
