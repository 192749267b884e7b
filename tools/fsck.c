// fsck.c: host program that checks a file-system image for consistency.
// usage: tools/fsck [-r] [-o] fs.img
// Prints one line per problem, naming the inode or block it concerns, and exits 0 only
// when there is none (1 if there are problems, 2 if the image cannot be read at all).
// With -r it first replays a committed log transaction into the image, as the kernel's
// recovery (initlog in log.c) would; without -r it checks the image as recovery will
// leave it, and writes nothing. With -o an orphan (an inode in use with link count 0,
// named by no directory: what a power cut leaves of a file unlinked while open or a
// directory removed while it was a cwd) is listed but is not a problem, since the kernel
// frees such inodes at boot (ireclaim in fs.c). Without -o it is a leak.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <errno.h>

// After the host headers: glibc typedefs uint and ushort identically, which C11 allows.
#include "types.h"
#include "fs.h"
#include "stat.h"
#include "param.h"

_Static_assert(sizeof(struct dinode) == 64, "unexpected struct dinode layout");
_Static_assert(sizeof(struct dirent) == 16, "unexpected struct dirent layout");
_Static_assert(sizeof(struct superblock) == 28, "unexpected struct superblock layout");

// The log header block, as log.c writes it: a count, then the home block of each logged
// block. The copy of block[i] sits in log block logstart + 1 + i.
struct logheader {
  int n;
  int block[LOGSIZE];
};

static uchar *img;        // the whole image
static uint nimg;         // its size in blocks
static struct superblock sb;
static uint datastart;    // first data block: sb.size - sb.nblocks
static int problems;
static int orphansok;      // -o: orphans are expected (a disk a power cut left)
static char *orphan;       // orphan[i]: inode i is an orphan (only with -o)

// Report one problem. Every message starts with the inode or block it concerns.
static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
problem(const char *fmt, ...)
{
  va_list ap;

  printf("fsck: ");
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  problems++;
}

static uchar*
blockat(uint b)
{
  return img + (size_t)b * BSIZE;
}

static struct dinode*
dinodeat(uint inum)
{
  return (struct dinode*)blockat(IBLOCK(inum, sb)) + inum % IPB;
}

static int
bitmapset(uint b)
{
  return (blockat(BBLOCK(b, sb))[(b % BPB) / 8] >> (b % 8)) & 1;
}

// ---- superblock --------------------------------------------------------------------------

// Check that the regions the superblock describes fit the image, in order and without
// overlap: boot, superblock, log, inodes, bitmap, data. Returns 0 if they do not (then
// nothing else can be checked).
static int
checksuper(void)
{
  uint inodeblocks, bitmapblocks;
  int ok = 1;

  memcpy(&sb, blockat(1), sizeof(sb));
  if(sb.size != nimg){
    problem("superblock: size %u blocks, but the image holds %u", sb.size, nimg);
    if(sb.size > nimg)
      ok = 0;
  }
  if(sb.ninodes < 2 || sb.nblocks == 0 || sb.nblocks >= sb.size){
    problem("superblock: ninodes %u, nblocks %u make no sense for %u blocks",
            sb.ninodes, sb.nblocks, sb.size);
    return 0;
  }
  inodeblocks = (sb.ninodes + IPB - 1) / IPB;
  bitmapblocks = (sb.size + BPB - 1) / BPB;
  datastart = sb.size - sb.nblocks;
  if(sb.logstart < 2 || sb.nlog < 2 || sb.logstart + sb.nlog > sb.inodestart){
    problem("superblock: log blocks %u..%u do not fit between block 2 and the inodes (%u)",
            sb.logstart, sb.logstart + sb.nlog - 1, sb.inodestart);
    ok = 0;
  } else if(sb.nlog - 1 < MAXOPBLOCKS){
    problem("superblock: log of %u blocks is too small (the kernel needs %d + 1)",
            sb.nlog, MAXOPBLOCKS);
  }
  if(sb.inodestart + inodeblocks > sb.bmapstart){
    problem("superblock: %u inodes need %u blocks from %u, past the bitmap at %u",
            sb.ninodes, inodeblocks, sb.inodestart, sb.bmapstart);
    ok = 0;
  }
  if(sb.bmapstart + bitmapblocks > datastart){
    problem("superblock: bitmap blocks %u..%u run into the data area at %u",
            sb.bmapstart, sb.bmapstart + bitmapblocks - 1, datastart);
    ok = 0;
  }
  return ok;
}

