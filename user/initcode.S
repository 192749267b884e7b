// initcode.S: the first user process. The kernel copies this flat binary into the
// first process's memory and starts it; all it does is exec("/init", argv). The
// Makefile's initcode rule links it at the address where userinit() places it, so
// the absolute addresses below (path, argv) are right.
#include "syscall.h"
#include "traps.h"

  .globl start
start:
  // Arguments go on the stack as for a C call, last one first, then a dummy return
  // address: the kernel fetches argument i from 4+4*i(%esp).
  pushl $argv
  pushl $path
  pushl $0
  movl  $SYS_exec, %eax
  int   $T_SYSCALL

  // exec only returns if it failed. There is nothing else to do: exit, and should
  // exit ever return, try again.
die:
  movl  $SYS_exit, %eax
  int   $T_SYSCALL
  jmp   die

path:
  .string "/init"

  .p2align 2
argv:             // char *argv[] = { "/init", 0 }
  .long path
  .long 0

  .section .note.GNU-stack,"",@progbits
