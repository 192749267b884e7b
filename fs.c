// fs.c: the file system proper: block allocation, inodes, file contents,
// directories and path names, layered on the log (log.c) and the buffer cache
// (bio.c). The on-disk format is in fs.h; tools/mkfs.c builds the initial
// image.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "stat.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "kdebug.h"
#include "buf.h"
#include "file.h"

// The superblock of ROOTDEV, read once by iinit() and never changed afterwards.
// (There is one file-system disk, so one copy suffices.)
static struct superblock sb;

// Copy the superblock of disk dev into *out. Sleeps for the disk; cannot fail.
void
readsb(int dev, struct superblock *out)
{
  struct buf *b = bread(dev, 1);   // block 0 is the boot block

  memmove(out, b->data, sizeof(struct superblock));
  brelse(b);
}

// ---- blocks -----------------------------------------------------------------
//
// The bitmap has one bit per disk block, 1 meaning in use; bit k of the bitmap
// lives in byte (k % BPB) / 8 of bitmap block BBLOCK(k), at position k % 8.

// The bit for block b within its bitmap byte.
static uchar
bitof(uint b)
{
  return 1 << (b % 8);
}

// Overwrite block blk with zeros, as part of the current operation.
static void
bzero(int dev, uint blk)
{
  struct buf *b = bread(dev, blk);

  memset(b->data, 0, BSIZE);
  log_write(b);
  brelse(b);
}

// Claim a free block, zeroed. Must run inside an operation. Returns its block
// number, or 0 if the disk is full (block 0 is never a data block).
static uint
balloc(uint dev)
{
  uint first, k, blk;
  struct buf *b;

  // Each bitmap block covers the BPB disk blocks starting at first.
  for(first = 0; first < sb.size; first += BPB){
    b = bread(dev, BBLOCK(first, sb));
    // Try every block this bitmap block describes, stopping at the end of the
    // disk.
    for(k = 0; k < BPB && first + k < sb.size; k++){
      if(b->data[k / 8] & bitof(k))
        continue;   // in use
      b->data[k / 8] |= bitof(k);
      log_write(b);
      brelse(b);
      blk = first + k;
      bzero(dev, blk);
      return blk;
    }
    brelse(b);
  }
  return 0;
}

// Mark block blk free. Must run inside an operation.
static void
bfree(int dev, uint blk)
{
  struct buf *b;
  uchar *byte;

  if(blk == 0 || blk >= sb.size)
    panic("bfree: block number out of range");
  b = bread(dev, BBLOCK(blk, sb));
  byte = &b->data[(blk % BPB) / 8];
  if(!(*byte & bitof(blk)))
    panic("bfree: block already free");
  *byte &= ~bitof(blk);
  log_write(b);
  brelse(b);
}

// For kstat(): count the free blocks (bitmap bit clear) and the free dinodes
// (type 0) of disk dev. The bitmap and inode blocks are read through the buffer
// cache, so the counts include what operations not yet committed have changed;
// they are exact when no operation is under way.
void
fsfreecount(int dev, int *blocks, int *inodes)
{
  struct buf *b;
  struct dinode *d;
  uint first, k;

  *blocks = 0;
  for(first = 0; first < sb.size; first += BPB){
    b = bread(dev, BBLOCK(first, sb));
    for(k = 0; k < BPB && first + k < sb.size; k++)
      *blocks += !(b->data[k / 8] & bitof(k));
    brelse(b);
  }
  *inodes = 0;
  for(first = 0; first < sb.ninodes; first += IPB){
    b = bread(dev, IBLOCK(first, sb));
    d = (struct dinode*)b->data;
    // Inode 0 is never handed out, so it is not counted as free.
    for(k = 0; k < IPB && first + k < sb.ninodes; k++)
      *inodes += first + k != 0 && d[k].type == 0;
    brelse(b);
  }
}

