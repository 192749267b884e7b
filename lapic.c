// lapic.c: each CPU's local APIC, which delivers its interrupts, runs its timer
// and sends inter-processor interrupts (the boot CPU uses those to start the
// others). Intel SDM vol. 3, ch. 10; the registers are memory mapped, 16 bytes
// apart.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "traps.h"
#include "memlayout.h"
#include "mmu.h"
#include "x86.h"

// Register offsets, divided by 4 because lapic[] counts 32-bit words.
#define ID      (0x020/4)   // local APIC id, in bits 24..31
#define VER     (0x030/4)   // version; bits 16..23 = number of LVT entries - 1
// task priority: interrupts at or below it are held back
#define TPR     (0x080/4)
#define EOI     (0x0B0/4)   // write 0 to end the interrupt being serviced
// spurious-interrupt vector, and the APIC's on/off switch
#define SVR     (0x0F0/4)
  #define SVR_ENABLE  0x00000100
#define ESR     (0x280/4)   // error status
// interrupt command: writing the low half sends the IPI
#define ICRLO   (0x300/4)
  #define ICR_INIT     0x00000500   // delivery mode INIT
  #define ICR_STARTUP  0x00000600   // delivery mode start-up (SIPI)
  // delivery status: the IPI has not gone out yet
  #define ICR_BUSY     0x00001000
  #define ICR_ASSERT   0x00004000   // level assert (clear: de-assert)
  #define ICR_LEVEL    0x00008000   // level triggered
  #define ICR_ALLINC   0x00080000   // shorthand: every APIC, this one included
// interrupt command: destination APIC id in bits 24..31
#define ICRHI   (0x310/4)
#define TIMER   (0x320/4)   // LVT entry of the timer
  #define TIMER_PERIODIC 0x00020000 // reload the count each time it reaches 0
#define PCINT   (0x340/4)   // LVT entry of performance-counter overflow
// LVT entry of the LINT0 pin (where the 8259 PIC is wired)
#define LINT0   (0x350/4)
#define LINT1   (0x360/4)   // LVT entry of the LINT1 pin (usually NMI)
#define ERROR   (0x370/4)   // LVT entry of APIC errors
  #define LVT_MASKED   0x00010000   // in any LVT entry: deliver nothing
#define TICR    (0x380/4)   // timer initial count
#define TDCR    (0x3E0/4)   // timer divide configuration
  #define TDCR_X1      0x0000000B   // count at the full bus clock

// The timer counts down from this at the bus clock. QEMU's APIC timer runs at
// 1 GHz, so this is 10 ms, a 100 Hz tick; on real hardware the rate depends on
// the bus clock.
#define TIMER_COUNT 10000000

// The local APIC's physical address, set by mpinit from the MP table (usually
// 0xFEE00000). It lies above DEVSPACE, which every kernel page table maps one
// to one, so the physical address works as a pointer. 0 until mpinit runs.
volatile uint *lapic;

static void
lapicw(int reg, uint value)
{
  lapic[reg] = value;
  // Writes to the APIC may be posted; reading a register forces this one to
  // complete before the caller goes on (to an EOI, or to the next step of an
  // IPI sequence).
  (void)lapic[ID];
}

