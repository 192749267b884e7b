// alarmtest.c: the traps lab's checks of sigalarm and sigreturn. Each case prints one
// line, "NAME: ok" or "NAME: FAIL expected ... saw ...".
// usage: alarmtest CASE [N]   CASE: called | registers SEED | reentry | stop | stray |
//        interval N | usermode N | inherit | procs NPROC   (the grader picks SEED and N)
#include "types.h"
#include "stat.h"
#include "user.h"

// Ticks a case may wait for alarms before it gives up: far more than an idle machine needs
// (a CPU-bound process sees about one timer tick in its user code per tick of uptime), since
// on a loaded host a virtual CPU may see only one tick in twenty.
#define LIMIT 3000

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
    printf(1, "called: FAIL expected 5 handler calls within %d ticks, saw %d\n", LIMIT, calls);
  else
    printf(1, "called: ok\n");
  sigalarm(0, 0);
}

// ---- registers: every register and the flags across alarms, in straight-line code ----
// straight(in, out) loads %eax..%ebp and EFLAGS from in[0..7], runs BODY instructions with
// no branch (longer than a page, so QEMU's translation blocks end inside it and the timer
// interrupt lands there, not only between a compare and its branch), then stores every
// register, %esp and EFLAGS into out[0..8]. Each lea adds 1 to one register and leaves the
// flags alone, so out[r] must be in[r] + BODY/7 and the flags must be in[7]'s.
#define BODY 3500           // 7 registers x 500 (each lea is 3 bytes: 10.5 KB of code)
uint st_out, st_esp, st_tmp;
volatile int phase;          // 1 while straight() is inside its body
volatile int hcalls;         // asmhandler calls
volatile int hinside;        // asmhandler calls that interrupted the body
uint hflags;                 // the flags asmhandler loads before sigreturn
void straight(uint *in, uint *out);
void asmhandler(void);
asm(
  ".text\n"
  ".globl straight\n"
  "straight:\n"
  "  pushl %ebp\n  pushl %ebx\n  pushl %esi\n  pushl %edi\n"
  "  movl 20(%esp), %eax\n"
  "  movl 24(%esp), %edx\n"
  "  movl %edx, st_out\n"
  "  movl %esp, st_esp\n"
  "  pushl 28(%eax)\n"
  "  popfl\n"                                   // the flags, from here on untouched
  "  movl $1, phase\n"
  "  movl 4(%eax), %ebx\n  movl 8(%eax), %ecx\n  movl 12(%eax), %edx\n"
  "  movl 16(%eax), %esi\n  movl 20(%eax), %edi\n  movl 24(%eax), %ebp\n"
  "  movl 0(%eax), %eax\n"
  "  .rept 500\n"
  "  leal 1(%eax), %eax\n  leal 1(%ebx), %ebx\n  leal 1(%ecx), %ecx\n  leal 1(%edx), %edx\n"
  "  leal 1(%esi), %esi\n  leal 1(%edi), %edi\n  leal 1(%ebp), %ebp\n"
  "  .endr\n"
  "  movl $0, phase\n"
  "  pushfl\n"
  "  movl %eax, st_tmp\n"
  "  movl st_out, %eax\n"
  "  popl 32(%eax)\n"
  "  movl %ebx, 4(%eax)\n  movl %ecx, 8(%eax)\n  movl %edx, 12(%eax)\n"
  "  movl %esi, 16(%eax)\n  movl %edi, 20(%eax)\n  movl %ebp, 24(%eax)\n"
  "  movl %esp, 28(%eax)\n"
  "  movl st_tmp, %ebx\n  movl %ebx, 0(%eax)\n"
  "  movl st_esp, %esp\n"
  "  popl %edi\n  popl %esi\n  popl %ebx\n  popl %ebp\n"
  "  ret\n"
  // The handler: written in assembly so that it moves %esp (by 0x104: sigreturn must put it
  // back), and scribbles over every register and the flags before it calls sigreturn.
  ".globl asmhandler\n"
  "asmhandler:\n"
  "  subl $0x104, %esp\n"
  "  incl hcalls\n"
  "  movl phase, %eax\n  addl %eax, hinside\n"
  "  movl $0xdead0001, %eax\n  movl $0xdead0002, %ebx\n  movl $0xdead0003, %ecx\n"
  "  movl $0xdead0004, %edx\n  movl $0xdead0005, %esi\n  movl $0xdead0006, %edi\n"
  "  movl $0xdead0007, %ebp\n"
  "  pushl hflags\n  popfl\n"
  "  call sigreturn\n"
  "  movl $0, 0\n"                              // sigreturn returned: die
);

static uint seed;

static uint
rnd(void)
{
  seed = seed * 1103515245 + 12345;
  return (seed >> 8) ^ (seed << 13);
}

#define FLAGBITS 0x8d5      // CF PF AF ZF SF OF: what straight() sets and checks
static char *regname[] = { "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eflags" };

