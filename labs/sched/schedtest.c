// schedtest.c: the sched lab's checks (labs/sched/tests.pl). Each subcommand
// prints one result line, "NAME: ok" or "NAME: FAIL expected X saw Y".
// usage: schedtest share | change | starve | inherit | bad  [SECONDS]
//
// share, change and starve race CPU-bound children (boot with one CPU) and
// judge their shares twice: by the ticks getpinfo reports, and by the work
// each child counted itself, which getpinfo cannot fake. While they race,
// the parent prints "sample TICK PID TICKS" lines for labs/sched/plot.pl.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "pstat.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define MAXKIDS   3
#define SAMPLEGAP 10     // ticks between the parent's getpinfo samples
#define MAXSAMPLE 400
#define PARENTTICKETS 1000   // so the sampling parent runs as soon as it wakes

static char *check;   // the running check, for result lines
static int failed;

static void
fail(char *fmt, int a, int b, int c)
{
  printf(1, failed ? "%s: FAIL (also) " : "%s: FAIL ", check);
  printf(1, fmt, a, b, c);
  printf(1, "\n");
  failed = 1;
}

static void
done(void)
{
  if(!failed)
    printf(1, "%s: ok\n", check);
}

// The slot of pid in *ps, or -1.
static int
slotof(struct pstat *ps, int pid)
{
  int i;

  for(i = 0; i < NPROC; i++)
    if(ps->inuse[i] && ps->pid[i] == pid)
      return i;
  return -1;
}

// One unit of work: a fixed amount of arithmetic the compiler cannot drop.
static void
workunit(void)
{
  static volatile uint sink;
  uint x = sink, i;

  for(i = 0; i < 4000; i++)
    x = x * 1103515245 + 12345;
  sink = x;
}

// What a racing child reports when the race is over.
struct result {
  int kid;
  int work;       // units done from start to end
  int workmid;    // units done from start to mid (change only)
};

// A racing child: hold `tickets`, say it is ready, learn the start tick, then
// count work units from start until end. At mid (if nonzero) note the count
// and switch to `later` tickets (if nonzero). Report, then wait for the
// parent to have taken its last sample before exiting (an exited process
// leaves getpinfo).
static void
racer(int kid, int tickets, int later, int ticksmid, int span,
      int ready, int go, int results, int quit)
{
  struct result r;
  int start, mid, end, now;
  char c;

  if(settickets(tickets) < 0){
    printf(1, "%s: FAIL expected settickets(%d) to return 0 saw -1\n",
           check, tickets);
    exit();
  }
  write(ready, "r", 1);
  if(read(go, &start, sizeof(start)) != sizeof(start))
    exit();
  mid = ticksmid ? start + ticksmid : 0;
  end = start + span;
  while((now = uptime()) < start)
    ;
  r.kid = kid;
  r.work = 0;
  r.workmid = 0;
  while(now < end){
    workunit();
    r.work++;
    now = uptime();
    if(mid && now >= mid){
      r.workmid = r.work;
      mid = 0;
      if(later)
        settickets(later);
    }
  }
  write(results, &r, sizeof(r));
  read(quit, &c, 1);   // returns at end of file, when the parent closes it
  exit();
}

// A race's plan and what was seen.
struct race {
  int n;                  // children
  int tickets[MAXKIDS];   // each child's tickets
  int later[MAXKIDS];     // tickets from mid on (0: no change)
  int mid;                // ticks after start at which some change, or 0
  int span;               // ticks from start to end
  int pid[MAXKIDS];
  struct result res[MAXKIDS];
  int t0[MAXKIDS];        // getpinfo ticks at start, mid and end
  int tmid[MAXKIDS];
  int t1[MAXKIDS];
  int up0, upmid, up1;    // uptime at those samples
  int nsample;
  int stick[MAXSAMPLE];
  int sticks[MAXSAMPLE][MAXKIDS];
};

static struct race race;
static struct pstat ps;

// Take a getpinfo sample of every child into race.sticks and into *into.
// Returns the uptime of the sample, or -1 if getpinfo failed or a child is
// missing from its table.
static int
sample(int *into)
{
  int k, s, now;

  now = uptime();
  if(getpinfo(&ps) < 0)
    return -1;
  for(k = 0; k < race.n; k++){
    if((s = slotof(&ps, race.pid[k])) < 0)
      return -1;
    into[k] = ps.ticks[s];
  }
  if(race.nsample < MAXSAMPLE){
    race.stick[race.nsample] = now;
    for(k = 0; k < race.n; k++)
      race.sticks[race.nsample][k] = into[k];
    race.nsample++;
  }
  return now;
}

