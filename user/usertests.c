// usertests.c: checks that the system calls behave the way the classic xv6 x86 programs
// expect, and that no test leaves a physical page behind. Every test runs in a child.
// usage: usertests [-q] [-l] [NAME...]   (-q skips the slow tests, -l lists the tests)
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "param.h"
#include "fs.h"
#include "elf.h"
#include "mmu.h"
#include "memlayout.h"
#include "syscall.h"
#include "traps.h"
#include "user.h"
#include "kstat.h"

// No <stdarg.h> under -nostdinc: use the compiler's own varargs.
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type)   __builtin_va_arg(ap, type)
#define va_end(ap)         __builtin_va_end(ap)

#define MSGMAX    320      // longest failure reason; the report pipe holds 512 bytes
#define TIMEOUT   6000     // ticks a normal test may take before the watchdog kills it
#define SLOWLIMIT 60000    // the same for a slow test
#define SETTLE    100      // ticks to wait for orphans to be reaped before calling a leak
#define CASEDIR   "/ut_case"   // each case runs in this directory, made afresh for it

static int quick;          // -q: skip the slow tests and the slow parts of others
static int reportfd = -1;  // write end of the pipe back to the runner
static int testpid = -1;   // the process that runs the current test's function

// ---- messages ------------------------------------------------------------------------

// Where a formatted message is built; format() never writes past cap.
struct msgbuf {
  char *p;
  int len;
  int cap;
};

static void
msgputc(struct msgbuf *m, char c)
{
  if(m->len < m->cap - 1)
    m->p[m->len++] = c;
  m->p[m->len] = 0;
}

static void
msgputn(struct msgbuf *m, uint x, int base, int negative)
{
  char digits[12];
  int n = 0;

  if(negative){
    msgputc(m, '-');
    x = -x;
  }
  do {
    digits[n++] = "0123456789abcdef"[x % base];
    x /= base;
  } while(x != 0);
  while(n > 0)
    msgputc(m, digits[--n]);
}

// vformat writes fmt into buf (cap bytes, always NUL-terminated), understanding
// %d %u %x %s %c and %%, like the library printf.
static void
vformat(char *buf, int cap, const char *fmt, va_list ap)
{
  struct msgbuf m;
  const char *s;
  int d;

  m.p = buf;
  m.len = 0;
  m.cap = cap;
  buf[0] = 0;
  for(; *fmt; fmt++){
    if(*fmt != '%' || fmt[1] == 0){
      msgputc(&m, *fmt);
      continue;
    }
    switch(*++fmt){
    case 'd':
      d = va_arg(ap, int);
      msgputn(&m, d, 10, d < 0);
      break;
    case 'u':
      msgputn(&m, va_arg(ap, uint), 10, 0);
      break;
    case 'x':
      msgputn(&m, va_arg(ap, uint), 16, 0);
      break;
    case 's':   // control characters would break the one-line result: show them as \n, ?
      for(s = va_arg(ap, const char*); s && *s; s++){
        if(*s == '\n'){
          msgputc(&m, '\\');
          msgputc(&m, 'n');
        } else
          msgputc(&m, (uchar)*s < ' ' ? '?' : *s);
      }
      break;
    case 'c':
      msgputc(&m, va_arg(ap, int));
      break;
    default:
      msgputc(&m, '%');
      msgputc(&m, *fmt);
      break;
    }
  }
}

