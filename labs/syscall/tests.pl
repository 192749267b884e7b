# tests.pl: the syscall lab's grader (make grade LAB=syscall). See labs/README.md.
use strict;
use warnings;

# The trace lines in $out: [pid, name, return value] each.
sub traced {
	my ($out) = @_;
	my @t;
	push @t, [$1, $2, $3] while $out =~ /^(\d+): syscall (\w+) -> (-?\d+)$/mg;
	return @t;
}

sub show { join("\n  ", map { "$_->[0]: syscall $_->[1] -> $_->[2]" } @_) || '(none)' }

# One systest check: its line must say ok.
sub systest {
	my ($name, $points, $check, %more) = @_;
	return { name => $name, points => $points, cmd => "systest $check",
		expect => qr/^$check: ok$/m, timeout => 30, %more };
}

{
	title => 'System calls: trace, sysinfo, getppid, procinfo',
	progs => ['trace', 'systest'],
	student_progs => ['ps'],
	tests => [
		{ name => 'trace: the reads of grep', points => 10, cmd => 'trace 32 grep hello README',
		  check => sub {
			my @t = traced($_[0]);
			return (0, "expected 'PID: syscall read -> N' lines, the last '-> 0'; saw:\n  "
				. show(@t)) unless @t >= 2 && !grep({ $_->[1] ne 'read' } @t) && $t[-1][2] == 0;
			return (0, "the reads came from more than one pid:\n  " . show(@t))
				if grep { $_->[0] != $t[0][0] } @t;
			return (1);
		  } },
		{ name => 'trace: every call, by name', points => 10,
		  cmd => 'trace 2147483647 echo hi',
		  check => sub {
			my @t = grep { $_->[1] ne 'trace' } traced($_[0]);
			my $want = "exec -> 0|write -> 3";
			my $saw = join('|', map { "$_->[1] -> $_->[2]" } @t);
			return (1) if $saw eq $want && $_[0] =~ /^hi$/m;
			return (0, "expected 'hi' and the lines 'PID: syscall exec -> 0', "
				. "'PID: syscall write -> 3' (after an optional trace line); saw:\n  " . show(@t));
		  } },
		{ name => 'trace: children inherit the mask', points => 10, cmd => 'trace 2 systest forks',
		  check => sub {
			my @t = traced($_[0]);
			return (0, "expected two fork lines, parent then child; saw:\n  " . show(@t))
				unless @t == 2 && $t[0][1] eq 'fork' && $t[1][1] eq 'fork';
			return (0, "the second fork should come from the child the first created "
				. "(pid $t[0][2]); saw:\n  " . show(@t)) unless $t[1][0] == $t[0][2];
			return (1);
		  } },
		{ name => 'trace: mask 0 traces nothing', points => 5, cmd => 'trace 0 grep hello README',
		  reject => qr/syscall|panic/, check => sub { (1) } },
		systest('sysinfo: free memory in bytes', 10, 'mem'),
		systest('sysinfo: number of processes', 10, 'nproc'),
		systest('sysinfo: bad pointers refused', 10, 'sysinfobad'),
		systest('getppid: the parent', 10, 'getppid'),
		systest('getppid: orphans belong to init', 5, 'orphan'),
		systest('procinfo: the caller itself', 10, 'procinfo'),
		systest('procinfo: sleeping and zombie children', 10, 'children'),
		systest('procinfo: bad pids and pointers refused', 10, 'procinfobad'),
		{ name => 'ps', points => 10, cmd => 'ps', check => sub {
			my ($out) = @_;
			for my $re (qr/^1 sleeping \d+ init$/m, qr/^\d+ sleeping \d+ sh$/m,
					qr/^\d+ running \d+ ps$/m) {
				return (0, "expected a line matching $re") unless $out =~ $re;
			}
			return (1);
		  } },
	],
}
