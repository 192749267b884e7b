// bttest.c: for the traps lab's backtrace. sleep(-1) returns at once; with the lab done,
// the kernel prints its call chain on the way (sys_sleep calls backtrace()).
// usage: bttest [EBP]...   one sleep(-1) with no argument; with arguments, one sleep(-1)
// for each, made with %ebp holding that value (hex), as trap()'s frame will then say: the
// kernel's walk must stop at the trapframe whatever the user left in %ebp.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "syscall.h"
#include "traps.h"

static uint
hex(char *s)
{
  uint v = 0;

  if(s[0] == '0' && s[1] == 'x')
    s += 2;
  for(; *s; s++)
    v = v * 16 + (*s >= 'a' ? *s - 'a' + 10 : *s >= 'A' ? *s - 'A' + 10 : *s - '0');
  return v;
}

// sleep(-1) by hand, with %ebp = ebp during the system call.
static int
sleepwith(uint ebp)
{
  int r;

  asm volatile(
    "pushl %%ebp\n\t"
    "pushl $-1\n\t"
    "pushl $0\n\t"           // where a call's return address would be
    "movl %2, %%ebp\n\t"
    "movl %1, %%eax\n\t"
    "int %3\n\t"
    "addl $8, %%esp\n\t"
    "popl %%ebp"
    : "=a" (r)
    : "i" (SYS_sleep), "r" (ebp), "i" (T_SYSCALL)
    : "memory", "cc");
  return r;
}

int
main(int argc, char *argv[])
{
  int i;

  if(argc < 2)
    sleep(-1);
  for(i = 1; i < argc; i++)
    if(sleepwith(hex(argv[i])) != 0)
      printf(1, "bttest: FAIL expected sleep(-1) to return 0 with %%ebp = %s, saw not 0\n",
             argv[i]);
  printf(1, "bttest: done\n");
  exit();
}