// ---- inodes -----------------------------------------------------------------
//
// An inode describes one file, directory or device. The disk holds an array of
// dinodes (sb.inodestart onwards); icache holds an in-memory struct inode for
// every inode some part of the kernel is using.
//
// The life of an in-memory inode:
//  - iget() finds or makes the cache entry and counts a reference (ref). It
//    neither locks the inode nor reads the disk, so holding a reference is
//    cheap: open files and the current directory keep one for a long time.
//    iput() drops it.
//  - ilock() takes the inode's sleeplock and reads the dinode if it is not yet
//    valid; only then may the caller look at or change type, size, addrs and
//    the rest. iunlock() releases it. Path lookup keeps the two separate so it
//    can hold a reference to a directory without holding its lock.
//  - When the last reference goes (iput) and no directory entry names the inode
//    (nlink == 0), its contents and the dinode are freed.
// Changes to the dinode fields reach the disk only through iupdate() inside an
// operation.

// icache.lock protects, for every entry, ref, dev and inum (which together say
// whether the slot is in use and for what). An entry's sleeplock protects valid
// and the dinode copy.
static struct {
  struct spinlock lock;
  struct inode inode[NINODE];
} icache;

// Set up the inode cache and read the superblock of disk dev. Call once at
// boot, before any other function here, from a process context (it sleeps on
// the disk).
void
iinit(int dev)
{
  struct inode *slot;

  initlock(&icache.lock, "icache");
  for(slot = &icache.inode[0]; slot != &icache.inode[NINODE]; slot++)
    initsleeplock(&slot->lock, "inode");

  readsb(dev, &sb);
  // The disk's layout, from the superblock (fs.h draws it).
  cprintf(
    "fs: %d blocks: log %d-%d, %d inodes %d-%d, bitmap %d-%d, data %d-%d\n",
    sb.size, sb.logstart, sb.logstart + sb.nlog - 1, sb.ninodes,
    sb.inodestart, sb.bmapstart - 1, sb.bmapstart,
    sb.size - sb.nblocks - 1, sb.size - sb.nblocks, sb.size - 1);
}

// For kstat(): how many inode-cache entries are in use (ref > 0).
int
icacheinuse(void)
{
  struct inode *slot;
  int n = 0;

  acquire(&icache.lock);
  for(slot = &icache.inode[0]; slot != &icache.inode[NINODE]; slot++)
    n += slot->ref > 0;
  release(&icache.lock);
  return n;
}

// Read the disk block holding dinode inum of dev and point *where at that
// dinode. Returns the buffer; the caller brelse()s it.
static struct buf*
dinodeblock(uint dev, uint inum, struct dinode **where)
{
  struct buf *b = bread(dev, IBLOCK(inum, sb));

  *where = &((struct dinode*)b->data)[inum % IPB];
  return b;
}

// Return a counted reference to the cache entry for inode inum on dev, unlocked
// and possibly not yet read from disk. Returns 0 if every cache slot is in use.
static struct inode*
iget(uint dev, uint inum)
{
  struct inode *slot, *spare = 0;
  int i;

  acquire(&icache.lock);
  for(i = 0; i < NINODE; i++){
    slot = &icache.inode[i];
    if(slot->ref == 0){
      if(spare == 0)
        spare = slot;
      continue;
    }
    if(slot->inum == inum && slot->dev == dev){
      slot->ref += 1;
      release(&icache.lock);
      return slot;
    }
  }
  if(spare){
    spare->valid = 0;
    spare->ref = 1;
    spare->inum = inum;
    spare->dev = dev;
  }
  release(&icache.lock);
  return spare;
}

// Allocate a fresh inode of the given type on dev (its dinode zeroed apart from
// type). Must run inside an operation. Returns it referenced but unlocked (with
// nlink 0: the caller sets nlink and calls iupdate), or 0 if there is no free
// inode or cache slot.
struct inode*
ialloc(uint dev, short type)
{
  struct buf *b;
  struct dinode *d;
  struct inode *got;
  uint inum;

  // Inode 0 is never used. Read the block holding each inode in turn (the
  // buffer cache makes the repeated reads of one block cheap).
  for(inum = 1; inum < sb.ninodes; inum++){
    b = dinodeblock(dev, inum, &d);
    if(d->type == 0){
      // Take a cache slot before claiming the dinode, so that failing
      // leaves the disk alone.
      got = iget(dev, inum);
      if(got){
        memset(d, 0, sizeof(struct dinode));
        d->type = type;
        log_write(b);
      }
      brelse(b);
      return got;
    }
    brelse(b);
  }
  return 0;
}

