# tests.pl: the traps lab's grader (make grade LAB=traps): backtrace, checked by running
# addr2line on the host, and sigalarm/sigreturn with alarmtest. See labs/README.md.
use strict;
use warnings;
use Xv6Test;

# An addr2line that reads i386 ELF files.
sub addr2line {
	for my $tool (qw(i686-linux-gnu-addr2line i386-elf-addr2line addr2line)) {
		my $r = run_cmd("command -v $tool", timeout => 10);
		return $tool if $r->{status} == 0;
	}
	return undef;
}

sub alarmcase {
	my ($name, $points, $case) = @_;
	return { name => $name, points => $points, cmd => "alarmtest $case",
		expect => qr/^$case: ok$/m, timeout => 60 };
}

{
	title => 'Traps: backtrace and alarms',
	progs => ['bttest', 'alarmtest'],
	tests => [
		{ name => 'backtrace: from sys_sleep up to trap', points => 20, cmd => 'bttest',
		  timeout => 30, check => sub {
			my ($out, $root) = @_;
			my ($list) = $out =~ /^backtrace:\n((?:0x[0-9a-f]+\n)+)/m
				or return (0, "expected a line 'backtrace:' and then one 0x... address a line");
			my @pcs = $list =~ /(0x[0-9a-f]+)/g;
			return (0, "expected 3 to 10 addresses, saw " . @pcs) if @pcs < 3 || @pcs > 10;
			my $tool = addr2line() or return (0, "no addr2line on this machine");
			my $r = run_cmd([$tool, '-f', '-e', "$root/kernel", @pcs], timeout => 30);
			return (0, "$tool failed: $r->{out}") if $r->{status} != 0;
			my @l = split /\n/, $r->{out};
			my @where = map { [$l[2*$_], $l[2*$_+1] // '?'] } 0 .. $#pcs;
			my $show = "\n" . join("\n", map { "$pcs[$_] $where[$_][0] $where[$_][1]" } 0 .. $#pcs);
			return (0, "an address addr2line cannot place:$show")
				if grep { $_->[1] =~ /^\?\?/ } @where;
			my @fn = map { $_->[0] } @where;
			return (0, "expected sys_sleep, then syscall, then trap:$show")
				unless "@fn[0..2]" eq "sys_sleep syscall trap";
			return (0, "bttest did not go on after sleep(-1)") unless $out =~ /^bttest: done$/m;
			return (1);
		  } },
		alarmcase('alarm: the handler is called', 15, 'called'),
		alarmcase('alarm: registers survive the handler', 20, 'registers'),
		alarmcase('alarm: no re-entry while a handler runs', 15, 'reentry'),
		alarmcase('alarm: sigalarm(0, 0) stops it', 10, 'stop'),
		alarmcase('alarm: sigreturn outside a handler', 5, 'stray'),
		{ name => 'usertests -q', points => 15, cmd => 'usertests -q',
		  expect => qr/^ALL TESTS PASSED$/m, timeout => 180, fresh => 1,
		  baseline => 1 },   # the unmodified kernel passes it too
	],
}
