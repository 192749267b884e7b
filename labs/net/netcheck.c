// netcheck.c: the net lab's guest side. The grader (labs/net/tests.pl) runs a
// subcommand while its host side (labs/net/udptool.pl) sends and receives.
// usage: netcheck out TOKEN | in | arp N | echo N | send N | two N | leak N |
//        bad | stat
// A case that waits for the host prints "NAME: ready" once its socket is
// bound, and each ends with "NAME: ok" or "NAME: FAIL expected X saw Y". No
// case waits forever: each runs in a child that is killed after its limit.
#include "types.h"
#include "stat.h"
#include "netstat.h"
#include "user.h"

#define GATEWAY  0x0A000202   // 10.0.2.2, QEMU's host side, in host order
#define PORT     2000         // the guest port the host's UDP reaches
#define PORT2    2001         // the second one (the "two" case)
#define DISCARD  9            // "out" sends to this port of the gateway
#define HZ       100          // timer ticks a second

static char *casename;
static char buf[1600];

static void
fail(char *what, int expect, int saw)
{
  printf(1, "%s: FAIL expected %s %d saw %d\n", casename, what, expect, saw);
}

// The counters, or exit with a FAIL line when netstat does not work.
static void
getstat(struct netstat *ns)
{
  if(netstat(ns) < 0){
    printf(1, "%s: FAIL expected netstat() to return 0 saw -1\n", casename);
    exit();
  }
}

static void
showstat(char *tag, struct netstat *s)
{
  printf(1, "%s: %s rx_frames %d tx_frames %d tx_fail %d short %d iphdr %d "
         "cksum %d udplen %d arp_other %d noport %d qfull %d other %d "
         "arp_replies %d mbufs %d\n", casename, tag, s->rx_frames,
         s->tx_frames, s->tx_fail, s->rx_drop_short, s->rx_drop_iphdr,
         s->rx_drop_cksum, s->rx_drop_udplen, s->rx_drop_arp_other,
         s->rx_drop_noport, s->rx_drop_qfull, s->rx_drop_other,
         s->arp_replies_sent, s->mbufs_in_use);
}

// A socket on lport that takes datagrams from any sender and answers the
// last one; exits with a FAIL line if connect fails.
static int
sock(int lport)
{
  int fd;

  if((fd = connect(GATEWAY, lport, 0)) < 0){
    printf(1, "%s: FAIL expected connect(10.0.2.2, %d, 0) to return a "
           "descriptor saw -1\n", casename, lport);
    exit();
  }
  return fd;
}

static int twopipe[2];    // the "two" case's workers: worker 1 is ready
static void two(int, int);
static int resfd = -1;   // a worker writes 'y' here when its part passed

// Run fn(arg, k) in nproc children (k = 0 .. nproc-1) and wait at most secs
// seconds for them all; then kill those still running and say so, with the
// counters, which tell whether anything arrived. Returns how many workers
// wrote 'y' to resfd.
static int
within(int secs, void (*fn)(int, int), int arg, int nproc)
{
  int pid[4], p[2], timer, who, k, left, ok = 0;
  struct netstat ns;
  char c;

  if(nproc > 4 || pipe(p) < 0){
    printf(1, "%s: FAIL expected pipe to work saw -1\n", casename);
    return 0;
  }
  for(k = 0; k < nproc; k++){
    if((pid[k] = fork()) == 0){
      close(p[0]);
      resfd = p[1];
      fn(arg, k);
      exit();
    }
  }
  close(p[1]);
  if(fn == two){
    // Only the workers may hold twopipe: if worker 1 dies before it is
    // ready, worker 0's read then ends at once instead of at the limit.
    close(twopipe[0]);
    close(twopipe[1]);
  }
  if((timer = fork()) == 0){
    sleep(secs * HZ);
    exit();
  }
  for(left = nproc; left > 0; left--){
    who = wait();
    if(who == timer || who < 0){
      printf(1, "%s: FAIL expected the case to finish within %d s saw it "
             "still waiting (for a datagram, or for the card)\n",
             casename, secs);
      if(netstat(&ns) == 0)
        showstat("counters now:", &ns);
      for(k = 0; k < nproc; k++)
        kill(pid[k]);    // those gone already: kill fails, no harm
      for(; left > 0; left--)
        wait();
      timer = 0;
      break;
    }
  }
  if(timer > 0){
    kill(timer);
    wait();
  }
  while(read(p[0], &c, 1) == 1)
    ok += (c == 'y');
  close(p[0]);
  return ok;
}

// A worker's part passed.
static void
passed(void)
{
  write(resfd, "y", 1);
}

// Write n in decimal at s, NUL-terminated.
static void
utoa(char *s, uint n)
{
  char t[12];
  int i = 0;

  do {
    t[i++] = '0' + n % 10;
    n /= 10;
  } while(n);
  while(i > 0)
    *s++ = t[--i];
  *s = 0;
}

