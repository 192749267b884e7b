// util.c: helpers that cases in several files share (declared in usertests.h).
#include "usertests.h"

// ---- helpers that many tests share ---------------------------------------------------

char scratch[8192];   // a shared I/O buffer: only one test runs at a time
volatile uint victim; // the address the next doomed child touches
volatile uint sink;   // loads land here so the compiler keeps them
uint canary[32];      // a pattern that must survive failed execs

// spawn forks; 0 in the child, the child's pid in the parent. A failed fork fails the test.
int
spawn(void)
{
  int pid;

  pid = fork();
  if(pid < 0)
    fail("fork failed");
  return pid;
}

// reap waits for one child and fails the test unless it is pid.
void
reap(int pid)
{
  int w;

  w = wait();
  if(w != pid)
    fail("wait returned %d, expected the child %d", w, pid);
}

// reapall waits for the n children in pids and fails unless wait returns each exactly once.
void
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

void
mkpipe(int *p)
{
  if(pipe(p) < 0)
    fail("pipe failed");
}

// readn reads until it has n bytes or the other end is closed; returns the count.
int
readn(int fd, void *buf, int n)
{
  int got, r;

  for(got = 0; got < n; got += r)
    if((r = read(fd, (char*)buf + got, n - got)) <= 0)
      break;
  return got;
}

// putfile creates name (or empties it) and writes n bytes of buf to it.
void
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
int
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
int
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
uint
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
int
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
void
mustdie(void (*fn)(void), uint addr, const char *what)
{
  victim = addr;
  if(!killedby(fn))
    fail("%s 0x%x: the process survived", what, addr);
}

void
loadbyte(void)
{
  sink = *(volatile uchar*)victim;
}

void
storebyte(void)
{
  *(volatile uchar*)victim = 0x5a;
}

void
callvictim(void)
{
  ((void (*)(void))victim)();
}

// guardpage returns the first page below the stack that write() refuses to read from:
// the stack's guard page.
uint
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

void
canaryset(void)
{
  int i;

  for(i = 0; i < 32; i++)
    canary[i] = 0x9e3779b9u * (i + 1);
}

int
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
int
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
int
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


// Remove everything below the current directory (depth-limited), then report whether it
// is empty.
int
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
