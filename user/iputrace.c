// iputrace.c: the regression test for iput's two races (test/45-iput-race.t).
//   iputrace [ROUNDS]   (DEBUGHOOKS=1 kernels only)
// Each round has two parts; kdebug holds process A inside iput at the moment
// each race needs, while process B does what must not break it:
//  - last two references: a file is unlinked while A and B each hold it open
//    (two inode references). A closes first and is held at the top of iput;
//    B closes; A is let go. Exactly one of them must free the inode. A kernel
//    that decides "last reference?" and drops the reference apart lets both see
//    two references, and neither frees it.
//  - reuse while freeing: A holds the only reference to an unlinked file and
//    closes it; A is held right after iput marked the dinode free, before it
//    dropped its reference. B then creates a file, which gets the same inode
//    number (the lowest free one) and so A's cache slot, writes it, unlinks it
//    and closes it. B's close is the last reference to its file and must free
//    it. A kernel that lets B in before A's reference is gone makes B see two
//    references, and nobody frees B's file.
// Either way the inode stays allocated with no name: the count of free inodes
// and blocks (kstat) drops, and tools/fsck reports it.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"
#include "kdebug.h"
#include "kstat.h"

#define NAME "iputrace.f"
#define NAME2 "iputrace.g"

static char block[600];

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

// Make path with some contents (so freeing it frees blocks too); returns an
// open descriptor if keep, else closes it. Returns the inode number in *inum.
static int
makefile(char *path, int keep, uint *inum)
{
  struct stat st;
  int fd;

  if((fd = open(path, O_CREATE | O_RDWR)) < 0)
    fail("cannot create a file");
  if(write(fd, block, sizeof(block)) != sizeof(block) || fstat(fd, &st) < 0)
    fail("cannot write a file");
  *inum = st.ino;
  if(!keep){
    close(fd);
    fd = -1;
  }
  return fd;
}

// Wait until some process is held in iput by kdebug.
static void
waitheld(void)
{
  int i;

  for(i = 0; kdebug(KDEBUG_IPUTSTALL, 0) != 1; i++){
    if(i == 200)
      fail("the held process never reached iput");
    sleep(1);
  }
}

// Part one. A child opens the file (its own inode reference), says so on
// `ready`, waits for `go`, then closes it: the first one held at the top of
// iput, the second once the first is held, then it lets the first go.
static void
closer(int first, int ready, int go)
{
  int fd;

  if((fd = open(NAME, O_RDONLY)) < 0)
    fail("child cannot open the file");
  write(ready, "r", 1);
  waitfor(go);
  if(first){
    kdebug(KDEBUG_IPUTSTALL, KDEBUG_STALL_TOP);
    close(fd);
    exit();
  }
  waitheld();
  close(fd);                 // the other reference, dropped while A waits
  kdebug(KDEBUG_IPUTSTALL, 2);
  exit();
}

static void
lasttwo(void)
{
  int ready[2], goa[2], gob[2], k, pid;
  uint inum;

  makefile(NAME, 0, &inum);
  if(pipe(ready) < 0 || pipe(goa) < 0 || pipe(gob) < 0)
    fail("pipe");
  for(k = 0; k < 2; k++){
    if((pid = fork()) < 0)
      fail("fork");
    if(pid == 0)
      closer(k == 0, ready[1], k == 0 ? goa[0] : gob[0]);
  }
  waitfor(ready[0]);
  waitfor(ready[0]);
  if(unlink(NAME) < 0)       // now only the children's references keep it
    fail("unlink");
  write(goa[1], "g", 1);
  write(gob[1], "g", 1);
  wait();
  wait();
  close(ready[0]); close(ready[1]);
  close(goa[0]); close(goa[1]);
  close(gob[0]); close(gob[1]);
}

// Part two. Returns 1 if B's file really got A's inode number (the race was
// set up), else 0.
static int
reuse(void)
{
  int fd, pid, same;
  uint inum, inum2;

  fd = makefile(NAME, 1, &inum);
  if(unlink(NAME) < 0)       // fd is now the only reference
    fail("unlink");
  if((pid = fork()) < 0)
    fail("fork");
  if(pid == 0){
    kdebug(KDEBUG_IPUTSTALL, KDEBUG_STALL_FREED);
    close(fd);               // A: held after the dinode is marked free
    exit();
  }
  close(fd);                 // the child's descriptor is the last reference
  waitheld();
  // B (this process): the lowest free inode is A's again. A fixed kernel
  // makes this open wait (in ilock) until A's reference is gone.
  makefile(NAME2, 0, &inum2);
  same = inum2 == inum;
  if(unlink(NAME2) < 0)
    fail("unlink of the second file");
  kdebug(KDEBUG_IPUTSTALL, 2);
  wait();
  return same;
}

int
main(int argc, char *argv[])
{
  int rounds = argc > 1 ? atoi(argv[1]) : 5;
  struct kstat before, after;
  int i, reused = 0;
  uint inum;

  if(kdebug(KDEBUG_IPUTSTALL, 0) < 0){
    printf(1, "iputrace: kdebug refused; this kernel was built without "
           "DEBUGHOOKS=1\n");
    exit();
  }
  memset(block, 'i', sizeof(block));
  // Make and remove the names once first: a directory never shrinks, so a
  // first entry that grew / by a block must not count as a lost block.
  makefile(NAME, 0, &inum);
  makefile(NAME2, 0, &inum);
  unlink(NAME);
  unlink(NAME2);
  if(kstat(&before) < 0)
    fail("kstat");
  for(i = 0; i < rounds; i++){
    lasttwo();
    reused += reuse();
  }
  if(kstat(&after) < 0)
    fail("kstat");
  if(after.freeinodes != before.freeinodes ||
     after.freeblocks != before.freeblocks){
    printf(1, "iputrace: FAILED: %d rounds leaked %d inode(s) and %d "
           "block(s) on disk (free inodes %d before, %d after)\n", rounds,
           before.freeinodes - after.freeinodes,
           before.freeblocks - after.freeblocks,
           before.freeinodes, after.freeinodes);
    exit();
  }
  printf(1, "iputrace: %d rounds done (%d reused the freed inode), no inode "
         "or block lost\n", rounds, reused);
  exit();
}
