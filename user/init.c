// init.c: the first real user program (process 1, exec'd by initcode). It sets up the
// console as fds 0, 1 and 2, then keeps a shell running, and reaps orphaned children.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"
#include "param.h"   // CONSOLE, the console's major device number

static char *shargv[] = { "sh", 0 };

int
main(void)
{
  int shpid, pid;

  if(open("console", O_RDWR) < 0){
    // First boot on a fresh file system: make the device file, then open it.
    mknod("console", CONSOLE, 1);
    if(open("console", O_RDWR) < 0)
      exit();   // no console: nowhere to run a shell, nowhere to complain
  }
  dup(0);   // standard output
  dup(0);   // standard error

  for(;;){
    printf(1, "init: starting sh\n");
    shpid = fork();
    if(shpid < 0){
      // The process table or memory is full. init must never exit (the kernel treats
      // that as fatal): wait for some process to end (or a second, if we have no
      // children) and try again.
      printf(1, "init: fork failed; retrying\n");
      if(wait() < 0)
        sleep(100);
      continue;
    }
    if(shpid == 0){
      exec("sh", shargv);
      printf(1, "init: exec sh failed\n");
      exit();
    }
    // Every orphan in the system becomes our child, so wait() also returns the
    // pids of those; keep reaping until the shell itself is gone.
    while((pid = wait()) >= 0 && pid != shpid)
      ;
    if(pid < 0){
      // No children at all, though the shell should be one: something is badly
      // wrong, but looping straight into another fork is the best we can do.
      printf(1, "init: wait returned an error\n");
    }
  }
}