// Runs straight() until `want` alarms have landed inside its body (or LIMIT ticks). Returns
// 0, or 1 after printing what differed.
static int
regrounds(char *name, int want)
{
  uint in[8], out[9], expect, t0 = uptime();
  int r, round;

  hcalls = hinside = 0;
  if(sigalarm(1, asmhandler) < 0){
    printf(1, "%s: FAIL expected sigalarm(1, handler) to return 0, saw -1\n", name);
    return 1;
  }
  for(round = 0; hinside < want && uptime() - t0 < LIMIT; round++){
    for(r = 0; r < 7; r++)
      in[r] = rnd();
    in[7] = (round & 1) ? (rnd() & FLAGBITS) : FLAGBITS;
    hflags = ((~in[7]) & FLAGBITS) | 2;
    in[7] |= 2;
    straight(in, out);
    for(r = 0; r < 9; r++){
      expect = r < 7 ? in[r] + BODY/7 : r == 7 ? st_esp : in[7];
      if(r == 8 ? ((out[8] ^ expect) & FLAGBITS) != 0 : out[r] != expect){
        sigalarm(0, 0);
        printf(1, "%s: FAIL expected %%%s = 0x%x after straight-line code an alarm "
               "interrupted, saw 0x%x (%d alarms so far)\n", name, regname[r],
               r == 8 ? expect & FLAGBITS : expect, r == 8 ? out[8] & FLAGBITS : out[r], hcalls);
        return 1;
      }
    }
  }
  sigalarm(0, 0);
  if(hinside < want){
    printf(1, "%s: FAIL expected %d alarms inside the straight-line code in %d ticks, "
           "saw %d (%d in all)\n", name, want, LIMIT, hinside, hcalls);
    return 1;
  }
  return 0;
}

static void
registers(void)
{
  if(regrounds("registers", 25) == 0)
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
    printf(1, "reentry: FAIL expected no handler call while another runs, saw one\n");
  else if(calls < 4)
    printf(1, "reentry: FAIL expected 4 handler calls within %d ticks, saw %d\n", LIMIT, calls);
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
    printf(1, "stop: FAIL expected the handler to run before sigalarm(0, 0), saw no call\n");
    return;
  }
  sigalarm(0, 0);
  n = calls;
  t0 = uptime();
  while(uptime() - t0 < 30)
    for(i = 0; i < 100000; i++)
      ;
  if(calls != n)
    printf(1, "stop: FAIL expected no call after sigalarm(0, 0), saw %d\n", calls - n);
  else
    printf(1, "stop: ok\n");
}

// sigreturn when no handler is running must fail harmlessly.
static void
stray(void)
{
  int r = sigreturn();

  if(r != -1)
    printf(1, "stray: FAIL expected sigreturn outside a handler to return -1, saw %d\n", r);
  else
    printf(1, "stray: ok\n");
}

// ---- interval: one call every n ticks of a CPU-bound program ----
// A loaded host delivers the timer unevenly, so the yardstick is this process's own rate:
// first a handler every tick until 40 calls (*c1 calls in *d1 ticks), then the same time
// with the interval under test, which must give about c1 / n calls.
static void
reference(int *c1, int *d1)
{
  int t0;

  calls = 0;
  sigalarm(1, counter);
  t0 = uptime();
  spinfor(40);
  sigalarm(0, 0);
  *d1 = uptime() - t0;
  *c1 = calls;
}

static void
spin(int ticks)
{
  int t0 = uptime();
  volatile int i;

  while(uptime() - t0 < ticks)
    for(i = 0; i < 10000; i++)
      ;
}

static void
interval(int n)
{
  int c1, d1;

  reference(&c1, &d1);
  calls = 0;
  sigalarm(n, counter);
  spin(d1);
  sigalarm(0, 0);
  if(calls * n < c1 / 2 - n || calls * n > c1 * 3 / 2 + n)
    printf(1, "interval: FAIL expected about %d calls in %d ticks with sigalarm(%d, ...) "
           "(%d with sigalarm(1, ...)), saw %d\n", c1 / n, d1, n, c1, calls);
  else
    printf(1, "interval: ok\n");
}

