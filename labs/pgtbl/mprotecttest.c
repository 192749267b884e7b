// mprotecttest.c: the pgtbl lab's checks on mprotect(addr, len) and munprotect(addr, len),
// where len counts pages.
// usage: mprotecttest args | mprotecttest write | mprotecttest self | mprotecttest fork
#include "types.h"
#include "stat.h"
#include "mmu.h"
#include "user.h"
#include "../labtest.h"

// A page-aligned heap buffer of n pages.
static char*
pages(int n)
{
  uint b;

  b = (uint)sbrk(0);
  sbrk(PGROUNDUP(b) - b);
  return sbrk(n*PGSIZE);
}

// Does a child that stores a byte at a live? (labtest.h's survives.)
static int
storesurvives(char *a)
{
  return survives(a, 1);
}

// The failure cases: OSTEP's three, and a few more ways to be outside the address space.
static void
args(void)
{
  char *buf, *brk, *guard;
  int bad;

  buf = pages(2);
  brk = sbrk(0);
  bad = 0;
#define REFUSE(call, what) \
  if((call) != -1){ printf(1, "args: FAIL %s was accepted\n", what); bad = 1; }
  REFUSE(mprotect(buf + 1, 1), "mprotect of an address that is not page aligned");
  REFUSE(munprotect(buf + 100, 1), "munprotect of an address that is not page aligned");
  REFUSE(mprotect(buf, 0), "mprotect with len 0");
  REFUSE(mprotect(buf, -1), "mprotect with len -1");
  REFUSE(munprotect(buf, 0), "munprotect with len 0");
  REFUSE(mprotect(brk, 1), "mprotect of the page at the break");
  REFUSE(mprotect(buf, 3), "mprotect of 3 pages when 2 are below the break");
  REFUSE(mprotect((char*)0x40000000, 1), "mprotect far above the break");
  REFUSE(mprotect((char*)0x80000000, 1), "mprotect of kernel memory");
  REFUSE(munprotect((char*)0x80100000, 1), "munprotect of kernel text");
  REFUSE(mprotect(buf, 0x7fffffff), "mprotect with a huge len");
  REFUSE(mprotect(0, 1), "mprotect of page 0 (never mapped)");
  // The stack guard page (exec maps it without PTE_U) lies just below the stack page.
  guard = (char*)(PGROUNDDOWN((uint)&bad) - PGSIZE);
  REFUSE(mprotect(guard, 1), "mprotect of the stack guard page");
  REFUSE(munprotect(guard, 1), "munprotect of the stack guard page (it would become writable)");
  REFUSE(munprotect(guard - PGSIZE, 2), "munprotect of a range holding the guard page");
#undef REFUSE
  // And the good case, so that a call that refuses everything does not pass.
  if(mprotect(buf, 2) != 0 || munprotect(buf, 2) != 0){
    printf(1, "args: FAIL mprotect/munprotect of 2 good heap pages returned -1\n");
    bad = 1;
  }
  if(!bad)
    printf(1, "args: ok\n");
}

// A protected page can be read but not written, by the user or by the kernel on the
// user's behalf; munprotect makes it writable again.
static void
write_(void)
{
  char *buf;
  int fd;

  buf = pages(3);
  buf[PGSIZE] = 'a';
  if(mprotect(buf + PGSIZE, 1) != 0){
    printf(1, "write: FAIL mprotect(buf, 1) returned -1\n");
    return;
  }
  if(buf[PGSIZE] != 'a'){
    printf(1, "write: FAIL a protected page lost its contents\n");
    return;
  }
  if(storesurvives(buf + PGSIZE)){
    printf(1, "write: FAIL a store into a protected page went through\n");
    return;
  }
  printf(1, "write: a store into the protected page killed the child\n");
  if(!storesurvives(buf) || !storesurvives(buf + 2*PGSIZE)){
    printf(1, "write: FAIL the pages next to the protected one became read-only\n");
    return;
  }
  fd = open("README", 0);
  if(fd < 0){
    printf(1, "write: FAIL cannot open README\n");
    return;
  }
  if(read(fd, buf + PGSIZE, 10) != -1){
    printf(1, "write: FAIL read() into a protected page did not return -1\n");
    return;
  }
  close(fd);
  if(munprotect(buf + PGSIZE, 1) != 0){
    printf(1, "write: FAIL munprotect returned -1\n");
    return;
  }
  buf[PGSIZE] = 'b';
  if(buf[PGSIZE] != 'b' || !storesurvives(buf + PGSIZE)){
    printf(1, "write: FAIL the page is still read-only after munprotect\n");
    return;
  }
  printf(1, "write: ok\n");
}

