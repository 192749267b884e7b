// labtest.h: helpers the labs' test programs share (cowtest, lazytest, ...).
// Include it as "../labtest.h" after user.h. Everything here is static inline: a
// program pays only for the helpers it calls, and no warning names the others.
// make handout copies labs/ whole, so a lab stays self-contained, and labs/MANIFEST
// lists this file with the graders.
#ifndef XV6_LABTEST_H
#define XV6_LABTEST_H

// Pages of free memory a fork costs, measured while the child is still alive: the child
// blocks on a pipe until the parent has counted, then exits. Returns -1 if fork fails.
static inline int
forkcost(void)
{
  int p[2], pid, before, during;
  char c;

  if(pipe(p) < 0)
    return -1;
  before = freemem();
  pid = fork();
  if(pid < 0){
    close(p[0]);
    close(p[1]);
    return -1;
  }
  if(pid == 0){
    read(p[0], &c, 1);
    exit();
  }
  during = freemem();
  write(p[1], "x", 1);
  wait();
  close(p[0]);
  close(p[1]);
  return before - during;
}

// Does a child that reads (store == 0) or writes (store != 0) the byte at addr live to
// say so? Returns 1 if it did, 0 if the kernel killed it (or fork failed).
static inline int
survives(char *addr, int store)
{
  int p[2], pid;
  char c = 0;

  if(pipe(p) < 0)
    return 0;
  pid = fork();
  if(pid < 0){
    close(p[0]);
    close(p[1]);
    return 0;
  }
  if(pid == 0){
    close(p[0]);
    if(store)
      *(volatile char*)addr = 'w';
    else
      c = *(volatile char*)addr;
    write(p[1], "y", 1);
    exit();
  }
  close(p[1]);
  if(read(p[0], &c, 1) != 1)
    c = 0;
  close(p[0]);
  wait();
  return c == 'y';
}
#endif
