// args.c: bad system-call arguments: pointers, strings and stack pointers a system call
// must refuse without harm.
#include "usertests.h"

// ---- bad system-call arguments -------------------------------------------------------

// badio fails the test unless read() into and write() from [addr, addr+n) both return -1.
static void
badio(int rfd, int wfd, uint addr, int n, const char *what)
{
  int r;

  if((r = write(wfd, (void*)addr, n)) != -1)
    fail("write(fd, 0x%x, %d) [%s] returned %d, expected -1", addr, n, what, r);
  if((r = read(rfd, (void*)addr, n)) != -1)
    fail("read(fd, 0x%x, %d) [%s] returned %d, expected -1", addr, n, what, r);
}

// goodio fails the test unless read() and write() on [addr, addr+n) both work.
static void
goodio(int rfd, int wfd, uint addr, int n, const char *what)
{
  int r;

  if((r = write(wfd, (void*)addr, n)) != n)
    fail("write(fd, 0x%x, %d) [%s] returned %d, expected %d", addr, n, what, r, n);
  if((r = read(rfd, (void*)addr, n)) != n)
    fail("read(fd, 0x%x, %d) [%s] returned %d, expected %d", addr, n, what, r, n);
}

// read and write refuse every buffer that is not wholly inside the process's memory,
// and accept one that ends exactly at the break.
void
test_badptrs(void)
{
  uint brk, g;
  int rfd, wfd, f0, probe, fd, p[2];
  struct stat st;

  g = guardpage();
  brk = alignbrk();
  if(sbrk(PGSIZE) == (char*)-1)
    fail("sbrk(4096) failed");
  brk += PGSIZE;
  memset(scratch, 'r', sizeof(scratch));
  putfile("ut_bpr", scratch, sizeof(scratch));
  rfd = open("ut_bpr", O_RDONLY);
  wfd = open("ut_bpw", O_CREATE|O_WRONLY|O_TRUNC);
  if(rfd < 0 || wfd < 0)
    fail("cannot open ut_bpr and ut_bpw");

  goodio(rfd, wfd, brk - 10, 10, "ending exactly at the break");
  goodio(rfd, wfd, brk - PGSIZE, PGSIZE, "the last page, ending at the break");
  badio(rfd, wfd, KERNBASE, 10, "KERNBASE");
  badio(rfd, wfd, KERNLINK, 10, "kernel text");
  badio(rfd, wfd, KERNBASE - 4, 8, "straddling KERNBASE");
  badio(rfd, wfd, 0xFFFFFFFF, 2, "wrapping past 2^32");
  badio(rfd, wfd, 0xFFFFF000, 0x2000, "wrapping past 2^32");
  badio(rfd, wfd, brk, 10, "just past the break");
  badio(rfd, wfd, brk - 5, 10, "straddling the break");
  badio(rfd, wfd, brk - PGSIZE, PGSIZE + 1, "one byte past the break");
  badio(rfd, wfd, brk + 10*PGSIZE, 10, "far past the break");
  badio(rfd, wfd, 0, 10, "the null pointer");
  badio(rfd, wfd, PGSIZE - 1, 2, "straddling page 0 and the text");
  badio(rfd, wfd, g, 10, "the stack guard page");
  badio(rfd, wfd, g + PGSIZE - 4, 8, "straddling the guard page and the stack");
  badio(rfd, wfd, (uint)scratch, -1, "negative length");
  badio(rfd, wfd, (uint)scratch, -4096, "negative length");
  badio(rfd, wfd, (uint)scratch, 0x7fffffff, "huge length");
  badio(rfd, wfd, (uint)scratch, KERNBASE - (uint)scratch, "from a global up to KERNBASE");
  // A break in the middle of a page: the rest of that page is mapped, but it is not
  // the process's memory.
  if(sbrk(100) == (char*)-1)
    fail("sbrk(100) failed");
  goodio(rfd, wfd, brk + 90, 10, "ending exactly at an unaligned break");
  badio(rfd, wfd, brk + 95, 10, "straddling an unaligned break");
  badio(rfd, wfd, brk + 100, 10, "just past an unaligned break");
  sbrk(-100);
  close(rfd);
  close(wfd);
  unlink("ut_bpr");
  unlink("ut_bpw");

  // pipe() and fstat() write results through pointers too; a refused pipe() keeps
  // neither its page nor any descriptor.
  probe = dup(0);
  close(probe);
  f0 = freemem();
  if(pipe((int*)KERNLINK) != -1)
    fail("pipe(0x%x) succeeded", KERNLINK);
  if(pipe((int*)0) != -1)
    fail("pipe(0) succeeded");
  if(pipe((int*)(brk - 4)) != -1)
    fail("pipe(0x%x), straddling the break, succeeded", brk - 4);
  if(freemem() != f0)
    fail("refused pipe() calls changed free pages from %d to %d", f0, freemem());
  if((fd = dup(0)) != probe)
    fail("after refused pipe() calls the lowest free fd is %d, expected %d", fd, probe);
  if(fstat(fd, (struct stat*)KERNLINK) != -1)
    fail("fstat into kernel text succeeded");
  if(fstat(fd, (struct stat*)(brk - 4)) != -1)
    fail("fstat into a buffer straddling the break succeeded");
  if(fstat(fd, (struct stat*)0) != -1)
    fail("fstat into the null page succeeded");
  if(fstat(fd, &st) != 0)
    fail("fstat of a good descriptor into a good buffer failed");
  close(fd);
  mkpipe(p);
  if(write(p[1], "ok", 2) != 2 || read(p[0], scratch, 2) != 2)
    fail("a pipe made after the refused calls does not work");
  close(p[0]);
  close(p[1]);
}

