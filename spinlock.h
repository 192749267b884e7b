// spinlock.h: a mutual-exclusion lock that busy-waits with interrupts off.
#define NCALLERPCS 10   // return addresses recorded per acquire (getcallerpcs)

struct spinlock {
  uint locked;       // 1 while held

  // For debugging:
  char *name;        // what the lock protects
  struct cpu *cpu;   // holder
  uint pcs[NCALLERPCS];  // call stack (return addresses) of the acquire
};
