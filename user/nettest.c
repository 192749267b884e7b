// nettest.c: try the network (make qemu-nox NET=1). The host reaches the
// guest's UDP port 2000 at 127.0.0.1:NETPORT (make help prints it).
//   nettest echo [N]       send back each datagram to port 2000 (N of them)
//   nettest send PORT N    send N datagrams to 10.0.2.2:PORT (the host)
//   nettest sink TICKS     hold port 2000 for TICKS ticks unread, then close
//   nettest stat           print the stack's counters (netstat)
#include "types.h"
#include "stat.h"
#include "user.h"
#include "netstat.h"

#define GATEWAY 0x0A000202   // 10.0.2.2, which QEMU maps to the host

static void
echo(int n)
{
  char buf[1500];
  int fd, got, i;

  if((fd = connect(GATEWAY, 2000, 0)) < 0){
    printf(2, "nettest: connect failed\n");
    exit();
  }
  for(i = 0; n <= 0 || i < n; i++){
    if((got = read(fd, buf, sizeof(buf))) < 0){
      printf(2, "nettest: read failed\n");
      break;
    }
    if(write(fd, buf, got) != got)
      printf(2, "nettest: write of %d bytes failed\n", got);
  }
  close(fd);
}

static void
send(int port, int n)
{
  char buf[32];
  int fd, i, bad;

  if((fd = connect(GATEWAY, 2001, port)) < 0){
    printf(2, "nettest: connect failed\n");
    exit();
  }
  bad = 0;
  for(i = 0; i < n; i++){
    strcpy(buf, "datagram ");
    buf[9] = '0' + i / 100 % 10;
    buf[10] = '0' + i / 10 % 10;
    buf[11] = '0' + i % 10;
    if(write(fd, buf, 12) != 12)
      bad++;
  }
  printf(1, "nettest: sent %d, %d failed\n", n, bad);
  close(fd);
}

static void
sink(int ticks)
{
  int fd;

  if((fd = connect(GATEWAY, 2000, 0)) < 0){
    printf(2, "nettest: connect failed\n");
    exit();
  }
  sleep(ticks);
  close(fd);
}

static void
showstat(void)
{
  struct netstat ns;

  if(netstat(&ns) < 0){
    printf(2, "nettest: netstat failed\n");
    return;
  }
  printf(1, "nic %d rx %d tx %d txfail %d mbufs %d arp req %d rep %d\n",
         ns.nic, ns.rx_frames, ns.tx_frames, ns.tx_fail, ns.mbufs_in_use,
         ns.arp_requests_sent, ns.arp_replies_sent);
  printf(1, "drop: short %d iphdr %d cksum %d frag %d udplen %d arp %d "
         "noport %d qfull %d other %d\n", ns.rx_drop_short, ns.rx_drop_iphdr,
         ns.rx_drop_cksum, ns.rx_drop_frag, ns.rx_drop_udplen,
         ns.rx_drop_arp_other, ns.rx_drop_noport, ns.rx_drop_qfull,
         ns.rx_drop_other);
}

int
main(int argc, char *argv[])
{
  if(argc >= 2 && strcmp(argv[1], "echo") == 0)
    echo(argc >= 3 ? atoi(argv[2]) : 0);
  else if(argc == 4 && strcmp(argv[1], "send") == 0)
    send(atoi(argv[2]), atoi(argv[3]));
  else if(argc == 3 && strcmp(argv[1], "sink") == 0)
    sink(atoi(argv[2]));
  else if(argc == 2 && strcmp(argv[1], "stat") == 0)
    showstat();
  else
    printf(2, "usage: nettest echo [N] | send PORT N | sink TICKS | stat\n");
  exit();
}
