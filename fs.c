// fs.c: the file system proper: block allocation, inodes, file contents, directories and
// path names, layered on the log (log.c) and the buffer cache (bio.c).
// The on-disk format is in fs.h; tools/mkfs.c builds the initial image.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "stat.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "file.h"

#define min(a, b) ((a) < (b) ? (a) : (b))

// The superblock of ROOTDEV, read once by iinit() and never changed afterwards.
// (There is one file-system disk, so one copy suffices.)
static struct superblock sb;

// Copy the superblock of disk dev into *out. Sleeps for the disk; cannot fail.
void
readsb(int dev, struct superblock *out)
{
  struct buf *bp;

  bp = bread(dev, 1);
  memmove(out, bp->data, sizeof(*out));
  brelse(bp);
}

// ---- blocks ------------------------------------------------------------------------------

// Fill block bno with zeros, as part of the current operation.
static void
bzero(int dev, uint bno)
{
  struct buf *bp;

  bp = bread(dev, bno);
  memset(bp->data, 0, BSIZE);
  log_write(bp);
  brelse(bp);
}

// Claim a free block, zeroed. Must run inside an operation.
// Returns its block number, or 0 if the disk is full (block 0 is never a data block).
static uint
balloc(uint dev)
{
  uint base, bit, bno;
  uchar mask;
  struct buf *bp;

  for(base = 0; base < sb.size; base += BPB){
    bp = bread(dev, BBLOCK(base, sb));
    for(bit = 0; bit < BPB && base + bit < sb.size; bit++){
      mask = 1 << (bit % 8);
      if((bp->data[bit / 8] & mask) == 0){
        bp->data[bit / 8] |= mask;
        log_write(bp);
        brelse(bp);
        bno = base + bit;
        bzero(dev, bno);
        return bno;
      }
    }
    brelse(bp);
  }
  return 0;
}

// Mark block b free. Must run inside an operation.
static void
bfree(int dev, uint b)
{
  struct buf *bp;
  uchar mask;
  uint bit;

  if(b == 0 || b >= sb.size)
    panic("bfree: block number out of range");
  bp = bread(dev, BBLOCK(b, sb));
  bit = b % BPB;
  mask = 1 << (bit % 8);
  if((bp->data[bit / 8] & mask) == 0)
    panic("bfree: block already free");
  bp->data[bit / 8] &= ~mask;
  log_write(bp);
  brelse(bp);
}

// ---- inodes ------------------------------------------------------------------------------
//
// An inode describes one file, directory or device. The disk holds an array of dinodes
// (sb.inodestart onwards); icache holds an in-memory struct inode for every inode some
// part of the kernel is using.
//
// The life of an in-memory inode:
//  - iget() finds or makes the cache entry and counts a reference (ref). It neither
//    locks the inode nor reads the disk, so holding a reference is cheap: open files and
//    the current directory keep one for a long time. iput() drops it.
//  - ilock() takes the inode's sleeplock and reads the dinode if it is not yet valid;
//    only then may the caller look at or change type, size, addrs and the rest.
//    iunlock() releases it. Path lookup keeps the two separate so it can hold a reference
//    to a directory without holding its lock.
//  - When the last reference goes (iput) and no directory entry names the inode
//    (nlink == 0), its contents and the dinode are freed.
// Changes to the dinode fields reach the disk only through iupdate() inside an operation.

// icache.lock protects, for every entry, ref, dev and inum (which together say whether the
// slot is in use and for what). An entry's sleeplock protects valid and the dinode copy.
static struct {
  struct spinlock lock;
  struct inode inode[NINODE];
} icache;

// Set up the inode cache and read the superblock of disk dev. Call once at boot, before
// any other function here, from a process context (it sleeps on the disk).
void
iinit(int dev)
{
  int i;

  initlock(&icache.lock, "icache");
  for(i = 0; i < NINODE; i++)
    initsleeplock(&icache.inode[i].lock, "inode");

  readsb(dev, &sb);
  cprintf("fs: size %d nblocks %d ninodes %d nlog %d logstart %d inodestart %d bmapstart %d\n",
          sb.size, sb.nblocks, sb.ninodes, sb.nlog, sb.logstart, sb.inodestart, sb.bmapstart);
}

// Return a counted reference to the cache entry for inode inum on dev, unlocked and
// possibly not yet read from disk. Returns 0 if every cache slot is in use.
static struct inode*
iget(uint dev, uint inum)
{
  struct inode *ip, *empty;

  acquire(&icache.lock);
  empty = 0;
  for(ip = icache.inode; ip < icache.inode + NINODE; ip++){
    if(ip->ref > 0 && ip->dev == dev && ip->inum == inum){
      ip->ref++;
      release(&icache.lock);
      return ip;
    }
    if(empty == 0 && ip->ref == 0)
      empty = ip;
  }

  if(empty != 0){
    empty->dev = dev;
    empty->inum = inum;
    empty->ref = 1;
    empty->valid = 0;
  }
  release(&icache.lock);
  return empty;
}

