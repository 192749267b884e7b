// sleeplock.h: a lock whose waiters sleep, for long holds such as disk I/O.
struct sleeplock {
  uint locked;       // 1 while held
  struct spinlock lk; // protects this structure
  char *name;
  int pid;           // holder
};
