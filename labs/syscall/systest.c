// systest.c: the syscall lab's checks (labs/syscall/tests.pl). Each subcommand prints one
// line, "NAME: ok" or "NAME: FAIL why".
// usage: systest mem | nproc | sysinfobad | getppid | orphan | procinfo | children |
//                procinfobad | forks
#include "types.h"
#include "stat.h"
#include "mmu.h"
#include "memlayout.h"
#include "sysinfo.h"
#include "procinfo.h"
#include "user.h"

#define RUNNING_STATE  4   // enum procstate in proc.h
#define SLEEPING_STATE 2
#define ZOMBIE_STATE   5

static char *check;        // the name of the running check, for ok() and fail()
static int failed;

static void
fail(char *why, int a, int b)
{
  if(!failed)
    printf(1, "%s: FAIL ", check);
  else
    printf(1, "%s: FAIL (also) ", check);
  printf(1, why, a, b);
  printf(1, "\n");
  failed = 1;
}

// The first page of the stack guard page: just below the one-page user stack.
static char*
guardpage(void)
{
  int here;

  return (char*)(PGROUNDDOWN((uint)&here) - PGSIZE);
}

// sysinfo's freemem against freemem(), before and after growing by 64 pages.
static void
mem(void)
{
  struct sysinfo si;
  int pages;

  if(sysinfo(&si) < 0)
    return fail("sysinfo returned -1", 0, 0);
  pages = freemem();
  if(si.freemem != pages * PGSIZE)
    return fail("freemem is %d bytes, but freemem() says %d pages", si.freemem, pages);
  if(sbrk(64 * PGSIZE) == (char*)-1)
    return fail("sbrk failed", 0, 0);
  if(sysinfo(&si) < 0)
    return fail("sysinfo returned -1 after sbrk", 0, 0);
  if(si.freemem > (pages - 64) * PGSIZE)
    return fail("after sbrk of 64 pages, freemem went from %d to %d bytes",
                pages * PGSIZE, si.freemem);
  sbrk(-64 * PGSIZE);
  if(sysinfo(&si) < 0 || si.freemem != freemem() * PGSIZE)
    return fail("after sbrk back, freemem is %d bytes, freemem() says %d pages",
                si.freemem, freemem());
}

// nproc counts a new child while it lives, and not after it is reaped.
static void
nproc(void)
{
  struct sysinfo si;
  int n, fds[2], pid;
  char c;

  if(sysinfo(&si) < 0)
    return fail("sysinfo returned -1", 0, 0);
  n = si.nproc;
  if(n < 3)
    return fail("nproc is %d, but init, sh and systest are running", n, 0);
  if(pipe(fds) < 0 || (pid = fork()) < 0)
    return fail("pipe or fork failed", 0, 0);
  if(pid == 0){
    read(fds[0], &c, 1);    // wait until the parent has looked
    exit();
  }
  if(sysinfo(&si) < 0 || si.nproc != n + 1)
    fail("with one more child, nproc is %d, not %d", si.nproc, n + 1);
  write(fds[1], "x", 1);
  wait();
  close(fds[0]);
  close(fds[1]);
  if(sysinfo(&si) < 0 || si.nproc != n)
    fail("after the child was reaped, nproc is %d, not %d", si.nproc, n);
}

// Pointers sysinfo and procinfo must refuse: unmapped, kernel, read-only text, the guard
// page, and a struct running past the end of memory.
static void
badpointers(int proc)
{
  char *bad[5];
  int i, r;
  struct procinfo pi;

  bad[0] = (char*)0;
  bad[1] = (char*)KERNBASE + 0x100000;
  bad[2] = (char*)fail;     // text: read-only
  bad[3] = guardpage();
  bad[4] = sbrk(0) - 4;
  for(i = 0; i < 5; i++){
    r = proc ? procinfo(getpid(), (struct procinfo*)bad[i]) : sysinfo((struct sysinfo*)bad[i]);
    if(r != -1)
      fail("the pointer 0x%x returned %d, not -1", (uint)bad[i], r);
  }
  if(proc && procinfo(100000, &pi) != -1)
    fail("procinfo of pid %d (no such process) did not return -1", 100000, 0);
}