// Allocate a fresh inode of the given type on dev (its dinode zeroed apart from type).
// Must run inside an operation. Returns it referenced but unlocked (with nlink 0: the
// caller sets nlink and calls iupdate), or 0 if there is no free inode or cache slot.
struct inode*
ialloc(uint dev, short type)
{
  uint inum;
  struct buf *bp;
  struct dinode *dip;
  struct inode *ip;

  for(inum = 1; inum < sb.ninodes; inum++){
    bp = bread(dev, IBLOCK(inum, sb));
    dip = (struct dinode*)bp->data + inum % IPB;
    if(dip->type == 0){
      // Take a cache slot before claiming the dinode, so failing leaves the disk alone.
      ip = iget(dev, inum);
      if(ip == 0){
        brelse(bp);
        return 0;
      }
      memset(dip, 0, sizeof(*dip));
      dip->type = type;
      log_write(bp);
      brelse(bp);
      return ip;
    }
    brelse(bp);
  }
  return 0;
}

// Write ip's dinode fields back to disk. Expects: ip locked, inside an operation.
// Call after every change to a field that lives on disk.
void
iupdate(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  bp = bread(ip->dev, IBLOCK(ip->inum, sb));
  dip = (struct dinode*)bp->data + ip->inum % IPB;
  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
  log_write(bp);
  brelse(bp);
}

// Take one more reference to ip (so that "ip2 = idup(ip1)" reads naturally). Returns ip.
struct inode*
idup(struct inode *ip)
{
  acquire(&icache.lock);
  ip->ref++;
  release(&icache.lock);
  return ip;
}

// Lock ip, reading its dinode from disk the first time. Expects: ip referenced, not
// already locked by the caller. Sleeps.
void
ilock(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  if(ip == 0 || ip->ref < 1)
    panic("ilock: inode not referenced");

  acquiresleep(&ip->lock);
  if(!ip->valid){
    bp = bread(ip->dev, IBLOCK(ip->inum, sb));
    dip = (struct dinode*)bp->data + ip->inum % IPB;
    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
    brelse(bp);
    ip->valid = 1;
    // Every reference came from a directory entry or ialloc, so the dinode is in use.
    if(ip->type == 0)
      panic("ilock: inode is free on disk");
  }
}

// Release the lock taken by ilock(). Expects: the caller holds it.
void
iunlock(struct inode *ip)
{
  if(ip == 0 || !holdingsleep(&ip->lock) || ip->ref < 1)
    panic("iunlock: not locked");
  releasesleep(&ip->lock);
}

// Drop a reference. If it was the last one and no directory names the inode any more,
// free its blocks and the inode itself. Expects: ip unlocked; inside an operation
// (any iput may write the disk).
void
iput(struct inode *ip)
{
  int lastref;

  acquiresleep(&ip->lock);
  if(ip->valid && ip->nlink == 0){
    acquire(&icache.lock);
    lastref = (ip->ref == 1);
    release(&icache.lock);
    if(lastref){
      // Nobody else can find this inode (no links) or hold it (no other refs).
      itrunc(ip);
      ip->type = 0;
      iupdate(ip);
      ip->valid = 0;
    }
  }
  releasesleep(&ip->lock);

  acquire(&icache.lock);
  ip->ref--;
  release(&icache.lock);
}

// iunlock() then iput(), the usual way to finish with an inode.
void
iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

// ---- file contents -----------------------------------------------------------------------
//
// A file's data lives in the blocks listed in addrs[]: the first NDIRECT directly, the
// next NINDIRECT in the block whose number is addrs[NDIRECT].

// Return the disk block holding block bn of ip's contents, allocating it (and the
// indirect block) if there is none yet. Returns 0 if the disk is full. The caller
// holds ip's lock and, if it may allocate, is inside an operation and calls iupdate().
static uint
bmap(struct inode *ip, uint bn)
{
  uint addr, *table;
  struct buf *bp;

  if(bn < NDIRECT){
    if(ip->addrs[bn] == 0)
      ip->addrs[bn] = balloc(ip->dev);
    return ip->addrs[bn];
  }
  bn -= NDIRECT;
  if(bn >= NINDIRECT)
    panic("bmap: block index out of range");

  if(ip->addrs[NDIRECT] == 0){
    ip->addrs[NDIRECT] = balloc(ip->dev);
    if(ip->addrs[NDIRECT] == 0)
      return 0;
  }
  bp = bread(ip->dev, ip->addrs[NDIRECT]);
  table = (uint*)bp->data;
  addr = table[bn];
  if(addr == 0){
    addr = balloc(ip->dev);
    if(addr != 0){
      table[bn] = addr;
      log_write(bp);
    }
  }
  brelse(bp);
  return addr;
}

