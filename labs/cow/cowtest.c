// cowtest.c: the cow lab's checks on copy-on-write fork, and its benchmark.
// usage: cowtest simple|oom|three|kernel|text|bench
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "mmu.h"
#include "user.h"
#include "../labtest.h"

static char *casename;
static int failed;

int main(int, char**);   // text: text() tries to write into it

static void
fail(char *what)
{
  printf(1, "%s: FAIL %s\n", casename, what);
  failed = 1;
}

// A page-aligned heap of n pages, every page written (so it really exists): page i holds
// i in its first word and ~i in its last.
static uint*
heap(int n)
{
  char *a;
  uint b;
  int i;

  b = (uint)sbrk(0);
  sbrk(PGROUNDUP(b) - b);
  a = sbrk(n*PGSIZE);
  if(a == (char*)-1)
    return 0;
  for(i = 0; i < n; i++){
    *(uint*)(a + i*PGSIZE) = i;
    *(uint*)(a + i*PGSIZE + PGSIZE - 4) = ~i;
  }
  return (uint*)a;
}

#define WORD(h, i, last) (*(uint*)((char*)(h) + (i)*PGSIZE + ((last) ? PGSIZE - 4 : 0)))

// Do pages [from, to) of h still hold what heap() wrote?
static int
intact(uint *h, int from, int to)
{
  int i;

  for(i = from; i < to; i++)
    if(WORD(h, i, 0) != i || WORD(h, i, 1) != ~i)
      return 0;
  return 1;
}

// End a case: give back the n-page heap (if any), check that free memory is back to f0,
// and print "CASE: ok" if nothing failed.
static void
finish(int n, int f0)
{
  if(n > 0 && sbrk(-n*PGSIZE) == (char*)-1)
    fail("sbrk could not shrink the heap back");
  if(freemem() != f0){
    printf(1, "%s: %d pages free at the start, %d at the end\n", casename, f0, freemem());
    fail("pages were lost");
  }
  if(!failed)
    printf(1, "%s: ok\n", casename);
}

// Fork must not copy a heap of 512 pages. Returns 1 if it did not.
static int
shares(void)
{
  uint *h;
  int cost;

  if((h = heap(512)) == 0){
    fail("sbrk(512 pages) failed");
    return 0;
  }
  cost = forkcost();
  sbrk(-512*PGSIZE);
  printf(1, "%s: fork of a process with 512 heap pages took %d pages\n", casename, cost);
  if(cost < 0 || cost >= 256){
    fail("fork copied the heap (or failed): expected it to share the pages");
    return 0;
  }
  return 1;
}

// A child is told to do something through a pipe and answers with one byte; a child that
// was killed answers nothing, which reads as 'k'.
static char
answer(int fd)
{
  char c;

  if(read(fd, &c, 1) != 1)
    return 'k';
  return c;
}

