// lazytest.c: the lazy lab's checks: sbrk only moves the break, pages come on first touch,
// and everything that reaches user memory copes with a page that is not there yet.
// usage: lazytest big SEED | syscalls SEED | exec WORD | strings NAME | fork | bad | shrink |
//        oom | procs SEED   (the grader draws SEED, WORD and NAME afresh on every run)
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "mmu.h"
#include "user.h"
#include "../labtest.h"

#define GB (1024*1024*1024)

static char *casename;
static int failed;
static uint seed;

static uint
rnd(void)
{
  seed = seed * 1103515245 + 12345;
  return (seed >> 8) ^ (seed << 13);
}

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

// sbrk of 1 GB returns at once and costs nothing; touching a random set of N pages (in the
// first 4 MB of it) costs N plus at most 2 page tables; giving it back returns every page.
static void
big(void)
{
  int f0, f1, f2, f3, t0, t1, i, n;
  char *a;
  static char touched[1024];

  f0 = freemem();
  t0 = uptime();
  a = lazysbrk(GB);
  t1 = uptime();
  if(a == 0)
    return;
  printf(1, "big: sbrk(1 GB) took %d ticks and %d pages\n", t1 - t0, f0 - freemem());
  if(t1 - t0 > 100)
    fail("expected sbrk(1 GB) to take at most 100 ticks, saw more");
  a = (char*)PGROUNDUP((uint)a);
  f1 = freemem();
  n = 0;
  for(i = 0; i < 1024; i++)
    touched[i] = rnd() % 8 == 0;
  for(i = 0; i < 1024; i++)
    if(touched[i]){
      a[i*PGSIZE + i % PGSIZE] = i;
      n++;
    }
  f2 = freemem();
  printf(1, "big: touching %d pages took %d pages\n", n, f1 - f2);
  if(f1 - f2 < n || f1 - f2 > n + 2){
    printf(1, "big: FAIL expected touching %d pages to take %d to %d pages, saw %d\n",
           n, n, n + 2, f1 - f2);
    failed = 1;
  }
  for(i = 0; i < 1024; i++)
    if(a[i*PGSIZE + (i + 1) % PGSIZE] != 0 ||
       a[i*PGSIZE + i % PGSIZE] != (touched[i] ? (char)i : 0)){
      printf(1, "big: FAIL expected page %d to hold %d and zeros, saw %d\n", i,
             touched[i] ? (char)i : 0, a[i*PGSIZE + i % PGSIZE]);
      failed = 1;
      break;
    }
  f2 = freemem();   // the reads above touched every page of the 4 MB
  a[GB - 2*PGSIZE] = 7;   // far from the others: a page and a page table
  if(f2 - freemem() < 1 || f2 - freemem() > 2)
    fail("expected touching one page far away to take 1 page and at most one page table, "
         "saw otherwise");
  if(sbrk(-GB) == (char*)-1)
    fail("expected sbrk(-1 GB) to succeed, saw -1");
  f3 = freemem();
  printf(1, "big: %d pages free before, %d after sbrk(-1 GB)\n", f0, f3);
  if(f3 != f0)
    fail("expected sbrk(-1 GB) to give back every page, saw some missing");
  if(!failed)
    printf(1, "big: ok\n");
}

