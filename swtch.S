# swtch.S: switch kernel threads.
#   void swtch(struct context **old, struct context *new);
# Push the callee-saved registers on the current stack, store the resulting
# stack pointer (which is a struct context*) in *old, load new as the stack
# pointer, pop its registers, and return on the new stack. The layout must match
# struct context in proc.h.

.globl swtch
swtch:
  movl 4(%esp), %eax      # old
  movl 8(%esp), %edx      # new

  # The call already pushed eip; push the rest of struct context, last field
  # first.
  pushl %ebp
  pushl %ebx
  pushl %esi
  pushl %edi

  movl %esp, (%eax)       # *old = this thread's context
  movl %edx, %esp         # run on new's stack

  popl %edi
  popl %esi
  popl %ebx
  popl %ebp
  ret                     # into new's saved eip

.section .note.GNU-stack,"",@progbits