static void
format(char *buf, int cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
format(char *buf, int cap, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vformat(buf, cap, fmt, ap);
  va_end(ap);
}

// fail ends the calling process. In the test's own process it first sends the reason to
// the runner, which prints it after "FAILED". A helper child cannot report; it prints
// the reason itself, and the test notices that the helper did not do its job.
static void fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void
fail(const char *fmt, ...)
{
  char msg[MSGMAX];
  va_list ap;

  msg[0] = 'F';
  va_start(ap, fmt);
  vformat(msg + 1, sizeof(msg) - 1, fmt, ap);
  va_end(ap);
  if(getpid() == testpid)
    write(reportfd, msg, strlen(msg));
  else
    printf(1, "\nusertests: helper pid %d: %s\n", getpid(), msg + 1);
  exit();
}

// ---- helpers that many tests share ---------------------------------------------------

static char scratch[8192];   // a shared I/O buffer: only one test runs at a time
static volatile uint victim; // the address the next doomed child touches
static volatile uint sink;   // loads land here so the compiler keeps them
static uint canary[32];      // a pattern that must survive failed execs

// spawn forks; 0 in the child, the child's pid in the parent. A failed fork fails the test.
static int
spawn(void)
{
  int pid;

  pid = fork();
  if(pid < 0)
    fail("fork failed");
  return pid;
}

// reap waits for one child and fails the test unless it is pid.
static void
reap(int pid)
{
  int w;

  w = wait();
  if(w != pid)
    fail("wait returned %d, expected the child %d", w, pid);
}

// reapall waits for the n children in pids and fails unless wait returns each exactly once.
static void
reapall(int *pids, int n)
{
  char done[NPROC+1];
  int i, j, pid;

  memset(done, 0, sizeof(done));
  for(i = 0; i < n; i++){
    pid = wait();
    for(j = 0; j < n && !(pids[j] == pid && !done[j]); j++)
      ;
    if(j == n)
      fail("wait returned %d: not one of our %d children, or a second time", pid, n);
    done[j] = 1;
  }
}

static void
mkpipe(int *p)
{
  if(pipe(p) < 0)
    fail("pipe failed");
}

// readn reads until it has n bytes or the other end is closed; returns the count.
static int
readn(int fd, void *buf, int n)
{
  int got, r;

  for(got = 0; got < n; got += r)
    if((r = read(fd, (char*)buf + got, n - got)) <= 0)
      break;
  return got;
}

// putfile creates name (or empties it) and writes n bytes of buf to it.
static void
putfile(const char *name, const void *buf, int n)
{
  int fd;

  fd = open(name, O_CREATE|O_WRONLY|O_TRUNC);
  if(fd < 0)
    fail("cannot create %s", name);
  if(n > 0 && write(fd, buf, n) != n)
    fail("cannot write %d bytes to %s", n, name);
  close(fd);
}

// getfile reads up to max bytes of name into buf; returns the count, or -1 if name
// cannot be opened.
static int
getfile(const char *name, void *buf, int max)
{
  int fd, n;

  fd = open(name, O_RDONLY);
  if(fd < 0)
    return -1;
  n = readn(fd, buf, max);
  close(fd);
  return n;
}

// freesettle polls freemem() for up to ticks clock ticks until it reads want, and
// returns the last value: init reaps orphans in its own time, so the count can lag.
static int
freesettle(int want, int ticks)
{
  int f;

  f = freemem();
  while(f != want && ticks-- > 0){
    sleep(1);
    f = freemem();
  }
  return f;
}

// alignbrk grows the heap to the next page boundary and returns the new break.
static uint
alignbrk(void)
{
  uint b;

  b = (uint)sbrk(0);
  if(b % PGSIZE != 0 && sbrk(PGSIZE - b % PGSIZE) == (char*)-1)
    fail("sbrk to align the break failed");
  return (uint)sbrk(0);
}

// killedby runs fn in a child and says whether the kernel killed it: 1 if the child died
// before fn returned, 0 if fn came back.
static int
killedby(void (*fn)(void))
{
  int p[2], pid, n;
  char c;

  mkpipe(p);
  pid = spawn();
  if(pid == 0){
    close(p[0]);
    fn();
    write(p[1], "r", 1);
    exit();
  }
  close(p[1]);
  n = read(p[0], &c, 1);
  close(p[0]);
  reap(pid);
  return n != 1;
}

// mustdie fails the test unless a child running fn with victim = addr is killed.
static void
mustdie(void (*fn)(void), uint addr, const char *what)
{
  victim = addr;
  if(!killedby(fn))
    fail("%s 0x%x: the process survived", what, addr);
}

static void
loadbyte(void)
{
  sink = *(volatile uchar*)victim;
}

static void
storebyte(void)
{
  *(volatile uchar*)victim = 0x5a;
}

static void
callvictim(void)
{
  ((void (*)(void))victim)();
}

// guardpage returns the first page below the stack that write() refuses to read from:
// the stack's guard page.
static uint
guardpage(void)
{
  char here;
  uint top, a;
  int p[2], i;

  top = PGROUNDDOWN((uint)&here);
  mkpipe(p);
  for(i = 1; i <= 64; i++){
    a = top - i*PGSIZE;
    if(a < PGSIZE || write(p[1], (char*)a, 1) < 0)
      break;
  }
  close(p[0]);
  close(p[1]);
  if(i > 64 || a < PGSIZE)
    fail("write() accepted every page from the stack at 0x%x down to 0x%x: no guard page",
         top, a + PGSIZE);
  return a;
}

static void
canaryset(void)
{
  int i;

  for(i = 0; i < 32; i++)
    canary[i] = 0x9e3779b9u * (i + 1);
}

static int
canaryok(void)
{
  int i;

  for(i = 0; i < 32; i++)
    if(canary[i] != 0x9e3779b9u * (i + 1))
      return 0;
  return 1;
}

// capture runs path with argv in a child whose standard output is the file ut_out, and
// puts what the child wrote in out (NUL-terminated; max bytes including the NUL).
// If exec returns, the child writes "EXECFAILED", with a complaint appended if the failed
// exec damaged its memory or changed the count of free pages. grow pages of heap are
// touched first, so that exec has an old image to free. Returns the output length.
static int
capture(char *path, char **argv, int grow, char *out, int max)
{
  char msg[80], *m;
  int pid, n, f0, f1;

  canaryset();
  pid = spawn();
  if(pid == 0){
    if(grow > 0 && (m = sbrk(grow*PGSIZE)) != (char*)-1)
      memset(m, 1, grow*PGSIZE);
    close(1);
    if(open("ut_out", O_CREATE|O_WRONLY|O_TRUNC) != 1)
      exit();
    f0 = freemem();
    exec(path, argv);
    f1 = freemem();
    if(!canaryok())
      format(msg, sizeof(msg), "EXECFAILED but the caller's globals changed");
    else if(f1 != f0)
      format(msg, sizeof(msg), "EXECFAILED but free pages went from %d to %d", f0, f1);
    else
      format(msg, sizeof(msg), "EXECFAILED");
    write(1, msg, strlen(msg));
    exit();
  }
  reap(pid);
  n = getfile("ut_out", out, max - 1);
  unlink("ut_out");
  if(n < 0)
    n = 0;
  out[n] = 0;
  return n;
}

// echoed says whether out is what echo prints for argv: argv[1..] joined by spaces,
// then a newline.
static int
echoed(char **argv, const char *out)
{
  int i, n;

  for(i = 1; argv[i]; i++){
    n = strlen(argv[i]);
    if(memcmp(out, argv[i], n) != 0)
      return 0;
    out += n;
    if(*out++ != (argv[i+1] ? ' ' : '\n'))
      return 0;
  }
  return *out == 0;
}

// ---- processes -----------------------------------------------------------------------

static int forkmark = 7;   // children change their copy; the parent's must not move

// fork returns each child's own pid; wait returns every child once, then -1; a child's
// memory is a copy.
static void
test_forkwait(void)
{
  int pids[5], p[2], i, j, pid, got;

  if((pid = wait()) != -1)
    fail("wait with no children returned %d, expected -1", pid);
  mkpipe(p);
  for(i = 0; i < 5; i++){
    pids[i] = spawn();
    if(pids[i] == 0){
      forkmark = 100 + i;
      pid = getpid();
      write(p[1], &pid, sizeof(pid));
      exit();
    }
  }
  close(p[1]);
  for(i = 0; i < 5; i++){
    if(readn(p[0], &got, sizeof(got)) != sizeof(got))
      fail("only %d of 5 children reported their pid", i);
    for(j = 0; j < 5 && pids[j] != got; j++)
      ;
    if(j == 5)
      fail("a child's getpid() returned %d, which fork never returned", got);
  }
  close(p[0]);
  reapall(pids, 5);
  if((pid = wait()) != -1)
    fail("wait after reaping all children returned %d, expected -1", pid);
  if(forkmark != 7)
    fail("a child's store to a global changed the parent's copy to %d", forkmark);
}

// A grandchild keeps running after its parent exits, and is not the grandparent's child.
static void
test_orphan(void)
{
  int p[2], pid, w, n;
  char c;

  mkpipe(p);
  pid = spawn();
  if(pid == 0){
    if(fork() == 0){
      close(p[0]);
      sleep(20);   // its parent is long gone by now
      write(p[1], "g", 1);
      exit();
    }
    exit();
  }
  close(p[1]);
  reap(pid);
  if((w = wait()) != -1)
    fail("wait returned %d after the only child was reaped; a grandchild is not a child", w);
  n = read(p[0], &c, 1);
  if(n != 1 || c != 'g')
    fail("the orphaned grandchild never wrote (read returned %d)", n);
  if((n = read(p[0], &c, 1)) != 0)
    fail("read after the orphan exited returned %d, expected 0", n);
  close(p[0]);
}

// Zombies hold their pages until they are reaped, and give back every one when they are.
static void
test_zombies(void)
{
  int pids[10], i, f0, f1, f2;

  f0 = freemem();
  for(i = 0; i < 10; i++)
    if((pids[i] = spawn()) == 0)
      exit();
  sleep(10);   // all ten have exited by now and wait as zombies
  f1 = freemem();
  reapall(pids, 10);
  f2 = freemem();
  if(f2 != f0)
    fail("%d free pages before forking, %d after reaping 10 zombies (%d while zombies)",
         f0, f2, f1);
}

// A parent that exits without waiting leaves its zombies to init, which reaps them.
static void
test_zombieorphans(void)
{
  int pid, i, f0, f;

  f0 = freemem();
  pid = spawn();
  if(pid == 0){
    for(i = 0; i < 5; i++)
      if(fork() == 0)
        exit();
    sleep(5);
    exit();
  }
  reap(pid);
  f = freesettle(f0, 200);
  if(f != f0)
    fail("200 ticks after their parent exited, its zombies still hold %d pages", f0 - f);
}

// kill stops a child that spins without ever making a system call.
static void
test_killspin(void)
{
  int pid, t0, t;

  pid = spawn();
  if(pid == 0)
    for(;;)
      sink++;
  sleep(5);
  t0 = uptime();
  if(kill(pid) != 0)
    fail("kill(%d) of a running child returned -1", pid);
  reap(pid);
  if((t = uptime() - t0) > 200)
    fail("the killed spinner took %d ticks to die", t);
}

// kill wakes and ends a child asleep in a pipe read and one asleep in a full pipe's write.
static void
test_killpipe(void)
{
  int p[2], q[2], pids[2];

  mkpipe(p);
  pids[0] = spawn();
  if(pids[0] == 0){
    close(p[1]);
    read(p[0], scratch, 1);   // nobody ever writes
    exit();
  }
  mkpipe(q);
  pids[1] = spawn();
  if(pids[1] == 0){
    close(q[0]);
    while(write(q[1], scratch, sizeof(scratch)) > 0)   // fills the pipe, then sleeps
      ;
    exit();
  }
  sleep(10);
  if(kill(pids[0]) != 0 || kill(pids[1]) != 0)
    fail("kill of a sleeping child returned -1");
  reapall(pids, 2);
  close(p[0]);
  close(p[1]);
  close(q[0]);
  close(q[1]);
}

// kill cuts short a sleep() of a million ticks.
static void
test_killsleep(void)
{
  int pid, t0, t;

  pid = spawn();
  if(pid == 0){
    sleep(1000000);
    exit();
  }
  sleep(5);
  t0 = uptime();
  if(kill(pid) != 0)
    fail("kill(%d) of a sleeping child returned -1", pid);
  reap(pid);
  if((t = uptime() - t0) > 100)
    fail("the killed sleeper took %d ticks to die", t);
}

// kill of a pid that does not exist returns -1.
static void
test_killnone(void)
{
  int r;

  if((r = kill(-1)) != -1)
    fail("kill(-1) returned %d", r);
  if((r = kill(0x7fffffff)) != -1)
    fail("kill(0x7fffffff) returned %d", r);
  if((r = kill(getpid() + 10000)) != -1)
    fail("kill of an unused pid returned %d", r);
}

// init (pid 1) must outlive everything: kill refuses it, and init is still there after.
static void
test_killinit(void)
{
  int r;

  if((r = kill(1)) != -1)
    fail("kill(1) returned %d, expected -1: init must not be killable", r);
  sleep(2);
  if((r = kill(1)) != -1)
    fail("after the first kill(1), kill(1) returned %d", r);
}

// A process that kills itself does not get past the end of the kill system call.
static void
test_killself(void)
{
  int p[2], pid, n;
  char c;

  mkpipe(p);
  pid = spawn();
  if(pid == 0){
    close(p[0]);
    kill(getpid());
    write(p[1], "x", 1);
    exit();
  }
  close(p[1]);
  n = read(p[0], &c, 1);
  close(p[0]);
  reap(pid);
  if(n != 0)
    fail("a process went on running after kill(getpid())");
}

// fillprocs forks children that wait on a pipe until fork fails, then lets them all
// exit and reaps them. Returns how many forks succeeded.
static int
fillprocs(void)
{
  int pids[NPROC], p[2], n, pid;
  char c;

  mkpipe(p);
  for(n = 0; ; n++){
    pid = fork();
    if(pid < 0)
      break;
    if(pid == 0){
      close(p[1]);
      read(p[0], &c, 1);
      exit();
    }
    if(n == NPROC)
      fail("fork succeeded %d times, but there are only NPROC=%d slots", n + 1, NPROC);
    pids[n] = pid;
  }
  close(p[1]);   // the waiting children all see end of file and exit
  close(p[0]);
  reapall(pids, n);
  if((pid = wait()) != -1)
    fail("wait returned %d after all children were reaped", pid);
  return n;
}

// fork returns -1 once the process table is full; every slot and page comes back.
static void
test_forkfill(void)
{
  int n1, n2, f0, f1;

  f0 = freemem();
  n1 = fillprocs();
  f1 = freemem();
  // At least init, the runner, its watchdog and this process hold slots already.
  if(n1 > NPROC - 4 || n1 < NPROC - 12)
    fail("fork succeeded %d times before failing; expected %d..%d with NPROC=%d",
         n1, NPROC - 12, NPROC - 4, NPROC);
  if(f1 != f0)
    fail("%d free pages before filling the process table, %d after", f0, f1);
  n2 = fillprocs();
  if(n2 != n1)
    fail("the first fill made %d processes, the second %d: slots were lost", n1, n2);
}

// bombnode forks up to four children, each of which does the same one level down, until
// fork fails or depth 5; then it reaps its children. Failures are logged to fd.
static void
bombnode(int fd, int depth)
{
  int kids, i, pid;

  kids = 0;
  for(i = 0; i < 4 && depth < 5; i++){
    pid = fork();
    if(pid < 0){
      write(fd, "f", 1);
      break;
    }
    if(pid == 0){   // the child starts its own round, one level down
      depth++;
      kids = 0;
      i = -1;
      continue;
    }
    kids++;
  }
  for(; kids > 0; kids--)
    if(wait() < 0)
      write(fd, "w", 1);
  if(depth > 0)
    exit();
}

// A tree of forks fills the process table: fork fails cleanly and everything is reaped.
static void
test_forkbomb(void)
{
  int fd, i, n, nf, nw, pid;

  unlink("ut_bomb");
  fd = open("ut_bomb", O_CREATE|O_RDWR);
  if(fd < 0)
    fail("cannot create ut_bomb");
  bombnode(fd, 0);
  close(fd);
  if((pid = wait()) != -1)
    fail("wait found child %d that the bomb left behind", pid);
  n = getfile("ut_bomb", scratch, sizeof(scratch));
  unlink("ut_bomb");
  for(i = nf = nw = 0; i < n; i++){
    nf += scratch[i] == 'f';
    nw += scratch[i] == 'w';
  }
  if(nf == 0)
    fail("fork never failed: the bomb never filled the NPROC=%d slots", NPROC);
  if(nw != 0)
    fail("wait returned -1 %d times while children were still outstanding", nw);
  if((n = fillprocs()) < NPROC - 12)
    fail("after the bomb only %d processes could be forked", n);
}

// spinwriter writes its id once per clock tick, spinning in between.
static void
spinwriter(int fd, char id)
{
  int t;

  for(;;){
    t = uptime();
    while(uptime() == t)
      ;
    write(fd, &id, 1);
  }
}

// The timer preempts spinning processes: two spinners both make progress, and the
// parent gets to run and kill them.
static void
test_preempt(void)
{
  int p[2], pids[2], na, nb, i;
  char c;

  mkpipe(p);
  for(i = 0; i < 2; i++){
    pids[i] = spawn();
    if(pids[i] == 0){
      close(p[0]);
      spinwriter(p[1], 'a' + i);
    }
  }
  close(p[1]);
  na = nb = 0;
  for(i = 0; i < 60 && (na < 5 || nb < 5); i++){
    if(read(p[0], &c, 1) != 1)
      break;
    na += c == 'a';
    nb += c == 'b';
  }
  kill(pids[0]);
  kill(pids[1]);
  reapall(pids, 2);
  close(p[0]);
  if(na < 5 || nb < 5)
    fail("in %d bytes spinner a wrote %d and spinner b %d: one was starved", i, na, nb);
}

// Forty children exit at the same moment; wait returns each of them once.
static void
test_manyexits(void)
{
  int pids[40], go[2], i, pid;
  char c;

  mkpipe(go);
  for(i = 0; i < 40; i++){
    pids[i] = spawn();
    if(pids[i] == 0){
      close(go[1]);
      read(go[0], &c, 1);
      exit();
    }
  }
  sleep(5);
  close(go[1]);   // all forty wake up at once
  close(go[0]);
  reapall(pids, 40);
  if((pid = wait()) != -1)
    fail("wait returned %d after all 40 children were reaped", pid);
}

// ---- memory --------------------------------------------------------------------------

// sbrk(n) returns the old break and moves it by exactly n; new memory reads as zero.
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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

// ---- exec ----------------------------------------------------------------------------

// exec passes 31 arguments (the most the classic API allows) intact, and frees the old
// image (the runner's page count checks the freeing).
static void
test_execmaxarg(void)
{
  static char words[30][4];
  char *argv[32];
  int i;

  argv[0] = "echo";
  for(i = 0; i < 30; i++){
    words[i][0] = 'w';
    words[i][1] = '0' + (i + 1) / 10;
    words[i][2] = '0' + (i + 1) % 10;
    words[i][3] = 0;
    argv[i+1] = words[i];
  }
  argv[31] = 0;
  capture("/echo", argv, 100, scratch, sizeof(scratch));
  if(!echoed(argv, scratch))
    fail("echo w01 .. w30 (31 arguments) wrote \"%s\"", scratch);
}

// exec with more than MAXARG arguments returns -1 and leaves the caller intact.
static void
test_exectoomany(void)
{
  char *argv[101];
  int i, n;

  for(n = MAXARG + 1; n <= 100; n += 100 - (MAXARG + 1)){
    argv[0] = "echo";
    for(i = 1; i < n; i++)
      argv[i] = "x";
    argv[n] = 0;
    capture("/echo", argv, 0, scratch, sizeof(scratch));
    if(strcmp(scratch, "EXECFAILED") != 0)
      fail("exec with %d arguments (MAXARG=%d): the child reported \"%s\"",
           n, MAXARG, scratch);
  }
}

// longargs runs echo with n arguments of len bytes each. If mustrun is set, echo must
// get them whole; otherwise the exec may also fail, with the caller intact.
static void
longargs(int n, int len, int mustrun)
{
  char *argv[10], *buf;
  int i;

  buf = sbrk(n * (len + 1));
  if(buf == (char*)-1)
    fail("sbrk for the arguments failed");
  argv[0] = "echo";
  for(i = 0; i < n; i++){
    argv[i+1] = buf + i*(len + 1);
    memset(argv[i+1], 'A' + i, len);
    argv[i+1][len] = 0;
  }
  argv[n+1] = 0;
  capture("/echo", argv, 0, scratch, sizeof(scratch));
  if(!echoed(argv, scratch) && (mustrun || strcmp(scratch, "EXECFAILED") != 0))
    fail("exec of echo with %d argument(s) of %d bytes: the output (%d bytes) is not the "
         "arguments%s; it starts \"%c%c%c...\"", n, len, strlen(scratch),
         mustrun ? "" : " nor EXECFAILED", scratch[0], scratch[1], scratch[2]);
  sbrk(-n * (len + 1));
}

// Arguments larger than the stack page are refused or passed intact, never corrupted;
// a 1000-byte argument is passed.
static void
test_execlongarg(void)
{
  longargs(1, 1000, 1);
  longargs(1, 5000, 0);
  longargs(1, 4090, 0);
  longargs(6, 1000, 0);
}

// exec of something that is not a program returns -1, leaking nothing.
static void
test_execmissing(void)
{
  static char *paths[] = {
    "ut_nosuchfile", "", ".", "/", "ut_notelf", "ut_nosuchdir/echo", "/echo/echo",
  };
  char *argv[2];
  int i, r, f0, f1;

  putfile("ut_notelf", "#!/bin/sh\necho not an ELF file\n", 31);
  canaryset();
  argv[0] = "x";
  argv[1] = 0;
  for(i = 0; i < sizeof(paths)/sizeof(paths[0]); i++){
    f0 = freemem();
    r = exec(paths[i], argv);
    f1 = freemem();
    if(r != -1)
      fail("exec(\"%s\") returned %d, expected -1", paths[i], r);
    if(f1 != f0)
      fail("exec(\"%s\") failed but changed free pages from %d to %d", paths[i], f0, f1);
    if(!canaryok())
      fail("exec(\"%s\") failed but changed the caller's globals", paths[i]);
  }
  unlink("ut_notelf");
}

// A tiny hand-made ELF program: one read-only segment holding the headers, code that
// writes "elf ok\n" to fd 1 and exits, and the message.
#define ELFBASE   0x1000
#define ELFCODE   128
#define ELFMSG    192
#define ELFLEN    224

static uchar elfimg[ELFLEN];

static struct elfhdr*
elfhdr(void)
{
  return (struct elfhdr*)elfimg;
}

static struct proghdr*
elfph(int i)
{
  return (struct proghdr*)(elfimg + sizeof(struct elfhdr)) + i;
}

// elfemit appends n bytes of code at *pc.
static void
elfemit(int *pc, const uchar *bytes, int n)
{
  memmove(elfimg + *pc, bytes, n);
  *pc += n;
}

static void
elfemit32(int *pc, uint x)
{
  elfemit(pc, (uchar*)&x, 4);
}

// elfbuild makes the good image with nph program headers: the first is the text
// segment; a second one is an empty writable (bss) page after it.
static void
elfbuild(int nph)
{
  static const uchar push7[] = { 0x6a, 7 }, push1[] = { 0x6a, 1 }, push0[] = { 0x6a, 0 };
  static const uchar intsys[] = { 0xcd, T_SYSCALL }, spin[] = { 0xeb, 0xfe };
  struct elfhdr *eh;
  struct proghdr *ph;
  uchar op;
  int pc;

  memset(elfimg, 0, sizeof(elfimg));
  eh = elfhdr();
  eh->magic = ELF_MAGIC;
  eh->elf[0] = 1;          // 32-bit
  eh->elf[1] = 1;          // little-endian
  eh->elf[2] = 1;          // ELF version 1
  eh->type = 2;            // executable
  eh->machine = 3;         // i386
  eh->version = 1;
  eh->entry = ELFBASE + ELFCODE;
  eh->phoff = sizeof(struct elfhdr);
  eh->ehsize = sizeof(struct elfhdr);
  eh->phentsize = sizeof(struct proghdr);
  eh->phnum = nph;

  ph = elfph(0);
  ph->type = ELF_PROG_LOAD;
  ph->off = 0;
  ph->vaddr = ph->paddr = ELFBASE;
  ph->filesz = ELFLEN;
  ph->memsz = PGSIZE;
  ph->flags = ELF_PROG_FLAG_READ | ELF_PROG_FLAG_EXEC;
  ph->align = PGSIZE;
  if(nph > 1){
    ph = elfph(1);
    ph->type = ELF_PROG_LOAD;
    ph->vaddr = ph->paddr = ELFBASE + PGSIZE;
    ph->memsz = PGSIZE;
    ph->flags = ELF_PROG_FLAG_READ | ELF_PROG_FLAG_WRITE;
    ph->align = PGSIZE;
  }

  // write(1, msg, 7); exit(); with the arguments where the usys.S stubs expect them
  pc = ELFCODE;
  elfemit(&pc, push7, 2);
  op = 0x68;               // push imm32: the message's address
  elfemit(&pc, &op, 1);
  elfemit32(&pc, ELFBASE + ELFMSG);
  elfemit(&pc, push1, 2);
  elfemit(&pc, push0, 2);  // where the stub's return address would be
  op = 0xb8;               // mov imm32, %eax
  elfemit(&pc, &op, 1);
  elfemit32(&pc, SYS_write);
  elfemit(&pc, intsys, 2);
  elfemit(&pc, &op, 1);
  elfemit32(&pc, SYS_exit);
  elfemit(&pc, intsys, 2);
  elfemit(&pc, spin, 2);
  memmove(elfimg + ELFMSG, "elf ok\n", 7);
}

// elfrun writes the first len bytes of the image to ut_elf and runs it under capture.
static void
elfrun(int len)
{
  static char *argv[] = { "ut_elf", 0 };

  putfile("ut_elf", elfimg, len);
  capture("ut_elf", argv, 0, scratch, sizeof(scratch));
}

static void
elfgood(const char *what)
{
  elfrun(ELFLEN);
  if(strcmp(scratch, "elf ok\n") != 0)
    fail("the well-formed test ELF (%s) did not run: its output was \"%s\"", what, scratch);
}

static void
elfbad(const char *what, int len)
{
  elfrun(len);
  if(strcmp(scratch, "EXECFAILED") == 0)
    return;
  if(strcmp(scratch, "elf ok\n") == 0)
    fail("exec of an ELF with %s succeeded and ran it", what);
  if(scratch[0] == 0)
    fail("exec of an ELF with %s did not return: the process died", what);
  fail("exec of an ELF with %s: %s", what, scratch);
}

// exec rejects malformed ELF files with -1, leaking nothing and leaving the caller
// intact; well-formed variants of the same file run.
static void
test_execbadelf(void)
{
  elfbuild(1);
  elfgood("one segment");
  elfbuild(2);
  elfgood("text and bss segments");
  elfbuild(2);
  elfph(1)->type = 0x6474e551;   // PT_GNU_STACK: not loadable, must be ignored
  elfph(1)->vaddr = elfph(1)->memsz = 0;
  elfgood("a non-LOAD header");

  elfbuild(1);
  elfhdr()->magic = ELF_MAGIC ^ 0x01000000;
  elfbad("a bad magic number", ELFLEN);
  elfbuild(1);
  elfbad("a file of 40 bytes (truncated ELF header)", 40);
  elfbuild(1);
  elfhdr()->phoff = 4096;
  elfbad("program headers past the end of the file", ELFLEN);
  elfbuild(1);
  elfhdr()->phnum = 0xffff;
  elfbad("65535 program headers running past the end of the file", ELFLEN);
  elfbuild(1);
  elfbad("segment data cut off (file truncated to 100 bytes)", 100);
  elfbuild(1);
  elfph(0)->off = 0x10000;
  elfbad("a segment offset past the end of the file", ELFLEN);
  elfbuild(1);
  elfph(0)->off = 0xFFFFFF00;
  elfph(0)->filesz = 0x200;
  elfbad("a segment whose offset + filesz wraps past 2^32", ELFLEN);
  elfbuild(1);
  elfph(0)->memsz = 100;
  elfbad("filesz > memsz", ELFLEN);
  elfbuild(1);
  elfph(0)->vaddr = 0xFFFFF000;
  elfph(0)->memsz = 0x2000;
  elfbad("vaddr + memsz wrapping past 2^32", ELFLEN);
  elfbuild(1);
  elfph(0)->vaddr = KERNBASE - PGSIZE;
  elfph(0)->memsz = 2*PGSIZE;
  elfbad("a segment ending above KERNBASE", ELFLEN);
  elfbuild(1);
  elfph(0)->vaddr = KERNBASE;
  elfbad("a segment at KERNBASE", ELFLEN);
  elfbuild(1);
  elfph(0)->vaddr = ELFBASE + 0x10;
  elfhdr()->entry += 0x10;
  elfbad("a vaddr that is not page aligned", ELFLEN);
  elfbuild(2);
  elfph(1)->vaddr = ELFBASE;
  elfbad("two segments at the same address", ELFLEN);
  elfbuild(2);
  elfph(0)->memsz = 2*PGSIZE;
  elfph(1)->vaddr = ELFBASE + PGSIZE;
  elfbad("a second segment starting inside the first", ELFLEN);
  elfbuild(2);
  elfph(0)->vaddr = ELFBASE + 2*PGSIZE;
  elfhdr()->entry += 2*PGSIZE;
  elfbad("segments in descending order", ELFLEN);
  if(!quick){
    elfbuild(1);
    elfph(0)->memsz = 0x60000000;
    elfbad("a 1.5 GB segment, more than the machine has", ELFLEN);
  }
  unlink("ut_elf");
}

// ---- file system ---------------------------------------------------------------------

static void
pattern(char *buf, int n, int seed)
{
  int i;

  for(i = 0; i < n; i++)
    buf[i] = seed + i * 13 + (i >> 8);
}

// checkstat fails the test unless fd's file has the given type, size and link count.
static void
checkstat(int fd, const char *name, int type, int size, int nlink)
{
  struct stat st;

  if(fstat(fd, &st) < 0)
    fail("fstat of %s failed", name);
  if(st.type != type || st.size != size || st.nlink != nlink)
    fail("fstat of %s: type %d size %d nlink %d, expected type %d size %d nlink %d",
         name, st.type, st.size, st.nlink, type, size, nlink);
}

// Create, write, read back in odd-sized pieces, check access modes, delete.
static void
test_filerw(void)
{
  static const int sizes[] = { 1, 7, 512, 513, 1000, 3000 };
  char *want, *got;
  int fd, i, k, n, r;

  want = scratch;
  got = scratch + 4096;
  pattern(want, 3000, 1);
  unlink("ut_rw");
  if((fd = open("ut_rw", O_RDONLY)) >= 0)
    fail("open of a missing file without O_CREATE returned %d", fd);
  fd = open("ut_rw", O_CREATE|O_RDWR);
  if(fd < 0)
    fail("open(ut_rw, O_CREATE|O_RDWR) failed");
  for(i = 0; i < 3; i++)
    if((r = write(fd, want + i*1000, 1000)) != 1000)
      fail("write %d of 1000 bytes returned %d", i, r);
  checkstat(fd, "ut_rw", T_FILE, 3000, 1);
  close(fd);

  for(k = 0; k < sizeof(sizes)/sizeof(sizes[0]); k++){
    fd = open("ut_rw", O_RDONLY);
    memset(got, 0, 3000);
    for(n = 0; n < 3000; n += r)
      if((r = read(fd, got + n, sizes[k])) <= 0)
        fail("reading in pieces of %d: read returned %d at offset %d", sizes[k], r, n);
    if(n != 3000 || memcmp(got, want, 3000) != 0)
      fail("reading in pieces of %d gave back different data", sizes[k]);
    if((r = read(fd, got, 10)) != 0)
      fail("read at end of file returned %d, expected 0", r);
    if((r = write(fd, want, 10)) != -1)
      fail("write to a file opened O_RDONLY returned %d", r);
    close(fd);
  }
  fd = open("ut_rw", O_WRONLY);
  if((r = read(fd, got, 10)) != -1)
    fail("read from a file opened O_WRONLY returned %d", r);
  close(fd);
  fd = open("ut_rw", O_CREATE|O_RDWR);   // O_CREATE of an existing file keeps its data
  checkstat(fd, "ut_rw reopened with O_CREATE", T_FILE, 3000, 1);
  close(fd);
  if(unlink("ut_rw") != 0)
    fail("unlink(ut_rw) failed");
  if((fd = open("ut_rw", O_RDONLY)) >= 0)
    fail("open after unlink returned %d", fd);
  if(unlink("ut_rw") != -1)
    fail("a second unlink of ut_rw succeeded");
}

// link makes a second name for the same inode; unlink removes one name at a time.
static void
test_linkunlink(void)
{
  struct stat sa, sb;
  int fa, fb, r;
  char buf[8];

  unlink("ut_la");
  unlink("ut_lb");
  unlink("ut_ld/x");
  unlink("ut_ld");
  putfile("ut_la", "hello", 5);
  if(link("ut_la", "ut_lb") != 0)
    fail("link(ut_la, ut_lb) failed");
  if(stat("ut_la", &sa) < 0 || stat("ut_lb", &sb) < 0)
    fail("stat of the two names failed");
  if(sa.ino != sb.ino || sa.nlink != 2)
    fail("after link: inodes %d and %d, nlink %d; expected one inode with nlink 2",
         sa.ino, sb.ino, sa.nlink);
  if((r = link("ut_la", "ut_lb")) != -1)
    fail("link onto an existing name returned %d", r);
  if((r = link("ut_nosuch", "ut_lc")) != -1)
    fail("link of a missing file returned %d", r);
  if(mkdir("ut_ld") != 0)
    fail("mkdir(ut_ld) failed");
  if((r = link("ut_ld", "ut_le")) != -1)
    fail("link of a directory returned %d", r);
  if(link("ut_lb", "ut_ld/x") != 0)
    fail("link into a subdirectory failed");

  fb = open("ut_lb", O_RDWR);
  if(fb < 0 || write(fb, "J", 1) != 1)
    fail("writing through the second name failed");
  close(fb);
  fa = open("ut_la", O_RDONLY);
  if(readn(fa, buf, 5) != 5 || memcmp(buf, "Jello", 5) != 0)
    fail("a write through one name is not visible through the other");
  close(fa);

  if(unlink("ut_la") != 0)
    fail("unlink(ut_la) failed");
  if(open("ut_la", O_RDONLY) >= 0)
    fail("ut_la can still be opened after unlink");
  fb = open("ut_lb", O_RDONLY);
  if(fb < 0)
    fail("ut_lb vanished when ut_la was unlinked");
  checkstat(fb, "ut_lb", T_FILE, 5, 2);
  close(fb);
  if(unlink("ut_ld/x") != 0 || unlink("ut_lb") != 0 || unlink("ut_ld") != 0)
    fail("cleaning up the links failed");
  if(stat("ut_lb", &sb) == 0 || stat("ut_ld", &sb) == 0)
    fail("a name survived its unlink");
}

// An unlinked file stays usable through open descriptors until the last one closes.
static void
test_unlinkopen(void)
{
  struct stat st1, st2;
  int fw, fr, fn, r;
  char *got;

  unlink("ut_uo");
  fw = open("ut_uo", O_CREATE|O_RDWR);
  fr = open("ut_uo", O_RDONLY);
  if(fw < 0 || fr < 0)
    fail("cannot create and open ut_uo");
  pattern(scratch, 2000, 5);
  if(write(fw, scratch, 1000) != 1000)
    fail("write to ut_uo failed");
  if(unlink("ut_uo") != 0)
    fail("unlink of an open file failed");
  if(open("ut_uo", O_RDONLY) >= 0)
    fail("an unlinked file can still be opened by name");
  if(write(fw, scratch + 1000, 1000) != 1000)
    fail("write to an unlinked but open file failed");
  checkstat(fw, "the unlinked file", T_FILE, 2000, 0);
  got = scratch + 4096;
  if((r = readn(fr, got, 2000)) != 2000 || memcmp(got, scratch, 2000) != 0)
    fail("reading the unlinked file gave %d bytes, or different data", r);
  fn = open("ut_uo", O_CREATE|O_RDWR);
  if(fn < 0)
    fail("cannot create a new ut_uo while the old one is open");
  fstat(fn, &st1);
  fstat(fw, &st2);
  if(st1.ino == st2.ino)
    fail("the new ut_uo reuses inode %d, which is still open", st1.ino);
  close(fn);
  close(fw);
  close(fr);
  unlink("ut_uo");
}

// Directories: mkdir, chdir, .., refusal to remove a non-empty directory or . and ..
static void
test_dirs(void)
{
  struct stat st, root;
  int fd, r, pid;

  unlink("ut_dir/sub");
  unlink("ut_dir/f");
  unlink("ut_dir");
  if(mkdir("ut_dir") != 0)
    fail("mkdir(ut_dir) failed");
  if((r = mkdir("ut_dir")) != -1)
    fail("mkdir of an existing directory returned %d", r);
  fd = open("ut_dir", O_RDONLY);
  if(fd < 0)
    fail("cannot open a directory for reading");
  if(fstat(fd, &st) < 0 || st.type != T_DIR)
    fail("fstat of a directory says type %d, expected T_DIR", st.type);
  close(fd);
  if((fd = open("ut_dir", O_RDWR)) != -1)
    fail("open of a directory for writing returned %d", fd);
  if((fd = open("ut_dir", O_WRONLY)) != -1)
    fail("open of a directory write-only returned %d", fd);
  putfile("ut_dir/f", "dirdata", 7);

  pid = spawn();
  if(pid == 0){   // chdir in a child; it reports by creating ut_dir/sub/ok
    if(chdir("ut_dir") != 0)
      fail("chdir(ut_dir) failed");
    if(getfile("f", scratch, 7) != 7 || getfile("../ut_dir/f", scratch, 7) != 7)
      fail("cannot read f relative to the new working directory");
    if(mkdir("sub") != 0 || chdir("sub") != 0)
      fail("mkdir and chdir into sub failed");
    if(getfile("../../ut_dir/f", scratch, 7) != 7)
      fail("cannot read ../../ut_dir/f from ut_dir/sub");
    putfile("ok", "", 0);
    exit();
  }
  reap(pid);
  if(stat("ut_dir/sub/ok", &st) < 0)
    fail("the child working in ut_dir/sub did not finish");
  unlink("ut_dir/sub/ok");

  if((r = chdir("ut_dir/f")) != -1)
    fail("chdir to a file returned %d", r);
  if((r = chdir("ut_nosuchdir")) != -1)
    fail("chdir to a missing directory returned %d", r);
  if((r = unlink("ut_dir")) != -1)
    fail("unlink of a non-empty directory returned %d", r);
  if((r = unlink("ut_dir/.")) != -1)
    fail("unlink of ut_dir/. returned %d", r);
  if((r = unlink("ut_dir/..")) != -1)
    fail("unlink of ut_dir/.. returned %d", r);
  if((r = mkdir("ut_dir/f/x")) != -1)
    fail("mkdir under a file returned %d", r);
  if((r = open("ut_dir/f/x", O_CREATE|O_RDWR)) != -1)
    fail("creating a file under a file returned %d", r);
  if(stat("/", &root) < 0 || stat("/..", &st) < 0 || st.ino != root.ino)
    fail("/.. is not the root directory");
  if(stat(".", &root) < 0 || stat("ut_dir/..", &st) < 0 || st.ino != root.ino)
    fail("ut_dir/.. is not the directory that holds ut_dir");
  if(stat("ut_dir/sub/../../ut_dir/./f", &st) < 0 || st.type != T_FILE)
    fail("cannot walk ut_dir/sub/../../ut_dir/./f");

  if(unlink("ut_dir/sub") != 0 || unlink("ut_dir/f") != 0)
    fail("emptying ut_dir failed");
  if(unlink("ut_dir") != 0)
    fail("unlink of the now empty ut_dir failed");
  if(open("ut_dir", O_RDONLY) >= 0)
    fail("ut_dir still exists after unlink");
}

// A name may use all DIRSIZ (14) bytes; a longer one is cut to 14 and so names the same file.
static void
test_dirsiz(void)
{
  static char name13[] = "ut_abcdefghij", name14[] = "ut_abcdefghijk",
              name15[] = "ut_abcdefghijkl", dname[] = "ut_dddddddddd/ut_ffffffffffff";
  struct stat st14, st;
  struct dirent de;
  int fd, found;

  unlink(name14);
  unlink(name13);
  unlink(dname);
  unlink("ut_dddddddddd");
  putfile(name14, "fourteen", 8);
  if(stat(name14, &st14) < 0)
    fail("cannot stat the file created as %s", name14);
  if(stat(name15, &st) < 0 || st.ino != st14.ino)
    fail("the 15-byte name %s does not refer to the 14-byte %s", name15, name14);
  if(stat(name13, &st) == 0)
    fail("the 13-byte prefix %s names a file", name13);

  // The directory entry holds all 14 bytes, with no room for a NUL.
  fd = open(".", O_RDONLY);
  found = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de))
    if(de.inum == st14.ino && memcmp(de.name, name14, DIRSIZ) == 0)
      found = 1;
  close(fd);
  if(!found)
    fail("no directory entry holds the 14 bytes of %s", name14);

  if(unlink(name15) != 0)
    fail("unlink by the 15-byte name failed");
  if(stat(name14, &st) == 0)
    fail("%s survived an unlink by its 15-byte name", name14);

  if(mkdir("ut_dddddddddd") != 0)
    fail("mkdir of a 13-byte name failed");
  putfile(dname, "x", 1);
  if(stat("ut_dddddddddd/ut_fffffffffff", &st) < 0)
    fail("the 15-byte name in a subdirectory was not cut to 14 bytes");
  if(unlink("ut_dddddddddd/ut_fffffffffff") != 0 || unlink("ut_dddddddddd") != 0)
    fail("cleaning up ut_dddddddddd failed");
}