// Buffers of K untouched pages (K drawn per run, 3 to 12), at an odd offset, in the middle
// of a 1000-page untouched heap: read() must fill every page of them and write() must send
// every page, and each call may allocate the pages of its buffer and no others.
static void
bigbuffers(void)
{
  static char data[12*PGSIZE + 1];
  char *a, *buf;
  int k, n, fd, i, f0, f1, off;

  k = 3 + rnd() % 10;
  off = 1 + rnd() % (PGSIZE - 1);
  n = k*PGSIZE - PGSIZE/2;           // k pages from off: the last one only partly
  for(i = 0; i < n; i++)
    data[i] = 'a' + rnd() % 26;
  unlink("lazyfile");
  fd = open("lazyfile", O_CREATE|O_RDWR);
  if(fd < 0 || write(fd, data, n) != n){
    fail("expected to write a test file, saw write fail");
    return;
  }
  close(fd);
  if((a = lazysbrk(1000*PGSIZE)) == 0)
    return;
  a = (char*)PGROUNDUP((uint)a);
  buf = a + 400*PGSIZE + off;
  fd = open("lazyfile", O_RDONLY);
  f0 = freemem();
  i = read(fd, buf, n);
  f1 = freemem();
  close(fd);
  if(i != n)
    printf(1, "syscalls: FAIL expected read() of %d bytes into %d untouched pages to return "
           "%d, saw %d\n", n, k, n, i), failed = 1;
  else if(memcmp(buf, data, n) != 0)
    printf(1, "syscalls: FAIL expected read() into %d untouched pages to fill every page "
           "with the file's bytes, saw others\n", k), failed = 1;
  else if(f0 - f1 < k || f0 - f1 > k + 1)
    printf(1, "syscalls: FAIL expected read() into %d untouched pages to take %d pages "
           "(%d with a page table), saw %d\n", k, k, k + 1, f0 - f1), failed = 1;
  // write() from k untouched pages: the file must then hold zeros, all n bytes of them
  buf = a + 700*PGSIZE + off;
  fd = open("lazyfile", O_RDWR);
  f0 = freemem();
  i = write(fd, buf, n);
  f1 = freemem();
  close(fd);
  if(i != n)
    printf(1, "syscalls: FAIL expected write() of %d bytes from %d untouched pages to "
           "return %d, saw %d\n", n, k, n, i), failed = 1;
  else if(f0 - f1 < k || f0 - f1 > k + 1)
    printf(1, "syscalls: FAIL expected write() from %d untouched pages to take about %d "
           "pages, saw %d\n", k, k, f0 - f1), failed = 1;
  else {
    fd = open("lazyfile", O_RDONLY);
    i = read(fd, data, n + 1);
    close(fd);
    while(--i >= 0 && data[i] == 0)
      ;
    if(i != -1)
      printf(1, "syscalls: FAIL expected the file written from untouched pages to hold %d "
             "zeros, saw byte %d = %d\n", n, i, data[i]), failed = 1;
  }
  unlink("lazyfile");
  sbrk(-1000*PGSIZE);
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
  fd = open("README", O_RDONLY);
  if(read(fd, a + 64*PGSIZE + PGSIZE, 1) != -1 || read(fd, sbrk(0) + PGSIZE, 1) != -1)
    fail("expected read() into memory above the break to return -1, saw otherwise");
  close(fd);
  sbrk(-64*PGSIZE);
  if(!failed)
    bigbuffers();
  if(!failed)
    printf(1, "syscalls: ok\n");
}

// A copy of string str whose terminating NUL is the first byte of the untouched page at
// page: the string ends right before it, in a page this writes (and so touches).
static char*
endsat(char *page, char *str)
{
  char *s = page - strlen(str);

  memmove(s, str, strlen(str));
  return s;
}

// exec's arguments: the path, the argument strings and the argv array's final 0 each end in
// an untouched page (their NUL, and the 0 pointer, are the first bytes of untouched pages),
// and one argument lies wholly in untouched memory (the empty string). The new image
// (lazytest echo) writes its arguments back through a pipe.
static void
execargs(char *word)
{
  char *a, **argv, buf[128], want[128];
  int p[2], pid, n, m;

  if((a = lazysbrk(16*PGSIZE)) == 0)
    return;
  a = (char*)PGROUNDUP((uint)a);
  argv = (char**)(a + 3*PGSIZE) - 4;      // argv[4] = 0 is the first word of page 3
  argv[0] = endsat(a + 5*PGSIZE, "lazytest");
  argv[1] = "echo";
  argv[2] = endsat(a + 8*PGSIZE, word);
  argv[3] = a + 10*PGSIZE + 100;            // "" in an untouched page
  pipe(p);
  pid = fork();
  if(pid == 0){
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    exec(endsat(a + 12*PGSIZE, "lazytest"), argv);
    printf(2, "exec: FAIL expected exec with its path and arguments ending in untouched "
           "pages to succeed, saw it fail\n");
    exit();
  }
  close(p[1]);
  n = 0;
  while(n < sizeof(buf) - 1 && (m = read(p[0], buf + n, sizeof(buf) - 1 - n)) > 0)
    n += m;
  buf[n] = 0;
  close(p[0]);
  wait();
  strcpy(want, word);
  strcpy(want + strlen(want), "\n\n");
  if(strcmp(buf, want) != 0)
    printf(1, "exec: FAIL expected the exec'd program's arguments to be '%s' and '', saw "
           "output '%s'\n", word, buf), failed = 1;
  if(!failed)
    printf(1, "exec: ok\n");
}

