// mkfs.c: host program that builds the file-system image the kernel mounts as ROOTDEV.
// usage: tools/mkfs fs.img file...
// Each file goes into the root directory under its base name, minus a leading '_'
// (user/_cat becomes "cat"). The image is FSSIZE blocks, laid out as fs.h describes.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <errno.h>

// After the host headers: glibc typedefs uint and ushort identically, which C11 allows.
#include "types.h"
#include "fs.h"
#include "stat.h"
#include "param.h"

// The kernel views blocks as arrays of these records, so they must tile a block exactly.
_Static_assert(BSIZE % sizeof(struct dinode) == 0, "dinodes must tile a block");
_Static_assert(BSIZE % sizeof(struct dirent) == 0, "dirents must tile a block");
// The kernel's sizes (i386) must match what this host compiler lays out.
_Static_assert(sizeof(struct dinode) == 64, "unexpected struct dinode layout");
_Static_assert(sizeof(struct dirent) == 16, "unexpected struct dirent layout");
_Static_assert(sizeof(struct superblock) == 28, "unexpected struct superblock layout");

// Layout, computed in main().
static uint nbitmap;    // bitmap blocks
static uint ninodeblk;  // inode blocks
static uint nmeta;      // boot + superblock + log + inodes + bitmap
static struct superblock sb;

static uchar img[FSSIZE][BSIZE];   // the whole image, written out at the end
static uint nextblock;             // first data block not yet handed out
static uint nextinum = 1;          // first inode number not yet handed out

static void
die(const char *msg, const char *arg)
{
  if(arg)
    fprintf(stderr, "mkfs: %s: %s\n", msg, arg);
  else
    fprintf(stderr, "mkfs: %s\n", msg);
  exit(1);
}

// Little-endian stores and loads, so the image is right whatever the host's byte order.
static void
put16(uchar *p, uint v)
{
  p[0] = v;
  p[1] = v >> 8;
}

static void
put32(uchar *p, uint v)
{
  p[0] = v;
  p[1] = v >> 8;
  p[2] = v >> 16;
  p[3] = v >> 24;
}

static uint
get32(const uchar *p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (uint)p[3] << 24;
}

// Where dinode inum lives in the image.
static uchar*
dinodeat(uint inum)
{
  return img[IBLOCK(inum, sb)] + (inum % IPB) * sizeof(struct dinode);
}

static uint
balloc(void)
{
  if(nextblock >= FSSIZE)
    die("disk image full; raise FSSIZE in param.h", 0);
  return nextblock++;
}

// Allocate an inode of the given type with one link and no contents.
static uint
ialloc(short type)
{
  uint inum;
  uchar *d;

  if(nextinum >= NINODES)
    die("out of inodes; raise NINODES in param.h", 0);
  inum = nextinum++;
  d = dinodeat(inum);
  memset(d, 0, sizeof(struct dinode));
  put16(d + offsetof(struct dinode, type), type);
  put16(d + offsetof(struct dinode, nlink), 1);
  return inum;
}

// Return the image block holding block fbn of inode inum, allocating it if needed.
static uint
fileblock(uint inum, uint fbn, const char *what)
{
  uchar *d, *slot;
  uint ind;

  if(fbn >= MAXFILE)
    die("file too big (more than MAXFILE blocks)", what);
  d = dinodeat(inum);
  if(fbn < NDIRECT){
    slot = d + offsetof(struct dinode, addrs) + 4 * fbn;
  } else {
    slot = d + offsetof(struct dinode, addrs) + 4 * NDIRECT;
    if(get32(slot) == 0)
      put32(slot, balloc());
    ind = get32(slot);
    slot = img[ind] + 4 * (fbn - NDIRECT);
  }
  if(get32(slot) == 0)
    put32(slot, balloc());
  return get32(slot);
}

// Append n bytes to the contents of inode inum. what names the file in error messages.
static void
iappend(uint inum, const void *data, uint n, const char *what)
{
  const uchar *src = data;
  uchar *sizep;
  uint off, m, bno;

  sizep = dinodeat(inum) + offsetof(struct dinode, size);
  off = get32(sizep);
  while(n > 0){
    bno = fileblock(inum, off / BSIZE, what);
    m = BSIZE - off % BSIZE;
    if(m > n)
      m = n;
    memcpy(img[bno] + off % BSIZE, src, m);
    off += m;
    src += m;
    n -= m;
  }
  put32(sizep, off);
}

