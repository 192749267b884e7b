// mem.c: memory: sbrk, running out of pages, the stack guard page, protected pages,
// privileged instructions.
#include "usertests.h"

// ---- memory --------------------------------------------------------------------------

// sbrk(n) returns the old break and moves it by exactly n; new memory reads as zero.
void
test_sbrkbasic(void)
{
  char *a, *b, *r, *m;
  int i;

  a = sbrk(0);
  if((b = sbrk(0)) != a)
    fail("two sbrk(0) calls returned 0x%x and 0x%x", (uint)a, (uint)b);
  if((r = sbrk(1)) != a)
    fail("sbrk(1) returned 0x%x, expected the old break 0x%x", (uint)r, (uint)a);
  if((r = sbrk(4095)) != a + 1)
    fail("sbrk(4095) returned 0x%x, expected 0x%x", (uint)r, (uint)(a + 1));
  if((b = sbrk(0)) != a + 4096)
    fail("after sbrk(1) and sbrk(4095) the break is 0x%x, expected 0x%x",
         (uint)b, (uint)(a + 4096));
  for(i = 0; i < 4096; i++)
    if(a[i] != 0)
      fail("fresh heap byte at 0x%x is %d, expected 0", (uint)(a + i), a[i]);
  for(i = 0; i < 4096; i++)
    a[i] = i * 7;
  if((r = sbrk(10000)) != a + 4096)
    fail("sbrk(10000) returned 0x%x, expected 0x%x", (uint)r, (uint)(a + 4096));
  for(i = 4096; i < 14096; i++)
    if(a[i] != 0)
      fail("fresh heap byte at 0x%x is %d, expected 0", (uint)(a + i), a[i]);
  memset(a + 4096, 0xee, 10000);
  if((r = sbrk(-10000)) != a + 14096)
    fail("sbrk(-10000) returned 0x%x, expected the old break 0x%x", (uint)r, (uint)(a + 14096));
  if((b = sbrk(0)) != a + 4096)
    fail("after sbrk(-10000) the break is 0x%x, expected 0x%x", (uint)b, (uint)(a + 4096));
  for(i = 0; i < 4096; i++)
    if(a[i] != (char)(i * 7))
      fail("heap byte %d changed to %d while the heap grew and shrank", i, a[i]);
  if((m = malloc(50000)) == 0)
    fail("malloc(50000) returned 0");
  memset(m, 3, 50000);
  free(m);
}

#define GROWPAGES 300

// Growing the heap costs one free page per page; fork copies it; shrinking returns it.
void
test_sbrkgrow(void)
{
  char *a, c;
  int i, f0, f1, f2, pid, p[2];

  f0 = freemem();
  a = sbrk(GROWPAGES*PGSIZE);
  if(a == (char*)-1)
    fail("sbrk(%d pages) failed with %d pages free", GROWPAGES, f0);
  for(i = 0; i < GROWPAGES; i++){
    a[i*PGSIZE] = i;
    a[i*PGSIZE + PGSIZE - 1] = ~i;
  }
  f1 = freemem();
  if(f0 - f1 < GROWPAGES || f0 - f1 > GROWPAGES + 4)
    fail("growing the heap by %d pages took %d free pages", GROWPAGES, f0 - f1);
  mkpipe(p);
  pid = spawn();
  if(pid == 0){
    for(i = 0; i < GROWPAGES; i++)
      if(a[i*PGSIZE] != (char)i || a[i*PGSIZE + PGSIZE - 1] != (char)~i)
        exit();
    for(i = 0; i < GROWPAGES; i++)
      a[i*PGSIZE] = 0x55;
    write(p[1], "y", 1);
    exit();
  }
  close(p[1]);
  if(read(p[0], &c, 1) != 1)
    fail("a forked child did not see the parent's %d heap pages", GROWPAGES);
  close(p[0]);
  reap(pid);
  for(i = 0; i < GROWPAGES; i++)
    if(a[i*PGSIZE] != (char)i || a[i*PGSIZE + PGSIZE - 1] != (char)~i)
      fail("heap page %d changed after a child wrote its copy", i);
  if(sbrk(-GROWPAGES*PGSIZE) != a + GROWPAGES*PGSIZE)
    fail("sbrk(-%d pages) did not return the old break", GROWPAGES);
  f2 = freemem();
  if(f2 - f1 < GROWPAGES)
    fail("shrinking the heap by %d pages gave back only %d", GROWPAGES, f2 - f1);
}

