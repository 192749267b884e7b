// file.h: open files, in-memory inodes and the device switch.
#ifndef XV6_FILE_H
#define XV6_FILE_H
struct file {
  enum { FD_NONE, FD_PIPE, FD_INODE, FD_SOCK } type;
  int ref;            // references (dup, fork); protected by ftable.lock
  char readable;
  char writable;
  struct pipe *pipe;  // FD_PIPE
  struct inode *ip;   // FD_INODE
  struct sock *sock;  // FD_SOCK: a UDP socket (net.c)
  uint off;           // FD_INODE: shared by every descriptor for this file
};

// An inode in memory: a copy of the dinode plus bookkeeping.
struct inode {
  uint dev;
  uint inum;
  int ref;            // protected by icache.lock
  struct sleeplock lock;  // protects everything below
  int valid;          // the dinode fields have been read from disk

  short type;         // copy of the dinode
  short major;
  short minor;
  short nlink;
  uint size;
  uint addrs[NDIRECT+1];
};

// Device switch: read and write functions per major device number.
struct devsw {
  int (*read)(struct inode*, char*, int);
  int (*write)(struct inode*, char*, int);
};

extern struct devsw devsw[];
#endif
