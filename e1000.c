// e1000.c: the driver for the Intel e1000 network card (labs/net: you write
// it). pci.c finds the card and calls e1000_init; net.c sends frames with
// e1000_transmit; the card's interrupt arrives in e1000_intr, which hands
// each received frame to net_rx. Register facts: e1000_dev.h.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "net.h"
#include "e1000_dev.h"

// The card's registers, mapped at BAR0 (pci.c); index with offset / 4.
static volatile uint *regs;

// Set up the card whose registers are at xregs (a virtual address that maps
// BAR0). Reads the card's MAC address into netmac. Interrupts from the card
// are not yet wanted: pci.c routes its IRQ after this returns.
void
e1000_init(uint *xregs)
{
  uint lo, hi;

  regs = xregs;
  regs[E1000_IMC/4] = 0xFFFFFFFF;   // no interrupts
  // QEMU loads receive address 0 with the MAC address from its EEPROM.
  lo = regs[E1000_RAL/4];
  hi = regs[E1000_RAH/4];
  netmac[0] = lo;
  netmac[1] = lo >> 8;
  netmac[2] = lo >> 16;
  netmac[3] = lo >> 24;
  netmac[4] = hi;
  netmac[5] = hi >> 8;
}

// Queue the frame m (m->len bytes at m->head) for sending. Returns 0, after
// which the driver owns m and frees it once the card has sent it, or -1 (the
// ring is full; the caller still owns m).
int
e1000_transmit(struct mbuf *m)
{
  static int said;

  if(!said){
    said = 1;
    cprintf("e1000_transmit: not implemented (labs/net)\n");
  }
  return -1;
}

// The card's interrupt: read ICR (which acknowledges it) and hand every
// received frame to net_rx.
void
e1000_intr(void)
{
  if(regs)
    (void)regs[E1000_ICR/4];
}
