// mp.h: the tables of the Intel MultiProcessor Specification (version 1.4),
// through which the BIOS lists the CPUs and APICs. Layouts are fixed by the
// specification (chapter 4).
#ifndef XV6_MP_H
#define XV6_MP_H

// The floating pointer: 16 bytes on a 16-byte boundary in one of the places
// mp.c searches.
struct mpfloat {
  uchar signature[4];   // "_MP_"
  uint physaddr;        // physical address of the configuration table (0: none)
  uchar length;         // size of this structure in 16-byte units: 1
  uchar specrev;        // specification revision: 1 = 1.1, 4 = 1.4
  uchar checksum;       // all bytes of the structure sum to 0
  uchar type;           // nonzero: a "default configuration" with no table
  uchar imcrp;          // bit 7: the IMCR is present (see mpinit)
  uchar reserved[3];
};
#define MPF_IMCRP 0x80

// The configuration table header; the entries follow it.
struct mpconf {
  uchar signature[4];   // "PCMP"
  ushort length;        // bytes in the header plus the base entries
  uchar version;        // 1 or 4
  uchar checksum;       // those length bytes sum to 0
  uchar product[20];    // OEM and product names
  uint oemtable;        // OEM table pointer (unused)
  ushort oemlength;
  ushort entry;         // number of base entries
  uint lapicaddr;       // physical address of each CPU's local APIC
  ushort xlength;       // extended table (unused)
  uchar xchecksum;
  uchar reserved;
};

// The first byte of each entry gives its type, which fixes its size.
#define MPPROC    0x00  // a processor (20 bytes)
#define MPBUS     0x01  // a bus (8 bytes)
#define MPIOAPIC  0x02  // an I/O APIC (8 bytes)
#define MPIOINTR  0x03  // an I/O interrupt assignment (8 bytes)
#define MPLINTR   0x04  // a local interrupt assignment (8 bytes)

struct mpproc {
  uchar type;           // MPPROC
  uchar apicid;         // its local APIC id
  uchar version;        // its local APIC version
  uchar flags;
  #define MPPROC_EN  0x01   // usable
  #define MPPROC_BSP 0x02   // the boot processor
  uchar signature[4];   // CPU family, model, stepping
  uint feature;         // CPUID feature flags
  uchar reserved[8];
};

struct mpioapic {
  uchar type;           // MPIOAPIC
  uchar apicno;         // its APIC id
  uchar version;
  uchar flags;
  #define MPIOAPIC_EN 0x01  // usable
  uint addr;            // physical address
};
#endif