// Write ip's dinode fields back to disk. Expects: ip locked, inside an
// operation. Call after every change to a field that lives on disk.
void
iupdate(struct inode *ip)
{
  struct dinode *d;
  struct buf *b = dinodeblock(ip->dev, ip->inum, &d);

  d->size = ip->size;
  d->nlink = ip->nlink;
  d->type = ip->type;
  d->minor = ip->minor;
  d->major = ip->major;
  memmove(d->addrs, ip->addrs, sizeof(d->addrs));
  log_write(b);
  brelse(b);
}

// Take one more reference to ip (so that "ip2 = idup(ip1)" reads naturally).
// Returns ip.
struct inode*
idup(struct inode *ip)
{
  acquire(&icache.lock);
  ip->ref += 1;
  release(&icache.lock);
  return ip;
}

// Lock ip, reading its dinode from disk the first time. Expects: ip referenced,
// not already locked by the caller. Sleeps.
void
ilock(struct inode *ip)
{
  struct dinode *d;
  struct buf *b;

  if(!ip || ip->ref <= 0)
    panic("ilock: inode not referenced");
  acquiresleep(&ip->lock);
  if(ip->valid)
    return;

  b = dinodeblock(ip->dev, ip->inum, &d);
  memmove(ip->addrs, d->addrs, sizeof(d->addrs));
  ip->size = d->size;
  ip->nlink = d->nlink;
  ip->minor = d->minor;
  ip->major = d->major;
  ip->type = d->type;
  brelse(b);
  ip->valid = 1;
  // Every reference came from a directory entry or ialloc, so the dinode is in
  // use.
  if(ip->type == 0)
    panic("ilock: inode is free on disk");
}

// Release the lock taken by ilock(). Expects: the caller holds it.
void
iunlock(struct inode *ip)
{
  if(!ip || ip->ref <= 0 || !holdingsleep(&ip->lock))
    panic("iunlock: not locked");
  releasesleep(&ip->lock);
}

// Drop a reference. If it was the last one and no directory names the inode any
// more, free its blocks and the inode itself. Expects: ip unlocked; inside an
// operation (any iput may write the disk).
//
// Two races shaped this function; test/45 forces each one (kdebug.c):
//  - Deciding "this is the last reference" and dropping it happen under one
//    hold of icache.lock. Deciding under the sleeplock and dropping later let
//    two processes that held the last two references both see ref == 2, and
//    neither freed the inode.
//  - Once iupdate has marked the dinode free, ialloc may hand the same inode
//    to another process, whose iget finds this slot and counts a reference of
//    its own. The sleeplock is kept until our reference is gone, so that
//    process's ilock waits: it cannot drop its reference (and decide whether
//    it was the last) while our stale one still counts.
void
iput(struct inode *ip)
{
#ifdef DEBUGHOOKS
  kdebug_iputwindow(KDEBUG_STALL_TOP);
#endif
  acquire(&icache.lock);
  // ref == 1: ours is the only reference, so no other process holds the
  // sleeplock (holding it needs a reference) and valid and nlink cannot change
  // under us. nlink == 0: no directory entry leads here, so until the dinode
  // is marked free nobody can take a new reference.
  if(ip->ref == 1 && ip->valid && ip->nlink == 0){
    acquiresleep(&ip->lock);   // free, as just argued: does not sleep
    release(&icache.lock);
    itrunc(ip);
    ip->type = 0;   // marks the dinode free
    iupdate(ip);
    ip->valid = 0;  // the next ilock of this slot must re-read the disk
#ifdef DEBUGHOOKS
    kdebug_iputwindow(KDEBUG_STALL_FREED);
#endif
    acquire(&icache.lock);
    releasesleep(&ip->lock);
  }
  ip->ref -= 1;
  release(&icache.lock);
}

