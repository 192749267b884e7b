// e1000_dev.h: the Intel 8254x (e1000) registers, bits and descriptor formats
// the driver uses, from Intel's "PCI/PCI-X Family of Gigabit Ethernet
// Controllers Software Developer's Manual" (chapters 3 and 13). QEMU emulates
// the 82540EM. Offsets are in bytes from BAR0; the driver indexes a uint*.
#ifndef XV6_E1000_DEV_H
#define XV6_E1000_DEV_H

// ---- registers ----
#define E1000_CTRL    0x00000   // device control
#define E1000_STATUS  0x00008   // device status
#define E1000_ICR     0x000C0   // interrupt cause read (reading clears it)
#define E1000_ICS     0x000C8   // interrupt cause set
#define E1000_IMS     0x000D0   // interrupt mask set: 1 bits enable
#define E1000_IMC     0x000D8   // interrupt mask clear: 1 bits disable
#define E1000_RCTL    0x00100   // receive control
#define E1000_TCTL    0x00400   // transmit control
#define E1000_TIPG    0x00410   // transmit inter-packet gap
#define E1000_RDBAL   0x02800   // rx ring: base address low 32 bits
#define E1000_RDBAH   0x02804   //   base address high 32 bits
#define E1000_RDLEN   0x02808   //   length in bytes (a multiple of 128)
#define E1000_RDH     0x02810   //   head: next descriptor the card fills
#define E1000_RDT     0x02818   //   tail: one past the last one it may fill
#define E1000_RDTR    0x02820   // receive interrupt delay timer
#define E1000_TDBAL   0x03800   // tx ring: base address low 32 bits
#define E1000_TDBAH   0x03804   //   base address high 32 bits
#define E1000_TDLEN   0x03808   //   length in bytes (a multiple of 128)
#define E1000_TDH     0x03810   //   head: next descriptor the card sends
#define E1000_TDT     0x03818   //   tail: one past the last one queued
#define E1000_MTA     0x05200   // multicast table: 128 words
#define E1000_RAL     0x05400   // receive address 0: MAC bytes 0-3
#define E1000_RAH     0x05404   //   MAC bytes 4-5, and RAH_AV

// ---- register bits ----
#define E1000_CTRL_SLU     0x00000040   // set link up
#define E1000_CTRL_RST     0x04000000   // reset the whole device

#define E1000_RCTL_EN      0x00000002   // receiver enable
#define E1000_RCTL_UPE     0x00000008   // accept all unicast (promiscuous)
#define E1000_RCTL_BAM     0x00008000   // accept broadcast
#define E1000_RCTL_SZ_2048 0x00000000   // BSIZE 00, BSEX 0: 2048-byte buffers
#define E1000_RCTL_SECRC   0x04000000   // strip the Ethernet CRC

#define E1000_TCTL_EN      0x00000002   // transmitter enable
#define E1000_TCTL_PSP     0x00000008   // pad short packets to 64 bytes
#define E1000_TCTL_CT_SHIFT   4         // collision threshold (0x10)
#define E1000_TCTL_COLD_SHIFT 12        // collision distance (0x40: full dup.)

// TIPG for the 82540EM on copper: IPGT 10, IPGR1 8, IPGR2 6.
#define E1000_TIPG_IPGT    10
#define E1000_TIPG_IPGR1_SHIFT 10
#define E1000_TIPG_IPGR2_SHIFT 20

#define E1000_RAH_AV       0x80000000   // this receive address is valid

// Interrupt causes (ICR, IMS, IMC).
#define E1000_ICR_TXDW     0x00000001   // a descriptor with RS was sent
#define E1000_ICR_LSC      0x00000004   // link status changed
#define E1000_ICR_RXDMT0   0x00000010   // few free rx descriptors left
#define E1000_ICR_RXO      0x00000040   // receiver overrun (ring was full)
#define E1000_ICR_RXT0     0x00000080   // receive timer: frames arrived

// ---- descriptors ----
// Legacy transmit descriptor (manual 3.3.3). The card sends length bytes
// from addr and, when cmd has RS, sets DD in status once it is done.
struct tx_desc {
  uint addr_lo;       // buffer's physical address, low and high 32 bits
  uint addr_hi;
  ushort length;
  uchar cso;          // checksum offset (unused)
  uchar cmd;
  uchar status;
  uchar css;          // checksum start (unused)
  ushort special;
};
#define E1000_TXD_CMD_EOP  0x01   // end of packet: last descriptor of a frame
#define E1000_TXD_CMD_IFCS 0x02   // insert the Ethernet CRC
#define E1000_TXD_CMD_RS   0x08   // report status: set DD when done
#define E1000_TXD_STAT_DD  0x01   // descriptor done

// Receive descriptor (manual 3.2.3). The card writes a frame into the buffer
// at addr, then its length and status (DD, EOP).
struct rx_desc {
  uint addr_lo;
  uint addr_hi;
  ushort length;
  ushort csum;
  uchar status;
  uchar errors;
  ushort special;
};
#define E1000_RXD_STAT_DD  0x01   // descriptor done: a frame is in the buffer
#define E1000_RXD_STAT_EOP 0x02   // last descriptor of the frame
#endif
