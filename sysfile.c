// sysfile.c: the file-system system calls. Each one checks its user arguments
// (syscall.c fetches them), then does its work through file.c and fs.c. Calls
// that may change the disk run inside one log operation, and every failure path
// ends it and drops its inodes.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "stat.h"
#include "mmu.h"
#include "proc.h"
#include "fs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"
#include "fcntl.h"
#include "kstat.h"
#include "net.h"

// nlink is a short: refuse links that would overflow it
#define MAXNLINK 0x7FFF
#define MAXMINOR 0x7FFF   // minor is a short too

// ---- descriptors ----
// Only the running process touches its own ofile[] table, so it needs no lock.

// Fetch system-call argument n as a file descriptor: the descriptor goes to
// *pfd and the open file behind it to *pf (either pointer may be 0 if the
// caller does not need it). Returns 0, or -1 if the argument is not an open
// descriptor of the current process.
static int
argfd(int n, int *pfd, struct file **pf)
{
  int d;
  struct file *of;

  if(argint(n, &d) < 0 || d < 0 || d >= NOFILE)
    return -1;
  of = myproc()->ofile[d];
  if(of == 0)
    return -1;
  if(pfd)
    *pfd = d;
  if(pf)
    *pf = of;
  return 0;
}

// Give f (and the caller's reference to it) the lowest unused descriptor of the
// current process. Returns that descriptor, or -1 when the table is full.
static int
fdalloc(struct file *f)
{
  struct file **tab = myproc()->ofile;
  int d = 0;

  while(d < NOFILE && tab[d] != 0)
    d++;
  if(d == NOFILE)
    return -1;
  tab[d] = f;
  return d;
}

// dup(fd): a second descriptor for the same open file. Returns it, or -1.
int
sys_dup(void)
{
  struct file *of;
  int nd;

  if(argfd(0, 0, &of) < 0)
    return -1;
  nd = fdalloc(of);
  if(nd >= 0)
    filedup(of);
  return nd;
}

// Shared argument check for read and write: (fd, buf, count). When tokernel is
// 0 the kernel will store into buf, so it must be writable user memory. Returns
// 0 with *fp, *bufp, *cntp filled in, or -1.
static int
rwargs(struct file **fp, char **bufp, int *cntp, int tokernel)
{
  int cnt;

  if(argfd(0, 0, fp) < 0 || argint(2, &cnt) < 0 || cnt < 0)
    return -1;
  *cntp = cnt;
  if(tokernel)
    return argptr(1, bufp, cnt);
  return argptrw(1, bufp, cnt);
}

// read(fd, buf, n): returns bytes read, 0 at end of file, or -1 (bad fd, buffer
// not writable user memory, not open for reading).
int
sys_read(void)
{
  struct file *of;
  char *ubuf;
  int cnt;

  if(rwargs(&of, &ubuf, &cnt, 0) < 0)
    return -1;
  return fileread(of, ubuf, cnt);
}

// write(fd, buf, n): returns n, or -1 (bad fd or buffer, not open for writing,
// or not all n bytes written).
int
sys_write(void)
{
  struct file *of;
  char *ubuf;
  int cnt;

  if(rwargs(&of, &ubuf, &cnt, 1) < 0)
    return -1;
  return filewrite(of, ubuf, cnt);
}

// close(fd): returns 0, or -1 if fd is not open.
int
sys_close(void)
{
  struct file *of;
  int d;

  if(argfd(0, &d, &of) < 0)
    return -1;
  myproc()->ofile[d] = 0;
  fileclose(of);
  return 0;
}

// fstat(fd, st): fill in *st. Returns 0, or -1 (bad fd or st, or fd is a pipe).
int
sys_fstat(void)
{
  struct file *of;
  char *ust;

  if(argfd(0, 0, &of) < 0 || argptrw(1, &ust, sizeof(struct stat)) < 0)
    return -1;
  return filestat(of, (struct stat*)ust);
}

// ---- names ----

