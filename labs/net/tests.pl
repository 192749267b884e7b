# tests.pl: the net lab's grader (format: labs/README.md). Every boot has the e1000 on
# QEMU's restricted user network plus a raw-frame socket (net => 1, test/lib/Xv6Net.pm); each
# test runs a netcheck case in the guest while its host side (a peer, using
# labs/net/udptool.pl) sends and receives. Each run picks new tokens, payloads and sizes.
require './labs/net/udptool.pl';

my $tok = sprintf('%08x', int(rand(0xffffffff)));
my $S = Xv6Handin::timeout_scale();    # GRADE_TIMEOUT_SCALE: the host side waits longer too
my $RING = 64;    # the largest ring the handout allows; the wrap tests go round 3 times

# Has the guest's case finished (an ok or FAIL line)? The peers stop waiting then.
sub ended {
	my ($wait) = @_;
	return defined $wait->(qr/^\w+: (?:ok|FAIL.*)$/m, 0.05);
}

# Wait up to $secs seconds for a frame the guest sends that $want accepts, giving up early
# once the guest's case has ended; $seen collects the guest's frames. Returns it or undef.
sub frame_or_end {
	my ($raw, $secs, $wait, $want, $seen) = @_;
	my $until = Time::HiRes::time() + $secs;
	while ((my $left = $until - Time::HiRes::time()) > 0) {
		my $h = NetTool::raw_wait($raw, $left < 0.5 ? $left : 0.5, $want, $seen);
		return $h if $h;
		return undef if ended($wait);
	}
	return undef;
}

sub describe { NetTool::describe(@_) }

