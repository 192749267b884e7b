// x86.h: C wrappers for the x86 instructions C cannot express, and the trap frame layout.
#ifndef XV6_X86_H
#define XV6_X86_H

static inline uchar
inb(ushort port)
{
  uchar v;
  asm volatile("in %1,%0" : "=a" (v) : "d" (port));
  return v;
}

static inline void
insl(int port, void *addr, int cnt)
{
  asm volatile("cld; rep insl" : "=D" (addr), "=c" (cnt) : "d" (port), "0" (addr), "1" (cnt)
               : "memory", "cc");
}

static inline void
outb(ushort port, uchar data)
{
  asm volatile("out %0,%1" : : "a" (data), "d" (port));
}

static inline void
outw(ushort port, ushort data)
{
  asm volatile("out %0,%1" : : "a" (data), "d" (port));
}

static inline void
outsl(int port, const void *addr, int cnt)
{
  asm volatile("cld; rep outsl" : "=S" (addr), "=c" (cnt) : "d" (port), "0" (addr), "1" (cnt)
               : "cc");
}

static inline void
stosb(void *addr, int data, int cnt)
{
  asm volatile("cld; rep stosb" : "=D" (addr), "=c" (cnt) : "0" (addr), "1" (cnt), "a" (data)
               : "memory", "cc");
}

static inline void
stosl(void *addr, int data, int cnt)
{
  asm volatile("cld; rep stosl" : "=D" (addr), "=c" (cnt) : "0" (addr), "1" (cnt), "a" (data)
               : "memory", "cc");
}

struct segdesc;

// lgdt and lidt take a 6-byte operand: a 16-bit limit then a 32-bit base.
static inline void
lgdt(struct segdesc *p, int size)
{
  volatile ushort pd[3];
  pd[0] = size-1;
  pd[1] = (uint)p;
  pd[2] = (uint)p >> 16;
  asm volatile("lgdt (%0)" : : "r" (pd));
}

struct gatedesc;

static inline void
lidt(struct gatedesc *p, int size)
{
  volatile ushort pd[3];
  pd[0] = size-1;
  pd[1] = (uint)p;
  pd[2] = (uint)p >> 16;
  asm volatile("lidt (%0)" : : "r" (pd));
}

static inline void
ltr(ushort sel)
{
  asm volatile("ltr %0" : : "r" (sel));
}

static inline uint
readeflags(void)
{
  uint eflags;
  asm volatile("pushfl; popl %0" : "=r" (eflags));
  return eflags;
}

static inline void
loadgs(ushort v)
{
  asm volatile("movw %0, %%gs" : : "r" (v));
}

static inline void
cli(void)
{
  asm volatile("cli");
}

static inline void
sti(void)
{
  asm volatile("sti");
}

static inline void
hlt(void)
{
  asm volatile("hlt");
}

// Atomically swap *addr and newval; return the old *addr. The lock prefix is implied for xchg.
static inline uint
xchg(volatile uint *addr, uint newval)
{
  uint result;
  asm volatile("lock; xchgl %0, %1" : "+m" (*addr), "=a" (result) : "1" (newval) : "cc");
  return result;
}

static inline uint
rcr0(void)
{
  uint val;
  asm volatile("movl %%cr0,%0" : "=r" (val));
  return val;
}

static inline uint
rcr2(void)
{
  uint val;
  asm volatile("movl %%cr2,%0" : "=r" (val));
  return val;
}

static inline uint
rcr3(void)
{
  uint val;
  asm volatile("movl %%cr3,%0" : "=r" (val));
  return val;
}

static inline void
lcr3(uint val)
{
  asm volatile("movl %0,%%cr3" : : "r" (val));
}

// What trapasm.S pushes on the kernel stack, lowest address first. The hardware pushes
// the part from eip down (and esp/ss only when the trap came from user mode).
struct trapframe {
  // pushal
  uint edi;
  uint esi;
  uint ebp;
  uint oesp;      // esp at pushal time: useless
  uint ebx;
  uint edx;
  uint ecx;
  uint eax;

  // segment registers, pushed by alltraps
  ushort gs;
  ushort padding1;
  ushort fs;
  ushort padding2;
  ushort es;
  ushort padding3;
  ushort ds;
  ushort padding4;
  uint trapno;

  // pushed by the CPU (err by the CPU or by the vector stub)
  uint err;
  uint eip;
  ushort cs;
  ushort padding5;
  uint eflags;

  // only on a crossing from user to kernel
  uint esp;
  ushort ss;
  ushort padding6;
};
#endif