// blockfill puts a pattern that names block b into buf.
static void
blockfill(char *buf, int b)
{
  pattern(buf, BSIZE, b * 7);
  buf[0] = b;
  buf[1] = b >> 8;
}

// A file can hold exactly MAXFILE blocks; one byte more is refused.
static void
test_maxfile(void)
{
  char *buf, *got;
  int fd, b, r;

  buf = scratch;
  got = scratch + BSIZE;
  unlink("ut_max");
  fd = open("ut_max", O_CREATE|O_RDWR);
  if(fd < 0)
    fail("cannot create ut_max");
  for(b = 0; b < MAXFILE; b++){
    blockfill(buf, b);
    if((r = write(fd, buf, BSIZE)) != BSIZE)
      fail("writing block %d of MAXFILE=%d returned %d", b, MAXFILE, r);
  }
  if((r = write(fd, buf, BSIZE)) > 0)
    fail("writing a block past MAXFILE=%d returned %d, expected -1 or 0", MAXFILE, r);
  if((r = write(fd, buf, 1)) > 0)
    fail("writing one byte past MAXFILE=%d blocks returned %d", MAXFILE, r);
  checkstat(fd, "ut_max", T_FILE, MAXFILE*BSIZE, 1);
  close(fd);

  fd = open("ut_max", O_RDONLY);
  for(b = 0; b < MAXFILE; b++){
    blockfill(buf, b);
    if((r = readn(fd, got, BSIZE)) != BSIZE || memcmp(buf, got, BSIZE) != 0)
      fail("block %d read back wrong (read returned %d)", b, r);
  }
  if((r = read(fd, got, BSIZE)) != 0)
    fail("read past the end of a MAXFILE file returned %d", r);
  close(fd);
  unlink("ut_max");
}

