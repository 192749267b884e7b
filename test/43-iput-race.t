#!/usr/bin/perl
# 43-iput-race.t: two processes drop the last two references to an unlinked file at the
# same time, and the inode is freed exactly once. A DEBUGHOOKS=1 kernel (built in a scratch
# copy) holds the first process at the top of iput (kdebug KDEBUG_IPUTSTALL) until the
# second has closed, which makes the once-narrow race happen every round; user/iputrace
# runs the rounds, and tools/fsck then checks that no inode was left allocated without a
# name. The old iput, which decided under the sleeplock and dropped the reference later,
# leaked one inode per round here.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Temp qw(tempdir);
use Xv6Test;
use Xv6Crash;
use Test::More;

my $ROUNDS = 5;
ensure_built() or exit(done_testing());
my ($dir, $why) = crash_build();
ok($dir, "the DEBUGHOOKS=1 kernel builds in a scratch copy")
	or diag("expected: make DEBUGHOOKS=1 all exits 0\nsaw: $why");
exit(done_testing()) unless $dir;

my $work = tempdir("xv6iput-XXXXXX", TMPDIR => 1, CLEANUP => 1);
for my $cpus (1, 2) {
	my $disk = "$work/after-$cpus.img";
	my $q = Xv6Test::Qemu->new(cpus => $cpus, timeout => 120, xv6img => "$dir/xv6.img",
		fsimg => "$dir/fs.img", savefs => $disk, log => OUTDIR . "/iputrace-cpus$cpus.log");
	my $up = $q->boot_to_prompt(60);
	my $out = defined $up ? $q->cmd("iputrace $ROUNDS", 90) : undef;
	my $seen = $q->why;
	$q->stop;
	ok(defined $out && $out =~ /^iputrace: $ROUNDS rounds done, no inode or block lost$/m && $out !~ /FAILED/,
		"cpus=$cpus: $ROUNDS rounds of two processes closing an unlinked file at once")
		or diag("expected: 'iputrace: $ROUNDS rounds done, no inode or block lost'\nsaw: " . ($out // "nothing ($seen)")
		. "\n(console: test/out/iputrace-cpus$cpus.log)");
	my $r = run_cmd(["$dir/tools/fsck", '-r', $disk], timeout => 60);
	ok($r->{status} == 0, "cpus=$cpus: fsck finds every inode freed (none in use with no name)")
		or diag("expected: fsck exit 0 ('clean')\nsaw: exit $r->{status}:\n$r->{out}");
}
done_testing();
