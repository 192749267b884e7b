// trace.c: run a command with system-call tracing on (the syscall lab).
// usage: trace MASK COMMAND [ARG...]   bit n of MASK traces system call n (syscall.h)
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(int argc, char *argv[])
{
  if(argc < 3 || argv[1][0] < '0' || argv[1][0] > '9'){
    printf(2, "usage: trace mask command [arg...]\n");
    exit();
  }
  if(trace(atoi(argv[1])) < 0){
    printf(2, "trace: trace failed\n");
    exit();
  }
  exec(argv[2], argv + 2);
  printf(2, "trace: cannot run %s\n", argv[2]);
  exit();
}
