// exec.c: exec: argument limits, missing and malformed programs.
#include "usertests.h"

// ---- exec ----------------------------------------------------------------------------

// exec passes 31 arguments (the most the classic API allows) intact, and frees the old
// image (the runner's page count checks the freeing).
void
test_execmaxarg(void)
{
  static char words[30][4];
  char *argv[32];
  int i;

  argv[0] = "echo";
  for(i = 0; i < 30; i++){
    words[i][0] = 'w';
    words[i][1] = '0' + (i + 1) / 10;
    words[i][2] = '0' + (i + 1) % 10;
    words[i][3] = 0;
    argv[i+1] = words[i];
  }
  argv[31] = 0;
  capture("/echo", argv, 100, scratch, sizeof(scratch));
  if(!echoed(argv, scratch))
    fail("echo w01 .. w30 (31 arguments) wrote \"%s\"", scratch);
}

// exec with more than MAXARG arguments returns -1 and leaves the caller intact.
void
test_exectoomany(void)
{
  char *argv[101];
  int i, n;

  for(n = MAXARG + 1; n <= 100; n += 100 - (MAXARG + 1)){
    argv[0] = "echo";
    for(i = 1; i < n; i++)
      argv[i] = "x";
    argv[n] = 0;
    capture("/echo", argv, 0, scratch, sizeof(scratch));
    if(strcmp(scratch, "EXECFAILED") != 0)
      fail("exec with %d arguments (MAXARG=%d): the child reported \"%s\"",
           n, MAXARG, scratch);
  }
}

// longargs runs echo with n arguments of len bytes each. If mustrun is set, echo must
// get them whole; otherwise the exec may also fail, with the caller intact.
static void
longargs(int n, int len, int mustrun)
{
  char *argv[10], *buf;
  int i;

  buf = sbrk(n * (len + 1));
  if(buf == (char*)-1)
    fail("sbrk for the arguments failed");
  argv[0] = "echo";
  for(i = 0; i < n; i++){
    argv[i+1] = buf + i*(len + 1);
    memset(argv[i+1], 'A' + i, len);
    argv[i+1][len] = 0;
  }
  argv[n+1] = 0;
  capture("/echo", argv, 0, scratch, sizeof(scratch));
  if(!echoed(argv, scratch) && (mustrun || strcmp(scratch, "EXECFAILED") != 0))
    fail("exec of echo with %d argument(s) of %d bytes: the output (%d bytes) is not the "
         "arguments%s; it starts \"%c%c%c...\"", n, len, strlen(scratch),
         mustrun ? "" : " nor EXECFAILED", scratch[0], scratch[1], scratch[2]);
  sbrk(-n * (len + 1));
}

// Arguments larger than the stack page are refused or passed intact, never corrupted;
// a 1000-byte argument is passed.
void
test_execlongarg(void)
{
  longargs(1, 1000, 1);
  longargs(1, 5000, 0);
  longargs(1, 4090, 0);
  longargs(6, 1000, 0);
}

// exec of something that is not a program returns -1, leaking nothing.
void
test_execmissing(void)
{
  static char *paths[] = {
    "ut_nosuchfile", "", ".", "/", "ut_notelf", "ut_nosuchdir/echo", "/echo/echo",
  };
  char *argv[2];
  int i, r, f0, f1;

  putfile("ut_notelf", "#!/bin/sh\necho not an ELF file\n", 31);
  canaryset();
  argv[0] = "x";
  argv[1] = 0;
  for(i = 0; i < sizeof(paths)/sizeof(paths[0]); i++){
    f0 = freemem();
    r = exec(paths[i], argv);
    f1 = freemem();
    if(r != -1)
      fail("exec(\"%s\") returned %d, expected -1", paths[i], r);
    if(f1 != f0)
      fail("exec(\"%s\") failed but changed free pages from %d to %d", paths[i], f0, f1);
    if(!canaryok())
      fail("exec(\"%s\") failed but changed the caller's globals", paths[i]);
  }
  unlink("ut_notelf");
}

