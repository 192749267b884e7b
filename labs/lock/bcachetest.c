// bcachetest.c: the lock lab's checks on the buffer cache (bio.c).
// usage: bcachetest contention|lru|same|inodes|files
//   contention  four children each read their own cached one-block file over
//               and over, all at once: every block read takes a bcache lock,
//               yet they seldom find it held
//   lru         the least recently used buffer is the one recycled: a file
//               read just before enough other blocks to nearly fill the
//               cache is still cached afterwards (no disk reads)
//   same        four children read the same uncached file in step, block by
//               block: each block is read from disk once (they share the
//               buffer). Readers of one file take turns at its inode lock, so
//               this seldom makes two misses on one block overlap: it does not
//               prove bget free of that race
//   inodes      four children open files whose inodes share a block, in step,
//               so that they miss on that block together: no more disk reads
//               than one at a time (two buffers for a block mean two reads)
//   files       eight children write, read back and delete their own files
//               at once, in more blocks than the cache holds; the contents
//               come back, and every block and inode is free again
// Each prints "NAME: ok" or "NAME: FAIL expected ... saw ...". Disk reads are
// counted through the disk driver's lock: each read acquires "ide" 3 times.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"
#include "fs.h"
#include "param.h"
#include "kstat.h"
#include "lockcheck.h"

#define NCHILD   4      // one per CPU of the grading boot
#define CROUNDS  1000   // contention: reads of its file per child
// contention: at most this many contended bcache acquires per 10000 (see the
// handout)
#define BCACHEBAR 5
#define ALOCKS   3      // "ide" acquires per disk read (ide.c)
#define BIGFILE  100    // blocks in each file that flushes the cache
#define NBIG     ((NBUF + 2*BIGFILE - 1) / BIGFILE + 1)
#define SBLOCKS  130    // same: blocks in the shared file (some indirect)
#define FCHILD   8      // files: children
#define FBLOCKS  40     // files: blocks per file
#define FROUNDS  5      // files: files each child writes

static struct snap before, after;
static char buf[BSIZE];

// Fill buf with what block b of the file tagged tag holds.
static void
pattern(int tag, int b)
{
  int i;

  for(i = 0; i < BSIZE; i++)
    buf[i] = tag * 31 + b * 7 + i % 13;
}

// Is buf block b of the file tagged tag? Says so if not.
static int
checkblock(char *name, int tag, int b)
{
  char got[BSIZE];

  memmove(got, buf, BSIZE);
  pattern(tag, b);
  if(memcmp(got, buf, BSIZE) != 0){
    printf(1, "%s: FAIL expected block %d of %s to hold what was written, "
           "saw other data\n", casename, b, name);
    failed = 1;
    return -1;
  }
  return 0;
}

// Write file name with nblocks blocks of pattern tag. Exits on failure.
static void
makefile(char *name, int tag, int nblocks)
{
  int fd, b;

  unlink(name);
  fd = open(name, O_CREATE | O_RDWR);
  if(fd < 0){
    printf(1, "%s: FAIL expected to create %s, saw -1\n", casename, name);
    exit();
  }
  for(b = 0; b < nblocks; b++){
    pattern(tag, b);
    if(write(fd, buf, BSIZE) != BSIZE){
      printf(1, "%s: FAIL expected to write block %d of %s, saw a short "
             "write (disk full?)\n", casename, b, name);
      exit();
    }
  }
  close(fd);
}

// Read all of fd (a file of tag tag) and check it; returns blocks read.
static int
readall(char *name, int fd, int tag)
{
  int b = 0;

  while(read(fd, buf, BSIZE) == BSIZE){
    if(checkblock(name, tag, b) < 0)
      return -1;
    b++;
  }
  return b;
}

static int
readfile(char *name, int tag)
{
  int fd, n;

  fd = open(name, O_RDONLY);
  if(fd < 0){
    printf(1, "%s: FAIL expected to open %s, saw -1\n", casename, name);
    exit();
  }
  n = readall(name, fd, tag);
  close(fd);
  return n;
}

static char*
bigname(int i)
{
  static char name[] = "bcbig0";

  name[5] = '0' + i;
  return name;
}

// Read more distinct blocks than the cache holds, so that (with LRU) every
// buffer is recycled.
static void
flush(void)
{
  int i;

  for(i = 0; i < NBIG; i++)
    readfile(bigname(i), 90 + i);
}

static void
makebig(void)
{
  int i;

  for(i = 0; i < NBIG; i++)
    makefile(bigname(i), 90 + i, BIGFILE);
}

static void
rmbig(void)
{
  int i;

  for(i = 0; i < NBIG; i++)
    unlink(bigname(i));
}