// Free all of ip's data blocks and set its size to 0. Expects: ip locked, inside an
// operation. The caller need not iupdate (itrunc does).
void
itrunc(struct inode *ip)
{
  int i;
  uint *table;
  struct buf *bp;

  for(i = 0; i < NDIRECT; i++){
    if(ip->addrs[i] != 0){
      bfree(ip->dev, ip->addrs[i]);
      ip->addrs[i] = 0;
    }
  }

  if(ip->addrs[NDIRECT] != 0){
    bp = bread(ip->dev, ip->addrs[NDIRECT]);
    table = (uint*)bp->data;
    for(i = 0; i < NINDIRECT; i++){
      if(table[i] != 0)
        bfree(ip->dev, table[i]);
    }
    brelse(bp);
    bfree(ip->dev, ip->addrs[NDIRECT]);
    ip->addrs[NDIRECT] = 0;
  }

  ip->size = 0;
  iupdate(ip);
}

// Fill *st from ip. Expects: ip locked.
void
stati(struct inode *ip, struct stat *st)
{
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

// Look up the device switch entry for a T_DEV inode; 0 if there is none.
static struct devsw*
devof(struct inode *ip)
{
  if(ip->major < 0 || ip->major >= NDEV)
    return 0;
  return &devsw[ip->major];
}

// Copy up to n bytes starting at offset off of ip into dst (a kernel address, or a user
// address valid in the current page table). Expects: ip locked.
// Returns the number of bytes read (0 at end of file), or -1 if off is past the end,
// off+n overflows, or ip is a device without a read function.
int
readi(struct inode *ip, char *dst, uint off, uint n)
{
  uint tot, m;
  struct buf *bp;
  struct devsw *d;

  if(ip->type == T_DEV){
    d = devof(ip);
    if(d == 0 || d->read == 0)
      return -1;
    return d->read(ip, dst, n);
  }

  if(off > ip->size || off + n < off)
    return -1;
  if(off + n > ip->size)
    n = ip->size - off;

  for(tot = 0; tot < n; tot += m, off += m, dst += m){
    bp = bread(ip->dev, bmap(ip, off / BSIZE));
    m = min(n - tot, BSIZE - off % BSIZE);
    memmove(dst, bp->data + off % BSIZE, m);
    brelse(bp);
  }
  return n;
}

// Copy n bytes from src to offset off of ip, growing the file if the write runs past its
// end. Expects: ip locked, inside an operation (unless ip is a device), and n small enough
// that the operation's log budget holds (filewrite() splits big writes).
// Returns n; or, if the disk fills up part way, the bytes written before that, or -1 if
// none were. Returns -1 if off is past the end of the file, off+n overflows or the file
// would exceed MAXFILE blocks, or ip is a device without a write function.
int
writei(struct inode *ip, char *src, uint off, uint n)
{
  uint tot, m, bno;
  struct buf *bp;
  struct devsw *d;

  if(ip->type == T_DEV){
    d = devof(ip);
    if(d == 0 || d->write == 0)
      return -1;
    return d->write(ip, src, n);
  }

  if(off > ip->size || off + n < off)
    return -1;
  if(off + n > MAXFILE * BSIZE)
    return -1;
  if(n == 0)
    return 0;

  for(tot = 0; tot < n; tot += m, off += m, src += m){
    bno = bmap(ip, off / BSIZE);
    if(bno == 0)
      break;   // disk full
    bp = bread(ip->dev, bno);
    m = min(n - tot, BSIZE - off % BSIZE);
    memmove(bp->data + off % BSIZE, src, m);
    log_write(bp);
    brelse(bp);
  }

  if(off > ip->size)
    ip->size = off;
  // Write the inode back even if the size did not change: bmap may have filled in addrs[].
  iupdate(ip);

  if(tot == 0)
    return -1;
  return tot;
}

// ---- directories -------------------------------------------------------------------------
//
// A directory is a file of struct dirent records; inum 0 marks a free slot. Every
// directory starts with "." (itself) and ".." (its parent; the root's parent is itself).

// Compare two directory-entry names: at most DIRSIZ bytes count. Returns 0 if equal.
int
namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

// Find name in directory dp. Returns the inode number (0 if absent) and, if found and
// poff is not 0, the entry's byte offset in *poff. Caller holds dp's lock.
static uint
dirfind(struct inode *dp, char *name, uint *poff)
{
  uint off;
  struct dirent de;

  if(dp->type != T_DIR)
    panic("dirfind: not a directory");

  for(off = 0; off < dp->size; off += sizeof(de)){
    if(readi(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
      panic("dirfind: short directory read");
    if(de.inum != 0 && namecmp(name, de.name) == 0){
      if(poff)
        *poff = off;
      return de.inum;
    }
  }
  return 0;
}

// Look up name in directory dp. Expects: dp locked and a directory.
// Returns the named inode, referenced and unlocked, and its entry's offset in *poff
// (if poff is not 0); or 0 if there is no such entry or no free inode-cache slot.
struct inode*
dirlookup(struct inode *dp, char *name, uint *poff)
{
  uint inum;

  inum = dirfind(dp, name, poff);
  if(inum == 0)
    return 0;
  return iget(dp->dev, inum);
}

// Add the entry (name, inum) to directory dp, reusing a free slot if there is one.
// name is truncated to DIRSIZ bytes. Expects: dp locked, inside an operation.
// Returns 0, or -1 if name is already present or the directory cannot grow (disk full or
// maximum file size).
int
dirlink(struct inode *dp, char *name, uint inum)
{
  uint off;
  struct dirent de;

  if(dirfind(dp, name, 0) != 0)
    return -1;

  for(off = 0; off < dp->size; off += sizeof(de)){
    if(readi(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
      panic("dirlink: short directory read");
    if(de.inum == 0)
      break;
  }

  memset(&de, 0, sizeof(de));
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  // An entry never straddles a block (BSIZE is a multiple of it), so this is all or nothing.
  if(writei(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
    return -1;
  return 0;
}

// ---- path names --------------------------------------------------------------------------

// Split off the first element of path: copy it into name (at most DIRSIZ bytes, NUL
// terminated if shorter) and return the rest of the path with leading slashes removed.
// Returns 0 if path has no element left.
//   skipelem("a/bb/c", name) = "bb/c", name "a"
//   skipelem("///a//bb", name) = "bb", name "a"
//   skipelem("a", name) = "", name "a"
//   skipelem("", name) = skipelem("////", name) = 0
static char*
skipelem(char *path, char *name)
{
  char *start;
  int len;

  while(*path == '/')
    path++;
  if(*path == '\0')
    return 0;

  start = path;
  while(*path != '/' && *path != '\0')
    path++;
  len = path - start;
  if(len >= DIRSIZ){
    memmove(name, start, DIRSIZ);   // too long: keep the first DIRSIZ bytes, no NUL
  } else {
    memmove(name, start, len);
    name[len] = '\0';
  }

  while(*path == '/')
    path++;
  return path;
}

// Walk path from the root (if it starts with '/') or the current directory.
// With parent set, stop one level early: return the directory that would hold the last
// element and copy that element into name (which must have room for DIRSIZ bytes).
// Returns a referenced, unlocked inode, or 0 if some element is missing, is not a
// directory where one is needed, or the inode cache is full. Must run inside an operation.
static struct inode*
namex(char *path, int parent, char *name)
{
  struct inode *ip, *next;

  if(*path == '/')
    ip = iget(ROOTDEV, ROOTINO);
  else
    ip = idup(myproc()->cwd);
  if(ip == 0)
    return 0;

  while((path = skipelem(path, name)) != 0){
    ilock(ip);
    if(ip->type != T_DIR){
      iunlockput(ip);
      return 0;
    }
    if(parent && *path == '\0'){
      // name is the last element; ip is its directory.
      iunlock(ip);
      return ip;
    }
    next = dirlookup(ip, name, 0);
    // Unlock ip before locking next: for "." they are the same inode.
    iunlockput(ip);
    if(next == 0)
      return 0;
    ip = next;
  }

  if(parent){
    // The path had no last element (e.g. "/"), so there is no parent to return.
    iput(ip);
    return 0;
  }
  return ip;
}

// Return the inode path names, referenced and unlocked, or 0 if there is none.
// Must run inside an operation (dropping inodes along the way may write the disk).
struct inode*
namei(char *path)
{
  char name[DIRSIZ];

  return namex(path, 0, name);
}

// Return the directory that holds the last element of path, referenced and unlocked,
// and copy that element into name (room for DIRSIZ bytes; not NUL-terminated if it uses
// all of them). Returns 0 if that directory does not exist or path has no last element.
// Must run inside an operation.
struct inode*
nameiparent(char *path, char *name)
{
  return namex(path, 1, name);
}
