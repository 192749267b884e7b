// asm.h: for assembler files. The flat segments the boot code runs on
// (bootasm.S on the boot CPU, entryother.S on the others) and the selectors
// that name them.
#include "mmu.h"

// Selectors: a GDT slot (mmu.h) times 8, privilege 0. The same slots later hold
// the kernel's segments in every CPU's own GDT (seginit), so these stay valid.
#define SEL_KCODE  (SEG_KCODE << 3)
#define SEL_KDATA  (SEG_KDATA << 3)

// GDT entries, 8 bytes each. A descriptor scatters its fields: limit 15..0,
// base 15..0, base 23..16, P|DPL|S|type, G|D|limit 19..16, base 31..24.
#define GDT_NULL         .word 0, 0, 0, 0

// A ring-0 segment from 0 to 4 GB: base 0, limit 0xFFFFF pages (G=1), 32-bit
// (D=1), present (0x90 = P|S); type is STA_X|STA_R for code, STA_W for data.
#define GDT_FLAT(type)   .word 0xFFFF, 0; .byte 0, 0x90 | (type), 0xCF, 0