// fullname writes "ut_full" and two digits of i into buf.
static void
fullname(char *buf, int i)
{
  strcpy(buf, "ut_fullNN");
  buf[7] = '0' + i / 10;
  buf[8] = '0' + i % 10;
}

// filldisk writes MAXFILE-block files until a write comes up short. Returns the blocks
// written and sets *nfiles to the files made.
static int
filldisk(int *nfiles)
{
  char name[16];
  int i, fd, b, r, blocks;

  memset(scratch, 'D', BSIZE);
  blocks = 0;
  for(i = 0; i < 100; i++){
    fullname(name, i);
    fd = open(name, O_CREATE|O_WRONLY);
    if(fd < 0){   // no block left even for the directory entry
      if(i == 0)
        fail("cannot create %s", name);
      *nfiles = i;
      return blocks;
    }
    for(b = 0; b < MAXFILE; b++){
      r = write(fd, scratch, BSIZE);
      if(r != BSIZE){
        if(r < -1 || r >= BSIZE)
          fail("a write to a full disk returned %d", r);
        close(fd);
        *nfiles = i + 1;
        return blocks;
      }
      blocks++;
    }
    close(fd);
  }
  fail("wrote %d files of MAXFILE blocks (%d blocks) and the disk is still not full",
       i, blocks);
}

// unlinknamed removes the n files nameof(buf, 0..n-1) names; a failed unlink fails the test.
static void
unlinknamed(void (*nameof)(char*, int), int n)
{
  char name[16];
  int i;

  for(i = 0; i < n; i++){
    nameof(name, i);
    if(unlink(name) != 0)
      fail("unlink(%s) failed", name);
  }
}

// Writing until the disk is full fails cleanly; deleting the files gives every block back.
static void
test_diskfull(void)
{
  int n1, n2, f1, f2;

  n1 = filldisk(&f1);
  if(n1 < FSSIZE / 4)
    fail("the disk was full after %d blocks; FSSIZE is %d", n1, FSSIZE);
  unlinknamed(fullname, f1);
  n2 = filldisk(&f2);
  unlinknamed(fullname, f2);
  if(n2 < n1 - 1 || n2 > n1 + 1)
    fail("the first fill took %d blocks, the second %d: blocks were lost", n1, n2);
  pattern(scratch, 4096, 9);
  putfile("ut_full00", scratch, 4096);
  if(getfile("ut_full00", scratch + 4096, 4096) != 4096 ||
     memcmp(scratch, scratch + 4096, 4096) != 0)
    fail("a file written after the disk was emptied reads back wrong");
  unlink("ut_full00");
}

static void
inodename(char *buf, int i)
{
  strcpy(buf, "ut_iNNN");
  buf[4] = '0' + i / 100;
  buf[5] = '0' + i / 10 % 10;
  buf[6] = '0' + i % 10;
}

// fillinodes creates empty files until open(O_CREATE) fails; returns how many.
static int
fillinodes(void)
{
  char name[16];
  int i, fd;

  for(i = 0; i < NINODES + 10; i++){
    inodename(name, i);
    fd = open(name, O_CREATE|O_RDWR);
    if(fd < 0)
      break;
    close(fd);
  }
  if(i == NINODES + 10)
    fail("created %d files with only NINODES=%d inodes", i, NINODES);
  if(mkdir("ut_idir") != -1)
    fail("mkdir succeeded after open(O_CREATE) ran out of inodes");
  if(open(name, O_RDONLY) >= 0)
    fail("the open(O_CREATE) that failed left %s behind", name);
  return i;
}


