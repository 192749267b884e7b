# hostile.S: system calls made with chosen values in the registers (usertests' regs.c and
# fuzz.c). C code cannot run with %ebp pointing anywhere, so these are written in assembly.
#include "traps.h"

# int hostilecall(int num, uint a0, uint a1, uint a2, uint *regs)
# System call num with arguments a0..a2 (on the stack, as the stubs pass them) while %ebp,
# %ebx, %esi, %edi, %edx and %ecx hold regs[0..5], as code built with -O2 or
# -fomit-frame-pointer may leave them at any call. Afterwards regs[6..11] hold what those
# registers contained on return.
  .text
  .globl hostilecall
  .type hostilecall, @function
hostilecall:
  pushl %ebp
  pushl %ebx
  pushl %esi
  pushl %edi
  # 16 bytes saved, then the return address: num is at 20(%esp), a0 24, a1 28, a2 32, regs 36.
  movl 36(%esp), %ecx         # regs
  pushl 32(%esp)              # a2; each push moves the arguments 4 bytes further away,
  pushl 32(%esp)              # so the same offset reaches a1
  pushl 32(%esp)              # and then a0
  pushl $0                    # where a stub's return address would be
  movl 36(%esp), %eax         # num
  movl 0(%ecx), %ebp
  movl 4(%ecx), %ebx
  movl 8(%ecx), %esi
  movl 12(%ecx), %edi
  movl 16(%ecx), %edx
  movl 20(%ecx), %ecx
  int $T_SYSCALL
  pushl %eax                  # the result, while %eax finds regs again
  movl 56(%esp), %eax
  movl %ebp, 24(%eax)
  movl %ebx, 28(%eax)
  movl %esi, 32(%eax)
  movl %edi, 36(%eax)
  movl %edx, 40(%eax)
  movl %ecx, 44(%eax)
  popl %eax
  addl $16, %esp
  popl %edi
  popl %esi
  popl %ebx
  popl %ebp
  ret

# int dfcall(int num, uint a0, uint a1, uint a2)
# System call num with the direction flag set (std), as a program that forgot its cld would
# make it. The flag is cleared again before returning to C code.
  .globl dfcall
  .type dfcall, @function
dfcall:
  pushl 16(%esp)              # a2
  pushl 16(%esp)              # a1
  pushl 16(%esp)              # a0
  pushl $0                    # the stub's return address
  movl 20(%esp), %eax         # num
  std
  int $T_SYSCALL
  cld
  addl $16, %esp
  ret

  .section .note.GNU-stack,"",@progbits
