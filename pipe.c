// pipe.c: pipes. A pipe is a circular byte buffer in one kernel page with a read end and a
// write end, each a struct file. Readers sleep while it is empty, writers while it is full.

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

// lock protects every field. nread and nwrite count bytes ever read and written; they only
// grow (wrapping is harmless: only their difference matters), data[i % PIPESIZE] is the
// byte at position i. The pipe is empty when nread == nwrite, full when
// nwrite == nread + PIPESIZE. Readers sleep on &nread, writers on &nwrite.
struct pipe {
  struct spinlock lock;
  char data[PIPESIZE];
  uint nread;
  uint nwrite;
  int readopen;    // the read end is still open
  int writeopen;   // the write end is still open
};

_Static_assert(sizeof(struct pipe) <= PGSIZE, "struct pipe must fit in the page kalloc gives");

// Make a pipe and a file for each end: *rf reads, *wf writes.
// Returns 0, or -1 (with nothing allocated and *rf, *wf zero) if memory or file-table
// slots run out.
int
pipealloc(struct file **rf, struct file **wf)
{
  struct pipe *p;

  p = 0;
  *rf = *wf = 0;
  if((*rf = filealloc()) == 0 || (*wf = filealloc()) == 0)
    goto bad;
  if((p = (struct pipe*)kalloc()) == 0)
    goto bad;

  initlock(&p->lock, "pipe");
  p->nread = 0;
  p->nwrite = 0;
  p->readopen = 1;
  p->writeopen = 1;

  (*rf)->type = FD_PIPE;
  (*rf)->readable = 1;
  (*rf)->writable = 0;
  (*rf)->pipe = p;
  (*wf)->type = FD_PIPE;
  (*wf)->readable = 0;
  (*wf)->writable = 1;
  (*wf)->pipe = p;
  return 0;

bad:
  // The files are still FD_NONE, so closing them only frees their slots.
  if(*rf)
    fileclose(*rf);
  if(*wf)
    fileclose(*wf);
  *rf = *wf = 0;
  return -1;
}

// Close one end of p (the write end if writable, else the read end) and wake whoever
// waits on the other end. The second close frees the pipe.
void
pipeclose(struct pipe *p, int writable)
{
  acquire(&p->lock);
  if(writable){
    p->writeopen = 0;
    wakeup(&p->nread);    // readers now see end of file
  } else {
    p->readopen = 0;
    wakeup(&p->nwrite);   // writers now fail
  }
  if(p->readopen || p->writeopen){
    release(&p->lock);
    return;
  }
  release(&p->lock);
  kfree((char*)p);
}

// Write n bytes from addr into p, sleeping whenever it is full.
// Returns n, or -1 if the read end is closed or the calling process is killed first
// (bytes already in the pipe stay there).
int
pipewrite(struct pipe *p, char *addr, int n)
{
  int i;

  acquire(&p->lock);
  for(i = 0; i < n; i++){
    while(!p->readopen || p->nwrite == p->nread + PIPESIZE){
      if(!p->readopen || myproc()->killed){
        release(&p->lock);
        return -1;
      }
      wakeup(&p->nread);   // let a reader drain it
      sleep(&p->nwrite, &p->lock);
    }
    p->data[p->nwrite % PIPESIZE] = addr[i];
    p->nwrite++;
  }
  wakeup(&p->nread);
  release(&p->lock);
  return n;
}

// Read up to n bytes from p into addr. Sleeps while p is empty and its write end is open.
// Returns the bytes read (at least 1 if n > 0), 0 at end of file (empty and no writer),
// or -1 if the calling process is killed while waiting.
int
piperead(struct pipe *p, char *addr, int n)
{
  int i;

  acquire(&p->lock);
  while(p->nread == p->nwrite && p->writeopen){
    if(myproc()->killed){
      release(&p->lock);
      return -1;
    }
    sleep(&p->nread, &p->lock);
  }
  for(i = 0; i < n && p->nread != p->nwrite; i++){
    addr[i] = p->data[p->nread % PIPESIZE];
    p->nread++;
  }
  wakeup(&p->nwrite);
  release(&p->lock);
  return i;
}
