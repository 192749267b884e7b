// mmu.h: the x86 memory-management unit: paging structures, segment descriptors, the TSS.
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
//  31                                   12 11  9 8 7 6 5 4 3 2 1 0
// +---------------------------------------+-----+-+-+-+-+-+-+-+-+-+
// | physical address of the page or table | AVL |G|S|D|A|C|W|U|W|P|
// +---------------------------------------+-----+-+-+-+-+-+-+-+-+-+
//   P present, W writable, U user may access, PWT/PCD cache control,
//   A accessed, D dirty, S (in a PDE) 4 MB page, G global.
#ifndef XV6_MMU_H
#define XV6_MMU_H

// EFLAGS
#define FL_IF           0x00000200  // interrupts enabled

// CR0
#define CR0_PE          0x00000001  // protected mode
#define CR0_MP          0x00000002  // wait/fwait obey CR0.TS like other FPU instructions
#define CR0_EM          0x00000004  // no FPU: every FPU instruction traps (must be clear)
#define CR0_NE          0x00000020  // FPU errors arrive as trap 16, not through the PIC
#define CR0_WP          0x00010000  // write-protect: the kernel too obeys read-only PTEs
#define CR0_PG          0x80000000  // paging

// CR4
#define CR4_PSE         0x00000010  // allow 4 MB pages in the page directory
#define CR4_OSFXSR      0x00000200  // the OS saves SSE state with fxsave: SSE allowed
#define CR4_OSXMMEXCPT  0x00000400  // SSE exceptions arrive as trap 19, not #UD

// Segment selectors' indices in the GDT (see seginit in vm.c)
#define SEG_KCODE 1  // kernel code
#define SEG_KDATA 2  // kernel data and stack
#define SEG_UCODE 3  // user code
#define SEG_UDATA 4  // user data and stack
#define SEG_TSS   5  // this CPU's task state
#define NSEGS     6

#define DPL_USER    0x3     // privilege level of user code

// Application segment type bits
#define STA_X       0x8     // executable
#define STA_W       0x2     // writable (data)
#define STA_R       0x2     // readable (code)

// System segment type bits
#define STS_T32A    0x9     // available 32-bit TSS
#define STS_IG32    0xE     // 32-bit interrupt gate
#define STS_TG32    0xF     // 32-bit trap gate

// Paging geometry
#define NPDENTRIES      1024    // entries in a page directory
#define NPTENTRIES      1024    // entries in a page table
#define PGSIZE          4096    // bytes in a page
#define PTXSHIFT        12      // where PTX starts in an address
#define PDXSHIFT        22      // where PDX starts in an address

#define PDX(va)         (((uint)(va) >> PDXSHIFT) & 0x3FF)
#define PTX(va)         (((uint)(va) >> PTXSHIFT) & 0x3FF)
#define PGADDR(d, t, o) ((uint)((d) << PDXSHIFT | (t) << PTXSHIFT | (o)))

#define PGROUNDUP(sz)  (((sz)+PGSIZE-1) & ~(PGSIZE-1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE-1))

// Page-table and page-directory entry flags
#define PTE_P           0x001   // present
#define PTE_W           0x002   // writable
#define PTE_U           0x004   // user
#define PTE_PS          0x080   // 4 MB page (in a PDE, with CR4.PSE)

#define PTE_ADDR(pte)   ((uint)(pte) & ~0xFFF)
#define PTE_FLAGS(pte)  ((uint)(pte) &  0xFFF)

#ifndef __ASSEMBLER__
// A GDT entry for a code, data or TSS segment. Intel scatters base and limit across it.
struct segdesc {
  uint lim_15_0 : 16;  // limit, bits 0..15
  uint base_15_0 : 16; // base, bits 0..15
  uint base_23_16 : 8; // base, bits 16..23
  uint type : 4;       // STA_ or STS_ bits
  uint s : 1;          // 1 = code/data, 0 = system
  uint dpl : 2;        // descriptor privilege level
  uint p : 1;          // present
  uint lim_19_16 : 4;  // limit, bits 16..19
  uint avl : 1;        // free for software
  uint rsv1 : 1;       // reserved
  uint db : 1;         // 1 = 32-bit segment
  uint g : 1;          // limit counts 4 KB units
  uint base_31_24 : 8; // base, bits 24..31
};

// Build a 4 GB-granular code/data descriptor, or a byte-granular one (for the TSS).
#define SEG(type, base, lim, dpl) (struct segdesc)    \
{ ((lim) >> 12) & 0xffff, (uint)(base) & 0xffff,      \
  ((uint)(base) >> 16) & 0xff, type, 1, dpl, 1,       \
  (uint)(lim) >> 28, 0, 0, 1, 1, (uint)(base) >> 24 }
#define SEG16(type, base, lim, dpl) (struct segdesc)  \
{ (lim) & 0xffff, (uint)(base) & 0xffff,              \
  ((uint)(base) >> 16) & 0xff, type, 1, dpl, 1,       \
  (uint)(lim) >> 16, 0, 0, 1, 0, (uint)(base) >> 24 }

// The task-state segment. The kernel uses only ss0/esp0: where the CPU puts the
// stack when an interrupt arrives from user mode. iomb past the limit denies all I/O ports.
struct taskstate {
  uint link;
  uint esp0;
  ushort ss0;
  ushort padding1;
  uint *esp1;
  ushort ss1;
  ushort padding2;
  uint *esp2;
  ushort ss2;
  ushort padding3;
  void *cr3;
  uint *eip;
  uint eflags;
  uint eax, ecx, edx, ebx;
  uint *esp;
  uint *ebp;
  uint esi, edi;
  ushort es, padding4;
  ushort cs, padding5;
  ushort ss, padding6;
  ushort ds, padding7;
  ushort fs, padding8;
  ushort gs, padding9;
  ushort ldt, padding10;
  ushort t;
  ushort iomb;
};

// An IDT entry: an interrupt or trap gate.
struct gatedesc {
  uint off_15_0 : 16;
  uint cs : 16;
  uint args : 5;
  uint rsv1 : 3;
  uint type : 4;
  uint s : 1;
  uint dpl : 2;
  uint p : 1;
  uint off_31_16 : 16;
};

// Fill gate g: istrap 1 for a trap gate (interrupts stay on), 0 for an interrupt gate;
// sel is the code segment of the handler at off; d is the lowest privilege that may 'int' it.
static inline void
setgate(struct gatedesc *g, int istrap, uint sel, uint off, uint d)
{
  g->off_15_0 = off & 0xffff;
  g->cs = sel;
  g->args = 0;
  g->rsv1 = 0;
  g->type = istrap ? STS_TG32 : STS_IG32;
  g->s = 0;
  g->dpl = d;
  g->p = 1;
  g->off_31_16 = off >> 16;
}
#endif
#endif
