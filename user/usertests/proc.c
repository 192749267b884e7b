// proc.c: processes: fork, exit, wait, kill, orphans, zombies, running out of slots.
#include "usertests.h"

// ---- processes -----------------------------------------------------------------------

int forkmark = 7;   // children change their copy; the parent's must not move (also read by mem.c)

// fork returns each child's own pid; wait returns every child once, then -1; a child's
// memory is a copy.
void
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
void
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
void
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
void
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
void
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
void
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
void
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
void
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
void
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
killme(void)
{
  kill(getpid());
}

void
test_killself(void)
{
  if(!killedby(killme))
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
void
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
void
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
// parent gets to run and kill them. The limit is in clock ticks, not bytes: on a
// loaded host one virtual CPU can stall for many ticks while the other runs on.
void
test_preempt(void)
{
  int p[2], pids[2], na, nb, i, start;
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
  start = uptime();
  for(i = 0; (na < 5 || nb < 5) && uptime() - start < 1000; i++){
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
    fail("in %d bytes (%d ticks) spinner a wrote %d and spinner b %d: one was "
         "starved", i, uptime() - start, na, nb);
}

// Forty children exit at the same moment; wait returns each of them once.
void
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
