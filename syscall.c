// syscall.c: system-call dispatch and the fetching of system-call arguments
// from user memory. Every user pointer is checked against the page table before
// the kernel touches it: a bad pointer makes the call fail with -1, never a
// kernel fault.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"
#include "syscall.h"

// Is [addr, addr+len) inside the process's memory and user-accessible (and
// writable, if writable is set)? 0 if so, -1 if not.
static int
uaccess(uint addr, uint len, int writable)
{
  struct proc *p = myproc();

  if(!inrange(addr, len, p->sz))
    return -1;
  return uvmcheck(p->pgdir, addr, len, writable);
}

// Read the int at user address addr into *ip. Returns 0, or -1 if addr is bad.
int
fetchint(uint addr, int *ip)
{
  if(uaccess(addr, 4, 0) < 0)
    return -1;
  *ip = *(int*)(addr);
  return 0;
}

// Point *pp at the NUL-terminated string at user address addr, without copying.
// Returns its length, or -1 if the string is not entirely in user memory.
int
fetchstr(uint addr, char **pp)
{
  char *s, *pageend;
  struct proc *p = myproc();

  if(addr >= p->sz)
    return -1;
  *pp = (char*)addr;
  // Check one page at a time, so a string may end anywhere in mapped memory.
  for(s = (char*)addr; (uint)s < p->sz; ){
    if(uvmcheck(p->pgdir, (uint)s, 1, 0) < 0)
      return -1;
    pageend = (char*)PGROUNDUP((uint)s + 1);
    if((uint)pageend > p->sz)
      pageend = (char*)p->sz;
    for(; s < pageend; s++)
      if(*s == 0)
        return s - *pp;
  }
  return -1;
}

// Fetch the n'th 32-bit argument (counting from 0) into *ip. The user's stub in
// usys.S does "int $T_SYSCALL" straight after the C call that reached it, so at
// the user's esp lie the stub's return address and, above it, the arguments, 4
// bytes each:
//     esp+0: return address   esp+4: argument 0   esp+8: argument 1   ...
// Returns 0, or -1 if that stack slot is not user memory.
int
argint(int n, int *ip)
{
  uint sp = myproc()->tf->esp;
  uint slot = sp + 4 * (n + 1);

  return fetchint(slot, ip);
}

// Fetch the n'th argument as a pointer to a block of size bytes. Returns 0, or
// -1 if the block is not entirely in user memory (and user-writable, if
// writable is set) or size is negative.
static int
argblock(int n, char **pp, int size, int writable)
{
  int i;

  if(argint(n, &i) < 0)
    return -1;
  if(size < 0 || uaccess((uint)i, size, writable) < 0)
    return -1;
  *pp = (char*)i;
  return 0;
}

// A block the kernel will only read (write's buffer, exec's argv).
int
argptr(int n, char **pp, int size)
{
  return argblock(n, pp, size, 0);
}

// A block the kernel will write (read's buffer, fstat's struct stat, pipe's
// fds): the pages must also be user-writable. Kernel writes obey read-only PTEs
// (CR0.WP), so without this check read() into a program's own text would fault
// inside the kernel.
int
argptrw(int n, char **pp, int size)
{
  return argblock(n, pp, size, 1);
}

// Fetch the n'th argument as a pointer to a NUL-terminated string, and point
// *pp at it (the string stays in user memory; nothing is copied). Returns the
// string's length, or -1 if the argument or the string is not all in user
// memory.
// Using the string in place, after the check, is safe only because no two
// processes share writable memory here and a process has one thread: while
// this process is in the kernel nobody can change the string, or unmap it,
// between the check and the use. (With shared memory or threads the kernel
// would have to copy it first.)
int
argstr(int n, char **pp)
{
  int uaddr;

  if(argint(n, &uaddr) != 0)
    return -1;
  return fetchstr((uint)uaddr, pp);
}

// syscalls[] and syscallnames[], indexed by SYS_ number, generated from
// syscalls.tbl. The kernel never reads syscallnames[]: it is there for the
// syscall lab's trace.
#include "syscalltab.h"

// Handle a system-call trap: the user put the call's number in %eax (see
// usys.S). Run the matching sys_ function and leave its result in the trap
// frame's eax, which trapret restores into %eax on the way back to user mode.
// An unknown number returns -1.
void
syscall(void)
{
  struct proc *p = myproc();
  struct trapframe *tf = p->tf;
  int (*handler)(void) = 0;
  int num = tf->eax;

  if(num > 0 && num < NELEM(syscalls))
    handler = syscalls[num];
  if(handler == 0){
    cprintf("pid %d %s: unknown system call %d\n", p->pid, p->name, num);
    tf->eax = -1;
    return;
  }
  tf->eax = handler();
}
