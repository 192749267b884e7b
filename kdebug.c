// kdebug.c: test-only hooks behind the kdebug(op, arg) system call. The test suite builds a
// kernel with `make DEBUGHOOKS=1` to make it fault on purpose or to cut the power mid-commit;
// the kernel that students boot is built without them and kdebug() only returns -1.
#include "types.h"
#include "defs.h"
#include "kdebug.h"

int
sys_kdebug(void)
{
  int op, arg;

  if(argint(0, &op) < 0 || argint(1, &arg) < 0)
    return -1;
#ifdef DEBUGHOOKS
  switch(op){
  default:
    break;
  }
#endif
  return -1;
}
