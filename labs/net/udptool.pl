# udptool.pl: the host side of the net lab's tests (core Perl only). It sends and receives
# UDP on 127.0.0.1 through the port QEMU forwards to the guest, and builds, sends and reads
# raw Ethernet frames on the boot's raw-frame socket (test/lib/Xv6Net.pm), malformed ones
# included. tests.pl loads it; run by hand it talks to a `make qemu-nox NET=1` guest:
#   perl labs/net/udptool.pl send PORT TEXT     one datagram to 127.0.0.1:PORT, print replies
#   perl labs/net/udptool.pl dump FILE.pcap     one line per frame of a capture
package NetTool;

use strict;
use warnings;
use IO::Select;
use IO::Socket::INET;
use Socket qw(inet_aton inet_ntoa pack_sockaddr_in unpack_sockaddr_in);
use Time::HiRes qw(time sleep);

# The guest and the two hosts the tests speak as. QEMU's e1000 has the MAC address below
# (Xv6Net gives it explicitly); slirp, the user network, is 10.0.2.2. Frames sent on the
# raw socket come from a made-up machine on the same wire, 10.0.2.99.
our $GUEST_MAC = "\x52\x54\x00\x12\x34\x56";
our $GUEST_IP = inet_aton('10.0.2.15');
our $SLIRP_MAC = "\x52\x55\x0a\x00\x02\x02";
our $SLIRP_IP = inet_aton('10.0.2.2');
our $PEER_MAC = "\x52\x54\x00\xaa\xbb\xcc";
our $PEER_IP = inet_aton('10.0.2.99');
our $BCAST = "\xff" x 6;

sub mac_str { join(':', map { sprintf '%02x', $_ } unpack 'C6', $_[0]) }

# ---- UDP through the forwarded port ---------------------------------------------------
# A UDP socket on 127.0.0.1 (a port the kernel picks). Dies if there is none.
sub udp_socket {
	return IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Proto => 'udp')
		|| die "cannot bind a UDP socket on 127.0.0.1: $!\n";
}

# Send one datagram from $sock to 127.0.0.1:$port. Returns 1 or dies.
sub send_to {
	my ($sock, $port, $data) = @_;
	defined $sock->send($data, 0, pack_sockaddr_in($port, inet_aton('127.0.0.1')))
		or die "sending to 127.0.0.1:$port: $!\n";
	return 1;
}

# The next datagram on $sock within $secs seconds: ($data, source port), or () on a timeout.
sub recv_from {
	my ($sock, $secs) = @_;
	return () unless IO::Select->new($sock)->can_read($secs);
	my $from = $sock->recv(my $data, 65536);
	return () unless defined $from;
	my ($port) = unpack_sockaddr_in($from);
	return ($data, $port);
}

# ---- frames -------------------------------------------------------------------------
# The Internet checksum (RFC 1071) of a byte string.
sub cksum {
	my ($bytes) = @_;
	$bytes .= "\0" if length($bytes) % 2;
	my $sum = 0;
	$sum += $_ for unpack 'n*', $bytes;
	$sum = ($sum & 0xffff) + ($sum >> 16) while $sum >> 16;
	return ~$sum & 0xffff;
}

sub eth_frame {
	my ($dst, $src, $type, $payload) = @_;
	return $dst . $src . pack('n', $type) . $payload;
}

# An ARP packet for IPv4 over Ethernet: op 1 asks who has $tip, op 2 answers.
sub arp_packet {
	my ($op, $sha, $sip, $tha, $tip) = @_;
	return pack('nnCCn', 1, 0x0800, 6, 4, $op) . $sha . $sip . $tha . $tip;
}

