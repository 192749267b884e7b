// lazytest.c: the lazy lab's checks: sbrk only moves the break, pages come on first touch,
// and everything that reaches user memory copes with a page that is not there yet.
// usage: lazytest big|syscalls|exec|fork|bad|shrink
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "mmu.h"
#include "user.h"
#include "../labtest.h"

#define GB (1024*1024*1024)

static char *casename;
static int failed;

static void
fail(char *what)
{
  printf(1, "%s: FAIL %s\n", casename, what);
  failed = 1;
}

// sbrk(n) that must not allocate: at most 2 pages (page tables) may go. Returns the old
// break, or 0 after reporting a failure.
static char*
lazysbrk(int n)
{
  int f0, f1;
  char *a;

  f0 = freemem();
  a = sbrk(n);
  f1 = freemem();
  if(a == (char*)-1){
    printf(1, "%s: FAIL sbrk(%d) returned -1 with %d pages free\n", casename, n, f0);
    failed = 1;
    return 0;
  }
  if(f0 - f1 > 2){
    printf(1, "%s: FAIL sbrk(%d) took %d pages at once: it should only move the break\n",
           casename, n, f0 - f1);
    failed = 1;
    return 0;
  }
  return a;
}

// sbrk of 1 GB returns at once and costs nothing; touching N pages costs N (plus a page
// table); giving it back returns every page.
static void
big(void)
{
  int f0, f1, f2, f3, t0, t1, i;
  char *a;

  f0 = freemem();
  t0 = uptime();
  a = lazysbrk(GB);
  t1 = uptime();
  if(a == 0)
    return;
  printf(1, "big: sbrk(1 GB) took %d ticks and %d pages\n", t1 - t0, f0 - freemem());
  if(t1 - t0 > 20)
    fail("sbrk(1 GB) took more than 20 ticks");
  a = (char*)PGROUNDUP((uint)a);
  f1 = freemem();
  for(i = 0; i < 50; i++)
    a[i*PGSIZE + i] = i;
  f2 = freemem();
  printf(1, "big: touching 50 pages took %d pages\n", f1 - f2);
  if(f1 - f2 < 50 || f1 - f2 > 51)
    fail("touching 50 pages should take 50 pages (51 with a new page table)");
  for(i = 0; i < 50; i++)
    if(a[i*PGSIZE + i] != i || a[i*PGSIZE + PGSIZE - 1] != 0)
      fail("a touched page lost its contents or was not zeroed");
  a[GB - 2*PGSIZE] = 7;   // far from the others: a page and a page table
  if(f2 - freemem() < 1 || f2 - freemem() > 2)
    fail("touching one page far away should take 1 page and at most one page table");
  if(sbrk(-GB) == (char*)-1)
    fail("sbrk(-1 GB) returned -1");
  f3 = freemem();
  printf(1, "big: %d pages free before, %d after sbrk(-1 GB)\n", f0, f3);
  if(f3 != f0)
    fail("sbrk(-1 GB) did not give back every page");
  if(!failed)
    printf(1, "big: ok\n");
}

// System calls whose buffers lie in pages nobody has touched.
static void
syscalls(void)
{
  char *a, want[64];
  int fd, p[2], n;
  struct stat st;

  if((a = lazysbrk(64*PGSIZE)) == 0)
    return;
  a = (char*)PGROUNDUP((uint)a);
  fd = open("README", O_RDONLY);
  n = read(fd, want, sizeof(want));
  close(fd);
  fd = open("README", O_RDONLY);
  if(read(fd, a + 3*PGSIZE - 10, sizeof(want)) != n || memcmp(a + 3*PGSIZE - 10, want, n) != 0)
    fail("read() into two untouched pages did not return the file's bytes");
  close(fd);
  if(pipe((int*)(a + 10*PGSIZE)) != 0)
    fail("pipe() with its fds array in an untouched page returned -1");
  else {
    memmove(p, a + 10*PGSIZE, sizeof(p));
    if(write(p[1], a + 20*PGSIZE, 8) != 8)
      fail("write() from an untouched page did not write 8 bytes");
    else if(read(p[0], want, 8) != 8 || want[0] != 0 || want[7] != 0)
      fail("write() from an untouched page did not send zeros");
    close(p[0]);
    close(p[1]);
  }
  fd = open("README", O_RDONLY);
  if(fstat(fd, (struct stat*)(a + 30*PGSIZE)) != 0)
    fail("fstat() into an untouched page returned -1");
  else {
    fstat(fd, &st);
    if(memcmp(&st, a + 30*PGSIZE, sizeof(st)) != 0)
      fail("fstat() into an untouched page wrote the wrong thing");
  }
  close(fd);
  if(read(0, a + 64*PGSIZE + PGSIZE, 1) != -1 && read(0, sbrk(0) + PGSIZE, 1) != -1)
    fail("read() into memory above the break did not return -1");
  if(!failed)
    printf(1, "syscalls: ok\n");
}