// Free the orphans a power cut left: inodes still allocated on disk (type != 0)
// whose link count is 0. A file unlinked while open, or a directory removed
// while it was some process's cwd, keeps its inode until the last reference
// goes (iput); if the machine stops first, no reference survives the reboot and
// nothing would ever free it. At boot, before any process holds an inode, every
// such dinode is an orphan: no operation commits an allocated inode with nlink
// 0 other than through unlink. Call once, after initlog() has replayed the log.
// Prints one line per inode freed.
void
ireclaim(int dev)
{
  struct buf *b;
  struct dinode *d;
  struct inode *ip;
  uint inum;
  int orphan;

  for(inum = 1; inum < sb.ninodes; inum++){
    b = dinodeblock(dev, inum, &d);
    orphan = d->type != 0 && d->nlink == 0;
    brelse(b);
    if(!orphan)
      continue;
    cprintf("fs: inode %d was unlinked while in use: freeing it\n", inum);
    begin_op();
    ip = iget(dev, inum);
    if(ip){
      ilock(ip);       // reads the dinode: valid, nlink 0
      iunlock(ip);
      iput(ip);        // the only reference: itrunc and free
    }
    end_op();
  }
}

// iunlock() then iput(), the usual way to finish with an inode.
void
iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

// ---- file contents ----------------------------------------------------------
//
// A file's data lives in the blocks listed in addrs[]: the first NDIRECT
// directly, the next NINDIRECT in the block whose number is addrs[NDIRECT].

// Return the disk block holding block bn of ip's contents, allocating it (and
// the indirect block) if there is none yet. Returns 0 if the disk is full. The
// caller holds ip's lock and, if it may allocate, is inside an operation and
// calls iupdate().
static uint
bmap(struct inode *ip, uint bn)
{
  uint idx, blk;
  uint *list;
  struct buf *b;

  if(bn < NDIRECT){
    if(ip->addrs[bn] == 0)
      ip->addrs[bn] = balloc(ip->dev);   // stays 0 if the disk is full
    return ip->addrs[bn];
  }

  idx = bn - NDIRECT;
  if(idx >= NINDIRECT)
    panic("bmap: block index out of range");
  if(ip->addrs[NDIRECT] == 0)
    ip->addrs[NDIRECT] = balloc(ip->dev);
  if(ip->addrs[NDIRECT] == 0)
    return 0;

  b = bread(ip->dev, ip->addrs[NDIRECT]);
  list = (uint*)b->data;
  blk = list[idx];
  if(blk == 0){
    blk = balloc(ip->dev);
    if(blk){
      list[idx] = blk;
      log_write(b);   // the indirect block changed
    }
  }
  brelse(b);
  return blk;
}

// Free every block listed in indirect block ind (but not ind itself).
static void
freelisted(uint dev, uint ind)
{
  struct buf *b = bread(dev, ind);
  uint *list = (uint*)b->data;
  uint k;

  for(k = 0; k < NINDIRECT; k++)
    if(list[k])
      bfree(dev, list[k]);
  brelse(b);
}

// Free all of ip's data blocks and set its size to 0. Expects: ip locked,
// inside an operation. The caller need not iupdate (itrunc does).
void
itrunc(struct inode *ip)
{
  uint k;

  // First the direct blocks, named in addrs[0..NDIRECT-1].
  for(k = 0; k < NDIRECT; k++){
    if(ip->addrs[k] == 0)
      continue;
    bfree(ip->dev, ip->addrs[k]);
    ip->addrs[k] = 0;
  }
  // Then the indirect block in addrs[NDIRECT]: the blocks it lists, and then
  // the indirect block itself.
  if(ip->addrs[NDIRECT] != 0){
    freelisted(ip->dev, ip->addrs[NDIRECT]);
    bfree(ip->dev, ip->addrs[NDIRECT]);
    ip->addrs[NDIRECT] = 0;
  }
  ip->size = 0;
  iupdate(ip);
}

// Fill *out from ip. Expects: ip locked.
void
stati(struct inode *ip, struct stat *out)
{
  out->type = ip->type;
  out->size = ip->size;
  out->nlink = ip->nlink;
  out->ino = ip->inum;
  out->dev = ip->dev;
}