// Disk reads between the two snapshots.
static int
diskreads(void)
{
  struct sum s;

  sumlocks(&before, &after, "ide", &s);
  return s.nacquire / ALOCKS;
}

// Children, started together: spawn() forks them, each runs prep(i) and
// blocks; go() (start() then finish()) lets them all loose into f(i) and
// waits for them. A child that fails says why and exits; go() then fails too.
static int gate[2], ready[2], done[2];

static void
spawn(int n, void (*prep)(int), void (*f)(int))
{
  int i, pid;
  char c;

  if(pipe(gate) < 0 || pipe(ready) < 0 || pipe(done) < 0){
    printf(1, "%s: FAIL expected pipes, saw pipe() fail\n", casename);
    exit();
  }
  for(i = 0; i < n; i++){
    pid = fork();
    if(pid < 0){
      printf(1, "%s: FAIL expected fork, saw -1\n", casename);
      exit();
    }
    if(pid == 0){
      close(gate[1]);
      if(prep)
        prep(i);
      write(ready[1], "r", 1);
      if(read(gate[0], &c, 1) != 1)
        exit();
      f(i);
      if(!failed)
        write(done[1], "d", 1);
      exit();
    }
  }
  for(i = 0; i < n; i++)
    read(ready[0], &c, 1);
}

static void
start(int n)
{
  int i;

  for(i = 0; i < n; i++)
    write(gate[1], "g", 1);
  close(gate[0]);
  close(gate[1]);
}

static void
finish(int n)
{
  int i, ok;
  char c;

  close(ready[0]);
  close(ready[1]);
  for(i = 0; i < n; i++)
    wait();
  close(done[1]);
  for(ok = 0; read(done[0], &c, 1) == 1; ok++)
    ;
  close(done[0]);
  if(ok != n)
    fail("%d, saw %d", "every child to finish its work:", n, ok);
}

static void
go(int n)
{
  start(n);
  finish(n);
}

// ---- contention ----

static char cdir[] = "bcdir0";

// Each child works in its own directory and keeps its file open, so that a
// lookup touches only its own two blocks (the directory's and the file's; the
// inodes stay cached). The eight blocks were allocated one after the other,
// so any sensible hash puts them in different buckets.
static void
cprep(int i)
{
  cdir[5] = '0' + i;
  if(chdir(cdir) < 0 || open("data", O_RDONLY) < 0){
    printf(1, "%s: FAIL expected %s/data, saw none\n", casename, cdir);
    exit();
  }
}

static void
creader(int i)
{
  int r, fd;

  for(r = 0; r < CROUNDS; r++){
    fd = open("data", O_RDONLY);
    if(readall("data", fd, i) != 1){
      printf(1, "%s: FAIL expected a block in %s/data, saw none\n",
             casename, cdir);
      exit();
    }
    close(fd);
  }
}

static void
contention(void)
{
  // Locks every open, read and close takes (the inodes' sleeplocks too): not
  // this lab's business.
  char *skip[] = { "ptable", "icache", "ftable", "log", "sleep lock", 0 };
  int i;

  for(i = 0; i < NCHILD; i++){
    cdir[5] = '0' + i;
    mkdir(cdir);
  }
  for(i = 0; i < NCHILD; i++){
    cdir[5] = '0' + i;
    if(chdir(cdir) < 0){
      printf(1, "%s: FAIL expected to make %s, saw none\n", casename, cdir);
      exit();
    }
    makefile("data", i, 1);
    chdir("..");
  }
  reference();
  spawn(NCHILD, cprep, creader);
  snapshot(&before);
  go(NCHILD);
  snapshot(&after);
  // A pass reads the directory's block and the file's.
  checklocks(&before, &after, "bcache", NCHILD*CROUNDS*2, BCACHEBAR, skip);
  for(i = 0; i < NCHILD; i++){
    cdir[5] = '0' + i;
    chdir(cdir);
    unlink("data");
    chdir("..");
    unlink(cdir);
  }
}

// ---- lru ----

// A file of ABLOCKS, then CFILES files that together leave room for it (and
// the directory and inode blocks) in the cache.
#define ABLOCKS 12
#define CFILES  2
#define CBLK    ((NBUF - ABLOCKS - 24) / CFILES)

static char cname[] = "bclruC0";

