# tests.pl: the syscall lab's grader (make grade LAB=syscall). See labs/README.md.
# It boots 4 CPUs; gdb (calls, below; test/lib/Xv6Calls.pm) watches every sysinfo, getppid
# and procinfo call for an acquire of ptable.lock; ps is checked against processes made
# under a random name, a random number of them, on every run; usertests -q counts too.
use strict;
use warnings;

my $psname = join('', map { ('a' .. 'z')[rand 26] } 1 .. 4 + int(rand(6)));
my $pskids = 2 + int(rand(6));

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
	cpus => 4,
	calls => { per_test => 1,
		locked => [map { [$_, "sys_$_", '&ptable.lock'] } qw(sysinfo getppid procinfo)] },
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
		{ name => 'system calls take ptable.lock', points => 15, cmd => 'systest locks',
		  fresh => 1, calls => 1, expect => qr/^locks: ok$/m, check => sub {
			my ($out, $root, $hits) = @_;
			for my $call (qw(sysinfo getppid procinfo)) {
				my @h = grep { $_->[0] eq $call && $_->[3] eq 'systest' } @$hits;
				my $un = grep { $_->[1] ne 'locked' } @h;
				return (0, "expected each of 3 $call calls to acquire ptable.lock, saw "
					. scalar(@h) . " calls, $un without it") if @h < 3 || $un;
			}
			return (1);
		  } },
		systest('4 CPUs: fork, exit, getppid, procinfo, sysinfo at once', 15, 'stress',
			timeout => 120),
		systest('out of memory: failed forks leave exact counts', 10, 'oom', timeout => 120),
		{ name => 'ps', points => 10, cmd => "systest ps $psname $pskids", timeout => 60, check => sub {
			my ($out) = @_;
			my @kids = $out =~ /^child (\d+)$/mg;
			my ($zombie) = $out =~ /^zombie (\d+)$/m;
			my @ps = grep { /^\d+ \w+ \d+ \S+$/ } split /\n/, $out;
			my ($me) = map { /^(\d+) sleeping (\d+) systest$/ ? [$1, $2] : () } @ps;
			return (0, "expected systest to start $pskids children, saw " . scalar(@kids))
				unless @kids == $pskids && defined $zombie;
			return (0, "expected a line 'PID sleeping SIZE systest' for the test itself; saw:\n  "
				. join("\n  ", @ps)) unless $me;
			my @want = sort("1 sleeping N init", "P sleeping N sh", "$me->[0] sleeping $me->[1] systest",
				"P running N ps", (map { "$_ sleeping $me->[1] $psname" } @kids),
				"$zombie zombie $me->[1] $psname");
			my @saw = sort map { s/^(\d+) (\w+) (\d+) (sh|ps|init)$/($4 eq 'init' ? $1 : 'P') . " $2 N $4"/er } @ps;
			return (1) if "@saw" eq "@want";
			return (0, "expected exactly these ps lines (any order; P, N: any number):\n  "
				. join("\n  ", @want) . "\nsaw:\n  " . join("\n  ", @saw));
		  } },
		{ name => 'usertests -q', points => 10, cmd => 'usertests -q',
		  expect => qr/^ALL TESTS PASSED$/m, timeout => 400, fresh => 1,
		  baseline => 1 },   # the unmodified kernel passes it too
	],
}
