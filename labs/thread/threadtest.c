// threadtest.c: the thread lab's checks on clone/join (the kernel) and on the
// thread library and ticket lock (user/thread.c).
// usage: threadtest basic|rules|early|mainfirst|kill|sbrk|fork|counter|lockwait
// Each case prints "CASE: ok" or "CASE: FAIL expected X saw Y". Free pages
// (freemem) are compared before and after wherever everything made has gone.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "../../user/thread.c"

#define NT 4
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char *casename;
static int failed;

static void
fail(char *what, int expected, int saw)
{
  printf(1, "%s: FAIL expected %s %d saw %d\n", casename, what, expected, saw);
  failed = 1;
}

// Wait up to 5 seconds for free memory to come back to before: threads that
// init adopted are freed when init gets round to them.
static void
pagesback(int before, char *what)
{
  int i, now = freemem();

  for(i = 0; i < 500 && now != before; i++){
    sleep(1);
    now = freemem();
  }
  if(now != before){
    printf(1, "%s: FAIL expected %d free pages %s saw %d (%s)\n", casename, before, what,
      now, now < before ? "pages leaked" : "more than before: freed twice?");
    failed = 1;
  }
}

// ---- basic: threads write shared memory; join waits for each, once ----
static volatile int slot[NT];

static void
worker(void *arg)
{
  int i = (int)arg;

  sleep(3);             // join must really wait for this
  slot[i] = getpid();
}

static void
basic(void)
{
  int pid[NT], got[NT], i, j, r, before, round;

  for(round = 0; round < 2 && !failed; round++){
    // Round 0 grows the heap to hold the stacks; round 1 must then leave
    // free memory exactly as it found it.
    before = freemem();
    for(i = 0; i < NT; i++){
      slot[i] = 0;
      pid[i] = thread_create(worker, (void*)i);
      if(pid[i] <= 0 || pid[i] == getpid()){
        fail("thread_create to return a new pid, not", getpid(), pid[i]);
        return;
      }
    }
    for(i = 0; i < NT; i++){
      got[i] = thread_join();
      for(j = 0; j < NT && pid[j] != got[i]; j++)
        ;
      if(j == NT){
        fail("thread_join to return one of the threads' pids, e.g.", pid[i], got[i]);
        return;
      }
      if(slot[j] != pid[j]){
        fail("a joined thread's write to shared memory: its pid", pid[j], slot[j]);
        return;
      }
      pid[j] = -2;      // each pid once
    }
    if((r = thread_join()) != -1)
      fail("thread_join with every thread joined to return", -1, r);
    if(round == 1 && !failed)
      pagesback(before, "after 4 threads were made and joined");
  }
}

// ---- rules: join takes only threads, wait only processes ----
static void
quick(void *arg)
{
}

static void
rules(void)
{
  int pid, t, r;

  if((r = join(0)) != -1)
    fail("join with no threads and no children to return", -1, r);
  pid = fork();
  if(pid == 0)
    exit();
  sleep(5);             // the child is a zombie now
  if((r = join(0)) != -1)
    fail("join with only a forked child (not a thread) to return", -1, r);
  if((r = wait()) != pid)
    fail("wait after join to reap the forked child: pid", pid, r);
  t = thread_create(quick, 0);
  sleep(5);             // the thread has exited
  if((r = wait()) != -1)
    fail("wait with only a thread (not a child process) to return", -1, r);
  if((r = thread_join()) != t)
    fail("thread_join after wait to get the thread: pid", t, r);
}

// ---- early: a thread that exits long before join; the args and stack ----
static volatile uint gotargs[2];

static void
takeargs(void *a, void *b)
{
  gotargs[0] = (uint)a;
  gotargs[1] = (uint)b;
  exit();
}

static void
early(void)
{
  char *stack = malloc(4096);
  void *back = 0;
  int pid, r;

  pid = clone(takeargs, (void*)0x1234, (void*)0x5678, stack);
  if(pid <= 0){
    fail("clone to return a pid, not", -1, pid);
    return;
  }
  sleep(10);
  if(gotargs[0] != 0x1234 || gotargs[1] != 0x5678)
    fail("clone's first and second argument 0x1234 and 0x5678; first", 0x1234, gotargs[0]);
  if((r = join(&back)) != pid)
    fail("join of the exited thread: pid", pid, r);
  if(back != stack)
    fail("join to give back the stack clone got", (int)stack, (int)back);
  if((r = join(&back)) != -1)
    fail("a second join to return", -1, r);
  free(stack);
}

// ---- mainfirst: the main thread exits while its threads still run ----
static int pfd[2];
#define LATE 200        // ticks the threads outlive main by

static void
latewriter(void *arg)
{
  sleep(LATE);
  write(pfd[1], "t", 1);
}

