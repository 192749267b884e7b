// mmaptest.c: the mmap lab's checks on memory-mapped files.
// usage: mmaptest all|CASE [SEED], CASE one of private shared partial two fork
// closed bigger lazy exit leak bad
// Every file's bytes depend on SEED (the grader passes a new one each run), and
// every check prints "CASE: ok" or "CASE: FAIL expected ... saw ...". A case's
// file starts out as pattern 0; patterns 1-3 are what the case stores through
// its mappings (1 through a shared mapping, 2 and 3 through others).
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "mmu.h"
#include "kstat.h"
#include "user.h"
#include "../labtest.h"

#define RW (PROT_READ|PROT_WRITE)

static char *casename;
static int failed;
static uint seed = 1;
static char fname[16];   // this case's file: "mm-" and the case's name
// which pattern each byte of the file should hold (checkfile); static, as
// the user stack is one page
static char want[16*PGSIZE];

// One FAIL line: "CASE: FAIL expected WHAT saw N". Returns -1.
static int
fail(char *what, int saw)
{
  printf(1, "%s: FAIL expected %s saw %d\n", casename, what, saw);
  failed = 1;
  return -1;
}

// The byte at offset off of a file made with pattern k: it differs from page
// to page and from run to run, so a page read from the wrong place shows.
static char
pat(int k, uint off)
{
  uint x;

  x = (off + 1) * 2654435761u ^ (seed + k * 40503u) ^ (off >> 12) * 97;
  return (char)(x >> 13 ^ x);
}

// The same for an address: "CASE: FAIL expected WHAT saw 0xADDR". Returns -1.
static int
failat(char *what, char *addr)
{
  printf(1, "%s: FAIL expected %s saw 0x%x\n", casename, what, (uint)addr);
  failed = 1;
  return -1;
}

// Which of patterns 0-3 has byte c at offset off? -1 if none.
static int
whichpat(char c, uint off)
{
  int k;

  for(k = 0; k < 4; k++)
    if(pat(k, off) == c)
      return k;
  return -1;
}

// Store pattern k's bytes for file offsets [off, off+n) at p.
static void
fill(char *p, uint off, int n, int k)
{
  int i;

  for(i = 0; i < n; i++)
    p[i] = pat(k, off + i);
}

// The first i in [0, n) where p[i] is not pattern k's byte for file offset
// off+i (k < 0: not zero), or -1 if all are.
static int
differs(char *p, uint off, int n, int k)
{
  int i;

  for(i = 0; i < n; i++)
    if(p[i] != (k < 0 ? 0 : pat(k, off + i)))
      return i;
  return -1;
}

// Make fname hold size bytes of pattern 0. Returns 0, or -1 (and says why).
static int
mkfile(int size)
{
  static char buf[1024];
  int fd, off, n;

  unlink(fname);
  if((fd = open(fname, O_CREATE|O_RDWR)) < 0){
    fail("to create the test file, open returned", fd);
    return -1;
  }
  for(off = 0; off < size; off += n){
    n = size - off < sizeof(buf) ? size - off : sizeof(buf);
    fill(buf, off, n, 0);
    if(write(fd, buf, n) != n){
      fail("to write the test file; a write failed at offset", off);
      close(fd);
      return -1;
    }
  }
  close(fd);
  return 0;
}