// ---- log ---------------------------------------------------------------------------------

// Check the log header. An empty log is fine; so is a committed transaction whose blocks
// all lie outside the boot block, superblock and log. If there is one, copy it to its home
// blocks in memory (the image file changes only with -r). Returns the number of blocks
// replayed, or -1 if the header is corrupt.
static int
checklog(void)
{
  struct logheader lh;
  int i, cap;

  memcpy(&lh, blockat(sb.logstart), sizeof(lh));
  cap = sb.nlog - 1 < LOGSIZE ? (int)sb.nlog - 1 : LOGSIZE;
  if(lh.n == 0)
    return 0;
  if(lh.n < 0 || lh.n > cap){
    problem("block %u (log header): count %d out of range 0..%d", sb.logstart, lh.n, cap);
    return -1;
  }
  for(i = 0; i < lh.n; i++){
    if(lh.block[i] < (int)sb.inodestart || lh.block[i] >= (int)sb.size){
      problem("block %u (log header): entry %d names block %d, outside the inode, bitmap "
              "and data areas", sb.logstart, i, lh.block[i]);
      return -1;
    }
  }
  printf("fsck: log holds a committed transaction of %d blocks:", lh.n);
  for(i = 0; i < lh.n; i++)
    printf(" %d", lh.block[i]);
  printf("\n");
  for(i = 0; i < lh.n; i++)
    memcpy(blockat(lh.block[i]), blockat(sb.logstart + 1 + i), BSIZE);
  lh.n = 0;
  memcpy(blockat(sb.logstart), &lh.n, sizeof(lh.n));
  return i;
}

// ---- inodes and blocks -------------------------------------------------------------------

static int *owner;        // owner[b]: inode using block b, 0 if none
static uint *nrefs;       // nrefs[i]: directory entries naming inode i ("." excluded)
static uint *parent;      // parent[i]: directory whose entry names directory i, 0 if none
static char *reached;     // reached[i]: found by the walk from the root

// Record that inode inum uses block b (what: "block 3", "the indirect block", ...).
// Returns 1 if b may be read as that inode's block.
static int
claim(uint inum, uint b, const char *what)
{
  if(b < datastart || b >= sb.size){
    problem("inode %u: %s is block %u, outside the data area %u..%u",
            inum, what, b, datastart, sb.size - 1);
    return 0;
  }
  if(owner[b]){
    problem("block %u: used twice, by inode %d and by inode %u (%s)", b, owner[b], inum, what);
    return 0;
  }
  owner[b] = inum;
  if(!bitmapset(b))
    problem("block %u: used by inode %u (%s) but free in the bitmap", b, inum, what);
  return 1;
}

// The block holding block bn of inode d's contents, 0 if there is none or it is bad.
static uint
fileblock(struct dinode *d, uint bn)
{
  uint ind;

  if(bn < NDIRECT)
    return d->addrs[bn];
  ind = d->addrs[NDIRECT];
  if(ind < datastart || ind >= sb.size)
    return 0;
  return ((uint*)blockat(ind))[bn - NDIRECT];
}

// Check one inode's type, size and block list, and claim its blocks.
// Content block bn of inode inum (whose size is size) is b, 0 for none. The file system
// never leaves holes: blocks below the size's last block are present, the rest absent.
static void
checkslot(uint inum, uint size, uint bn, uint b)
{
  uint need = (size + BSIZE - 1) / BSIZE;
  char what[40];

  snprintf(what, sizeof(what), "block %u of its contents", bn);
  if(bn < need && b == 0)
    problem("inode %u: size %u needs %s, but it has none", inum, size, what);
  else if(bn >= need && b != 0)
    problem("inode %u: size %u ends before %s (block %u)", inum, size, what, b);
  if(b)
    claim(inum, b, what);
}