// Read one datagram (into buf, NUL-terminated). Returns its length.
static int
readone(int fd)
{
  int n;

  n = read(fd, buf, sizeof(buf) - 1);
  if(n < 0){
    printf(1, "%s: FAIL expected read to return a datagram saw -1\n",
           casename);
    exit();
  }
  buf[n] = 0;
  return n;
}

// Send n bytes of buf to the socket's peer, trying again for up to a second
// while the card's transmit ring is full. Returns 0, or -1 with a FAIL line.
static int
sendone(int fd, int n)
{
  int try, r = -1;

  for(try = 0; try < HZ; try++){
    if((r = write(fd, buf, n)) == n)
      return 0;
    sleep(1);
  }
  fail("write of a datagram to return", n, r);
  return -1;
}

// out: once a datagram from the host arrives on port 2000 (the go-ahead),
// one datagram from port 2001 to 10.0.2.2's discard port; the host finds it
// on the wire (it sees every frame), though QEMU passes it no further.
static char msg[128];

static void
out(int unused, int k)
{
  int go, fd, n, r;

  go = sock(PORT);
  printf(1, "out: ready\n");
  readone(go);
  close(go);
  if((fd = connect(GATEWAY, PORT2, DISCARD)) < 0){
    fail("connect(10.0.2.2, 2001, 9) to return a descriptor, not", -1, fd);
    return;
  }
  n = strlen(msg);
  r = write(fd, msg, n);
  close(fd);
  if(r != n){
    fail("write to return", n, r);
    return;
  }
  printf(1, "out: sent '%s'\n", msg);
  passed();
}

// in: one datagram from the host, printed.
static void
in(int unused, int k)
{
  int fd;

  fd = sock(PORT);
  printf(1, "in: ready\n");
  readone(fd);
  close(fd);
  printf(1, "in: got '%s'\n", buf);
  passed();
}

// arp: wait for the host's n ARP requests to be answered (the counter
// moves by exactly n).
static void
arp(int n, int k)
{
  struct netstat a, b;
  int t0;

  getstat(&a);
  printf(1, "arp: ready\n");
  t0 = uptime();
  do {
    sleep(1);
    getstat(&b);
  } while(b.arp_replies_sent - a.arp_replies_sent < n &&
          uptime() - t0 < 15*HZ);
  sleep(HZ / 10);    // no more than n
  getstat(&b);
  if(b.arp_replies_sent - a.arp_replies_sent != n){
    fail("arp_replies_sent to grow by", n,
         b.arp_replies_sent - a.arp_replies_sent);
    return;
  }
  passed();
}

// Echo n datagrams on fd: each goes back to its sender. Returns how many.
static int
echo_on(int fd, int n)
{
  int i, len;

  for(i = 0; i < n; i++){
    len = readone(fd);
    if(sendone(fd, len) < 0)
      break;
  }
  return i;
}

// echo: n datagrams back to where they came from.
static void
echo(int n, int k)
{
  int fd, done;

  fd = sock(PORT);
  printf(1, "echo: ready\n");
  done = echo_on(fd, n);
  close(fd);
  if(done != n){
    fail("datagrams echoed", n, done);
    return;
  }
  printf(1, "echo: %d datagrams echoed\n", n);
  passed();
}

// send: after the host's first datagram (which says where to send), n
// datagrams "seq I", as fast as the card takes them.
static void
sendmany(int n, int k)
{
  int fd, i;

  fd = sock(PORT);
  printf(1, "send: ready\n");
  readone(fd);
  for(i = 0; i < n; i++){
    strcpy(buf, "seq ");
    utoa(buf + 4, i);
    if(sendone(fd, strlen(buf)) < 0)
      break;
  }
  close(fd);
  if(i != n){
    fail("datagrams sent", n, i);
    return;
  }
  printf(1, "send: %d datagrams sent\n", n);
  passed();
}

// two: worker k echoes n datagrams on port 2000+k, both at once. Worker 1
// tells worker 0 when its socket is bound; worker 0 then says ready.

static void
two(int n, int k)
{
  int fd, done;
  char c;

  fd = sock(PORT + k);
  if(k == 1){
    write(twopipe[1], "r", 1);
  } else {
    close(twopipe[1]);
    if(read(twopipe[0], &c, 1) != 1){
      printf(1, "two: FAIL expected the second process to bind port %d saw "
             "it exit\n", PORT2);
      exit();
    }
    printf(1, "two: ready\n");
  }
  done = echo_on(fd, n);
  close(fd);
  if(done != n){
    printf(1, "two: FAIL expected %d datagrams echoed on port %d saw %d\n",
           n, PORT + k, done);
    return;
  }
  printf(1, "two: port %d echoed %d datagrams\n", PORT + k, n);
  passed();
}

