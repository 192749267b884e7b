// lockstat.h: what the lockstat() system call reports about spinlocks: for
// each lock, how often it was acquired and how often acquire found it held.
#ifndef XV6_LOCKSTAT_H
#define XV6_LOCKSTAT_H
#define NLOCK     1024   // locks the report can name (spinlock.c's table)
#define LOCKNAME  16     // bytes of a lock's name kept, with its NUL

// lockstat(ls, n) fills ls[0..n) and returns how many entries it filled.
// ls[0] sums every acquire on every CPU, of every lock, named "(all locks)";
// ls[1] on are the locks in the kernel's own data, one entry each, in the
// order initlock first saw them (so the same index is the same lock from call
// to call). Locks in kalloc'd memory (pipes) count only in ls[0].
struct lockstat {
  char name[LOCKNAME];
  uint nacquire;   // acquires since boot
  uint ncontend;   // of those, how many found it held and had to spin
  uint nspin;      // turns of acquire's loop spent waiting, in all
};
#endif