// Append the entry (name, inum) to directory dir.
static void
addentry(uint dir, const char *name, uint inum)
{
  uchar de[sizeof(struct dirent)], *old;
  uint off, size;

  if(strlen(name) > DIRSIZ)
    die("name longer than DIRSIZ", name);
  size = get32(dinodeat(dir) + offsetof(struct dinode, size));
  for(off = 0; off < size; off += sizeof(de)){
    old = img[fileblock(dir, off / BSIZE, "/")] + off % BSIZE;
    if(strncmp((char*)old + offsetof(struct dirent, name), name, DIRSIZ) == 0)
      die("two files would have the same name", name);
  }
  memset(de, 0, sizeof(de));
  put16(de + offsetof(struct dirent, inum), inum);
  memcpy(de + offsetof(struct dirent, name), name, strlen(name));
  iappend(dir, de, sizeof(de), "/");
}

// Copy the host file at path into a new file in directory dir.
static void
addfile(uint dir, const char *path)
{
  const char *name;
  char buf[BSIZE];
  FILE *f;
  size_t n;
  uint inum;

  name = strrchr(path, '/');
  name = name ? name + 1 : path;
  if(name[0] == '_')
    name++;
  if(name[0] == '\0')
    die("empty file name", path);

  if((f = fopen(path, "rb")) == 0){
    fprintf(stderr, "mkfs: %s: %s\n", path, strerror(errno));
    exit(1);
  }
  inum = ialloc(T_FILE);
  addentry(dir, name, inum);
  while((n = fread(buf, 1, sizeof(buf), f)) > 0)
    iappend(inum, buf, n, path);
  if(ferror(f))
    die("read error", path);
  fclose(f);
}

// Decide where each region goes (fs.h's layout) and fill in sb to say so.
static void
layout(void)
{
  nbitmap = FSSIZE / BPB + 1;
  ninodeblk = NINODES / IPB + 1;
  nmeta = 2 + LOGSIZE + ninodeblk + nbitmap;
  if(nmeta >= FSSIZE)
    die("FSSIZE too small for the metadata", 0);

  sb.size = FSSIZE;
  sb.nblocks = FSSIZE - nmeta;
  sb.ninodes = NINODES;
  sb.nlog = LOGSIZE;
  sb.logstart = 2;
  sb.inodestart = 2 + LOGSIZE;
  sb.bmapstart = 2 + LOGSIZE + ninodeblk;
  nextblock = nmeta;

  printf("mkfs: %u blocks: %u meta (boot, super, log %u, inode %u, bitmap %u), %u data\n",
         FSSIZE, nmeta, LOGSIZE, ninodeblk, nbitmap, sb.nblocks);
}

// Store sb in block 1, field by field in the disk's byte order.
static void
writesb(void)
{
  put32(img[1] + offsetof(struct superblock, size), sb.size);
  put32(img[1] + offsetof(struct superblock, nblocks), sb.nblocks);
  put32(img[1] + offsetof(struct superblock, ninodes), sb.ninodes);
  put32(img[1] + offsetof(struct superblock, nlog), sb.nlog);
  put32(img[1] + offsetof(struct superblock, logstart), sb.logstart);
  put32(img[1] + offsetof(struct superblock, inodestart), sb.inodestart);
  put32(img[1] + offsetof(struct superblock, bmapstart), sb.bmapstart);
}

// Make the root directory, with its "." and "..". Returns its inode number.
static uint
mkroot(void)
{
  uint root;

  root = ialloc(T_DIR);
  if(root != ROOTINO)
    die("root directory did not get inode ROOTINO", 0);
  addentry(root, ".", root);
  addentry(root, "..", root);   // the root is its own parent
  return root;
}

// Mark every block handed out so far (metadata included) as in use in the bitmap.
static void
markused(void)
{
  uint b;

  for(b = 0; b < nextblock; b++)
    img[BBLOCK(b, sb)][(b % BPB) / 8] |= 1 << (b % 8);
}

// Write the whole image to path. Returns 0, or -1 (and removes path) if that fails.
static int
writeimage(const char *path)
{
  FILE *out;

  if((out = fopen(path, "wb")) == 0){
    fprintf(stderr, "mkfs: %s: %s\n", path, strerror(errno));
    return -1;
  }
  if(fwrite(img, BSIZE, FSSIZE, out) != FSSIZE || fclose(out) != 0){
    fprintf(stderr, "mkfs: %s: write failed\n", path);
    remove(path);
    return -1;
  }
  return 0;
}

int
main(int argc, char *argv[])
{
  uint root;
  int i;

  if(argc < 2){
    fprintf(stderr, "usage: mkfs fs.img file...\n");
    return 1;
  }

  layout();
  writesb();
  root = mkroot();
  for(i = 2; i < argc; i++)
    addfile(root, argv[i]);
  markused();
  if(writeimage(argv[1]) < 0)
    return 1;
  printf("mkfs: %u inodes used, %u data blocks used\n", nextinum - 1, nextblock - nmeta);
  return 0;
}