// Does fname hold exactly size bytes, with byte i of pattern want[i] for
// every i < upto? when says at what point, for the FAIL line. Returns 0, or
// -1 (and says why).
static int
checkfile(int size, int upto, char *when)
{
  static char buf[1024];
  struct stat st;
  int fd, off, n, i;

  if((fd = open(fname, O_RDONLY)) < 0)
    return fail("to open the test file again, open returned", fd);
  if(fstat(fd, &st) < 0 || st.size != size){
    printf(1, "%s: FAIL expected the file to stay %d bytes %s saw %d\n",
           casename, size, when, st.size);
    failed = 1;
    close(fd);
    return -1;
  }
  for(off = 0; off < upto; off += n){
    if((n = read(fd, buf, sizeof(buf))) <= 0)
      break;
    for(i = 0; i < n && off + i < upto; i++){
      if(buf[i] == pat(want[off + i], off + i))
        continue;
      printf(1, "%s: FAIL expected file byte %d to be pattern %d's %s saw ",
             casename, off + i, want[off + i], when);
      if(whichpat(buf[i], off + i) >= 0)
        printf(1, "pattern %d's\n", whichpat(buf[i], off + i));
      else
        printf(1, "0x%x, no pattern's\n", buf[i] & 0xff);
      failed = 1;
      close(fd);
      return -1;
    }
  }
  close(fd);
  if(off < upto)
    return fail("to read the whole file back; read stopped at", off);
  return 0;
}

// mmap, checked: the call succeeds with a page-aligned address and costs no
// memory (pages are read only when touched; every file here is at least 3
// pages, so a page of slack is no loophole). Returns the address, or 0 (and
// says why).
static char*
xmmap(int len, int prot, int flags, int fd, int off)
{
  int before, used;
  char *p;

  before = freemem();
  p = mmap(0, len, prot, flags, fd, off);
  used = before - freemem();
  if(p == MAP_FAILED){
    fail("mmap to succeed, it returned", -1);
    return 0;
  }
  if(p == 0 || (uint)p % PGSIZE != 0){
    failat("a page-aligned address other than 0, mmap returned", p);
    return 0;
  }
  if(used > 1){
    fail("mmap to allocate no pages (they are read on first touch), pages "
         "used", used);
    return 0;
  }
  return p;
}

// munmap, checked: it returns 0, and afterwards a touch of the first and the
// last page of the range kills. Returns 0, or -1 (and says why).
static int
xmunmap(char *p, int len)
{
  int r;

  if((r = munmap(p, len)) != 0){
    fail("munmap to return 0, it returned", r);
    return -1;
  }
  if(survives(p, 0) || survives(p + PGROUNDUP(len) - PGSIZE, 0)){
    failat("a read of an unmapped page to kill the reader; it lived, at", p);
    return -1;
  }
  return 0;
}