// Creating files until the inodes run out fails cleanly, and deleting them frees every inode.
static void
test_inodes(void)
{
  int n1, n2;

  n1 = fillinodes();
  unlinknamed(inodename, n1);
  if(n1 < NINODES / 2)
    fail("ran out of inodes after %d files; NINODES is %d", n1, NINODES);
  n2 = fillinodes();
  unlinknamed(inodename, n2);
  if(n2 != n1)
    fail("the first fill made %d files, the second %d: inodes were lost", n1, n2);
}

// ccname names the i-th file ("ut_ccI") or directory ("ut_cdI") of test_concreate.
static void
ccname(char *buf, int dir, int i)
{
  strcpy(buf, "ut_ccN");
  buf[4] = dir ? 'd' : 'c';
  buf[5] = '0' + i;
}

// ccscan checks the root directory's ut_cc / ut_cd entries: each names a distinct file or
// directory of the right type. Returns how many there are.
static int
ccscan(void)
{
  struct dirent de;
  struct stat st;
  char name[DIRSIZ+1];
  int fd, n, bit, seen;

  fd = open(".", O_RDONLY);
  if(fd < 0)
    fail("cannot open the root directory");
  n = seen = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0 || memcmp(de.name, "ut_c", 4) != 0)
      continue;
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    if(strlen(name) != 6 || (name[4] != 'c' && name[4] != 'd') || name[5] < '0' ||
       name[5] > '7')
      fail("the directory holds an unexpected entry \"%s\"", name);
    bit = 1 << ((name[5] - '0') + (name[4] == 'd' ? 8 : 0));
    if(seen & bit)
      fail("the directory holds two entries named %s", name);
    seen |= bit;
    if(stat(name, &st) < 0)
      fail("entry %s (inode %d) cannot be opened", name, de.inum);
    if(st.ino != de.inum || st.type != (name[4] == 'd' ? T_DIR : T_FILE))
      fail("entry %s: inode %d type %d, but the entry says inode %d", name, st.ino,
           st.type, de.inum);
    n++;
  }
  close(fd);
  return n;
}

// Several processes create and delete the same names at once; the directory stays sane.
static void
test_concreate(void)
{
  char name[DIRSIZ+1];
  int pids[6], i, k, fd, n;

  for(i = 0; i < 8; i++){
    ccname(name, 0, i);
    unlink(name);
    ccname(name, 1, i);
    unlink(name);
  }
  for(k = 0; k < 6; k++){
    pids[k] = spawn();
    if(pids[k] != 0)
      continue;
    for(i = 0; i < 40; i++){
      ccname(name, k >= 4, (i*3 + k) % 8);
      if(k >= 4){   // two children make and remove directories
        if(mkdir(name) < 0)
          unlink(name);
      } else if((i + k) % 3 == 0){
        unlink(name);
      } else if((fd = open(name, O_CREATE|O_RDWR)) >= 0){
        write(fd, "z", 1);
        close(fd);
      }
    }
    exit();
  }
  reapall(pids, 6);
  ccscan();
  for(i = 0; i < 8; i++){
    ccname(name, 0, i);
    unlink(name);
    ccname(name, 1, i);
    unlink(name);
  }
  if((n = ccscan()) != 0)
    fail("%d ut_cc/ut_cd entries survived the cleanup", n);
}

// A descriptor shared by fork (or dup) has one offset: writes through both add up.
static void
test_sharedoffset(void)
{
  char *buf;
  int fd, fd2, pid, i, k, n, np, nc;

  fd = open("ut_off", O_CREATE|O_RDWR|O_TRUNC);
  if(fd < 0)
    fail("cannot create ut_off");
  pid = spawn();
  for(i = 0; i < 100; i++)
    if(write(fd, pid == 0 ? "cccccccccc" : "pppppppppp", 10) != 10)
      fail("write of 10 bytes to the shared descriptor failed");
  if(pid == 0)
    exit();
  reap(pid);
  checkstat(fd, "ut_off after parent and child each wrote 1000 bytes", T_FILE, 2000, 1);
  fd2 = dup(fd);
  if(write(fd, "dup1", 4) != 4 || write(fd2, "dup2", 4) != 4)
    fail("writes through a dup'ed descriptor failed");
  checkstat(fd2, "ut_off after writes through dup'ed descriptors", T_FILE, 2008, 1);
  close(fd);
  close(fd2);

  buf = scratch;
  n = getfile("ut_off", buf, sizeof(scratch));
  if(n != 2008 || memcmp(buf + 2000, "dup1dup2", 8) != 0)
    fail("ut_off holds %d bytes, expected 2000 then dup1dup2", n);
  np = nc = 0;
  for(i = 0; i < 2000; i += 10){
    for(k = 1; k < 10; k++)
      if(buf[i+k] != buf[i])
        fail("the 10-byte write at offset %d was split or overwritten", i);
    np += buf[i] == 'p';
    nc += buf[i] == 'c';
  }
  if(np != 100 || nc != 100)
    fail("%d parent writes and %d child writes survived; expected 100 each", np, nc);
  unlink("ut_off");
}

// O_TRUNC empties a file as it is opened.
static void
test_truncate(void)
{
  char buf[8];
  int fd, old, r;

  pattern(scratch, 5000, 3);
  putfile("ut_tr", scratch, 5000);
  old = open("ut_tr", O_RDONLY);
  fd = open("ut_tr", O_RDWR|O_TRUNC);
  if(fd < 0 || old < 0)
    fail("cannot open ut_tr");
  checkstat(fd, "ut_tr after O_TRUNC", T_FILE, 0, 1);
  if((r = read(fd, buf, 8)) != 0)
    fail("read of a truncated file returned %d", r);
  if((r = read(old, buf, 8)) != 0)
    fail("read through a descriptor opened before the truncation returned %d", r);
  if(write(fd, "abc", 3) != 3)
    fail("write after O_TRUNC failed");
  close(fd);
  close(old);
  if((r = getfile("ut_tr", scratch, 5000)) != 3 || memcmp(scratch, "abc", 3) != 0)
    fail("the truncated and rewritten file holds %d bytes, expected \"abc\"", r);
  unlink("ut_tr");
  fd = open("ut_tr", O_CREATE|O_RDWR|O_TRUNC);
  if(fd < 0)
    fail("open(O_CREATE|O_TRUNC) of a missing file failed");
  checkstat(fd, "a new file made with O_TRUNC", T_FILE, 0, 1);
  close(fd);
  unlink("ut_tr");
}

// A process can have NOFILE descriptors and no more; failed calls leak no descriptor.
static void
test_nofile(void)
{
  int fds[NOFILE], n, fd, last, f0, p[2], i;

  putfile("ut_nf", "x", 1);
  last = -1;
  for(n = 0; ; n++){
    fd = open("ut_nf", O_RDONLY);
    if(fd < 0)
      break;
    if(n == NOFILE)
      fail("open returned fd %d beyond NOFILE=%d", fd, NOFILE);
    fds[n] = last = fd;
  }
  if(last != NOFILE - 1)
    fail("the last descriptor open returned was %d, expected %d", last, NOFILE - 1);
  if((fd = dup(0)) != -1)
    fail("dup with a full descriptor table returned %d", fd);
  f0 = freemem();
  if(pipe(p) != -1)
    fail("pipe with a full descriptor table succeeded");
  close(last);   // one free slot: still not enough for a pipe
  if(pipe(p) != -1)
    fail("pipe with one free descriptor succeeded");
  if(freemem() != f0)
    fail("refused pipe() calls changed free pages from %d to %d", f0, freemem());
  if((fd = open("ut_nf", O_RDONLY)) != last)
    fail("after closing fd %d, open returned %d", last, fd);
  for(i = 0; i < n; i++)
    close(fds[i]);
  unlink("ut_nf");
}

// nfileround has 12 children open files until open fails, and returns the total they
// got; it fails the test unless some child was stopped by the system-wide table.
static int
nfileround(void)
{
  int go[2], res[2], pids[12], k, rec[2], sum, full, n;
  char c;

  mkpipe(go);
  mkpipe(res);
  for(k = 0; k < 12; k++){
    pids[k] = spawn();
    if(pids[k] == 0){
      close(go[1]);
      close(res[0]);
      for(n = 0; open("ut_nf", O_RDONLY) >= 0; n++)
        ;
      rec[0] = n;
      rec[1] = dup(0) >= 0;   // room in this process's table: the system table is full
      write(res[1], rec, sizeof(rec));
      read(go[0], &c, 1);
      exit();
    }
  }
  close(res[1]);
  sum = full = 0;
  for(k = 0; k < 12; k++){
    if(readn(res[0], rec, sizeof(rec)) != sizeof(rec))
      fail("only %d of 12 children reported", k);
    sum += rec[0];
    full += rec[1];
  }
  close(res[0]);
  close(go[1]);
  close(go[0]);
  reapall(pids, 12);
  if(full == 0)
    fail("12 children opened %d files and none was stopped by the NFILE=%d table", sum, NFILE);
  if(sum > NFILE - 5 || sum < NFILE - 30)
    fail("12 children opened %d files in all with NFILE=%d", sum, NFILE);
  return sum;
}

// The system-wide file table (NFILE) runs out cleanly, and every entry comes back.
static void
test_nfile(void)
{
  int n1, n2;

  putfile("ut_nf", "x", 1);
  n1 = nfileround();
  n2 = nfileround();
  unlink("ut_nf");
  if(n1 != n2)
    fail("the first round opened %d files, the second %d: table entries were lost", n1, n2);
}

// ---- pipes ---------------------------------------------------------------------------

#define NWRITERS 5
#define WBYTES   2000

// Five writers send tagged, numbered bytes in uneven pieces; the reader gets every byte
// of every writer, in each writer's order, then end of file.
static void
test_pipedata(void)
{
  uchar buf[256];
  int p[2], pids[NWRITERS], seq[NWRITERS], w, i, j, n, chunk, total;

  mkpipe(p);
  for(w = 0; w < NWRITERS; w++){
    pids[w] = spawn();
    if(pids[w] != 0)
      continue;
    close(p[0]);
    chunk = 1 + w;
    for(i = 0; i < WBYTES; i += n){
      n = WBYTES - i < chunk ? WBYTES - i : chunk;
      for(j = 0; j < n; j++)
        buf[j] = (w << 5) | ((i + j) & 31);
      if(write(p[1], buf, n) != n)
        exit();
      chunk = chunk * 7 % 97 + 1;
    }
    exit();
  }
  close(p[1]);
  memset(seq, 0, sizeof(seq));
  total = 0;
  while((n = read(p[0], buf, total % 200 + 1)) > 0){
    for(j = 0; j < n; j++){
      w = buf[j] >> 5;
      if(w >= NWRITERS)
        fail("byte 0x%x at offset %d came from no writer", buf[j], total + j);
      if((buf[j] & 31) != (seq[w] & 31))
        fail("writer %d's byte %d arrived as number %d: lost or out of order",
             w, seq[w], buf[j] & 31);
      seq[w]++;
    }
    total += n;
  }
  close(p[0]);
  reapall(pids, NWRITERS);
  if(n < 0)
    fail("read from the pipe returned %d", n);
  for(w = 0; w < NWRITERS; w++)
    if(seq[w] != WBYTES)
      fail("writer %d's bytes: got %d, expected %d", w, seq[w], WBYTES);
}

// Writing to a pipe with no reader returns -1, also for a writer already asleep on it.
static void
test_pipebroken(void)
{
  int p[2], res[2], pid, r;

  mkpipe(p);
  close(p[0]);
  if((r = write(p[1], "x", 1)) != -1)
    fail("write to a pipe whose read end is closed returned %d", r);
  close(p[1]);

  mkpipe(p);
  mkpipe(res);
  pid = spawn();
  if(pid == 0){
    close(p[0]);
    close(res[0]);
    r = write(p[1], scratch, 4000);   // fills the pipe and sleeps
    write(res[1], &r, sizeof(r));
    exit();
  }
  close(p[1]);
  close(res[1]);
  sleep(10);
  if(readn(p[0], scratch + 4096, 100) != 100)
    fail("the writer's first 100 bytes did not arrive");
  sleep(10);      // the writer is asleep on a full pipe again
  close(p[0]);
  if(readn(res[0], &r, sizeof(r)) != sizeof(r))
    fail("the writer died instead of returning from write");
  close(res[0]);
  reap(pid);
  if(r != -1 && (r < 0 || r >= 4000))
    fail("a 4000-byte write cut off by the reader's close returned %d", r);
}

