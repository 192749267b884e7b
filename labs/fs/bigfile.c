// bigfile.c: the fs lab's checks of large files: a file of the largest size the
// doubly-indirect layout allows is written, refused one block more, read back, and
// unlinked, giving back every block it held.
// usage: bigfile write SEED | read SEED | free   (the grader draws SEED afresh every run)
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "fs.h"
#include "kstat.h"
#include "user.h"

// The layout the handout asks for: 11 direct blocks, one singly-indirect block and one
// doubly-indirect block, each indirect block holding BSIZE/4 block numbers. The checks
// use these numbers, not fs.h's MAXFILE, which a kernel could raise without the layout.
#define PERBLOCK (BSIZE / 4)
#define WANTDIRECT 11
#define WANTMAX (WANTDIRECT + PERBLOCK + PERBLOCK * PERBLOCK)
// Blocks a file of WANTMAX blocks occupies: its data, the singly-indirect block, the
// doubly-indirect block and the PERBLOCK singly-indirect blocks that one lists.
#define WANTHELD (WANTMAX + 1 + 1 + PERBLOCK)
#define CHUNK 8   // blocks per write() and read()
#define FILE "/bigfile.dat"

static char *casename;
static int failed;
static uint seed;
static char buf[CHUNK * BSIZE], got[CHUNK * BSIZE];

static void
fail(char *what)
{
  printf(1, "%s: FAIL %s\n", casename, what);
  failed = 1;
}

// Fill one block with content that depends on the block number b and the seed, so a
// block that lands in the wrong place, or twice in one place, reads back wrong.
static void
fillblock(char *p, uint b)
{
  uint x = b * 2654435761u ^ seed;
  int i;

  for(i = 0; i < BSIZE; i += 4){
    x = x * 1103515245 + 12345;
    p[i] = x >> 24;
    p[i + 1] = x >> 16;
    p[i + 2] = b;
    p[i + 3] = b >> 8;
  }
}

static int
freeblocks(void)
{
  struct kstat k;

  if(kstat(&k) < 0)
    return -1;
  return k.freeblocks;
}

// Write FILE with WANTMAX blocks, CHUNK at a time; then one block and one byte more
// must be refused, and the size must be exactly WANTMAX blocks.
static void
writecase(void)
{
  int fd, n, r, t0;
  uint b;
  struct stat st;

  unlink(FILE);
  fd = open(FILE, O_CREATE | O_RDWR);
  if(fd < 0){
    fail("expected open(" FILE ", O_CREATE|O_RDWR) to work, saw -1");
    return;
  }
  t0 = uptime();
  for(b = 0; b < WANTMAX; b += n){
    n = WANTMAX - b < CHUNK ? WANTMAX - b : CHUNK;
    for(r = 0; r < n; r++)
      fillblock(buf + r * BSIZE, b + r);
    r = write(fd, buf, n * BSIZE);
    if(r != n * BSIZE){
      printf(1, "write: FAIL expected write of blocks %d..%d to return %d, saw %d"
             " (the file can hold %d blocks: %d direct + %d + %d*%d)\n", b, b + n - 1,
             n * BSIZE, r, WANTMAX, WANTDIRECT, PERBLOCK, PERBLOCK, PERBLOCK);
      failed = 1;
      close(fd);
      return;
    }
  }
  printf(1, "write: %d blocks (%d bytes) in %d ticks\n", WANTMAX, WANTMAX * BSIZE,
         uptime() - t0);
  fillblock(buf, WANTMAX);
  if((r = write(fd, buf, BSIZE)) > 0){
    printf(1, "write: FAIL expected a write of block %d (one past the largest file) to "
           "return -1 or 0, saw %d\n", WANTMAX, r);
    failed = 1;
  }
  if((r = write(fd, buf, 1)) > 0){
    printf(1, "write: FAIL expected a 1-byte write past the largest file to return -1 "
           "or 0, saw %d\n", r);
    failed = 1;
  }
  if(fstat(fd, &st) < 0 || st.size != WANTMAX * BSIZE){
    printf(1, "write: FAIL expected the size to be %d bytes, saw %d\n", WANTMAX * BSIZE,
           st.size);
    failed = 1;
  }
  close(fd);
  if(!failed)
    printf(1, "write: ok\n");
}

// Read FILE back and compare every block; reading past its end gives 0.
static void
readcase(void)
{
  int fd, n, r, t0, bad = 0;
  uint b;

  fd = open(FILE, O_RDONLY);
  if(fd < 0){
    fail("expected to open " FILE " (made by 'bigfile write'), saw -1");
    return;
  }
  t0 = uptime();
  for(b = 0; b < WANTMAX; b += n){
    n = WANTMAX - b < CHUNK ? WANTMAX - b : CHUNK;
    r = read(fd, got, n * BSIZE);
    if(r != n * BSIZE){
      printf(1, "read: FAIL expected read of blocks %d..%d to return %d, saw %d\n",
             b, b + n - 1, n * BSIZE, r);
      failed = 1;
      close(fd);
      return;
    }
    for(r = 0; r < n; r++){
      fillblock(buf, b + r);
      if(memcmp(buf, got + r * BSIZE, BSIZE) != 0 && bad++ < 5){
        printf(1, "read: FAIL block %d reads back wrong: expected bytes %x %x %x %x..., "
               "saw %x %x %x %x...\n", b + r, buf[0] & 0xFF, buf[1] & 0xFF,
               buf[2] & 0xFF, buf[3] & 0xFF, got[r * BSIZE] & 0xFF,
               got[r * BSIZE + 1] & 0xFF, got[r * BSIZE + 2] & 0xFF,
               got[r * BSIZE + 3] & 0xFF);
        failed = 1;
      }
    }
  }
  if(bad > 5)
    printf(1, "read: FAIL %d blocks in all read back wrong\n", bad);
  if((r = read(fd, got, BSIZE)) != 0){
    printf(1, "read: FAIL expected a read at the end of the file to return 0, saw %d\n", r);
    failed = 1;
  }
  close(fd);
  printf(1, "read: %d blocks in %d ticks\n", WANTMAX, uptime() - t0);
  if(!failed)
    printf(1, "read: ok\n");
}

// Unlinking FILE gives back exactly WANTHELD blocks.
static void
freecase(void)
{
  int f0, f1, fd;

  if((fd = open(FILE, O_RDONLY)) < 0){
    fail("expected " FILE " (made by 'bigfile write') to exist, saw open() return -1");
    return;
  }
  close(fd);
  f0 = freeblocks();
  if(unlink(FILE) != 0){
    fail("expected unlink(" FILE ") to return 0, saw -1");
    return;
  }
  f1 = freeblocks();
  if(f0 < 0 || f1 - f0 != WANTHELD){
    printf(1, "free: FAIL expected unlink to free %d blocks (%d data, 1 singly-indirect, "
           "1 doubly-indirect, %d indirect blocks it lists), saw %d freed\n", WANTHELD,
           WANTMAX, PERBLOCK, f1 - f0);
    failed = 1;
    return;
  }
  printf(1, "free: ok (%d blocks freed)\n", f1 - f0);
}

int
main(int argc, char *argv[])
{
  casename = argc >= 2 ? argv[1] : "";
  seed = argc >= 3 ? atoi(argv[2]) : 1;
  if(strcmp(casename, "write") == 0)
    writecase();
  else if(strcmp(casename, "read") == 0)
    readcase();
  else if(strcmp(casename, "free") == 0)
    freecase();
  else
    printf(2, "usage: bigfile write SEED | read SEED | free\n");
  exit();
}