static void
checkinode(uint inum)
{
  struct dinode *d = dinodeat(inum);
  uint need, bn, b, *list;

  if(d->type == 0)
    return;
  if(inum == 0){
    problem("inode 0: type %d, but inode 0 is never used", d->type);
    return;
  }
  if(d->type != T_DIR && d->type != T_FILE && d->type != T_DEV){
    problem("inode %u: bad type %d", inum, d->type);
    return;
  }
  if(d->size > MAXFILE * BSIZE){
    problem("inode %u: size %u is more than the largest file (%d bytes)",
            inum, d->size, (int)(MAXFILE * BSIZE));
    return;
  }
  if(d->type == T_DIR && d->size % sizeof(struct dirent) != 0)
    problem("inode %u: directory size %u is not a whole number of entries", inum, d->size);
  if(d->nlink == 0 && orphansok){
    orphan[inum] = 1;
    printf("fsck: inode %u: orphan (type %d, %u bytes, no links): the next boot frees it\n",
           inum, d->type, d->size);
  } else if(d->nlink < 1){
    problem("inode %u: in use (type %d) but its link count is %d", inum, d->type, d->nlink);
  }

  need = (d->size + BSIZE - 1) / BSIZE;
  for(bn = 0; bn < NDIRECT; bn++){
    b = d->addrs[bn];
    checkslot(inum, d->size, bn, b);
  }
  b = d->addrs[NDIRECT];
  if(need <= NDIRECT){
    if(b != 0){
      problem("inode %u: size %u needs no indirect block, but it has block %u",
              inum, d->size, b);
      claim(inum, b, "its indirect block");
    }
    return;
  }
  if(b == 0){
    problem("inode %u: size %u needs an indirect block, but it has none", inum, d->size);
    return;
  }
  if(!claim(inum, b, "its indirect block"))
    return;
  list = (uint*)blockat(b);
  for(bn = NDIRECT; bn < MAXFILE; bn++){
    b = list[bn - NDIRECT];
    checkslot(inum, d->size, bn, b);
  }
}

// Every block marked in the bitmap is metadata or used by some inode.
static void
checkbitmap(void)
{
  uint b;

  for(b = 0; b < sb.size; b++){
    if(b < datastart && !bitmapset(b))
      problem("block %u: metadata, but free in the bitmap", b);
    else if(b >= datastart && bitmapset(b) && !owner[b])
      problem("block %u: marked in use in the bitmap, but no inode uses it", b);
  }
}

// ---- directories -------------------------------------------------------------------------

// Read entry k of directory d into *e. Returns 0 if its block is missing or bad.
static int
direntry(struct dinode *d, uint k, struct dirent *e)
{
  uint off = k * sizeof(*e), b = fileblock(d, off / BSIZE);

  if(b < datastart || b >= sb.size)
    return 0;
  memcpy(e, blockat(b) + off % BSIZE, sizeof(*e));
  return 1;
}

// A directory entry's name as a C string.
static const char*
entname(struct dirent *e)
{
  static char name[DIRSIZ + 1];

  memcpy(name, e->name, DIRSIZ);
  name[DIRSIZ] = '\0';
  return name;
}