// Memory given back with sbrk(-n) is gone: touching it kills, system calls refuse it,
// and growing again yields zeroed pages.
void
test_sbrkshrink(void)
{
  uint a;
  char *r;
  int i, f1, f2, p[2];

  a = alignbrk();
  if((r = sbrk(20*PGSIZE)) != (char*)a)
    fail("sbrk(20 pages) returned 0x%x, expected 0x%x", (uint)r, a);
  memset((char*)a, 0x77, 20*PGSIZE);
  f1 = freemem();
  if((r = sbrk(-20*PGSIZE)) != (char*)a + 20*PGSIZE)
    fail("sbrk(-20 pages) returned 0x%x, expected the old break 0x%x",
         (uint)r, a + 20*PGSIZE);
  f2 = freemem();
  if(f2 - f1 < 20)
    fail("shrinking the heap by 20 pages gave back %d pages", f2 - f1);
  if((uint)sbrk(0) != a)
    fail("after shrinking the break is 0x%x, expected 0x%x", (uint)sbrk(0), a);
  mustdie(loadbyte, a + 5*PGSIZE, "reading heap memory given back with sbrk(-n) at");
  mustdie(storebyte, a, "writing heap memory given back with sbrk(-n) at");
  mkpipe(p);
  if((i = write(p[1], (char*)a + PGSIZE, 10)) != -1)
    fail("write() from heap memory given back with sbrk(-n) returned %d", i);
  close(p[0]);
  close(p[1]);
  if((r = sbrk(20*PGSIZE)) != (char*)a)
    fail("growing again returned 0x%x, expected 0x%x", (uint)r, a);
  for(i = 0; i < 20*PGSIZE; i++)
    if(((char*)a)[i] != 0)
      fail("regrown heap byte at 0x%x holds %d, expected 0: old contents leaked",
           a + i, ((char*)a)[i]);
  sbrk(-20*PGSIZE);
}

// sbrkrefused fails the test unless sbrk(n) returns -1 and changes nothing.
static void
sbrkrefused(int n, const char *what)
{
  char *brk, *r;
  int f0, f1;

  brk = sbrk(0);
  f0 = freemem();
  if((r = sbrk(n)) != (char*)-1)
    fail("sbrk(%d) [%s] returned 0x%x, expected -1", n, what, (uint)r);
  f1 = freemem();
  if(sbrk(0) != brk)
    fail("a refused sbrk(%d) [%s] moved the break from 0x%x to 0x%x",
         n, what, (uint)brk, (uint)sbrk(0));
  if(f1 != f0)
    fail("a refused sbrk(%d) [%s] changed free pages from %d to %d", n, what, f0, f1);
}

// sbrk refuses requests that reach the kernel or cut into the program, leaking nothing.
void
test_sbrkfail(void)
{
  uint brk;
  char *r;

  brk = (uint)sbrk(0);
  sbrkrefused(0x7fffffff, "far past KERNBASE");
  sbrkrefused(KERNBASE - brk + PGSIZE, "one page past KERNBASE");
  sbrkrefused(-(int)brk, "shrink to address 0");
  sbrkrefused(-(int)(brk - PGSIZE), "shrink to 0x1000, below the program's text");
  sbrkrefused(-0x7fffffff - 1, "shrink by 2^31");
  if(forkmark != 7)
    fail("a global changed after the refused sbrk calls");
  if((r = sbrk(PGSIZE)) != (char*)brk)
    fail("after the refused calls sbrk(4096) returned 0x%x, expected 0x%x", (uint)r, brk);
  memset(r, 1, PGSIZE);
}

