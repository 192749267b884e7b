// regs.c: registers at system calls: hostile values in the ones that carry no argument,
// the direction flag, the FPU state. The calls themselves are in hostile.S.
#include "usertests.h"

// ---- hostile registers, direction flag, FPU state -------------------------------------

uint hregs[12];
static char *hregname[6] = { "ebp", "ebx", "esi", "edi", "edx", "ecx" };

// hcall makes a hostilecall with hregs and fails the test if the call changed any of the
// registers it did not return a value in.
static int
hcall(int num, uint a0, uint a1, uint a2)
{
  int r, i;

  r = hostilecall(num, a0, a1, a2, hregs);
  for(i = 0; i < 6; i++)
    if(hregs[6+i] != hregs[i])
      fail("system call %d changed %s from 0x%x to 0x%x", num, hregname[i], hregs[i],
           hregs[6+i]);
  return r;
}

// Every common system call (those that take locks above all: a lock records the call
// chain, which once followed the user's %ebp into the kernel) with hostile values in
// every register the kernel does not use for arguments: an unmapped kernel-half address,
// 0xffffffff, 0xfffffffc, kernel text, kernel data, our own stack, 0. Each call must
// return what it returns with clean registers, and give the registers back unchanged.
void
test_hostileregs(void)
{
  static char buf[64];
  char *argv[2] = { "ut_nosuch", 0 };
  struct stat st;
  uint vals[7];
  int set, i, r, fd, fd2, pid, t0, p[2];
  char *brk;

  vals[0] = 0xec23e78a;
  vals[1] = 0xffffffff;
  vals[2] = 0xfffffffc;
  vals[3] = KERNLINK + 0x1000;       // kernel text
  vals[4] = KERNLINK + 0x40000;      // kernel data or bss
  vals[5] = (uint)&set;              // our own stack
  vals[6] = 0;
  t0 = uptime();
  for(set = 0; set < 7; set++){
    for(i = 0; i < 6; i++)
      hregs[i] = vals[(set + i) % 7];
    if((r = hcall(SYS_uptime, 0, 0, 0)) < t0)
      fail("set %d: uptime returned %d, before the test began at %d", set, r, t0);
    if((r = hcall(SYS_getpid, 0, 0, 0)) != getpid())
      fail("set %d: getpid returned %d, expected %d", set, r, getpid());
    if((fd = hcall(SYS_open, (uint)"/README", O_RDONLY, 0)) < 0)
      fail("set %d: open(README) returned %d", set, fd);
    if((r = hcall(SYS_read, fd, (uint)buf, 16)) != 16)
      fail("set %d: read of README returned %d, expected 16", set, r);
    if((r = hcall(SYS_fstat, fd, (uint)&st, 0)) != 0 || st.type != T_FILE)
      fail("set %d: fstat returned %d (type %d)", set, r, st.type);
    if((fd2 = hcall(SYS_dup, fd, 0, 0)) < 0 || hcall(SYS_close, fd2, 0, 0) != 0)
      fail("set %d: dup and close of the copy failed", set);
    if(hcall(SYS_close, fd, 0, 0) != 0)
      fail("set %d: close failed", set);
    if(hcall(SYS_pipe, (uint)p, 0, 0) != 0)
      fail("set %d: pipe failed", set);
    if((r = hcall(SYS_write, p[1], (uint)"regs", 4)) != 4)
      fail("set %d: write to a pipe returned %d", set, r);
    memset(buf, 0, sizeof(buf));
    if((r = hcall(SYS_read, p[0], (uint)buf, sizeof(buf))) != 4 || memcmp(buf, "regs", 4) != 0)
      fail("set %d: read from the pipe returned %d \"%s\", expected 4 \"regs\"", set, r, buf);
    close(p[0]);
    close(p[1]);
    if((pid = hcall(SYS_fork, 0, 0, 0)) < 0)
      fail("set %d: fork failed", set);
    if(pid == 0)
      exit();
    if((r = hcall(SYS_wait, 0, 0, 0)) != pid)
      fail("set %d: wait returned %d, expected %d", set, r, pid);
    brk = sbrk(0);
    if((r = hcall(SYS_sbrk, PGSIZE, 0, 0)) != (int)brk || sbrk(0) != brk + PGSIZE)
      fail("set %d: sbrk(PGSIZE) returned 0x%x, expected 0x%x", set, r, (uint)brk);
    if((r = hcall(SYS_sbrk, -PGSIZE, 0, 0)) != (int)brk + PGSIZE || sbrk(0) != brk)
      fail("set %d: sbrk(-PGSIZE) returned 0x%x", set, r);
    if((r = hcall(SYS_exec, (uint)argv[0], (uint)argv, 0)) != -1)
      fail("set %d: exec of a missing file returned %d", set, r);
    if(hcall(SYS_mkdir, (uint)"ut_hregs", 0, 0) != 0 || hcall(SYS_chdir, (uint)"ut_hregs", 0, 0) != 0 ||
       hcall(SYS_chdir, (uint)"..", 0, 0) != 0 || hcall(SYS_unlink, (uint)"ut_hregs", 0, 0) != 0)
      fail("set %d: mkdir, chdir and unlink of ut_hregs failed", set);
    if(hcall(SYS_sleep, 1, 0, 0) != 0 || hcall(SYS_kill, 99999, 0, 0) != -1)
      fail("set %d: sleep(1) or kill of no process went wrong", set);
  }
}

