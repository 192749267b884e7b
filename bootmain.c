// bootmain.c: the C half of the boot sector. It reads the kernel, an ELF file that starts at
// disk sector 1, into memory at the physical addresses its program headers name, then jumps
// to its entry point. It must stay tiny: bootasm.S and this file share 510 bytes.

#include "types.h"
#include "elf.h"
#include "x86.h"
#include "memlayout.h"

#define SECTSIZE   512
#define KERNELSECT 1                       // the kernel file starts right after this sector
#define SCRATCH    ((struct elfhdr*)0x10000) // free memory for the ELF header and its tables

// The primary IDE channel's registers (the same disk ide.c drives later, in more detail).
#define IDE_DATA    0x1F0   // 32-bit data port
#define IDE_NSECT   0x1F2   // how many sectors
#define IDE_LBA0    0x1F3   // LBA bits 0..7 (0x1F4: 8..15, 0x1F5: 16..23)
#define IDE_DRIVE   0x1F6   // LBA bits 24..27, plus 0xE0 = LBA mode, drive 0
#define IDE_STATUS  0x1F7   // read: status
#define IDE_CMD     0x1F7   // write: command
#define IDE_BSY     0x80    // status: busy
#define IDE_DRDY    0x40    // status: ready for a command
#define IDE_READ    0x20    // command: read sectors

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

  // The entry point is a physical address (see _start in entry.S): paging is still off.
  // It never returns.
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
  } while((status & (IDE_BSY|IDE_DRDY)) != IDE_DRDY);
}

// Read disk sector sect into dst by programmed I/O: tell the controller which sector
// (28-bit LBA, byte by byte), wait, then pull the 512 bytes from the data port.
static void
readsect(void *dst, uint sect)
{
  waitdisk();
  outb(IDE_NSECT, 1);
  outb(IDE_LBA0, sect);
  outb(IDE_LBA0 + 1, sect >> 8);
  outb(IDE_LBA0 + 2, sect >> 16);
  outb(IDE_DRIVE, 0xE0 | (sect >> 24));
  outb(IDE_CMD, IDE_READ);
  waitdisk();
  insl(IDE_DATA, dst, SECTSIZE / 4);
}

// Copy count bytes from offset off of the kernel file to physical address pa. Only whole
// sectors can be read, so the copy starts at the sector holding off: up to a sector's
// worth of bytes just below pa get overwritten too (harmless here). It also ends on a
// sector boundary: pa is rounded down to a sector and whole sectors are read until
// pa + count is covered, so the last one can write up to 511 bytes past pa + count,
// and so past pa + memsz (see bootmain).
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
