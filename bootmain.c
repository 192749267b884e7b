// bootmain.c: the C half of the boot sector. It reads the kernel, an ELF file that starts at
// disk sector 1, into memory at the physical addresses its program headers name, then jumps
// to its entry point. It must stay tiny: bootasm.S and this file share 510 bytes.

#include "types.h"
#include "elf.h"
#include "x86.h"
#include "memlayout.h"

#define SECTSIZE 512

static void readseg(uchar*, uint, uint);

void
bootmain(void)
{
  struct elfhdr *elf = (struct elfhdr*)0x10000;  // scratch space for the first 4 KB
  struct proghdr *ph, *eph;
  void (*entry)(void);
  uchar *pa;

  readseg((uchar*)elf, 4096, 0);
  if(elf->magic != ELF_MAGIC)
    return;  // not an ELF file: bootasm.S spins

  ph = (struct proghdr*)((uchar*)elf + elf->phoff);
  eph = ph + elf->phnum;
  for(; ph < eph; ph++){
    pa = (uchar*)ph->paddr;
    readseg(pa, ph->filesz, ph->off);
    if(ph->memsz > ph->filesz)   // the bss part: zero what the file does not supply
      stosb(pa + ph->filesz, 0, ph->memsz - ph->filesz);
  }

  // The entry point is a physical address (see _start in entry.S); paging is off.
  entry = (void(*)(void))(elf->entry);
  entry();
}

// Spin until the IDE controller on the primary channel is ready (BSY clear, DRDY set).
static void
waitdisk(void)
{
  while((inb(0x1F7) & 0xC0) != 0x40)
    ;
}

// Read sector number sect of disk 0 into dst using programmed I/O, 28-bit LBA.
static void
readsect(void *dst, uint sect)
{
  waitdisk();
  outb(0x1F2, 1);                 // one sector
  outb(0x1F3, sect);              // LBA bits 0..7
  outb(0x1F4, sect >> 8);         // 8..15
  outb(0x1F5, sect >> 16);        // 16..23
  outb(0x1F6, (sect >> 24) | 0xE0);  // 24..27, LBA mode, master drive
  outb(0x1F7, 0x20);              // READ SECTORS
  waitdisk();
  insl(0x1F0, dst, SECTSIZE/4);
}

// Read count bytes at offset off of the kernel file into physical address pa.
// Whole sectors are read, so up to a sector's worth before pa may be overwritten.
static void
readseg(uchar* pa, uint count, uint off)
{
  uchar* epa = pa + count;
  uint sect = (off / SECTSIZE) + 1;   // the kernel starts at sector 1

  pa -= off % SECTSIZE;
  for(; pa < epa; pa += SECTSIZE, sect++)
    readsect(pa, sect);
}
