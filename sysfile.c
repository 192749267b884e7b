// sysfile.c: the file-system system calls. Each one checks its user arguments (syscall.c
// fetches them), then does its work through file.c and fs.c. Calls that may change the
// disk run inside one log operation, and every failure path ends it and drops its inodes.

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

#define MAXNLINK 0x7FFF   // nlink is a short: refuse links that would overflow it

// Fetch system-call argument n as a file descriptor of the current process.
// Stores the descriptor in *pfd and its file in *pf (either pointer may be 0).
// Returns 0, or -1 if it is not an open descriptor.
static int
argfd(int n, int *pfd, struct file **pf)
{
  int fd;
  struct file *f;

  if(argint(n, &fd) < 0)
    return -1;
  if(fd < 0 || fd >= NOFILE || (f = myproc()->ofile[fd]) == 0)
    return -1;
  if(pfd)
    *pfd = fd;
  if(pf)
    *pf = f;
  return 0;
}

// Install f in the lowest free descriptor of the current process, taking over the
// caller's reference. Returns the descriptor, or -1 if all NOFILE are in use.
static int
fdalloc(struct file *f)
{
  int fd;
  struct proc *curproc = myproc();

  for(fd = 0; fd < NOFILE; fd++){
    if(curproc->ofile[fd] == 0){
      curproc->ofile[fd] = f;
      return fd;
    }
  }
  return -1;
}

// dup(fd): a second descriptor for the same open file. Returns it, or -1.
int
sys_dup(void)
{
  struct file *f;
  int fd;

  if(argfd(0, 0, &f) < 0)
    return -1;
  if((fd = fdalloc(f)) < 0)
    return -1;
  filedup(f);
  return fd;
}

// read(fd, buf, n): returns bytes read, 0 at end of file, or -1 (bad fd, buffer not
// writable user memory, not open for reading).
int
sys_read(void)
{
  struct file *f;
  int n;
  char *p;

  if(argfd(0, 0, &f) < 0 || argint(2, &n) < 0 || n < 0)
    return -1;
  if(argptrw(1, &p, n) < 0)   // the kernel writes into this buffer
    return -1;
  return fileread(f, p, n);
}

// write(fd, buf, n): returns n, or -1 (bad fd or buffer, not open for writing, or not
// all n bytes written).
int
sys_write(void)
{
  struct file *f;
  int n;
  char *p;

  if(argfd(0, 0, &f) < 0 || argint(2, &n) < 0 || n < 0)
    return -1;
  if(argptr(1, &p, n) < 0)
    return -1;
  return filewrite(f, p, n);
}

// close(fd): returns 0, or -1 if fd is not open.
int
sys_close(void)
{
  int fd;
  struct file *f;

  if(argfd(0, &fd, &f) < 0)
    return -1;
  myproc()->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

// fstat(fd, st): fill in *st. Returns 0, or -1 (bad fd or st, or fd is a pipe).
int
sys_fstat(void)
{
  struct file *f;
  struct stat *st;

  if(argfd(0, 0, &f) < 0)
    return -1;
  if(argptrw(1, (char**)&st, sizeof(*st)) < 0)
    return -1;
  return filestat(f, st);
}

// link(old, new): make new another name for the file old. Directories cannot be linked.
// Returns 0, or -1.
int
sys_link(void)
{
  char name[DIRSIZ], *new, *old;
  struct inode *dp, *ip;

  if(argstr(0, &old) < 0 || argstr(1, &new) < 0)
    return -1;

  begin_op();
  if((ip = namei(old)) == 0){
    end_op();
    return -1;
  }

  ilock(ip);
  if(ip->type == T_DIR || ip->nlink >= MAXNLINK){
    iunlockput(ip);
    end_op();
    return -1;
  }
  // Count the new link now, while ip is locked and known not to be a directory; the
  // bad path takes it back if the entry cannot be made.
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);

  if((dp = nameiparent(new, name)) == 0)
    goto bad;
  ilock(dp);
  if(dp->dev != ip->dev || dp->nlink < 1 || dirlink(dp, name, ip->inum) < 0){
    iunlockput(dp);
    goto bad;
  }
  iunlockput(dp);
  iput(ip);
  end_op();
  return 0;

bad:
  ilock(ip);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return -1;
}