// A child that runs f and reports whether it went well: returns 1 if the
// child said so, 0 if it failed (it printed why) or died.
static int
inchild(int (*f)(void))
{
  int p[2], pid;
  char c;

  if(pipe(p) < 0 || (pid = fork()) < 0){
    fail("pipe and fork to work, one returned", -1);
    return 0;
  }
  if(pid == 0){
    close(p[0]);
    c = f() == 0 ? 'y' : 'n';
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  if(read(p[0], &c, 1) != 1)
    c = 'n';
  close(p[0]);
  wait();
  return c == 'y';
}

// ---- the cases ----

// A private mapping reads the file (zeros after its end, to the page's end);
// stores into it work but never reach the file, even when it was opened
// read-only.
static int
private(void)
{
  int size = 3*PGSIZE + 1000, fd, i;
  char *p;

  if(mkfile(size) < 0 || (fd = open(fname, O_RDONLY)) < 0)
    return -1;
  if((p = xmmap(size, RW, MAP_PRIVATE, fd, 0)) == 0)
    return -1;
  if((i = differs(p, 0, size, 0)) >= 0)
    return fail("the mapping to hold the file's bytes; first wrong offset", i);
  if((i = differs(p + size, 0, 4*PGSIZE - size, -1)) >= 0)
    return fail("zeros after the file's end; first nonzero offset", size + i);
  fill(p, 0, 4*PGSIZE, 1);
  if((i = differs(p, 0, 4*PGSIZE, 1)) >= 0)
    return fail("stores into the private mapping to stay; first lost", i);
  if(xmunmap(p, size) < 0)
    return -1;
  close(fd);
  memset(want, 0, size);
  return checkfile(size, size, "after munmap of a private mapping written "
                   "all over");
}

// A shared mapping's stores reach the file at munmap; the file does not grow.
static int
shared(void)
{
  int size = 3*PGSIZE + 1000, fd, i;
  char *p;

  if(mkfile(size) < 0 || (fd = open(fname, O_RDWR)) < 0)
    return -1;
  if((p = xmmap(size, RW, MAP_SHARED, fd, 0)) == 0)
    return -1;
  if((i = differs(p, 0, size, 0)) >= 0)
    return fail("the mapping to hold the file's bytes; first wrong offset", i);
  fill(p, 0, 4*PGSIZE, 1);
  if(xmunmap(p, size) < 0)
    return -1;
  close(fd);
  memset(want, 1, size);
  return checkfile(size, size, "after munmap of a shared mapping written "
                   "all over");
}

// munmap of the first half of a shared and the last half of a private
// mapping, then of the rest.
static int
partial(void)
{
  int size = 4*PGSIZE, fd, i;
  char *s, *q;

  if(mkfile(size) < 0 || (fd = open(fname, O_RDWR)) < 0)
    return -1;
  if((s = xmmap(size, RW, MAP_SHARED, fd, 0)) == 0 ||
     (q = xmmap(size, RW, MAP_PRIVATE, fd, 0)) == 0)
    return -1;
  close(fd);
  fill(s, 0, size, 1);
  fill(q, 0, size, 2);
  if(xmunmap(s, 2*PGSIZE) < 0 || xmunmap(q + 2*PGSIZE, 2*PGSIZE) < 0)
    return -1;
  // The half just unmapped must be in the file now (the rest may be or not).
  memset(want, 1, size);
  if(checkfile(size, 2*PGSIZE, "after munmap of the first half of a shared "
               "mapping") < 0)
    return -1;
  if((i = differs(s + 2*PGSIZE, 2*PGSIZE, 2*PGSIZE, 1)) >= 0)
    return fail("the shared mapping's second half to keep its stores; "
                "first lost", 2*PGSIZE + i);
  if((i = differs(q, 0, 2*PGSIZE, 2)) >= 0)
    return fail("the private mapping's first half to keep its stores; "
                "first lost", i);
  if(xmunmap(s + 2*PGSIZE, 2*PGSIZE) < 0 || xmunmap(q, 2*PGSIZE) < 0)
    return -1;
  return checkfile(size, size, "after munmap of both halves of a shared "
                   "mapping");
}

// Three mappings of one file at once: a shared one of all of it, a shared
// one of its second half (offset 2 pages), a private one of all of it.
static int
two(void)
{
  int size = 4*PGSIZE, fd, i;
  char *p, *q, *r;

  if(mkfile(size) < 0 || (fd = open(fname, O_RDWR)) < 0)
    return -1;
  if((p = xmmap(size, RW, MAP_SHARED, fd, 0)) == 0 ||
     (q = xmmap(2*PGSIZE, RW, MAP_SHARED, fd, 2*PGSIZE)) == 0 ||
     (r = xmmap(size, RW, MAP_PRIVATE, fd, 0)) == 0)
    return -1;
  close(fd);
  if((q < p + size && p < q + 2*PGSIZE) || (r < p + size && p < r + size) ||
     (r < q + 2*PGSIZE && q < r + size))
    return failat("three mappings that do not overlap; the second began at", q);
  if((i = differs(p, 0, size, 0)) >= 0)
    return fail("the first mapping to hold the file; first wrong offset", i);
  if((i = differs(q, 2*PGSIZE, 2*PGSIZE, 0)) >= 0)
    return fail("the mapping at offset 2 pages to hold the file from there; "
                "first wrong offset", 2*PGSIZE + i);
  if((i = differs(r, 0, size, 0)) >= 0)
    return fail("the private mapping to hold the file; first wrong offset", i);
  fill(p, 0, 2*PGSIZE, 1);
  fill(q, 2*PGSIZE, 2*PGSIZE, 2);
  fill(r, 0, size, 3);
  if(xmunmap(p, size) < 0 || xmunmap(q, 2*PGSIZE) < 0 || xmunmap(r, size) < 0)
    return -1;
  memset(want, 1, 2*PGSIZE);
  memset(want + 2*PGSIZE, 2, 2*PGSIZE);
  return checkfile(size, size, "after munmap of three mappings");
}

static char *forks, *forkr;
static int forksize;

// fork's child: it sees the file through both inherited mappings, then writes
// them and unmaps only the shared one (exit takes the private one).
static int
forkchild(void)
{
  int i;

  if((i = differs(forks, 0, forksize, 0)) >= 0)
    return fail("the child to read the file through the shared mapping; "
                "first wrong offset", i);
  // Page 0 of the private mapping is the parent's own copy: the child may see
  // it either way.
  if((i = differs(forkr + PGSIZE, PGSIZE, forksize - PGSIZE, 0)) >= 0)
    return fail("the child to read the file through the private mapping; "
                "first wrong offset", PGSIZE + i);
  fill(forks, 0, forksize, 1);
  fill(forkr, 0, forksize, 2);
  if((i = munmap(forks, forksize)) != 0)
    return fail("munmap in the child to return 0, it returned", i);
  return 0;
}

// fork: the child inherits the mappings; its shared stores reach the file,
// its private ones do not, and the parent's mappings are still its own.
static int
forkcase(void)
{
  int fd, i;

  forksize = 3*PGSIZE + 500;
  if(mkfile(forksize) < 0 || (fd = open(fname, O_RDWR)) < 0)
    return -1;
  if((forks = xmmap(forksize, RW, MAP_SHARED, fd, 0)) == 0 ||
     (forkr = xmmap(forksize, RW, MAP_PRIVATE, fd, 0)) == 0)
    return -1;
  close(fd);
  if(forks[0] != pat(0, 0))
    return fail("the shared mapping's first byte to be the file's, saw",
                forks[0]);
  fill(forkr, 0, PGSIZE, 3);
  if(!inchild(forkchild))
    return fail("the child to finish its checks (1); it said no or died", 0);
  memset(want, 1, forksize);
  if(checkfile(forksize, forksize, "after the child unmapped its shared "
               "mapping and exited") < 0)
    return -1;
  // (Its other pages, untouched so far, may show the file as it is now.)
  if((i = differs(forkr, 0, PGSIZE, 3)) >= 0)
    return fail("the parent's private page to be unchanged by the child; "
                "first wrong offset", i);
  if(xmunmap(forkr, forksize) < 0 || xmunmap(forks, forksize) < 0)
    return -1;
  return 0;
}

// Closing the descriptor does not end a mapping: it can still be read, and
// its stores still reach the file. After munmap no open file is left over.
static int
closed(void)
{
  int size = 3*PGSIZE, fd, i, files;
  char *s, *r;
  struct kstat k;

  if(mkfile(size) < 0 || kstat(&k) < 0)
    return -1;
  files = k.files;
  if((fd = open(fname, O_RDWR)) < 0)
    return fail("to open the test file, open returned", fd);
  if((s = xmmap(size, RW, MAP_SHARED, fd, 0)) == 0 ||
     (r = xmmap(size, RW, MAP_PRIVATE, fd, 0)) == 0)
    return -1;
  close(fd);
  if((i = differs(s, 0, size, 0)) >= 0 || (i = differs(r, 0, size, 0)) >= 0)
    return fail("mappings of a closed file to read it; first wrong offset", i);
  fill(s, 0, size, 1);
  fill(r, 0, size, 2);
  if(xmunmap(s, size) < 0 || xmunmap(r, size) < 0)
    return -1;
  memset(want, 1, size);
  if(checkfile(size, size, "after munmap of a mapping whose fd was closed") < 0)
    return -1;
  kstat(&k);
  if(k.files != files)
    return fail("as many open files as before open and mmap; more now:",
                k.files - files);
  return 0;
}

// A mapping longer than the file: zeros past its end; stores there are
// allowed but do not make the file grow.
static int
bigger(void)
{
  int size = PGSIZE + 1500, len = 4*PGSIZE, fd, i;
  char *s, *r;

  if(mkfile(size) < 0 || (fd = open(fname, O_RDWR)) < 0)
    return -1;
  if((s = xmmap(len, RW, MAP_SHARED, fd, 0)) == 0 ||
     (r = xmmap(len, RW, MAP_PRIVATE, fd, 0)) == 0)
    return -1;
  close(fd);
  if((i = differs(s, 0, size, 0)) >= 0 || (i = differs(r, 0, size, 0)) >= 0)
    return fail("the file's bytes in its mappings; first wrong offset", i);
  if((i = differs(s + size, 0, len - size, -1)) >= 0 ||
     (i = differs(r + size, 0, len - size, -1)) >= 0)
    return fail("zeros past the file's end; first nonzero offset", size + i);
  fill(s, 0, len, 1);
  fill(r, 0, len, 2);
  if((i = differs(s, 0, len, 1)) >= 0)
    return fail("stores past the file's end to stay; first lost offset", i);
  if(xmunmap(s, len) < 0 || xmunmap(r, len) < 0)
    return -1;
  memset(want, 1, size);
  return checkfile(size, size, "after munmap of a mapping longer than the "
                   "file");
}

// Pages are read when touched: mmap of 16 pages takes none, a touch of one
// takes one (and maybe a page table), a touch of all takes all, munmap gives
// them back.
static int
lazy(void)
{
  int size = 16*PGSIZE, fd, before, mapped, one, all, i;
  char *p;

  if(mkfile(size) < 0 || (fd = open(fname, O_RDONLY)) < 0)
    return -1;
  before = freemem();
  p = mmap(0, size, PROT_READ, MAP_PRIVATE, fd, 0);
  mapped = freemem();
  close(fd);
  if(p == MAP_FAILED)
    return fail("mmap to succeed, it returned", -1);
  if(before - mapped > 0)
    return fail("mmap of 16 pages to use no pages, pages used",
                before - mapped);
  if((i = differs(p + 9*PGSIZE, 9*PGSIZE, PGSIZE, 0)) >= 0)
    return fail("page 9 to hold the file's page 9; first wrong offset",
                9*PGSIZE + i);
  one = freemem();
  if(mapped - one < 1 || mapped - one > 2)
    return fail("a touch of one page to use 1 page (2 with a page table), "
                "pages used", mapped - one);
  if((i = differs(p, 0, size, 0)) >= 0)
    return fail("the mapping to hold the file; first wrong offset", i);
  all = freemem();
  if(mapped - all < 16)
    return fail("a touch of all 16 pages to use at least 16, pages used",
                mapped - all);
  if(munmap(p, size) != 0)
    return fail("munmap to return 0, it returned", -1);
  if(before - freemem() > 1)
    return fail("munmap to give back the pages (one page table may stay); "
                "pages still used", before - freemem());
  return 0;
}

static char *exits, *exitr;

// exit's child: it maps the file twice, writes both mappings, and leaves them
// in place.
static int
exitwrite(void)
{
  int fd;

  if((fd = open(fname, O_RDWR)) < 0)
    return fail("to open the test file, open returned", fd);
  if((exits = xmmap(3*PGSIZE + 100, RW, MAP_SHARED, fd, 0)) == 0 ||
     (exitr = xmmap(3*PGSIZE + 100, RW, MAP_PRIVATE, fd, 0)) == 0)
    return -1;
  fill(exitr, 0, 3*PGSIZE + 100, 2);
  fill(exits, 0, 3*PGSIZE + 100, 1);
  return 0;
}

// The same, then pages 0-1 again, a munmap of the last page, and a store to
// it, which kills the child.
static int
exitkilled(void)
{
  if(exitwrite() < 0)
    return -1;
  fill(exits, 0, 2*PGSIZE, 3);
  if(munmap(exits + 3*PGSIZE, PGSIZE) != 0)
    return fail("munmap of the last page to return 0, it returned", -1);
  *(volatile char*)(exits + 3*PGSIZE) = 'x';
  return failat("a store to an unmapped page to kill; the child went on, "
                "after a store to", exits + 3*PGSIZE);
}

// A process that exits (or is killed) with shared mappings writes them back;
// its private ones never.
static int
exitcase(void)
{
  int size = 3*PGSIZE + 100;

  if(mkfile(size) < 0)
    return -1;
  if(!inchild(exitwrite))
    return fail("the child to finish its checks (1); it said no or died", 0);
  memset(want, 1, size);
  if(checkfile(size, size, "after a child wrote its mappings and exited") < 0)
    return -1;
  // This child is killed before it can report.
  inchild(exitkilled);
  if(failed)
    return -1;
  memset(want, 3, 2*PGSIZE);
  return checkfile(size, size, "after a child wrote its mappings and was "
                   "killed");
}

static int leakfd;

// Map 4 pages of leakfd shared and 4 private and touch them all.
static int
leakmap(char **s, char **r)
{
  if((*s = mmap(0, 4*PGSIZE, RW, MAP_SHARED, leakfd, 0)) == MAP_FAILED ||
     (*r = mmap(0, 4*PGSIZE, RW, MAP_PRIVATE, leakfd, 0)) == MAP_FAILED)
    return fail("mmap to succeed, it returned", -1);
  fill(*s, 0, 4*PGSIZE, 1);
  fill(*r, 0, 4*PGSIZE, 2);
  return 0;
}

// leak's child: it maps, touches, and exits without munmap.
static int
leakchild(void)
{
  char *s, *r;

  return leakmap(&s, &r);
}

// Map, touch both and unmap both.
static int
leakround(void)
{
  char *s, *r;

  if(leakmap(&s, &r) < 0)
    return -1;
  if(munmap(s, 4*PGSIZE) != 0 || munmap(r, 4*PGSIZE) != 0)
    return fail("munmap to return 0, it returned", -1);
  return 0;
}

// mmap, touch, munmap ten times: every page and every open file comes back;
// the same for a child that exits with its mappings in place.
static int
leak(void)
{
  int i;
  struct kstat k0, k;

  if(mkfile(4*PGSIZE) < 0 || (leakfd = open(fname, O_RDWR)) < 0)
    return -1;
  // One round first: page tables made for it may stay.
  if(leakround() < 0)
    return -1;
  kstat(&k0);
  for(i = 0; i < 10; i++)
    if(leakround() < 0)
      return -1;
  kstat(&k);
  if(k0.freepages - k.freepages > 1)
    return fail("ten rounds of mmap, touch, munmap to leak no pages; pages "
                "lost", k0.freepages - k.freepages);
  if(k.files != k0.files)
    return fail("ten rounds to leave the open files as they were; more now:",
                k.files - k0.files);
  kstat(&k0);
  if(!inchild(leakchild))
    return fail("the child to finish (1); it said no or died", 0);
  kstat(&k);
  if(k.freepages != k0.freepages)
    return fail("a child exiting with mappings to leave no pages behind; "
                "pages lost", k0.freepages - k.freepages);
  if(k.files != k0.files)
    return fail("a child exiting with mappings to leave no open files; "
                "more now:", k.files - k0.files);
  close(leakfd);
  return 0;
}

// Bad calls fail, bad accesses kill, and the heap still grows.
static int
bad(void)
{
  int size = 4*PGSIZE, fd, p[2];
  char *r, *w, *h, *a;

  if(mkfile(size) < 0 || (fd = open(fname, O_RDONLY)) < 0)
    return -1;
  if(mmap(0, size, RW, MAP_SHARED, fd, 0) != MAP_FAILED)
    return fail("mmap(PROT_WRITE, MAP_SHARED) of a read-only fd to fail; it "
                "returned", 0);
  if(mmap(0, size, PROT_READ, MAP_SHARED, 15, 0) != MAP_FAILED)
    return fail("mmap of a closed fd to fail; it returned", 0);
  if(pipe(p) < 0)
    return fail("pipe to work, it returned", -1);
  a = mmap(0, size, PROT_READ, MAP_PRIVATE, p[0], 0);
  close(p[0]);
  close(p[1]);
  if(a != MAP_FAILED)
    return failat("mmap of a pipe to fail; it returned", a);
  if((r = xmmap(size, PROT_READ, MAP_SHARED, fd, 0)) == 0 ||
     (w = xmmap(size, RW, MAP_PRIVATE, fd, 0)) == 0)
    return -1;
  close(fd);
  if(r[0] != pat(0, 0))
    return fail("a read of a PROT_READ mapping to work; first byte", r[0]);
  if(survives(r, 1) || survives(r + 3*PGSIZE, 1))
    return failat("a store to a PROT_READ mapping to kill; it lived, at", r);
  if(!survives(r + 2*PGSIZE, 0) || !survives(w + 3*PGSIZE, 1))
    return failat("the reads and stores a mapping allows to work; one was "
                  "killed, at", w);
  // Cut the last two pages off w: nothing is mapped there any more.
  if(xmunmap(w + 2*PGSIZE, 2*PGSIZE) < 0)
    return -1;
  if(survives(w + 2*PGSIZE, 1) || survives(w + 4*PGSIZE - 1, 0))
    return failat("accesses past the end of a shortened mapping to kill; "
                  "one lived, at", w + 2*PGSIZE);
  // Odd munmap calls must not hurt (what they return is up to you).
  munmap(w + 1, PGSIZE);
  munmap(0, PGSIZE);
  munmap(sbrk(0), PGSIZE);
  munmap(r, -1);
  if((h = sbrk(PGSIZE)) == (char*)-1)
    return fail("sbrk to still grow the heap; it returned", -1);
  fill(h, 0, PGSIZE, 2);
  if(differs(w, 0, 2*PGSIZE, 0) >= 0 || differs(r, 0, size, 0) >= 0 ||
     differs(h, 0, PGSIZE, 2) >= 0)
    return failat("the mappings and the heap to keep their bytes; one "
                  "changed, at", w);
  if(xmunmap(w, 2*PGSIZE) < 0 || xmunmap(r, size) < 0)
    return -1;
  return 0;
}

static struct {
  char *name;
  int (*run)(void);
} cases[] = {
  { "private", private },
  { "shared", shared },
  { "partial", partial },
  { "two", two },
  { "fork", forkcase },
  { "closed", closed },
  { "bigger", bigger },
  { "lazy", lazy },
  { "exit", exitcase },
  { "leak", leak },
  { "bad", bad },
};

int
main(int argc, char *argv[])
{
  int i, n;

  if(argc < 2){
    printf(2, "usage: mmaptest CASE [SEED]; CASE is all or one of:");
    for(i = 0; i < sizeof(cases)/sizeof(cases[0]); i++)
      printf(2, " %s", cases[i].name);
    printf(2, "\n");
    exit();
  }
  if(argc > 2)
    seed = atoi(argv[2]);
  n = 0;
  for(i = 0; i < sizeof(cases)/sizeof(cases[0]); i++){
    if(strcmp(argv[1], "all") != 0 && strcmp(argv[1], cases[i].name) != 0)
      continue;
    casename = cases[i].name;
    failed = 0;
    strcpy(fname, "mm-");
    strcpy(fname + 3, casename);
    cases[i].run();
    unlink(fname);
    if(!failed)
      printf(1, "%s: ok\n", casename);
    n++;
  }
  if(n == 0)
    printf(2, "mmaptest: no case %s\n", argv[1]);
  exit();
}