// Copy up to n bytes starting at offset off of ip into dst (a kernel address,
// or a user address valid in the current page table). Expects: ip locked.
// Returns the number of bytes read (0 at end of file), or -1 if off is past the
// end, off+n overflows, or ip is a device without a read function.
int
readi(struct inode *ip, char *dst, uint off, uint n)
{
  uint done, c, pos;
  struct buf *b;

  if(ip->type == T_DEV){
    // A device inode has no blocks: its driver, found by major number, does the
    // work.
    if(ip->major < 0 || ip->major >= NDEV || devsw[ip->major].read == 0)
      return -1;
    return devsw[ip->major].read(ip, dst, n);
  }
  if(off > ip->size || off + n < off)
    return -1;            // starts past the end, or off + n wraps around
  if(n > ip->size - off)
    n = ip->size - off;   // stop at end of file

  // Copy block by block; c is how much of this block the transfer uses.
  for(done = 0; done < n; done += c){
    pos = off + done;
    c = BSIZE - pos % BSIZE;
    if(c > n - done)
      c = n - done;
    b = bread(ip->dev, bmap(ip, pos / BSIZE));
    memmove(dst + done, b->data + pos % BSIZE, c);
    brelse(b);
  }
  return n;
}

// Copy n bytes from src to offset off of ip, growing the file if the write runs
// past its end. Expects: ip locked, inside an operation (unless ip is a
// device), and n small enough that the operation's log budget holds
// (filewrite() splits big writes). Returns n; or, if the disk fills up part
// way, the bytes written before that, or -1 if none were. Returns -1 if off is
// past the end of the file, off+n overflows or the file would exceed MAXFILE
// blocks, or ip is a device without a write function.
int
writei(struct inode *ip, char *src, uint off, uint n)
{
  uint done, c, pos, blk, end;
  struct buf *b;

  if(ip->type == T_DEV){
    if(ip->major < 0 || ip->major >= NDEV || devsw[ip->major].write == 0)
      return -1;
    return devsw[ip->major].write(ip, src, n);
  }
  if(off > ip->size || off + n < off || off + n > MAXFILE * BSIZE)
    return -1;
  if(n == 0)
    return 0;

  for(done = 0; done < n; done += c){
    pos = off + done;
    blk = bmap(ip, pos / BSIZE);
    if(blk == 0)
      break;   // disk full: keep what was written so far
    c = BSIZE - pos % BSIZE;
    if(c > n - done)
      c = n - done;
    b = bread(ip->dev, blk);
    memmove(b->data + pos % BSIZE, src + done, c);
    log_write(b);
    brelse(b);
  }

  end = off + done;
  if(end > ip->size)
    ip->size = end;
  // Write the inode back even if the size did not change: bmap may have filled
  // in addrs[].
  iupdate(ip);
  return done > 0 ? (int)done : -1;
}

// ---- directories ------------------------------------------------------------
//
// A directory is a file of struct dirent records; inum 0 marks a free slot.
// Every directory starts with "." (itself) and ".." (its parent; the root's
// parent is itself).

// Compare two directory-entry names: at most DIRSIZ bytes count. Returns 0 if
// equal.
int
namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

// One pass over directory dir (locked, and it must be a directory) looking for
// name. Returns the inode number of the entry called name and stores its offset
// in *at (if at is not 0); or returns 0 if there is none, and then, if hole is
// not 0, *hole is the offset of the first free slot, or dir->size when there is
// no free slot.
static uint
dirscan(struct inode *dir, char *name, uint *at, uint *hole)
{
  struct dirent ent;
  uint pos, firstfree = dir->size;

  if(dir->type != T_DIR)
    panic("dirscan: not a directory");

  for(pos = 0; pos < dir->size; pos += sizeof(ent)){
    if(readi(dir, (char*)&ent, pos, sizeof(ent)) != sizeof(ent))
      panic("dirscan: short directory read");
    if(ent.inum == 0){
      if(firstfree == dir->size)
        firstfree = pos;
    } else if(namecmp(name, ent.name) == 0){
      if(at)
        *at = pos;
      return ent.inum;
    }
  }
  if(hole)
    *hole = firstfree;
  return 0;
}

// Look up name in directory dp. Expects: dp locked and a directory. Returns the
// named inode, referenced and unlocked, and its entry's offset in *poff (if
// poff is not 0); or 0 if there is no such entry or no free inode-cache slot.
struct inode*
dirlookup(struct inode *dp, char *name, uint *poff)
{
  uint n = dirscan(dp, name, poff, 0);

  return n ? iget(dp->dev, n) : 0;
}

