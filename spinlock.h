// spinlock.h: a mutual-exclusion lock that busy-waits with interrupts off.
struct spinlock {
  uint locked;       // 1 while held

  // For debugging:
  char *name;        // what the lock protects
  struct cpu *cpu;   // holder
  uint pcs[10];      // call stack (return addresses) of the acquire
};