static void
lru(void)
{
  int i, n;

  makebig();
  makefile("bclruA", 1, ABLOCKS);
  for(i = 0; i < CFILES; i++){
    cname[6] = '0' + i;
    makefile(cname, 2 + i, CBLK);
  }
  // Ticks apart, so that a cache ordering by time of release sees it too.
  flush();
  sleep(2);
  snapshot(&before);
  readfile("bclruA", 1);
  snapshot(&after);
  n = diskreads();
  printf(1, "lru: reading bclruA after %d other blocks: %d disk reads\n",
         NBIG * BIGFILE, n);
  if(n < ABLOCKS)
    fail("at least %d disk reads, saw %d",
         "reading more blocks than the cache holds to evict bclruA:",
         ABLOCKS, n);
  sleep(2);
  for(i = 0; i < CFILES; i++){
    cname[6] = '0' + i;
    readfile(cname, 2 + i);
  }
  sleep(2);
  snapshot(&before);
  readfile("bclruA", 1);
  snapshot(&after);
  n = diskreads();
  printf(1, "lru: reading bclruA again after %d other blocks: %d disk reads\n",
         CFILES * CBLK, n);
  if(n != 0)
    fail("%d disk reads, saw %d",
         "bclruA still cached (older buffers recycled first):", 0, n);
  unlink("bclruA");
  for(i = 0; i < CFILES; i++){
    cname[6] = '0' + i;
    unlink(cname);
  }
  rmbig();
}

// ---- same ----

// The children take each block in step: all four wait on one pipe, the
// parent writes four bytes (which wakes them all at once), each reads one
// byte and then one block, and says so on ack; then the next step. So all
// four ask the cache for the same uncached block at nearly the same moment,
// 130 times a round. When the parent closes the pipe they read the rest.
static int sfd, step[2], ack[2];

// lockstep(prep, f): NCHILD children that each run f once the parent has
// emptied the cache, then move one step per byte on step[] and answer on
// ack[]; the counts start (snapshot before) just as they are let go.
static void
lockstep(void (*prep)(int), void (*f)(int))
{
  if(pipe(step) < 0 || pipe(ack) < 0){
    printf(1, "%s: FAIL expected pipes, saw pipe() fail\n", casename);
    exit();
  }
  spawn(NCHILD, prep, f);
  close(step[0]);
  close(ack[1]);
  flush();
  snapshot(&before);
  start(NCHILD);
}

static void
sprep(int i)
{
  sfd = open("bcsame", O_RDONLY);
  close(step[1]);
  close(ack[0]);
}

static void
sreader(int i)
{
  int b = 0, rest;
  char c;

  // A child may run a step ahead of a slow one, but reads no more steps
  // than there are blocks.
  while(b < SBLOCKS && read(step[0], &c, 1) == 1){
    if(read(sfd, buf, BSIZE) != BSIZE || checkblock("bcsame", 5, b) < 0){
      printf(1, "%s: FAIL expected block %d of bcsame, saw none\n", casename,
             b);
      exit();
    }
    b++;
    write(ack[1], "a", 1);
  }
  rest = readall("bcsame", sfd, 5);
  if(rest < 0 || b + rest != SBLOCKS)
    printf(1, "%s: FAIL expected %d blocks of bcsame, saw fewer\n", casename,
           SBLOCKS);
}

static void
same(void)
{
  int round, n, b, i;
  char c;

  makebig();
  makefile("bcsame", 5, SBLOCKS);
  for(round = 0; round < 3 && !failed; round++){
    lockstep(sprep, sreader);
    for(b = 0; b < SBLOCKS; b++){
      write(step[1], "ssss", NCHILD);
      for(i = 0; i < NCHILD; i++)
        if(read(ack[0], &c, 1) != 1)
          break;
    }
    close(step[1]);
    close(ack[0]);
    finish(NCHILD);
    snapshot(&after);
    n = diskreads();
    if(round == 0)
      printf(1, "same: %d children read %d blocks: %d disk reads\n", NCHILD,
             SBLOCKS, n);
    // The file's blocks and its indirect block; a little slack.
    if(n < SBLOCKS / 2 || n > SBLOCKS + 3)
      fail("%d disk reads, saw %d", "one read per block:", SBLOCKS + 1, n);
  }
  unlink("bcsame");
  rmbig();
}

// ---- inodes ----

// Two children that miss on one block at the same moment are what a careless
// bget turns into two buffers. Reading one file cannot arrange it (see
// same), but opening different files can: an open of a file nobody holds
// reads its inode's block. Each child works in a directory of its own and
// has IFILES empty files there; the k'th files of the four were created one
// after another, so their inodes share an inode block. After a flush the
// children open their files in step, the four k'th files at once, so the four
// miss on that inode block together. The same opens one at a time must read
// the disk as often.
#define IFILES 12

static char iname[] = "f00";

