// mp.c: find out what CPUs and interrupt controllers the machine has, by
// reading the tables the BIOS leaves in low memory under the Intel
// MultiProcessor Specification.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mp.h"
#include "x86.h"
#include "mmu.h"
#include "proc.h"

// the usable CPUs, in MP-table order; cpus[i].apicid names one
struct cpu cpus[NCPU];
int ncpu;                // how many entries of cpus[] are filled
uchar ioapicid;          // the I/O APIC's id, as the MP table gives it
int ismp;                // 1 once mpinit has found MP tables

static uchar
sum(uchar *p, int len)
{
  uchar s = 0;

  while(len-- > 0)
    s += *p++;
  return s;
}

// Look for a floating pointer in the len bytes at physical address pa.
static struct mpfloat*
mpsearch1(uint pa, int len)
{
  uchar *p, *e;

  p = P2V(pa);
  for(e = p + len; p + sizeof(struct mpfloat) <= e; p += 16)
    if(memcmp(p, "_MP_", 4) == 0 && sum(p, sizeof(struct mpfloat)) == 0)
      return (struct mpfloat*)p;
  return 0;
}

// The specification lists three places for the floating pointer, in this
// order:
// 1) the first KB of the Extended BIOS Data Area, whose segment the BIOS data
//    area (at 0x400) stores at offset 0x0E;
// 2) the last KB of base memory, whose size in KB the BIOS data area stores at
//    0x13;
// 3) the BIOS ROM, 0xF0000 to 0xFFFFF.
static struct mpfloat*
mpsearch(void)
{
  uchar *bda = P2V(0x400);
  uint pa;
  struct mpfloat *mp;

  if((pa = ((bda[0x0F] << 8) | bda[0x0E]) << 4) != 0){
    if((mp = mpsearch1(pa, 1024)) != 0)
      return mp;
  } else {
    pa = ((bda[0x14] << 8) | bda[0x13]) * 1024;
    if(pa >= 1024 && (mp = mpsearch1(pa - 1024, 1024)) != 0)
      return mp;
  }
  return mpsearch1(0xF0000, 0x10000);
}

// Find the floating pointer and a valid configuration table behind it. Return
// the table, and the floating pointer in *pmp, or 0 if there is none (or only a
// default configuration, which this kernel does not support).
static struct mpconf*
mpconfig(struct mpfloat **pmp)
{
  struct mpfloat *mp;
  struct mpconf *conf;

  if((mp = mpsearch()) == 0 || mp->physaddr == 0)
    return 0;
  // The table lies in BIOS memory; the kernel can only reach physical memory
  // below phystop.
  if(mp->physaddr >= phystop - sizeof(*conf))
    return 0;
  conf = (struct mpconf*)P2V(mp->physaddr);
  if(memcmp(conf->signature, "PCMP", 4) != 0)
    return 0;
  if(conf->version != 1 && conf->version != 4)
    return 0;
  if(mp->physaddr + conf->length > phystop ||
     sum((uchar*)conf, conf->length) != 0)
    return 0;
  *pmp = mp;
  return conf;
}

// mpinit: fill cpus[] and ncpu (at most NCPU; extra CPUs are left idle), set
// ioapicid, lapic and ismp, and route legacy interrupts to the APICs. Panics if
// the machine has no usable MP tables (QEMU always provides them). Call once,
// on the boot CPU, after the kernel page table maps low memory at KERNBASE.
void
mpinit(void)
{
  struct mpfloat *mp;
  struct mpconf *conf;
  struct mpproc *proc;
  struct mpioapic *ioa;
  uchar *p, *e;
  int found_ioapic = 0;

  if((conf = mpconfig(&mp)) == 0)
    panic("mpinit: this machine has no MP tables");
  ismp = 1;
  lapic = (uint*)conf->lapicaddr;

  p = (uchar*)(conf + 1);
  e = (uchar*)conf + conf->length;
  while(p < e){
    switch(*p){
    case MPPROC:
      proc = (struct mpproc*)p;
      if((proc->flags & MPPROC_EN) && ncpu < NCPU){
        cpus[ncpu].apicid = proc->apicid;
        ncpu++;
      }
      p += sizeof(struct mpproc);
      break;
    case MPIOAPIC:
      // Only one IOAPIC is driven (ioapic.c); take the first usable one.
      ioa = (struct mpioapic*)p;
      if((ioa->flags & MPIOAPIC_EN) && !found_ioapic){
        ioapicid = ioa->apicno;
        found_ioapic = 1;
      }
      p += sizeof(struct mpioapic);
      break;
    case MPBUS:
    case MPIOINTR:
    case MPLINTR:
      p += 8;
      break;
    default:
      panic("mpinit: unknown MP table entry");
    }
  }
  if(ncpu == 0)
    panic("mpinit: the MP table lists no usable CPU");

  if(mp->imcrp & MPF_IMCRP){
    // The IMCR (Interrupt Mode Configuration Register) chooses whether the
    // 8259's INTR line goes straight to the boot CPU (PIC mode) or through the
    // APICs (symmetric mode). Select it by writing 0x70 to port 0x22; bit 0 of
    // its data at port 0x23 picks the APICs.
    outb(0x22, 0x70);
    outb(0x23, inb(0x23) | 1);
  }
}
