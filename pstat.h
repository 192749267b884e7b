// pstat.h: what getpinfo(&ps) fills in, one entry per process-table slot (the
// sched lab, labs/sched). Shared by the kernel and user programs; slot i of
// every array describes the same process.
#ifndef XV6_PSTAT_H
#define XV6_PSTAT_H
#include "param.h"
struct pstat {
  int inuse[NPROC];     // 1 if the slot holds a process (any state), else 0
  int tickets[NPROC];   // its lottery tickets
  int pid[NPROC];       // its pid
  int ticks[NPROC];     // timer ticks it has spent running since it was made
};
#endif