// Run the race planned in `race`. Returns 0, or -1 (having said FAIL) if it
// could not be run.
static int
runrace(void)
{
  int ready[2], go[2], results[2], quit[2];
  int k, start, now, next, got, scratch[MAXKIDS];
  struct result r;
  char c;

  if(settickets(PARENTTICKETS) < 0){
    fail("expected settickets(%d) to return 0 saw -1", PARENTTICKETS, 0, 0);
    return -1;
  }
  if(pipe(ready) < 0 || pipe(go) < 0 || pipe(results) < 0 || pipe(quit) < 0){
    fail("expected pipes saw pipe() fail", 0, 0, 0);
    return -1;
  }
  for(k = 0; k < race.n; k++){
    race.pid[k] = fork();
    if(race.pid[k] < 0){
      fail("expected fork to work saw -1 at child %d", k, 0, 0);
      return -1;
    }
    if(race.pid[k] == 0){
      close(ready[0]);
      close(go[1]);
      close(results[0]);
      close(quit[1]);
      racer(k, race.tickets[k], race.later[k], race.mid, race.span,
            ready[1], go[0], results[1], quit[0]);
    }
  }
  close(ready[1]);
  close(go[0]);
  close(results[1]);
  close(quit[0]);
  for(k = 0; k < race.n; k++)
    if(read(ready[0], &c, 1) != 1){
      fail("expected %d children ready saw %d", race.n, k, 0);
      return -1;
    }
  start = uptime() + 3;
  for(k = 0; k < race.n; k++)
    write(go[1], &start, sizeof(start));

  sleep(start - uptime());
  race.up0 = sample(race.t0);
  race.upmid = -1;
  while(race.up0 >= 0 && (now = uptime()) < start + race.span){
    if(race.mid && race.upmid < 0 && now >= start + race.mid){
      race.upmid = sample(race.tmid);
      continue;
    }
    next = now + SAMPLEGAP;
    if(race.mid && race.upmid < 0 && next > start + race.mid)
      next = start + race.mid;
    if(next > start + race.span)
      next = start + race.span;
    sleep(next - now);
    if(!race.mid || race.upmid >= 0 || uptime() < start + race.mid)
      sample(scratch);
  }
  for(got = 0; got < race.n; got++){
    if(read(results[0], &r, sizeof(r)) != sizeof(r) || r.kid < 0 ||
       r.kid >= race.n){
      fail("expected %d children's results saw %d", race.n, got, 0);
      return -1;
    }
    race.res[r.kid] = r;
  }
  race.up1 = sample(race.t1);
  close(quit[1]);
  for(k = 0; k < race.n; k++)
    wait();
  if(race.up0 < 0 || race.up1 < 0 || (race.mid && race.upmid < 0)){
    fail("expected getpinfo to list every racing child saw it fail"
         " or leave one out", 0, 0, 0);
    return -1;
  }
  return 0;
}

// Print the samples for the plot, and one line per child.
static void
report(void)
{
  int i, k;

  for(k = 0; k < race.n; k++)
    printf(1, "proc %d tickets %d later %d\n", race.pid[k], race.tickets[k],
           race.later[k]);
  for(i = 0; i < race.nsample; i++)
    for(k = 0; k < race.n; k++)
      printf(1, "sample %d %d %d\n", race.stick[i] - race.stick[0],
             race.pid[k], race.sticks[i][k] - race.sticks[0][k]);
  if(race.mid)
    printf(1, "mark %d\n", race.upmid - race.up0);
}

// Per mille of part in whole (0 if whole is 0).
static int
permille(int part, int whole)
{
  return whole > 0 ? part * 1000 / whole : 0;   // part < 2^31 / 1000
}

// Check that each child's share of what grew from a[k] to b[k] (work units
// or getpinfo ticks; `what` says which) is within tol per mille of want[k].
static void
judge(char *what, int *a, int *b, int *want, int tol)
{
  int k, total = 0, share;

  for(k = 0; k < race.n; k++)
    total += b[k] - a[k];
  for(k = 0; k < race.n; k++){
    share = permille(b[k] - a[k], total);
    printf(1, "%s: pid %d %s share %d/1000\n", check, race.pid[k], what,
           share);
    if(share < want[k] - tol || share > want[k] + tol){
      printf(1, "%s: FAIL expected pid %d's %s share (per mille) within %d of ",
             check, race.pid[k], what, tol);
      printf(1, "%d saw %d\n", want[k], share);
      failed = 1;
    }
  }
}