// Check the entries of directory inum: each names an allocated inode, a subdirectory has
// one name only, and "." and ".." come first. Counts the links each entry makes.
static void
checkdir(uint inum)
{
  struct dinode *d = dinodeat(inum), *t;
  struct dirent e;
  uint k, n = d->size / sizeof(e);

  for(k = 0; k < n; k++){
    if(!direntry(d, k, &e))
      continue;   // its block is reported already
    if(e.inum == 0)
      continue;
    if(e.inum >= sb.ninodes){
      problem("inode %u: directory entry '%s' names inode %u, past the last inode (%u)",
              inum, entname(&e), e.inum, sb.ninodes - 1);
      continue;
    }
    t = dinodeat(e.inum);
    if(t->type == 0){
      problem("inode %u: directory entry '%s' names inode %u, which is free",
              inum, entname(&e), e.inum);
      continue;
    }
    if(strcmp(entname(&e), ".") == 0){
      if(k != 0 || e.inum != inum)
        problem("inode %u: entry '.' (slot %u) names inode %u; it must be slot 0, naming "
                "the directory itself", inum, k, e.inum);
      if(e.inum == inum)
        continue;   // a directory's "." is not counted in its nlink
    } else if(strcmp(entname(&e), "..") == 0){
      if(k != 1)
        problem("inode %u: entry '..' is in slot %u, not slot 1", inum, k);
    } else if(t->type == T_DIR){
      if(parent[e.inum])
        problem("inode %u: directory has two names, in inode %u and in inode %u",
                e.inum, parent[e.inum], inum);
      else
        parent[e.inum] = inum;
    }
    nrefs[e.inum]++;
  }
  if(n < 2 || !direntry(d, 0, &e) || strcmp(entname(&e), ".") != 0)
    problem("inode %u: directory has no '.' entry in slot 0", inum);
  if(n < 2 || !direntry(d, 1, &e) || strcmp(entname(&e), "..") != 0)
    problem("inode %u: directory has no '..' entry in slot 1", inum);
}

// The ".." of directory inum must name its parent (the root's names the root).
static void
checkdotdot(uint inum)
{
  struct dinode *d = dinodeat(inum);
  struct dirent e;
  uint want = inum == ROOTINO ? ROOTINO : parent[inum];

  if(d->size < 2 * sizeof(e) || d->size > MAXFILE * BSIZE || !direntry(d, 1, &e) || strcmp(entname(&e), "..") != 0)
    return;   // reported by checkdir
  if(want && e.inum != want)
    problem("inode %u: '..' names inode %u, but the directory is in inode %u",
            inum, e.inum, want);
}

// Mark everything reachable from directory inum (depth first; directories have one name,
// so this ends).
static void
walk(uint inum)
{
  struct dinode *d = dinodeat(inum);
  struct dirent e;
  uint k, n;

  reached[inum] = 1;
  if(d->type != T_DIR || d->size > MAXFILE * BSIZE)
    return;
  n = d->size / sizeof(e);
  for(k = 0; k < n; k++){
    if(!direntry(d, k, &e) || e.inum == 0 || e.inum >= sb.ninodes || reached[e.inum])
      continue;
    if(strcmp(entname(&e), ".") == 0 || strcmp(entname(&e), "..") == 0)
      continue;
    if(dinodeat(e.inum)->type != 0)
      walk(e.inum);
  }
}

// ---- main --------------------------------------------------------------------------------

static void
usage(void)
{
  fprintf(stderr, "usage: fsck [-r] [-o] fs.img\n");
  exit(2);
}

