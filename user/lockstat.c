// lockstat.c: print the kernel's spinlock statistics, one line per lock name
// (the 256 buffers' "sleep lock"s, say, add up to one line).
//   lockstat              counts since boot
//   lockstat CMD ARGS...  run CMD and print only what changed while it ran
// "contended" counts the acquires that found the lock held; "spins" the turns
// those acquires spent waiting.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "lockstat.h"

#define NENTRY (NLOCK + 1)

// A name's total over its locks.
struct row {
  char *name;
  int nlocks;
  uint nacquire, ncontend, nspin;
};

static struct lockstat before[NENTRY], after[NENTRY];
static struct row rows[NENTRY];

// Print s, then spaces up to width columns.
static void
pad(char *s, int width)
{
  int n;

  printf(1, "%s", s);
  for(n = strlen(s); n < width; n++)
    printf(1, " ");
}

// Print u right-aligned in width columns.
static void
num(uint u, int width)
{
  char buf[16];
  int i = sizeof(buf) - 1;

  buf[i] = 0;
  do {
    buf[--i] = '0' + u % 10;
    u /= 10;
  } while(u != 0);
  for(width -= (int)sizeof(buf) - 1 - i; width > 0; width--)
    printf(1, " ");
  printf(1, "%s", buf + i);
}

// Add entry e's counts, less old's, to the row for its name. Returns how many
// rows there are now.
static int
addrow(int nrows, struct lockstat *e, struct lockstat *old)
{
  struct row *r;

  for(r = rows; r < rows + nrows; r++)
    if(strcmp(r->name, e->name) == 0)
      break;
  if(r == rows + nrows){
    r->name = e->name;
    nrows++;
  }
  r->nlocks++;
  r->nacquire += e->nacquire - old->nacquire;
  r->ncontend += e->ncontend - old->ncontend;
  r->nspin += e->nspin - old->nspin;
  return nrows;
}

int
main(int argc, char *argv[])
{
  int n, i, nrows, pid;
  struct row *r;

  if(argc > 1){
    if(lockstat(before, NENTRY) < 0){
      printf(2, "lockstat: lockstat() failed\n");
      exit();
    }
    pid = fork();
    if(pid < 0){
      printf(2, "lockstat: fork failed\n");
      exit();
    }
    if(pid == 0){
      exec(argv[1], argv + 1);
      printf(2, "lockstat: cannot run %s\n", argv[1]);
      exit();
    }
    wait();
  }
  n = lockstat(after, NENTRY);
  if(n < 1){
    printf(2, "lockstat: lockstat() failed\n");
    exit();
  }

  // Entry 0 is the total over all locks; print it last.
  nrows = 0;
  for(i = 1; i < n; i++)
    nrows = addrow(nrows, &after[i], &before[i]);
  nrows = addrow(nrows, &after[0], &before[0]);
  rows[nrows - 1].nlocks = n - 1;

  pad("lock", 16);
  printf(1, " locks  acquires contended     spins\n");
  for(r = rows; r < rows + nrows; r++){
    if(r->nacquire == 0)
      continue;
    pad(r->name, 16);
    num(r->nlocks, 6);
    num(r->nacquire, 10);
    num(r->ncontend, 10);
    num(r->nspin, 10);
    printf(1, "\n");
  }
  exit();
}