// sbrk until it fails: nearly every page can be had; fork then fails and leaks nothing;
// all of it comes back; one request larger than memory fails and is undone.
void
test_memexhaust(void)
{
  uint brk0, total, i;
  int chunk, f0, f1, f2, f3, f4, pid, k;
  char *r;

  brk0 = alignbrk();
  f0 = freemem();
  total = 0;
  for(chunk = 1024*1024; chunk >= PGSIZE; chunk /= 2)
    while(sbrk(chunk) != (char*)-1)
      total += chunk;
  f1 = freemem();
  if(total < 16*1024*1024)
    fail("sbrk failed after only %d KB with %d pages free at the start", total/1024, f0);
  if(f1 > 16)
    fail("sbrk failed while %d pages were still free", f1);
  for(i = 0; i < total; i += PGSIZE)
    *(uint*)(brk0 + i) = i;
  for(i = 0; i < total; i += PGSIZE)
    if(*(uint*)(brk0 + i) != i)
      fail("heap page at 0x%x lost its contents", brk0 + i);
  // fork must fail, whether it runs out at the first page it needs or partway through
  // copying; give back a few pages at a time to move the point where it runs out.
  for(k = 0; k < 8; k++){
    if(k > 0){
      if(sbrk(-(k*PGSIZE)) == (char*)-1)
        fail("giving back %d pages failed", k);
      total -= k*PGSIZE;
    }
    f1 = freemem();
    pid = fork();
    if(pid == 0)
      exit();
    if(pid > 0){
      reap(pid);
      fail("fork succeeded with only %d pages free and %d KB to copy", f1, total/1024);
    }
    f2 = freemem();
    if(f2 != f1)
      fail("a fork that failed with %d pages free left %d free", f1, f2);
  }
  if(sbrk(-(int)total) == (char*)-1)
    fail("giving back %d KB failed", total/1024);
  f3 = freemem();
  if(f3 + 64 < f0)
    fail("after giving back all %d KB, %d pages are free; %d were at the start",
         total/1024, f3, f0);
  // Larger than all free memory but below KERNBASE: the kernel must try, fail and undo.
  if((r = sbrk((f3 + 256)*PGSIZE)) != (char*)-1)
    fail("sbrk(%d pages) with %d pages free returned 0x%x", f3 + 256, f3, (uint)r);
  f4 = freemem();
  if(f4 != f3)
    fail("a failed sbrk larger than memory changed free pages from %d to %d", f3, f4);
  if((uint)sbrk(0) != brk0)
    fail("the break is 0x%x, expected 0x%x", (uint)sbrk(0), brk0);
}

// The page below the stack is a guard: touching it kills, system calls refuse it.
void
test_stackguard(void)
{
  uint g;
  int fd, r;

  g = guardpage();
  victim = g + PGSIZE;
  if(killedby(loadbyte))
    fail("reading the lowest stack page 0x%x, just above the guard 0x%x, killed the process",
         g + PGSIZE, g);
  mustdie(loadbyte, g + PGSIZE - 1, "reading the top byte of the stack guard page at");
  mustdie(loadbyte, g, "reading the stack guard page at");
  mustdie(storebyte, g + PGSIZE - 4, "writing the stack guard page at");
  putfile("ut_guard", scratch, 100);
  fd = open("ut_guard", O_RDONLY);
  if((r = read(fd, (char*)g + 8, 10)) != -1)
    fail("read() into the stack guard page returned %d, expected -1", r);
  close(fd);
  unlink("ut_guard");
}

static volatile int divelimit = 1 << 30;
static int divefd;   // where dive reports that it found the program's data overwritten

// dive recurses with a large frame until the stack runs out. Each level fills its whole
// frame, then checks that the top of scratch (which the caller filled with 0xa5, and
// which lies below the stack) is intact: a stack with no guard would grow into it.
static int
dive(int depth)
{
  volatile char frame[512];
  int i;

  for(i = 0; i < sizeof(frame); i++)
    frame[i] = depth;
  for(i = sizeof(scratch) - 1024; i < sizeof(scratch); i++)
    if(scratch[i] != (char)0xa5){
      write(divefd, "c", 1);
      exit();
    }
  if(depth < divelimit)
    return dive(depth + 1) + frame[0] + frame[511];
  return 0;
}

// Unbounded recursion is stopped at the guard page, before it reaches the program's data.
void
test_stackoverflow(void)
{
  int p[2], pid, n;
  char c;

  mkpipe(p);
  pid = spawn();
  if(pid == 0){
    close(p[0]);
    divefd = p[1];
    memset(scratch, 0xa5, sizeof(scratch));
    sink = dive(0);
    write(p[1], "r", 1);
    exit();
  }
  close(p[1]);
  n = read(p[0], &c, 1);
  close(p[0]);
  reap(pid);
  if(n == 1 && c == 'c')
    fail("unbounded recursion grew the stack down into the program's data");
  if(n == 1)
    fail("unbounded recursion returned normally");
}

