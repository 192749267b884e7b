// fs.h: the on-disk file-system format, shared by the kernel and tools/mkfs.c.
//
// Disk layout, in BSIZE blocks:
// [ boot | superblock | log | inode blocks | free bitmap | data blocks ]
//    0        1         2..
#ifndef XV6_FS_H
#define XV6_FS_H

#define ROOTINO 1   // the root directory's inode number
#define BSIZE 512   // block size

struct superblock {
  uint size;         // blocks in the file-system image
  uint nblocks;      // data blocks
  uint ninodes;      // inodes
  uint nlog;         // log blocks
  uint logstart;     // first log block
  uint inodestart;   // first inode block
  uint bmapstart;    // first free-bitmap block
};

#define NDIRECT 12
#define NINDIRECT (BSIZE / sizeof(uint))
#define MAXFILE (NDIRECT + NINDIRECT)   // 140 blocks

// An inode as stored on disk.
struct dinode {
  short type;           // T_DIR, T_FILE, T_DEV; 0 = free
  short major;          // device numbers (T_DEV only)
  short minor;
  short nlink;          // directory entries naming this inode
  uint size;            // bytes
  uint addrs[NDIRECT+1];   // data blocks; the last one holds NINDIRECT more
};

#define IPB           (BSIZE / sizeof(struct dinode))   // inodes per block
// block holding inode i
#define IBLOCK(i, sb)     ((i) / IPB + sb.inodestart)
#define BPB           (BSIZE*8)                         // bitmap bits per block
// bitmap block for block b
#define BBLOCK(b, sb) ((b)/BPB + sb.bmapstart)

#define DIRSIZ 14   // a name may use all 14 bytes, and then has no NUL

struct dirent {
  ushort inum;      // 0 = free slot
  char name[DIRSIZ];
};
#endif
