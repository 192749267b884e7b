// pci.c: find the devices on the PCI bus through configuration mechanism #1
// (I/O ports 0xCF8/0xCFC), and start the one this kernel drives: QEMU's
// e1000 network card. Only bus 0 is scanned: QEMU's PC puts every device
// there, behind no bridges.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "x86.h"
#include "net.h"

#define PCI_ADDR 0xCF8   // write: enable bit | bus | device | function | reg
#define PCI_DATA 0xCFC   // then read or write that 32-bit register here

// Configuration registers (byte offsets in a device's 256-byte space).
#define PCI_ID       0x00   // vendor (low 16 bits), device (high 16)
#define PCI_COMMAND  0x04   // command (low 16 bits), status (high 16)
#define PCI_CLASS    0x08   // class, subclass, prog-if, revision (high first)
#define PCI_HEADER   0x0C   // header type in bits 16..23
#define PCI_BAR0     0x10   // base address register 0
#define PCI_INTR     0x3C   // interrupt line (IRQ) in bits 0..7

#define PCI_CMD_MEM    0x0002   // respond to memory accesses (the BARs)
#define PCI_CMD_MASTER 0x0004   // may start DMA (bus mastering)
#define PCI_MULTIFN    0x00800000  // header type bit 7: functions 1..7 exist

#define E1000_VENDOR 0x8086   // Intel
#define E1000_DEVICE 0x100E   // 82540EM, what QEMU's -device e1000 is

int e1000irq = -1;            // the card's IRQ; -1 until one is found

static uint
pciaddr(int dev, int fn, int reg)
{
  return 0x80000000 | (dev << 11) | (fn << 8) | (reg & 0xFC);
}

static uint
pciread(int dev, int fn, int reg)
{
  outl(PCI_ADDR, pciaddr(dev, fn, reg));
  return inl(PCI_DATA);
}

static void
pciwrite(int dev, int fn, int reg, uint v)
{
  outl(PCI_ADDR, pciaddr(dev, fn, reg));
  outl(PCI_DATA, v);
}

// Turn on the e1000 at dev.fn: memory decoding and DMA, its registers (BAR0),
// its interrupt, and then the network stack. BAR0 is a physical address the
// BIOS chose; QEMU's BIOS puts it just below the I/O APIC (0xFEBC0000), in
// DEVSPACE, which every page table maps one to one (kmap in vm.c). A BAR
// anywhere else is not mapped, so the card is then left alone.
static void
e1000attach(int dev, int fn)
{
  uint bar, irq;

  pciwrite(dev, fn, PCI_COMMAND, pciread(dev, fn, PCI_COMMAND) |
           PCI_CMD_MEM | PCI_CMD_MASTER);
  bar = pciread(dev, fn, PCI_BAR0);
  irq = pciread(dev, fn, PCI_INTR) & 0xFF;
  if((bar & 1) != 0 || (bar & ~0xF) < DEVSPACE || irq >= 24){
    cprintf("e1000: BAR0 0x%08x irq %d unusable: not started\n", bar, irq);
    return;
  }
  e1000_init((uint*)(bar & ~0xF));
  cprintf("e1000: registers at 0x%08x, irq %d, mac %02x:%02x:%02x:%02x"
          ":%02x:%02x\n", bar & ~0xF, irq, netmac[0], netmac[1], netmac[2],
          netmac[3], netmac[4], netmac[5]);
  e1000irq = irq;
  ioapicenable(irq, 0);
  netstart();
}

// Scan bus 0. Without a network card this prints nothing, so a boot without
// one looks as it always did; with one it lists every device first
// ("pci: bus:dev.fn vendor:device class") and then starts the card.
void
pciinit(void)
{
  int dev, fn, nfn, found;
  uint id, class;

  found = -1;
  for(dev = 0; dev < 32; dev++)
    if(pciread(dev, 0, PCI_ID) == (E1000_DEVICE << 16 | E1000_VENDOR))
      found = dev;
  if(found < 0)
    return;
  for(dev = 0; dev < 32; dev++){
    if((pciread(dev, 0, PCI_ID) & 0xFFFF) == 0xFFFF)  // nobody answers
      continue;
    nfn = (pciread(dev, 0, PCI_HEADER) & PCI_MULTIFN) ? 8 : 1;
    for(fn = 0; fn < nfn; fn++){
      id = pciread(dev, fn, PCI_ID);
      if((id & 0xFFFF) == 0xFFFF)
        continue;
      class = pciread(dev, fn, PCI_CLASS);
      cprintf("pci: 00:%02x.%d %04x:%04x class %02x.%02x\n", dev, fn,
              id & 0xFFFF, id >> 16, class >> 24, (class >> 16) & 0xFF);
    }
  }
  e1000attach(found, 0);
}
