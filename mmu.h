// mmu.h: the x86 memory-management unit: paging structures, segment
// descriptors, the TSS.
//
// A 32-bit linear address, as the two-level page walk splits it:
//
//  31                  22 21                  12 11                       0
// +----------------------+----------------------+--------------------------+
// | page-directory index |   page-table index   |   offset within the page |
// |     PDX(va), 10 bits |     PTX(va), 10 bits |         12 bits          |
// +----------------------+----------------------+--------------------------+
//
// A page-directory or page-table entry:
//
//  31              12 11  9  8   7    6   5    4     3    2    1    0
// +------------------+-----+---+----+---+---+-----+-----+----+----+---+
// | physical address | AVL | G | PS | D | A | PCD | PWT | US | RW | P |
// +------------------+-----+---+----+---+---+-----+-----+----+----+---+
//   P present; RW writable (PTE_W); US user may access (PTE_U);
//   PWT write-through, PCD cache disabled (both left 0 here);
//   A accessed, D dirty: set by the CPU when it uses or writes the page;
//   PS (PDE only, with CR4.PSE) maps a 4 MB page whose frame is bits 31..22
//   (in a PTE bit 7 is PAT, left 0); G global (unused here);
//   AVL three bits the CPU ignores, free for the kernel.
#ifndef XV6_MMU_H
#define XV6_MMU_H

// ---- paging ----
#define PGSIZE          4096    // bytes in a page (and in a page table)
#define NPDENTRIES      1024    // entries in a page directory
#define NPTENTRIES      1024    // entries in a page table
#define PDXSHIFT        22      // PDX is bits 22..31 of an address
#define PTXSHIFT        12      // PTX is bits 12..21 of an address

// The two table indexes of a virtual address.
#define PDX(va)         (((uint)(va) >> PDXSHIFT) & (NPDENTRIES - 1))
#define PTX(va)         (((uint)(va) >> PTXSHIFT) & (NPTENTRIES - 1))
// The address whose directory index is d, table index t and offset o.
#define PGADDR(d, t, o) ((uint)((d) << PDXSHIFT | (t) << PTXSHIFT | (o)))

// Round down / up to a page boundary.
#define PGROUNDDOWN(a)  ((a) & ~(PGSIZE - 1))
#define PGROUNDUP(a)    PGROUNDDOWN((a) + PGSIZE - 1)

// Bits of a page-directory or page-table entry (see the picture above)
#define PTE_P           (1 << 0)   // present: the entry is valid
#define PTE_W           (1 << 1)   // writable
#define PTE_U           (1 << 2)   // user code may use it
// (PDE only, with CR4.PSE) maps a 4 MB page directly
#define PTE_PS          (1 << 7)

// The physical address in an entry (top 20 bits), and its flag bits (low 12).
#define PTE_ADDR(pte)   ((uint)(pte) & ~(PGSIZE - 1))
#define PTE_FLAGS(pte)  ((uint)(pte) & (PGSIZE - 1))

// ---- control registers and flags ----
#define CR0_PE          (1 << 0)    // protected mode on
// wait/fwait obey CR0.TS like other FPU instructions
#define CR0_MP          (1 << 1)
// no FPU: every FPU instruction traps (must be clear)
#define CR0_EM          (1 << 2)
// FPU errors arrive as trap 16, not through the PIC
#define CR0_NE          (1 << 5)
// write protect: read-only PTEs bind the kernel too
#define CR0_WP          (1 << 16)
#define CR0_PG          0x80000000  // bit 31: paging on
// page size extension: 4 MB pages allowed in a PDE
#define CR4_PSE         (1 << 4)
// the OS saves SSE state with fxsave: SSE allowed
#define CR4_OSFXSR      (1 << 9)
#define CR4_OSXMMEXCPT  (1 << 10)   // SSE exceptions arrive as trap 19, not #UD
#define FL_IF           (1 << 9)    // EFLAGS: maskable interrupts enabled

// ---- segments ----
// Slots of each CPU's GDT (seginit and switchuvm in vm.c fill them). A selector
// is slot << 3 | requested privilege.
#define SEG_KCODE 1  // kernel code
#define SEG_KDATA 2  // kernel data and stack
#define SEG_UCODE 3  // user code
#define SEG_UDATA 4  // user data and stack
#define SEG_TSS   5  // this CPU's task state segment
#define NSEGS     6  // slot 0 is the required null descriptor

#define DPL_USER    0x3     // ring 3: user mode

// Type field of a code or data descriptor
#define STA_X       0x8     // executable: a code segment
#define STA_W       0x2     // (data) writable
#define STA_R       0x2     // (code) readable