// A tiny hand-made ELF program: one read-only segment holding the headers, code that
// writes "elf ok\n" to fd 1 and exits, and the message.
#define ELFBASE   0x1000
#define ELFCODE   128
#define ELFMSG    192
#define ELFLEN    224

static uchar elfimg[ELFLEN];

static struct elfhdr*
elfhdr(void)
{
  return (struct elfhdr*)elfimg;
}

static struct proghdr*
elfph(int i)
{
  return (struct proghdr*)(elfimg + sizeof(struct elfhdr)) + i;
}

// elfemit appends n bytes of code at *pc.
static void
elfemit(int *pc, const uchar *bytes, int n)
{
  memmove(elfimg + *pc, bytes, n);
  *pc += n;
}

static void
elfemit32(int *pc, uint x)
{
  elfemit(pc, (uchar*)&x, 4);
}

// elfbuild makes the good image with nph program headers: the first is the text
// segment; a second one is an empty writable (bss) page after it.
static void
elfbuild(int nph)
{
  static const uchar push7[] = { 0x6a, 7 }, push1[] = { 0x6a, 1 }, push0[] = { 0x6a, 0 };
  static const uchar intsys[] = { 0xcd, T_SYSCALL }, spin[] = { 0xeb, 0xfe };
  struct elfhdr *eh;
  struct proghdr *ph;
  uchar op;
  int pc;

  memset(elfimg, 0, sizeof(elfimg));
  eh = elfhdr();
  eh->magic = ELF_MAGIC;
  eh->elf[0] = 1;          // 32-bit
  eh->elf[1] = 1;          // little-endian
  eh->elf[2] = 1;          // ELF version 1
  eh->type = 2;            // executable
  eh->machine = 3;         // i386
  eh->version = 1;
  eh->entry = ELFBASE + ELFCODE;
  eh->phoff = sizeof(struct elfhdr);
  eh->ehsize = sizeof(struct elfhdr);
  eh->phentsize = sizeof(struct proghdr);
  eh->phnum = nph;

  ph = elfph(0);
  ph->type = ELF_PROG_LOAD;
  ph->off = 0;
  ph->vaddr = ph->paddr = ELFBASE;
  ph->filesz = ELFLEN;
  ph->memsz = PGSIZE;
  ph->flags = ELF_PROG_FLAG_READ | ELF_PROG_FLAG_EXEC;
  ph->align = PGSIZE;
  if(nph > 1){
    ph = elfph(1);
    ph->type = ELF_PROG_LOAD;
    ph->vaddr = ph->paddr = ELFBASE + PGSIZE;
    ph->memsz = PGSIZE;
    ph->flags = ELF_PROG_FLAG_READ | ELF_PROG_FLAG_WRITE;
    ph->align = PGSIZE;
  }

  // write(1, msg, 7); exit(); with the arguments where the usys.S stubs expect them
  pc = ELFCODE;
  elfemit(&pc, push7, 2);
  op = 0x68;               // push imm32: the message's address
  elfemit(&pc, &op, 1);
  elfemit32(&pc, ELFBASE + ELFMSG);
  elfemit(&pc, push1, 2);
  elfemit(&pc, push0, 2);  // where the stub's return address would be
  op = 0xb8;               // mov imm32, %eax
  elfemit(&pc, &op, 1);
  elfemit32(&pc, SYS_write);
  elfemit(&pc, intsys, 2);
  elfemit(&pc, &op, 1);
  elfemit32(&pc, SYS_exit);
  elfemit(&pc, intsys, 2);
  elfemit(&pc, spin, 2);
  memmove(elfimg + ELFMSG, "elf ok\n", 7);
}

// elfrun writes the first len bytes of the image to ut_elf and runs it under capture.
static void
elfrun(int len)
{
  static char *argv[] = { "ut_elf", 0 };

  putfile("ut_elf", elfimg, len);
  capture("ut_elf", argv, 0, scratch, sizeof(scratch));
}