// exec's arguments: the argv array and the strings in untouched pages. The new image
// (lazytest echo) writes its arguments back through a pipe.
static void
execargs(void)
{
  char *a, **argv, buf[64];
  int p[2], pid, n, m;

  if((a = lazysbrk(16*PGSIZE)) == 0)
    return;
  a = (char*)PGROUNDUP((uint)a);
  argv = (char**)(a + 2*PGSIZE);
  argv[0] = a + 5*PGSIZE - 4;   // crosses into an untouched page
  strcpy(argv[0], "lazytest");
  argv[1] = "echo";
  argv[2] = a + 8*PGSIZE;
  strcpy(argv[2], "lazy-argument");
  argv[3] = 0;
  pipe(p);
  pid = fork();
  if(pid == 0){
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    exec(argv[0], argv);
    printf(2, "exec: FAIL exec with arguments in lazily allocated pages failed\n");
    exit();
  }
  close(p[1]);
  n = 0;
  while(n < sizeof(buf) - 1 && (m = read(p[0], buf + n, sizeof(buf) - 1 - n)) > 0)
    n += m;
  buf[n] = 0;
  close(p[0]);
  wait();
  if(strcmp(buf, "lazy-argument\n") != 0)
    fail("the exec'd program did not get its arguments");
  if(!failed)
    printf(1, "exec: ok\n");
}

// fork copies the touched pages and only those; parent and child then go their own ways.
static void
forkcase(void)
{
  char *a;
  int i, pid, p[2], c0, c1;
  char c;

  c0 = forkcost();
  if((a = lazysbrk(200*PGSIZE)) == 0)
    return;
  a = (char*)PGROUNDUP((uint)a);
  for(i = 0; i < 100; i += 2)
    a[i*PGSIZE] = 'a' + i % 26;
  c1 = forkcost();
  printf(1, "fork: a child took %d pages before sbrk, %d after 50 of 200 new pages were "
         "touched\n", c0, c1);
  if(c1 - c0 > 52)
    fail("fork allocated pages for the heap pages nobody touched");
  pipe(p);
  pid = fork();
  if(pid == 0){
    close(p[0]);
    c = 'y';
    for(i = 0; i < 100; i++)
      if(a[i*PGSIZE] != ((i % 2) ? 0 : 'a' + i % 26))
        c = 'n';
    for(i = 0; i < 200; i++)
      a[i*PGSIZE + 1] = 'c';
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  if(read(p[0], &c, 1) != 1)
    c = 'k';
  close(p[0]);
  wait();
  if(c == 'n')
    fail("the child does not see the parent's pages (or untouched pages are not zero)");
  else if(c == 'k')
    fail("the child was killed");
  for(i = 0; i < 200; i++)
    if(a[i*PGSIZE + 1] != 0 || a[i*PGSIZE] != ((i < 100 && i % 2 == 0) ? 'a' + i % 26 : 0))
      c = 'x';
  if(c == 'x')
    fail("the child's writes showed up in the parent");
  if(!failed)
    printf(1, "fork: ok\n");
}

// What must still kill: above the break, the guard page, page 0, the kernel.
static void
bad(void)
{
  char *a, *guard;
  int here;

  if((a = lazysbrk(4*PGSIZE)) == 0)
    return;
  guard = (char*)(PGROUNDDOWN((uint)&here) - PGSIZE);
  if(!survives(a + 2*PGSIZE, 0) || !survives(a + 3*PGSIZE, 1))
    fail("a child died touching memory below the break");
  if(survives((char*)PGROUNDUP((uint)sbrk(0)) + 10, 0))
    fail("a load above the break did not kill");
  if(survives((char*)PGROUNDUP((uint)sbrk(0)) + 3*PGSIZE, 1))
    fail("a store above the break did not kill");
  if(survives(guard + 100, 1) || survives(guard, 0))
    fail("touching the stack guard page did not kill");
  if(survives((char*)0, 0) || survives((char*)0x10, 1))
    fail("touching page 0 did not kill");
  if(survives((char*)0x80100000, 1))
    fail("storing into the kernel did not kill");
  if(read(0, guard, 1) != -1)
    fail("read() into the guard page did not return -1");
  if(!failed)
    printf(1, "bad: ok\n");
}

// sbrk(-n) over pages some of which were never touched.
static void
shrink(void)
{
  char *a;
  int f0, f1;

  f0 = freemem();
  if((a = lazysbrk(30*PGSIZE)) == 0)
    return;
  a[5*PGSIZE] = 1;
  a[17*PGSIZE] = 1;
  if(sbrk(-30*PGSIZE) != a + 30*PGSIZE)
    fail("sbrk(-30 pages) did not return the old break");
  f1 = freemem();
  if(f1 != f0)
    fail("sbrk(-30 pages) did not give back the 2 touched pages");
  if(survives(a + 17*PGSIZE, 0))
    fail("a page given back with sbrk(-n) can still be read");
  if((a = lazysbrk(30*PGSIZE)) == 0)
    return;
  if(a[17*PGSIZE] != 0)
    fail("a page given back and grown again is not zero");
  sbrk(-30*PGSIZE);
  if(!failed)
    printf(1, "shrink: ok\n");
}

int
main(int argc, char *argv[])
{
  int i;

  if(argc >= 2 && strcmp(argv[1], "echo") == 0){
    for(i = 2; i < argc; i++)
      printf(1, "%s\n", argv[i]);
    exit();
  }
  casename = argc == 2 ? argv[1] : "";
  if(strcmp(casename, "big") == 0)
    big();
  else if(strcmp(casename, "syscalls") == 0)
    syscalls();
  else if(strcmp(casename, "exec") == 0)
    execargs();
  else if(strcmp(casename, "fork") == 0)
    forkcase();
  else if(strcmp(casename, "bad") == 0)
    bad();
  else if(strcmp(casename, "shrink") == 0)
    shrink();
  else
    printf(2, "usage: lazytest big|syscalls|exec|fork|bad|shrink\n");
  exit();
}