// A reader asleep on an empty pipe wakes with 0 when the last writer closes; buffered
// data is still delivered first.
static void
test_pipeeof(void)
{
  int p[2], res[2], pid, r;
  char buf[8];

  mkpipe(p);
  mkpipe(res);
  pid = spawn();
  if(pid == 0){
    close(p[1]);
    close(res[0]);
    r = read(p[0], buf, sizeof(buf));
    write(res[1], &r, sizeof(r));
    exit();
  }
  close(p[0]);
  close(res[1]);
  sleep(10);      // the reader is asleep now
  close(p[1]);
  if(readn(res[0], &r, sizeof(r)) != sizeof(r))
    fail("the reader died instead of returning from read");
  close(res[0]);
  reap(pid);
  if(r != 0)
    fail("read on a pipe whose writers all closed returned %d, expected 0", r);

  mkpipe(p);
  if(write(p[1], "abc", 3) != 3)
    fail("write of 3 bytes failed");
  close(p[1]);
  if((r = read(p[0], buf, sizeof(buf))) != 3 || memcmp(buf, "abc", 3) != 0)
    fail("read after the writer closed returned %d, expected the 3 buffered bytes", r);
  if((r = read(p[0], buf, sizeof(buf))) != 0)
    fail("the second read returned %d, expected 0", r);
  close(p[0]);
}

// ---- the runner ----------------------------------------------------------------------

// Many processes read different, uncached blocks at the same moment, so each holds a
// buffer while it waits for the disk. The buffer cache must not run dry (the classic
// NBUF of 30 panics here with "bget: no buffers").
static void
test_manyreaders(void)
{
  enum { N = 50 };
  int i, fd, pid, pids[N], go[2], res[2], ready[2], n, nopen, nread, ndata;
  char name[16], c;

  strcpy(name, "ut_rd00");
  for(i = 0; i < N; i++){
    name[5] = '0' + i / 10;
    name[6] = '0' + i % 10;
    if((fd = open(name, O_CREATE | O_RDWR)) < 0)
      fail("cannot create %s", name);
    memset(scratch, 'A' + i % 26, BSIZE);
    if(write(fd, scratch, BSIZE) != BSIZE)
      fail("cannot write %s", name);
    close(fd);
  }
  // Push those blocks out of a small cache by writing a MAXFILE-sized file after them.
  if((fd = open("ut_rdbig", O_CREATE | O_RDWR)) < 0)
    fail("cannot create ut_rdbig");
  memset(scratch, 'z', BSIZE);
  for(i = 0; i < MAXFILE; i++)
    if(write(fd, scratch, BSIZE) != BSIZE)
      fail("cannot write block %d of ut_rdbig", i);
  close(fd);
  unlink("ut_rdbig");
  mkpipe(go);
  mkpipe(res);
  mkpipe(ready);
  for(i = 0; i < N; i++){
    pid = spawn();
    if(pid == 0){
      close(go[1]);
      close(res[0]);
      close(ready[0]);
      name[5] = '0' + i / 10;
      name[6] = '0' + i % 10;
      fd = open(name, O_RDONLY);
      write(ready[1], "r", 1);      // all N files are open at once (N inodes in the cache)
      if(read(go[0], &c, 1) != 1)   // then everyone reads together
        exit();
      // Report 'k' (ok), 'o' (open failed), 'r' (short read) or 'd' (wrong data).
      if(fd < 0)
        c = 'o';
      else if(read(fd, scratch, BSIZE) != BSIZE)
        c = 'r';
      else if(scratch[0] != 'A' + i % 26 || scratch[BSIZE-1] != 'A' + i % 26)
        c = 'd';
      else
        c = 'k';
      write(res[1], &c, 1);
      exit();
    }
    pids[i] = pid;
  }
  close(go[0]);
  close(res[1]);
  close(ready[1]);
  if(readn(ready[0], scratch, N) != N)
    fail("not all %d readers got as far as opening their file", N);
  close(ready[0]);
  memset(scratch, 'g', N);
  if(write(go[1], scratch, N) != N)
    fail("could not start the readers");
  close(go[1]);
  n = nopen = nread = ndata = 0;
  while(read(res[0], &c, 1) == 1){
    n += (c == 'k');
    nopen += (c == 'o');
    nread += (c == 'r');
    ndata += (c == 'd');
  }
  close(res[0]);
  reapall(pids, N);
  for(i = 0; i < N; i++){
    name[5] = '0' + i / 10;
    name[6] = '0' + i % 10;
    unlink(name);
  }
  if(n != N)
    fail("%d of %d concurrent readers got their block back intact (%d could not open, "
         "%d read short, %d read wrong data)", n, N, nopen, nread, ndata);
}

// ---- hostile registers, direction flag, FPU state, removed directories -----------------

// hostilecall(num, a0, a1, a2, regs): system call num with arguments a0..a2 (on the stack,
// as the stubs pass them) while %ebp, %ebx, %esi, %edi, %edx and %ecx hold regs[0..5], as
// code built with -O2 or -fomit-frame-pointer may leave them at any call. Afterwards
// regs[6..11] hold what those registers contained on return. Written in assembly because
// C code cannot run with %ebp pointing anywhere.
int hostilecall(int num, uint a0, uint a1, uint a2, uint *regs);
asm(".text\n"
    ".globl hostilecall\n"
    "hostilecall:\n"
    "  pushl %ebp; pushl %ebx; pushl %esi; pushl %edi\n"
    "  movl 36(%esp), %ecx\n"          // regs
    "  pushl 32(%esp)\n"               // a2
    "  pushl 32(%esp)\n"               // a1 (each push moves the others 4 further away)
    "  pushl 32(%esp)\n"               // a0
    "  pushl $0\n"                     // where a stub's return address would be
    "  movl 36(%esp), %eax\n"          // num
    "  movl 0(%ecx), %ebp; movl 4(%ecx), %ebx; movl 8(%ecx), %esi\n"
    "  movl 12(%ecx), %edi; movl 16(%ecx), %edx; movl 20(%ecx), %ecx\n"
    "  int $64\n"
    "  pushl %eax\n"
    "  movl 56(%esp), %eax\n"          // regs again
    "  movl %ebp, 24(%eax); movl %ebx, 28(%eax); movl %esi, 32(%eax)\n"
    "  movl %edi, 36(%eax); movl %edx, 40(%eax); movl %ecx, 44(%eax)\n"
    "  popl %eax\n"
    "  addl $16, %esp\n"
    "  popl %edi; popl %esi; popl %ebx; popl %ebp\n"
    "  ret\n");

// dfcall(num, a0, a1, a2): system call num with the direction flag set (std), as a
// program that forgot its cld would make it. The flag is cleared again before C code runs.
int dfcall(int num, uint a0, uint a1, uint a2);
asm(".text\n"
    ".globl dfcall\n"
    "dfcall:\n"
    "  pushl 16(%esp); pushl 16(%esp); pushl 16(%esp); pushl $0\n"
    "  movl 20(%esp), %eax\n"
    "  std\n"
    "  int $64\n"
    "  cld\n"
    "  addl $16, %esp\n"
    "  ret\n");

static uint hregs[12];
static char *hregname[6] = { "ebp", "ebx", "esi", "edi", "edx", "ecx" };

// hcall makes a hostilecall with hregs and fails the test if the call changed any of the
// registers it did not return a value in.
static int
hcall(int num, uint a0, uint a1, uint a2)
{
  int r, i;

  r = hostilecall(num, a0, a1, a2, hregs);
  for(i = 0; i < 6; i++)
    if(hregs[6+i] != hregs[i])
      fail("system call %d changed %s from 0x%x to 0x%x", num, hregname[i], hregs[i],
           hregs[6+i]);
  return r;
}

// Every common system call (those that take locks above all: a lock records the call
// chain, which once followed the user's %ebp into the kernel) with hostile values in
// every register the kernel does not use for arguments: an unmapped kernel-half address,
// 0xffffffff, 0xfffffffc, kernel text, kernel data, our own stack, 0. Each call must
// return what it returns with clean registers, and give the registers back unchanged.
static void
test_hostileregs(void)
{
  static char buf[64];
  char *argv[2] = { "ut_nosuch", 0 };
  struct stat st;
  uint vals[7];
  int set, i, r, fd, fd2, pid, t0, p[2];
  char *brk;

  vals[0] = 0xec23e78a;
  vals[1] = 0xffffffff;
  vals[2] = 0xfffffffc;
  vals[3] = KERNLINK + 0x1000;       // kernel text
  vals[4] = KERNLINK + 0x40000;      // kernel data or bss
  vals[5] = (uint)&set;              // our own stack
  vals[6] = 0;
  t0 = uptime();
  for(set = 0; set < 7; set++){
    for(i = 0; i < 6; i++)
      hregs[i] = vals[(set + i) % 7];
    if((r = hcall(SYS_uptime, 0, 0, 0)) < t0)
      fail("set %d: uptime returned %d, before the test began at %d", set, r, t0);
    if((r = hcall(SYS_getpid, 0, 0, 0)) != getpid())
      fail("set %d: getpid returned %d, expected %d", set, r, getpid());
    if((fd = hcall(SYS_open, (uint)"/README", O_RDONLY, 0)) < 0)
      fail("set %d: open(README) returned %d", set, fd);
    if((r = hcall(SYS_read, fd, (uint)buf, 16)) != 16)
      fail("set %d: read of README returned %d, expected 16", set, r);
    if((r = hcall(SYS_fstat, fd, (uint)&st, 0)) != 0 || st.type != T_FILE)
      fail("set %d: fstat returned %d (type %d)", set, r, st.type);
    if((fd2 = hcall(SYS_dup, fd, 0, 0)) < 0 || hcall(SYS_close, fd2, 0, 0) != 0)
      fail("set %d: dup and close of the copy failed", set);
    if(hcall(SYS_close, fd, 0, 0) != 0)
      fail("set %d: close failed", set);
    if(hcall(SYS_pipe, (uint)p, 0, 0) != 0)
      fail("set %d: pipe failed", set);
    if((r = hcall(SYS_write, p[1], (uint)"regs", 4)) != 4)
      fail("set %d: write to a pipe returned %d", set, r);
    memset(buf, 0, sizeof(buf));
    if((r = hcall(SYS_read, p[0], (uint)buf, sizeof(buf))) != 4 || memcmp(buf, "regs", 4) != 0)
      fail("set %d: read from the pipe returned %d \"%s\", expected 4 \"regs\"", set, r, buf);
    close(p[0]);
    close(p[1]);
    if((pid = hcall(SYS_fork, 0, 0, 0)) < 0)
      fail("set %d: fork failed", set);
    if(pid == 0)
      exit();
    if((r = hcall(SYS_wait, 0, 0, 0)) != pid)
      fail("set %d: wait returned %d, expected %d", set, r, pid);
    brk = sbrk(0);
    if((r = hcall(SYS_sbrk, PGSIZE, 0, 0)) != (int)brk || sbrk(0) != brk + PGSIZE)
      fail("set %d: sbrk(PGSIZE) returned 0x%x, expected 0x%x", set, r, (uint)brk);
    if((r = hcall(SYS_sbrk, -PGSIZE, 0, 0)) != (int)brk + PGSIZE || sbrk(0) != brk)
      fail("set %d: sbrk(-PGSIZE) returned 0x%x", set, r);
    if((r = hcall(SYS_exec, (uint)argv[0], (uint)argv, 0)) != -1)
      fail("set %d: exec of a missing file returned %d", set, r);
    if(hcall(SYS_mkdir, (uint)"ut_hregs", 0, 0) != 0 || hcall(SYS_chdir, (uint)"ut_hregs", 0, 0) != 0 ||
       hcall(SYS_chdir, (uint)"..", 0, 0) != 0 || hcall(SYS_unlink, (uint)"ut_hregs", 0, 0) != 0)
      fail("set %d: mkdir, chdir and unlink of ut_hregs failed", set);
    if(hcall(SYS_sleep, 1, 0, 0) != 0 || hcall(SYS_kill, 99999, 0, 0) != -1)
      fail("set %d: sleep(1) or kill of no process went wrong", set);
  }
}

// A program that leaves the direction flag set (std) makes system calls. The kernel must
// clear it on entry: its memmove and memset would otherwise run backwards over kernel
// memory. Data must go through pipes and files intact.
static void
test_dirflag(void)
{
  static char in[512], out[512];
  int i, r, p[2], fd;

  for(i = 0; i < sizeof(out); i++)
    out[i] = 'a' + i % 23;
  if(pipe(p) < 0)
    fail("pipe failed");
  if((r = dfcall(SYS_write, p[1], (uint)out, 300)) != 300)
    fail("write with DF set returned %d, expected 300", r);
  if((r = dfcall(SYS_read, p[0], (uint)in, sizeof(in))) != 300 || memcmp(in, out, 300) != 0)
    fail("read with DF set returned %d, or different bytes", r);
  close(p[0]);
  close(p[1]);
  if((fd = dfcall(SYS_open, (uint)"ut_df", O_CREATE | O_RDWR, 0)) < 0)
    fail("open with DF set failed");
  if((r = dfcall(SYS_write, fd, (uint)out, sizeof(out))) != sizeof(out))
    fail("file write with DF set returned %d", r);
  close(fd);
  memset(in, 0, sizeof(in));
  fd = open("ut_df", O_RDONLY);
  if((r = dfcall(SYS_read, fd, (uint)in, sizeof(in))) != sizeof(in) ||
     memcmp(in, out, sizeof(in)) != 0)
    fail("file read with DF set returned %d, or different bytes", r);
  close(fd);
  if(dfcall(SYS_getpid, 0, 0, 0) != getpid() || dfcall(SYS_unlink, (uint)"ut_df", 0, 0) != 0)
    fail("getpid or unlink with DF set went wrong");
}

