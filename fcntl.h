// fcntl.h: open() mode bits (the classic xv6 values, plus O_TRUNC), and the
// protection and sharing bits of mmap() (Linux's values; see labs/mmap).
#ifndef XV6_FCNTL_H
#define XV6_FCNTL_H
#define O_RDONLY  0x000
#define O_WRONLY  0x001
#define O_RDWR    0x002
#define O_CREATE  0x200
#define O_TRUNC   0x400   // empty a regular file as it is opened

// mmap's prot: what the program may do with the mapped pages
#define PROT_READ   0x1
#define PROT_WRITE  0x2
// mmap's flags: whether stores reach the file (shared) or stay in this
// process's copy of the pages (private)
#define MAP_SHARED  0x01
#define MAP_PRIVATE 0x02
// what a failed mmap returns
#define MAP_FAILED  ((void*)-1)
#endif
