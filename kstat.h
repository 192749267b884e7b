// kstat.h: what the kstat() system call reports: how much of each kernel
// resource is free or in use at the moment of the call. usertests reads it
// before and after each case, and any difference is a leak (see README).
#ifndef XV6_KSTAT_H
#define XV6_KSTAT_H
struct kstat {
  int freepages;    // free physical pages (what freemem() returns)
  int freeinodes;   // dinodes on the disk with type 0
  int freeblocks;   // disk blocks whose bit in the free bitmap is clear
  int inodes;       // inode-cache entries in use (ref > 0)
  int files;        // open-file-table entries in use (ref > 0)
  int bufs;         // buffer-cache buffers held (refcnt > 0)
  int bufrefs;      // the sum of the buffers' refcnts
};
#endif
