// iputrace.c: the regression test for iput's last-reference race (test/43-iput-race.t).
//   iputrace [ROUNDS]   (DEBUGHOOKS=1 kernels only)
// Each round: a file is unlinked while two processes, A and B, each hold it open through
// their own open() (two inode references). A closes first and is held by kdebug at the
// top of iput; only then does B close; then A is let go. Exactly one of the two iputs
// must free the inode. A kernel that decides "last reference?" and drops the reference at
// two different moments lets both see two references, and the inode stays allocated on
// disk with no name: the count of free inodes (kstat) drops, and tools/fsck reports it.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"
#include "kdebug.h"
#include "kstat.h"

#define NAME "iputrace.f"

static void
fail(char *why)
{
  printf(1, "iputrace: FAILED: %s\n", why);
  exit();
}

// Wait for one byte on fd (a pipe from the parent): the signal to go on.
static void
waitfor(int fd)
{
  char c;

  if(read(fd, &c, 1) != 1)
    fail("lost the parent's signal");
}

// A child: open the file (its own inode reference), say so on `ready`, wait for `go`,
// then close it. The first child is held inside iput; the second waits until the first
// is held, closes, and lets the first go.
static void
child(int first, int ready, int go)
{
  int fd, i;

  if((fd = open(NAME, O_RDONLY)) < 0)
    fail("child cannot open the file");
  write(ready, "r", 1);
  waitfor(go);
  if(first){
    kdebug(KDEBUG_IPUTSTALL, 1);
    close(fd);               // held at the top of iput until the other child is done
    exit();
  }
  for(i = 0; kdebug(KDEBUG_IPUTSTALL, 0) != 1; i++){
    if(i == 200)
      fail("the first child never reached iput");
    sleep(1);
  }
  close(fd);                 // the other reference, dropped while the first one waits
  kdebug(KDEBUG_IPUTSTALL, 2);
  exit();
}

// One round. Returns after both children have exited.
static void
round(void)
{
  int ready[2], goa[2], gob[2], fd, k;
  char block[600];

  memset(block, 'i', sizeof(block));
  if((fd = open(NAME, O_CREATE | O_RDWR)) < 0)
    fail("cannot create " NAME);
  if(write(fd, block, sizeof(block)) != sizeof(block))
    fail("cannot write " NAME);
  close(fd);
  if(pipe(ready) < 0 || pipe(goa) < 0 || pipe(gob) < 0)
    fail("pipe");
  for(k = 0; k < 2; k++){
    int pid = fork();
    if(pid < 0)
      fail("fork");
    if(pid == 0)
      child(k == 0, ready[1], k == 0 ? goa[0] : gob[0]);
  }
  waitfor(ready[0]);
  waitfor(ready[0]);
  if(unlink(NAME) < 0)       // now only the children's references keep the inode
    fail("unlink");
  write(goa[1], "g", 1);
  write(gob[1], "g", 1);
  wait();
  wait();
  close(ready[0]); close(ready[1]);
  close(goa[0]); close(goa[1]);
  close(gob[0]); close(gob[1]);
}

int
main(int argc, char *argv[])
{
  int rounds = argc > 1 ? atoi(argv[1]) : 5;
  struct kstat before, after;
  int i;

  if(kdebug(KDEBUG_IPUTSTALL, 0) < 0){
    printf(1, "iputrace: kdebug refused; this kernel was built without DEBUGHOOKS=1\n");
    exit();
  }
  // Make and remove the name once first: a directory never shrinks, so a first entry
  // that grew / by a block must not count as a lost block.
  close(open(NAME, O_CREATE | O_RDWR));
  unlink(NAME);
  if(kstat(&before) < 0)
    fail("kstat");
  for(i = 0; i < rounds; i++)
    round();
  if(kstat(&after) < 0)
    fail("kstat");
  if(after.freeinodes != before.freeinodes || after.freeblocks != before.freeblocks){
    printf(1, "iputrace: FAILED: %d rounds leaked %d inode(s) and %d block(s) on disk "
           "(free inodes %d before, %d after)\n", rounds,
           before.freeinodes - after.freeinodes, before.freeblocks - after.freeblocks,
           before.freeinodes, after.freeinodes);
    exit();
  }
  printf(1, "iputrace: %d rounds done, no inode or block lost\n", rounds);
  exit();
}