// The getpinfo ticks of all the children together from a to b must be at
// least half the elapsed ticks (the parent and the idle loop take a few, more
// on a busy host), and no more than them (one CPU).
static void
judgeticks(int *a, int *b, int elapsed)
{
  int k, total = 0;

  for(k = 0; k < race.n; k++)
    total += b[k] - a[k];
  printf(1, "%s: the children ran %d ticks of %d\n", check, total, elapsed);
  if(total < elapsed / 2 || total > elapsed + 3)
    fail("expected the children's getpinfo ticks to add up to 50-100%%"
         " of the %d elapsed ticks saw %d", elapsed, total, 0);
}

static int
seconds(int argc, char **argv, int dflt)
{
  int s = argc > 2 ? atoi(argv[2]) : dflt;

  return s > 0 ? s : dflt;
}

// Three children, 10:20:30 tickets: shares 1/6, 2/6, 3/6.
static void
share(int argc, char **argv)
{
  int k, want[3] = { 167, 333, 500 };
  int w0[3] = { 0, 0, 0 }, w1[3];

  race.n = 3;
  race.tickets[0] = 10;
  race.tickets[1] = 20;
  race.tickets[2] = 30;
  race.span = 100 * seconds(argc, argv, 20);
  if(runrace() < 0)
    return;
  report();
  for(k = 0; k < 3; k++)
    w1[k] = race.res[k].work;
  judge("work", w0, w1, want, 100);
  judge("ticks", race.t0, race.t1, want, 70);
  judgeticks(race.t0, race.t1, race.up1 - race.up0);
  done();
}

// Two children at 10 tickets each; halfway through the first switches to
// 40: its share goes from 1/2 to 4/5.
static void
change(int argc, char **argv)
{
  int k, w0[2] = { 0, 0 }, wm[2], w1[2];
  int before[2] = { 500, 500 }, after[2] = { 800, 200 };

  race.n = 2;
  race.tickets[0] = race.tickets[1] = 10;
  race.later[0] = 40;
  race.span = 100 * seconds(argc, argv, 20);
  race.mid = race.span / 2;
  if(runrace() < 0)
    return;
  report();
  for(k = 0; k < 2; k++){
    wm[k] = race.res[k].workmid;
    w1[k] = race.res[k].work;
  }
  judge("work before", w0, wm, before, 120);
  judge("work after", wm, w1, after, 120);
  judge("ticks before", race.t0, race.tmid, before, 80);
  judge("ticks after", race.tmid, race.t1, after, 80);
  done();
}

// 1 ticket against 100: the small one must run, about 1% of the time.
static void
starve(int argc, char **argv)
{
  int ticks, work, share;

  race.n = 2;
  race.tickets[0] = 1;
  race.tickets[1] = 100;
  race.span = 100 * seconds(argc, argv, 15);
  if(runrace() < 0)
    return;
  report();
  ticks = race.t1[0] - race.t0[0];
  work = race.res[0].work;
  share = permille(work, work + race.res[1].work);
  printf(1, "starve: the 1-ticket pid %d ran %d ticks of %d,", race.pid[0],
         ticks, race.up1 - race.up0);
  printf(1, " work share %d/1000\n", share);
  if(ticks < 1 || work < 1)
    fail("expected the 1-ticket process to run saw %d ticks, %d work units",
         ticks, work, 0);
  if(share > 50)
    fail("expected the 1-ticket process's work share at most 50/1000 "
         "(1/101 = 10) saw %d", share, 0, 0);
  if(permille(ticks, ticks + race.t1[1] - race.t0[1]) > 50)
    fail("expected the 1-ticket process's tick share at most 50/1000 saw %d",
         permille(ticks, ticks + race.t1[1] - race.t0[1]), 0, 0);
  done();
}

// My own slot's tickets and ticks; -1 tickets if getpinfo fails or I am
// missing.
static void
mine(int *tickets, int *ticks)
{
  int s;

  *tickets = *ticks = -1;
  if(getpinfo(&ps) < 0 || (s = slotof(&ps, getpid())) < 0)
    return;
  *tickets = ps.tickets[s];
  *ticks = ps.ticks[s];
}

