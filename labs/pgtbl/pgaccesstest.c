// pgaccesstest.c: the pgtbl lab's checks on pgaccess(va, npages, mask).
// usage: pgaccesstest basic [SET...] | pgaccesstest args
//   SET: a page set in hex (bit i: page i of a 32-page buffer), which the grader picks at
//   random for each run
#include "types.h"
#include "stat.h"
#include "mmu.h"
#include "user.h"

#define NPAGES 32

// A number in hex (the grader's random page sets).
static uint
hexarg(char *s)
{
  uint v = 0;

  if(s[0] == '0' && s[1] == 'x')
    s += 2;
  for(; *s; s++){
    if(*s >= '0' && *s <= '9') v = v*16 + *s - '0';
    else if(*s >= 'a' && *s <= 'f') v = v*16 + *s - 'a' + 10;
    else if(*s >= 'A' && *s <= 'F') v = v*16 + *s - 'A' + 10;
  }
  return v;
}

// Touch the pages of set (bit i: page i of buf), some by reading, some by writing.
static void
touch(char *buf, uint set, int round)
{
  int i;

  for(i = 0; i < NPAGES; i++)
    if(set & (1U << i)){
      if((i + round) % 3 == 0)
        (void)*(volatile char*)(buf + i*PGSIZE + (i*97 % PGSIZE));   // a read counts too
      else
        buf[i*PGSIZE + (i*131 % PGSIZE)] = i;
    }
}

// A fresh 32-page buffer: untouched, nothing comes back; then for each of the grader's
// random page sets, exactly those pages, once; then one page again after the clear.
static void
basic(int nset, char **sets)
{
  char *buf;
  uint mask, want;
  int r, again;

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
  for(r = 0; r < nset; r++){
    want = hexarg(sets[r]);
    touch(buf, want, r);
    mask = 0xdead;
    if(pgaccess(buf, NPAGES, &mask) < 0){
      printf(1, "basic: FAIL pgaccess returned -1 in round %d\n", r);
      return;
    }
    printf(1, "basic: round %d: touched 0x%x: mask 0x%x\n", r, want, mask);
    if(mask != want){
      printf(1, "basic: FAIL expected 0x%x, saw 0x%x\n", want, mask);
      return;
    }
    if(pgaccess(buf, NPAGES, &mask) < 0 || mask != 0){
      printf(1, "basic: FAIL asked again at once: expected 0x0 (bits cleared), saw 0x%x\n",
             mask);
      return;
    }
  }
  // A page touched again after the clear (its translation may still be cached): seen again.
  again = nset > 0 ? hexarg(sets[0]) % NPAGES : 2;
  buf[again*PGSIZE] = 3;
  if(pgaccess(buf + again*PGSIZE, 1, &mask) < 0 || mask != 1){
    printf(1, "basic: FAIL page %d touched again after the clear: expected 0x1, saw 0x%x\n",
           again, mask);
    return;
  }
  buf[again*PGSIZE] = 4;
  if(pgaccess(buf, NPAGES, &mask) < 0 || mask != (1U << again)){
    printf(1, "basic: FAIL page %d touched a third time: expected 0x%x, saw 0x%x\n",
           again, 1U << again, mask);
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
  // Page 0 is below the break but never mapped: it reads as not accessed.
  mask = 0xdead;
  if(pgaccess(0, 1, &mask) != 0 || mask != 0){
    printf(1, "args: FAIL pgaccess(0, 1, &mask) of the unmapped page 0: expected 0 and mask 0x0, "
           "saw mask 0x%x\n", mask);
    bad = 1;
  }
  if(!bad)
    printf(1, "args: ok\n");
}

int
main(int argc, char *argv[])
{
  if(argc >= 2 && strcmp(argv[1], "basic") == 0)
    basic(argc - 2, argv + 2);
  else if(argc == 2 && strcmp(argv[1], "args") == 0)
    args();
  else
    printf(2, "usage: pgaccesstest basic [SET...] | pgaccesstest args\n");
  exit();
}