// Path names whose NUL is the first byte of an untouched page (fetchstr): create, open,
// unlink, and a name that runs past the break into nothing.
static void
strings(char *name)
{
  char *a, *path, buf[32];
  int fd, n;

  if((a = lazysbrk(8*PGSIZE)) == 0)
    return;
  a = (char*)PGROUNDUP((uint)a);
  unlink(name);
  path = endsat(a + 2*PGSIZE, name);
  fd = open(path, O_CREATE|O_RDWR);
  if(fd < 0){
    printf(1, "strings: FAIL expected open(\"%s\", O_CREATE) with its NUL in an untouched "
           "page to succeed, saw -1\n", name);
    failed = 1;
    return;
  }
  write(fd, name, strlen(name));
  close(fd);
  fd = open(endsat(a + 4*PGSIZE, name), O_RDONLY);
  n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if(n != strlen(name) || memcmp(buf, name, n) != 0)
    printf(1, "strings: FAIL expected to read back %s from the file, saw %d bytes\n",
           name, n), failed = 1;
  if(unlink(endsat(a + 6*PGSIZE, name)) != 0)
    printf(1, "strings: FAIL expected unlink(\"%s\") with its NUL in an untouched page to "
           "succeed, saw -1\n", name), failed = 1;
  else if(open(name, O_RDONLY) >= 0)
    printf(1, "strings: FAIL expected %s to be gone after unlink, saw it open\n", name),
      failed = 1;
  // a name that fills the heap's last page up to the break: no NUL before it
  path = (char*)sbrk(0) - 5;
  memmove(path, "xxxxx", 5);
  if(open(path, O_RDONLY) != -1)
    fail("expected open() of a name with no NUL below the break to return -1, saw otherwise");
  sbrk(-8*PGSIZE);
  if(!failed)
    printf(1, "strings: ok\n");
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
  int here, fd;

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
  fd = open("README", O_RDONLY);
  if(read(fd, guard, 1) != -1)
    fail("expected read() into the guard page to return -1, saw otherwise");
  close(fd);
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

// Out of memory: three processes touch heap pages until none is left, and a fourth asks
// read() to fill more untouched pages than there is memory. The kernel must kill the three
// (or they would go on touching for ever) and fail the read, without a panic, within the
// watchdog's time, and every page must come back.
#define WATCHDOG 6000           // ticks before the watchdog gives up on them (60 s)
static void
oom(void)
{
  int f0, f1, i, pid, watchdog, p[2], ended, fd, r;
  int kids[4];
  char c, *a;

  f0 = freemem();
  pipe(p);
  watchdog = fork();
  if(watchdog == 0){
    sleep(WATCHDOG);
    exit();
  }
  for(i = 0; i < 4; i++){
    kids[i] = pid = fork();
    if(pid < 0){
      fail("expected fork to succeed before memory ran out, saw -1");
      break;
    }
    if(pid == 0){
      close(p[0]);
      a = sbrk(1024*1024*1024 + 512*1024*1024);
      if(a == (char*)-1)
        exit();
      if(i < 3){
        for(a = (char*)PGROUNDUP((uint)a); ; a += PGSIZE)
          *a = 1;
      }
      fd = open("README", O_RDONLY);
      r = read(fd, a, f0 * PGSIZE + 64 * PGSIZE);
      c = r == -1 ? 'y' : 'n';
      write(p[1], &c, 1);
      exit();
    }
  }
  close(p[1]);
  ended = 0;
  while(ended < 4 && (pid = wait()) >= 0){
    if(pid == watchdog){
      printf(1, "oom: FAIL expected processes that run out of memory to be killed (or their "
             "read() to fail) within %d ticks, saw %d of 4 still running\n", WATCHDOG,
             4 - ended);
      failed = 1;
      for(i = 0; i < 4; i++)
        kill(kids[i]);
      watchdog = -1;
      continue;
    }
    ended++;
  }
  if(watchdog > 0){
    kill(watchdog);
    wait();
  }
  if(read(p[0], &c, 1) != 1)
    fail("expected the reading process to live and say what read() returned, saw it die");
  else if(c != 'y')
    fail("expected read() into more untouched pages than there is memory to return -1, "
         "saw it succeed");
  close(p[0]);
  f1 = freemem();
  printf(1, "oom: %d pages free before, %d after\n", f0, f1);
  if(f1 != f0)
    printf(1, "oom: FAIL expected all %d free pages back after the processes died, saw %d\n",
           f0, f1), failed = 1;
  if(!failed)
    printf(1, "oom: ok\n");
}

// Four processes at once (one a CPU), each faulting in its own random pages and passing
// them to system calls: every page must hold what its own process wrote. Their sbrk(400
// pages) must cost nothing: once all four have grown, the parent counts the free pages.
static void
procs(void)
{
  int i, j, k, pid, p[2], go[2], ok = 0, fd, c0, f0, f1;
  char *a, c;

  c0 = forkcost();
  pipe(p);
  pipe(go);
  f0 = freemem();
  for(i = 0; i < 4; i++){
    seed += 7919;
    pid = fork();
    if(pid == 0){
      close(p[0]);
      close(go[1]);
      c = 'y';
      // (plain sbrk: lazysbrk's freemem() count would see the others' pages go)
      if((a = sbrk(400*PGSIZE)) == (char*)-1)
        c = 'n';
      write(p[1], "s", 1);
      if(read(go[0], &k, 1) != 1)
        exit();
      a = (char*)PGROUNDUP((uint)a);
      for(k = 0; k < 20 && c == 'y'; k++){
        for(j = 0; j < 300; j++)
          if(rnd() % 4 == 0)
            a[j*PGSIZE + i] = 'a' + (i + j) % 26;
        fd = open("README", O_RDONLY);
        j = rnd() % 300;
        // 8 bytes across two pages of their own (300 to 399), untouched or not
        if(read(fd, a + (300 + j % 98)*PGSIZE + PGSIZE - 4, 8) != 8)
          c = 'r';
        close(fd);
        for(j = 0; j < 300; j++)
          if(a[j*PGSIZE + i] != 0 && a[j*PGSIZE + i] != 'a' + (i + j) % 26)
            c = 'x';
      }
      write(p[1], &c, 1);
      exit();
    }
  }
  close(p[1]);
  close(go[0]);
  for(i = 0; i < 4; i++)
    read(p[0], &c, 1);
  f1 = freemem();
  write(go[1], "gggg", 4);
  close(go[1]);
  if(f0 - f1 > 4 * (c0 + 4)){
    printf(1, "procs: FAIL expected 4 processes' sbrk(400 pages) to cost no pages (only the "
           "4 forks, %d pages each), saw %d pages go\n", c0, f0 - f1);
    failed = 1;
  }
  for(i = 0; i < 4; i++){
    if(read(p[0], &c, 1) == 1 && c == 'y')
      ok++;
    else if(c == 'n')
      printf(1, "procs: FAIL expected sbrk(400 pages) to succeed, saw -1\n");
    else if(c == 'r')
      printf(1, "procs: FAIL expected read() into a process's untouched page to return 8, "
             "saw otherwise\n");
    else if(c == 'x')
      printf(1, "procs: FAIL expected each process's pages to hold its own bytes, saw "
             "another's\n");
  }
  close(p[0]);
  for(i = 0; i < 4; i++)
    wait();
  if(ok != 4)
    printf(1, "procs: FAIL expected 4 processes to pass, saw %d\n", ok);
  else if(!failed)
    printf(1, "procs: ok\n");
}

int
main(int argc, char *argv[])
{
  int i;
  char *arg = argc >= 3 ? argv[2] : "";

  if(argc >= 2 && strcmp(argv[1], "echo") == 0){
    for(i = 2; i < argc; i++)
      printf(1, "%s\n", argv[i]);
    exit();
  }
  casename = argc >= 2 ? argv[1] : "";
  seed = atoi(arg);
  if(strcmp(casename, "big") == 0)
    big();
  else if(strcmp(casename, "syscalls") == 0)
    syscalls();
  else if(strcmp(casename, "exec") == 0 && argc >= 3)
    execargs(arg);
  else if(strcmp(casename, "strings") == 0 && argc >= 3)
    strings(arg);
  else if(strcmp(casename, "fork") == 0)
    forkcase();
  else if(strcmp(casename, "bad") == 0)
    bad();
  else if(strcmp(casename, "shrink") == 0)
    shrink();
  else if(strcmp(casename, "oom") == 0)
    oom();
  else if(strcmp(casename, "procs") == 0)
    procs();
  else
    printf(2, "usage: lazytest big SEED|syscalls SEED|exec WORD|strings NAME|fork|bad|"
           "shrink|oom|procs SEED\n");
  exit();
}
