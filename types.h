// types.h: fixed-width names for the machine words the kernel and user code
// share.
#ifndef XV6_TYPES_H
#define XV6_TYPES_H
typedef unsigned int   uint;
typedef unsigned short ushort;
typedef unsigned char  uchar;
typedef uint pde_t;     // a page-directory entry (see mmu.h)
typedef uint pte_t;     // a page-table entry (see mmu.h)
#endif
