// pipe.c: pipes. A pipe is a circular byte buffer in one kernel page with a
// read end and a write end, each a struct file. Readers sleep while it is
// empty, writers while it is full.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "mmu.h"
#include "proc.h"
#include "fs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"

#define PIPESIZE 512

// lock protects every field. nread and nwrite count bytes ever read and
// written; they only grow (wrapping is harmless: only their difference
// matters), buf[i % PIPESIZE] is the byte at position i. The pipe is empty when
// nread == nwrite, full when nwrite == nread + PIPESIZE. Readers sleep on
// &nread, writers on &nwrite.
struct pipe {
  struct spinlock lock;
  uint nread;
  uint nwrite;
  int readopen;   // the read end is still open
  int writeopen;  // the write end is still open
  char buf[PIPESIZE];
};

_Static_assert(sizeof(struct pipe) <= PGSIZE,
               "struct pipe must fit in the page kalloc gives");

// Turn the fresh file f into the read end (writable 0) or write end (writable
// 1) of p.
static void
pipeend(struct file *f, struct pipe *p, int writable)
{
  f->type = FD_PIPE;
  f->pipe = p;
  f->writable = writable;
  f->readable = !writable;
}

// Make a pipe and a file for each end: *rf reads, *wf writes. Returns 0, or -1
// (with nothing allocated and *rf, *wf zero) if memory or file-table slots run
// out.
int
pipealloc(struct file **rf, struct file **wf)
{
  struct file *r, *w;
  struct pipe *p;

  *rf = 0;
  *wf = 0;
  r = filealloc();
  w = r ? filealloc() : 0;
  p = w ? (struct pipe*)kalloc() : 0;
  if(p == 0){
    // The files are still FD_NONE, so closing them only frees their slots.
    if(w)
      fileclose(w);
    if(r)
      fileclose(r);
    return -1;
  }

  initlock(&p->lock, "pipe");
  p->nread = p->nwrite = 0;
  p->readopen = p->writeopen = 1;
  pipeend(r, p, 0);
  pipeend(w, p, 1);
  *rf = r;
  *wf = w;
  return 0;
}

// Close one end of p (the write end if writable, else the read end) and wake
// whoever waits on the other end. The second close frees the pipe.
void
pipeclose(struct pipe *p, int writable)
{
  int gone;

  acquire(&p->lock);
  if(writable == 0){
    p->readopen = 0;
    wakeup(&p->nwrite);     // writers now fail
  } else {
    p->writeopen = 0;
    wakeup(&p->nread);     // readers now see end of file
  }
  gone = !p->readopen && !p->writeopen;
  release(&p->lock);
  if(gone)
    kfree((char*)p);
}

// Write n bytes from addr into p, sleeping whenever it is full. Returns n, or
// -1 if the read end is closed or the calling process is killed first (bytes
// already in the pipe stay there).
int
pipewrite(struct pipe *p, char *addr, int n)
{
  int sent;

  acquire(&p->lock);
  for(sent = 0; sent < n; sent++){
    // Full: wake a reader to drain it, and wait until one has.
    while(p->nwrite - p->nread == PIPESIZE && p->readopen &&
          !myproc()->killed){
      wakeup(&p->nread);
      sleep(&p->nwrite, &p->lock);
    }
    if(!p->readopen || myproc()->killed){
      // Nobody will ever read this, or we are being killed.
      wakeup(&p->nread);
      release(&p->lock);
      return -1;
    }
    p->buf[p->nwrite % PIPESIZE] = addr[sent];
    p->nwrite++;
  }
  wakeup(&p->nread);      // there may be new bytes for a sleeping reader
  release(&p->lock);
  return n;
}

// Read up to n bytes from p into addr. Sleeps while p is empty and its write
// end is open. Returns the bytes read (at least 1 if n > 0), 0 at end of file
// (empty and no writer), or -1 if the calling process is killed while waiting.
int
piperead(struct pipe *p, char *addr, int n)
{
  int got;

  acquire(&p->lock);
  while(p->writeopen && p->nread == p->nwrite){
    if(myproc()->killed){
      release(&p->lock);
      return -1;
    }
    sleep(&p->nread, &p->lock);
  }
  got = 0;
  while(got < n && p->nread != p->nwrite){
    addr[got] = p->buf[p->nread % PIPESIZE];
    p->nread++;
    got++;
  }
  wakeup(&p->nwrite);
  release(&p->lock);
  return got;
}
