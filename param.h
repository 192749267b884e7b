// param.h: system-wide limits. Change one here and rebuild everything
// (make clean).
#ifndef XV6_PARAM_H
#define XV6_PARAM_H
#define NPROC        64    // process-table slots
#define KSTACKSIZE 4096    // bytes of kernel stack per process
#define NCPU          8    // CPUs the kernel can drive
#define NOFILE       16    // open files per process
#define NFILE       100    // open files in the whole system
// In-memory inode cache entries: every open file (NFILE), every current
// directory (NPROC) and the few inodes each process pins during a path lookup
// must fit at once, or open() fails for want of a slot (the classic 50 runs out
// with ~50 processes holding files).
#define NINODE       (NFILE + 4*NPROC)
#define NDEV         10    // device major numbers
// the console's major device number (user/init.c makes /console)
#define CONSOLE       1
#define ROOTDEV       1    // disk that holds the root file system
#define MAXARG       32    // exec arguments
#define MAXOPBLOCKS  10    // blocks one file-system operation may write
#define LOGSIZE      (MAXOPBLOCKS*3)  // on-disk log blocks
// Buffer-cache entries. Enough that bget can never run dry: the log may pin up
// to LOGSIZE dirty buffers, and each process holds at most 3 at once (bmap's
// indirect block while balloc reads the bitmap and zeroes the new block), so
// NPROC*3 + LOGSIZE = 222 suffice. (The classic MAXOPBLOCKS*3 = 30 can be
// exhausted by ~30 processes reading at once.)
#define NBUF         256
#define FSSIZE       4000  // file-system size in 512-byte blocks (2 MB)
#define NINODES      200   // inodes mkfs creates
#endif
