// alarmtest.c: the traps lab's checks of sigalarm and sigreturn. Each case prints one
// line, "NAME: ok" or "NAME: FAIL why".
// usage: alarmtest [called | registers | reentry | stop | stray]...  (no argument: all)
#include "types.h"
#include "stat.h"
#include "user.h"

#define LIMIT 500          // ticks a case may wait for alarms before it gives up

static volatile int calls;         // handler calls so far
static volatile int inside;        // a handler is running
static volatile int reentered;     // a handler started while another was running

// The simplest handler: count, and go back.
static void
counter(void)
{
  calls++;
  sigreturn();
}

// A handler that scribbles over every register it may before sigreturn puts them back.
static void
scribbler(void)
{
  calls++;
  asm volatile("movl $0xdead0001, %%eax\n\tmovl $0xdead0002, %%ebx\n\t"
               "movl $0xdead0003, %%ecx\n\tmovl $0xdead0004, %%edx\n\t"
               "movl $0xdead0005, %%esi\n\tmovl $0xdead0006, %%edi"
               : : : "eax", "ebx", "ecx", "edx", "esi", "edi", "cc");
  sigreturn();
}

// A handler that takes longer than the alarm interval.
static void
slow(void)
{
  int t0;

  if(inside)
    reentered = 1;
  inside = 1;
  calls++;
  t0 = uptime();
  while(uptime() - t0 < 5)
    ;
  inside = 0;
  sigreturn();
}

// Spin in user mode until n handler calls have happened or LIMIT ticks have passed.
// Returns 1 if the calls happened.
static int
spinfor(int n)
{
  int t0 = uptime(), i;

  while(calls < n && uptime() - t0 < LIMIT)
    for(i = 0; i < 100000 && calls < n; i++)
      ;
  return calls >= n;
}

static void
called(void)
{
  calls = 0;
  sigalarm(2, counter);
  if(!spinfor(5))
    printf(1, "called: FAIL the handler ran %d times in %d ticks, not 5\n", calls, LIMIT);
  else
    printf(1, "called: ok\n");
  sigalarm(0, 0);
}

// Seven registers hold known values through a loop the alarm keeps interrupting; any
// difference after an alarm stops the loop. %ebp is saved by hand: it is the frame pointer.
// Runs n rounds; returns 1 if a register changed, else 0.
static int loops;          // regloop's counter: a fixed address, since %ebp is in use

static int
regloop(int n)
{
  int bad;

  loops = n;
  asm volatile(
    "pushl %%ebp\n\t"
    "movl $0x11111111, %%eax\n\tmovl $0x22222222, %%ebx\n\tmovl $0x33333333, %%ecx\n\t"
    "movl $0x44444444, %%edx\n\tmovl $0x55555555, %%esi\n\tmovl $0x66666666, %%edi\n\t"
    "movl $0x77777777, %%ebp\n"
    "1:\n\t"
    "cmpl $0x11111111, %%eax\n\tjne 2f\n\t"
    "cmpl $0x22222222, %%ebx\n\tjne 2f\n\t"
    "cmpl $0x33333333, %%ecx\n\tjne 2f\n\t"
    "cmpl $0x44444444, %%edx\n\tjne 2f\n\t"
    "cmpl $0x55555555, %%esi\n\tjne 2f\n\t"
    "cmpl $0x66666666, %%edi\n\tjne 2f\n\t"
    "cmpl $0x77777777, %%ebp\n\tjne 2f\n\t"
    "decl %1\n\tjnz 1b\n\t"
    "popl %%ebp\n\tmovl $0, %%eax\n\tjmp 3f\n"
    "2:\n\t"
    "popl %%ebp\n\tmovl $1, %%eax\n"
    "3:"
    : "=a" (bad), "+m" (loops)
    :
    : "ebx", "ecx", "edx", "esi", "edi", "cc", "memory");
  return bad;
}

static void
registers(void)
{
  int t0 = uptime(), bad = 0;
  int esp0, esp1;

  calls = 0;
  asm volatile("movl %%esp, %0" : "=r" (esp0));
  sigalarm(1, scribbler);
  while(calls < 10 && uptime() - t0 < LIMIT && !bad)
    bad = regloop(1000000);
  sigalarm(0, 0);
  asm volatile("movl %%esp, %0" : "=r" (esp1));
  if(bad)
    printf(1, "registers: FAIL a register changed across an alarm\n");
  else if(calls < 10)
    printf(1, "registers: FAIL the handler ran %d times in %d ticks, not 10\n", calls, LIMIT);
  else if(esp0 != esp1)
    printf(1, "registers: FAIL the stack pointer moved from 0x%x to 0x%x\n", esp0, esp1);
  else
    printf(1, "registers: ok\n");
}

static void
reentry(void)
{
  calls = reentered = inside = 0;
  sigalarm(1, slow);
  spinfor(4);
  sigalarm(0, 0);
  if(reentered)
    printf(1, "reentry: FAIL a handler was called while another was running\n");
  else if(calls < 4)
    printf(1, "reentry: FAIL the handler ran %d times in %d ticks, not 4\n", calls, LIMIT);
  else
    printf(1, "reentry: ok\n");
}

static void
stop(void)
{
  int n, t0, i;

  calls = 0;
  sigalarm(2, counter);
  if(!spinfor(2)){
    sigalarm(0, 0);
    printf(1, "stop: FAIL the handler never ran\n");
    return;
  }
  sigalarm(0, 0);
  n = calls;
  t0 = uptime();
  while(uptime() - t0 < 30)
    for(i = 0; i < 100000; i++)
      ;
  if(calls != n)
    printf(1, "stop: FAIL the handler ran %d more times after sigalarm(0, 0)\n", calls - n);
  else
    printf(1, "stop: ok\n");
}

// sigreturn when no handler is running must fail harmlessly.
static void
stray(void)
{
  int r = sigreturn();

  if(r != -1)
    printf(1, "stray: FAIL sigreturn outside a handler returned %d, not -1\n", r);
  else
    printf(1, "stray: ok\n");
}

int
main(int argc, char *argv[])
{
  static struct { char *name; void (*fn)(void); } cases[] = {
    { "called", called }, { "registers", registers }, { "reentry", reentry },
    { "stop", stop }, { "stray", stray },
  };
  int i, j, n = sizeof(cases)/sizeof(cases[0]);

  for(j = 0; j < n; j++){
    if(argc == 1){
      cases[j].fn();
      continue;
    }
    for(i = 1; i < argc; i++)
      if(strcmp(argv[i], cases[j].name) == 0)
        cases[j].fn();
  }
  exit();
}
