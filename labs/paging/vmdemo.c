// vmdemo.c: a program for the paging lab's vmprint. With the lab done, exec prints this
// program's page table as it starts it. The program then reports where its memory ends.
#include "types.h"
#include "stat.h"
#include "user.h"

static char big[6000];   // bss: makes the data segment more than a page long
static char greeting[] = "data on its own page";

int
main(void)
{
  strcpy(big + sizeof(big) - sizeof(greeting), greeting);
  printf(1, "vmdemo: %s at 0x%x, sz 0x%x\n", big + sizeof(big) - sizeof(greeting),
         (uint)(big + sizeof(big) - sizeof(greeting)), (uint)sbrk(0));
  exit();
}