// Type field of a system descriptor
#define STS_T32A    0x9     // 32-bit TSS, not busy
#define STS_IG32    0xE     // 32-bit interrupt gate
#define STS_TG32    0xF     // 32-bit trap gate

#ifndef __ASSEMBLER__
// A GDT entry (segment descriptor), 8 bytes. For historical reasons Intel
// splits the base address into three pieces and the limit into two.
struct segdesc {
  uint limit_lo : 16;   // limit bits 0..15
  uint base_lo : 16;    // base bits 0..15
  uint base_mid : 8;    // base bits 16..23
  uint type : 4;        // STA_* for code/data, STS_* for system segments
  // 1 = code or data segment, 0 = system segment (TSS, gates)
  uint s : 1;
  uint dpl : 2;         // privilege level needed to use it (0 kernel, 3 user)
  uint present : 1;
  uint limit_hi : 4;    // limit bits 16..19
  uint avl : 1;         // ignored by the CPU
  uint zero : 1;        // 64-bit code flag: always 0 here
  uint db : 1;          // 1 = 32-bit code/data
  uint g : 1;           // 1 = limit counts 4 KB pages, 0 = bytes
  uint base_hi : 8;     // base bits 24..31
};

// A flat code or data segment: base 0, limit 4 GB (0xFFFFF pages), 32-bit.
static inline struct segdesc
flatseg(uint type, uint dpl)
{
  struct segdesc d = {
    .limit_lo = 0xFFFF, .limit_hi = 0xF, .g = 1,
    .base_lo = 0, .base_mid = 0, .base_hi = 0,
    .type = type, .s = 1, .dpl = dpl, .present = 1, .db = 1,
  };
  return d;
}

// The descriptor for a 32-bit TSS of size bytes at address ts (byte granular,
// ring 0).
static inline struct segdesc
tssseg(void *ts, uint size)
{
  uint base = (uint)ts;
  uint limit = size - 1;
  struct segdesc d = {
    .limit_lo = limit & 0xFFFF, .limit_hi = (limit >> 16) & 0xF, .g = 0,
    .base_lo = base & 0xFFFF, .base_mid = (base >> 16) & 0xFF,
    .base_hi = base >> 24,
    .type = STS_T32A, .s = 0, .dpl = 0, .present = 1,
  };
  return d;
}

// The 32-bit task-state segment, 104 bytes, laid out by the hardware. This
// kernel does not switch tasks with it; the CPU reads only ss0:esp0 (the stack
// to switch to when a trap arrives from user mode) and iomb (where the I/O
// permission bitmap would start: past the segment's limit, so user code may use
// no I/O port at all). Each 16-bit selector sits in a 32-bit slot; pad_* is the
// unused upper half.
struct taskstate {
  uint link;
  uint esp0;
  ushort ss0, pad_ss0;
  uint esp1;
  ushort ss1, pad_ss1;
  uint esp2;
  ushort ss2, pad_ss2;
  uint cr3;
  uint eip;
  uint eflags;
  uint eax, ecx, edx, ebx, esp, ebp, esi, edi;
  ushort es, pad_es;
  ushort cs, pad_cs;
  ushort ss, pad_ss;
  ushort ds, pad_ds;
  ushort fs, pad_fs;
  ushort gs, pad_gs;
  ushort ldt, pad_ldt;
  ushort trapflag;
  ushort iomb;
};

// An IDT entry (interrupt or trap gate), 8 bytes: where the handler for one
// vector is.
struct gatedesc {
  uint off_lo : 16;     // handler address bits 0..15
  uint sel : 16;        // code segment selector of the handler
  uint zero : 8;        // unused by interrupt and trap gates
  uint type : 4;        // STS_IG32 or STS_TG32
  uint s : 1;           // 0: a system descriptor
  // lowest privilege allowed to raise it with an int instruction
  uint dpl : 2;
  uint present : 1;
  uint off_hi : 16;     // handler address bits 16..31
};

// Point gate g at the handler at address off in code segment sel. An interrupt
// gate (istrap 0) turns interrupts off on entry; a trap gate (istrap 1) leaves
// them as they were. dpl is the lowest privilege that may raise the vector with
// an int instruction.
static inline void
setgate(struct gatedesc *g, int istrap, uint sel, uint off, uint dpl)
{
  g->off_lo = off & 0xFFFF;
  g->off_hi = off >> 16;
  g->sel = sel;
  g->zero = 0;
  g->type = istrap ? STS_TG32 : STS_IG32;
  g->s = 0;
  g->dpl = dpl;
  g->present = 1;
}
#endif
#endif