// ---- usermode: only ticks that find the program in user mode count ----
// A program that sleeps, and one that spends its time in the kernel (sbrk allocating,
// zeroing and freeing pages), must see far fewer calls than a CPU-bound one would in the
// same time (measured first, as for interval).
static void
usermode(int n)
{
  int t0, t, sleeper, kernel, c1, d1, cpu;

  reference(&c1, &d1);
  calls = 0;
  sigalarm(n, counter);
  t0 = uptime();
  while(uptime() - t0 < 60)
    sleep(1);
  t = uptime() - t0;
  sleeper = calls;
  sigalarm(0, 0);
  cpu = c1 * t / (d1 > 0 ? d1 : 1) / n;     // what a CPU-bound program would get
  if(sleeper > cpu / 4 + 1){
    printf(1, "usermode: FAIL expected almost no calls while sleeping %d ticks (alarm "
           "every %d ticks in user mode; CPU-bound: %d), saw %d\n", t, n, cpu, sleeper);
    return;
  }
  calls = 0;
  sigalarm(n, counter);
  t0 = uptime();
  while(uptime() - t0 < 60){
    if(sbrk(256*4096) == (char*)-1)
      break;
    sbrk(-256*4096);
  }
  t = uptime() - t0;
  kernel = calls;
  sigalarm(0, 0);
  cpu = c1 * t / (d1 > 0 ? d1 : 1) / n;
  if(kernel > cpu / 4 + 1)
    printf(1, "usermode: FAIL expected few calls in %d ticks spent mostly in the kernel "
           "(alarm every %d ticks in user mode; CPU-bound: %d), saw %d\n", t, n, cpu, kernel);
  else
    printf(1, "usermode: ok\n");
}

// ---- inherit: neither a forked child nor an exec'd image keeps the alarm ----

static void
inherit(char *self)
{
  int pid, p[2];
  char c = 0;
  char *argv[] = { self, "execchild", 0 };

  calls = 0;
  pipe(p);
  sigalarm(1, counter);
  pid = fork();
  if(pid == 0){
    close(p[0]);
    calls = 0;
    spin(20);
    c = calls == 0 ? 'y' : 'n';
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  if(read(p[0], &c, 1) != 1)
    c = 'k';
  close(p[0]);
  wait();
  sigalarm(0, 0);
  if(c != 'y'){
    printf(1, "inherit: FAIL expected no alarm in a forked child, saw %s\n",
           c == 'n' ? "its handler called" : "the child die");
    return;
  }
  // The exec'd image is this program again, so the old handler's address is the same
  // function: if the alarm survives exec, execchild's counter counts.
  pid = fork();
  if(pid == 0){
    sigalarm(1, counter);
    exec(self, argv);
    printf(1, "inherit: FAIL expected exec %s to succeed, saw it fail\n", self);
    exit();
  }
  wait();
}

static void
execchild(void)
{
  spin(20);
  if(calls != 0)
    printf(1, "inherit: FAIL expected no alarm after exec, saw %d handler calls\n", calls);
  else
    printf(1, "inherit: ok\n");
}

// ---- procs: several processes, each with its own alarm, at once on every CPU ----
static void
procs(int nproc)
{
  int i, p[2], ok = 0, t0;
  char c;

  pipe(p);
  for(i = 0; i < nproc; i++){
    if(fork() == 0){
      close(p[0]);
      seed += 7919 * (i + 1);
      c = 'n';
      if(regrounds("procs", 10) == 0){
        // and its own interval: i + 2 ticks, while the others run theirs
        // (loosely: four busy CPUs on a loaded host see the timer unevenly, and the
        // interval case checks the rate itself)
        calls = 0;
        t0 = uptime();
        sigalarm(i + 2, counter);
        spinfor(3);
        sigalarm(0, 0);
        t0 = uptime() - t0;
        if(calls < 3 || calls * (i + 2) > 3 * t0 + 2 * (i + 2))
          printf(1, "procs: FAIL expected 3 calls of process %d's own handler, at most one "
                 "every %d ticks, saw %d in %d ticks\n", i, i + 2, calls, t0);
        else
          c = 'y';
      }
      write(p[1], &c, 1);
      exit();
    }
  }
  close(p[1]);
  while(read(p[0], &c, 1) == 1)
    ok += c == 'y';
  close(p[0]);
  for(i = 0; i < nproc; i++)
    wait();
  if(ok != nproc)
    printf(1, "procs: FAIL expected %d processes to pass, saw %d\n", nproc, ok);
  else
    printf(1, "procs: ok\n");
}

int
main(int argc, char *argv[])
{
  char *c = argc >= 2 ? argv[1] : "";
  int n = argc >= 3 ? atoi(argv[2]) : 0;

  if(strcmp(c, "called") == 0)
    called();
  else if(strcmp(c, "registers") == 0){
    seed = n;
    registers();
  } else if(strcmp(c, "reentry") == 0)
    reentry();
  else if(strcmp(c, "stop") == 0)
    stop();
  else if(strcmp(c, "stray") == 0)
    stray();
  else if(strcmp(c, "interval") == 0 && n > 0)
    interval(n);
  else if(strcmp(c, "usermode") == 0 && n > 0)
    usermode(n);
  else if(strcmp(c, "inherit") == 0)
    inherit(argv[0]);
  else if(strcmp(c, "execchild") == 0)
    execchild();
  else if(strcmp(c, "procs") == 0 && n > 0){
    seed = uptime();
    procs(n);
  } else
    printf(2, "usage: alarmtest called|registers SEED|reentry|stop|stray|interval N|"
           "usermode N|inherit|procs NPROC\n");
  exit();
}
