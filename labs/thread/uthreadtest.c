// uthreadtest.c: the thread lab's checks on user-level threads (user/uthread.c).
// usage: uthreadtest interleave|regs|yieldregs
//   interleave  three threads take turns, each keeping its own locals across yields
//   regs        thread_switch alone: %ebx, %esi, %edi, %ebp survive a round trip
//               through another context that overwrites them
//   yieldregs   the same through thread_yield, with three threads
#include "types.h"
#include "stat.h"
#include "user.h"
#include "../../user/uthread.c"

#define ROUNDS 100

static char *casename;
static int failed;

static void
fail(char *what, uint expected, uint saw)
{
  printf(1, "%s: FAIL %s: expected 0x%x saw 0x%x\n", casename, what, expected, saw);
  failed = 1;
}

// ---- interleave ----
static char turns[3*ROUNDS + 1];
static int nturns;
static uint sums[3];

static void
counter(void *arg)
{
  int me = (int)arg, i;
  uint sum = 0, odd = 0;

  for(i = 1; i <= ROUNDS; i++){
    turns[nturns++] = 'a' + me;
    sum += i;
    if(i & 1)
      odd += i;
    thread_yield();
  }
  sums[me] = sum + odd;
}

static void
interleave(void)
{
  int i;

  for(i = 0; i < 3; i++){
    if(thread_create(counter, (void*)i) < 0){
      fail("thread_create returned -1 for thread", i, -1);
      return;
    }
  }
  thread_runall();
  if(nturns != 3*ROUNDS){
    fail("turns taken", 3*ROUNDS, nturns);
    return;
  }
  for(i = 0; i < nturns; i++){
    if(turns[i] != 'a' + i % 3){
      fail("round-robin order: thread at this turn", 'a' + i % 3, turns[i]);
      printf(1, "%s: turns %s\n", casename, turns);
      return;
    }
  }
  for(i = 0; i < 3; i++){
    if(sums[i] != 5050 + 2500)
      fail("a thread's own sums, kept across yields", 5050 + 2500, sums[i]);
  }
}

// ---- regs: thread_switch alone ----
// regprobe(seed, out) loads %ebx, %esi, %edi, %ebp with seed, seed+1, seed+2,
// seed+3, switches to the peer context and back, and stores what the four
// registers then hold in out[0..3]. The peer sets all four to 0xdead000N and
// switches straight back. No C code runs in between, so only thread_switch
// can keep the values.
struct ucontext *probectx, *peerctx;
static uint peerstack[1024];

void regprobe(uint seed, uint *out);
void peer(void);

asm(
  ".globl regprobe\n"
  "regprobe:\n"
  "  pushl %ebp\n"
  "  pushl %ebx\n"
  "  pushl %esi\n"
  "  pushl %edi\n"
  "  movl 20(%esp), %ebx\n"
  "  leal 1(%ebx), %esi\n"
  "  leal 2(%ebx), %edi\n"
  "  leal 3(%ebx), %ebp\n"
  "  pushl peerctx\n"
  "  pushl $probectx\n"
  "  call thread_switch\n"
  "  addl $8, %esp\n"
  "  movl 24(%esp), %eax\n"
  "  movl %ebx, 0(%eax)\n"
  "  movl %esi, 4(%eax)\n"
  "  movl %edi, 8(%eax)\n"
  "  movl %ebp, 12(%eax)\n"
  "  popl %edi\n"
  "  popl %esi\n"
  "  popl %ebx\n"
  "  popl %ebp\n"
  "  ret\n"
  ".globl peer\n"
  "peer:\n"
  "  movl $0xdead0001, %ebx\n"
  "  movl $0xdead0002, %esi\n"
  "  movl $0xdead0003, %edi\n"
  "  movl $0xdead0004, %ebp\n"
  "  pushl probectx\n"
  "  pushl $peerctx\n"
  "  call thread_switch\n"
  "  addl $8, %esp\n"
  "  jmp peer\n"
);

static void
regs(void)
{
  static char *names[] = { "%ebx", "%esi", "%edi", "%ebp" };
  uint out[4], seed;
  int round, r;

  // The peer's first context: four zero registers, then peer as the return
  // address, as thread_create lays out a new thread.
  peerctx = (struct ucontext*)&peerstack[1024 - 8];
  memset(peerctx, 0, sizeof(*peerctx));
  peerctx->eip = (uint)peer;
  for(round = 0; round < 20 && !failed; round++){
    seed = 0x10000000 * (round % 7 + 1) + round * 16;
    regprobe(seed, out);
    for(r = 0; r < 4; r++){
      if(out[r] != seed + r){
        printf(1, "%s: FAIL %s after a switch away and back: expected 0x%x saw 0x%x\n",
          casename, names[r], seed + r, out[r]);
        failed = 1;
      }
    }
  }
}

// ---- yieldregs: the same through thread_yield ----
// holdregs(seed, out): the four registers hold seed..seed+3 across a call of
// thread_yield; out[0..3] gets what they hold afterwards.
static void
holdregs(uint seed, uint *out)
{
  uint a = seed;
  uint *o = out;

  asm volatile(
    "pushl %%ebp\n\t"
    "pushl %1\n\t"
    "movl %0, %%ebx\n\t"
    "leal 1(%%ebx), %%esi\n\t"
    "leal 2(%%ebx), %%edi\n\t"
    "leal 3(%%ebx), %%ebp\n\t"
    "call thread_yield\n\t"
    "popl %1\n\t"
    "movl %%ebx, 0(%1)\n\t"
    "movl %%esi, 4(%1)\n\t"
    "movl %%edi, 8(%1)\n\t"
    "movl %%ebp, 12(%1)\n\t"
    "popl %%ebp\n\t"
    : "+a"(a), "+c"(o)
    :
    : "ebx", "esi", "edi", "edx", "memory", "cc");
}

static void
holder(void *arg)
{
  static char *names[] = { "%ebx", "%esi", "%edi", "%ebp" };
  int me = (int)arg, i, r;
  uint out[4], seed;

  for(i = 0; i < 30 && !failed; i++){
    seed = 0x01000000 * (me + 1) + 0x100 * i;
    holdregs(seed, out);
    for(r = 0; r < 4; r++){
      if(out[r] != seed + r){
        printf(1, "%s: FAIL %s in thread %d after thread_yield: expected 0x%x saw 0x%x\n",
          casename, names[r], me, seed + r, out[r]);
        failed = 1;
      }
    }
  }
}

static void
yieldregs(void)
{
  int i;

  for(i = 0; i < 3; i++)
    thread_create(holder, (void*)i);
  thread_runall();
}

int
main(int argc, char *argv[])
{
  if(argc < 2){
    printf(2, "usage: uthreadtest interleave|regs|yieldregs\n");
    exit();
  }
  casename = argv[1];
  thread_init();
  if(strcmp(casename, "interleave") == 0)
    interleave();
  else if(strcmp(casename, "regs") == 0)
    regs();
  else if(strcmp(casename, "yieldregs") == 0)
    yieldregs();
  else {
    printf(2, "uthreadtest: no case %s\n", casename);
    exit();
  }
  if(!failed)
    printf(1, "%s: ok\n", casename);
  exit();
}