static void
mainfirst(void)
{
  int before, pid, r, i, n, t0;
  char buf[4];

  before = freemem();
  pipe(pfd);
  t0 = uptime();
  pid = fork();
  if(pid == 0){
    close(pfd[0]);
    for(i = 0; i < 2; i++)
      thread_create(latewriter, 0);
    exit();             // without joining
  }
  close(pfd[1]);
  if((r = wait()) != pid)
    fail("wait for the main thread that exited first: pid", pid, r);
  if(uptime() - t0 >= LATE)
    fail("wait to return before the threads finish (ticks) under", LATE, uptime() - t0);
  // Each thread writes after its main thread is gone; EOF once both exit.
  for(n = 0; n < 2 && read(pfd[0], buf, 1) == 1; n++)
    ;
  if(n != 2)
    fail("bytes from the two threads that outlived main", 2, n);
  if((r = read(pfd[0], buf, 1)) != 0)
    fail("end of file once every thread has exited, read returns", 0, r);
  close(pfd[0]);
  pagesback(before, "once main and both threads are gone");
}

// ---- kill: killing the process ends every thread ----
// Writes a byte at once and then one every 5 ticks, for as long as it lives.
static void
spinner(void *arg)
{
  uint last = uptime();

  write(pfd[1], "s", 1);
  for(;;){
    if(uptime() - last >= 5){
      last = uptime();
      write(pfd[1], "s", 1);
    }
  }
}

static void
killcase(void)
{
  int before, pid, r, i;
  uint t0;
  char buf[4];

  before = freemem();
  pipe(pfd);
  pid = fork();
  if(pid == 0){
    close(pfd[0]);
    for(i = 0; i < 3; i++)
      thread_create(spinner, 0);
    thread_join();      // asleep in the kernel when the kill comes
    write(pfd[1], "j", 1);
    exit();
  }
  close(pfd[1]);
  for(i = 0; i < 3; i++){
    buf[0] = 0;
    if(read(pfd[0], buf, 1) != 1 || buf[0] != 's'){
      if(buf[0] == 'j')
        printf(1, "%s: FAIL expected join to wait for spinning threads saw it return\n",
          casename);
      else
        fail("running threads before the kill", 3, i);
      failed = 1;
      close(pfd[0]);
      kill(pid);
      wait();
      return;
    }
  }
  kill(pid);
  if((r = wait()) != pid)
    fail("wait after kill: pid", pid, r);
  // Reads 0 only once every spinner has exited and closed its end; a spinner
  // still alive keeps writing. The main thread was killed in join, so it
  // wrote nothing either.
  t0 = uptime();
  do {
    buf[0] = 0;
    r = read(pfd[0], buf, 1);
  } while(r == 1 && buf[0] == 's' && uptime() - t0 < 300);
  if(r != 0){
    printf(1, "%s: FAIL expected end of file (every thread killed) saw %s\n", casename,
      buf[0] == 'j' ? "a byte from main (join returned before the kill)" :
      "bytes from threads still running 3 s after the kill");
    failed = 1;
  }
  close(pfd[0]);
  pagesback(before, "after killing a process with 3 threads");
}

// ---- sbrk: memory one thread adds is there for all ----
static char *grown;
static volatile int seen;

static void
grower(void *arg)
{
  int i;

  grown = sbrk(4 * 4096);
  if(grown == (char*)-1)
    return;
  for(i = 0; i < 4 * 4096; i++)
    grown[i] = i % 251;
}

static void
looker(void *arg)
{
  char *p = arg;

  if(sbrk(0) != p + 4096)
    seen = -1;
  else if(p[0] == 'm' && p[4095] == 'n')
    seen = 1;
  else
    seen = -2;
}

static void
sbrkcase(void)
{
  char *p;
  int i;

  thread_create(grower, 0);
  thread_join();
  if(grown == (char*)-1 || grown == 0){
    fail("sbrk in a thread to succeed", 0, -1);
    return;
  }
  if(sbrk(0) != grown + 4 * 4096)
    fail("main's sbrk(0) to be the thread's new end, off by", 0, sbrk(0) - (grown + 4*4096));
  for(i = 0; i < 4 * 4096; i++){
    if((uchar)grown[i] != i % 251){
      fail("main to read what the thread wrote in the memory it added, byte", i % 251,
        (uchar)grown[i]);
      break;
    }
  }
  p = sbrk(4096);
  p[0] = 'm';
  p[4095] = 'n';
  thread_create(looker, p);
  thread_join();
  if(seen != 1)
    fail("a thread to see main's new memory (1; -1: wrong sbrk(0), -2: wrong bytes)", 1, seen);
}

// ---- fork: a thread forks; the child is a copy of that thread alone ----
static volatile int value;
static volatile int forked;
static volatile int childpid, childstatus;

