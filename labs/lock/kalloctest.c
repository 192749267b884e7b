// kalloctest.c: the lock lab's checks on the page allocator (kalloc.c).
// usage: kalloctest contention|steal|race
//   contention  four children grow and shrink their heaps a page at a time, all
//               at once: every kalloc and kfree takes a kmem lock, yet they
//               seldom find it held; no page is lost, and one process can then
//               allocate all of memory, wherever the children freed it
//   steal       memory freed on one CPU can all be allocated on another
//   race        four children take all of memory at once, four times over;
//               together they get all of it, and no page is lost
// Each prints "NAME: ok" or "NAME: FAIL expected ... saw ...".
#include "types.h"
#include "stat.h"
#include "user.h"
#include "mmu.h"
#include "lockcheck.h"

#define NCHILD   4       // one per CPU of the grading boot
#define ROUNDS   200     // contention: heap grows and shrinks per child
#define PAGES    24      // contention: pages per grow
// contention: at most this many contended kmem acquires per 10000 (see the
// handout)
#define KMEMBAR  5
// Pages a process's own page tables and kernel stack may cost while it grows
// over all of memory (its copy of the kernel's page tables alone is 65), and
// what a child of this process costs.
#define OVERHEAD 250

static struct snap before, after;
static int onehog(void);

// Start NCHILD children running f(i, out), each blocked until go() lets them
// all loose together; out is a pipe a child may write its result to.
static int gate[2], results[2];

static void
spawn(void (*f)(int, int))
{
  int i, pid;
  char c;

  if(pipe(gate) < 0 || pipe(results) < 0){
    printf(1, "%s: FAIL expected pipes, saw pipe() fail\n", casename);
    exit();
  }
  for(i = 0; i < NCHILD; i++){
    pid = fork();
    if(pid < 0){
      printf(1, "%s: FAIL expected fork, saw -1\n", casename);
      exit();
    }
    if(pid == 0){
      close(gate[1]);
      if(read(gate[0], &c, 1) != 1)
        exit();
      f(i, results[1]);
      exit();
    }
  }
}

// Let the children go, wait for them all, and return the sum of the ints they
// wrote to their result pipe.
static int
go(void)
{
  int i, n, sum;

  write(gate[1], "gogo", NCHILD);
  close(gate[0]);
  close(gate[1]);
  for(i = 0; i < NCHILD; i++)
    wait();
  close(results[1]);
  sum = 0;
  while(read(results[0], &n, sizeof(n)) == sizeof(n))
    sum += n;
  close(results[0]);
  return sum;
}

// Grow the heap until sbrk fails; returns the pages it grew by.
static int
grow(void)
{
  int n, step;

  n = 0;
  for(step = 1024; step > 0; step /= 4)
    while(sbrk(step*PGSIZE) != (char*)-1)
      n += step;
  return n;
}

static void
checkfree(int expected)
{
  int saw = freemem();

  if(saw != expected)
    fail("%d free pages, saw %d", "every page back:", expected, saw);
}

static void
churn(int i, int out)
{
  int r;

  for(r = 0; r < ROUNDS; r++){
    if(sbrk(PAGES*PGSIZE) == (char*)-1){
      printf(1, "%s: FAIL expected sbrk to grow, saw -1\n", casename);
      return;
    }
    sbrk(-PAGES*PGSIZE);
  }
  write(out, &r, sizeof(r));
}

static void
contention(void)
{
  char *skip[] = { "ptable", 0 };
  int free0, n;

  free0 = freemem();
  reference();
  spawn(churn);
  snapshot(&before);
  n = go();
  snapshot(&after);
  if(n != NCHILD*ROUNDS)
    fail("%d, saw %d", "rounds of every child:", NCHILD*ROUNDS, n);
  checklocks(&before, &after, "kmem", NCHILD*ROUNDS*PAGES*2, KMEMBAR, skip);
  checkfree(free0);
  n = onehog();
  if(n < free0 - OVERHEAD)
    fail("at least %d pages, saw %d",
         "one child to get what the four freed on their CPUs:",
         free0 - OVERHEAD, n);
}

static void
hog(int i, int out)
{
  int n = grow();

  write(out, &n, sizeof(n));
}

// Grow one child over all of memory and return how far it got; its pages go
// back when this process waits for it.
static int
onehog(void)
{
  int p[2], n = 0;

  if(pipe(p) < 0)
    return -1;
  if(fork() == 0){
    n = grow();
    write(p[1], &n, sizeof(n));
    exit();
  }
  wait();
  read(p[0], &n, sizeof(n));
  close(p[0]);
  close(p[1]);
  return n;
}

// Each hog must get all of free memory. The first hog's pages are all freed
// on the CPU that runs this process's wait(); each later hog runs wherever the
// scheduler puts it and must still get them all.
static void
steal(void)
{
  int free0, n, i;

  free0 = freemem();
  for(i = 0; i < 5 && !failed; i++){
    n = onehog();
    if(i == 0)
      printf(1, "steal: %d pages free, the first child got %d\n", free0, n);
    if(n < free0 - OVERHEAD)
      fail("at least %d pages, saw %d",
           "a child to get all free memory, wherever it was freed:",
           free0 - OVERHEAD, n);
  }
  checkfree(free0);
}

static void
race(void)
{
  int free0, avail, got, round;

  free0 = freemem();
  for(round = 0; round < 4 && !failed; round++){
    spawn(hog);
    avail = freemem();
    got = go();
    if(round == 0)
      printf(1, "race: %d free, the children got %d pages\n", avail, got);
    if(got < avail - NCHILD*OVERHEAD)
      fail("at least %d pages, saw %d", "the children to get all memory:",
           avail - NCHILD*OVERHEAD, got);
    checkfree(free0);
  }
}

int
main(int argc, char *argv[])
{
  if(argc != 2){
    printf(2, "usage: kalloctest contention|steal|race\n");
    exit();
  }
  casename = argv[1];
  if(strcmp(casename, "contention") == 0)
    contention();
  else if(strcmp(casename, "steal") == 0)
    steal();
  else if(strcmp(casename, "race") == 0)
    race();
  else {
    printf(2, "kalloctest: no case %s\n", casename);
    exit();
  }
  if(!failed)
    printf(1, "%s: ok\n", casename);
  exit();
}
