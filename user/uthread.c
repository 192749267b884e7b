// uthread.c: user-level threads inside one process (the thread lab, part 1).
// A table of threads, each with its own stack; thread_yield picks the next
// runnable one round robin and thread_switch moves the CPU to it. The kernel
// sees one process and knows nothing of these threads.
// Not a program: a program includes this file (labs/thread/uthreadtest.c).
// You write thread_switch, at the end of this file.
#include "types.h"
#include "user.h"

#define UT_MAX    8       // threads, counting the main one
#define UT_STACK  8192    // bytes of stack per thread

enum utstate { UT_FREE, UT_RUNNABLE, UT_RUNNING };

// What thread_switch leaves at the top of a thread's stack when it switches
// away, lowest address first; a pointer to it is all the table keeps. The
// layout must match thread_switch.
struct ucontext {
  uint edi;
  uint esi;
  uint ebx;
  uint ebp;
  uint eip;       // pushed by the call to thread_switch
};

struct uthread {
  enum utstate state;
  struct ucontext *context;   // saved registers while it is not running
  void (*fn)(void*);
  void *arg;
  char stack[UT_STACK];       // unused by the main thread (slot 0)
};

static struct uthread uthreads[UT_MAX];
static struct uthread *ucurrent;      // the thread running now

// Save the callee-saved registers on the current stack, store the stack
// pointer (a struct ucontext*) in *old, switch to the stack new, pop its
// registers and return into it. Written in assembly below.
void thread_switch(struct ucontext **old, struct ucontext *new);
void thread_exit(void) __attribute__((noreturn));

// Make the caller (main) thread 0. Call it once, before thread_create.
void
thread_init(void)
{
  ucurrent = &uthreads[0];
  ucurrent->state = UT_RUNNING;
}

// Pick the next runnable thread after the current one (the current one last)
// and switch to it. The caller has already set the current thread's state.
static void
uschedule(void)
{
  struct uthread *prev = ucurrent, *t = 0;
  int i;

  for(i = 1; i <= UT_MAX; i++){
    t = &uthreads[(prev - uthreads + i) % UT_MAX];
    if(t->state == UT_RUNNABLE)
      break;
  }
  if(t->state != UT_RUNNABLE){
    printf(2, "uthread: no runnable thread\n");
    exit();
  }
  t->state = UT_RUNNING;
  if(t == prev)
    return;
  ucurrent = t;
  thread_switch(&prev->context, t->context);
}

// A new thread's first code: thread_switch "returns" here on its stack.
static void
thread_start(void)
{
  ucurrent->fn(ucurrent->arg);
  thread_exit();
}

// Make a thread that will run fn(arg) when the scheduler first picks it.
// Returns its slot number, or -1 if the table is full.
int
thread_create(void (*fn)(void*), void *arg)
{
  struct uthread *t;
  struct ucontext *c;

  for(t = uthreads; t < &uthreads[UT_MAX]; t++){
    if(t->state == UT_FREE)
      break;
  }
  if(t == &uthreads[UT_MAX])
    return -1;
  t->fn = fn;
  t->arg = arg;
  // A context as thread_switch would have left it: four zero registers and
  // a return address, thread_start, with a spare word above it (where a
  // caller's return address would be).
  c = (struct ucontext*)(t->stack + UT_STACK - sizeof(*c) - 4);
  memset(c, 0, sizeof(*c) + 4);
  c->eip = (uint)thread_start;
  t->context = c;
  t->state = UT_RUNNABLE;
  return t - uthreads;
}

// Let the other runnable threads run; return when it is this one's turn again.
void
thread_yield(void)
{
  ucurrent->state = UT_RUNNABLE;
  uschedule();
}

// End the current thread. (Its stack stays in use until the switch away; the
// slot is reused only after that, by a later thread_create.)
void
thread_exit(void)
{
  ucurrent->state = UT_FREE;
  uschedule();
  printf(2, "uthread: an exited thread was scheduled\n");
  exit();
}

// The slot number of the running thread (0 for main).
int
thread_self(void)
{
  return ucurrent - uthreads;
}

// Called from main: run the other threads until all of them have ended.
void
thread_runall(void)
{
  struct uthread *t;

  for(;;){
    for(t = &uthreads[1]; t < &uthreads[UT_MAX]; t++){
      if(t->state != UT_FREE)
        break;
    }
    if(t == &uthreads[UT_MAX])
      return;
    thread_yield();
  }
}

// Reached through the stub below until you write thread_switch.
void
switch_unwritten(void)
{
  printf(2, "uthread: thread_switch is not written yet (user/uthread.c)\n");
  exit();
}

// thread_switch(old, new): 4(%esp) is old, 8(%esp) is new. Replace the stub
// with the switch: it must save exactly what the C calling convention says a
// called function must give back unchanged, in the layout of struct ucontext.
asm(
  ".globl thread_switch\n"
  "thread_switch:\n"
  "  jmp switch_unwritten\n"
);