// Add the entry (name, inum) to directory dp, reusing a free slot if there is
// one. name is truncated to DIRSIZ bytes. Expects: dp locked, inside an
// operation. Returns 0, or -1 if name is already present or the directory
// cannot grow (disk full or maximum file size).
int
dirlink(struct inode *dp, char *name, uint inum)
{
  struct dirent ent;
  uint slot;

  if(dirscan(dp, name, 0, &slot) != 0)
    return -1;   // already there

  memset(&ent, 0, sizeof(ent));
  ent.inum = inum;
  strncpy(ent.name, name, DIRSIZ);
  // An entry never straddles a block (BSIZE is a multiple of it), so this is
  // all or nothing.
  return writei(dp, (char*)&ent, slot, sizeof(ent)) == sizeof(ent) ? 0 : -1;
}

// ---- path names -------------------------------------------------------------

// Step over any run of '/' at the start of p.
static char*
skipslashes(char *p)
{
  while(*p == '/')
    p++;
  return p;
}

// Take the first element off path p. The element goes into elem: NUL-terminated
// when it is shorter than DIRSIZ, otherwise cut to exactly DIRSIZ bytes with no
// NUL. Returns what follows it, with the slashes after it skipped, or 0 if p
// holds only slashes or nothing. For example "usr//bin/" yields elem "usr" and
// returns "bin/"; "bin/" then yields "bin" and returns ""; "" or "//" returns
// 0.
static char*
skipelem(char *p, char *elem)
{
  char *end;
  int len;

  p = skipslashes(p);
  if(*p == '\0')
    return 0;
  for(end = p; *end != '/' && *end != '\0'; end++)
    ;
  len = end - p;
  if(len < DIRSIZ){
    memmove(elem, p, len);
    elem[len] = '\0';
  } else {
    memmove(elem, p, DIRSIZ);
  }
  return skipslashes(end);
}

// Lock ip and check that it is a directory that still exists. Returns ip,
// locked; or, if it is not a directory or has been removed, drops it (unlock
// and put) and returns 0. A removed directory (nlink 0, kept alive only by
// references such as a process's cwd) still holds its old "." and ".." entries,
// and ".." may name an inode that has since been freed: nothing may be looked
// up in it or created in it.
static struct inode*
lockdir(struct inode *ip)
{
  ilock(ip);
  if(ip->type == T_DIR && ip->nlink > 0)
    return ip;
  iunlockput(ip);
  return 0;
}

// Walk path from the root (if it starts with '/') or the current directory.
// With nameiparent set, stop one level early: return the directory that would
// hold the last element and copy that element into elem (which must have room
// for DIRSIZ bytes). Returns a referenced, unlocked inode, or 0 if some element
// is missing, is not a directory where one is needed, or the inode cache is
// full. Must run inside an operation.
static struct inode*
namex(char *path, int nameiparent, char *elem)
{
  struct inode *cur, *child;
  char *rest;

  cur = path[0] == '/' ? iget(ROOTDEV, ROOTINO) : idup(myproc()->cwd);
  if(cur == 0)
    return 0;

  for(rest = skipelem(path, elem); rest != 0; rest = skipelem(rest, elem)){
    if(lockdir(cur) == 0)
      return 0;
    if(nameiparent && rest[0] == '\0'){
      iunlock(cur);   // elem is the last element and cur holds it
      return cur;
    }
    child = dirlookup(cur, elem, 0);
    // Let go of cur before anyone locks child: for "." they are the same inode.
    iunlockput(cur);
    cur = child;
    if(cur == 0)
      return 0;
  }

  if(!nameiparent)
    return cur;
  // The path had no last element (e.g. "/"), so there is no parent to return.
  iput(cur);
  return 0;
}

// Return the inode path names, referenced and unlocked, or 0 if there is none.
// Must run inside an operation (dropping inodes along the way may write the
// disk).
struct inode*
namei(char *path)
{
  char elem[DIRSIZ];

  return namex(path, 0, elem);
}

// Return the directory that holds the last element of path, referenced and
// unlocked, and copy that element into name (room for DIRSIZ bytes; not
// NUL-terminated if it uses all of them). Returns 0 if that directory does not
// exist or path has no last element. Must run inside an operation.
struct inode*
nameiparent(char *path, char *name)
{
  return namex(path, 1, name);
}
