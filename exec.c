// exec.c: replace the calling process's memory with a program read from an ELF
// file. Everything is checked and built in a new page directory first; the old
// image is freed only once nothing can fail any more.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "defs.h"
#include "x86.h"
#include "elf.h"
#include "stat.h"
#include "fs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"

// Check one program header against the file and the address space built so far.
// sz is the end of the previous segment. Returns 0 if it can be loaded.
static int
checkseg(struct proghdr *ph, uint sz, uint filesize)
{
  if(ph->filesz > ph->memsz)
    return -1;                        // more file bytes than memory for them
  if(ph->vaddr + ph->memsz < ph->vaddr)
    return -1;                        // wraps around 4 GB
  if(ph->vaddr + ph->memsz > KERNBASE)
    return -1;                        // reaches the kernel
  if(ph->vaddr % PGSIZE != 0)
    return -1;                        // loaduvm maps whole pages
  if(ph->vaddr < sz)
    return -1;                        // overlaps an earlier segment, or page 0
  if(ph->off + ph->filesz < ph->off || ph->off + ph->filesz > filesize)
    return -1;                        // file bytes lie outside the file
  return 0;
}

// Read ip's ELF header into eh and check that it describes something exec can
// load: a regular file, the ELF magic number, and program headers of the size
// we expect. Returns 0 if so, -1 if not.
static int
readelfhdr(struct inode *ip, struct elfhdr *eh)
{
  if(ip->type != T_FILE)
    return -1;
  if(readi(ip, (char*)eh, 0, sizeof(*eh)) != sizeof(*eh))
    return -1;
  if(eh->magic != ELF_MAGIC)
    return -1;
  if(eh->phnum != 0 && eh->phentsize != sizeof(struct proghdr))
    return -1;
  return 0;
}

// Map and fill every loadable segment of ip in pgdir. Page 0 stays unmapped, so
// the image starts at PGSIZE. Returns the end of the image, or 0 if a program
// header cannot be read or fails checkseg, or memory runs out.
static uint
loadsegs(pde_t *pgdir, struct inode *ip, struct elfhdr *eh)
{
  struct proghdr seg;
  uint top, k, at;
  int perm;

  top = PGSIZE;
  for(k = 0; k < eh->phnum; k++){
    at = eh->phoff + k*sizeof(seg);
    if((int)at < 0)
      // header table beyond what readi can address
      return 0;
    if(readi(ip, (char*)&seg, at, sizeof(seg)) != sizeof(seg))
      return 0;
    if(seg.type != ELF_PROG_LOAD || seg.memsz == 0)
      continue;
    if(checkseg(&seg, top, ip->size) < 0)
      return 0;
    // Map the gap below the segment too, so that top is always the end of
    // mapped memory.
    perm = 0;
    if(seg.flags & ELF_PROG_FLAG_WRITE)
      perm = PTE_W;
    top = allocuvm(pgdir, top, seg.vaddr + seg.memsz, perm);
    if(top == 0)
      return 0;
    if(loaduvm(pgdir, (char*)seg.vaddr, ip, seg.off, seg.filesz) < 0)
      return 0;
  }
  return top;
}

// Lay out main's arguments in the stack page that ends at top: the strings
// first, at the very top, and below them the frame main expects:
//   fake return address, argc, argv  ->  argv[0..argc-1], 0
// Returns the resulting stack pointer, or 0 if there are more than MAXARG
// arguments, they do not fit in the page (the page below is the guard), or
// copyout fails.
static uint
pushargs(pde_t *pgdir, uint top, char **argv)
{
  uint frame[3+MAXARG+1];
  uint sp, floor, n, len;

  floor = top - PGSIZE;
  sp = top;
  for(n = 0; argv[n] != 0; n++){
    if(n == MAXARG)
      return 0;
    len = strlen(argv[n]) + 1;
    sp = (sp - len) & ~3;             // keep each string word aligned
    if(sp < floor)
      return 0;
    if(copyout(pgdir, sp, argv[n], len) < 0)
      return 0;
    frame[3+n] = sp;
  }
  frame[3+n] = 0;                     // argv[argc]
  // fake return address: main must call exit()
  frame[0] = 0xffffffff;
  frame[1] = n;                       // argc
  frame[2] = sp - 4*(n+1);            // argv: where frame[3] will land

  len = 4*(n+4);
  if(sp - len < floor)
    return 0;
  sp = sp - len;
  if(copyout(pgdir, sp, frame, len) < 0)
    return 0;
  return sp;
}

// The last element of a slash-separated path.
static char*
lastelem(char *path)
{
  char *c, *slash;

  slash = 0;
  for(c = path; *c != 0; c++)
    if(*c == '/')
      slash = c;
  return slash ? slash+1 : path;
}

// Run the program at path with arguments argv (a null-terminated array of at
// most MAXARG strings). Returns -1, with the calling process untouched, if
// anything is wrong: no such file, not a valid ELF executable, not enough
// memory, arguments too large. On success it does not return to the caller's
// old image.
int
exec(char *path, char **argv)
{
  struct proc *p;
  struct inode *ip;
  struct elfhdr eh;
  pde_t *newpgdir, *oldpgdir;
  uint top, sp;

  p = myproc();
  newpgdir = 0;

  begin_op();
  ip = namei(path);
  if(ip == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  if(readelfhdr(ip, &eh) < 0)
    goto bad;
  newpgdir = setupkvm();
  if(newpgdir == 0)
    goto bad;
  top = loadsegs(newpgdir, ip, &eh);
  if(top == 0)
    goto bad;
  iunlockput(ip);
  end_op();
  ip = 0;

  if(eh.entry < PGSIZE || eh.entry >= top)
    goto bad;

  // Two pages at the next page boundary: a guard page that user code cannot
  // touch, so a stack overflow faults instead of overwriting data, and above it
  // the stack.
  top = PGROUNDUP(top);
  if(top + 2*PGSIZE < top)
    goto bad;
  top = allocuvm(newpgdir, top, top + 2*PGSIZE, PTE_W);
  if(top == 0)
    goto bad;
  clearpteu(newpgdir, (char*)(top - 2*PGSIZE));

  sp = pushargs(newpgdir, top, argv);
  if(sp == 0)
    goto bad;

  // The program's name, for fault messages and procdump.
  safestrcpy(p->name, lastelem(path), sizeof(p->name));

  // Nothing can fail from here on: switch to the new image, then drop the old
  // one.
  p->tf->esp = sp;
  p->tf->eip = eh.entry;
  p->heapbase = top;
  p->sz = top;
  oldpgdir = p->pgdir;
  p->pgdir = newpgdir;
  switchuvm(p);
  fpuresetcurrent();      // the new program starts with clean FPU registers
  freevm(oldpgdir);
  return 0;

bad:
  if(ip != 0){
    iunlockput(ip);
    end_op();
  }
  if(newpgdir != 0)
    freevm(newpgdir);
  return -1;
}