// In the same process: a page it has just written (its writable translation may still be
// cached in the TLB) must refuse the next store after mprotect; munprotect makes it
// writable again at once. The protecting process itself must die: run it as a child.
static void
self(void)
{
  char *buf;
  int p[2], pid, i;
  char c;

  buf = pages(2);
  for(i = 0; i < 3; i++){
    pipe(p);
    pid = fork();
    if(pid == 0){
      close(p[0]);
      buf[0] = 'a';
      buf[PGSIZE] = 'a';
      if(mprotect(buf, 1) != 0){
        write(p[1], "e", 1);
        exit();
      }
      write(p[1], "p", 1);      // protected; now store
      *(volatile char*)buf = 'w';
      write(p[1], "y", 1);      // the store went through
      exit();
    }
    close(p[1]);
    c = 0;
    read(p[0], &c, 1);
    if(c == 'e'){
      printf(1, "self: FAIL mprotect returned -1\n");
      return;
    }
    if(c != 'p'){
      printf(1, "self: FAIL the child died before its store\n");
      return;
    }
    c = 0;
    if(read(p[0], &c, 1) == 1){
      printf(1, "self: FAIL expected the process to be killed by its store after its own "
             "mprotect, saw the store go through (round %d)\n", i);
      return;
    }
    close(p[0]);
    wait();
  }
  printf(1, "self: a process that protected a page it had just written died on its next store\n");
  // munprotect, then store, in the same process (this one).
  buf[0] = 'b';
  if(mprotect(buf, 1) != 0 || buf[0] != 'b' || munprotect(buf, 1) != 0){
    printf(1, "self: FAIL mprotect/munprotect returned -1\n");
    return;
  }
  buf[0] = 'c';
  buf[PGSIZE] = 'c';
  if(buf[0] != 'c'){
    printf(1, "self: FAIL expected 'c' after munprotect and a store, saw '%c'\n", buf[0]);
    return;
  }
  printf(1, "self: ok\n");
}

// A forked child inherits the protection; what it changes in its own copy stays there.
static void
fork_(void)
{
  char *buf;
  int p[2], pid, fd, n;
  char c;

  buf = pages(1);
  buf[0] = 'p';
  if(mprotect(buf, 1) != 0){
    printf(1, "fork: FAIL mprotect returned -1\n");
    return;
  }
  if(storesurvives(buf)){
    printf(1, "fork: FAIL a child could write the page its parent protected\n");
    return;
  }
  pipe(p);
  pid = fork();
  if(pid == 0){
    close(p[0]);
    if(munprotect(buf, 1) == 0){
      buf[0] = 'c';
      write(p[1], buf, 1);
    }
    exit();
  }
  close(p[1]);
  n = read(p[0], &c, 1);
  close(p[0]);
  wait();
  if(n != 1 || c != 'c'){
    printf(1, "fork: FAIL a child could not munprotect and write its own copy\n");
    return;
  }
  fd = open("README", 0);
  n = read(fd, buf, 1);
  close(fd);
  if(n != -1 || buf[0] != 'p'){
    printf(1, "fork: FAIL the child's munprotect changed the parent's page\n");
    return;
  }
  printf(1, "fork: ok\n");
}

int
main(int argc, char *argv[])
{
  if(argc == 2 && strcmp(argv[1], "args") == 0)
    args();
  else if(argc == 2 && strcmp(argv[1], "write") == 0)
    write_();
  else if(argc == 2 && strcmp(argv[1], "self") == 0)
    self();
  else if(argc == 2 && strcmp(argv[1], "fork") == 0)
    fork_();
  else
    printf(2, "usage: mprotecttest args|write|self|fork\n");
  exit();
}