// Enter a new name newpath for inode target, whose link count the caller has
// already raised. Runs inside an operation; target is referenced but not
// locked. Returns 0, or -1 if the parent is missing, removed, on another
// device, or full.
static int
addname(char *newpath, struct inode *target)
{
  char last[DIRSIZ];
  struct inode *parent;
  int ok;

  parent = nameiparent(newpath, last);
  if(parent == 0)
    return -1;
  ilock(parent);
  ok = parent->dev == target->dev && parent->nlink > 0 &&
       dirlink(parent, last, target->inum) == 0;
  iunlockput(parent);
  return ok ? 0 : -1;
}

// link(old, new): make new another name for the file old. Directories cannot be
// linked. Returns 0, or -1.
int
sys_link(void)
{
  char *from, *to;
  struct inode *src;
  int rc = -1;

  if(argstr(0, &from) < 0 || argstr(1, &to) < 0)
    return -1;

  begin_op();
  src = namei(from);
  if(src == 0)
    goto out;
  ilock(src);
  if(src->type != T_DIR && src->nlink < MAXNLINK){
    // Count the new link first, while src is locked and known not to be a
    // directory, then take it back below if the entry cannot be made.
    src->nlink++;
    iupdate(src);
    iunlock(src);
    rc = addname(to, src);
    ilock(src);
    if(rc < 0){
      src->nlink--;
      iupdate(src);
    }
  }
  iunlockput(src);
out:
  end_op();
  return rc;
}

// Does directory d hold anything besides "." and ".."? Caller holds d's lock.
// Returns 1 for empty, 0 otherwise.
static int
isdirempty(struct inode *d)
{
  struct dirent ent;
  uint pos = 2 * sizeof(ent);   // the first two entries are "." and ".."

  while(pos < d->size){
    if(readi(d, (char*)&ent, pos, sizeof(ent)) != sizeof(ent))
      panic("isdirempty: short directory read");
    if(ent.inum)
      return 0;
    pos += sizeof(ent);
  }
  return 1;
}

// Remove entry last from the locked directory parent and drop one link of the
// inode it names. Returns 0, or -1 (no such entry, "." or "..", non-empty
// directory). Leaves parent locked either way.
static int
removename(struct inode *parent, char *last)
{
  struct inode *victim;
  struct dirent blank;
  uint where;

  if(namecmp(last, ".") == 0 || namecmp(last, "..") == 0)
    return -1;
  victim = dirlookup(parent, last, &where);
  if(victim == 0)
    return -1;
  ilock(victim);   // victim != parent: only "." names the directory itself
  if(victim->nlink < 1)
    panic("sys_unlink: entry for an inode with no links");
  if(victim->type == T_DIR && isdirempty(victim) == 0){
    iunlockput(victim);
    return -1;
  }

  // Overwriting an existing entry allocates nothing, so it cannot fail.
  memset(&blank, 0, sizeof(blank));
  if(writei(parent, (char*)&blank, where, sizeof(blank)) != sizeof(blank))
    panic("sys_unlink: writei");
  if(victim->type == T_DIR){
    // The removed directory's ".." counted as a link to parent.
    parent->nlink--;
    iupdate(parent);
  }
  victim->nlink--;
  iupdate(victim);
  iunlockput(victim);
  return 0;
}

// unlink(path): remove a directory entry; the inode goes when its last link and
// last open reference are gone. Returns 0, or -1 for a missing name, "." or
// "..", or a directory that is not empty.
int
sys_unlink(void)
{
  char *upath, last[DIRSIZ];
  struct inode *parent;
  int rc = -1;

  if(argstr(0, &upath) < 0)
    return -1;
  begin_op();
  parent = nameiparent(upath, last);
  if(parent != 0){
    ilock(parent);
    rc = removename(parent, last);
    iunlockput(parent);
  }
  end_op();
  return rc;
}

// Make a new inode of the given type called last in the locked directory
// parent, and for a directory give it "." and "..". Returns it locked and
// referenced, or 0; parent stays locked either way.
static struct inode*
newnode(struct inode *parent, char *last, short type, short major, short minor)
{
  struct inode *n;

  n = ialloc(parent->dev, type);
  if(n == 0)
    return 0;
  ilock(n);
  n->nlink = 1;
  n->major = major;
  n->minor = minor;
  iupdate(n);

  // "." is not counted in nlink (it would keep the directory alive forever);
  // ".." is counted in the parent's nlink below.
  if(type == T_DIR &&
     (dirlink(n, ".", n->inum) < 0 || dirlink(n, "..", parent->inum) < 0))
    goto undo;
  if(dirlink(parent, last, n->inum) < 0)
    goto undo;
  if(type == T_DIR){
    parent->nlink++;
    iupdate(parent);
  }
  return n;

undo:
  // Nothing names the new inode, so dropping it frees it and any block it got.
  n->nlink = 0;
  iupdate(n);
  iunlockput(n);
  return 0;
}