static void
iprep(int i)
{
  cdir[5] = '0' + i;
  if(chdir(cdir) < 0)
    exit();
  close(step[1]);
  close(ack[0]);
}

static void
iopener(int i)
{
  int k, fd;
  char c;

  for(k = 0; k < IFILES && read(step[0], &c, 1) == 1; k++){
    iname[1] = '0' + k / 10;
    iname[2] = '0' + k % 10;
    fd = open(iname, O_RDONLY);
    if(fd < 0){
      printf(1, "%s: FAIL expected to open %s/%s, saw -1\n", casename, cdir,
             iname);
      exit();
    }
    close(fd);
    write(ack[1], "a", 1);
  }
}

// Flush the cache, let the children open all their files, nper at a time,
// and return the disk reads that took.
static int
ipass(int nper)
{
  int k, i, nstep;
  char c;

  lockstep(iprep, iopener);
  for(k = 0; k < NCHILD * IFILES / nper; k++){
    write(step[1], "ssss", nper);
    for(i = 0; i < nper; i++)
      if(read(ack[0], &c, 1) != 1)
        break;
  }
  close(step[1]);
  close(ack[0]);
  finish(NCHILD);
  snapshot(&after);
  nstep = diskreads();
  return nstep;
}

static void
inodes(void)
{
  int i, k, fd, one, all, round;

  makebig();
  for(i = 0; i < NCHILD; i++){
    cdir[5] = '0' + i;
    mkdir(cdir);
  }
  for(k = 0; k < IFILES; k++){
    iname[1] = '0' + k / 10;
    iname[2] = '0' + k % 10;
    for(i = 0; i < NCHILD; i++){
      cdir[5] = '0' + i;
      chdir(cdir);
      fd = open(iname, O_CREATE | O_RDWR);
      if(fd < 0){
        printf(1, "%s: FAIL expected to create %s/%s, saw -1\n", casename,
               cdir, iname);
        exit();
      }
      close(fd);
      chdir("..");
    }
  }
  one = ipass(1);
  for(round = 0; round < 4 && !failed; round++){
    all = ipass(NCHILD);
    if(round == 0)
      printf(1, "inodes: opening %d files: %d disk reads one at a time, "
             "%d four at once\n", NCHILD * IFILES, one, all);
    if(all != one)
      fail("%d disk reads, saw %d", "four at once to read as often as one:",
           one, all);
  }
  for(i = 0; i < NCHILD; i++){
    cdir[5] = '0' + i;
    chdir(cdir);
    for(k = 0; k < IFILES; k++){
      iname[1] = '0' + k / 10;
      iname[2] = '0' + k % 10;
      unlink(iname);
    }
    chdir("..");
    unlink(cdir);
  }
  rmbig();
}

// ---- files ----

static char fname[] = "bcfile0";

static void
fwriter(int i)
{
  int r, fd;

  fname[6] = 'a' + i;
  for(r = 0; r < FROUNDS; r++){
    makefile(fname, 10 * i + r, FBLOCKS);
    fd = open(fname, O_RDONLY);
    if(readall(fname, fd, 10 * i + r) != FBLOCKS){
      if(!failed)
        printf(1, "%s: FAIL expected %d blocks in %s, saw fewer\n", casename,
               FBLOCKS, fname);
      exit();
    }
    close(fd);
    if(unlink(fname) < 0){
      printf(1, "%s: FAIL expected to unlink %s, saw -1\n", casename, fname);
      exit();
    }
  }
}

static void
files(void)
{
  struct kstat k0, k1;

  kstat(&k0);
  spawn(FCHILD, 0, fwriter);
  go(FCHILD);
  kstat(&k1);
  if(k1.freeblocks != k0.freeblocks)
    fail("%d free blocks, saw %d", "all blocks free again:", k0.freeblocks,
         k1.freeblocks);
  if(k1.freeinodes != k0.freeinodes)
    fail("%d free inodes, saw %d", "all inodes free again:", k0.freeinodes,
         k1.freeinodes);
}

int
main(int argc, char *argv[])
{
  if(argc != 2){
    printf(2, "usage: bcachetest contention|lru|same|inodes|files\n");
    exit();
  }
  casename = argv[1];
  if(strcmp(casename, "contention") == 0)
    contention();
  else if(strcmp(casename, "lru") == 0)
    lru();
  else if(strcmp(casename, "same") == 0)
    same();
  else if(strcmp(casename, "files") == 0)
    files();
  else if(strcmp(casename, "inodes") == 0)
    inodes();
  else {
    printf(2, "bcachetest: no case %s\n", casename);
    exit();
  }
  if(!failed)
    printf(1, "%s: ok\n", casename);
  exit();
}