// A program that leaves the direction flag set (std) makes system calls. The kernel must
// clear it on entry: its memmove and memset would otherwise run backwards over kernel
// memory. Data must go through pipes and files intact.
void
test_dirflag(void)
{
  static char in[512], out[512];
  int i, r, p[2], fd;

  for(i = 0; i < sizeof(out); i++)
    out[i] = 'a' + i % 23;
  if(pipe(p) < 0)
    fail("pipe failed");
  if((r = dfcall(SYS_write, p[1], (uint)out, 300)) != 300)
    fail("write with DF set returned %d, expected 300", r);
  if((r = dfcall(SYS_read, p[0], (uint)in, sizeof(in))) != 300 || memcmp(in, out, 300) != 0)
    fail("read with DF set returned %d, or different bytes", r);
  close(p[0]);
  close(p[1]);
  if((fd = dfcall(SYS_open, (uint)"ut_df", O_CREATE | O_RDWR, 0)) < 0)
    fail("open with DF set failed");
  if((r = dfcall(SYS_write, fd, (uint)out, sizeof(out))) != sizeof(out))
    fail("file write with DF set returned %d", r);
  close(fd);
  memset(in, 0, sizeof(in));
  fd = open("ut_df", O_RDONLY);
  if((r = dfcall(SYS_read, fd, (uint)in, sizeof(in))) != sizeof(in) ||
     memcmp(in, out, sizeof(in)) != 0)
    fail("file read with DF set returned %d, or different bytes", r);
  close(fd);
  if(dfcall(SYS_getpid, 0, 0, 0) != getpid() || dfcall(SYS_unlink, (uint)"ut_df", 0, 0) != 0)
    fail("getpid or unlink with DF set went wrong");
}

// fpucheck: put a pattern in %mm0 and a rounding mode in the x87 control word, give the
// CPU away many times, and report on fd whether both survived.
static void
fpucheck(int fd, uint pattern, ushort cw)
{
  uint mm[2], want[2];
  ushort seen;
  int i;

  want[0] = pattern;
  want[1] = ~pattern;
  asm volatile("fldcw %0; movq %1, %%mm0" : : "m" (cw), "m" (*want));
  for(i = 0; i < 20; i++){
    sleep(1);
    asm volatile("movq %%mm0, %0; fnstcw %1" : "=m" (*mm), "=m" (seen));
    if(mm[0] != want[0] || mm[1] != want[1] || seen != cw){
      asm volatile("emms");
      write(fd, "x", 1);
      return;
    }
  }
  asm volatile("emms");
  write(fd, "k", 1);
}

// Two processes use the FPU at once: each must keep its own %mm0 and control word while
// the other runs (the kernel saves and restores the FPU state on every switch). A new
// program starts with the default control word.
void
test_fpu(void)
{
  int p[2], pids[2], i, bad;
  ushort cw;
  char c;

  if(pipe(p) < 0)
    fail("pipe failed");
  for(i = 0; i < 2; i++){
    if((pids[i] = spawn()) == 0){
      close(p[0]);
      fpucheck(p[1], i ? 0x13572468 : 0xcafef00d, i ? 0x0f7f : 0x037f | 0x0400);
      exit();
    }
  }
  close(p[1]);
  bad = 0;
  for(i = 0; i < 2; i++){
    if(read(p[0], &c, 1) != 1)
      fail("an FPU child died before reporting");
    bad += (c != 'k');
  }
  close(p[0]);
  reapall(pids, 2);
  if(bad)
    fail("%d of 2 processes saw their mm0 or FPU control word changed by the other", bad);
  asm volatile("fnstcw %0" : "=m" (cw));
  if(cw != 0x037f)
    fail("FPU control word is 0x%x in a fresh program, expected 0x37f", cw);
}
