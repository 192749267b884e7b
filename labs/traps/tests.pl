# tests.pl: the traps lab's grader (make grade LAB=traps): backtrace, checked against the
# kernel's own listing (kernel.asm), and sigalarm/sigreturn with alarmtest. The seed, the
# intervals and the %ebp values are drawn afresh on every run. See labs/README.md.
use strict;
use warnings;
use Xv6Test;

# kernel.asm's instructions: { ends => { END ADDRESS => instruction text }, funcs => [[start,
# name], ...] sorted }. An instruction's bytes may go on over continuation lines.
sub listing {
	my ($root) = @_;
	open(my $fh, '<', "$root/kernel.asm") or return undef;
	my (%ends, @funcs, $last);
	while (<$fh>) {
		if (/^([0-9a-f]{8}) <([^>]+)>:$/) { push @funcs, [hex $1, $2]; next }
		next unless /^([0-9a-f]{8}):\t((?:[0-9a-f]{2} )+) *(?:\t(.*))?$/;
		my ($a, $bytes, $text) = (hex $1, $2, $3);
		my $n = () = $bytes =~ /[0-9a-f]{2}/g;
		if (defined $text) { $last = [$a, $n, $text] }
		elsif ($last && $a == $last->[0] + $last->[1]) { $last->[1] += $n }
		else { next }
		$ends{ $last->[0] + $last->[1] } = $last->[2];
	}
	@funcs = sort { $a->[0] <=> $b->[0] } @funcs;
	return { ends => \%ends, funcs => \@funcs };
}

sub func_at {
	my ($l, $a) = @_;
	my $name = '?';
	for my $f (@{ $l->{funcs} }) { last if $f->[0] > $a; $name = $f->[1] }
	return $name;
}

# One backtrace: every address must be a return address (the instruction before it is a
# call), each direct call must be to the function of the address before it, and the chain
# must be sys_sleep, syscall, trap, aftertrap (in alltraps), and end there. Returns (1) or (0, why).
sub check_chain {
	my ($l, $what, @pcs) = @_;
	my @fn = map { func_at($l, hex $_) } @pcs;
	my $show = "\n" . join("\n", map { "  $pcs[$_] $fn[$_]" } 0 .. $#pcs);
	for my $i (0 .. $#pcs) {
		my $call = $l->{ends}{ hex $pcs[$i] };
		return (0, "$what: expected each address to follow a call instruction in kernel.asm, "
			. "saw $pcs[$i] after " . ($call // 'no instruction boundary') . ":$show")
			unless defined $call && $call =~ /^call/;
		my $want = $i == 0 ? 'backtrace' : $fn[$i - 1];
		if ($call =~ /^call\s+[0-9a-f]+ <([^>+]+)(?:\+0x[0-9a-f]+)?>/ && $1 ne $want) {
			return (0, "$what: expected the call before $pcs[$i] to call $want, saw "
				. "'$call':$show");
		}
	}
	# The last return address is the one after alltraps' `call trap` (trapasm.S), which
	# kernel.asm names aftertrap.
	return (0, "$what: expected sys_sleep syscall trap aftertrap and nothing more, saw @fn:$show")
		unless "@fn" =~ /^sys_sleep syscall trap (aftertrap|alltraps)$/;
	return (1);
}

sub backtraces {
	my ($out, $root, $n) = @_;
	my @lists = $out =~ /^backtrace:\n((?:0x[0-9a-f]+\n)*)/mg;
	return (0, "expected $n lines 'backtrace:', each followed by one 0x... address a line, "
		. "saw " . scalar(@lists)) if @lists != $n;
	my $l = listing($root) or return (0, "expected kernel.asm in the tree, saw none");
	for my $i (0 .. $#lists) {
		my @r = check_chain($l, "backtrace " . ($i + 1), $lists[$i] =~ /(0x[0-9a-f]+)/g);
		return @r unless $r[0];
	}
	return (0, "expected 'bttest: done' after sleep(-1), saw it missing")
		unless $out =~ /^bttest: done$/m;
	return (1);
}

# %ebp values for bttest: a user address, 0, a kernel text address, and one that wraps.
my @ebps = (sprintf("%x", 0x1000 + 4 * int(rand(0x100000))), '0',
	sprintf("%x", 0x80100000 + 4 * int(rand(0x2000))),
	sprintf("%x", 0xfffffff0 + 4 * int(rand(4))));
my $seed = 1 + int(rand(1 << 30));
my $every = 3 + int(rand(4));
my $umode = 2 + int(rand(3));

sub alarmcase {
	my ($name, $points, $case, $args) = @_;
	return { name => $name, points => $points, cmd => "alarmtest $case" . ($args // ''),
		expect => qr/^$case: ok$/m, timeout => 120 };
}

{
	title => 'Traps: backtrace and alarms',
	progs => ['bttest', 'alarmtest'],
	cpus => 4,
	tests => [
		{ name => 'backtrace: return addresses from sys_sleep up to trapasm.S', points => 15,
		  cmd => 'bttest', timeout => 30, check => sub { backtraces(@_[0, 1], 1) } },
		{ name => "backtrace: stops at the trapframe whatever the user's %ebp", points => 5,
		  cmd => "bttest @ebps", timeout => 30,
		  check => sub { backtraces(@_[0, 1], scalar @ebps) } },
		alarmcase('alarm: the handler is called', 10, 'called'),
		alarmcase('alarm: registers, %esp and flags survive, in straight-line code', 20,
			'registers', " $seed"),
		alarmcase('alarm: no re-entry while a handler runs', 10, 'reentry'),
		alarmcase('alarm: sigalarm(0, 0) stops it', 5, 'stop'),
		alarmcase('alarm: sigreturn outside a handler', 5, 'stray'),
		alarmcase('alarm: one call every n ticks', 10, 'interval', " $every"),
		alarmcase('alarm: only ticks in user mode count', 10, 'usermode', " $umode"),
		alarmcase('alarm: fork and exec clear it', 10, 'inherit'),
		alarmcase('alarm: four processes at once, each its own', 10, 'procs', ' 4'),
		{ name => 'usertests -q', points => 15, cmd => 'usertests -q',
		  expect => qr/^ALL TESTS PASSED$/m, timeout => 300, fresh => 1,
		  cpus => 2, baseline => 1 },   # on 2 CPUs, as usertests is tested; the unmodified kernel passes it too
	],
}