// Is directory dp empty apart from "." and ".."? Caller holds dp's lock.
static int
isdirempty(struct inode *dp)
{
  uint off;
  struct dirent de;

  for(off = 2 * sizeof(de); off < dp->size; off += sizeof(de)){
    if(readi(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
      panic("isdirempty: short directory read");
    if(de.inum != 0)
      return 0;
  }
  return 1;
}

// unlink(path): remove a directory entry; the inode goes when its last link and last
// open reference are gone. Returns 0, or -1 for a missing name, "." or "..", or a
// directory that is not empty.
int
sys_unlink(void)
{
  struct inode *ip, *dp;
  struct dirent de;
  char name[DIRSIZ], *path;
  uint off;

  if(argstr(0, &path) < 0)
    return -1;

  begin_op();
  if((dp = nameiparent(path, name)) == 0){
    end_op();
    return -1;
  }

  ilock(dp);
  if(namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
    goto bad;
  if((ip = dirlookup(dp, name, &off)) == 0)
    goto bad;
  ilock(ip);   // ip != dp: only "." names the directory itself

  if(ip->nlink < 1)
    panic("sys_unlink: entry for an inode with no links");
  if(ip->type == T_DIR && !isdirempty(ip)){
    iunlockput(ip);
    goto bad;
  }

  // Overwriting an existing entry allocates nothing, so it cannot fail.
  memset(&de, 0, sizeof(de));
  if(writei(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
    panic("sys_unlink: writei");
  if(ip->type == T_DIR){
    dp->nlink--;   // ip's ".." no longer refers to dp
    iupdate(dp);
  }
  iunlockput(dp);

  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return 0;

bad:
  iunlockput(dp);
  end_op();
  return -1;
}

// Create an inode of the given type named by path, or, for type T_FILE, open an existing
// file or device of that name. Must run inside an operation.
// Returns the inode locked and referenced, or 0 if the parent directory is missing,
// the name exists (other than the T_FILE case), or inodes, blocks or cache slots run out.
static struct inode*
create(char *path, short type, short major, short minor)
{
  struct inode *ip, *dp;
  char name[DIRSIZ];

  if((dp = nameiparent(path, name)) == 0)
    return 0;
  ilock(dp);

  if((ip = dirlookup(dp, name, 0)) != 0){
    iunlockput(dp);
    ilock(ip);
    if(type == T_FILE && (ip->type == T_FILE || ip->type == T_DEV))
      return ip;
    iunlockput(ip);
    return 0;
  }

  // A directory that has been removed (nlink 0) but is still someone's cwd takes no
  // new entries; a new directory would also overflow a full parent's link count.
  if(dp->nlink < 1 || (type == T_DIR && dp->nlink >= MAXNLINK)){
    iunlockput(dp);
    return 0;
  }

  if((ip = ialloc(dp->dev, type)) == 0){
    iunlockput(dp);
    return 0;
  }
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  iupdate(ip);

  if(type == T_DIR){
    // "." is not counted in nlink (it would keep the directory alive forever);
    // ".." is counted in the parent's nlink below.
    if(dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0)
      goto bad;
  }
  if(dirlink(dp, name, ip->inum) < 0)
    goto bad;
  if(type == T_DIR){
    dp->nlink++;
    iupdate(dp);
  }
  iunlockput(dp);
  return ip;

bad:
  // Nothing names the new inode, so dropping it frees it and any block it got.
  ip->nlink = 0;
  iupdate(ip);
  iunlockput(ip);
  iunlockput(dp);
  return 0;
}

// open(path, mode): O_RDONLY, O_WRONLY or O_RDWR, plus O_CREATE (make the file if it is
// missing) and O_TRUNC (empty a regular file). Directories open read-only.
// Returns the new descriptor, or -1.
int
sys_open(void)
{
  char *path;
  int fd, omode;
  struct file *f;
  struct inode *ip;
  int writable;

  if(argstr(0, &path) < 0 || argint(1, &omode) < 0)
    return -1;
  writable = (omode & (O_WRONLY|O_RDWR)) != 0;

  begin_op();
  if(omode & O_CREATE){
    if((ip = create(path, T_FILE, 0, 0)) == 0){
      end_op();
      return -1;
    }
  } else {
    if((ip = namei(path)) == 0){
      end_op();
      return -1;
    }
    ilock(ip);
  }
  if(ip->type == T_DIR && writable){
    iunlockput(ip);
    end_op();
    return -1;
  }

  f = filealloc();
  fd = -1;
  if(f == 0 || (fd = fdalloc(f)) < 0){
    if(f)
      fileclose(f);   // still FD_NONE: just frees the slot
    iunlockput(ip);
    end_op();
    return -1;
  }

  if((omode & O_TRUNC) && ip->type == T_FILE)
    itrunc(ip);
  iunlock(ip);
  end_op();

  f->type = FD_INODE;
  f->ip = ip;
  f->off = 0;
  f->readable = !(omode & O_WRONLY);
  f->writable = writable;
  return fd;
}

// mkdir(path): make an empty directory. Returns 0, or -1 (exists, no parent, disk full).
int
sys_mkdir(void)
{
  char *path;
  struct inode *ip;

  if(argstr(0, &path) < 0)
    return -1;
  begin_op();
  if((ip = create(path, T_DIR, 0, 0)) == 0){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

// mknod(path, major, minor): make a device file. major must name a devsw slot.
// Returns 0, or -1 (bad numbers, name exists, no parent, out of inodes or blocks).
int
sys_mknod(void)
{
  struct inode *ip;
  char *path;
  int major, minor;

  if(argstr(0, &path) < 0 || argint(1, &major) < 0 || argint(2, &minor) < 0)
    return -1;
  if(major < 0 || major >= NDEV || minor < 0 || minor > 0x7FFF)
    return -1;
  begin_op();
  if((ip = create(path, T_DEV, major, minor)) == 0){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

// chdir(path): make path the current directory. Returns 0, or -1 if not a directory.
int
sys_chdir(void)
{
  char *path;
  struct inode *ip;
  struct proc *curproc = myproc();

  if(argstr(0, &path) < 0)
    return -1;
  begin_op();
  if((ip = namei(path)) == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  if(ip->type != T_DIR){
    iunlockput(ip);
    end_op();
    return -1;
  }
  iunlock(ip);
  iput(curproc->cwd);
  end_op();
  curproc->cwd = ip;
  return 0;
}

// exec(path, argv): argv is a user array of string pointers ending with 0, at most
// MAXARG-1 strings. The strings stay in user memory; exec() copies them.
// Returns -1 for bad arguments; otherwise what exec() returns.
int
sys_exec(void)
{
  char *path, *argv[MAXARG];
  int i;
  uint uargv, uarg;

  if(argstr(0, &path) < 0 || argint(1, (int*)&uargv) < 0)
    return -1;
  memset(argv, 0, sizeof(argv));
  for(i = 0;; i++){
    if(i >= (int)NELEM(argv))
      return -1;
    if(fetchint(uargv + 4*i, (int*)&uarg) < 0)
      return -1;
    if(uarg == 0){
      argv[i] = 0;
      break;
    }
    if(fetchstr(uarg, &argv[i]) < 0)
      return -1;
  }
  return exec(path, argv);
}

// pipe(fd): make a pipe; fd[0] becomes its read end, fd[1] its write end.
// Returns 0, or -1 (bad fd pointer, out of memory, file slots or descriptors).
int
sys_pipe(void)
{
  int *fd;
  struct file *rf, *wf;
  int fd0, fd1;

  if(argptrw(0, (char**)&fd, 2 * sizeof(fd[0])) < 0)
    return -1;
  if(pipealloc(&rf, &wf) < 0)
    return -1;
  if((fd0 = fdalloc(rf)) < 0 || (fd1 = fdalloc(wf)) < 0){
    if(fd0 >= 0)
      myproc()->ofile[fd0] = 0;
    fileclose(rf);
    fileclose(wf);
    return -1;
  }
  fd[0] = fd0;
  fd[1] = fd1;
  return 0;
}
