// exec.c: replace the calling process's memory with a program read from an ELF file.
// Everything is checked and built in a new page directory first; the old image is
// freed only once nothing can fail any more.
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

// Run the program at path with arguments argv (a null-terminated array of at most MAXARG
// strings). Returns -1, with the calling process untouched, if anything is wrong: no
// such file, not a valid ELF executable, not enough memory, arguments too large.
// On success it does not return to the caller's old image.
int
exec(char *path, char **argv)
{
  char *s, *last;
  int i, off;
  uint argc, sz, sp, ustack[3+MAXARG+1];
  struct elfhdr elf;
  struct inode *ip;
  struct proghdr ph;
  pde_t *pgdir, *oldpgdir;
  struct proc *curproc = myproc();

  begin_op();
  if((ip = namei(path)) == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  pgdir = 0;

  if(ip->type != T_FILE)
    goto bad;
  if(readi(ip, (char*)&elf, 0, sizeof(elf)) != sizeof(elf))
    goto bad;
  if(elf.magic != ELF_MAGIC)
    goto bad;
  if(elf.phentsize != sizeof(ph) && elf.phnum != 0)
    goto bad;

  if((pgdir = setupkvm()) == 0)
    goto bad;

  // Page 0 stays unmapped: the image starts at PGSIZE.
  sz = PGSIZE;
  for(i = 0, off = elf.phoff; i < elf.phnum; i++, off += sizeof(ph)){
    if(off < 0 || readi(ip, (char*)&ph, off, sizeof(ph)) != sizeof(ph))
      goto bad;
    if(ph.type != ELF_PROG_LOAD || ph.memsz == 0)
      continue;
    if(checkseg(&ph, sz, ip->size) < 0)
      goto bad;
    // Map the gap below the segment too, so that sz is always the end of mapped memory.
    if((sz = allocuvm(pgdir, sz, ph.vaddr + ph.memsz,
                      (ph.flags & ELF_PROG_FLAG_WRITE) ? PTE_W : 0)) == 0)
      goto bad;
    if(loaduvm(pgdir, (char*)ph.vaddr, ip, ph.off, ph.filesz) < 0)
      goto bad;
  }
  iunlockput(ip);
  end_op();
  ip = 0;

  if(elf.entry < PGSIZE || elf.entry >= sz)
    goto bad;

  // Two pages at the next page boundary: a guard page that user code cannot touch, so
  // a stack overflow faults instead of overwriting data, and the stack.
  sz = PGROUNDUP(sz);
  if(sz + 2*PGSIZE < sz || (sz = allocuvm(pgdir, sz, sz + 2*PGSIZE, PTE_W)) == 0)
    goto bad;
  clearpteu(pgdir, (char*)(sz - 2*PGSIZE));
  sp = sz;

  // Copy the argument strings to the top of the stack, then build main's frame below them:
  //   fake return address, argc, argv  ->  argv[0..argc-1], 0
  for(argc = 0; argv[argc]; argc++){
    if(argc >= MAXARG)
      goto bad;
    sp = (sp - (strlen(argv[argc]) + 1)) & ~3;
    if(sp < sz - PGSIZE)
      goto bad;                       // would spill into the guard page
    if(copyout(pgdir, sp, argv[argc], strlen(argv[argc]) + 1) < 0)
      goto bad;
    ustack[3+argc] = sp;
  }
  ustack[3+argc] = 0;

  ustack[0] = 0xffffffff;  // fake return address: main must call exit()
  ustack[1] = argc;
  ustack[2] = sp - (argc+1)*4;  // argv

  sp -= (3+argc+1) * 4;
  if(sp < sz - PGSIZE)
    goto bad;
  if(copyout(pgdir, sp, ustack, (3+argc+1)*4) < 0)
    goto bad;

  // The program's name, for fault messages and procdump.
  for(last = s = path; *s; s++)
    if(*s == '/')
      last = s+1;
  safestrcpy(curproc->name, last, sizeof(curproc->name));

  // Commit to the new image.
  oldpgdir = curproc->pgdir;
  curproc->pgdir = pgdir;
  curproc->sz = sz;
  curproc->heapbase = sz;
  curproc->tf->eip = elf.entry;
  curproc->tf->esp = sp;
  switchuvm(curproc);
  freevm(oldpgdir);
  return 0;

bad:
  if(pgdir)
    freevm(pgdir);
  if(ip){
    iunlockput(ip);
    end_op();
  }
  return -1;
}