sub seen_list {
	my (@f) = @_;
	return ' none' unless @f;
	my @d = map { describe($_) } @f[0 .. ($#f < 5 ? $#f : 5)];
	return join('', map { "\n  $_" } @d) . (@f > 6 ? "\n  ..." : '');
}

# An ARP request for 10.0.2.15 from the made-up machine 10.0.2.99; the guest's reply to it
# says it has taken every frame before it off its receive ring.
sub probe {
	return NetTool::eth_frame($NetTool::BCAST, $NetTool::PEER_MAC, 0x0806,
		NetTool::arp_packet(1, $NetTool::PEER_MAC, $NetTool::PEER_IP, "\0" x 6,
		$NetTool::GUEST_IP));
}

# A register of the card as QEMU holds it (read through QEMU's monitor: the guest cannot fake
# it), at offset $off from BAR0, which QEMU's PCI listing gives.
sub card_reg {
	my ($net, $off) = @_;
	$net->{netlab_bar0} //= do {
		my $pci = $net->monitor('info pci');
		$pci =~ /PCI device 8086:100e.*?BAR0: 32 bit memory at (0x[0-9a-fA-F]+)/s
			or die "no e1000 BAR0 in QEMU's PCI listing:\n$pci\n";
		hex($1);
	};
	my $out = $net->monitor(sprintf('xp /1wx 0x%x', $net->{netlab_bar0} + $off));
	$out =~ /: (0x[0-9a-fA-F]+)/ or die "QEMU's monitor said: $out\n";
	return hex($1);
}

# Are both rings 16 to 64 descriptors, as the handout says? (RDLEN and TDLEN are in bytes,
# 16 a descriptor.) A bigger ring would let a driver that never gives slots back to the
# card pass the longest test. Returns (1) or (0, why).
sub rings_ok {
	my ($net) = @_;
	my ($rx, $tx) = (card_reg($net, 0x2808) / 16, card_reg($net, 0x3808) / 16);
	return (1) if $rx >= 16 && $rx <= 64 && $tx >= 16 && $tx <= 64;
	return (0, "the card's receive ring (RDLEN) has $rx descriptors and its transmit ring"
		. " (TDLEN) $tx; each must have 16 to 64");
}

# More than two trips round the guest's receive ring (17 x 8 frames: 136, over twice the
# largest ring allowed), before a test's own traffic: groups of 8 ARP requests for
# 10.0.2.15, every one of which must be answered before the next group is sent (so no group
# overruns the ring, which drops frames by design). A driver that gets one trip round its
# ring, or loses a slot, fails here. Returns (1, the replies) or (0, why).
my $WARM = 17;
sub warm {
	my ($net, $wait) = @_;
	my @ok = rings_ok($net);
	return @ok unless $ok[0];
	my @replies;
	for my $r (1 .. $WARM) {
		NetTool::raw_send($net->raw, probe()) for 1 .. 8;
		for my $k (1 .. 8) {
			my $h = frame_or_end($net->raw, 10 * $S, $wait,
				sub { $_[0]{arp} && $_[0]{arp}{op} == 2 });
			return (0, "the guest answered " . scalar(@replies) . " of the first " . 8 * $r
				. " ARP requests for 10.0.2.15 (sent 8 at a time, each group once the one"
				. " before was answered); the next answer did not come within " . 10 * $S
				. " s: a frame lost, or the receive ring stopped?") unless $h;
			push @replies, $h;
		}
	}
	return (1, @replies);
}

# A payload of $len bytes that says which datagram it is: "TAG I " then filler.
sub payload {
	my ($tag, $i, $len) = @_;
	my $p = "$tag $i ";
	$p .= chr(97 + ($i + length $p) % 26) while length $p < $len;
	return substr($p, 0, $len < length("$tag $i") ? length("$tag $i") : $len);
}

# Echo traffic through the forwarded port(s): send @$msgs (each [socket, guest port, data])
# keeping at most $window unanswered, and check every echo is on the wire whole, in order,
# from the guest port the datagram went to, addressed to the port of the socket that sent it.
# (QEMU's restricted network passes no datagram from the guest to this machine, replies
# included: the host sees them on the raw-frame socket, as it sees every frame.)
# Returns (1, figures) or (0, why).
sub echo_all {
	my ($net, $wait, $msgs, $window) = @_;
	my ($sent, $got, $t0) = (0, 0, Time::HiRes::time());
	my %pending;    # host port => [[guest port, data] in flight, oldest first]
	while ($got < @$msgs) {
		while ($sent < @$msgs && $sent - $got < $window) {
			my ($s, $gport, $data) = @{ $msgs->[$sent++] };
			NetTool::send_to($s, $net->port($gport), $data);
			push @{ $pending{ $s->sockport } }, [$gport, $data];
		}
		my $h = NetTool::raw_wait($net->raw, 0.5, sub { $_[0]{udp} });
		if (!$h) {
			my $idle = Time::HiRes::time() - $t0;
			return (0, "sent $sent datagrams, $got came back; then none for "
				. sprintf('%.1f', $idle) . " s (expected datagram " . ($got + 1) . ")")
				if $idle > 15 * $S || ended($wait);
			next;
		}
		my $u = $h->{udp};
		my $want = shift @{ $pending{ $u->{dport} } || [] }
			or return (0, "after $got echoes, an unexpected datagram from the guest:\n  "
				. describe($h));
		return (0, "echo " . ($got + 1) . " came from guest port $u->{sport}, expected"
			. " $want->[0]:\n  " . describe($h)) if $u->{sport} != $want->[0];
		return (0, "echo " . ($got + 1) . " has a wrong IP header checksum:\n  " . describe($h))
			unless $h->{ip}{sumok};
		return (0, "echo " . ($got + 1) . " is " . length($u->{data}) . " bytes '"
			. substr($u->{data}, 0, 30) . "...', expected " . length($want->[1])
			. " bytes '" . substr($want->[1], 0, 30) . "...'") if $u->{data} ne $want->[1];
		$got++;
		$t0 = Time::HiRes::time();
	}
	return (1, "$got datagrams echoed");
}

# The malformed frames of the "bad" test: [counter it must land in, frame], all addressed to
# the guest's MAC or broadcast. The card pads anything under 60 bytes with zeros (it never
# hands the driver a shorter frame), so "short" means shorter than the headers it claims.
sub malformed {
	my ($G, $P, $B) = ($NetTool::GUEST_MAC, $NetTool::PEER_MAC, $NetTool::BCAST);
	my $u = NetTool::udp_packet(7, 2000, 'malformed');
	my $ip = sub { NetTool::eth_frame($G, $P, 0x0800, $_[0]) };
	my $notours = NetTool::arp_packet(1, $P, $NetTool::PEER_IP, "\0" x 6,
		Socket::inet_aton('10.0.2.77'));
	my $noteth = NetTool::arp_packet(1, $P, $NetTool::PEER_IP, "\0" x 6, $NetTool::GUEST_IP);
	substr($noteth, 0, 2) = pack('n', 6);    # hardware type 6 (IEEE 802), not Ethernet
	return (
		# IP says 24 bytes: the 8-byte UDP header does not fit.
		[short => $ip->(NetTool::ip_packet(substr($u, 0, 4)))],
		# An IP header of 60 bytes (IHL 15) in a 46-byte packet; IP version 6; IHL 4 (16
		# bytes, below the minimum); a total length of 1000 in a packet of 47 bytes.
		[iphdr => $ip->(substr(NetTool::ip_packet($u, ihl => 15), 0, 46))],
		[iphdr => $ip->("\x65" . substr(NetTool::ip_packet($u), 1))],
		[iphdr => $ip->("\x44" . substr(NetTool::ip_packet($u), 1))],
		[iphdr => $ip->(NetTool::ip_packet($u, len => 1000) . ('z' x 10))],
		# UDP says 200 bytes, the IP packet carries 17; UDP length 4, below its own header.
		[udplen => $ip->(NetTool::ip_packet(NetTool::udp_packet(7, 2000, 'malformed',
			ulen => 200)))],
		[udplen => $ip->(NetTool::ip_packet(NetTool::udp_packet(7, 2000, 'malformed',
			ulen => 4)))],
		# ARP requests for 10.0.2.77 (not us), and one for us that is not Ethernet's.
		[arp_other => NetTool::eth_frame($B, $P, 0x0806, $notours)],
		[arp_other => NetTool::eth_frame($B, $P, 0x0806, $noteth)],
	);
}

# The "bad" test's traffic: ROUNDS groups of the malformed frames, each group followed by an
# ARP request for 10.0.2.15 whose reply says the guest has handled the group (so no group
# overruns the receive ring, which would drop frames by design), then a good datagram.
my $ROUNDS = 4;

{
  title => 'A network driver for the e1000',
  progs => ['netcheck'],
  net => 1,
  tests => [
    { name => 'the first frame out: the ARP request the kernel sends at boot is on the wire',
      points => 6, cmd => 'netcheck stat', expect => qr/^stat: counters /m, timeout => 30,
      peer => sub {
        my ($net) = @_;
        # The capture holds the boot's frames: netstart asks who has 10.0.2.2 at once.
        my @mine = grep { $_->{src} eq $NetTool::GUEST_MAC }
          map { NetTool::parse_frame($_) // () } NetTool::read_pcap($net->pcap);
        return (0, "the guest sent no frame since boot (expected an ARP request for 10.0.2.2)")
          unless @mine;
        my ($h, $a) = ($mine[0], $mine[0]{arp});
        return (0, "the guest's first frame is not a broadcast ARP request from 10.0.2.15 at "
          . NetTool::mac_str($NetTool::GUEST_MAC) . " for 10.0.2.2:\n  " . describe($h))
          unless $a && $a->{op} == 1 && $h->{dst} eq $NetTool::BCAST
            && $a->{sip} eq $NetTool::GUEST_IP && $a->{sha} eq $NetTool::GUEST_MAC
            && $a->{tip} eq $NetTool::SLIRP_IP;
        return (1, describe($h));
      } },
    { name => 'one packet out: a datagram the guest sends is on the wire, well formed',
      points => 8, cmd => "netcheck out $tok", ready => qr/^out: ready$/m,
      expect => qr/^out: ok$/m, timeout => 60,
      peer => sub {
        my ($net, $wait) = @_;
        my @w = warm($net, $wait);
        return @w unless $w[0];
        NetTool::raw_send($net->raw, NetTool::udp_frame(7777, 2000, "go"));
        my @seen;
        my $h = frame_or_end($net->raw, 20 * $S, $wait,
          sub { $_[0]{udp} && $_[0]{udp}{data} eq "out $tok" }, \@seen);
        return (0, "no UDP frame with 'out $tok' from the guest within " . 20 * $S
          . " s; its frames:" . seen_list(@seen)) unless $h;
        my @bad;
        push @bad, 'Ethernet destination ' . NetTool::mac_str($h->{dst})
          . ", expected 10.0.2.2's " . NetTool::mac_str($NetTool::SLIRP_MAC)
          if $h->{dst} ne $NetTool::SLIRP_MAC;
        push @bad, 'a wrong IP header checksum' unless $h->{ip}{sumok};
        push @bad, "UDP ports $h->{udp}{sport} > $h->{udp}{dport}, expected 2001 > 9"
          if $h->{udp}{sport} != 2001 || $h->{udp}{dport} != 9;
        return @bad ? (0, "the frame is wrong: " . join('; ', @bad) . "\n  " . describe($h))
          : (1, describe($h));
      } },
    { name => 'one packet in: a frame sent to the guest reaches its socket',
      points => 8, cmd => 'netcheck in', ready => qr/^in: ready$/m,
      expect => qr/^in: got 'in \Q$tok\E'$/m, timeout => 60,
      peer => sub {
        my ($net, $wait) = @_;
        my @w = warm($net, $wait);
        return @w unless $w[0];
        NetTool::raw_send($net->raw, NetTool::udp_frame(7777, 2000, "in $tok"));
        return (1);
      } },
    { name => 'ARP: the guest answers requests for 10.0.2.15 (netstat counts them)',
      points => 8, cmd => 'netcheck arp ' . 8 * $WARM, ready => qr/^arp: ready$/m,
      expect => qr/^arp: ok$/m, timeout => 60,
      peer => sub {
        my ($net, $wait) = @_;
        my ($ok, @r) = warm($net, $wait);
        return ($ok, @r) unless $ok;
        for my $h (@r) {
          my $a = $h->{arp};
          return (0, "an ARP reply is wrong (expected 10.0.2.15 is at "
            . NetTool::mac_str($NetTool::GUEST_MAC) . ", sent to 10.0.2.99 at "
            . NetTool::mac_str($NetTool::PEER_MAC) . "):\n  " . describe($h))
            if $a->{sip} ne $NetTool::GUEST_IP || $a->{sha} ne $NetTool::GUEST_MAC
              || $a->{tip} ne $NetTool::PEER_IP || $a->{tha} ne $NetTool::PEER_MAC
              || $h->{dst} ne $NetTool::PEER_MAC;
        }
        return (1, scalar(@r) . " replies like " . describe($r[0]));
      } },
    { name => "a datagram through QEMU's forwarded port is answered to its sender's port",
      points => 8, cmd => 'netcheck echo 1', ready => qr/^echo: ready$/m,
      expect => qr/^echo: ok$/m, timeout => 60,
      peer => sub {
        my ($net, $wait) = @_;
        my @w = warm($net, $wait);
        return @w unless $w[0];
        my $s = NetTool::udp_socket();
        return echo_all($net, $wait, [[$s, 2000, "hello $tok"]], 1);
      } },
    { name => 'many datagrams each way, one at a time, 1 to 1472 bytes',
      points => 10, cmd => 'netcheck echo 100', ready => qr/^echo: ready$/m,
      expect => qr/^echo: ok$/m, timeout => 150,
      peer => sub {
        my ($net, $wait) = @_;
        my @ok = rings_ok($net);
        return @ok unless $ok[0];
        my $s = NetTool::udp_socket();
        my @len = (1, 1472, 18, 19, 60, map { 1 + int(rand(1472)) } 6 .. 100);
        return echo_all($net, $wait,
          [map { [$s, 2000, payload("many$tok", $_, $len[$_ - 1])] } 1 .. 100], 1);
      } },
    { name => "ring wrap-around out: 3x the ring's datagrams, as fast as the card takes them",
      points => 8, cmd => 'netcheck send ' . 3 * $RING, ready => qr/^send: ready$/m,
      expect => qr/^send: ok$/m, timeout => 150,
      peer => sub {
        my ($net, $wait) = @_;
        my @w = warm($net, $wait);
        return @w unless $w[0];
        my $s = NetTool::udp_socket();
        NetTool::send_to($s, $net->port(2000), "start $tok");
        my $to = $s->sockport;
        for my $i (0 .. 3 * $RING - 1) {
          my $h = frame_or_end($net->raw, 15 * $S, $wait, sub { $_[0]{udp} });
          return (0, "datagram 'seq $i' (of " . 3 * $RING . ") did not come within "
            . 15 * $S . " s") unless $h;
          return (0, "expected datagram 'seq $i' from port 2000 to port $to, saw:\n  "
            . describe($h)) if $h->{udp}{data} ne "seq $i" || $h->{udp}{dport} != $to
            || $h->{udp}{sport} != 2000;
        }
        return (1, 3 * $RING . " datagrams, in order");
      } },
    { name => "ring wrap-around in: 3x the ring's datagrams, 8 in flight",
      points => 8, cmd => 'netcheck echo ' . 3 * $RING, ready => qr/^echo: ready$/m,
      expect => qr/^echo: ok$/m, timeout => 150,
      peer => sub {
        my ($net, $wait) = @_;
        my @ok = rings_ok($net);
        return @ok unless $ok[0];
        my $s = NetTool::udp_socket();
        return echo_all($net, $wait, [map { [$s, 2000, payload("wrap$tok", $_, 100)] }
          1 .. 3 * $RING], 8);
      } },
    { name => 'two processes, each with its own socket, at once',
      points => 10, cmd => 'netcheck two 40', ready => qr/^two: ready$/m,
      expect => qr/^two: ok$/m, timeout => 150,
      peer => sub {
        my ($net, $wait) = @_;
        my @ok = rings_ok($net);
        return @ok unless $ok[0];
        my @s = (NetTool::udp_socket(), NetTool::udp_socket());
        return echo_all($net, $wait, [map { my $k = $_ % 2;
          [$s[$k], 2000 + $k, payload("two$k$tok", $_, 40 + $_)] } 1 .. 80], 4);
      } },
    { name => 'no packet buffers or pages leaked (netstat mbufs_in_use, freemem)',
      points => 10, cmd => 'netcheck leak 80', ready => qr/^leak: ready$/m,
      expect => qr/^leak: ok$/m, timeout => 150, show => qr/^leak: (before|after)/,
      check => sub {
        # The rings hold at most 64 + 64 buffers (the handout's limit), the socket's queue
        # 16: a driver holding more has made its ring bigger than it may.
        my ($mbufs) = $_[0] =~ /^leak: before: mbufs (\d+)/m;
        return (0, "no 'leak: before' line") unless defined $mbufs;
        return (0, "$mbufs packet buffers in use at rest: more than the rings may hold"
          . " (two rings of at most 64, and 16 queued)") if $mbufs > 144;
        return (1);
      },
      peer => sub {
        my ($net, $wait) = @_;
        my @ok = rings_ok($net);
        return @ok unless $ok[0];
        my $s = NetTool::udp_socket();
        my @r = echo_all($net, $wait, [map { [$s, 2000, payload("leak$tok", $_, 300)] }
          1 .. 80], 1);
        return @r unless $r[0];
        return (0, "the guest did not count its buffers after 80 datagrams")
          unless defined $wait->(qr/^leak: before.*$/m, 30 * $S);
        return echo_all($net, $wait, [map { [$s, 2000, payload("leak$tok", $_, 300)] }
          81 .. 160], 1);
      } },
    { name => 'malformed frames are dropped and counted; a good one after them arrives',
      points => 12, cmd => 'netcheck bad', ready => qr/^bad: ready$/m,
      expect => qr/^bad: got 'good \Q$tok\E'$/m, timeout => 90,
      peer => sub {
        my ($net, $wait) = @_;
        my @ok = rings_ok($net);
        return @ok unless $ok[0];
        my @f = malformed();
        for my $r (1 .. $ROUNDS) {
          NetTool::raw_send($net->raw, $_->[1]) for @f;
          NetTool::raw_send($net->raw, probe());
          frame_or_end($net->raw, 10 * $S, $wait, sub { $_[0]{arp} && $_[0]{arp}{op} == 2 })
            or return (0, "after group $r of " . scalar(@f) . " malformed frames, the guest"
              . " did not answer the ARP request that followed within " . 10 * $S . " s");
        }
        NetTool::raw_send($net->raw, NetTool::udp_frame(7777, 2000, "good $tok"));
        return (1, $ROUNDS * @f . " malformed frames in $ROUNDS groups of " . scalar(@f)
          . " (each followed by an ARP request), then a good datagram");
      },
      check => sub {
        my ($out) = @_;
        my %want = (short => 0, iphdr => 0, cksum => 0, udplen => 0, arp_other => 0,
          noport => 0, other => 0, qfull => 0, arp_replies => $ROUNDS);
        $want{ $_->[0] } += $ROUNDS for malformed();
        my $n = 0;
        $n += $want{$_} for keys %want;
        $n += 1;    # the good one
        my ($line) = $out =~ /^bad: dropped (.*)$/m
          or return (0, "no 'bad: dropped' line in the output");
        my %saw = $line =~ /(\w+) (\d+)/g;
        my @bad = map { "$_: expected $want{$_} saw " . ($saw{$_} // '?') }
          grep { ($saw{$_} // -1) != $want{$_} } sort keys %want;
        push @bad, "frames: expected at least $n saw " . ($saw{frames} // '?')
          if ($saw{frames} // 0) < $n;
        return @bad ? (0, "netstat's drop counters moved wrongly: " . join('; ', @bad))
          : (1, "dropped and counted: $line");
      } },
    { name => 'usertests -q',
      points => 10, cmd => 'usertests -q', expect => qr/^ALL TESTS PASSED$/m, timeout => 300,
      baseline => 1 },
  ],
}
