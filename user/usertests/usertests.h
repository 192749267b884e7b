// usertests.h: what the files of usertests share: the limits, the runner's globals, the
// helpers (util.c, main.c, hostile.S), and every case's function. The one table of cases,
// in the order they run, is tests[] in main.c.
#ifndef USERTESTS_H
#define USERTESTS_H
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "param.h"
#include "fs.h"
#include "elf.h"
#include "mmu.h"
#include "memlayout.h"
#include "syscall.h"
#include "traps.h"
#include "user.h"
#include "kstat.h"

// No <stdarg.h> under -nostdinc: use the compiler's own varargs.
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type)   __builtin_va_arg(ap, type)
#define va_end(ap)         __builtin_va_end(ap)

#define MSGMAX    320      // longest failure reason; the report pipe holds 512 bytes
#define TIMEOUT   6000     // ticks a normal test may take before the watchdog kills it
#define SLOWLIMIT 60000    // the same for a slow test
#define SETTLE    100      // ticks to wait for orphans to be reaped before calling a leak
#define CASEDIR   "/ut_case"   // each case runs in this directory, made afresh for it
// A MAXFILE above this many blocks makes maxfile a slow case: with a doubly-indirect
// block (labs/fs) a file holds thousands of blocks, a minute's writing under emulation.
#define BIGMAXFILE 2048

// One case: its name (for usertests NAME and the report), its function, and whether it is
// slow (skipped by -q, given SLOWLIMIT instead of TIMEOUT).
struct test {
  char *name;
  void (*fn)(void);
  int slow;
};

// main.c: the runner
extern int quick;          // -q: skip the slow tests and the slow parts of others
extern int reportfd;       // write end of the pipe back to the runner
void vformat(char *buf, int cap, const char *fmt, va_list ap);
void format(char *buf, int cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

// util.c: helpers many cases share
extern char scratch[8192];      // a shared I/O buffer: only one test runs at a time
extern volatile uint victim;    // the address the next doomed child touches
extern volatile uint sink;      // loads land here so the compiler keeps them
extern uint canary[32];         // a pattern that must survive failed execs
int spawn(void);
void reap(int pid);
void reapall(int *pids, int n);
void mkpipe(int *p);
int readn(int fd, void *buf, int n);
void putfile(const char *name, const void *buf, int n);
int getfile(const char *name, void *buf, int max);
int freesettle(int want, int ticks);
uint alignbrk(void);
int killedby(void (*fn)(void));
void mustdie(void (*fn)(void), uint addr, const char *what);
void loadbyte(void);
void storebyte(void);
void callvictim(void);
uint guardpage(void);
void canaryset(void);
int canaryok(void);
int capture(char *path, char **argv, int grow, char *out, int max);
int echoed(char **argv, const char *out);
int cleandir(int depth);

// hostile.S: system calls with chosen register contents
int hostilecall(int num, uint a0, uint a1, uint a2, uint *regs);
int dfcall(int num, uint a0, uint a1, uint a2);
extern uint hregs[12];          // regs.c: hostilecall's registers, in and out

// The cases, by file.
// proc.c
extern int forkmark;            // a global children change in their copies
void test_forkwait(void);
void test_orphan(void);
void test_zombies(void);
void test_zombieorphans(void);
void test_killspin(void);
void test_killpipe(void);
void test_killsleep(void);
void test_killnone(void);
void test_killinit(void);
void test_killself(void);
void test_forkfill(void);
void test_forkbomb(void);
void test_preempt(void);
void test_manyexits(void);
// mem.c
void test_sbrkbasic(void);
void test_sbrkgrow(void);
void test_sbrkshrink(void);
void test_sbrkfail(void);
void test_memexhaust(void);
void test_stackguard(void);
void test_stackoverflow(void);
void test_textwrite(void);
void test_kernelmem(void);
void test_nullptr(void);
void test_privinstr(void);
void test_userflags(void);
// args.c
void test_badptrs(void);
void test_readtext(void);
void test_badstrings(void);
void test_badsp(void);
// exec.c
void test_execmaxarg(void);
void test_exectoomany(void);
void test_execlongarg(void);
void test_execmissing(void);
void test_execbadelf(void);
// fs.c
void test_filerw(void);
void test_linkunlink(void);
void test_unlinkopen(void);
void test_dirs(void);
void test_dirsiz(void);
void test_maxfile(void);
void test_diskfull(void);
void test_inodes(void);
void test_concreate(void);
void test_sharedoffset(void);
void test_truncate(void);
void test_nofile(void);
void test_nfile(void);
void test_manyreaders(void);
void test_removeddir(void);
// pipe.c
void test_pipedata(void);
void test_pipebroken(void);
void test_pipeeof(void);
// regs.c
void test_hostileregs(void);
void test_dirflag(void);
void test_fpu(void);
// fuzz.c
void test_syscallfuzz(void);
#endif
