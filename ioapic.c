// ioapic.c: the I/O APIC, which routes device interrupt lines (IRQs) to CPUs.
// See the Intel 82093AA I/O APIC datasheet. The 8259 PICs are masked
// (picirq.c).

#include "types.h"
#include "defs.h"
#include "param.h"
#include "traps.h"
#include "mmu.h"
#include "proc.h"

// Where QEMU and most PCs put the IOAPIC; above DEVSPACE, so mapped one to one.
#define IOAPIC  0xFEC00000

// The IOAPIC has only two memory-mapped registers: write a register number to
// reg, then read or write that register through data.
struct ioapic {
  uint reg;
  uint pad[3];
  uint data;
};

#define REG_ID     0x00   // IOAPIC id in bits 24..27
#define REG_VER    0x01   // bits 16..23: number of redirection entries - 1
// redirection entry i: low word at 0x10+2i, high word at 0x11+2i
#define REG_TABLE  0x10

// Low word of a redirection entry: vector in bits 0..7; the zero values of the
// other fields mean fixed delivery, physical destination, active high, edge
// triggered.
#define INT_MASKED   0x00010000   // do not deliver
// High word: destination APIC id in bits 24..31.

static volatile struct ioapic *ioapic;
static int nentries;   // redirection entries this IOAPIC has

// ioapicenable may run before ioapicinit (uartinit is called early in boot).
// Such requests are remembered here, as CPU number + 1, and carried out by
// ioapicinit.
#define NEARLY 24
static int early[NEARLY];

static uint
ioapicread(int reg)
{
  ioapic->reg = reg;
  return ioapic->data;
}

static void
ioapicwrite(int reg, uint data)
{
  ioapic->reg = reg;
  ioapic->data = data;
}

static void
route(int irq, int cpunum)
{
  // Destination first, so the entry is never live with a stale destination.
  ioapicwrite(REG_TABLE+2*irq+1, (uint)cpus[cpunum].apicid << 24);
  ioapicwrite(REG_TABLE+2*irq, T_IRQ0 + irq);
}

// ioapicinit: mask every IOAPIC input, giving IRQ i the vector T_IRQ0+i for
// when it is enabled, then carry out any ioapicenable calls made before now.
// Call after mpinit (which finds ioapicid and the CPUs' APIC ids) and before
// interrupts are turned on.
void
ioapicinit(void)
{
  int i, id;

  ioapic = (volatile struct ioapic*)IOAPIC;
  nentries = ((ioapicread(REG_VER) >> 16) & 0xFF) + 1;
  id = (ioapicread(REG_ID) >> 24) & 0x0F;
  if(id != ioapicid)
    cprintf("ioapicinit: IOAPIC id %d, but the MP table says %d\n",
            id, ioapicid);

  for(i = 0; i < nentries; i++){
    ioapicwrite(REG_TABLE+2*i, INT_MASKED | (T_IRQ0 + i));
    ioapicwrite(REG_TABLE+2*i+1, 0);
  }

  for(i = 0; i < NEARLY; i++){
    if(early[i] != 0 && i < nentries)
      route(i, early[i] - 1);
    early[i] = 0;
  }
}

// ioapicenable: deliver IRQ irq to CPU number cpunum (an index into cpus[]) as
// vector T_IRQ0+irq, edge triggered, active high. Panics on an IRQ the IOAPIC
// does not have.
void
ioapicenable(int irq, int cpunum)
{
  if(cpunum < 0 || cpunum >= NCPU)
    panic("ioapicenable: bad cpu");
  if(ioapic == 0){
    if(irq < 0 || irq >= NEARLY)
      panic("ioapicenable: bad irq");
    early[irq] = cpunum + 1;
    return;
  }
  if(irq < 0 || irq >= nentries)
    panic("ioapicenable: bad irq");
  route(irq, cpunum);
}
