// phtest.c: the thread lab's check on the shared hash table (user/ph.c).
// usage: phtest NTHREADS
// Put phase: NTHREADS threads (user/thread.c) put NKEYS keys at once, each its
// own block of keys in a scrambled order, so the threads meet in a bucket now
// and then. They start together: none begins until all are running. Get
// phase: each thread gets its block back. Every key must be there, whole,
// exactly once.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "../../user/thread.c"
#include "../../user/ph.c"

#define MAXTHREADS 8
#define STRIDE 1615       // 5*17*19: prime to NKEYS, so j*STRIDE visits a whole block

static int nthreads, share;
static volatile int go, ready;
static int missing[MAXTHREADS], torn[MAXTHREADS];

static int
valueof(int key)
{
  return key * 7 + 1;
}

static void
putter(void *arg)
{
  int first = (int)arg * share, j, k;
  uint t0 = uptime();

  // The test's own atomic add (not the lock under test): the last thread
  // to arrive starts them all. (After 5 s a thread starts anyway: threads
  // that do not share memory never see go.)
  if(__sync_add_and_fetch(&ready, 1) == nthreads)
    go = 1;
  while(!go && uptime() - t0 < 500)
    ;
  for(j = 0; j < share; j++){
    k = first + (j * STRIDE) % share;
    put(k, valueof(k));
  }
}

static void
getter(void *arg)
{
  int me = (int)arg, first = me * share, k;
  struct entry *e;

  for(k = first; k < first + share; k++){
    e = get(k);
    if(e == 0)
      missing[me]++;
    else if(e->value != valueof(k) || e->check != checksum(k, valueof(k)))
      torn[me]++;
  }
}

// Start nthreads threads running fn and wait for all of them. Returns 0, or
// -1 (having said why) if thread_create or thread_join failed.
static int
phase(void (*fn)(void*))
{
  int i;

  go = 0;
  ready = 0;
  for(i = 0; i < nthreads; i++){
    if(thread_create(fn, (void*)i) < 0){
      printf(1, "ph: FAIL expected thread_create to start thread %d saw -1\n", i);
      return -1;
    }
  }
  for(i = 0; i < nthreads; i++){
    if(thread_join() < 0){
      printf(1, "ph: FAIL expected thread_join to return a pid saw -1 (thread %d)\n", i);
      return -1;
    }
  }
  return 0;
}

int
main(int argc, char *argv[])
{
  int i, lost = 0, bad = 0, entries = 0, b;
  uint t0, t1, t2;
  struct entry *e;

  nthreads = argc > 1 ? atoi(argv[1]) : 2;
  if(nthreads < 1 || nthreads > MAXTHREADS || NKEYS % nthreads != 0){
    printf(2, "usage: phtest NTHREADS (1-4, 6, 7 or 8)\n");
    exit();
  }
  share = NKEYS / nthreads;
  ph_init();
  t0 = uptime();
  if(phase(putter) < 0)
    exit();
  t1 = uptime();
  if(phase(getter) < 0)
    exit();
  t2 = uptime();
  for(i = 0; i < nthreads; i++){
    lost += missing[i];
    bad += torn[i];
  }
  for(b = 0; b < NBUCKET; b++){
    for(e = table[b]; e != 0 && entries <= NKEYS; e = e->next)
      entries++;
  }
  printf(1, "ph: %d threads, %d puts in %d ticks, %d gets in %d ticks\n",
    nthreads, NKEYS, t1 - t0, NKEYS, t2 - t1);
  if(lost != 0)
    printf(1, "ph: FAIL expected 0 keys missing saw %d missing of %d\n", lost, NKEYS);
  else if(bad != 0)
    printf(1, "ph: FAIL expected every entry intact saw %d with a wrong value\n", bad);
  else if(entries != NKEYS)
    printf(1, "ph: FAIL expected %d entries in the lists saw %d\n", NKEYS, entries);
  else
    printf(1, "ph: ok\n");
  exit();
}
