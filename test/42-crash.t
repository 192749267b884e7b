#!/usr/bin/perl
# 42-crash.t: cut the power at a sample of disk writes during user/crashwork's workload (the
# first transaction write by write, then points spread over the rest) and check that recovery
# leaves a clean disk holding every operation that returned. `make crashtest` tries them all.
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

my ($writes, $ops) = crash_count($dir);
ok(defined $writes && $writes > 20, "the uncut workload runs and counts its disk writes ("
	. ($writes // '?') . ")") or diag("expected: 'crashwork: all N ops done, W disk writes'"
	. " with W > 20\nsaw: " . ($ops // ''));
exit(done_testing()) unless defined $writes;

# Writes 1..12 cover the first transactions phase by phase (log copies, header, install,
# header clear); then six points spread over the rest, the last write, and no cut at all.
my %k = map { $_ => 1 } 1 .. 12;
$k{ int(12 + $_ * ($writes - 12) / 7) } = 1 for 1 .. 6;
$k{$writes} = $k{$writes + 1} = 1;
for my $k (sort { $a <=> $b } keys %k) {
	my $r = crash_cut($dir, $k, $ops);
	ok($r->{ok}, $r->{line}) or diag($r->{why});
}
done_testing();
