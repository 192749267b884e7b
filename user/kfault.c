// kfault.c: ask a test kernel to fault in kernel mode on purpose: `kfault 1` (a bad kernel
// read), `kfault 2` (the same inside cprintf, holding the console lock), `kfault 3` (inside
// panic). Only a kernel built with `make DEBUGHOOKS=1` does it; a normal one refuses.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "kdebug.h"

int
main(int argc, char *argv[])
{
  int op;

  if(argc != 2 || (op = atoi(argv[1])) < KDEBUG_FAULT || op > KDEBUG_FAULT_PANIC){
    printf(2, "usage: kfault 1|2|3\n");
    exit();
  }
  printf(1, "kfault: asking the kernel to fault (op %d)\n", op);
  if(kdebug(op, 0) < 0)
    printf(1, "kfault: refused (this kernel was built without DEBUGHOOKS)\n");
  else
    printf(1, "kfault: the kernel came back, which it should not\n");
  exit();
}
