// memlayout.h: where things live in physical memory and in every virtual
// address space.
//
//   Virtual address space of a process            Physical memory
//
//   0xFFFFFFFF +------------------------+
//              | devices (LAPIC, IOAPIC)|-- identity --> 0xFE000000.. (same)
//   DEVSPACE   +------------------------+
//   0xFE000000 |        unmapped        |
//              +------------------------+
//   KERNBASE+  | free memory the kernel |
//   PHYSTOP    | hands out with kalloc  |--+
//              +------------------------+  |
//              | kernel data + bss (RW) |--+          PHYSTOP +-------------+
//   data       +------------------------+  |                  | free pages  |
//              | kernel text+rodata (RO)|--+--------> 1 MB ..  | kernel image|
//   KERNLINK   +------------------------+  |        EXTMEM    +-------------+
//   0x80100000 | I/O space: VGA, BIOS   |--+--------> 0 ..    | BIOS, VGA   |
//   KERNBASE   +========================+
//   0x80000000 |  free for the heap to  |
//              |  grow into (unmapped)  |
//   p->sz      +------------------------+
//              |  heap (sbrk)   ^ grows |  empty after exec: p->sz == heapbase
//   heapbase   +------------------------+
//              |  user stack (1 page)   |  argv strings, main's frame on top;
//              |              v grows   |  it grows down towards the guard
//              +------------------------+
//              |  guard page (no PTE_U) |  a stack overflow faults here
//              +------------------------+  (exec rounds up to a page first)
//              |  data + bss (RW)       |
//              |  text (read-only)      |  as the ELF program headers say
//   0x00001000 +------------------------+
//              |  page 0: never mapped  |  (null pointers fault)
//   0x00000000 +------------------------+
//
// exec (exec.c) builds the part below KERNBASE in that order: the program's
// segments from 0x1000, then at the next page boundary the guard page and the
// stack page; the heap begins above the stack and grows up with sbrk (growproc
// in proc.c).
//
// Everything above KERNBASE is the same in every page directory; the user owns
// the rest. The kernel reaches any physical address pa below phystop at virtual
// address pa+KERNBASE. phystop is the top of the RAM the machine really has
// (the BIOS's E820 map, or a multiboot loader's map), capped at PHYSTOP;
// `make qemu-nox` gives QEMU 512 MB.
#ifndef XV6_MEMLAYOUT_H
#define XV6_MEMLAYOUT_H

#define EXTMEM   0x100000     // extended memory, where the kernel is loaded
// the most physical memory used (224 MB); the real top, phystop, is found at
// boot (detectmem)
#define PHYSTOP  0xE000000
#define DEVSPACE 0xFE000000   // memory-mapped devices live at and above this

#define KERNBASE 0x80000000   // first kernel virtual address
#define KERNLINK (KERNBASE+EXTMEM)  // where the kernel is linked (kernel.ld)
#define APSTART  0x7000       // other CPUs start here, real mode (entryother.S)
#define MEMINFO  0x5000       // bootasm.S leaves the BIOS's memory map here
// at most this many entries (must match bootasm.S)
#define E820MAX  32

#define V2P(a) (((uint) (a)) - KERNBASE)
#define P2V(a) ((void *)(((char *) (a)) + KERNBASE))

#define V2P_WO(x) ((x) - KERNBASE)    // the same, without casts, for assembly
#endif
