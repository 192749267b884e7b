# entryother.S: where each non-boot CPU starts. startothers (main.c) copies this code to
# physical 0x7000 and sends the CPU a startup IPI; the CPU begins here in real mode with
# CS = 0x0700, IP = 0. Just below the code startothers left three words:
#   0x7000-4   the top of this CPU's kernel stack
#   0x7000-8   the C function to call (mpenter)
#   0x7000-12  the physical address of entrypgdir
# The code follows the same path as the boot CPU: protected mode, then paging.

#include "mmu.h"
#include "memlayout.h"

#define CODESEL (SEG_KCODE<<3)
#define DATASEL (SEG_KDATA<<3)

.code16
.globl start
start:
  cli

  xorw    %ax,%ax
  movw    %ax,%ds
  movw    %ax,%es
  movw    %ax,%ss

  lgdt    gdtdesc
  movl    %cr0, %eax
  orl     $CR0_PE, %eax
  movl    %eax, %cr0
  ljmpl   $CODESEL, $(start32)

.code32
start32:
  movw    $DATASEL, %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %ss
  movw    $0, %ax
  movw    %ax, %fs
  movw    %ax, %gs

  # Paging with entrypgdir, as entry.S does on the boot CPU.
  movl    %cr4, %eax
  orl     $(CR4_PSE), %eax
  movl    %eax, %cr4
  movl    (start-12), %eax
  movl    %eax, %cr3
  movl    %cr0, %eax
  orl     $(CR0_PE|CR0_PG|CR0_WP), %eax
  movl    %eax, %cr0

  movl    (start-4), %esp
  xorl    %ebp, %ebp
  call    *(start-8)

  # mpenter does not return; if it did, signal QEMU/Bochs and spin.
  movw    $0x8a00, %ax
  movw    %ax, %dx
  outw    %ax, %dx
  movw    $0x8ae0, %ax
  outw    %ax, %dx
spin:
  jmp     spin

.p2align 2
gdt:
  .word 0, 0, 0, 0
  .word 0xffff, 0x0000
  .byte 0x00, 0x90|STA_X|STA_R, 0xcf, 0x00
  .word 0xffff, 0x0000
  .byte 0x00, 0x90|STA_W, 0xcf, 0x00

gdtdesc:
  .word   (gdtdesc - gdt - 1)
  .long   gdt

.section .note.GNU-stack,"",@progbits
