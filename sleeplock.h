// sleeplock.h: a lock whose waiters sleep, for long holds such as disk I/O.
#ifndef XV6_SLEEPLOCK_H
#define XV6_SLEEPLOCK_H

struct sleeplock {
  struct spinlock guard;  // protects holder; also the lock sleep() releases while waiting
  struct proc *holder;    // the process that holds it, or 0 while it is free
  char *name;             // what it protects, for debugging
};
#endif
