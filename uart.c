// uart.c: the first PC serial port, COM1, an 8250/16550 UART. Under QEMU
// -nographic it is the terminal: the console copies every output character here
// and reads typed input back.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "traps.h"
#include "x86.h"

// COM1's registers are eight consecutive I/O ports. Offsets 0 and 1 change
// meaning while the divisor latch access bit (LCR bit 7) is set.
#define COM1      0x3F8
#define UART_DATA 0    // read: received byte (RBR); write: byte to send (THR)
#define UART_DLL  0    // with DLAB: baud divisor, low byte
#define UART_IER  1    // interrupt enable
#define UART_DLM  1    // with DLAB: baud divisor, high byte
#define UART_FCR  2    // write: FIFO control
#define UART_IIR  2    // read: interrupt identification
#define UART_LCR  3    // line control: word length, parity, stop bits, DLAB
#define UART_MCR  4    // modem control
#define UART_LSR  5    // line status

#define IER_RDA    0x01  // interrupt when a received byte is available
// FIFOs on, both cleared, receive interrupt after 1 byte
#define FCR_ENABLE 0x07
#define LCR_DLAB   0x80  // expose the divisor latch at offsets 0 and 1
#define LCR_8N1    0x03  // 8 data bits, no parity, 1 stop bit
// OUT2 gates the UART's interrupt line onto the bus on a real PC; DTR and RTS
// tell the other end we are ready.
#define MCR_DTR_RTS_OUT2 0x0B
#define LSR_DR     0x01  // a received byte is waiting
#define LSR_THRE   0x20  // the transmit holding register is empty

#define UART_CLOCK 115200  // the divisor divides this
#define UART_BAUD  115200

// 0 before uartinit, then 1 if a UART answered, -1 if not.
static int uartstate;

// uartinit: program COM1 for 115200 baud 8N1, turn on receive interrupts and
// route them to CPU 0. If nothing answers at COM1 the console simply stays
// screen-only. Prints nothing.
void
uartinit(void)
{
  // A port with nothing behind it reads as all ones.
  if(inb(COM1+UART_LSR) == 0xFF){
    uartstate = -1;
    return;
  }

  outb(COM1+UART_FCR, FCR_ENABLE);
  outb(COM1+UART_LCR, LCR_DLAB);
  outb(COM1+UART_DLL, (UART_CLOCK/UART_BAUD) & 0xFF);
  outb(COM1+UART_DLM, (UART_CLOCK/UART_BAUD) >> 8);
  outb(COM1+UART_LCR, LCR_8N1);
  outb(COM1+UART_MCR, MCR_DTR_RTS_OUT2);
  outb(COM1+UART_IER, IER_RDA);
  uartstate = 1;

  // Throw away anything received before now and clear a pending interrupt, so
  // the first interrupt the IOAPIC delivers is for new input.
  (void)inb(COM1+UART_IIR);
  while(inb(COM1+UART_LSR) & LSR_DR)
    (void)inb(COM1+UART_DATA);

  ioapicenable(IRQ_COM1, 0);
}

// uartputc: send one byte. Usable before uartinit (the BIOS has set the port up
// well enough, and QEMU needs no setup); does nothing if uartinit found no
// UART. Waits at most about 1.3 ms for the transmitter, then sends anyway
// rather than hang a console with no cable.
void
uartputc(int c)
{
  int i;

  if(uartstate < 0)
    return;
  for(i = 0; i < 128 && !(inb(COM1+UART_LSR) & LSR_THRE); i++)
    microdelay(10);
  outb(COM1+UART_DATA, c);
}

// Next received byte, or -1 if none is waiting.
static int
uartgetc(void)
{
  if(uartstate <= 0)
    return -1;
  if(!(inb(COM1+UART_LSR) & LSR_DR))
    return -1;
  return inb(COM1+UART_DATA);
}

// uartintr: COM1's interrupt handler; hands the received bytes to the console.
void
uartintr(void)
{
  consoleintr(uartgetc);
}