// Wait up to 2 s for the packet buffers and free pages to come back to
// what *a says; fills *b with the last reading.
static void
settle(struct netstat *a, int freea, struct netstat *b, int *freeb)
{
  int t0 = uptime();

  for(;;){
    getstat(b);
    *freeb = freemem();
    if((b->mbufs_in_use == a->mbufs_in_use && *freeb == freea) ||
       uptime() - t0 > 2*HZ)
      return;
    sleep(5);
  }
}

// leak: echo n datagrams (the rings go round once at least: every slot has
// been used and refilled), count the buffers and pages, echo n more, close
// the socket and count again: the counts must be back where they were.
static void
leak(int n, int k)
{
  struct netstat a, b;
  int fd, freea, freeb;

  fd = sock(PORT);
  printf(1, "leak: ready\n");
  if(echo_on(fd, n) != n)
    return;
  sleep(HZ / 10);    // the last echo's transmit is done
  getstat(&a);
  freea = freemem();
  printf(1, "leak: before: mbufs %d free pages %d\n", a.mbufs_in_use, freea);
  if(echo_on(fd, n) != n)
    return;
  close(fd);
  settle(&a, freea, &b, &freeb);
  printf(1, "leak: after %d more: mbufs %d free pages %d\n", n,
         b.mbufs_in_use, freeb);
  if(b.mbufs_in_use != a.mbufs_in_use){
    fail("packet buffers in use (netstat mbufs_in_use)", a.mbufs_in_use,
         b.mbufs_in_use);
    return;
  }
  if(freeb != freea){
    fail("free pages", freea, freeb);
    return;
  }
  passed();
}

// bad: the host sends malformed frames, then a good datagram; print what
// arrived and how every counter moved (the grader checks them).
static void
bad(int unused, int k)
{
  struct netstat a, b;
  int fd;

  getstat(&a);
  fd = sock(PORT);
  printf(1, "bad: ready\n");
  readone(fd);
  close(fd);
  getstat(&b);
  printf(1, "bad: got '%s'\n", buf);
  printf(1, "bad: dropped short %d iphdr %d cksum %d udplen %d arp_other %d "
         "noport %d other %d qfull %d; arp_replies %d frames %d\n",
         b.rx_drop_short - a.rx_drop_short, b.rx_drop_iphdr - a.rx_drop_iphdr,
         b.rx_drop_cksum - a.rx_drop_cksum,
         b.rx_drop_udplen - a.rx_drop_udplen,
         b.rx_drop_arp_other - a.rx_drop_arp_other,
         b.rx_drop_noport - a.rx_drop_noport,
         b.rx_drop_other - a.rx_drop_other, b.rx_drop_qfull - a.rx_drop_qfull,
         b.arp_replies_sent - a.arp_replies_sent, b.rx_frames - a.rx_frames);
  passed();
}

struct ncase {
  char *name;
  void (*fn)(int, int);
  int needn;    // takes a count N
  int secs;     // limit: secs, plus N / perN more (perN > 0)
  int pern;
  int nproc;
};

static struct ncase cases[] = {
  { "out", out, 0, 20, 0, 1 },
  { "in", in, 0, 20, 0, 1 },
  { "arp", arp, 1, 30, 0, 1 },
  { "echo", echo, 1, 20, 4, 1 },
  { "send", sendmany, 1, 20, 4, 1 },
  { "two", two, 1, 20, 2, 2 },
  { "leak", leak, 1, 20, 2, 1 },
  { "bad", bad, 0, 40, 0, 1 },
};

int
main(int argc, char *argv[])
{
  struct ncase *c;
  struct netstat ns;
  int n = 0;

  casename = argc > 1 ? argv[1] : "";
  if(strcmp(casename, "stat") == 0){
    getstat(&ns);
    showstat("counters", &ns);
    exit();
  }
  for(c = cases; c < cases + sizeof(cases)/sizeof(cases[0]); c++)
    if(strcmp(c->name, casename) == 0)
      break;
  if(c == cases + sizeof(cases)/sizeof(cases[0]) || argc < 2 + c->needn ||
     (c->needn && (n = atoi(argv[2])) <= 0)){
    printf(2, "usage: netcheck out TOKEN | in | arp N | echo N | send N | "
           "two N | leak N | bad | stat\n");
    exit();
  }
  if(c->fn == out){
    if(argc < 3 || strlen(argv[2]) > 100){
      printf(2, "usage: netcheck out TOKEN (at most 100 characters)\n");
      exit();
    }
    strcpy(msg, "out ");
    strcpy(msg + 4, argv[2]);
  }
  if(c->fn == two && pipe(twopipe) < 0){
    printf(1, "two: FAIL expected pipe to work saw -1\n");
    exit();
  }
  if(within(c->secs + (c->pern ? n / c->pern : 0), c->fn, n, c->nproc) ==
     c->nproc)
    printf(1, "%s: ok\n", casename);
  exit();
}
