// vmhog.c: runs vmdemo while another process holds NPAGES pages of memory, so that
// vmdemo's pages come from a part of physical memory that changes with NPAGES (the
// grader picks it at random for each run: no vmprint output can be known in advance).
// usage: vmhog NPAGES [TAG]   (TAG is passed on to vmdemo)
#include "types.h"
#include "stat.h"
#include "user.h"

#define PGSIZE 4096

int
main(int argc, char *argv[])
{
  char *args[] = { "vmdemo", 0, 0 };
  int hold[2], ready[2], n, i, pid;
  char *m, c;

  if(argc < 2 || (n = atoi(argv[1])) < 0){
    printf(2, "usage: vmhog NPAGES [TAG]\n");
    exit();
  }
  if(argc > 2)
    args[1] = argv[2];
  if(pipe(hold) < 0 || pipe(ready) < 0){
    printf(1, "vmhog: FAIL pipe failed\n");
    exit();
  }
  if((pid = fork()) == 0){
    // The hog: take n pages, touch them, and keep them until the parent is done.
    close(hold[1]);
    close(ready[0]);
    m = sbrk(n*PGSIZE);
    if(m == (char*)-1){
      printf(1, "vmhog: FAIL sbrk(%d pages) failed\n", n);
      exit();
    }
    for(i = 0; i < n; i++)
      m[i*PGSIZE] = i;
    write(ready[1], "r", 1);
    read(hold[0], &c, 1);   // returns when the parent closes hold[1]
    exit();
  }
  close(hold[0]);
  close(ready[1]);
  if(pid < 0 || read(ready[0], &c, 1) != 1){
    printf(1, "vmhog: FAIL the hog did not start\n");
    exit();
  }
  printf(1, "vmhog: holding %d pages\n", n);
  if((pid = fork()) == 0){
    exec("vmdemo", args);
    printf(1, "vmhog: FAIL exec vmdemo failed\n");
    exit();
  }
  wait();
  close(hold[1]);
  wait();
  exit();
}