// A heap of more than half of free memory: fork must succeed; the child sees the parent's
// data and writes a few pages of its own; the parent's data stays as it was.
static void
simple(void)
{
  uint *h;
  int f0, n, pid, p[2], i;
  char c;

  f0 = freemem();
  n = f0 / 10 * 6;
  if((h = heap(n)) == 0){
    fail("sbrk of 60% of free memory failed");
    return;
  }
  printf(1, "simple: heap of %d pages, %d pages were free\n", n, f0);
  pipe(p);
  pid = fork();
  if(pid < 0){
    fail("fork of a process holding more than half of free memory failed");
    sbrk(-n*PGSIZE);
    return;
  }
  if(pid == 0){
    c = 'y';
    if(!intact(h, 0, n))
      c = 'n';
    for(i = 0; i < n; i += 97)
      WORD(h, i, 0) = 0xc0ffee;
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  c = answer(p[0]);
  close(p[0]);
  wait();
  if(c == 'n')
    fail("the child did not see the parent's heap");
  if(c == 'k')
    fail("the child was killed");
  if(!intact(h, 0, n))
    fail("the child's writes showed up in the parent");
  for(i = 0; i < n; i += 97)   // the last reference now: no copy needed
    WORD(h, i, 0) = 7;
  finish(n, f0);
}

// Running out of memory while copying kills the process that needed the copy, and only it.
static void
oom(void)
{
  uint *h;
  int f0, n, pid, p[2], i;

  f0 = freemem();
  n = f0 / 10 * 6;
  if((h = heap(n)) == 0){
    fail("sbrk of 60% of free memory failed");
    return;
  }
  pipe(p);
  pid = fork();
  if(pid < 0){
    fail("fork of a process holding more than half of free memory failed");
    sbrk(-n*PGSIZE);
    return;
  }
  if(pid == 0){
    close(p[0]);
    for(i = 0; i < n; i++)   // runs out of memory about two thirds of the way
      WORD(h, i, 0) = 0;
    write(p[1], "y", 1);
    exit();
  }
  close(p[1]);
  if(answer(p[0]) != 'k')
    fail("a child that wrote more pages than there is memory for was not killed");
  close(p[0]);
  wait();
  if(!intact(h, 0, n))
    fail("the parent's heap changed");
  for(i = 0; i < n; i++)
    WORD(h, i, 1) = 0;
  finish(n, f0);
}

// A parent, a child and a grandchild share pages, each writes some, each sees only its own.
static void
three(void)
{
  uint *h;
  int f0, n, pid, i, p[2];
  char c;

  if(!shares())
    return;
  f0 = freemem();
  n = 300;
  h = heap(n);
  pipe(p);
  pid = fork();
  if(pid == 0){
    close(p[0]);
    c = 'y';
    if(fork() == 0){
      for(i = 0; i < n; i += 3)
        WORD(h, i, 0) = 3000 + i;
      for(i = 0; i < n; i++)
        if(WORD(h, i, 0) != (i % 3 == 0 ? 3000 + i : i) || WORD(h, i, 1) != ~i)
          c = 'g';
      write(p[1], &c, 1);
      exit();
    }
    for(i = 1; i < n; i += 3)
      WORD(h, i, 0) = 2000 + i;
    wait();
    for(i = 0; i < n; i++)
      if(WORD(h, i, 0) != (i % 3 == 1 ? 2000 + i : i) || WORD(h, i, 1) != ~i)
        c = 'c';
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  for(i = 2; i < n; i += 3)
    WORD(h, i, 1) = 1000 + i;
  c = answer(p[0]);
  if(c == 'y')
    c = answer(p[0]);
  close(p[0]);
  wait();
  if(c == 'g')
    fail("the grandchild saw someone else's writes");
  else if(c == 'c')
    fail("the child saw someone else's writes");
  else if(c != 'y')
    fail("the child or the grandchild was killed");
  for(i = 0; i < n; i++)
    if(WORD(h, i, 0) != i || WORD(h, i, 1) != (i % 3 == 2 ? 1000 + i : ~i))
      c = 'p';
  if(c == 'p')
    fail("the parent saw someone else's writes");
  sbrk(-n*PGSIZE);
  if(freemem() != f0){
    printf(1, "three: %d pages free at the start, %d at the end\n", f0, freemem());
    fail("pages were lost (a reference count that never reaches 0?)");
  }
  if(!failed)
    printf(1, "three: ok\n");
}

// The kernel's own writes into shared pages (read, pipe, fstat) copy them too.
static void
kernel(void)
{
  uint *h;
  int pid, p[2], fds[2], fd, n;
  char c, want[32];
  struct stat st;

  if(!shares())
    return;
  h = heap(8);
  fd = open("README", O_RDONLY);
  n = read(fd, want, sizeof(want));
  close(fd);
  pipe(p);
  pid = fork();
  if(pid == 0){
    close(p[0]);
    c = 'y';
    fd = open("README", O_RDONLY);
    if(read(fd, (char*)h + PGSIZE + 8, sizeof(want)) != n ||
       memcmp((char*)h + PGSIZE + 8, want, n) != 0)
      c = 'r';
    if(fstat(fd, (struct stat*)((char*)h + 3*PGSIZE + 8)) != 0)
      c = 's';
    close(fd);
    if(pipe((int*)((char*)h + 5*PGSIZE + 8)) != 0)
      c = 'p';
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  c = answer(p[0]);
  close(p[0]);
  wait();
  if(c == 'r')
    fail("read() into a shared page returned the wrong count or bytes");
  else if(c == 's')
    fail("fstat() into a shared page returned -1");
  else if(c == 'p')
    fail("pipe() into a shared page returned -1");
  else if(c == 'k')
    fail("the child was killed (a kernel write into a shared page?)");
  if(!intact(h, 0, 8))
    fail("the child's system calls wrote into the parent's pages");
  // And the other way round: the parent writes with read(); the child must not see it.
  pipe(p);
  pipe(fds);
  pid = fork();
  if(pid == 0){
    close(p[0]);
    read(fds[0], &c, 1);    // wait until the parent has written
    c = intact(h, 0, 8) ? 'y' : 'n';
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  fd = open("README", O_RDONLY);
  read(fd, (char*)h + 2*PGSIZE, 16);
  fstat(fd, &st);
  close(fd);
  write(fds[1], "g", 1);
  if(answer(p[0]) != 'y')
    fail("the parent's read() into a shared page showed up in the child");
  close(p[0]);
  close(fds[0]);
  close(fds[1]);
  wait();
  sbrk(-8*PGSIZE);
  if(!failed)
    printf(1, "kernel: ok\n");
}

// Text is read-only before and after fork, in parent and child; read() into it fails.
static void
text(void)
{
  int pid, p[2], fd;
  char c;

  if(!shares())
    return;
  pipe(p);
  pid = fork();
  if(pid == 0){
    close(p[0]);
    if(fork() == 0){
      *(volatile char*)main = 0;   // must die here
      write(p[1], "c", 1);
      exit();
    }
    wait();
    *(volatile char*)main = 0;     // and here
    write(p[1], "p", 1);
    exit();
  }
  close(p[1]);
  c = answer(p[0]);
  close(p[0]);
  wait();
  if(c != 'k')
    fail("a forked process could write its program's text");
  fd = open("README", O_RDONLY);
  if(read(fd, (char*)main, 4) != -1)
    fail("read() into text after fork did not return -1");
  close(fd);
  if(!failed)
    printf(1, "text: ok\n");
}

// fork+exit+wait of a 64 MB process, against writing the same 64 MB once in user space.
static void
bench(void)
{
  uint *h;
  int n, pid, i, t0, t1, t2, rounds;

  n = 64*1024*1024 / PGSIZE;
  if((h = heap(n)) == 0){
    fail("sbrk(64 MB) failed");
    return;
  }
  rounds = 4;
  t0 = uptime();
  memset(h, 1, n*PGSIZE);
  t1 = uptime();
  for(i = 0; i < rounds; i++){
    pid = fork();
    if(pid < 0){
      fail("fork failed");
      return;
    }
    if(pid == 0)
      exit();
    wait();
  }
  t2 = uptime();
  printf(1, "bench: fork+exit+wait of a 64 MB process: %d ticks each (%d rounds); "
         "writing the 64 MB once: %d ticks\n", (t2 - t1) / rounds, rounds, t1 - t0);
  sbrk(-n*PGSIZE);
  // Copying 64 MB costs about as much as writing it; sharing it should cost far less.
  if(2*((t2 - t1) / rounds) > t1 - t0)
    fail("fork+exit+wait took more than half as long as writing the memory once");
  if(!failed)
    printf(1, "bench: ok\n");
}

int
main(int argc, char *argv[])
{
  casename = argc == 2 ? argv[1] : "";
  if(strcmp(casename, "simple") == 0)
    simple();
  else if(strcmp(casename, "oom") == 0)
    oom();
  else if(strcmp(casename, "three") == 0)
    three();
  else if(strcmp(casename, "kernel") == 0)
    kernel();
  else if(strcmp(casename, "text") == 0)
    text();
  else if(strcmp(casename, "bench") == 0)
    bench();
  else
    printf(2, "usage: cowtest simple|oom|three|kernel|text|bench\n");
  exit();
}
