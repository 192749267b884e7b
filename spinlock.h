// spinlock.h: a mutual-exclusion lock that busy-waits with interrupts off.
#ifndef XV6_SPINLOCK_H
#define XV6_SPINLOCK_H

// How many return addresses getcallerpcs() records (for a lock's holder, for
// panic's backtrace and for procdump).
#define NCALLERPCS 10

// How often a lock was taken and had to wait (reported by lockstat()).
struct lockcount {
  uint nacquire;     // acquires
  uint ncontend;     // acquires that found the lock held
  uint nspin;        // turns of acquire's loop spent waiting
};

struct spinlock {
  uint locked;       // 1 while held

  // For debugging:
  char *name;        // what the lock protects
  struct cpu *cpu;   // holder
  uint pcs[NCALLERPCS];  // call stack (return addresses) of the acquire

  struct lockcount count;  // written only by the holder, in acquire
};
#endif