// Create an inode of the given type named by path, or, for type T_FILE, open an
// existing file or device of that name. Must run inside an operation. Returns
// the inode locked and referenced, or 0 if the parent directory is missing, the
// name exists (other than the T_FILE case), or inodes, blocks or cache slots
// run out.
static struct inode*
create(char *path, short type, short major, short minor)
{
  char last[DIRSIZ];
  struct inode *parent, *found, *made = 0;

  parent = nameiparent(path, last);
  if(parent == 0)
    return 0;
  ilock(parent);

  found = dirlookup(parent, last, 0);
  if(found != 0){
    iunlockput(parent);
    ilock(found);
    if(type != T_FILE || (found->type != T_FILE && found->type != T_DEV)){
      iunlockput(found);
      found = 0;
    }
    return found;
  }

  // A directory that has been removed (nlink 0) but is still someone's cwd
  // takes no new entries; a new directory would also overflow a full parent's
  // link count.
  if(parent->nlink > 0 && !(type == T_DIR && parent->nlink >= MAXNLINK))
    made = newnode(parent, last, type, major, minor);
  iunlockput(parent);
  return made;
}

// ---- open and friends ----

// The inode open(path, mode) refers to, locked and referenced, creating it
// first for O_CREATE. Runs inside an operation. Returns 0 if it is missing or
// cannot be made, or is a directory asked for with write access.
static struct inode*
openinode(char *upath, int mode, int writable)
{
  struct inode *node;

  if(mode & O_CREATE){
    node = create(upath, T_FILE, 0, 0);
  } else {
    node = namei(upath);
    if(node != 0)
      ilock(node);
  }
  if(node != 0 && writable && node->type == T_DIR){
    iunlockput(node);
    node = 0;
  }
  return node;
}

// open(path, mode): O_RDONLY, O_WRONLY or O_RDWR, plus O_CREATE (make the file
// if it is missing) and O_TRUNC (empty a regular file). Directories open
// read-only. Returns the new descriptor, or -1.
int
sys_open(void)
{
  char *upath;
  int mode, writable, nd = -1;
  struct inode *node;
  struct file *of;

  if(argstr(0, &upath) < 0 || argint(1, &mode) < 0)
    return -1;
  writable = (mode & (O_WRONLY|O_RDWR)) != 0;

  begin_op();
  node = openinode(upath, mode, writable);
  if(node == 0)
    goto done;
  of = filealloc();
  if(of != 0)
    nd = fdalloc(of);
  if(nd < 0){
    if(of != 0)
      fileclose(of);   // still FD_NONE: just frees the slot
    iunlockput(node);
    goto done;
  }
  if(node->type == T_FILE && (mode & O_TRUNC) != 0)
    itrunc(node);
  iunlock(node);

  of->readable = (mode & O_WRONLY) == 0;
  of->writable = writable;
  of->off = 0;
  of->ip = node;
  of->type = FD_INODE;
done:
  end_op();
  return nd;
}

// Shared body of mkdir and mknod: create path with the given type in one
// operation and let go of it. Returns 0, or -1.
static int
makenode(char *upath, short type, short major, short minor)
{
  struct inode *node;

  begin_op();
  node = create(upath, type, major, minor);
  if(node != 0)
    iunlockput(node);
  end_op();
  return node != 0 ? 0 : -1;
}

// mkdir(path): make an empty directory. Returns 0, or -1 (exists, no parent,
// disk full).
int
sys_mkdir(void)
{
  char *upath;

  if(argstr(0, &upath) < 0)
    return -1;
  return makenode(upath, T_DIR, 0, 0);
}

