// net.h: packet buffers (mbufs) and the wire formats of the protocols net.c
// speaks: Ethernet, ARP, IPv4 and UDP. Multi-byte header fields are in
// network byte order (big-endian); htons and friends convert.
#ifndef XV6_NET_H
#define XV6_NET_H

// A packet buffer: one kalloc'd page. The packet's bytes are len bytes at
// head, somewhere inside buf; a sender starts head MBUF_HEADROOM bytes in and
// moves it back as it puts each header in front (mbufpush), a receiver moves
// it forward past each header it has read (mbufpull).
#define MBUF_SIZE     2048   // the e1000's receive buffer size (RCTL.BSIZE)
#define MBUF_HEADROOM 64     // room for the Ethernet, IP and UDP headers
struct mbuf {
  struct mbuf *next;  // next in a socket's receive queue
  char *head;         // first byte of the packet
  uint len;           // bytes at head
  uint raddr;         // received UDP: sender's address (host order)
  ushort rport;       // and port (host order)
  char buf[MBUF_SIZE];
};

#define ETHADDR_LEN 6
#define ETHTYPE_IP  0x0800
#define ETHTYPE_ARP 0x0806
struct eth {
  uchar dhost[ETHADDR_LEN];
  uchar shost[ETHADDR_LEN];
  ushort type;
} __attribute__((packed));

// ARP for IPv4 over Ethernet (RFC 826).
#define ARP_HRD_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY   2
struct arp {
  ushort hrd;         // hardware type: ARP_HRD_ETHER
  ushort pro;         // protocol type: ETHTYPE_IP
  uchar hln;          // hardware address length: 6
  uchar pln;          // protocol address length: 4
  ushort op;
  uchar sha[ETHADDR_LEN];  // sender's hardware and IP address
  uint sip;
  uchar tha[ETHADDR_LEN];  // target's
  uint tip;
} __attribute__((packed));

// IPv4 header without options (RFC 791).
#define IP_PROTO_UDP 17
#define IP_MF        0x2000   // in off: more fragments follow
#define IP_OFFMASK   0x1fff   // in off: this fragment's offset
struct ip {
  uchar vhl;          // version (4) << 4 | header length in 32-bit words
  uchar tos;
  ushort len;         // total length: header and payload
  ushort id;
  ushort off;         // flags and fragment offset
  uchar ttl;
  uchar p;            // protocol: IP_PROTO_UDP
  ushort sum;         // header checksum
  uint src, dst;
} __attribute__((packed));

struct udp {
  ushort sport;
  ushort dport;
  ushort ulen;        // header and data
  ushort sum;         // 0: no checksum
} __attribute__((packed));

// The addresses QEMU's user-mode network ("slirp") gives us, host order.
#define MAKEIP(a, b, c, d) (((a) << 24) | ((b) << 16) | ((c) << 8) | (d))
#define LOCAL_IP   MAKEIP(10, 0, 2, 15)
#define GATEWAY_IP MAKEIP(10, 0, 2, 2)

static inline ushort
htons(ushort v)
{
  return (v << 8) | (v >> 8);
}

static inline uint
htonl(uint v)
{
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) |
         ((v >> 8) & 0xff00) | (v >> 24);
}

#define ntohs htons
#define ntohl htonl

// net.c
struct file;
struct sock;
extern uchar netmac[ETHADDR_LEN];
struct mbuf*    mbufalloc(uint headroom);
void            mbuffree(struct mbuf *m);
char*           mbufpush(struct mbuf *m, uint n);
char*           mbufpull(struct mbuf *m, uint n);
void            net_rx(struct mbuf *m);
int             sockalloc(struct file *f, uint raddr, ushort lport,
                          ushort rport);
void            sockclose(struct sock *s);
int             sockread(struct sock *s, char *addr, int n);
int             sockwrite(struct sock *s, char *addr, int n);

// e1000.c
int             e1000_transmit(struct mbuf *m);
#endif