static void
ppid(void)
{
  int parent = getpid(), pid;

  pid = fork();
  if(pid < 0)
    return fail("fork failed", 0, 0);
  if(pid == 0){
    if(getppid() != parent)
      fail("the child's getppid() is %d, its parent is %d", getppid(), parent);
    else
      printf(1, "%s: ok\n", check);
    exit();
  }
  wait();
  failed = 1;    // the child has reported
}

// A grandchild whose parent exits belongs to init (pid 1) from then on.
static void
orphan(void)
{
  int fds[2], pid, i, r;
  char c;

  if(pipe(fds) < 0 || (pid = fork()) < 0)
    return fail("pipe or fork failed", 0, 0);
  if(pid == 0){
    if(fork() != 0)
      exit();              // the middle process exits at once
    for(i = 0; i < 300 && getppid() != 1; i++)
      sleep(1);
    c = getppid() == 1 ? 'y' : 'n';
    write(fds[1], &c, 1);
    exit();
  }
  close(fds[1]);
  wait();
  r = read(fds[0], &c, 1);
  close(fds[0]);
  if(r != 1 || c != 'y')
    fail("an orphan's getppid() did not become 1 within 300 ticks", 0, 0);
}

static void
self(void)
{
  struct procinfo pi;

  memset(&pi, 0, sizeof(pi));
  if(procinfo(getpid(), &pi) < 0)
    return fail("procinfo of its own pid returned -1", 0, 0);
  if(pi.pid != getpid())
    fail("pid is %d, not %d", pi.pid, getpid());
  if(pi.state != RUNNING_STATE)
    fail("state is %d, not %d (running)", pi.state, RUNNING_STATE);
  if(pi.sz != (uint)sbrk(0))
    fail("sz is %d, not %d (sbrk(0))", pi.sz, (uint)sbrk(0));
  if(strcmp(pi.name, "systest") != 0)
    fail("the name is not systest", 0, 0);
}

// Wait until procinfo says pid is in state; returns 1 if it got there within 300 ticks.
static int
waitstate(int pid, int state, struct procinfo *pi)
{
  int i;

  for(i = 0; i < 300; i++){
    if(procinfo(pid, pi) == 0 && pi->state == state)
      return 1;
    sleep(1);
  }
  return 0;
}

static void
children(void)
{
  struct procinfo pi;
  int fds[2], pid;
  char c;

  if(pipe(fds) < 0 || (pid = fork()) < 0)
    return fail("pipe or fork failed", 0, 0);
  if(pid == 0){
    read(fds[0], &c, 1);
    exit();
  }
  if(!waitstate(pid, SLEEPING_STATE, &pi))
    fail("a child blocked in read is in state %d, not %d (sleeping)", pi.state, SLEEPING_STATE);
  write(fds[1], "x", 1);
  if(!waitstate(pid, ZOMBIE_STATE, &pi))
    fail("an exited, unreaped child is in state %d, not %d (zombie)", pi.state, ZOMBIE_STATE);
  wait();
  if(procinfo(pid, &pi) != -1)
    fail("procinfo of a reaped child (pid %d) did not return -1", pid, 0);
  close(fds[0]);
  close(fds[1]);
}

// A child that forks a grandchild: under `trace 2` both forks are reported.
static void
forks(void)
{
  int pid;

  pid = fork();
  if(pid == 0){
    if(fork() == 0)
      exit();
    wait();
    exit();
  }
  wait();
  failed = 1;    // nothing to say: trace's lines are the result
}

int
main(int argc, char *argv[])
{
  static struct { char *name; void (*fn)(void); } checks[] = {
    { "mem", mem }, { "nproc", nproc }, { "getppid", ppid }, { "orphan", orphan },
    { "procinfo", self }, { "children", children }, { "forks", forks },
  };
  int i;

  if(argc != 2){
    printf(2, "usage: systest check\n");
    exit();
  }
  check = argv[1];
  if(strcmp(check, "sysinfobad") == 0)
    badpointers(0);
  else if(strcmp(check, "procinfobad") == 0)
    badpointers(1);
  else {
    for(i = 0; i < sizeof(checks)/sizeof(checks[0]); i++)
      if(strcmp(check, checks[i].name) == 0)
        break;
    if(i == sizeof(checks)/sizeof(checks[0])){
      printf(2, "systest: no check named %s\n", check);
      exit();
    }
    checks[i].fn();
  }
  if(!failed)
    printf(1, "%s: ok\n", check);
  exit();
}