# An IPv4 header in front of $payload (protocol UDP unless %o says). %o may set ihl (header
# words; options are zero bytes), len (the total length the header claims), proto, src, dst,
# and bad_sum (a wrong checksum).
sub ip_packet {
	my ($payload, %o) = @_;
	my $ihl = $o{ihl} // 5;
	my $len = $o{len} // $ihl * 4 + length $payload;
	my $hdr = pack('CCnnnCCn', 0x40 | ($ihl & 15), 0, $len, $o{id} // 1, 0, 64,
		$o{proto} // 17, 0) . ($o{src} // $PEER_IP) . ($o{dst} // $GUEST_IP);
	$hdr .= "\0" x ($ihl * 4 - 20) if $ihl > 5;
	my $sum = cksum($hdr);
	$sum ^= 0x5a5a if $o{bad_sum};
	substr($hdr, 10, 2) = pack('n', $sum);
	return $hdr . $payload;
}

# A UDP datagram (checksum 0: none); ulen overrides the length it claims.
sub udp_packet {
	my ($sport, $dport, $data, %o) = @_;
	return pack('nnnn', $sport, $dport, $o{ulen} // 8 + length $data, 0) . $data;
}

# A whole valid frame: UDP from the made-up peer to the guest's $dport.
sub udp_frame {
	my ($sport, $dport, $data) = @_;
	return eth_frame($GUEST_MAC, $PEER_MAC, 0x0800,
		ip_packet(udp_packet($sport, $dport, $data)));
}

# Parse a frame: a hash with dst, src (MACs), type, and arp => { op sha sip tha tip } or
# ip => { len src dst p } with udp => { sport dport len data } when they parse.
sub parse_frame {
	my ($f) = @_;
	return undef if length $f < 14;
	my %h = (dst => substr($f, 0, 6), src => substr($f, 6, 6),
		type => unpack('n', substr($f, 12, 2)), len => length $f);
	my $p = substr($f, 14);
	if ($h{type} == 0x0806 && length $p >= 28) {
		my ($hrd, $pro, $hln, $pln, $op) = unpack('nnCCn', $p);
		$h{arp} = { op => $op, sha => substr($p, 8, 6), sip => substr($p, 14, 4),
			tha => substr($p, 18, 6), tip => substr($p, 24, 4) };
	} elsif ($h{type} == 0x0800 && length $p >= 20) {
		my ($vhl, $tos, $len, $id, $off, $ttl, $proto, $sum) = unpack('CCnnnCCn', $p);
		my $ihl = ($vhl & 15) * 4;
		$h{ip} = { vhl => $vhl, len => $len, p => $proto, src => substr($p, 12, 4),
			dst => substr($p, 16, 4), sumok => cksum(substr($p, 0, $ihl)) == 0 };
		if ($proto == 17 && length $p >= $ihl + 8) {
			my ($sport, $dport, $ulen) = unpack('nnn', substr($p, $ihl, 8));
			$h{udp} = { sport => $sport, dport => $dport, len => $ulen,
				data => substr($p, $ihl + 8, $ulen >= 8 ? $ulen - 8 : 0) };
		}
	}
	return \%h;
}

# ---- the raw-frame socket -----------------------------------------------------------
# Throw away the frames waiting on the raw socket (what the hub carried so far).
sub raw_drain {
	my ($raw) = @_;
	my $sel = IO::Select->new($raw);
	my $n = 0;
	while ($sel->can_read(0)) {
		last unless defined $raw->recv(my $junk, 65536);
		$n++;
	}
	return $n;
}

sub raw_send {
	my ($raw, $frame) = @_;
	defined $raw->send($frame) or die "sending a raw frame: $!\n";
	return 1;
}

# Wait up to $secs seconds for a frame the guest sent (source MAC $GUEST_MAC) for which
# $want->(parsed frame) is true. Returns the parsed frame, or undef. Other frames are
# dropped; $seen, when given, collects every parsed frame the guest sent.
sub raw_wait {
	my ($raw, $secs, $want, $seen) = @_;
	my $until = time + $secs;
	my $sel = IO::Select->new($raw);
	while ((my $left = $until - time) > 0) {
		next unless $sel->can_read($left);
		last unless defined $raw->recv(my $f, 65536);
		my $h = parse_frame($f) or next;
		next unless $h->{src} eq $GUEST_MAC;
		push @$seen, $h if $seen;
		return $h if $want->($h);
	}
	return undef;
}

# The frames of a pcap file (as QEMU's filter-dump writes it): a list of raw frames, or
# dies saying why the file is not one.
sub read_pcap {
	my ($file) = @_;
	open(my $fh, '<:raw', $file) or die "cannot read $file: $!\n";
	local $/;
	my $all = <$fh> // '';
	die "$file: not a pcap file\n" if length $all < 24;
	my $magic = unpack('V', $all);
	my $e = $magic == 0xa1b2c3d4 ? 'V' : $magic == 0xd4c3b2a1 ? 'N'
		: die "$file: not a pcap file\n";
	my ($off, @frames) = (24);
	while ($off + 16 <= length $all) {
		my ($sec, $usec, $caplen) = unpack("$e$e$e", substr($all, $off, 12));
		push @frames, substr($all, $off + 16, $caplen);
		$off += 16 + $caplen;
	}
	return @frames;
}

# A one-line picture of a parsed frame.
sub describe {
	my ($h) = @_;
	my $s = sprintf('%d bytes %s > %s', $h->{len}, mac_str($h->{src}), mac_str($h->{dst}));
	if (my $a = $h->{arp}) {
		$s .= $a->{op} == 1
			? sprintf(' ARP who has %s? tell %s (%s)', inet_ntoa($a->{tip}),
				inet_ntoa($a->{sip}), mac_str($a->{sha}))
			: sprintf(' ARP op %d: %s is at %s (to %s at %s)', $a->{op},
				inet_ntoa($a->{sip}), mac_str($a->{sha}), inet_ntoa($a->{tip}),
				mac_str($a->{tha}));
	} elsif (my $ip = $h->{ip}) {
		$s .= sprintf(' IPv4 %s > %s proto %d len %d%s', inet_ntoa($ip->{src}),
			inet_ntoa($ip->{dst}), $ip->{p}, $ip->{len}, $ip->{sumok} ? '' : ' (bad checksum)');
		$s .= sprintf(' UDP %d > %d len %d "%s"', $h->{udp}{sport}, $h->{udp}{dport},
			$h->{udp}{len}, substr($h->{udp}{data}, 0, 32) =~ s/[^ -~]/./gr) if $h->{udp};
	} else {
		$s .= sprintf(' type 0x%04x', $h->{type});
	}
	return $s;
}

# ---- by hand ------------------------------------------------------------------------
unless (caller) {
	my ($cmd, $port, @text) = @ARGV;
	if (($cmd // '') eq 'dump' && defined $port) {
		my $n = 0;
		printf "%4d %s\n", ++$n, describe(parse_frame($_)) for read_pcap($port);
		exit 0;
	}
	die "usage: perl labs/net/udptool.pl send PORT TEXT | dump FILE.pcap\n"
		unless ($cmd // '') eq 'send' && ($port // '') =~ /^\d+$/;
	my $s = udp_socket();
	send_to($s, $port, "@text");
	print "sent to 127.0.0.1:$port from port ", $s->sockport, "\n";
	while (my ($data, $from) = recv_from($s, 5)) {
		print "from port $from: $data\n";
	}
	print "(no more replies within 5 s)\n";
}

1;
