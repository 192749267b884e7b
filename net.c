// net.c: a small network stack for QEMU's user-mode network: packet buffers,
// Ethernet, ARP, IPv4 (no fragments, no options sent) and UDP, and UDP
// sockets, the FD_SOCK files that connect() returns. The driver (e1000.c)
// hands every received frame to net_rx; sockwrite sends through
// e1000_transmit.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "fs.h"
#include "sleeplock.h"
#include "file.h"
#include "net.h"
#include "netstat.h"

#define NSOCK    16    // sockets open at once, in the whole system
#define SOCKQMAX 16    // datagrams a socket queues before it drops
#define UDPMAX   (1500 - sizeof(struct ip) - sizeof(struct udp))

// A UDP socket. lport is fixed; raddr and rport are the peer a write goes
// to: set by connect, or, when connect gave rport 0, the sender of the
// datagram read last (and then any sender may send to lport).
struct sock {
  int used;
  uint raddr;
  ushort lport, rport;
  int anyone;           // connect gave rport 0: accept every sender
  struct mbuf *qhead;   // received datagrams, oldest first
  struct mbuf *qtail;
  int qlen;
};

uchar netmac[ETHADDR_LEN];      // our MAC address: e1000_init reads it

// netlock protects everything below: the sockets, their queues, the ARP
// cache and the counters. Readers sleep on their sock, ARP waiters on
// &gwvalid. The driver calls net_rx without its own lock held, and net.c
// calls e1000_transmit without netlock held.
static struct spinlock netlock;
static struct sock socks[NSOCK];
static int netup;               // a card was found and started
static uchar gwmac[ETHADDR_LEN];
static int gwvalid;             // gwmac holds the gateway's address
static struct netstat stats;

// mbuflock protects nmbufs only; the driver allocates under its own lock.
static struct spinlock mbuflock;
static int nmbufs;

