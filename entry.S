# entry.S: the kernel's first instructions. The boot loader (or a multiboot
# loader such as `qemu -kernel`) jumps here with paging off, so this code runs
# at its physical address even though the kernel is linked at KERNLINK
# (0x80100000). It turns paging on, moves the stack and the instruction pointer
# into the high half, and calls main.

#include "memlayout.h"
#include "mmu.h"
#include "param.h"

# Multiboot header: a loader finds these three words in the first 8 KB of the
# file. Flags bit 1 asks for the memory map; the checksum makes the three words
# sum to zero.
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x2
.p2align 2
.text
.globl multiboot_header
multiboot_header:
  .long MB_MAGIC
  .long MB_FLAGS
  .long (-MB_MAGIC-MB_FLAGS)

# The ELF entry point must be a physical address, because no one has turned
# paging on.
.globl _start
_start = V2P_WO(entry)

.globl entry
entry:
  # A multiboot loader leaves 0x2BADB002 in EAX and its information's physical
  # address in EBX; keep both for detectmem (kalloc.c). Paging is off: store at
  # physical addresses.
  movl    %eax, V2P_WO(mbmagic)
  movl    %ebx, V2P_WO(mbinfo)

  # Allow 4 MB pages, so entrypgdir needs no page tables of its own.
  movl    %cr4, %eax
  orl     $(CR4_PSE), %eax
  movl    %eax, %cr4

  # CR3 takes a physical address.
  movl    $(V2P_WO(entrypgdir)), %eax
  movl    %eax, %cr3

  # Paging on. WP makes read-only pages read-only for the kernel as well. The
  # next instruction is fetched through entrypgdir: its identity mapping of the
  # low 4 MB is what keeps EIP, still a low physical address, valid across this
  # switch.
  movl    %cr0, %eax
  orl     $(CR0_PG|CR0_WP), %eax
  movl    %eax, %cr0

  # From here on, high addresses work. Take the boot stack at its high address.
  movl    $(entrystack + KSTACKSIZE), %esp
  xorl    %ebp, %ebp            # end of the frame chain, for panic's backtrace

  # An indirect jump: a direct `jmp main` would be assembled PC-relative and
  # land at main's low alias; loading the absolute address moves EIP into the
  # high half.
  movl    $main, %eax
  jmp     *%eax

# The boot page directory: two 4 MB pages, both onto physical 0..4 MB.
#   entry 0                   VA 0..4 MB                  (used for the few
#                                                         instructions between
#                                                         the CR0 write and
#                                                         the jump)
#   entry KERNBASE>>PDXSHIFT  VA KERNBASE..KERNBASE+4 MB  (where the kernel is
#                                                         linked)
.data
.p2align PTXSHIFT
.globl entrypgdir
entrypgdir:
  .long   0 + (PTE_P | PTE_W | PTE_PS)
  .fill   (KERNBASE >> PDXSHIFT) - 1, 4, 0
  .long   0 + (PTE_P | PTE_W | PTE_PS)
  .fill   NPDENTRIES - (KERNBASE >> PDXSHIFT) - 1, 4, 0

# What a multiboot loader passed in EAX and EBX (stored by entry; detectmem
# reads them).
.globl mbmagic, mbinfo
.p2align 2
mbmagic:
  .long   0
mbinfo:
  .long   0

# The boot CPU's stack until it runs its first process.
.bss
.p2align PTXSHIFT
.globl entrystack
entrystack:
  .space  KSTACKSIZE

.section .note.GNU-stack,"",@progbits
