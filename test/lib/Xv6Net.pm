# Xv6Net.pm: the network of a lab's boot (tests.pl's `net => 1`). QEMU's e1000 sits on a
# hub with two other ports: the user network (slirp) with restrict=on, which reaches nothing
# outside, with UDP forwarded from 127.0.0.1 to the guest's ports 2000 and 2001; and a socket
# netdev that carries raw Ethernet frames as UDP datagrams on 127.0.0.1, so the host can send
# frames slirp would never pass (malformed ones) and sees every frame anyone puts on the hub.
# A filter-dump records everything the e1000 sends and receives in a pcap file. Every port is
# picked free per boot (the kernel chooses an unused one), so parallel grades and users never
# collide. restrict=on also drops the guest's datagrams to the forwarded ports' senders: the
# host sees them only as frames on the raw socket.
package Xv6Net;

use strict;
use warnings;
use File::Temp qw(tempdir);
use IO::Select;
use IO::Socket::INET;
use IO::Socket::UNIX;
use Socket qw(inet_aton pack_sockaddr_in);

# The guest's side, as QEMU's user network sets it up (the e1000 is 52:54:00:12:34:56 by
# QEMU's default, given explicitly; slirp is 10.0.2.2 at 52:55:0a:00:02:02), and the guest's
# UDP ports the host can reach.
use constant GUEST_MAC => '52:54:00:12:34:56';
use constant HOST_IP => '10.0.2.2';
use constant GUEST_PORTS => (2000, 2001);

# A UDP port on 127.0.0.1 that nothing uses now: the kernel's pick for a socket bound to port
# 0, closed again for QEMU to bind.
sub free_udp_port {
	my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Proto => 'udp')
		or die "cannot bind a UDP socket on 127.0.0.1: $!";
	my $port = $s->sockport;
	close $s;
	return $port;
}

# Xv6Net->new(pcap => FILE): ports for one boot. port(GUEST PORT): send UDP to 127.0.0.1 at
# that port and it arrives at the guest's port (2000 or 2001; 2000 when not given), from
# 10.0.2.2 and the sender's port. raw: a UDP socket on 127.0.0.1; each datagram it sends is
# one Ethernet frame put on the hub, each it receives one frame another port put there, the
# guest's included. pcap: the capture file. monitor(COMMAND): QEMU's monitor.
sub new {
	my ($class, %o) = @_;
	my $self = bless { pcap => $o{pcap} }, $class;
	$self->{ports}{$_} = free_udp_port() for GUEST_PORTS;
	# QEMU sends the hub's frames to rawport, where our socket already listens; it reads the
	# frames we send at qemuport.
	$self->{raw} = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
		Proto => 'udp') or die "cannot bind a UDP socket on 127.0.0.1: $!";
	$self->{rawport} = $self->{raw}->sockport;
	$self->{qemuport} = free_udp_port();
	$self->{raw}->connect(pack_sockaddr_in($self->{qemuport}, inet_aton('127.0.0.1')))
		or die "cannot connect the raw-frame socket: $!";
	# QEMU's machine protocol (QMP), for monitor(): a Unix socket only this user can reach.
	$self->{dir} = tempdir("xv6net-XXXXXX", TMPDIR => 1, CLEANUP => 1);
	$self->{qmp} = "$self->{dir}/qmp.sock";
	return $self;
}

sub port {
	my ($self, $guest) = @_;
	$guest //= 2000;
	return $self->{ports}{$guest} // die "the guest's port $guest is not forwarded\n";
}
sub raw { $_[0]{raw} }
sub pcap { $_[0]{pcap} }

# QEMU's arguments: hub 0 joins the user network (hub port hp0), the raw-frame socket (hp1)
# and the e1000 (hp2); the capture records the e1000's side.
sub qemu_args {
	my ($self) = @_;
	my $fwd = join('', map { ",hostfwd=udp:127.0.0.1:$self->{ports}{$_}-:$_" } GUEST_PORTS);
	return ('-netdev', "user,id=net0,restrict=on,net=10.0.2.0/24,host=" . HOST_IP . $fwd,
		'-netdev', 'hubport,id=hp0,hubid=0,netdev=net0',
		'-netdev', "socket,id=raw0,udp=127.0.0.1:$self->{rawport},"
			. "localaddr=127.0.0.1:$self->{qemuport}",
		'-netdev', 'hubport,id=hp1,hubid=0,netdev=raw0',
		'-netdev', 'hubport,id=hp2,hubid=0',
		'-device', 'e1000,netdev=hp2,mac=' . GUEST_MAC,
		$self->{pcap} ? ('-object', "filter-dump,id=dump0,netdev=hp2,file=$self->{pcap}") : (),
		'-qmp', "unix:$self->{qmp},server=on,wait=off");
}

# One line of QMP's JSON from QEMU within 10 s, or dies.
sub qmp_line {
	my ($self) = @_;
	my $sel = IO::Select->new($self->{mon});
	$self->{qbuf} //= '';
	while ($self->{qbuf} !~ /\n/) {
		die "QEMU's monitor did not answer within 10 s\n" unless $sel->can_read(10);
		sysread($self->{mon}, $self->{qbuf}, 65536, length $self->{qbuf})
			or die "QEMU's monitor closed\n";
	}
	$self->{qbuf} =~ s/^(.*)\n//;
	return $1;
}

# monitor(COMMAND): run a QEMU monitor command ("info pci", "xp /1wx ADDR": QEMU's view of
# the machine, which the guest cannot fake) and return its output. Dies on failure.
sub monitor {
	my ($self, $cmd) = @_;
	if (!$self->{mon}) {
		$self->{mon} = IO::Socket::UNIX->new(Peer => $self->{qmp})
			or die "cannot reach QEMU's monitor at $self->{qmp}: $!\n";
		$self->qmp_line;    # the greeting
		syswrite($self->{mon}, qq({"execute":"qmp_capabilities"}\n));
		$self->qmp_line =~ /"return"/ or die "QEMU's monitor refused QMP\n";
	}
	(my $q = $cmd) =~ s/(["\\])/\\$1/g;
	syswrite($self->{mon}, qq({"execute":"human-monitor-command","arguments":)
		. qq({"command-line":"$q"}}\n));
	my $line;
	do { $line = $self->qmp_line } while $line =~ /^\{"event"/;
	$line =~ /^\{"return": "(.*)"\}\s*$/ or die "QEMU's monitor said: $line";
	my $out = $1;
	$out =~ s/\\r//g;
	$out =~ s/\\n/\n/g;
	$out =~ s/\\(.)/$1/g;
	return $out;
}

# Throw away the frames waiting on the raw socket: what the hub carried before a test began.
# Returns how many there were.
sub drain {
	my ($self) = @_;
	my $n = 0;
	my $sel = IO::Select->new($self->{raw});
	while ($sel->can_read(0)) {
		last unless defined $self->{raw}->recv(my $junk, 65536);
		$n++;
	}
	return $n;
}

# Close the raw-frame socket (after QEMU has stopped). Safe to call twice.
sub stop {
	my ($self) = @_;
	CORE::close($self->{raw}) if $self->{raw};
	CORE::close($self->{mon}) if $self->{mon};
	$self->{raw} = $self->{mon} = undef;
}

sub DESTROY { local ($., $@, $!, $^E, $?); $_[0]->stop }

1;
