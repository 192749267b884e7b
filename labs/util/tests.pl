# tests.pl: the util lab's grader (make grade LAB=util). See labs/README.md for the format.
# Every run makes up its own inputs: the ticks sleep waits, the bound of primes, the tree find
# searches (random names and depths), the lines xargs reads. gdb counts the kernel calls each
# command makes (calls, below; test/lib/Xv6Calls.pm), so a test also checks the mechanism the
# handout asks for: sleep sleeps in the kernel, pingpong and primes fork and use pipes, and
# xargs forks and execs once per line.
use strict;
use warnings;

# The lines of $out that are not blank, each with surrounding blanks removed.
sub lines_of { return grep { length } map { s/^\s+|\s+$//gr } split /\n/, $_[0] }

# Does $out hold exactly the lines @want, in any order?
sub same_lines {
	my ($out, @want) = @_;
	my @saw = sort(lines_of($out));
	my @exp = sort @want;
	return (1) if "@saw" eq "@exp" && @saw == @exp;
	return (0, "expected these lines (any order):\n  " . join("\n  ", @exp)
		. "\nsaw:\n  " . join("\n  ", @saw));
}

# The kernel calls a command made (gdb's hits), as a list of [LABEL, PID, NAME]; those of
# the processes named $name whose label is $label.
sub calls_by { my ($hits, $label, $name) = @_; grep { $_->[0] eq $label && $_->[2] eq $name } @$hits }
sub distinct { my %s; $s{$_}++ for @_; return scalar keys %s }

# Random lowercase names: the grader's inputs change every run.
sub rname {
	my ($min, $max) = @_;
	my $n = $min + int(rand($max - $min + 1));
	return join('', map { ('a' .. 'z')[rand 26] } 1 .. $n);
}
my %used;
sub fresh { my $s; do { $s = rname(@_) } while $used{$s}++ || $s =~ /hello|bye/; return $s }

# --- sleep: a random number of ticks.
my $ticks = 20 + int(rand(41));

# --- primes: a random bound; 35 is the handout's default.
my $bound = 60 + int(rand(91));    # 60 .. 150: at most 35 primes, 37 processes, 36 pipes
my @primes = grep { my $n = $_; !grep { $n % $_ == 0 } 2 .. int(sqrt $n) } 2 .. $bound;

# --- find: a random tree under a random top directory. Names are 1 to 4 letters (the
# console takes lines of at most 127 bytes); $want names files in two or three directories
# and one directory (with another $want inside), @near names that only resemble it, $long
# is a name of exactly DIRSIZ (14) letters, $other files say hello or goodbye for grep.
my $top = 'u' . fresh(2, 3);
my ($want, $other, $long) = (fresh(2, 4), fresh(2, 4), fresh(14, 14));
my @near = ($want . 'x', 'x' . $want, substr($want, 0, -1), substr($long, 0, 13));
$used{$_}++ for @near;
my @dirs = ($top);
push @dirs, $dirs[rand @dirs] . '/' . fresh(1, 3) for 1 .. 5 + int(rand(3));
my $wparent = $dirs[1 + int(rand($#dirs))];
my $wdir = "$wparent/$want";    # a directory named $want
push @dirs, $wdir;
my (%files, @wantpaths, @otherpaths);    # path => '+' (hello from PATH) or '-' (goodbye)
my @spots = grep { $_ ne $wparent } @dirs[1 .. $#dirs - 1];
my %pick;
$pick{ $spots[rand @spots] } = 1 for 1 .. 3;
$files{"$_/$want"} = '+' for (sort keys %pick), $wdir;
push @wantpaths, $wdir, map { "$_/$want" } (sort keys %pick), $wdir;
for my $d (@dirs) {
	next if rand() < 0.4 && $d ne $dirs[-2];
	push @otherpaths, "$d/$other";
	$files{"$d/$other"} = @otherpaths % 3 == 0 ? '-' : '+';
}
$files{ $dirs[rand @dirs] . "/$_" } = '-' for @near;
my $longpath = $dirs[rand @dirs] . "/$long";
$files{$longpath} = '-';
# $sub: a subdirectory holding at least one $want, for the search below the top
my ($sub) = grep { my $d = $_; grep { index($_, "$d/") == 0 } @wantpaths } reverse @dirs[1 .. $#dirs - 1];

# The commands that make the tree (utiltest files), each line under 120 bytes.
my @setup = ('utiltest files');
for my $a ((map { "$_/" } @dirs), map { "$files{$_}$_" } sort keys %files) {
	push @setup, 'utiltest files' if length("$setup[-1] $a") > 118;
	$setup[-1] .= " $a";
}
my $n = 0;
my @setup_tests = map {
	$n++;
	{ name => "find: set up the tree ($n/" . scalar(@setup) . ")", points => 0, cmd => $_,
	  baseline => 1, check => sub { $_[0] =~ /\S/ ? (0, "expected no output, saw:\n  $_[0]") : (1) } }
} @setup;

# --- xargs: random lines of one to three words, blanks around them, and a blank line.
my $fixed = fresh(2, 4);
my (@words, @xlines);
for (1 .. 3 + int(rand(2))) {
	my @w = map { fresh(1, 4) } 1 .. 1 + int(rand(3));
	push @xlines, [@w];
	push @words, (rand() < 0.5 ? '_' : '') . join('_', @w) . (rand() < 0.5 ? '__' : '');
}
splice(@words, 1 + int(rand($#words)), 0, '_');    # a blank line runs nothing

{
	title => 'Xv6 utilities (user space)',
	progs => ['utiltest'],
	student_progs => [qw(sleep pingpong primes find xargs)],
	cpus => 2,
	calls => {
		count => [['fork', 'sys_fork'], ['pipe', 'sys_pipe'], ['exec', 'sys_exec'],
			['sleep', 'sys_sleep'], ['tick', 'sleep', '&ticks']],
	},
	tests => [
		{ name => 'sleep, no arguments', points => 5, cmd => 'sleep',
		  expect => qr/usage: sleep/i },
		{ name => "sleep, waits the ticks asked for, asleep in the kernel", points => 10,
		  cmd => "utiltest sleep $ticks", expect => qr/^sleep: ok$/m, uses => ['sleep'],
		  timeout => 60, check => sub {
			my ($out, $root, $hits) = @_;
			my $calls = calls_by($hits, 'sleep', 'sleep');
			my $naps = calls_by($hits, 'tick', 'sleep');
			my $min = $ticks >= 8 ? int($ticks / 4) : 2;
			return (0, "expected sleep to call the sleep system call once, saw $calls calls")
				unless $calls == 1;
			return (0, "expected 'sleep $ticks' to be asleep in the kernel (waiting on ticks) "
				. "at least $min times, saw $naps: is it spinning?") if $naps < $min;
			return (1);
		  } },
		{ name => 'pingpong', points => 10, cmd => 'pingpong', check => sub {
			my ($out, $root, $hits) = @_;
			my @l = lines_of($out);
			return (0, "expected two lines 'PID: received ping' then 'PID: received pong', saw:\n  "
				. join("\n  ", @l)) unless @l == 2 && $l[0] =~ /^(\d+): received ping$/
					&& (my $c = $1) && $l[1] =~ /^(\d+): received pong$/;
			my $p = $1;
			return (0, "expected ping and pong from two processes, saw both from $c") if $c == $p;
			my $pipes = grep { $_->[1] == $p } calls_by($hits, 'pipe', 'pingpong');
			my $forks = grep { $_->[1] == $p } calls_by($hits, 'fork', 'pingpong');
			return (0, "expected the parent ($p) to make two pipes and fork, saw $pipes pipe() "
				. "and $forks fork() calls") unless $pipes >= 2 && $forks >= 1;
			return (1);
		} },
		{ name => "primes, a pipeline of processes (2 to a bound)", points => 15,
		  cmd => "primes $bound", timeout => 90, check => sub {
			my ($out, $root, $hits) = @_;
			my @l = lines_of($out);
			my @want = map { "prime $_" } @primes;
			return (0, "expected, in this order:\n  @want\nsaw:\n  " . join("\n  ", @l))
				unless "@l" eq "@want";
			my @f = calls_by($hits, 'fork', 'primes');
			my $pipes = calls_by($hits, 'pipe', 'primes');
			my $np = @primes;
			return (0, "expected a process per prime: $np or more fork() calls from as many "
				. "processes, and as many pipe() calls; saw " . scalar(@f) . " forks from "
				. distinct(map { $_->[1] } @f) . " processes, $pipes pipes")
				unless @f >= $np && distinct(map { $_->[1] } @f) >= $np && $pipes >= $np;
			return (1);
		} },
		@setup_tests,
		{ name => 'find, recursive', points => 10, cmd => "find $top $want",
		  check => sub { same_lines($_[0], @wantpaths) } },
		{ name => 'find, in a subdirectory', points => 5, cmd => "find $sub $want",
		  check => sub { same_lines($_[0], grep { index($_, "$sub/") == 0 } @wantpaths) } },
		{ name => 'find, from ., a 14-letter name', points => 5, cmd => "find . $long",
		  check => sub { same_lines($_[0], "./$longpath") } },
		{ name => 'xargs, one line', points => 5, cmd => 'echo hello too | xargs echo bye',
		  check => sub {
			my ($out, $root, $hits) = @_;
			my @r = same_lines($out, 'bye hello too');
			return @r unless $r[0];
			my $f = calls_by($hits, 'fork', 'xargs');
			my $e = calls_by($hits, 'exec', 'xargs');
			return (0, "expected xargs to fork once and its child to exec echo, saw $f forks "
				. "and $e execs") unless $f == 1 && $e == 1;
			return (1);
		  } },
		{ name => 'xargs, a command per line', points => 15,
		  cmd => "utiltest lines @words | xargs utiltest args $fixed",
		  check => sub {
			my ($out, $root, $hits) = @_;
			my @l = lines_of($out);
			my @want = map { "pid N: $fixed @$_" } @xlines;
			my @saw = map { s/^pid \d+:/pid N:/r } @l;
			return (0, "expected these lines, in this order (N: the pid of each run):\n  "
				. join("\n  ", @want) . "\nsaw:\n  " . join("\n  ", @l)) unless "@saw" eq "@want"
				&& @saw == @want;
			my @pids = map { /^pid (\d+):/ ? $1 : () } @l;
			my %exec = map { $_->[1] => 1 } calls_by($hits, 'exec', 'xargs');
			my @f = calls_by($hits, 'fork', 'xargs');
			return (0, "expected a process (fork, exec) per line, " . scalar(@want)
				. " in all, saw " . scalar(@f) . " forks by xargs, execs by xargs's children "
				. join(' ', sort keys %exec) . ", pids printed @pids")
				unless distinct(@pids) == @want && @f == @want && !grep { !$exec{$_} } @pids;
			return (1);
		  } },
		{ name => 'find | xargs grep', points => 10, cmd => "find $top $other | xargs grep hello",
		  check => sub { same_lines($_[0], map { "hello from $_" } grep { $files{$_} eq '+' } @otherpaths) } },
	],
}
