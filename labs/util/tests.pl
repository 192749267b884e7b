# tests.pl: the util lab's grader (make grade LAB=util). See labs/README.md for the format.
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

my @primes = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31);

{
	title => 'Xv6 utilities (user space)',
	progs => ['utiltest'],
	student_progs => [qw(sleep pingpong primes find xargs)],
	tests => [
		{ name => 'sleep, no arguments', points => 5, cmd => 'sleep',
		  expect => qr/usage: sleep/i },
		{ name => 'sleep, waits the ticks asked for', points => 5, cmd => 'utiltest sleep',
		  expect => qr/^sleep: ok$/m, uses => ['sleep'] },
		{ name => 'pingpong', points => 10, cmd => 'pingpong', check => sub {
			my ($out) = @_;
			my @l = lines_of($out);
			return (0, "expected two lines 'PID: received ping' then 'PID: received pong'")
				unless @l == 2 && $l[0] =~ /^(\d+): received ping$/ && (my $c = $1)
					&& $l[1] =~ /^(\d+): received pong$/;
			return (0, "ping and pong came from the same process ($c)") if $c == $1;
			return (1);
		} },
		{ name => 'primes', points => 15, cmd => 'primes', timeout => 60, check => sub {
			my @l = lines_of($_[0]);
			my @want = map { "prime $_" } @primes;
			return (1) if "@l" eq "@want";
			return (0, "expected, in this order:\n  @want\nsaw:\n  " . join("\n  ", @l));
		} },
		{ name => 'find: set up the tree', points => 0, cmd => 'utiltest tree',
		  expect => qr/^tree: ok$/m, baseline => 1 },
		{ name => 'find, one directory deep', points => 5, cmd => 'find ft/c x',
		  check => sub { same_lines($_[0], 'ft/c/d/x') } },
		{ name => 'find, recursive', points => 10, cmd => 'find ft b',
		  check => sub { same_lines($_[0], 'ft/b', 'ft/a/b', 'ft/a/c/b') } },
		{ name => 'find, from .', points => 5, cmd => 'find . bb',
		  check => sub { same_lines($_[0], './ft/a/bb') } },
		{ name => 'xargs, one line', points => 10, cmd => 'echo hello too | xargs echo bye',
		  check => sub { same_lines($_[0], 'bye hello too') } },
		{ name => 'xargs, a command per line', points => 10,
		  cmd => 'utiltest lines | xargs echo line',
		  check => sub {
			my @l = lines_of($_[0]);
			return (1) if "@l" eq "line 1 line two words line 3" && @l == 3;
			return (0, "expected the lines 'line 1', 'line two words', 'line 3'; saw:\n  "
				. join("\n  ", @l));
		  } },
		{ name => 'find | xargs grep', points => 10, cmd => 'find ft b | xargs grep hello',
		  check => sub { same_lines($_[0], 'hello from ft/b', 'hello from ft/a/b') } },
	],
}
