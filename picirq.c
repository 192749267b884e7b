// picirq.c: the two Intel 8259A interrupt controllers of the original PC. This
// kernel takes its interrupts from the APICs instead, so it only silences the
// 8259s.

#include "types.h"
#include "defs.h"
#include "x86.h"

// Each 8259 has a command port and a data port; outside its initialisation
// sequence a write to the data port sets the interrupt mask register (a 1 bit
// masks that IRQ).
#define PIC1_DATA 0x21    // master: IRQs 0-7
#define PIC2_DATA 0xA1    // slave, cascaded on master IRQ 2: IRQs 8-15

// picinit: mask every 8259 interrupt, so only the IOAPIC delivers device
// interrupts.
void
picinit(void)
{
  outb(PIC1_DATA, 0xFF);
  outb(PIC2_DATA, 0xFF);
}
