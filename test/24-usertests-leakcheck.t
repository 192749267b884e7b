#!/usr/bin/perl
# 24-usertests-leakcheck.t: `usertests -c` runs cases that leak on purpose (a file left on the
# disk; an open file held by a process that outlives its case); the runner's leak accounting
# (kstat) must catch each one and name the resource.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Test::More;

ensure_built() or do { done_testing(); exit };
my $log = OUTDIR . "/usertests-leakcheck.log";
my $q = Xv6Test::Qemu->new(cpus => 2, timeout => 180, log => $log);
ok(defined $q->boot_to_prompt(60), "boot reaches the shell prompt")
	or do { diag("saw: " . $q->why); $q->stop; done_testing(); exit };
my $out = $q->cmd("usertests -c", 120);
$q->stop;
ok(defined $out, "usertests -c returns to the prompt") or diag("saw: " . $q->why);
$out //= '';
like($out, qr/leaked 1 inode\(s\) on disk .*leaked 1 block\(s\) on disk/,
	"a file left on the disk is reported as an inode and a block");
like($out, qr/leaked 1 inode-cache entr\(ies\).*leaked 1 open file\(s\)/,
	"an open file kept past the case is reported as a file-table and an inode-cache entry");
like($out, qr/^ALL TESTS PASSED$/m, "usertests -c says ALL TESTS PASSED")
	or diag("console in $log");
done_testing();
