// lockcheck.h: what kalloctest and bcachetest share: snapshots of lockstat()
// (lockstat.h), sums over the locks whose names start with a prefix, and the
// checks that no other lock took over the contention. Include after user.h.
#ifndef XV6_LOCKCHECK_H
#define XV6_LOCKCHECK_H
#include "lockstat.h"

#define NENTRY (NLOCK + 1)

struct snap {
  struct lockstat e[NENTRY];
  int n;
};

// Counts over a set of locks between two snapshots.
struct sum {
  int nlocks;      // locks in the set
  int nused;       // of those, how many were acquired in between
  uint nacquire, ncontend, nspin;
};

static char *casename;
static int failed;

static void
fail(char *fmt, char *what, int expected, int saw)
{
  printf(1, "%s: FAIL expected %s ", casename, what);
  printf(1, fmt, expected, saw);
  printf(1, "\n");
  failed = 1;
}

static void
snapshot(struct snap *s)
{
  s->n = lockstat(s->e, NENTRY);
  if(s->n < 1){
    printf(1, "%s: FAIL expected lockstat() to report, saw %d\n", casename,
           s->n);
    exit();
  }
}

static int
startswith(char *s, char *prefix)
{
  return memcmp(s, prefix, strlen(prefix)) == 0;
}

// Add entry i's change from a to b to *s.
static void
addentry(struct snap *a, struct snap *b, int i, struct sum *s)
{
  struct lockstat zero, *old;

  memset(&zero, 0, sizeof(zero));
  old = i < a->n ? &a->e[i] : &zero;
  s->nlocks++;
  if(b->e[i].nacquire != old->nacquire)
    s->nused++;
  s->nacquire += b->e[i].nacquire - old->nacquire;
  s->ncontend += b->e[i].ncontend - old->ncontend;
  s->nspin += b->e[i].nspin - old->nspin;
}

// The change from a to b of the locks whose names start with prefix; with
// prefix 0, of the total over all locks, listed or not.
static void
sumlocks(struct snap *a, struct snap *b, char *prefix, struct sum *s)
{
  int i;

  memset(s, 0, sizeof(*s));
  if(prefix == 0){
    addentry(a, b, 0, s);
    return;
  }
  for(i = 1; i < b->n; i++)
    if(startswith(b->e[i].name, prefix))
      addentry(a, b, i, s);
}

// Contended acquires per 10000, the figure the checks compare.
static uint
per10k(struct sum *s)
{
  if(s->nacquire == 0)
    return 0;
  if(s->ncontend < 400000)   // no overflow in 32 bits
    return s->ncontend * 10000 / s->nacquire;
  return s->ncontend / (s->nacquire / 10000);
}

static void
showsum(char *label, struct sum *s)
{
  printf(1, "%s: %s: %d locks (%d used), %u acquires, %u contended "
         "(%u per 10000), %u spins\n", casename, label, s->nlocks, s->nused,
         s->nacquire, s->ncontend, per10k(s), s->nspin);
}

// The locks named prefix* between a and b must exist, at least two of them
// must have been used (one lock for all is what the lab replaces), together
// they must have been acquired at least minacq times (once per operation),
// and have had at most bar contended acquires per 10000. And no other lock
// may have been acquired minacq times or more, except the names in skip:
// not a listed one (a single lock renamed), nor, all together, the locks
// lockstat cannot list (one that never went through initlock).
static void
checklocks(struct snap *a, struct snap *b, char *prefix, uint minacq,
           uint bar, char **skip)
{
  struct sum s, all, one;
  uint listed = 0;
  char **k;
  int i;

  sumlocks(a, b, prefix, &s);
  showsum(prefix, &s);
  if(s.nlocks == 0)
    fail("%d saw %d", "locks named like this one:", 1, 0);
  else if(s.nused < 2)
    fail("at least %d saw %d", "of them acquired (not one for all):", 2,
         s.nused);
  else if(s.nacquire < minacq)
    fail("at least %d saw %d", "acquires (one per operation) of them:",
         minacq, s.nacquire);
  else if(per10k(&s) > bar)
    fail("at most %d saw %d", "contended acquires per 10000 of them:", bar,
         per10k(&s));

  for(i = 1; i < b->n; i++){
    memset(&one, 0, sizeof(one));
    addentry(a, b, i, &one);
    listed += one.nacquire;
    if(startswith(b->e[i].name, prefix) || one.nacquire < minacq)
      continue;
    for(k = skip; *k && strcmp(*k, b->e[i].name) != 0; k++)
      ;
    if(*k == 0){
      printf(1, "%s: lock %s: %u acquires, %u contended\n", casename,
             b->e[i].name, one.nacquire, one.ncontend);
      fail("under %d saw %d", "acquires of every other lock:", minacq,
           one.nacquire);
    }
  }

  sumlocks(a, b, 0, &all);
  if(all.nacquire - listed >= minacq)
    fail("under %d saw %d", "acquires of locks lockstat cannot name:",
         minacq, all.nacquire - listed);
}

// How contended one global lock is on this boot right now: four children
// call uptime(), which takes the kernel's tickslock ("time") and nothing
// else, REFCALLS times each, all at once. Returns its contended acquires per
// 10000. The host decides how often virtual CPUs really run together, and
// this figure goes up and down with it.
#define REFCALLS 10000
static struct snap refa, refb;

static uint
reference(void)
{
  int gate[2], i, j;
  struct sum s;
  char c;

  if(pipe(gate) < 0)
    return 0;
  for(i = 0; i < 4; i++){
    if(fork() == 0){
      close(gate[1]);
      if(read(gate[0], &c, 1) == 1)
        for(j = 0; j < REFCALLS; j++)
          uptime();
      exit();
    }
  }
  snapshot(&refa);
  write(gate[1], "gogo", 4);
  close(gate[0]);
  close(gate[1]);
  for(i = 0; i < 4; i++)
    wait();
  snapshot(&refb);
  sumlocks(&refa, &refb, "time", &s);
  showsum("reference", &s);
  return per10k(&s);
}
#endif