// fpucheck: put a pattern in %mm0 and a rounding mode in the x87 control word, give the
// CPU away many times, and report on fd whether both survived.
static void
fpucheck(int fd, uint pattern, ushort cw)
{
  uint mm[2], want[2];
  ushort seen;
  int i;

  want[0] = pattern;
  want[1] = ~pattern;
  asm volatile("fldcw %0; movq %1, %%mm0" : : "m" (cw), "m" (*want));
  for(i = 0; i < 20; i++){
    sleep(1);
    asm volatile("movq %%mm0, %0; fnstcw %1" : "=m" (*mm), "=m" (seen));
    if(mm[0] != want[0] || mm[1] != want[1] || seen != cw){
      asm volatile("emms");
      write(fd, "x", 1);
      return;
    }
  }
  asm volatile("emms");
  write(fd, "k", 1);
}

// Two processes use the FPU at once: each must keep its own %mm0 and control word while
// the other runs (the kernel saves and restores the FPU state on every switch). A new
// program starts with the default control word.
static void
test_fpu(void)
{
  int p[2], pids[2], i, bad;
  ushort cw;
  char c;

  if(pipe(p) < 0)
    fail("pipe failed");
  for(i = 0; i < 2; i++){
    if((pids[i] = spawn()) == 0){
      close(p[0]);
      fpucheck(p[1], i ? 0x13572468 : 0xcafef00d, i ? 0x0f7f : 0x037f | 0x0400);
      exit();
    }
  }
  close(p[1]);
  bad = 0;
  for(i = 0; i < 2; i++){
    if(read(p[0], &c, 1) != 1)
      fail("an FPU child died before reporting");
    bad += (c != 'k');
  }
  close(p[0]);
  reapall(pids, 2);
  if(bad)
    fail("%d of 2 processes saw their mm0 or FPU control word changed by the other", bad);
  asm volatile("fnstcw %0" : "=m" (cw));
  if(cw != 0x037f)
    fail("FPU control word is 0x%x in a fresh program, expected 0x37f", cw);
}

// Lookups in a removed directory fail cleanly. A process whose current directory was
// removed (with its parent) cannot use its stale ".." entry, which names a freed inode;
// nor create anything there. Then one process keeps removing /ut_r/a/b while another walks
// through it: every call must simply succeed or fail.
static void
test_removeddir(void)
{
  int pid, i, fd;

  if(mkdir("ut_ra") < 0 || mkdir("ut_ra/b") < 0 || chdir("ut_ra/b") < 0)
    fail("cannot make and enter ut_ra/b");
  if(unlink(CASEDIR "/ut_ra/b") < 0 || unlink(CASEDIR "/ut_ra") < 0)
    fail("cannot remove ut_ra/b and ut_ra");
  if(chdir("..") != -1)
    fail("chdir(\"..\") in a removed directory succeeded");
  if(open("..", O_RDONLY) != -1 || open(".", O_RDONLY) != -1)
    fail("open of \"..\" or \".\" in a removed directory succeeded");
  if((fd = open("ut_new", O_CREATE | O_RDWR)) != -1 || mkdir("ut_newdir") != -1)
    fail("a file or directory was created in a removed directory");
  if(chdir(CASEDIR) != 0)
    fail("chdir(\"%s\") from a removed directory failed", CASEDIR);

  unlink("ut_r/a/b");
  unlink("ut_r/a");
  unlink("ut_r");
  pid = spawn();
  if(pid == 0){
    for(i = 0; i < 150; i++){
      mkdir("ut_r");
      mkdir("ut_r/a");
      mkdir("ut_r/a/b");
      unlink("ut_r/a/b");
      unlink("ut_r/a");
      unlink("ut_r");
    }
    exit();
  }
  for(i = 0; i < 300; i++){
    if((fd = open("ut_r/a/b/../x", O_RDONLY)) >= 0)
      fail("open of ut_r/a/b/../x found a file that never existed");
    if(chdir("ut_r/a/b") == 0){
      chdir("../..");
      chdir(CASEDIR);
    }
  }
  reap(pid);
  unlink("ut_r/a/b");
  unlink("ut_r/a");
  unlink("ut_r");
}

// ---- system-call fuzzing ----------------------------------------------------------------

static uint fuzzstate;

// xorshift32: a fixed seed makes every run make the same calls.
static uint
fuzzrand(void)
{
  fuzzstate ^= fuzzstate << 13;
  fuzzstate ^= fuzzstate >> 17;
  fuzzstate ^= fuzzstate << 5;
  return fuzzstate;
}

// An argument worth trying: a good buffer, a boundary, or garbage.
static uint
fuzzarg(char *buf, uint stacktop)
{
  uint sz = (uint)sbrk(0);

  switch(fuzzrand() % 16){
  case 0:  return 0;
  case 1:  return 0xffffffff;
  case 2:  return fuzzrand() % 600;                 // a plausible length or fd
  case 3:  return fuzzrand() % 16;                  // an fd
  case 4:  return (uint)buf + fuzzrand() % 64;      // a good buffer, maybe a short string
  case 5:  return sz - fuzzrand() % 8;              // the very end of memory
  case 6:  return sz + fuzzrand() % 8192;           // just past it
  case 7:  return KERNBASE - fuzzrand() % 8;
  case 8:  return KERNBASE + fuzzrand() % 0x200000; // kernel text and data
  case 9:  return fuzzrand() % PGSIZE;              // the null page
  case 10: return stacktop - PGSIZE - 1 - fuzzrand() % PGSIZE;  // the stack guard page
  case 11: return 0x1000 + fuzzrand() % 0x1000;     // our own (read-only) text
  case 12: return 0x80000000 - 4096 + fuzzrand() % 8192;   // straddling KERNBASE
  case 13: return 0x7fffffff;
  default: return fuzzrand();
  }
}

// A system call with fuzzed values in every general register the kernel does not take
// arguments from (ebp, ebx, esi, edi, edx, ecx). Returns its result; *bad counts calls that
// gave those registers back changed.
static int
fuzzcall(int num, uint a0, uint a1, uint a2, char *buf, uint stacktop, int *bad)
{
  int i, r;

  for(i = 0; i < 6; i++)
    hregs[i] = fuzzarg(buf, stacktop);
  r = hostilecall(num, a0, a1, a2, hregs);
  for(i = 0; i < 6; i++)
    if(hregs[6+i] != hregs[i]){
      (*bad)++;
      break;
    }
  return r;
}

// Remove everything below the current directory (depth-limited), then report whether it
// is empty.
static int
cleandir(int depth)
{
  struct dirent de;
  char name[DIRSIZ+1];
  int fd, left = 0;

  if((fd = open(".", O_RDONLY)) < 0)
    return -1;
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    if(strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
      continue;
    if(unlink(name) < 0 && depth < 8 && chdir(name) == 0){
      cleandir(depth + 1);
      chdir("..");
      if(unlink(name) < 0)
        left++;
    }
  }
  close(fd);
  return left;
}

// Thousands of system calls with hostile arguments and fuzzed values in every other general
// register, from a fixed seed. The kernel must
// survive all of them (a panic ends the whole run), leak no page, and leave a file system
// whose scratch directory can be emptied and removed. fork, exit, kill, mknod, pipe and
// long sleeps are left out: they would end the fuzzer, hit other processes, write to the
// console or block forever, and other tests cover their arguments.
static void
test_syscallfuzz(void)
{
  int pid, i, fd, num, nok, nfail, counts[3];
  static char buf[256];
  uint a0, a1, a2, stacktop;

  if(mkdir("ut_fuzz") < 0 || chdir("ut_fuzz") < 0)
    fail("cannot make the scratch directory ut_fuzz");
  unlink(CASEDIR "/ut_fuzz.res");
  pid = spawn();
  if(pid == 0){
    // Any descriptor could be hit by a fuzzed close or write, so start with none; the
    // counts go back through a file written at the end.
    for(i = 0; i < NOFILE; i++)
      close(i);
    // Invalid call numbers, a few times only: the kernel reports each on the console.
    if(hostilecall(0, 0, 0, 0, hregs) != -1 || hostilecall(-1, 0, 0, 0, hregs) != -1 ||
       hostilecall(100000, 0, 0, 0, hregs) != -1)
      exit();
    fuzzstate = 0x2545F491;
    for(i = 0; i < (int)sizeof(buf); i++)
      buf[i] = (i % 7 == 6) ? 0 : 'a' + fuzzrand() % 26;
    stacktop = PGROUNDUP((uint)&i);
    nok = nfail = counts[2] = 0;
    for(i = 0; i < (quick ? 3000 : 20000); i++){
      num = 1 + fuzzrand() % SYS_freemem;
      if(num == SYS_fork || num == SYS_exit || num == SYS_kill || num == SYS_mknod ||
         num == SYS_pipe)
        continue;
      a0 = fuzzarg(buf, stacktop);
      a1 = fuzzarg(buf, stacktop);
      a2 = fuzzarg(buf, stacktop);
      if(num == SYS_sleep)
        a0 %= 3;
      if(num == SYS_sbrk && (int)a0 > 0)
        a0 %= 64 * PGSIZE;
      if(fuzzcall(num, a0, a1, a2, buf, stacktop, &counts[2]) == -1)
        nfail++;
      else
        nok++;
    }
    counts[0] = nok;
    counts[1] = nfail;
    for(i = 0; i < NOFILE; i++)
      close(i);
    if((fd = open(CASEDIR "/ut_fuzz.res", O_CREATE | O_WRONLY)) >= 0)
      write(fd, counts, sizeof(counts));
    exit();
  }
  reap(pid);
  fd = open(CASEDIR "/ut_fuzz.res", O_RDONLY);
  i = fd < 0 ? -1 : readn(fd, counts, sizeof(counts));
  close(fd);
  unlink(CASEDIR "/ut_fuzz.res");
  if(i != sizeof(counts))
    fail("the fuzzing child died before reporting (killed by a fault?)");
  if(counts[2] != 0)
    fail("%d fuzzed calls gave ebp/ebx/esi/edi/edx/ecx back changed", counts[2]);
  if(counts[0] == 0 || counts[1] == 0)
    fail("%d calls succeeded and %d failed: the fuzzer is not exercising both paths",
         counts[0], counts[1]);
  if(cleandir(0) != 0)
    fail("the scratch directory could not be emptied after fuzzing");
  chdir(CASEDIR);
  if(unlink("ut_fuzz") < 0)
    fail("unlink of the emptied scratch directory ut_fuzz failed");
}

// ---- leak accounting -------------------------------------------------------------------
//
// Before each case the runner reads kstat() (kstat.h): free pages, free inodes and blocks on
// the disk, and the inode-cache, file-table and buffer-cache entries in use. After the case
// (and its children) have exited, every count must be back where it was: a case fails if
// it leaves even one inode, block, open file or buffer reference behind. Each case runs in
// a fresh directory, CASEDIR, which the runner removes afterwards, so the files a case
// makes (and the directory blocks they grow) go away with it; a case that leaves a file in
// CASEDIR fails. Orphans that init has not reaped yet still hold what they had: the runner
// waits up to SETTLE ticks for the counts to come back before it calls a leak.

// One counter of struct kstat: where it is, and how to name it in a message. A "free"
// counter leaks when it falls, an "in use" counter when it rises.
struct counter {
  int off;           // offset in struct kstat
  int isfree;        // 1: counts free things; 0: counts things in use
  char *what;        // what one of them is called
};

#define KOFF(f) ((int)(uint)&((struct kstat*)0)->f)

static struct counter counters[] = {
  { KOFF(freepages), 1, "page(s)" },
  { KOFF(freeinodes), 1, "inode(s) on disk" },
  { KOFF(freeblocks), 1, "block(s) on disk" },
  { KOFF(inodes), 0, "inode-cache entr(ies)" },
  { KOFF(files), 0, "open file(s)" },
  { KOFF(bufs), 0, "buffer(s) held" },
  { KOFF(bufrefs), 0, "buffer reference(s)" },
};
#define NCOUNTERS (sizeof(counters)/sizeof(counters[0]))

static int
kcount(struct kstat *k, int i)
{
  return *(int*)((char*)k + counters[i].off);
}

static void
kread(struct kstat *k)
{
  if(kstat(k) < 0)
    memset(k, 0, sizeof(*k));
}

// ksettle reads kstat into *now until it equals *want, for up to ticks clock ticks.
// Returns 1 if it does.
static int
ksettle(struct kstat *want, struct kstat *now, int ticks)
{
  kread(now);
  while(memcmp(now, want, sizeof(*now)) != 0 && ticks-- > 0){
    sleep(1);
    kread(now);
  }
  return memcmp(now, want, sizeof(*now)) == 0;
}

