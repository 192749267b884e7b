// systest.c: the syscall lab's checks (labs/syscall/tests.pl). Each subcommand prints one
// line, "NAME: ok" or "NAME: FAIL why".
// usage: systest mem | nproc | sysinfobad | getppid | orphan | procinfo | children |
//                procinfobad | forks | locks | stress | oom | ps NAME K
#include "types.h"
#include "stat.h"
#include "mmu.h"
#include "memlayout.h"
#include "sysinfo.h"
#include "procinfo.h"
#include "fcntl.h"
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


// Each call a few times; the grader's gdb checks that every one took ptable.lock.
static void
locks(void)
{
  struct sysinfo si;
  struct procinfo pi;
  int i;

  for(i = 0; i < 3; i++){
    if(getppid() <= 0)
      fail("getppid() returned %d", getppid(), 0);
    if(procinfo(getpid(), &pi) < 0)
      fail("procinfo of its own pid returned -1", 0, 0);
    if(sysinfo(&si) < 0)
      fail("sysinfo returned -1", 0, 0);
  }
}

// Wait for every child; returns how many said 'y' on fd (each writes one byte).
static int
reap(int fd, int n)
{
  int i, good = 0;
  char c;

  for(i = 0; i < n; i++){
    if(read(fd, &c, 1) == 1 && c == 'y')
      good++;
  }
  for(i = 0; i < n; i++)
    wait();
  return good;
}

// On 4 CPUs: three churners fork and reap children (each child checks its getppid) while
// two readers call procinfo on the pids being born and dying and sysinfo; every answer must
// be consistent, and afterwards nproc and freemem must be back exactly where they were.
static void
stress(void)
{
  struct sysinfo si0, si;
  struct procinfo pi;
  int fds[2], i, j, r, me, pid, lo, bad, good;
  char c;

  if(sysinfo(&si0) < 0)
    return fail("sysinfo returned -1", 0, 0);
  if(pipe(fds) < 0)
    return fail("pipe failed", 0, 0);
  me = getpid();
  lo = me + 1;
  for(i = 0; i < 5; i++){
    pid = fork();
    if(pid < 0)
      return fail("fork failed", 0, 0);
    if(pid != 0)
      continue;
    bad = 0;
    if(i < 3){
      for(r = 0; r < 40 && !bad; r++){
        me = getpid();
        pid = fork();
        if(pid < 0){ bad = 1; break; }
        if(pid == 0){
          c = getppid() == me ? 'y' : 'n';
          if(c != 'y')
            printf(1, "stress: FAIL a child of %d says its parent is %d\n", me, getppid());
          exit();
        }
        if(procinfo(pid, &pi) == 0 && (pi.pid != pid || strcmp(pi.name, "systest") != 0)){
          printf(1, "stress: FAIL procinfo(%d) said pid %d\n", pid, pi.pid);
          bad = 1;
        }
        wait();
        if(procinfo(pid, &pi) == 0){
          printf(1, "stress: FAIL procinfo(%d) found a reaped child\n", pid, 0);
          bad = 1;
        }
      }
    } else {
      for(r = 0; r < 200 && !bad; r++){
        for(j = lo; j < lo + 200 && !bad; j += 7 + i){
          if(procinfo(j, &pi) < 0)
            continue;
          if(pi.pid != j || pi.state < 1 || pi.state > 5 ||
             (pi.state != 1 && (pi.sz == 0 || strcmp(pi.name, "systest") != 0))){
            printf(1, "stress: FAIL procinfo(%d) gave pid %d state %d\n", j, pi.pid, pi.state);
            bad = 1;
          }
        }
        if(sysinfo(&si) < 0 || si.nproc < si0.nproc || si.nproc > si0.nproc + 10){
          printf(1, "stress: FAIL nproc %d with %d to %d processes alive\n",
                 si.nproc, si0.nproc, si0.nproc + 10);
          bad = 1;
        }
      }
    }
    c = bad ? 'n' : 'y';
    write(fds[1], &c, 1);
    exit();
  }
  good = reap(fds[0], 5);
  close(fds[0]);
  close(fds[1]);
  if(good != 5)
    fail("%d of 5 stress processes saw something wrong", 5 - good, 0);
  if(sysinfo(&si) < 0 || si.nproc != si0.nproc)
    fail("after the stress, nproc is %d, expected %d", si.nproc, si0.nproc);
  if(si.freemem != si0.freemem)
    fail("after the stress, freemem is %d bytes, expected %d", si.freemem, si0.freemem);
}