// read() into the program's own (read-only) text or rodata returns -1 and changes nothing.
void
test_readtext(void)
{
  static const char rodata[] = "read-only data";
  char save[16], *text;
  int fd, r, p[2];

  text = (char*)(uint)test_readtext;
  memmove(save, text, sizeof(save));
  memset(scratch, 0xcc, 64);
  putfile("ut_rt", scratch, 64);
  fd = open("ut_rt", O_RDONLY);
  if(fd < 0)
    fail("cannot open ut_rt");
  if((r = read(fd, text, 16)) != -1)
    fail("read() into the program's text returned %d, expected -1", r);
  if((r = read(fd, (char*)rodata, 8)) != -1)
    fail("read() into .rodata returned %d, expected -1", r);
  close(fd);
  unlink("ut_rt");
  mkpipe(p);
  write(p[1], scratch, 16);
  if((r = read(p[0], text, 16)) != -1)
    fail("read() from a pipe into the program's text returned %d, expected -1", r);
  close(p[0]);
  close(p[1]);
  if(memcmp(save, text, sizeof(save)) != 0)
    fail("the program's text changed");
  if(strcmp(rodata, "read-only data") != 0)
    fail("the program's .rodata changed");
}

// Path names that run off the end of memory, or point into the kernel, are refused,
// and so are exec argument vectors with such pointers or without a terminating 0.
void
test_badstrings(void)
{
  char *end, *s, *argv[3], **av;
  int r, f0;

  putfile("ut_bs", "x", 1);
  alignbrk();
  if(sbrk(PGSIZE) == (char*)-1)
    fail("sbrk(4096) failed");
  end = sbrk(0);
  memset(end - PGSIZE, 'x', PGSIZE);
  s = end - 3;   // "xxx" and then the end of memory, with no NUL
  if((r = open(s, O_CREATE|O_RDWR)) != -1)
    fail("open(O_CREATE) of a name running off the end of memory returned %d", r);
  if((r = open(s, O_RDONLY)) != -1)
    fail("open of a name running off the end of memory returned %d", r);
  if((r = unlink(s)) != -1)
    fail("unlink of a name running off the end of memory returned %d", r);
  if((r = mkdir(s)) != -1)
    fail("mkdir of a name running off the end of memory returned %d", r);
  if((r = chdir(s)) != -1)
    fail("chdir to a name running off the end of memory returned %d", r);
  if((r = link("ut_bs", s)) != -1)
    fail("link to a name running off the end of memory returned %d", r);
  if((r = link(s, "ut_bs2")) != -1)
    fail("link from a name running off the end of memory returned %d", r);
  if((r = mknod(s, 1, 1)) != -1)
    fail("mknod of a name running off the end of memory returned %d", r);
  if((r = open((char*)KERNLINK, O_RDONLY)) != -1)
    fail("open of a name in kernel text returned %d", r);
  if((r = open((char*)0, O_RDONLY)) != -1)
    fail("open of the null pointer returned %d", r);
  if((r = open((char*)0xFFFFFFFF, O_CREATE|O_RDWR)) != -1)
    fail("open of the name at 0xffffffff returned %d", r);
  if(open("xxx", O_RDONLY) >= 0 || open("xxxxxxxxxxxxxx", O_RDONLY) >= 0 ||
     open("ut_bs2", O_RDONLY) >= 0)
    fail("a refused call created a file anyway");

  argv[0] = "echo";
  argv[1] = "hi";
  argv[2] = 0;
  f0 = freemem();
  if((r = exec(s, argv)) != -1)
    fail("exec of a path running off the end of memory returned %d", r);
  if((r = exec("/echo", (char**)KERNLINK)) != -1)
    fail("exec with argv in kernel text returned %d", r);
  if((r = exec("/echo", (char**)0)) != -1)
    fail("exec with a null argv returned %d", r);
  if((r = exec("/echo", (char**)(end - 2))) != -1)
    fail("exec with argv straddling the end of memory returned %d", r);
  argv[1] = (char*)KERNLINK;
  if((r = exec("/echo", argv)) != -1)
    fail("exec with an argument in kernel text returned %d", r);
  argv[1] = s;
  if((r = exec("/echo", argv)) != -1)
    fail("exec with an argument running off the end of memory returned %d", r);
  av = (char**)(end - 2*sizeof(char*));   // two arguments, then the end: no 0 after them
  av[0] = "echo";
  av[1] = "hi";
  if((r = exec("/echo", av)) != -1)
    fail("exec with an argv that has no terminating 0 returned %d", r);
  if(freemem() != f0)
    fail("refused execs changed free pages from %d to %d", f0, freemem());
  unlink("ut_bs");
}