static const uchar broadcast[ETHADDR_LEN] = {
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

// Set up the locks. Call once at boot, before pciinit.
void
netinit(void)
{
  initlock(&netlock, "net");
  initlock(&mbuflock, "mbuf");
}

// ---- packet buffers ----

// Allocate an empty packet buffer whose data starts headroom bytes into buf.
// Returns it, or 0 when memory runs out.
struct mbuf*
mbufalloc(uint headroom)
{
  struct mbuf *m;

  if(headroom > MBUF_SIZE)
    panic("mbufalloc: headroom");
  m = (struct mbuf*)kalloc();
  if(m == 0)
    return 0;
  m->next = 0;
  m->head = m->buf + headroom;
  m->len = 0;
  acquire(&mbuflock);
  nmbufs++;
  release(&mbuflock);
  return m;
}

// Free a buffer from mbufalloc.
void
mbuffree(struct mbuf *m)
{
  kfree((char*)m);
  acquire(&mbuflock);
  nmbufs--;
  release(&mbuflock);
}

// Make room for an n-byte header in front of the packet. Returns its start.
char*
mbufpush(struct mbuf *m, uint n)
{
  if(m->head - m->buf < n)
    panic("mbufpush: no headroom");
  m->head -= n;
  m->len += n;
  return m->head;
}

// Take an n-byte header off the front. Returns its start, or 0 if the packet
// is shorter than n.
char*
mbufpull(struct mbuf *m, uint n)
{
  char *h = m->head;

  if(m->len < n)
    return 0;
  m->head += n;
  m->len -= n;
  return h;
}

_Static_assert(sizeof(struct mbuf) <= PGSIZE, "an mbuf is one page");

// ---- sending ----

// The Internet checksum (RFC 1071) of n bytes at p, added to sum: the ones'
// complement of the ones'-complement sum of 16-bit big-endian words.
static ushort
cksum(void *p, uint n, uint sum)
{
  uchar *b = p;

  for(; n > 1; n -= 2, b += 2)
    sum += (b[0] << 8) | b[1];
  if(n)
    sum += b[0] << 8;
  while(sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return ~sum;
}

// Put an Ethernet header in front of m and give it to the driver, which then
// owns m; if it refuses, free m. Returns 0 or -1.
static int
ethsend(struct mbuf *m, const uchar *dst, ushort type)
{
  struct eth *e;
  int r;

  e = (struct eth*)mbufpush(m, sizeof(*e));
  memmove(e->dhost, dst, ETHADDR_LEN);
  memmove(e->shost, netmac, ETHADDR_LEN);
  e->type = htons(type);
  r = e1000_transmit(m);
  if(r != 0)
    mbuffree(m);
  acquire(&netlock);
  if(r == 0)
    stats.tx_frames++;
  else
    stats.tx_fail++;
  release(&netlock);
  return r;
}

// Send an ARP packet: op to the hardware address dmac (broadcast for a
// request), about target IP tip (host order).
static int
arpsend(ushort op, const uchar *dmac, uint tip)
{
  struct mbuf *m;
  struct arp *a;

  if((m = mbufalloc(MBUF_HEADROOM)) == 0)
    return -1;
  a = (struct arp*)mbufpush(m, sizeof(*a));
  a->hrd = htons(ARP_HRD_ETHER);
  a->pro = htons(ETHTYPE_IP);
  a->hln = ETHADDR_LEN;
  a->pln = 4;
  a->op = htons(op);
  memmove(a->sha, netmac, ETHADDR_LEN);
  a->sip = htonl(LOCAL_IP);
  memmove(a->tha, op == ARP_OP_REQUEST ? broadcast : dmac, ETHADDR_LEN);
  a->tip = htonl(tip);
  return ethsend(m, op == ARP_OP_REQUEST ? broadcast : dmac, ETHTYPE_ARP);
}

// Wait until the gateway's hardware address is known, asking for it once a
// second, for up to 3 seconds. Every packet leaves through the gateway:
// QEMU answers for every address on its network with that one address.
// Returns 0, or -1 if no answer came, the request could not be sent, or the
// caller was killed.
static int
arpresolve(void)
{
  int try;
  uint t0;

  for(try = 0; try < 3; try++){
    acquire(&netlock);
    if(gwvalid){
      release(&netlock);
      return 0;
    }
    stats.arp_requests_sent++;
    release(&netlock);
    if(arpsend(ARP_OP_REQUEST, broadcast, GATEWAY_IP) < 0)
      return -1;
    acquire(&tickslock);
    t0 = ticks;
    while(!gwvalid && ticks - t0 < 100 && !myproc()->killed)
      sleep(&ticks, &tickslock);
    release(&tickslock);
    if(myproc()->killed)
      return -1;
  }
  return gwvalid ? 0 : -1;
}

// Send n bytes at data (already in the kernel or the caller's memory) as one
// UDP datagram from lport to raddr:rport. Returns 0 or -1.
static int
udpsend(uint raddr, ushort lport, ushort rport, char *data, uint n)
{
  struct mbuf *m;
  struct udp *u;
  struct ip *ip;
  uint sum;

  if(n > UDPMAX || arpresolve() < 0)
    return -1;
  if((m = mbufalloc(MBUF_HEADROOM)) == 0)
    return -1;
  memmove(m->head, data, n);
  m->len = n;

  u = (struct udp*)mbufpush(m, sizeof(*u));
  u->sport = htons(lport);
  u->dport = htons(rport);
  u->ulen = htons(m->len);
  u->sum = 0;
  // The UDP checksum also covers a pseudo-header: addresses, protocol,
  // length. A computed 0 is sent as 0xffff (0 means "none").
  sum = (LOCAL_IP >> 16) + (LOCAL_IP & 0xffff) + (raddr >> 16) +
        (raddr & 0xffff) + IP_PROTO_UDP + m->len;
  u->sum = htons(cksum(u, m->len, sum));
  if(u->sum == 0)
    u->sum = 0xffff;

  ip = (struct ip*)mbufpush(m, sizeof(*ip));
  memset(ip, 0, sizeof(*ip));
  ip->vhl = (4 << 4) | (sizeof(*ip) / 4);
  ip->len = htons(m->len);
  ip->ttl = 64;
  ip->p = IP_PROTO_UDP;
  ip->src = htonl(LOCAL_IP);
  ip->dst = htonl(raddr);
  ip->sum = htons(cksum(ip, sizeof(*ip), 0));
  return ethsend(m, gwmac, ETHTYPE_IP);
}

// ---- receiving ----

// Count one dropped frame under *counter and free it.
static void
drop(struct mbuf *m, uint *counter)
{
  acquire(&netlock);
  (*counter)++;
  release(&netlock);
  mbuffree(m);
}

// An ARP packet (the Ethernet header pulled off). Learns the gateway's
// address from anything it says; answers requests for our address.
static void
arprx(struct mbuf *m)
{
  struct arp *a;
  uchar sha[ETHADDR_LEN];
  ushort op;

  if((a = (struct arp*)mbufpull(m, sizeof(*a))) == 0){
    drop(m, &stats.rx_drop_short);
    return;
  }
  op = ntohs(a->op);
  if(ntohs(a->hrd) != ARP_HRD_ETHER || ntohs(a->pro) != ETHTYPE_IP ||
     a->hln != ETHADDR_LEN || a->pln != 4 || ntohl(a->tip) != LOCAL_IP ||
     (op != ARP_OP_REQUEST && op != ARP_OP_REPLY)){
    drop(m, &stats.rx_drop_arp_other);
    return;
  }
  memmove(sha, a->sha, ETHADDR_LEN);
  acquire(&netlock);
  if(ntohl(a->sip) == GATEWAY_IP){
    memmove(gwmac, sha, ETHADDR_LEN);
    gwvalid = 1;
  }
  if(op == ARP_OP_REQUEST)
    stats.arp_replies_sent++;
  release(&netlock);
  if(op == ARP_OP_REQUEST)
    arpsend(ARP_OP_REPLY, sha, ntohl(a->sip));
  mbuffree(m);
}

// Queue datagram m (headers pulled off) from src:sport on the socket bound
// to dport, and wake its reader.
static void
udpdeliver(struct mbuf *m, uint src, ushort sport, ushort dport)
{
  struct sock *s;
  uint *why;

  acquire(&netlock);
  why = &stats.rx_drop_noport;
  for(s = socks; s < socks + NSOCK; s++){
    if(!s->used || s->lport != dport)
      continue;
    if(!s->anyone && (s->raddr != src || s->rport != sport))
      break;
    why = &stats.rx_drop_qfull;
    if(s->qlen == SOCKQMAX)
      break;
    m->raddr = src;
    m->rport = sport;
    m->next = 0;
    if(s->qtail)
      s->qtail->next = m;
    else
      s->qhead = m;
    s->qtail = m;
    s->qlen++;
    wakeup(s);
    release(&netlock);
    return;
  }
  (*why)++;
  release(&netlock);
  mbuffree(m);
}

// An IPv4 packet (the Ethernet header pulled off): check the IP header, then
// the UDP header, then deliver. Returns 0, or the counter of the reason to
// drop it.
static uint*
iprx(struct mbuf *m)
{
  struct ip *ip = (struct ip*)m->head;
  struct udp *u;
  uint hlen, len, src, sum;

  if(m->len < sizeof(*ip))
    return &stats.rx_drop_short;
  hlen = (ip->vhl & 0xf) * 4;
  len = ntohs(ip->len);
  if((ip->vhl >> 4) != 4 || hlen < sizeof(*ip) || hlen > m->len ||
     len < hlen || len > m->len)
    return &stats.rx_drop_iphdr;
  if(cksum(ip, hlen, 0) != 0)
    return &stats.rx_drop_cksum;
  if(ntohs(ip->off) & (IP_MF | IP_OFFMASK))
    return &stats.rx_drop_frag;
  if(ntohl(ip->dst) != LOCAL_IP || ip->p != IP_PROTO_UDP)
    return &stats.rx_drop_other;
  src = ntohl(ip->src);
  m->len = len;          // without the Ethernet padding after the packet
  mbufpull(m, hlen);

  u = (struct udp*)m->head;
  if(m->len < sizeof(*u))
    return &stats.rx_drop_short;
  len = ntohs(u->ulen);
  if(len < sizeof(*u) || len > m->len)
    return &stats.rx_drop_udplen;
  m->len = len;
  sum = (src >> 16) + (src & 0xffff) + (LOCAL_IP >> 16) +
        (LOCAL_IP & 0xffff) + IP_PROTO_UDP + len;
  if(u->sum != 0 && cksum(u, len, sum) != 0)
    return &stats.rx_drop_cksum;
  mbufpull(m, sizeof(*u));
  udpdeliver(m, src, ntohs(u->sport), ntohs(u->dport));
  return 0;
}

// The driver hands over received frame m (m->len bytes at m->head); the stack
// owns it from now on. Called from the card's interrupt handler, without the
// driver's lock held.
void
net_rx(struct mbuf *m)
{
  struct eth *e;
  uint *why;

  acquire(&netlock);
  stats.rx_frames++;
  release(&netlock);
  if((e = (struct eth*)mbufpull(m, sizeof(*e))) == 0)
    drop(m, &stats.rx_drop_short);
  else if(ntohs(e->type) == ETHTYPE_ARP)
    arprx(m);
  else if(ntohs(e->type) == ETHTYPE_IP){
    if((why = iprx(m)) != 0)
      drop(m, why);
  }
  else
    drop(m, &stats.rx_drop_other);
}

// ---- sockets ----

// Start the stack once pci.c has started the card: sockets may now be made.
// Asks for the gateway's address, so the first write need not wait.
void
netstart(void)
{
  acquire(&netlock);
  netup = 1;
  stats.nic = 1;
  stats.arp_requests_sent++;
  release(&netlock);
  arpsend(ARP_OP_REQUEST, broadcast, GATEWAY_IP);
}

// Make a socket from local port lport to raddr:rport (host byte order; rport
// 0: accept any sender, answer the last one) in the new file f. Returns 0, or
// -1 if there is no network card, lport is 0 or taken, or all sockets are in
// use.
int
sockalloc(struct file *f, uint raddr, ushort lport, ushort rport)
{
  struct sock *s, *free = 0;

  acquire(&netlock);
  for(s = socks; s < socks + NSOCK; s++){
    if(s->used && s->lport == lport)
      break;
    if(!s->used && free == 0)
      free = s;
  }
  if(!netup || lport == 0 || s < socks + NSOCK || free == 0){
    release(&netlock);
    return -1;
  }
  memset(free, 0, sizeof(*free));
  free->used = 1;
  free->raddr = raddr;
  free->lport = lport;
  free->rport = rport;
  free->anyone = (rport == 0);
  release(&netlock);
  f->type = FD_SOCK;
  f->sock = free;
  f->readable = f->writable = 1;
  return 0;
}

// Close socket s: free it and the datagrams it still queues.
void
sockclose(struct sock *s)
{
  struct mbuf *m, *next;

  acquire(&netlock);
  m = s->qhead;
  s->qhead = s->qtail = 0;
  s->qlen = 0;
  s->used = 0;
  release(&netlock);
  while(m){
    next = m->next;
    mbuffree(m);
    m = next;
  }
}

// Read one datagram into addr (at most n bytes; the rest of it is lost),
// sleeping until one arrives. Returns its length as copied, or -1 if the
// caller is killed while waiting.
int
sockread(struct sock *s, char *addr, int n)
{
  struct mbuf *m;

  acquire(&netlock);
  while(s->qhead == 0){
    if(myproc()->killed){
      release(&netlock);
      return -1;
    }
    sleep(s, &netlock);
  }
  m = s->qhead;
  s->qhead = m->next;
  if(s->qhead == 0)
    s->qtail = 0;
  s->qlen--;
  if(s->anyone){
    s->raddr = m->raddr;
    s->rport = m->rport;
  }
  release(&netlock);
  if(n > m->len)
    n = m->len;
  memmove(addr, m->head, n);
  mbuffree(m);
  return n;
}

// Send n bytes at addr as one datagram to the socket's peer. Returns n, or -1
// if it is too long, there is no peer yet, or the card refuses it.
int
sockwrite(struct sock *s, char *addr, int n)
{
  uint raddr;
  ushort lport, rport;

  acquire(&netlock);
  raddr = s->raddr;
  lport = s->lport;
  rport = s->rport;
  release(&netlock);
  if(rport == 0 || udpsend(raddr, lport, rport, addr, n) < 0)
    return -1;
  return n;
}

// netstat(st): copy the counters (netstat.h) to *st. Returns 0, or -1 for a
// bad pointer.
int
sys_netstat(void)
{
  struct netstat ns;
  char *ust;

  if(argptrw(0, &ust, sizeof(ns)) < 0)
    return -1;
  acquire(&netlock);
  ns = stats;
  release(&netlock);
  acquire(&mbuflock);
  ns.mbufs_in_use = nmbufs;
  release(&mbuflock);
  memmove(ust, &ns, sizeof(ns));
  return 0;
}
