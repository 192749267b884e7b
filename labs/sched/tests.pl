# tests.pl: the sched lab's grader (make grade LAB=sched; format in labs/README.md).
# The three races (share, change, starve) boot one CPU, so that the children really
# compete for it; each judges the children's shares both by getpinfo's ticks and by the
# work the children counted themselves, and its samples become a picture,
# test/out/lab-sched/lottery*.svg (labs/sched/plot.pl), saved and named whether the
# race passed or not. inherit, bad and usertests -q run on a 2-CPU boot.
use strict;
use warnings;

# A race: run schedtest CHECK, draw its samples into test/out/lab-sched/SVG, and pass if
# it said "CHECK: ok". The figures (shares, and the picture's path) are printed either way.
sub race {
	my ($check, $points, $svg, $title, %more) = @_;
	return { name => $more{name}, points => $points, cmd => "schedtest $check",
		cpus => 1, timeout => 300, reject => qr/panic/,
		check => sub {
			my ($out, $root) = @_;
			my @figures = grep { /^$check: / && !/: ok$/ } split /\r?\n/, $out;
			my $path = "test/out/lab-sched/$svg";
			my $picture;
			if ($out =~ /^sample /m && open(my $plot, '|-', 'perl',
					"$root/labs/sched/plot.pl", '-t', $title, '-o', "$root/$path")) {
				print $plot $out;
				$picture = close($plot) ? "picture: $path" : "picture: plot.pl failed";
			} else {
				$picture = "picture: none (no sample lines in the output)";
			}
			my $said = join("\n", @figures, $picture);
			return (1, $said) if $out =~ /^$check: ok$/m && !grep { /FAIL/ } @figures;
			return (0, "expected '$check: ok'; saw:\n" . ($said || $out));
		} };
}

{
	title => 'Lottery scheduling',
	progs => ['schedtest'],
	cpus => 2,
	tests => [
		race('share', 30, 'lottery.svg', 'schedtest share: 10, 20 and 30 tickets on one CPU',
			name => '10:20:30 tickets get 1/6, 2/6, 3/6 of one CPU (ticks within 0.07, work 0.10)'),
		race('change', 15, 'lottery-change.svg',
			'schedtest change: 10 and 10 tickets, then 40 and 10',
			name => 'settickets mid-run: a share of 1/2 becomes 4/5 (ticks within 0.08, work 0.12)'),
		race('starve', 15, 'lottery-starve.svg', 'schedtest starve: 1 ticket against 100',
			name => '1 ticket against 100 still runs, about 1% of the time'),
		{ name => 'tickets: default 1, inherited by fork, ticks start at 0', points => 10,
		  cmd => 'schedtest inherit', expect => qr/^inherit: ok$/m, timeout => 60 },
		{ name => 'settickets(0), negative, getpinfo(bad pointer): -1, no panic',
		  points => 10, cmd => 'schedtest bad', expect => qr/^bad: ok$/m, timeout => 60 },
		{ name => 'usertests -q', points => 20, cmd => 'usertests -q',
		  expect => qr/^ALL TESTS PASSED$/m, timeout => 300, baseline => 1 },
	],
}
