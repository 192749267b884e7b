# bootasm.S: the boot sector. The BIOS loads it at 0x7C00 and jumps here in
# 16-bit real mode with CS:IP = 0:0x7C00. It switches the CPU to 32-bit
# protected mode and calls bootmain.

#include "asm.h"
#include "memlayout.h"

.code16
.globl start
start:
  cli                         # no interrupts: no IDT for protected mode yet

  xorw    %ax,%ax             # zero DS, ES, SS: the BIOS may leave anything
  movw    %ax,%ds
  movw    %ax,%es
  movw    %ax,%ss

  # The A20 line: with it off, address bit 20 is forced to 0 and memory above 1
  # MB aliases memory below it. The 8042 keyboard controller gates it (output
  # port bit 1).
a20wait1:
  inb     $0x64,%al           # wait until the controller's input is empty
  testb   $0x2,%al
  jnz     a20wait1
  movb    $0xd1,%al           # command 0xd1: write the output port
  outb    %al,$0x64
a20wait2:
  inb     $0x64,%al
  testb   $0x2,%al
  jnz     a20wait2
  movb    $0xdf,%al           # output port value with A20 on
  outb    %al,$0x60

  # Ask the BIOS how much memory there is while its services still work (real
  # mode): INT 15h with EAX=E820h returns one entry of the memory map per call,
  # EBX carrying on to the next; EBX=0 after the last. The map goes to MEMINFO:
  # a count, then 24-byte entries (base, length, type, ...). detectmem
  # (kalloc.c) reads it.
  movl    $0, MEMINFO
  movw    $(MEMINFO+4), %di
  xorl    %ebx, %ebx
e820next:
  movl    $0xE820, %eax
  movl    $24, %ecx
  movl    $0x534D4150, %edx   # "SMAP": the BIOS answers with it in EAX
  int     $0x15
  jc      e820done            # carry: no (more) map
  cmpl    $0x534D4150, %eax
  jne     e820done
  incw    MEMINFO
  addw    $24, %di
  cmpw    $(MEMINFO+4+24*E820MAX), %di
  jae     e820done
  testl   %ebx, %ebx
  jnz     e820next
e820done:

  # Load a GDT whose code and data segments both cover all 4 GB from base 0, so
  # that protected-mode addresses equal physical ones, then set CR0.PE.
  lgdt    gdtdesc
  movl    %cr0, %eax
  orl     $CR0_PE, %eax
  movl    %eax, %cr0

  # CS still holds a real-mode value; only a far jump reloads it with a
  # protected-mode selector, and with it the CPU starts decoding 32-bit
  # instructions.
  ljmp    $SEL_KCODE, $start32

.code32
start32:
  movw    $SEL_KDATA, %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %ss
  movw    $0, %ax             # FS and GS are not used
  movw    %ax, %fs
  movw    %ax, %gs

  movl    $start, %esp        # the stack grows down from 0x7C00, below us
  call    bootmain

  # bootmain returns only if the disk did not hold a kernel. Nothing else can be
  # done: stop here (interrupts are off, so hlt never wakes; the jmp is a safety
  # net).
spin:
  hlt
  jmp     spin

# The boot GDT: null, code (execute/read), data (read/write), all base 0 limit 4
# GB.
.p2align 2
gdt:
  GDT_NULL                      # slot 0: the null descriptor
  GDT_FLAT(STA_X|STA_R)         # SEG_KCODE: code, execute/read
  GDT_FLAT(STA_W)               # SEG_KDATA: data, read/write

gdtdesc:
  .word   (gdtdesc - gdt - 1)   # limit
  .long   gdt                   # base

.section .note.GNU-stack,"",@progbits
