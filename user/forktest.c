// forktest.c: fork until the process table is full (or N times), then check that
// wait() returns each child exactly once and then reports that none are left.
#include "types.h"
#include "stat.h"
#include "user.h"

#define N 1000   // give up if fork has not failed by then

int
main(void)
{
  int n, pid;

  printf(1, "fork test\n");
  for(n = 0; n < N; n++){
    pid = fork();
    if(pid < 0)
      break;
    if(pid == 0)
      exit();
  }
  if(n == N){
    printf(1, "fork test: fork claimed to work %d times\n", N);
    exit();
  }
  for(; n > 0; n--){
    if(wait() < 0){
      printf(1, "fork test: wait stopped early\n");
      exit();
    }
  }
  if(wait() != -1){
    printf(1, "fork test: wait got too many\n");
    exit();
  }
  printf(1, "fork test OK\n");
  exit();
}
