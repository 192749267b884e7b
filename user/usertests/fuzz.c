// fuzz.c: system-call fuzzing.
#include "usertests.h"

// ---- system-call fuzzing ----------------------------------------------------------------

static uint fuzzstate;

// xorshift32: a fixed seed makes every run make the same calls.
static uint
fuzzrand(void)
{
  fuzzstate ^= fuzzstate << 13;
  fuzzstate ^= fuzzstate >> 17;
  fuzzstate ^= fuzzstate << 5;
  return fuzzstate;
}

// An argument worth trying: a good buffer, a boundary, or garbage.
static uint
fuzzarg(char *buf, uint stacktop)
{
  uint sz = (uint)sbrk(0);

  switch(fuzzrand() % 16){
  case 0:  return 0;
  case 1:  return 0xffffffff;
  case 2:  return fuzzrand() % 600;                 // a plausible length or fd
  case 3:  return fuzzrand() % 16;                  // an fd
  case 4:  return (uint)buf + fuzzrand() % 64;      // a good buffer, maybe a short string
  case 5:  return sz - fuzzrand() % 8;              // the very end of memory
  case 6:  return sz + fuzzrand() % 8192;           // just past it
  case 7:  return KERNBASE - fuzzrand() % 8;
  case 8:  return KERNBASE + fuzzrand() % 0x200000; // kernel text and data
  case 9:  return fuzzrand() % PGSIZE;              // the null page
  case 10: return stacktop - PGSIZE - 1 - fuzzrand() % PGSIZE;  // the stack guard page
  case 11: return 0x1000 + fuzzrand() % 0x1000;     // our own (read-only) text
  case 12: return 0x80000000 - 4096 + fuzzrand() % 8192;   // straddling KERNBASE
  case 13: return 0x7fffffff;
  default: return fuzzrand();
  }
}

// A system call with fuzzed values in every general register the kernel does not take
// arguments from (ebp, ebx, esi, edi, edx, ecx). Returns its result; *bad counts calls that
// gave those registers back changed.
static int
fuzzcall(int num, uint a0, uint a1, uint a2, char *buf, uint stacktop, int *bad)
{
  int i, r;

  for(i = 0; i < 6; i++)
    hregs[i] = fuzzarg(buf, stacktop);
  r = hostilecall(num, a0, a1, a2, hregs);
  for(i = 0; i < 6; i++)
    if(hregs[6+i] != hregs[i]){
      (*bad)++;
      break;
    }
  return r;
}

// Thousands of system calls with hostile arguments and fuzzed values in every other general
// register, from a fixed seed. The kernel must
// survive all of them (a panic ends the whole run), leak no page, and leave a file system
// whose scratch directory can be emptied and removed. fork, exit, kill, mknod, pipe and
// long sleeps are left out: they would end the fuzzer, hit other processes, write to the
// console or block forever, and other tests cover their arguments.
void
test_syscallfuzz(void)
{
  int pid, i, fd, num, nok, nfail, counts[3];
  static char buf[256];
  uint a0, a1, a2, stacktop;

  if(mkdir("ut_fuzz") < 0 || chdir("ut_fuzz") < 0)
    fail("cannot make the scratch directory ut_fuzz");
  unlink(CASEDIR "/ut_fuzz.res");
  pid = spawn();
  if(pid == 0){
    // Any descriptor could be hit by a fuzzed close or write, so start with none; the
    // counts go back through a file written at the end.
    for(i = 0; i < NOFILE; i++)
      close(i);
    // Invalid call numbers, a few times only: the kernel reports each on the console.
    if(hostilecall(0, 0, 0, 0, hregs) != -1 || hostilecall(-1, 0, 0, 0, hregs) != -1 ||
       hostilecall(100000, 0, 0, 0, hregs) != -1)
      exit();
    fuzzstate = 0x2545F491;
    for(i = 0; i < (int)sizeof(buf); i++)
      buf[i] = (i % 7 == 6) ? 0 : 'a' + fuzzrand() % 26;
    stacktop = PGROUNDUP((uint)&i);
    nok = nfail = counts[2] = 0;
    for(i = 0; i < (quick ? 3000 : 20000); i++){
      num = 1 + fuzzrand() % SYS_freemem;
      if(num == SYS_fork || num == SYS_exit || num == SYS_kill || num == SYS_mknod ||
         num == SYS_pipe)
        continue;
      a0 = fuzzarg(buf, stacktop);
      a1 = fuzzarg(buf, stacktop);
      a2 = fuzzarg(buf, stacktop);
      if(num == SYS_sleep)
        a0 %= 3;
      if(num == SYS_sbrk && (int)a0 > 0)
        a0 %= 64 * PGSIZE;
      if(fuzzcall(num, a0, a1, a2, buf, stacktop, &counts[2]) == -1)
        nfail++;
      else
        nok++;
    }
    counts[0] = nok;
    counts[1] = nfail;
    for(i = 0; i < NOFILE; i++)
      close(i);
    if((fd = open(CASEDIR "/ut_fuzz.res", O_CREATE | O_WRONLY)) >= 0)
      write(fd, counts, sizeof(counts));
    exit();
  }
  reap(pid);
  fd = open(CASEDIR "/ut_fuzz.res", O_RDONLY);
  i = fd < 0 ? -1 : readn(fd, counts, sizeof(counts));
  close(fd);
  unlink(CASEDIR "/ut_fuzz.res");
  if(i != sizeof(counts))
    fail("the fuzzing child died before reporting (killed by a fault?)");
  if(counts[2] != 0)
    fail("%d fuzzed calls gave ebp/ebx/esi/edi/edx/ecx back changed", counts[2]);
  if(counts[0] == 0 || counts[1] == 0)
    fail("%d calls succeeded and %d failed: the fuzzer is not exercising both paths",
         counts[0], counts[1]);
  if(cleandir(0) != 0)
    fail("the scratch directory could not be emptied after fuzzing");
  chdir(CASEDIR);
  if(unlink("ut_fuzz") < 0)
    fail("unlink of the emptied scratch directory ut_fuzz failed");
}