// mknod(path, major, minor): make a device file. major must name a devsw slot.
// Returns 0, or -1 (bad numbers, name exists, no parent, out of inodes or
// blocks).
int
sys_mknod(void)
{
  char *upath;
  int maj, min;

  if(argstr(0, &upath) < 0 || argint(1, &maj) < 0 || argint(2, &min) < 0)
    return -1;
  if(maj < 0 || maj >= NDEV || min < 0 || min > MAXMINOR)
    return -1;
  return makenode(upath, T_DEV, maj, min);
}

// chdir(path): make path the current directory. Returns 0, or -1 if not a
// directory.
int
sys_chdir(void)
{
  char *upath;
  struct inode *dir, *old;
  struct proc *p = myproc();

  if(argstr(0, &upath) < 0)
    return -1;
  begin_op();
  dir = namei(upath);
  if(dir != 0){
    ilock(dir);
    if(dir->type == T_DIR){
      iunlock(dir);
      old = p->cwd;
      p->cwd = dir;
      iput(old);
    } else {
      iunlockput(dir);
      dir = 0;
    }
  }
  end_op();
  return dir != 0 ? 0 : -1;
}

// exec(path, argv): argv is a user array of string pointers ending with 0, at
// most MAXARG-1 strings. The strings stay in user memory; exec() copies them.
// Returns -1 for bad arguments; otherwise what exec() returns.
int
sys_exec(void)
{
  char *upath, *args[MAXARG];
  uint uvec, ustr;
  int n;

  if(argstr(0, &upath) < 0 || argint(1, (int*)&uvec) < 0)
    return -1;
  memset(args, 0, sizeof(args));
  // Walk the user's pointer array; the last slot of args must stay for the 0.
  for(n = 0; n < MAXARG; n++){
    if(fetchint(uvec + n * sizeof(uint), (int*)&ustr) < 0)
      return -1;
    if(ustr == 0)
      return exec(upath, args);
    if(fetchstr(ustr, &args[n]) < 0)
      return -1;
  }
  return -1;   // no terminating 0 within MAXARG slots
}

// pipe(fd): make a pipe; fd[0] becomes its read end, fd[1] its write end.
// Returns 0, or -1 (bad fd pointer, out of memory, file slots or descriptors).
int
sys_pipe(void)
{
  char *uarr;
  struct file *rd, *wr;
  int ends[2];

  if(argptrw(0, &uarr, sizeof(ends)) < 0 || pipealloc(&rd, &wr) < 0)
    return -1;
  ends[0] = fdalloc(rd);
  ends[1] = ends[0] < 0 ? -1 : fdalloc(wr);
  if(ends[1] < 0){
    if(ends[0] >= 0)
      myproc()->ofile[ends[0]] = 0;
    fileclose(rd);
    fileclose(wr);
    return -1;
  }
  memmove(uarr, ends, sizeof(ends));
  return 0;
}

// connect(raddr, lport, rport): a descriptor for a UDP socket from local port
// lport to raddr:rport (host byte order, e.g. 10.0.2.2 is 0x0A000202; rport
// 0 accepts any sender and answers the last one; net.c). Returns the
// descriptor, or -1 if there is no network card, the port is taken, or a
// table is full.
int
sys_connect(void)
{
  struct file *f;
  int raddr, lport, rport, fd;

  if(argint(0, &raddr) < 0 || argint(1, &lport) < 0 || argint(2, &rport) < 0)
    return -1;
  if((f = filealloc()) == 0)
    return -1;
  if(sockalloc(f, raddr, lport, rport) < 0 || (fd = fdalloc(f)) < 0){
    fileclose(f);
    return -1;
  }
  return fd;
}

// kstat(st): fill *st with the counts of every kernel resource usertests
// watches for leaks (kstat.h). Each count is taken under the lock of the table
// it counts; the disk's free counts come from reading the bitmap and inode
// blocks. Returns 0, or -1 for a bad pointer.
int
sys_kstat(void)
{
  struct kstat k;
  char *ust;

  if(argptrw(0, &ust, sizeof(k)) < 0)
    return -1;
  k.freepages = kfreecount();
  fsfreecount(ROOTDEV, &k.freeblocks, &k.freeinodes);
  k.inodes = icacheinuse();
  k.files = fileinuse();
  bufinuse(&k.bufs, &k.bufrefs);
  memmove(ust, &k, sizeof(k));
  return 0;
}
