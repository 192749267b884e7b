// vmdemo.c: a program for the paging lab's vmprint. With the lab done, exec prints this
// program's page table as it starts it. The program then reports where its memory ends.
// usage: vmdemo [TAG]
//   With a TAG (the grader's), it also writes "TAG bss N" at the start of each page of
//   its page-aligned bss array, says "vmdemo: ready", and waits for a line on the console
//   before it exits: while it waits, the grader reads the physical pages vmprint named.
#include "types.h"
#include "stat.h"
#include "user.h"

#define PGSIZE 4096
#define BIGPAGES 2

// bss: makes the data segment more than a page long; page-aligned so that each of its
// pages holds the tag at its start.
static char big[BIGPAGES*PGSIZE] __attribute__((aligned(PGSIZE)));
static char greeting[] = "data on its own page";

// "TAG bss N" into dst.
static void
tag(char *dst, char *t, int n)
{
  int k = strlen(t);

  memmove(dst, t, k);
  memmove(dst + k, " bss ", 5);
  dst[k + 5] = '0' + n;
  dst[k + 6] = 0;
}

int
main(int argc, char *argv[])
{
  char c;
  int i;

  strcpy(big + sizeof(big) - sizeof(greeting), greeting);
  printf(1, "vmdemo: %s at 0x%x, sz 0x%x\n", big + sizeof(big) - sizeof(greeting),
         (uint)(big + sizeof(big) - sizeof(greeting)), (uint)sbrk(0));
  if(argc > 1){
    for(i = 0; i < BIGPAGES; i++)
      tag(big + i*PGSIZE, argv[1], i);
    printf(1, "vmdemo: ready, big at 0x%x\n", (uint)big);
    read(0, &c, 1);
  }
  exit();
}