// Out of memory: a child takes every free page; forks then fail, and nproc, procinfo and
// sysinfo must still be exact (a failed fork leaves no process behind), and all comes back.
static void
oom(void)
{
  struct sysinfo si0, si;
  struct procinfo pi;
  int up[2], down[2], hog, pid, fails, i, sz;
  char c;

  if(sysinfo(&si0) < 0)
    return fail("sysinfo returned -1", 0, 0);
  if(pipe(up) < 0 || pipe(down) < 0)
    return fail("pipe failed", 0, 0);
  hog = fork();
  if(hog < 0)
    return fail("fork failed", 0, 0);
  if(hog == 0){
    while(sbrk(4096) != (char*)-1)
      ;
    sz = (int)sbrk(0);
    write(up[1], &sz, sizeof(sz));
    read(down[0], &c, 1);
    exit();
  }
  if(read(up[0], &sz, sizeof(sz)) != sizeof(sz))
    return fail("the memory hog did not report", 0, 0);
  fails = 0;
  for(i = 0; i < 20; i++){
    pid = fork();
    if(pid == 0)
      exit();
    if(pid < 0)
      fails++;
    else
      wait();
  }
  if(sysinfo(&si) < 0)
    fail("sysinfo returned -1 out of memory", 0, 0);
  else if(si.nproc != si0.nproc + 1)
    fail("out of memory after %d failed forks, nproc is %d", fails, si.nproc);
  if(si.freemem != freemem() * PGSIZE)
    fail("out of memory, freemem is %d bytes, freemem() says %d pages", si.freemem, freemem());
  if(procinfo(hog, &pi) < 0 || pi.pid != hog || pi.sz != sz)
    fail("procinfo of the memory hog says sz %d, expected %d", pi.sz, sz);
  write(down[1], "x", 1);
  wait();
  close(up[0]); close(up[1]); close(down[0]); close(down[1]);
  if(sysinfo(&si) < 0 || si.nproc != si0.nproc)
    fail("after the memory hog exited, nproc is %d, expected %d", si.nproc, si0.nproc);
  if(si.freemem != si0.freemem)
    fail("after the memory hog exited, freemem is %d bytes, expected %d", si.freemem, si0.freemem);
}

// `systest ps NAME K`: K children running this program under the name NAME block on a pipe;
// the last of them first starts a child that exits at once and stays a zombie (its parent
// waits for nothing until the pipe closes). Then ps runs, and the grader checks its lines.
static void
psnames(char *name, int k)
{
  int fds[2], ready[2], i, pid, w, z, pids[20];
  struct procinfo pi;
  char *argv[] = { name, "hold", 0 }, c;

  if(k < 1 || k > 16)
    return fail("K is %d, not 1 to 16", k, 0);
  unlink(name);
  if(link("systest", name) < 0)
    return fail("cannot link systest to a new name", 0, 0);
  if(pipe(fds) < 0 || pipe(ready) < 0)
    return fail("pipe failed", 0, 0);
  for(i = 0; i < k; i++){
    pid = fork();
    if(pid < 0)
      return fail("fork failed", 0, 0);
    if(pid == 0){
      if(i == k - 1){
        z = fork();
        if(z == 0){
          argv[1] = "quit";
          exec(name, argv);
          exit();
        }
        printf(1, "zombie %d\n", z);
        c = waitstate(z, ZOMBIE_STATE, &pi) ? 'y' : 'n';
        write(ready[1], &c, 1);
      }
      close(0);
      dup(fds[0]);
      close(fds[0]);
      close(fds[1]);
      close(ready[0]);
      close(ready[1]);
      exec(name, argv);
      exit();
    }
    printf(1, "child %d\n", pid);
    pids[i] = pid;
  }
  if(read(ready[0], &c, 1) != 1 || c != 'y')
    fail("the child that exited did not become a zombie", 0, 0);
  for(i = 0; i < k; i++)
    if(!waitstate(pids[i], SLEEPING_STATE, &pi))
      fail("child %d is in state %d, not sleeping", pids[i], pi.state);
  pid = fork();
  if(pid == 0){
    char *psargv[] = { "ps", 0 };
    exec("ps", psargv);
    printf(1, "ps: FAIL cannot run ps\n");
    exit();
  }
  while((w = wait()) > 0 && w != pid)
    ;
  close(fds[0]);
  close(fds[1]);
  close(ready[0]);
  close(ready[1]);
  while(wait() > 0)
    ;
  unlink(name);
  failed = 1;    // ps's lines are the result
}

int
main(int argc, char *argv[])
{
  static struct { char *name; void (*fn)(void); } checks[] = {
    { "mem", mem }, { "nproc", nproc }, { "getppid", ppid }, { "orphan", orphan },
    { "procinfo", self }, { "children", children }, { "forks", forks },
    { "locks", locks }, { "stress", stress }, { "oom", oom },
  };
  int i;

  if(argc == 2 && strcmp(argv[1], "hold") == 0){
    char c;
    while(read(0, &c, 1) > 0)   // until systest ps closes the pipe
      ;
    exit();
  }
  if(argc == 2 && strcmp(argv[1], "quit") == 0)
    exit();
  if(argc == 4 && strcmp(argv[1], "ps") == 0){
    check = "ps";
    psnames(argv[2], atoi(argv[3]));
    exit();
  }
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
