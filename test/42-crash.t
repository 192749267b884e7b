#!/usr/bin/perl
# 42-crash.t: cut the power at a sample of disk writes during user/crashwork's workload (the
# first transaction write by write, then points spread over the rest, and two while files
# unlinked while open are on disk) and check that recovery leaves a clean disk holding every
# operation that returned. `make crashtest` tries them all.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Xv6Crash;
use Test::More;

ensure_built() or exit(done_testing());
my ($dir, $why) = crash_build();
ok($dir, "the DEBUGHOOKS=1 kernel builds in a scratch copy")
	or diag("expected: make DEBUGHOOKS=1 all exits 0\nsaw: $why");
exit(done_testing()) unless $dir;

my ($writes, $ops, $steps) = crash_count($dir);
ok(defined $writes && $writes > 20, "the uncut workload runs and counts its disk writes ("
	. ($writes // '?') . ")") or diag("expected: 'crashwork: all N ops done, W disk writes'"
	. " with W > 20\nsaw: " . ($ops // ''));
exit(done_testing()) unless defined $writes;

# Writes 1..12 cover the first transactions phase by phase (log copies, header, install,
# header clear); then six points spread over the rest, the last write, and no cut at all.
my %k = map { $_ => 1 } 1 .. 12;
$k{ int(12 + $_ * ($writes - 12) / 7) } = 1 for 1 .. 6;
$k{$writes} = $k{$writes + 1} = 1;
# Two cuts while files or directories are nameless but still open or the cwd (orphans the
# next boot must free): just after the first op that leaves one, and where most are left.
my @orph = grep { $steps->[$_] && $steps->[$_][1] > 0 } 0 .. $#$steps;
ok(@orph, "the workload leaves orphans (unlinked while open, removed while the cwd) for a while")
	or diag("expected: some 'crashwork: op N ok, W writes, K orphans' with K > 0\nsaw none");
if (@orph) {
	my ($most) = sort { $steps->[$b][1] <=> $steps->[$a][1] } @orph;
	$k{ $steps->[$_][0] + 1 } = 1 for $orph[0], $most;
}
for my $k (sort { $a <=> $b } keys %k) {
	my $r = crash_cut($dir, $k, $ops);
	ok($r->{ok}, $r->{line}) or diag($r->{why});
}
done_testing();
