// kfault.c: ask a test kernel to fault in kernel mode on purpose: `kfault 1` (a bad kernel
// read), `kfault 2` (the same inside cprintf, holding the console lock), `kfault 3` (inside
// panic); `kfault 4` runs the kernel's self-test of its call-chain walk instead. Only a
// kernel built with `make DEBUGHOOKS=1` does any of it; a normal one refuses.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "kdebug.h"

int
main(int argc, char *argv[])
{
  int op, r;

  if(argc != 2 || (op = atoi(argv[1])) < KDEBUG_FAULT || op > KDEBUG_WALKTEST){
    printf(2, "usage: kfault 1|2|3|4\n");
    exit();
  }
  if(op == KDEBUG_WALKTEST){
    r = kdebug(op, 0);
    if(r == 0)
      printf(1, "kfault: walkstack self-test passed\n");
    else if(r < 0)
      printf(1, "kfault: refused (this kernel was built without DEBUGHOOKS)\n");
    else
      printf(1, "kfault: walkstack self-test FAILED check %d\n", r);
    exit();
  }
  printf(1, "kfault: asking the kernel to fault (op %d)\n", op);
  if(kdebug(op, 0) < 0)
    printf(1, "kfault: refused (this kernel was built without DEBUGHOOKS)\n");
  else
    printf(1, "kfault: the kernel came back, which it should not\n");
  exit();
}
