// netstat.h: what the netstat() system call reports: the network stack's
// frame counts, every dropped frame counted once under the reason it was
// dropped, and the packet buffers (mbufs) allocated at the moment of the call.
#ifndef XV6_NETSTAT_H
#define XV6_NETSTAT_H
struct netstat {
  uint nic;               // 1 if a network card was found at boot
  uint rx_frames;         // frames the driver handed to net_rx
  uint tx_frames;         // frames the driver accepted (e1000_transmit 0)
  uint tx_fail;           // frames the driver refused (ring full, no driver)
  uint rx_drop_short;     // too short for the headers they claim
  uint rx_drop_iphdr;     // IP version, header or total length wrong
  uint rx_drop_cksum;     // IP header (or nonzero UDP) checksum wrong
  uint rx_drop_frag;      // IP fragments (not reassembled)
  uint rx_drop_udplen;    // UDP length below 8 or past the IP payload
  uint rx_drop_arp_other; // ARP not for our address, or not Ethernet/IPv4
  uint rx_drop_noport;    // UDP to a port no socket has
  uint rx_drop_qfull;     // the socket's receive queue was full
  uint rx_drop_other;     // another protocol, or IP not addressed to us
  uint arp_requests_sent; // ARP requests for the gateway's address
  uint arp_replies_sent;  // answers to ARP requests for our address
  uint mbufs_in_use;      // packet buffers allocated now (mbufalloc)
};
#endif