// kdiff describes in buf how *after differs from *before, one clause per counter that
// moved, e.g. "leaked 1 inode(s) on disk (free 180 before, 179 after)". Empty if none did.
static void
kdiff(struct kstat *before, struct kstat *after, char *buf, int cap)
{
  int i, b, a, len, lost;

  buf[0] = 0;
  for(i = 0; i < NCOUNTERS; i++){
    b = kcount(before, i);
    a = kcount(after, i);
    if(a == b)
      continue;
    lost = counters[i].isfree ? b - a : a - b;
    len = strlen(buf);
    format(buf + len, cap - len, "%s%s %d %s (%s %d before, %d after)", len ? "; " : "",
           lost > 0 ? "leaked" : "gave back", lost > 0 ? lost : -lost, counters[i].what,
           counters[i].isfree ? "free" : "in use", b, a);
  }
}

// ---- the runner ----------------------------------------------------------------------

struct test {
  char *name;
  void (*fn)(void);
  int slow;
};

static struct test tests[] = {
  { "forkwait", test_forkwait, 0 },
  { "orphan", test_orphan, 0 },
  { "zombies", test_zombies, 0 },
  { "zombieorphans", test_zombieorphans, 0 },
  { "killspin", test_killspin, 0 },
  { "killpipe", test_killpipe, 0 },
  { "killsleep", test_killsleep, 0 },
  { "killnone", test_killnone, 0 },
  { "killinit", test_killinit, 0 },
  { "killself", test_killself, 0 },
  { "forkfill", test_forkfill, 0 },
  { "forkbomb", test_forkbomb, 1 },
  { "preempt", test_preempt, 0 },
  { "manyexits", test_manyexits, 0 },
  { "sbrkbasic", test_sbrkbasic, 0 },
  { "sbrkgrow", test_sbrkgrow, 0 },
  { "sbrkshrink", test_sbrkshrink, 0 },
  { "sbrkfail", test_sbrkfail, 0 },
  { "memexhaust", test_memexhaust, 1 },
  { "stackguard", test_stackguard, 0 },
  { "stackoverflow", test_stackoverflow, 0 },
  { "textwrite", test_textwrite, 0 },
  { "kernelmem", test_kernelmem, 0 },
  { "nullptr", test_nullptr, 0 },
  { "privinstr", test_privinstr, 0 },
  { "userflags", test_userflags, 0 },
  { "badptrs", test_badptrs, 0 },
  { "readtext", test_readtext, 0 },
  { "badstrings", test_badstrings, 0 },
  { "badsp", test_badsp, 0 },
  { "execmaxarg", test_execmaxarg, 0 },
  { "exectoomany", test_exectoomany, 0 },
  { "execlongarg", test_execlongarg, 0 },
  { "execmissing", test_execmissing, 0 },
  { "execbadelf", test_execbadelf, 0 },
  { "filerw", test_filerw, 0 },
  { "linkunlink", test_linkunlink, 0 },
  { "unlinkopen", test_unlinkopen, 0 },
  { "dirs", test_dirs, 0 },
  { "dirsiz", test_dirsiz, 0 },
  { "maxfile", test_maxfile, 0 },
  { "diskfull", test_diskfull, 1 },
  { "inodes", test_inodes, 1 },
  { "concreate", test_concreate, 0 },
  { "sharedoffset", test_sharedoffset, 0 },
  { "truncate", test_truncate, 0 },
  { "nofile", test_nofile, 0 },
  { "nfile", test_nfile, 0 },
  { "pipedata", test_pipedata, 0 },
  { "pipebroken", test_pipebroken, 0 },
  { "pipeeof", test_pipeeof, 0 },
  { "manyreaders", test_manyreaders, 0 },
  { "hostileregs", test_hostileregs, 0 },
  { "dirflag", test_dirflag, 0 },
  { "fpu", test_fpu, 0 },
  { "removeddir", test_removeddir, 0 },
  { "syscallfuzz", test_syscallfuzz, 0 },
};
#define NTESTS (sizeof(tests)/sizeof(tests[0]))

// runtest runs t in a child (in a fresh CASEDIR), with a watchdog child that kills it after
// its time limit, then checks that it leaked nothing. It puts the result, "OK" or "FAILED
// reason", in res (cap bytes) and returns 1 if the case passed.
static int
runtest(struct test *t, char *res, int cap)
{
  char msg[MSGMAX + 8], leak[MSGMAX], c;
  int rp[2], go[2], pid, dog, w, n, r, timedout, left;
  struct kstat before, after;

  kread(&before);
  if(mkdir(CASEDIR) < 0){
    format(res, cap, "FAILED cannot make the case directory %s", CASEDIR);
    return 0;
  }
  if(pipe(rp) < 0 || pipe(go) < 0){
    format(res, cap, "FAILED cannot make the report pipes");
    return 0;
  }
  pid = fork();
  if(pid < 0){
    format(res, cap, "FAILED cannot fork the test process");
    close(rp[0]);
    close(rp[1]);
    close(go[0]);
    close(go[1]);
    unlink(CASEDIR);
    return 0;
  }
  if(pid == 0){
    // Start only once the watchdog exists, so that its pages do not disappear in the
    // middle of a test that counts free pages.
    close(rp[0]);
    close(go[1]);
    read(go[0], &c, 1);
    close(go[0]);
    reportfd = rp[1];
    testpid = getpid();
    if(chdir(CASEDIR) < 0)
      fail("cannot enter the case directory %s", CASEDIR);
    t->fn();
    write(reportfd, "P", 1);
    exit();
  }
  dog = fork();
  if(dog == 0){
    close(rp[0]);
    close(rp[1]);
    close(go[0]);
    close(go[1]);
    sleep(t->slow ? SLOWLIMIT : TIMEOUT);
    kill(pid);
    exit();
  }
  close(go[0]);
  close(go[1]);   // the test process reads end of file and starts

  timedout = 0;
  w = wait();
  if(w == dog && dog > 0){
    timedout = 1;
    w = wait();
  } else if(dog > 0){
    kill(dog);
    wait();
  }

  // The test process has exited, so whatever it reported is already in the pipe; the
  // NUL written now marks the end of it, so the read below cannot block.
  write(rp[1], "", 1);
  n = 0;
  while(n < sizeof(msg) - 1 && (r = read(rp[0], msg + n, 1)) == 1 && msg[n] != 0)
    n++;
  msg[n] = 0;
  close(rp[0]);
  close(rp[1]);

  // A case that left anything in its directory fails; the counts below then show what
  // it left, and the directory is emptied afterwards so that the next case starts clean.
  left = unlink(CASEDIR) < 0;
  ksettle(&before, &after, SETTLE);
  kdiff(&before, &after, leak, sizeof(leak));
  if(left && (chdir(CASEDIR) < 0 || cleandir(0) != 0 || chdir("/") < 0 || unlink(CASEDIR) < 0))
    printf(1, "\nusertests: cannot remove %s after %s\n", CASEDIR, t->name);
  chdir("/");

  if(w != pid)
    format(res, cap, "FAILED wait returned %d, not the test process %d", w, pid);
  else if(timedout)
    format(res, cap, "FAILED timed out after %d ticks", t->slow ? SLOWLIMIT : TIMEOUT);
  else if(msg[0] == 'F' && leak[0])
    format(res, cap, "FAILED %s (and it %s)", msg + 1, leak);
  else if(msg[0] == 'F')
    format(res, cap, "FAILED %s", msg + 1);
  else if(msg[0] != 'P')
    format(res, cap, "FAILED the test process died without reporting (killed?)");
  else if(left)
    format(res, cap, "FAILED left files in %s: %s", CASEDIR, leak);
  else if(leak[0])
    format(res, cap, "FAILED case %s %s", t->name, leak);
  else {
    format(res, cap, "OK");
    return 1;
  }
  return 0;
}

// ---- checking the checker -----------------------------------------------------------------
//
// usertests -c runs cases that leak on purpose and passes only if the runner catches each
// leak and names the resource. It is how to see that the accounting above works.

// A file left outside the case directory: an inode and a block on the disk.
static void
leak_diskfile(void)
{
  putfile("/ut_leaked", "leak", 4);
}

// A child that holds an open file and outlives the case (it sleeps past SETTLE, then
// exits): a file-table entry and an inode-cache entry still in use when the runner looks.
static void
leak_openfile(void)
{
  int fd;

  fd = open("/README", O_RDONLY);
  if(fd < 0)
    fail("cannot open /README");
  if(spawn() == 0){
    close(reportfd);
    chdir("/");
    sleep(SETTLE * 3);
    exit();
  }
  close(fd);
}

static struct leaky {
  struct test t;
  char *expect[2];   // what the runner's verdict must name
} leaky[] = {
  { { "leakdiskfile", leak_diskfile, 0 }, { "1 inode(s) on disk", "1 block(s) on disk" } },
  { { "leakopenfile", leak_openfile, 0 }, { "1 open file(s)", "1 inode-cache entr(ies)" } },
};
#define NLEAKY (sizeof(leaky)/sizeof(leaky[0]))

// Does s contain t?
static int
contains(const char *s, const char *t)
{
  int n = strlen(t);

  for(; *s; s++)
    if(memcmp(s, t, n) == 0)
      return 1;
  return 0;
}

// Run the leaky cases; returns how many the runner failed to catch.
static int
checkchecker(void)
{
  char res[MSGMAX + 80];
  struct kstat k0, k1;
  int i, j, missed = 0, ok;

  for(i = 0; i < NLEAKY; i++){
    printf(1, "test %s: ", leaky[i].t.name);
    kread(&k0);
    ok = !runtest(&leaky[i].t, res, sizeof(res));
    for(j = 0; j < 2; j++)
      ok = ok && contains(res, leaky[i].expect[j]);
    // Undo the leak before the next case: remove the file, let the sleeper exit.
    unlink("/ut_leaked");
    ksettle(&k0, &k1, SETTLE * 4);
    if(ok)
      printf(1, "\nthe runner said: %s\nOK\n", res + strlen("FAILED "));
    else {
      printf(1, "FAILED the runner did not report \"%s\" and \"%s\"; it said: %s\n",
             leaky[i].expect[0], leaky[i].expect[1], res);
      missed++;
    }
  }
  return missed;
}

int
main(int argc, char *argv[])
{
  char res[MSGMAX + 80], leak[MSGMAX];
  struct kstat before, after;
  int i, j, named, failed, ran, check;

  named = check = 0;
  for(i = 1; i < argc; i++){
    if(strcmp(argv[i], "-q") == 0){
      quick = 1;
      continue;
    }
    if(strcmp(argv[i], "-c") == 0){
      check = 1;
      continue;
    }
    if(strcmp(argv[i], "-l") == 0){
      for(j = 0; j < NTESTS; j++)
        printf(1, "%s%s\n", tests[j].name, tests[j].slow ? " (slow)" : "");
      exit();
    }
    for(j = 0; j < NTESTS && strcmp(argv[i], tests[j].name) != 0; j++)
      ;
    if(j == NTESTS){
      printf(2, "usertests: no test named %s (usertests -l lists them)\n", argv[i]);
      exit();
    }
    named++;
  }

  printf(1, "usertests starting\n");
  // Remove what an interrupted run may have left, and make CASEDIR once, so that the root
  // directory already has room for its entry: a directory never shrinks, and a block it
  // grew by during the first case would count as that case's leak.
  chdir("/");
  if(chdir(CASEDIR) == 0){
    cleandir(0);
    chdir("/");
  }
  unlink(CASEDIR);
  if(mkdir(CASEDIR) == 0)
    unlink(CASEDIR);

  kread(&before);
  failed = ran = 0;
  if(check){
    failed = checkchecker();
    ran = NLEAKY;
  }
  for(i = 0; i < NTESTS && !check; i++){
    if(named){
      for(j = 1; j < argc && strcmp(argv[j], tests[i].name) != 0; j++)
        ;
      if(j == argc)
        continue;
    } else if(quick && tests[i].slow)
      continue;
    ran++;
    printf(1, "test %s: ", tests[i].name);
    if(!runtest(&tests[i], res, sizeof(res)))
      failed++;
    printf(1, "%s\n", res);
  }
  ksettle(&before, &after, SETTLE);
  kdiff(&before, &after, leak, sizeof(leak));
  printf(1, "usertests: free pages before %d after %d\n", before.freepages, after.freepages);
  if(leak[0])
    printf(1, "usertests: over the whole run: %s\n", leak);
  printf(1, "usertests: %d of %d tests failed\n", failed, ran);
  if(failed == 0 && !leak[0])
    printf(1, "ALL TESTS PASSED\n");
  else
    printf(1, "SOME TESTS FAILED\n");
  exit();
}