// The program's text and read-only data cannot be written.
void
test_textwrite(void)
{
  static const char rodata[] = "a string constant, in .rodata";

  victim = (uint)test_textwrite;
  if(killedby(loadbyte))
    fail("reading the program's own text at 0x%x killed the process", victim);
  mustdie(storebyte, (uint)test_textwrite, "writing the program's own text at");
  mustdie(storebyte, (uint)rodata, "writing a string constant in .rodata at");
}

// Kernel memory and the device window cannot be read, written or jumped to.
void
test_kernelmem(void)
{
  static const uint addrs[] = {
    KERNBASE, KERNLINK, KERNLINK + 0x10000, KERNBASE + PHYSTOP - 1,
    DEVSPACE, 0xFEC00000, 0xFEE00000, 0xFFFFF000, 0xFFFFFFFF,
  };
  int i;

  for(i = 0; i < sizeof(addrs)/sizeof(addrs[0]); i++){
    mustdie(loadbyte, addrs[i], "reading kernel address");
    mustdie(storebyte, addrs[i], "writing kernel address");
  }
  mustdie(callvictim, KERNLINK, "jumping to kernel text at");
}

// Page 0 is never mapped: null pointers fault.
void
test_nullptr(void)
{
  mustdie(loadbyte, 0, "reading the null pointer");
  mustdie(storebyte, 0, "writing the null pointer");
  mustdie(loadbyte, PGSIZE - 1, "reading the last byte of page 0 at");
  mustdie(storebyte, 0x800, "writing page 0 at");
  mustdie(callvictim, 0, "calling the null pointer");
}

static void do_cli(void) { asm volatile("cli"); }
static void do_sti(void) { asm volatile("sti"); }
static void do_hlt(void) { asm volatile("hlt"); }
static void do_ud2(void) { asm volatile("ud2"); }
static void do_int13(void) { asm volatile("int $13"); }

static void
do_inb(void)
{
  uchar v;

  asm volatile("inb $0x64, %0" : "=a" (v));
  sink = v;
}

static void
do_outb(void)
{
  asm volatile("outb %0, $0x80" : : "a" ((uchar)0));
}

static void
do_inl(void)
{
  uint v;

  asm volatile("inl %%dx, %0" : "=a" (v) : "d" ((ushort)0xcf8));
  sink = v;
}

static void
do_readcr3(void)
{
  uint v;

  asm volatile("movl %%cr3, %0" : "=r" (v));
  sink = v;
}

static void
do_writecr0(void)
{
  asm volatile("movl %0, %%cr0" : : "r" (0));
}

static void
do_lidt(void)
{
  static struct { ushort limit; uint base; } __attribute__((packed)) idtr;

  asm volatile("lidt %0" : : "m" (idtr));
}

// Privileged instructions from user mode kill the process.
void
test_privinstr(void)
{
  static const struct {
    void (*fn)(void);
    char *name;
  } insns[] = {
    { do_cli, "cli" }, { do_sti, "sti" }, { do_hlt, "hlt" }, { do_inb, "inb $0x64" },
    { do_outb, "outb to port 0x80" }, { do_inl, "inl from port 0xcf8" },
    { do_ud2, "ud2 (undefined opcode)" }, { do_int13, "int $13" },
    { do_readcr3, "mov %cr3 to a register" }, { do_writecr0, "mov to %cr0" },
    { do_lidt, "lidt" },
  };
  int i;

  for(i = 0; i < sizeof(insns)/sizeof(insns[0]); i++)
    if(!killedby(insns[i].fn))
      fail("executing %s in user mode did not kill the process", insns[i].name);
}

// User code runs with interrupts on and IOPL 0, and popf cannot turn interrupts off.
void
test_userflags(void)
{
  uint fl;

  asm volatile("pushfl; popl %0" : "=r" (fl));
  if((fl >> 12) & 3)
    fail("user code runs with IOPL %d, expected 0", (fl >> 12) & 3);
  if(!(fl & FL_IF))
    fail("user code runs with interrupts off (eflags 0x%x)", fl);
  asm volatile("pushfl; andl %1, (%%esp); popfl; pushfl; popl %0"
               : "=r" (fl) : "i" (~FL_IF) : "cc", "memory");
  if(!(fl & FL_IF))
    fail("popf in user mode turned interrupts off");
}
