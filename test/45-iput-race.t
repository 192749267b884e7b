#!/usr/bin/perl
# 45-iput-race.t: iput's two races, forced every round. A DEBUGHOOKS=1 kernel (built in a
# scratch copy) holds one process inside iput (kdebug KDEBUG_IPUTSTALL) while another
# (1) drops the other of the last two references to an unlinked file, and (2) creates,
# unlinks and closes a file that reuses the inode being freed; user/iputrace runs the
# rounds and counts free inodes and blocks around them (kstat), and tools/fsck then
# checks that no inode was left allocated without a name. Each race leaked one inode per
# round with the iput it was found in (see fs.c).
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
		fsimg => "fs.img", savefs => $disk, log => OUTDIR . "/iputrace-cpus$cpus.log");
	my $up = $q->boot_to_prompt(60);
	my $out = defined $up ? $q->cmd("iputrace $ROUNDS", 90) : undef;
	my $seen = $q->why;
	$q->stop;
	ok(defined $out && $out =~ /^iputrace: $ROUNDS rounds done \($ROUNDS reused the freed inode\), no inode or block lost$/m && $out !~ /FAILED/,
		"cpus=$cpus: $ROUNDS rounds of both iput races, no inode or block lost")
		or diag("expected: 'iputrace: $ROUNDS rounds done ($ROUNDS reused the freed inode), no inode or block lost'\nsaw: " . ($out // "nothing ($seen)")
		. "\n(console: test/out/iputrace-cpus$cpus.log)");
	my $r = run_cmd(["tools/fsck", '-r', $disk], timeout => 60);
	ok($r->{status} == 0, "cpus=$cpus: fsck finds every inode freed (none in use with no name)")
		or diag("expected: fsck exit 0 ('clean')\nsaw: exit $r->{status}:\n$r->{out}");
}
done_testing();
