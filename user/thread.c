// thread.c: threads that share one address space, made with the clone and
// join system calls, and a ticket lock for them (the thread lab, part 3).
// Not a program: a program includes this file (labs/thread/threadtest.c,
// labs/thread/phtest.c). You write the functions marked "Your code".
#include "types.h"
#include "user.h"

#define THREAD_STACK 4096   // bytes; clone wants PGSIZE of writable memory

// A ticket lock: a thread takes the next ticket and waits until turn reaches
// it. Both count up forever (wrapping is fine); ticket - turn is the number of
// threads holding or waiting for the lock.
struct lock {
  volatile uint ticket;   // the next ticket to hand out
  volatile uint turn;     // the ticket now allowed to hold the lock
};

// Atomically add n to *addr and return the value *addr held before.
// Your code: one locked instruction (see the Hints).
uint
fetch_and_add(volatile uint *addr, uint n)
{
  uint old = *addr;

  *addr = old + n;   // not atomic: two threads can read the same old value
  return old;
}

void
lock_init(struct lock *lk)
{
  lk->ticket = 0;
  lk->turn = 0;
}

// Wait until the caller holds lk; threads get it in the order they asked.
void
lock_acquire(struct lock *lk)
{
  // Your code.
}

// Let the next waiter (if any) have lk. The caller holds it.
void
lock_release(struct lock *lk)
{
  // Your code.
}

// Start a thread running fn(arg) in this process's memory, on a stack of its
// own from malloc. It exits when fn returns. Returns its pid, or -1.
int
thread_create(void (*fn)(void*), void *arg)
{
  // Your code.
  return -1;
}

// Wait for one of the caller's threads to exit and free its stack. Returns
// its pid, or -1 if the caller has no threads.
int
thread_join(void)
{
  // Your code.
  return -1;
}
