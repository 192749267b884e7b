#!/usr/bin/perl
# crashtest.pl: `make crashtest`, the full power-cut sweep. Cuts the power at every disk write
# of user/crashwork's workload in turn (k = 1 .. W, and once with no cut), and after each
# checks what recovery leaves (test/lib/Xv6Crash.pm). Ends with
# "crashtest: N cut points, M passed"; exits 0 only if all passed.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Time::HiRes qw(time);
use Xv6Test;
use Xv6Crash;

$| = 1;
my $start = time;
my ($dir, $why) = crash_build();
die "crashtest: $why\n" unless $dir;
my ($writes, $ops) = crash_count($dir);
die "crashtest: $ops\n" unless defined $writes;
print "crashtest: the workload makes $writes disk writes in $ops operations\n";

my ($tried, $passed) = (0, 0);
for my $k (1 .. $writes + 1) {
	my $r = crash_cut($dir, $k, $ops);
	$tried++;
	$passed++ if $r->{ok};
	print "$r->{line}\n";
	print map { "    $_\n" } split /\n/, $r->{why} unless $r->{ok};
}
printf "crashtest: %d cut points, %d passed (%.0f s)\n", $tried, $passed, time - $start;
exit($passed == $tried ? 0 : 1);