static void
elfgood(const char *what)
{
  elfrun(ELFLEN);
  if(strcmp(scratch, "elf ok\n") != 0)
    fail("the well-formed test ELF (%s) did not run: its output was \"%s\"", what, scratch);
}

static void
elfbad(const char *what, int len)
{
  elfrun(len);
  if(strcmp(scratch, "EXECFAILED") == 0)
    return;
  if(strcmp(scratch, "elf ok\n") == 0)
    fail("exec of an ELF with %s succeeded and ran it", what);
  if(scratch[0] == 0)
    fail("exec of an ELF with %s did not return: the process died", what);
  fail("exec of an ELF with %s: %s", what, scratch);
}

// exec rejects malformed ELF files with -1, leaking nothing and leaving the caller
// intact; well-formed variants of the same file run.
void
test_execbadelf(void)
{
  elfbuild(1);
  elfgood("one segment");
  elfbuild(2);
  elfgood("text and bss segments");
  elfbuild(2);
  elfph(1)->type = 0x6474e551;   // PT_GNU_STACK: not loadable, must be ignored
  elfph(1)->vaddr = elfph(1)->memsz = 0;
  elfgood("a non-LOAD header");

  elfbuild(1);
  elfhdr()->magic = ELF_MAGIC ^ 0x01000000;
  elfbad("a bad magic number", ELFLEN);
  elfbuild(1);
  elfbad("a file of 40 bytes (truncated ELF header)", 40);
  elfbuild(1);
  elfhdr()->phoff = 4096;
  elfbad("program headers past the end of the file", ELFLEN);
  elfbuild(1);
  elfhdr()->phnum = 0xffff;
  elfbad("65535 program headers running past the end of the file", ELFLEN);
  elfbuild(1);
  elfbad("segment data cut off (file truncated to 100 bytes)", 100);
  elfbuild(1);
  elfph(0)->off = 0x10000;
  elfbad("a segment offset past the end of the file", ELFLEN);
  elfbuild(1);
  elfph(0)->off = 0xFFFFFF00;
  elfph(0)->filesz = 0x200;
  elfbad("a segment whose offset + filesz wraps past 2^32", ELFLEN);
  elfbuild(1);
  elfph(0)->memsz = 100;
  elfbad("filesz > memsz", ELFLEN);
  elfbuild(1);
  elfph(0)->vaddr = 0xFFFFF000;
  elfph(0)->memsz = 0x2000;
  elfbad("vaddr + memsz wrapping past 2^32", ELFLEN);
  elfbuild(1);
  elfph(0)->vaddr = KERNBASE - PGSIZE;
  elfph(0)->memsz = 2*PGSIZE;
  elfbad("a segment ending above KERNBASE", ELFLEN);
  elfbuild(1);
  elfph(0)->vaddr = KERNBASE;
  elfbad("a segment at KERNBASE", ELFLEN);
  elfbuild(1);
  elfph(0)->vaddr = ELFBASE + 0x10;
  elfhdr()->entry += 0x10;
  elfbad("a vaddr that is not page aligned", ELFLEN);
  elfbuild(2);
  elfph(1)->vaddr = ELFBASE;
  elfbad("two segments at the same address", ELFLEN);
  elfbuild(2);
  elfph(0)->memsz = 2*PGSIZE;
  elfph(1)->vaddr = ELFBASE + PGSIZE;
  elfbad("a second segment starting inside the first", ELFLEN);
  elfbuild(2);
  elfph(0)->vaddr = ELFBASE + 2*PGSIZE;
  elfhdr()->entry += 2*PGSIZE;
  elfbad("segments in descending order", ELFLEN);
  if(!quick){
    elfbuild(1);
    elfph(0)->memsz = 0x60000000;
    elfbad("a 1.5 GB segment, more than the machine has", ELFLEN);
  }
  unlink("ut_elf");
}
