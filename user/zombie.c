// zombie.c: leave a zombie behind. The child exits at once; the parent sleeps and
// exits without ever waiting for it, so init has to reap it.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(void)
{
  if(fork() > 0)
    sleep(5);   // the child is a zombie for these ticks
  exit();
}
