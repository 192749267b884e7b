#!/usr/bin/perl
# plot.pl: draw schedtest's samples as an SVG picture: each racing process's
# cumulative timer ticks (from getpinfo) against time, one coloured line per
# process, with a dashed line for what its tickets promise.
#
#   perl labs/sched/plot.pl [-t TITLE] [-o OUT.svg] [CONSOLE-OUTPUT]
#
# Reads schedtest's output (a file or standard input) and uses the lines
#   proc PID tickets T later L   a racing process (L: tickets from the mark on)
#   sample TICK PID TICKS        PID had run TICKS ticks TICK ticks after start
#   mark TICK                    when the ticket change took effect
# and ignores the rest. Core Perl only. The grader (labs/sched/tests.pl) saves
# the pictures under test/out/lab-sched/.
use strict;
use warnings;
use Getopt::Long;

my ($title, $out) = ('schedtest', '-');
GetOptions('t=s' => \$title, 'o=s' => \$out)
	or die "usage: plot.pl [-t TITLE] [-o OUT.svg] [FILE]\n";

my (@pids, %tickets, %later, %curve, $mark);
while (my $line = <>) {
	$line =~ s/\r//g;
	if ($line =~ /^proc (\d+) tickets (\d+) later (\d+)$/) {
		push @pids, $1 unless exists $tickets{$1};
		($tickets{$1}, $later{$1}) = ($2, $3);
	} elsif ($line =~ /^sample (-?\d+) (\d+) (-?\d+)$/) {
		push @{$curve{$2}}, [$1, $3];
	} elsif ($line =~ /^mark (\d+)$/) {
		$mark = $1;
	}
}
die "plot.pl: no 'proc' and 'sample' lines in the input\n" unless @pids && %curve;

# What the tickets promise: at each sample, every process gets its share of
# the ticks all of them ran since the last one (shares change at the mark).
sub tickets_at {
	my ($pid, $t) = @_;
	return defined $mark && $t > $mark && $later{$pid} ? $later{$pid} : $tickets{$pid};
}
my %expect;
my @times = map { $_->[0] } @{$curve{$pids[0]}};
for my $i (0 .. $#times) {
	my ($all, $pool) = (0, 0);
	for my $p (@pids) {
		my $c = $curve{$p} or next;
		next unless $c->[$i];
		$all += $c->[$i][1] - ($i ? $c->[$i - 1][1] : 0);
		$pool += tickets_at($p, $times[$i]);
	}
	for my $p (@pids) {
		my $prev = $i ? $expect{$p}[$i - 1][1] : 0;
		my $share = $pool ? tickets_at($p, $times[$i]) / $pool : 0;
		push @{$expect{$p}}, [$times[$i], $i ? $prev + $all * $share : 0];
	}
}

# Scales: data to pixels inside the plot area.
my ($W, $H) = (800, 480);
my ($left, $right, $top, $bottom) = (70, 200, 50, 50);
my ($pw, $ph) = ($W - $left - $right, $H - $top - $bottom);
my ($xmax, $ymax) = (1, 1);
for my $p (@pids) {
	for my $pt (@{$curve{$p} || []}, @{$expect{$p}}) {
		$xmax = $pt->[0] if $pt->[0] > $xmax;
		$ymax = $pt->[1] if $pt->[1] > $ymax;
	}
}
# A round step for the axes: 1, 2 or 5 times a power of ten, 4 to 8 steps.
sub step {
	my ($max) = @_;
	my $raw = $max / 8;
	my $pow = 10 ** int(log($raw) / log(10));
	for my $m (1, 2, 5, 10) { return $m * $pow if $m * $pow >= $raw }
}
my ($xstep, $ystep) = (step($xmax), step($ymax));
$xmax = $xstep * int(($xmax + $xstep - 1) / $xstep);
$ymax = $ystep * int(($ymax + $ystep - 1) / $ystep);
sub X { sprintf '%.1f', $left + $_[0] / $xmax * $pw }
sub Y { sprintf '%.1f', $top + $ph - $_[0] / $ymax * $ph }
sub esc { my ($s) = @_; $s =~ s/&/&amp;/g; $s =~ s/</&lt;/g; $s =~ s/>/&gt;/g; $s }