// sysonstack makes system call num with the stack pointer set to sp, then puts the
// real stack pointer back. Returns the call's result.
static int
sysonstack(uint sp, int num)
{
  int r;

  asm volatile("movl %%esp, %%esi\n\t"
               "movl %%ecx, %%esp\n\t"
               "int %3\n\t"
               "movl %%esi, %%esp"
               : "=a" (r)
               : "0" (num), "c" (sp), "i" (T_SYSCALL)
               : "esi", "memory", "cc");
  return r;
}

// spinonstack counts down n with the stack pointer set to sp, taking no system calls.
static void
spinonstack(uint sp, int n)
{
  asm volatile("movl %%esp, %%esi\n\t"
               "movl %%ecx, %%esp\n\t"
               "1: decl %%edx\n\t"
               "jnz 1b\n\t"
               "movl %%esi, %%esp"
               : "+d" (n)
               : "c" (sp)
               : "esi", "memory", "cc");
}

static void
pushonbadstack(void)
{
  asm volatile("movl %0, %%esp\n\t"
               "pushl $0"
               : : "r" (victim) : "memory");
}

// badspcalls makes system calls with the stack pointer at sp in a child: those that take
// arguments must return -1; getpid may work. The kernel may instead kill the child.
static void
badspcalls(uint sp)
{
  static const int calls[] = { SYS_write, SYS_read, SYS_open, SYS_kill, SYS_dup, SYS_sbrk };
  static char *names[] = { "write", "read", "open", "kill", "dup", "sbrk" };
  int pid, n, p[2], res[7], k;

  mkpipe(p);
  pid = spawn();
  if(pid == 0){
    close(p[0]);
    for(k = 0; k < 6; k++)
      res[k] = sysonstack(sp, calls[k]);
    res[6] = sysonstack(sp, SYS_getpid);
    write(p[1], res, sizeof(res));
    exit();
  }
  close(p[1]);
  n = readn(p[0], res, sizeof(res));
  close(p[0]);
  reap(pid);
  if(n == 0)
    return;     // killed: allowed for a process whose stack is bad
  if(n != sizeof(res))
    fail("the child with esp=0x%x reported %d bytes", sp, n);
  for(k = 0; k < 6; k++)
    if(res[k] != -1)
      fail("with esp=0x%x, system call %s returned %d, expected -1", sp, names[k], res[k]);
  if(res[6] != pid && res[6] != -1)
    fail("with esp=0x%x, getpid returned %d; the pid is %d", sp, res[6], pid);
}

// System calls made with a bad stack pointer cannot fetch their arguments: they fail
// (or the process is killed) and the kernel carries on. A timer interrupt while the
// stack pointer is bad is harmless, and a fault on the bad stack kills the process.
void
test_badsp(void)
{
  uint brk, g;
  int pid, n, p[2], t0;
  char c;

  g = guardpage();
  brk = alignbrk();
  badspcalls(KERNBASE);
  badspcalls(KERNLINK);
  badspcalls(0xFFFFFFFC);    // the first argument would be at 0, after wrapping
  badspcalls(0xFFFFFFFF);
  badspcalls(0);
  badspcalls(0x800);
  badspcalls(g + 64);        // in the stack guard page
  badspcalls(brk);           // the arguments lie past the break
  badspcalls(brk - 6);       // the first argument straddles the break
  if(sbrk(100) == (char*)-1)
    fail("sbrk(100) failed");
  badspcalls(brk + 100);     // the same two, with the break in the middle of a page
  badspcalls(brk + 100 - 6);
  sbrk(-100);

  // Timer interrupts while esp points into the kernel must not hurt the process.
  mkpipe(p);
  pid = spawn();
  if(pid == 0){
    close(p[0]);
    t0 = uptime();
    while(uptime() - t0 < 3)
      spinonstack(KERNLINK, 2000000);
    write(p[1], "s", 1);
    exit();
  }
  close(p[1]);
  n = read(p[0], &c, 1);
  close(p[0]);
  reap(pid);
  if(n != 1)
    fail("a process spinning with esp=0x%x across timer interrupts died", KERNLINK);

  mustdie(pushonbadstack, KERNLINK, "a push with esp at");
  mustdie(pushonbadstack, 0, "a push with esp at");
}
