// bootmain.c: the C half of the boot sector. It reads the kernel, an ELF file
// that starts at disk sector 1, into memory at the physical addresses its
// program headers name, then jumps to its entry point. It must stay tiny:
// bootasm.S and this file share 510 bytes.

#include "types.h"
#include "elf.h"
#include "x86.h"
#include "memlayout.h"
#include "ide.h"

#define KERNELSECT 1   // the kernel file starts right after this sector
// Free memory to read the ELF header and its tables into.
#define SCRATCH    ((struct elfhdr*)0x10000)

static void readseg(uchar *pa, uint count, uint off);

void
bootmain(void)
{
  struct elfhdr *elf = SCRATCH;
  struct proghdr *ph;
  void (*entry)(void);
  int i;

  // The ELF header and the program headers sit in the file's first 4 KB.
  readseg((uchar*)elf, 4096, 0);
  if(elf->magic != ELF_MAGIC)
    return;  // not an ELF file: bootasm.S spins

  // Load each segment to the physical address it was linked for. readseg works
  // in whole sectors, so its last sector may write past pa + memsz, over the
  // start of the next segment. That is harmless: the linker lays the segments
  // out in increasing address order and we load them in that order, so the
  // next segment's own load (or bss fill) writes those bytes again afterwards.
  ph = (struct proghdr*)((uchar*)elf + elf->phoff);
  for(i = 0; i < elf->phnum; i++, ph++){
    readseg((uchar*)ph->paddr, ph->filesz, ph->off);
    // Memory beyond what the file supplies (the bss) must start out as zeros.
    if(ph->memsz > ph->filesz)
      stosb((uchar*)ph->paddr + ph->filesz, 0, ph->memsz - ph->filesz);
  }

  // The entry point is a physical address (see _start in entry.S): paging is
  // still off. It never returns.
  entry = (void(*)(void))elf->entry;
  entry();
}

// Spin until the disk is not busy and is ready.
static void
waitdisk(void)
{
  uchar status;

  do {
    status = inb(IDE_STATUS);
  } while((status & (IDE_BUSY|IDE_READY)) != IDE_READY);
}

// Read disk sector sect into dst by programmed I/O: tell the controller which
// sector (28-bit LBA, byte by byte), wait, then pull the 512 bytes from the
// data port.
static void
readsect(void *dst, uint sect)
{
  waitdisk();
  outb(IDE_COUNT, 1);
  outb(IDE_LBALO, sect);
  outb(IDE_LBAMID, sect >> 8);
  outb(IDE_LBAHI, sect >> 16);
  outb(IDE_SELECT, IDE_SELECTBYTE(0, sect));
  outb(IDE_CMD, IDE_READ);
  waitdisk();
  insl(IDE_DATA, dst, SECTSIZE / 4);
}

// Copy count bytes from offset off of the kernel file to physical address pa.
// Only whole sectors can be read, so the copy starts at the sector holding off:
// up to a sector's worth of bytes just below pa get overwritten too (harmless
// here). It also ends on a sector boundary: whole sectors are read until
// pa + count is covered, so the last one can write up to 511 bytes past
// pa + count, and so past pa + memsz (see bootmain).
static void
readseg(uchar *pa, uint count, uint off)
{
  uchar *end = pa + count;
  uint sect = KERNELSECT + off / SECTSIZE;

  pa -= off % SECTSIZE;
  while(pa < end){
    readsect(pa, sect);
    pa += SECTSIZE;
    sect++;
  }
}
