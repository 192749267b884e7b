// ide.h: the primary ATA (IDE) channel as software sees it: its I/O ports, its
// status bits and the two commands this tree sends. The boot sector's loader
// (bootmain.c) and the kernel's driver (ide.c) both drive the disk through
// these names.

#define SECTSIZE      512     // bytes in a sector

// The channel's command block (0x1F0..0x1F7) and its device-control register.
#define IDE_DATA      0x1F0   // data window: a sector passes 4 bytes at a time
#define IDE_COUNT     0x1F2   // how many sectors
#define IDE_LBALO     0x1F3   // LBA bits 0..7
#define IDE_LBAMID    0x1F4   // LBA bits 8..15
#define IDE_LBAHI     0x1F5   // LBA bits 16..23
#define IDE_SELECT    0x1F6   // IDE_SELECTBYTE(drive, lba)
#define IDE_STATUS    0x1F7   // read: status
#define IDE_CMD       0x1F7   // write: command
#define IDE_CTRL      0x3F6   // device control; 0 keeps the interrupt on

// The byte for IDE_SELECT: LBA addressing (0xE0), the drive (0 or 1), LBA bits
// 24..27.
#define IDE_SELECTBYTE(drive, lba) \
  (0xE0 | (((drive) & 1) << 4) | (((lba) >> 24) & 0x0F))

// Status bits.
#define IDE_BUSY      0x80    // working; the other bits mean nothing meanwhile
#define IDE_READY     0x40    // ready for a command
#define IDE_FAULT     0x20    // drive fault
#define IDE_ERROR     0x01    // the last command failed

// Commands: read or write IDE_COUNT sectors at a 28-bit LBA.
#define IDE_READ      0x20
#define IDE_WRITE     0x30
