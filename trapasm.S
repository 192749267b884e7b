# trapasm.S: the common path of every interrupt, exception and system call.
#include "asm.h"

  # The vector stub has pushed the error code and the trap number; the CPU has
  # pushed eip, cs, eflags (and esp, ss if it came from user mode). Finish a
  # struct trapframe.
.globl alltraps
alltraps:
  pushl %ds
  pushl %es
  pushl %fs
  pushl %gs
  pushal

  # The trap may have come from user mode: load the kernel data segment.
  movw $SEL_KDATA, %ax
  movw %ax, %ds
  movw %ax, %es

  # A user program may have left the direction flag set (std). The compiler
  # assumes it is clear, and memmove's `rep movsb` would copy backwards over
  # kernel memory: clear it.
  cld

  # trap(tf), with tf = the frame just built.
  pushl %esp
  call trap
  # Call-chain walks recognise trap()'s frame by this return address
  # (spinlock.c).
.globl aftertrap
aftertrap:
  addl $4, %esp

  # Return to whatever was interrupted. A new process's first return to user
  # mode comes here too: forkret returns into trapret (see struct firstframe in
  # proc.c).
.globl trapret
trapret:
  popal
  popl %gs
  popl %fs
  popl %es
  popl %ds
  addl $0x8, %esp   # drop trapno and errcode
  iret
  # End of the entry and exit code. Between alltraps and here %ebp may still (or
  # already) hold the user's value: a call-chain walk stops at a trap that
  # interrupted this code.
.globl trapasmend
trapasmend:

.section .note.GNU-stack,"",@progbits