static void
forker(void *arg)
{
  int pid, r;

  value = 5;
  pid = fork();
  if(pid == 0){
    // The child: one thread, with a copy of the memory.
    if(join(0) != -1 || value != 5)
      exit();
    value = 99;
    write(pfd[1], "c", 1);
    exit();
  }
  childpid = pid;
  forked = 1;
  for(r = 0; forked != 2 && r < 500; r++)   // main checks its wait() meanwhile
    sleep(1);
  r = wait();
  childstatus = (r == pid) ? 1 : -r;
}

static void
forkcase(void)
{
  int before, r;
  char c;

  thread_create(quick, 0);    // grow the heap for a stack first
  thread_join();
  before = freemem();
  pipe(pfd);
  thread_create(forker, 0);
  for(r = 0; forked == 0 && r < 500; r++)
    sleep(1);
  if(forked == 0){
    fail("the thread's flag in shared memory within 500 ticks", 1, 0);
    return;
  }
  if((r = wait()) != -1)
    fail("main's wait (the child is the thread's, not main's) to return", -1, r);
  forked = 2;
  thread_join();
  if(childstatus != 1)
    fail("the forking thread's wait to return its child's pid", childpid, -childstatus);
  if(read(pfd[0], &c, 1) != 1 || c != 'c')
    fail("the child to have no threads and a copy of the memory (a byte)", 'c', -1);
  if(value != 5)
    fail("the child's write to its copy to leave our memory alone; value", 5, value);
  close(pfd[0]);
  close(pfd[1]);
  pagesback(before, "after the thread's child and the thread are gone");
}

// ---- counter: the ticket lock keeps a read-modify-write whole ----
#define COUNT 4000
static struct lock lk;
static volatile int counter, start;

static void
adder(void *arg)
{
  int i, tmp;
  volatile int j;
  uint t0 = uptime();

  while(!start && uptime() - t0 < 500)   // a thread without shared memory gives up
    ;
  for(i = 0; i < COUNT; i++){
    lock_acquire(&lk);
    tmp = counter;
    for(j = 0; j < 20; j++)
      ;
    counter = tmp + 1;
    lock_release(&lk);
  }
}

static void
countercase(void)
{
  lock_init(&lk);
  thread_create(adder, 0);
  thread_create(adder, 0);
  start = 1;            // both go at once
  thread_join();
  thread_join();
  if(counter != 2 * COUNT)
    fail("the counter two threads added to under the lock", 2 * COUNT, counter);
  if(lk.ticket != 2 * COUNT || lk.turn != 2 * COUNT)
    fail("tickets handed out (and turns taken) by the lock", 2 * COUNT, lk.ticket);
}

// ---- lockwait: a held lock keeps others out; waiters go in ticket order ----
static char order[4];
static volatile int norder;

static void
waiter(void *arg)
{
  lock_acquire(&lk);
  order[norder++] = (int)arg;
  lock_release(&lk);
}

static void
lockwait(void)
{
  int i, n;

  lock_init(&lk);
  lock_acquire(&lk);
  for(i = 0; i < 3; i++){
    thread_create(waiter, (void*)('a' + i));
    // Wait until it holds its ticket, so the order of asking is a, b, c.
    for(n = 0; lk.ticket != (uint)i + 2 && n < 300; n++)
      sleep(1);
  }
  sleep(10);
  if(norder != 0)
    fail("threads that got the lock while main held it", 0, norder);
  lock_release(&lk);
  for(i = 0; i < 3; i++)
    thread_join();
  if(norder != 3)
    fail("threads that got the lock after main let go", 3, norder);
  else if(order[0] != 'a' || order[1] != 'b' || order[2] != 'c')
    printf(1, "%s: FAIL expected the lock in ticket order abc saw %c%c%c\n", casename,
      order[0], order[1], order[2]), failed = 1;
  if(lk.ticket != 4 || lk.turn != 4)
    fail("tickets after 4 acquires", 4, lk.ticket);
}

int
main(int argc, char *argv[])
{
  static struct { char *name; void (*fn)(void); } cases[] = {
    { "basic", basic }, { "rules", rules }, { "early", early },
    { "mainfirst", mainfirst }, { "kill", killcase }, { "sbrk", sbrkcase },
    { "fork", forkcase }, { "counter", countercase }, { "lockwait", lockwait },
  };
  int i;

  if(argc < 2){
    printf(2, "usage: threadtest CASE\n");
    exit();
  }
  casename = argv[1];
  for(i = 0; i < NELEM(cases); i++){
    if(strcmp(casename, cases[i].name) == 0)
      break;
  }
  if(i == NELEM(cases)){
    printf(2, "threadtest: no case %s\n", casename);
    exit();
  }
  cases[i].fn();
  if(!failed)
    printf(1, "%s: ok\n", casename);
  exit();
}
