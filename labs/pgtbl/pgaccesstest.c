// pgaccesstest.c: the pgtbl lab's checks on pgaccess(va, npages, mask).
// usage: pgaccesstest basic | pgaccesstest args
#include "types.h"
#include "stat.h"
#include "mmu.h"
#include "user.h"

#define NPAGES 32

// Touch three pages of a fresh 32-page buffer: exactly their bits come back, once.
static void
basic(void)
{
  char *buf;
  uint mask, want;

  buf = sbrk(NPAGES*PGSIZE);
  if(buf == (char*)-1){
    printf(1, "basic: FAIL sbrk failed\n");
    return;
  }
  buf = (char*)PGROUNDUP((uint)buf);   // whole pages from here on
  sbrk(PGSIZE);
  mask = 0xdead;
  if(pgaccess(buf, NPAGES, &mask) < 0){
    printf(1, "basic: FAIL pgaccess(buf, %d, &mask) returned -1\n", NPAGES);
    return;
  }
  printf(1, "basic: untouched buffer: mask 0x%x\n", mask);
  if(mask != 0){
    printf(1, "basic: FAIL expected 0x0 for pages nobody touched, saw 0x%x\n", mask);
    return;
  }
  buf[1*PGSIZE] = 1;
  buf[2*PGSIZE + 100] = 2;
  if(buf[30*PGSIZE + PGSIZE - 1] != 0){   // a read counts too
    printf(1, "basic: FAIL fresh heap memory is not zero\n");
    return;
  }
  want = (1U << 1) | (1U << 2) | (1U << 30);
  if(pgaccess(buf, NPAGES, &mask) < 0){
    printf(1, "basic: FAIL pgaccess returned -1 the second time\n");
    return;
  }
  printf(1, "basic: after touching pages 1, 2 and 30: mask 0x%x\n", mask);
  if(mask != want){
    printf(1, "basic: FAIL expected 0x%x, saw 0x%x\n", want, mask);
    return;
  }
  if(pgaccess(buf, NPAGES, &mask) < 0 || mask != 0){
    printf(1, "basic: FAIL asked again at once: expected 0x0 (bits cleared), saw 0x%x\n", mask);
    return;
  }
  // The same page again, after the clear: seen again.
  buf[2*PGSIZE] = 3;
  if(pgaccess(buf + 2*PGSIZE, 1, &mask) < 0 || mask != 1){
    printf(1, "basic: FAIL page 2 touched again after the clear: expected 0x1, saw 0x%x\n",
           mask);
    return;
  }
  printf(1, "basic: ok\n");
}

// Refused arguments.
static void
args(void)
{
  char *buf;
  uint mask;
  int bad;

  buf = sbrk(4*PGSIZE);
  bad = 0;
  if(pgaccess(buf, 0, &mask) != -1){
    printf(1, "args: FAIL npages 0 was accepted\n");
    bad = 1;
  }
  if(pgaccess(buf, -1, &mask) != -1){
    printf(1, "args: FAIL npages -1 was accepted\n");
    bad = 1;
  }
  if(pgaccess(buf, 33, &mask) != -1){
    printf(1, "args: FAIL npages 33 (more bits than the mask holds) was accepted\n");
    bad = 1;
  }
  if(pgaccess(buf, 1, (uint*)0x7ffff000) != -1){
    printf(1, "args: FAIL a mask pointer far above the break was accepted\n");
    bad = 1;
  }
  if(pgaccess(buf, 1, (uint*)0x80000000) != -1){
    printf(1, "args: FAIL a mask pointer into the kernel was accepted\n");
    bad = 1;
  }
  if(pgaccess(sbrk(0) + 8*PGSIZE, 1, &mask) != -1){
    printf(1, "args: FAIL a va above the break was accepted\n");
    bad = 1;
  }
  if(pgaccess(buf, 32, &mask) != -1){
    printf(1, "args: FAIL 32 pages reaching past the break were accepted\n");
    bad = 1;
  }
  if(!bad)
    printf(1, "args: ok\n");
}

int
main(int argc, char *argv[])
{
  if(argc == 2 && strcmp(argv[1], "basic") == 0)
    basic();
  else if(argc == 2 && strcmp(argv[1], "args") == 0)
    args();
  else
    printf(2, "usage: pgaccesstest basic|args\n");
  exit();
}
