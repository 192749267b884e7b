// x86.h: small inline functions for the x86 instructions C has no words for
// (port I/O, control registers, descriptor tables, interrupts, atomic
// exchange), and the trap frame.
#ifndef XV6_X86_H
#define XV6_X86_H

// ---- I/O ports ---- Devices such as the disk controller, the PIC and the
// keyboard answer on the 64 K I/O ports, reached only by the in and out
// instructions (the port number goes in %dx).

// Read one byte from port.
static inline uchar
inb(ushort port)
{
  uchar byte;

  asm volatile("inb %w1, %b0" : "=a" (byte) : "d" (port));
  return byte;
}

// Write one byte to port.
static inline void
outb(ushort port, uchar byte)
{
  asm volatile("outb %b0, %w1" : : "a" (byte), "d" (port));
}

// Read one 32-bit word from port (PCI configuration space, pci.c).
static inline uint
inl(ushort port)
{
  uint word;

  asm volatile("inl %w1, %0" : "=a" (word) : "d" (port));
  return word;
}

// Write one 32-bit word to port.
static inline void
outl(ushort port, uint word)
{
  asm volatile("outl %0, %w1" : : "a" (word), "d" (port));
}

// Read n 32-bit words from port into buf ("rep insl": %edi walks buf, %ecx
// counts down).
static inline void
insl(int port, void *buf, int n)
{
  asm volatile("cld\n\trep insl"
               : "+D" (buf), "+c" (n)
               : "d" (port)
               : "memory", "cc");
}

// Write n 32-bit words from buf to port (%esi walks buf).
static inline void
outsl(int port, const void *buf, int n)
{
  asm volatile("cld\n\trep outsl"
               : "+S" (buf), "+c" (n)
               : "d" (port)
               : "cc");
}

// ---- filling memory ----

// Store the low byte of value into n bytes starting at dst.
static inline void
stosb(void *dst, int value, int n)
{
  asm volatile("cld\n\trep stosb"
               : "+D" (dst), "+c" (n)
               : "a" (value)
               : "memory", "cc");
}

// Store the 32-bit value into n words starting at dst.
static inline void
stosl(void *dst, int value, int n)
{
  asm volatile("cld\n\trep stosl"
               : "+D" (dst), "+c" (n)
               : "a" (value)
               : "memory", "cc");
}

// ---- interrupts and flags ----

// Turn off maskable interrupts on this CPU (clears EFLAGS.IF).
static inline void
cli(void)
{
  asm volatile("cli");
}

// Turn them back on (sets EFLAGS.IF).
static inline void
sti(void)
{
  asm volatile("sti");
}

// Stop the CPU until the next interrupt arrives.
static inline void
hlt(void)
{
  asm volatile("hlt");
}

// Stop this CPU for good. With interrupts off, hlt wakes only for an NMI, and
// the loop halts again after it.
static inline void __attribute__((noreturn))
halt(void)
{
  cli();
  for(;;)
    hlt();
}

// The EFLAGS register (test FL_IF to see whether interrupts are on).
static inline uint
readeflags(void)
{
  uint flags;

  asm volatile("pushfl\n\tpopl %0" : "=r" (flags));
  return flags;
}

// Atomically store value in *p and return what *p held before. xchg with a
// memory operand always locks the bus, so no other CPU can slip in between the
// read and the write: this is what spinlocks are built on.
static inline uint
xchg(volatile uint *p, uint value)
{
  asm volatile("xchgl %0, %1" : "+m" (*p), "+a" (value) : : "memory", "cc");
  return value;
}

// ---- control registers ----

// CR2 holds the virtual address whose access caused the last page fault.
static inline uint
rcr2(void)
{
  uint addr;

  asm volatile("movl %%cr2, %0" : "=r" (addr));
  return addr;
}

// Load CR3 with the physical address of a page directory: the CPU switches
// address space and forgets every cached translation (TLB) at once.
static inline void
lcr3(uint pa)
{
  asm volatile("movl %0, %%cr3" : : "r" (pa) : "memory");
}

// The physical address of the page directory in use; lcr3(rcr3()) flushes the
// TLB. The kernel itself never calls it: the pgtbl and cow labs' handouts do.
static inline uint
rcr3(void)
{
  uint pa;

  asm volatile("movl %%cr3, %0" : "=r" (pa));
  return pa;
}

// CR0 and CR4 hold mode bits (mmu.h: CR0_*, CR4_*); fpuinit sets the FPU and
// SSE ones.
static inline uint
rcr0(void)
{
  uint bits;

  asm volatile("movl %%cr0, %0" : "=r" (bits));
  return bits;
}

static inline void
lcr0(uint bits)
{
  asm volatile("movl %0, %%cr0" : : "r" (bits));
}

static inline uint
rcr4(void)
{
  uint bits;

  asm volatile("movl %%cr4, %0" : "=r" (bits));
  return bits;
}

static inline void
lcr4(uint bits)
{
  asm volatile("movl %0, %%cr4" : : "r" (bits));
}

// ---- descriptor tables ---- lgdt and lidt read a 6-byte operand from memory:
// the table's size in bytes minus one (16 bits), then its linear address (32
// bits).
struct dtreg {
  ushort limit;
  uint base;
} __attribute__((packed));

struct segdesc;
struct gatedesc;

// Make the GDT the nbytes-long array at gdt.
static inline void
lgdt(struct segdesc *gdt, int nbytes)
{
  struct dtreg r = { nbytes - 1, (uint)gdt };

  asm volatile("lgdt %0" : : "m" (r));
}

// Make the IDT the nbytes-long array at idt.
static inline void
lidt(struct gatedesc *idt, int nbytes)
{
  struct dtreg r = { nbytes - 1, (uint)idt };

  asm volatile("lidt %0" : : "m" (r));
}

// Load the task register with a GDT selector for a TSS descriptor.
static inline void
ltr(ushort selector)
{
  asm volatile("ltr %0" : : "r" (selector));
}

// ---- the trap frame ---- Every trap leaves this on the kernel stack, lowest
// address first. Reading upwards: alltraps (trapasm.S) pushes the general
// registers (pushal) and the data segment registers, the vector stub pushes
// trapno (and a zero err when the CPU does not push one), and the CPU itself
// pushes err, eip, cs, eflags and, only when the trap came from user mode, the
// user's esp and ss. The order is fixed by that assembly and the hardware.
struct trapframe {
  // pushal, in the order it stores them
  uint edi;
  uint esi;
  uint ebp;
  uint oesp;      // the kernel esp before pushal: not used
  uint ebx;
  uint edx;
  uint ecx;
  uint eax;

  // segment registers: 16 bits each, pushed as 32-bit slots; each pad_*
  // is the unused upper half of its slot, never read
  ushort gs, pad_gs;
  ushort fs, pad_fs;
  ushort es, pad_es;
  ushort ds, pad_ds;

  uint trapno;    // vector number (traps.h)

  // the CPU's part
  uint err;       // error code, or 0
  uint eip;
  ushort cs, pad_cs;
  uint eflags;

  // present only when the trap came from user mode (a privilege change)
  uint esp;
  ushort ss, pad_ss;
};
#endif
