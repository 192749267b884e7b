# entryother.S: where each non-boot CPU starts. startothers (main.c) copies this
# code to physical 0x7000 and sends the CPU a startup IPI; the CPU begins here
# in real mode with CS = 0x0700, IP = 0. Just below the code startothers left
# three words:
#   0x7000-4   the top of this CPU's kernel stack
#   0x7000-8   the C function to call (mpenter)
#   0x7000-12  the physical address of entrypgdir
# The code follows the same path as the boot CPU: protected mode, then paging.
#
# Why 0x7000: the startup IPI carries only an 8-bit vector, which the CPU
# takes as a page number; it starts at CS = vector << 8, IP = 0, i.e. at
# physical address vector * 4096. So the code must start on a page boundary
# below 1 MB (vector 0x07 here), in real mode's reach.

#include "asm.h"
#include "memlayout.h"

# Where startothers put the three words, just below this code.
#define ARG_STACK  (start-4)
#define ARG_ENTRY  (start-8)
#define ARG_PGDIR  (start-12)

.code16
.globl start
start:
  cli                           # no interrupts until this CPU has an IDT

  # Real mode: addresses are segment*16 + offset. Zero the data segments so that
  # plain offsets are physical addresses (the code runs at CS 0x0700, IP 0 =
  # address 0x7000, and is linked at 0x7000).
  xorw    %ax, %ax
  movw    %ax, %ss
  movw    %ax, %es
  movw    %ax, %ds

  # Enter 32-bit protected mode: load our GDT, set CR0.PE, and far-jump so that
  # CS is reloaded from the GDT's kernel code descriptor.
  lgdt    gdtdesc
  movl    %cr0, %eax
  orl     $CR0_PE, %eax
  movl    %eax, %cr0
  ljmpl   $SEL_KCODE, $(start32)

.code32
start32:
  # The data segment registers take the flat kernel data descriptor; fs and gs
  # the null selector (the kernel does not use them).
  movw    $SEL_KDATA, %ax
  movw    %ax, %ss
  movw    %ax, %es
  movw    %ax, %ds
  xorw    %ax, %ax
  movw    %ax, %gs
  movw    %ax, %fs

  # Turn on paging with entrypgdir, exactly as entry.S does on the boot CPU:
  # first allow 4 MB pages, then CR3 = the directory's physical address, then
  # CR0.PG (and WP).
  movl    %cr4, %eax
  orl     $CR4_PSE, %eax
  movl    %eax, %cr4
  movl    ARG_PGDIR, %eax
  movl    %eax, %cr3
  movl    %cr0, %eax
  orl     $(CR0_PG|CR0_WP), %eax
  movl    %eax, %cr0

  # Switch to this CPU's own kernel stack and call mpenter. A zero frame pointer
  # ends backtraces here.
  movl    ARG_STACK, %esp
  movl    $0, %ebp
  call    *ARG_ENTRY

  # mpenter never returns. If it did, stop this CPU for good.
halt:
  hlt
  jmp     halt

# A minimal GDT (asm.h): the null descriptor, then flat 4 GB code and data
# segments, the same two bootasm.S uses.
.p2align 2
gdt:
  GDT_NULL
  GDT_FLAT(STA_X|STA_R)
  GDT_FLAT(STA_W)

# The 6-byte operand of lgdt: the GDT's size minus one, then its address.
gdtdesc:
  .word   (gdtdesc - gdt - 1)
  .long   gdt

.section .note.GNU-stack,"",@progbits
