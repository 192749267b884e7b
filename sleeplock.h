// sleeplock.h: a lock whose waiters sleep, for long holds such as disk I/O.
#ifndef XV6_SLEEPLOCK_H
#define XV6_SLEEPLOCK_H

struct sleeplock {
  uint locked;          // 1 while some process holds the lock
  struct spinlock lk;   // guards locked and pid; sleep() lets go of it
  char *name;           // what it protects, for debugging
  int pid;              // pid of the holder, 0 while the lock is free
};
#endif