my @colour = ('#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b');
my @svg;
push @svg, qq{<svg xmlns="http://www.w3.org/2000/svg" width="$W" height="$H" }
	. qq{viewBox="0 0 $W $H" font-family="sans-serif" font-size="13">},
	qq{<rect width="$W" height="$H" fill="white"/>},
	sprintf(qq{<text x="%d" y="28" font-size="16" text-anchor="middle">%s</text>},
		$left + $pw / 2, esc($title));
# Grid and axes.
for (my $x = 0; $x <= $xmax; $x += $xstep) {
	push @svg, sprintf(qq{<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="#ddd"/>},
		X($x), $top, X($x), $top + $ph),
		sprintf(qq{<text x="%s" y="%d" text-anchor="middle">%d</text>},
		X($x), $top + $ph + 18, $x);
}
for (my $y = 0; $y <= $ymax; $y += $ystep) {
	push @svg, sprintf(qq{<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#ddd"/>},
		$left, Y($y), $left + $pw, Y($y)),
		sprintf(qq{<text x="%d" y="%s" text-anchor="end" dy="4">%d</text>},
		$left - 6, Y($y), $y);
}
push @svg, sprintf(qq{<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>},
		$left, $top, $pw, $ph),
	sprintf(qq{<text x="%d" y="%d" text-anchor="middle">timer ticks since the start (100 a second)</text>},
		$left + $pw / 2, $H - 10),
	sprintf(qq{<text transform="translate(18 %d) rotate(-90)" text-anchor="middle">ticks run (getpinfo)</text>},
		$top + $ph / 2);
if (defined $mark) {
	push @svg, sprintf(qq{<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="#555" stroke-dasharray="2 3"/>},
		X($mark), $top, X($mark), $top + $ph),
		sprintf(qq{<text x="%s" y="%d" fill="#555">tickets change</text>},
		X($mark) + 5, $top + 16);
}
# The curves, and the legend beside the plot.
my $ly = $top + 10;
for my $i (0 .. $#pids) {
	my $p = $pids[$i];
	my $c = $colour[$i % @colour];
	my $path = join(' ', map { X($_->[0]) . ',' . Y($_->[1]) } @{$expect{$p}});
	push @svg, qq{<polyline points="$path" fill="none" stroke="$c" stroke-width="1" }
		. qq{stroke-dasharray="6 4" opacity="0.7"/>};
	$path = join(' ', map { X($_->[0]) . ',' . Y($_->[1]) } @{$curve{$p} || []});
	# Earlier curves are wider, so that curves lying on each other show as bands.
	my $width = 2.5 + 2 * ($#pids - $i);
	push @svg, qq{<polyline points="$path" fill="none" stroke="$c" stroke-width="$width" }
		. qq{stroke-linejoin="round"/>};
	my $final = @{$curve{$p} || []} ? $curve{$p}[-1][1] : 0;
	my $what = "$tickets{$p} ticket" . ($tickets{$p} == 1 ? '' : 's')
		. ($later{$p} ? " then $later{$p}" : '');
	push @svg, sprintf(qq{<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="%s"/>},
		$left + $pw + 15, $ly, $left + $pw + 40, $ly, $c, $width),
		sprintf(qq{<text x="%d" y="%d" dy="4">pid %d</text>}, $left + $pw + 46, $ly, $p),
		sprintf(qq{<text x="%d" y="%d" dy="4" font-size="11">%s</text>},
		$left + $pw + 46, $ly + 15, esc($what)),
		sprintf(qq{<text x="%d" y="%d" dy="4" font-size="11">%d ticks</text>},
		$left + $pw + 46, $ly + 29, $final);
	$ly += 52;
}
push @svg, sprintf(qq{<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555" stroke-dasharray="6 4"/>},
		$left + $pw + 15, $ly, $left + $pw + 40, $ly),
	sprintf(qq{<text x="%d" y="%d" dy="4" font-size="11">tickets' share</text>},
		$left + $pw + 46, $ly),
	'</svg>';

my $fh = \*STDOUT;
if ($out ne '-') { open $fh, '>', $out or die "plot.pl: $out: $!\n" }
print $fh join("\n", @svg), "\n";
close $fh or die "plot.pl: $out: $!\n" if $out ne '-';