// lapicinit: set up the calling CPU's local APIC: enable it, start its periodic
// timer at vector T_IRQ0+IRQ_TIMER, mask the legacy LINT pins, and accept
// interrupts of every priority. Every CPU calls it once, after mpinit has found
// the APIC.
void
lapicinit(void)
{
  uint nlvt;

  if(lapic == 0)
    return;

  // Switch the APIC on, and name the vector it uses for a spurious interrupt
  // (one that went away before the CPU could take it); that vector needs no
  // EOI.
  lapicw(SVR, SVR_ENABLE | (T_IRQ0 + IRQ_SPURIOUS));

  // Mask the local sources this kernel does not use. Device interrupts come
  // through the IOAPIC, not from the 8259s on LINT0; NMIs on LINT1 are ignored
  // too. Only APICs with five or more LVT entries (VER bits 16..23 hold the
  // count minus one) have the performance-counter entry.
  lapicw(LINT0, LVT_MASKED);
  lapicw(LINT1, LVT_MASKED);
  nlvt = ((lapic[VER] >> 16) & 0xFF) + 1;
  if(nlvt >= 5)
    lapicw(PCINT, LVT_MASKED);

  // APIC errors raise IRQ_ERROR. A write to the error status register latches
  // the errors so far, so two writes leave it clear.
  lapicw(ERROR, T_IRQ0 + IRQ_ERROR);
  lapicw(ESR, 0);
  lapicw(ESR, 0);

  // End any interrupt the BIOS left in service.
  lapicw(EOI, 0);

  // Send every APIC (this one too) an INIT level de-assert: older (P6-era)
  // APICs copy their id into their bus arbitration id on it, which they need
  // before they can arbitrate. Wait until the IPI has gone out.
  lapicw(ICRHI, 0);
  lapicw(ICRLO, ICR_ALLINC | ICR_INIT | ICR_LEVEL);
  while((lapic[ICRLO] & ICR_BUSY) != 0)
    ;

  // The periodic timer: count down from TIMER_COUNT at the full bus clock,
  // raise IRQ_TIMER at 0, reload, repeat. (Interrupts are still off on this
  // CPU: the first tick is taken once the scheduler turns them on.)
  lapicw(TDCR, TDCR_X1);
  lapicw(TIMER, TIMER_PERIODIC | (T_IRQ0 + IRQ_TIMER));
  lapicw(TICR, TIMER_COUNT);

  // Accept interrupts of every priority.
  lapicw(TPR, 0);
}

// lapicid: the calling CPU's local APIC id, or 0 before mpinit has found the
// APIC. It only reads a register, so it is safe with interrupts on and inside
// panic.
int
lapicid(void)
{
  if(lapic == 0)
    return 0;
  return lapic[ID] >> 24;
}

// lapiceoi: tell the local APIC the current interrupt has been handled, so it
// will deliver the next one of equal or lower priority.
void
lapiceoi(void)
{
  if(lapic)
    lapicw(EOI, 0);
}

// microdelay: busy-wait for roughly us microseconds. Each write to port 0x80
// (the POST diagnostic port, which nothing reads) takes about 1 us on the ISA
// bus of a real PC; under QEMU it is faster, and nothing there needs the delay.
void
microdelay(int us)
{
  while(us-- > 0)
    outb(0x80, 0);
}

// Send an IPI (delivery mode and vector in lo) to the APIC with id apicid, and
// wait, briefly, for the APIC to report it sent.
static void
lapicipi(uint apicid, uint lo)
{
  int i;

  lapicw(ICRHI, apicid << 24);
  lapicw(ICRLO, lo);
  for(i = 0; i < 1000 && (lapic[ICRLO] & ICR_BUSY); i++)
    microdelay(1);
}

// CMOS: index port 0x70, data port 0x71. Byte 0x0F is the shutdown code, which
// the BIOS reads after a reset; code 0x0A means "warm reset: jump through the
// vector at 40:67".
#define CMOS_PORT    0x70
#define CMOS_SHUTDOWN 0x0F
#define SHUTDOWN_JMP  0x0A
// physical address of the 40:67 vector (offset, segment)
#define WARM_RESET_VECTOR 0x467

// lapicstartap: start the CPU whose APIC id is apicid running real-mode code at
// physical address addr (page aligned, below 1 MB). Returns at once; the caller
// waits for the CPU to announce itself. This is the INIT, STARTUP, STARTUP
// sequence of the MP specification (Appendix B.4).
void
lapicstartap(uchar apicid, uint addr)
{
  ushort *wrv;
  int i;

  // Some BIOSes, seeing the INIT, reset the CPU and then jump through the
  // warm-reset vector instead of waiting for STARTUP. Point that vector at addr
  // too.
  outb(CMOS_PORT, CMOS_SHUTDOWN);
  outb(CMOS_PORT+1, SHUTDOWN_JMP);
  wrv = (ushort*)P2V(WARM_RESET_VECTOR);
  wrv[0] = 0;              // offset
  wrv[1] = addr >> 4;      // segment

  // INIT, asserted then de-asserted, resets the target into its wait-for-SIPI
  // state.
  lapicipi(apicid, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
  microdelay(200);
  lapicipi(apicid, ICR_INIT | ICR_LEVEL);
  microdelay(10000);       // the specification asks for 10 ms here

  // STARTUP carries the page number of the entry point as its vector. Intel
  // says to send it twice; a CPU that already started ignores the second.
  for(i = 0; i < 2; i++){
    lapicipi(apicid, ICR_STARTUP | (addr >> 12));
    microdelay(200);
  }
}