// Tickets: 1 by default, inherited by fork (the ticks are not), a child's
// change stays its own, and an exited child leaves the table.
static void
inherit(void)
{
  int t, n, pid, p[2], got[3], deadline;

  mine(&t, &n);
  if(t != 1)
    fail("expected a new program started by sh to hold 1 ticket saw %d",
         t, 0, 0);
  if(settickets(7) < 0)
    fail("expected settickets(7) to return 0 saw -1", 0, 0, 0);
  mine(&t, &n);
  if(t != 7)
    fail("expected getpinfo to show 7 tickets after settickets(7) saw %d",
         t, 0, 0);
  // Run for a few ticks, so that a child copying them would show it.
  deadline = uptime() + 300;
  while(n < 5 && uptime() < deadline){
    workunit();
    mine(&t, &n);
  }
  if(n < 5)
    fail("expected getpinfo ticks to reach 5 in 300 ticks of running "
         "saw %d", n, 0, 0);
  if(pipe(p) < 0 || (pid = fork()) < 0){
    fail("expected pipe and fork to work saw -1", 0, 0, 0);
    return;
  }
  if(pid == 0){
    mine(&got[0], &got[1]);
    settickets(3);
    got[2] = fork();
    if(got[2] == 0){
      mine(&got[0], &got[1]);   // the grandchild reports its tickets in [0]
      write(p[1], got, sizeof(got));
      exit();
    }
    if(got[2] > 0)
      wait();
    write(p[1], got, sizeof(got));
    exit();
  }
  close(p[1]);
  if(read(p[0], got, sizeof(got)) != sizeof(got))
    fail("expected the grandchild's report saw none", 0, 0, 0);
  else if(got[0] != 3)
    fail("expected a grandchild to inherit its parent's 3 tickets saw %d",
         got[0], 0, 0);
  if(read(p[0], got, sizeof(got)) != sizeof(got)){
    fail("expected the child's report saw none", 0, 0, 0);
  } else {
    if(got[0] != 7)
      fail("expected a child to inherit its parent's 7 tickets saw %d",
           got[0], 0, 0);
    if(got[1] < 0 || got[1] >= n)
      fail("expected a new child's ticks to start at 0, below its parent's"
           " %d, saw %d", n, got[1], 0);
  }
  close(p[0]);
  wait();
  mine(&t, &n);
  if(t != 7)
    fail("expected the parent to keep 7 tickets after its child took 3 "
         "saw %d", t, 0, 0);
  if(getpinfo(&ps) == 0 && slotof(&ps, pid) >= 0)
    fail("expected the reaped child (pid %d) not in use in getpinfo",
         pid, 0, 0);
  done();
}

// Bad arguments: -1, no panic, nothing changed.
static void
bad(void)
{
  static int bogus[] = { 0, -1, -100, (int)0x80000000 };
  int i, t, n;
  char *top;

  if(settickets(5) < 0)
    fail("expected settickets(5) to return 0 saw -1", 0, 0, 0);
  for(i = 0; i < NELEM(bogus); i++)
    if(settickets(bogus[i]) != -1)
      fail("expected settickets(%d) to return -1 saw 0", bogus[i], 0, 0);
  mine(&t, &n);
  if(t != 5)
    fail("expected 5 tickets after the refused settickets calls saw %d",
         t, 0, 0);
  if(getpinfo(0) != -1)
    fail("expected getpinfo(0) to return -1 (page 0 is unmapped)", 0, 0, 0);
  if(getpinfo((struct pstat*)0x80000000) != -1)
    fail("expected getpinfo(KERNBASE) to return -1", 0, 0, 0);
  if(getpinfo((struct pstat*)0xfffffff0) != -1)
    fail("expected getpinfo(0xfffffff0) to return -1", 0, 0, 0);
  sbrk(4096);   // fresh heap at the top of memory (the stack is below)
  top = sbrk(0);
  if(getpinfo((struct pstat*)(top - sizeof(struct pstat) + 4)) != -1)
    fail("expected getpinfo of a struct running 4 bytes past the end of "
         "memory to return -1", 0, 0, 0);
  if(getpinfo((struct pstat*)(top - sizeof(struct pstat))) != 0)
    fail("expected getpinfo of a struct ending exactly at the end of "
         "memory to return 0", 0, 0, 0);
  if(getpinfo((struct pstat*)bad) != -1)
    fail("expected getpinfo into read-only program text to return -1",
         0, 0, 0);
  done();
}

int
main(int argc, char **argv)
{
  if(argc < 2){
    printf(2, "usage: schedtest share|change|starve|inherit|bad [SECONDS]\n");
    exit();
  }
  check = argv[1];
  if(strcmp(check, "share") == 0)
    share(argc, argv);
  else if(strcmp(check, "change") == 0)
    change(argc, argv);
  else if(strcmp(check, "starve") == 0)
    starve(argc, argv);
  else if(strcmp(check, "inherit") == 0)
    inherit();
  else if(strcmp(check, "bad") == 0)
    bad();
  else
    printf(2, "schedtest: unknown check %s\n", check);
  exit();
}