// Read the image at path into img (nimg blocks). Returns it still open (for writing too,
// if replay is set: -r writes the replayed log back); exits with 2 if it cannot be read.
static FILE*
loadimage(const char *path, int replay)
{
  FILE *f;
  long len;

  if((f = fopen(path, replay ? "r+b" : "rb")) == 0 || fseek(f, 0, SEEK_END) != 0 ||
     (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0){
    fprintf(stderr, "fsck: %s: %s\n", path, strerror(errno));
    exit(2);
  }
  nimg = len / BSIZE;
  if(nimg < 2 || (img = malloc((size_t)nimg * BSIZE)) == 0 ||
     fread(img, BSIZE, nimg, f) != nimg){
    fprintf(stderr, "fsck: %s: too short or unreadable (%ld bytes)\n", path, len);
    exit(2);
  }
  if(len % BSIZE)
    problem("image: %ld bytes is not a whole number of %d-byte blocks", len, BSIZE);
  return f;
}

// Check the log and apply a committed transaction to img, as recovery would; with -r
// (replay), also write the result back to the image file f. Exits with 2 if that fails.
static void
replaylog(FILE *f, const char *path, int replay)
{
  int replayed;

  replayed = checklog();
  if(replayed <= 0 || !replay)
    return;
  // Write the home blocks and the emptied header back, as initlog() would.
  if(fseek(f, 0, SEEK_SET) != 0 || fwrite(img, BSIZE, sb.size, f) != sb.size ||
     fflush(f) != 0){
    fprintf(stderr, "fsck: %s: cannot write the replayed log: %s\n", path, strerror(errno));
    exit(2);
  }
  printf("fsck: replayed %d blocks from the log into %s\n", replayed, path);
}

// Allocate the tables the inode and directory checks fill in. Exits with 2 if it cannot.
static void
alloctables(void)
{
  owner = calloc(sb.size, sizeof(*owner));
  nrefs = calloc(sb.ninodes, sizeof(*nrefs));
  parent = calloc(sb.ninodes, sizeof(*parent));
  reached = calloc(sb.ninodes, 1);
  orphan = calloc(sb.ninodes, 1);
  if(!owner || !nrefs || !parent || !reached || !orphan){
    fprintf(stderr, "fsck: out of memory\n");
    exit(2);
  }
}

// Check the directory tree: every directory's entries, its "." and "..", and which inodes
// a walk from the root reaches.
static void
checktree(void)
{
  struct dinode *root;
  uint i;

  root = dinodeat(ROOTINO);
  if(root->type != T_DIR){
    problem("inode %d: the root is not a directory (type %d)", ROOTINO, root->type);
    return;
  }
  // An orphan directory's entries ("." and "..") no longer count as links.
  for(i = 1; i < sb.ninodes; i++)
    if(dinodeat(i)->type == T_DIR && dinodeat(i)->size <= MAXFILE * BSIZE &&
       !orphan[i])
      checkdir(i);
  for(i = 1; i < sb.ninodes; i++)
    if(dinodeat(i)->type == T_DIR && !orphan[i])
      checkdotdot(i);
  if(parent[ROOTINO])
    problem("inode %d: the root directory has a name in inode %u", ROOTINO, parent[ROOTINO]);
  walk(ROOTINO);
}

// Every inode in use: is its link count the number of entries naming it, and did the
// walk from the root reach it?
static void
checklinks(void)
{
  struct dinode *d;
  uint i;

  for(i = 1; i < sb.ninodes; i++){
    d = dinodeat(i);
    if(d->type == 0)
      continue;
    if(d->nlink != (short)nrefs[i])
      problem("inode %u: link count %d, but %u directory entries name it",
              i, d->nlink, nrefs[i]);
    if(!reached[i] && !orphan[i])
      problem("inode %u: in use (type %d, %u bytes) but not reachable from /",
              i, d->type, d->size);
  }
}

int
main(int argc, char *argv[])
{
  const char *path;
  FILE *f;
  int replay = 0;
  uint i;
  uint one = 1;

  for(i = 1; i + 1 < (uint)argc; i++){
    if(strcmp(argv[i], "-r") == 0)
      replay = 1;
    else if(strcmp(argv[i], "-o") == 0)
      orphansok = 1;
    else
      usage();
  }
  if(argc < 2 || argv[argc - 1][0] == '-')
    usage();
  path = argv[argc - 1];
  if(*(uchar*)&one != 1){
    fprintf(stderr, "fsck: this host is big-endian; the image is little-endian\n");
    return 2;
  }

  f = loadimage(path, replay);
  if(!checksuper()){
    printf("fsck: %s: %d problem%s; the superblock is unusable, nothing else checked\n",
           path, problems, problems == 1 ? "" : "s");
    return 1;
  }
  replaylog(f, path, replay);
  fclose(f);

  alloctables();
  for(i = 0; i < sb.ninodes; i++)
    checkinode(i);
  checkbitmap();
  checktree();
  checklinks();

  if(problems){
    printf("fsck: %s: %d problem%s\n", path, problems, problems == 1 ? "" : "s");
    return 1;
  }
  printf("fsck: %s: clean (%u inodes, %u blocks checked)\n", path, sb.ninodes, sb.size);
  return 0;
}
