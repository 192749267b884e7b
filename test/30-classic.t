#!/usr/bin/perl
# 30-classic.t: a classic xv6 x86 user program (test/classic/classic.c) builds outside the
# tree with the compile and link lines the README gives, and runs unchanged in xv6. The
# commands are read from the README itself, so the README cannot drift from what works.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use Test::More;

ensure_built() or done_testing(), exit;

my $tmp = tempdir("xv6classic-XXXXXX", TMPDIR => 1, CLEANUP => 1);
copy("test/classic/classic.c", "$tmp/prog.c") or die "test/classic/classic.c: $!";

# The README's code block after "After `make` has built user/ulib.a": its gcc and ld lines.
my $readme = Xv6Test::slurp("README") // '';
my ($block) = $readme =~ /After `make` has built user\/ulib\.a.*?\n\n((?: {4}[^\n]*\n)+)/s;
my @cmds;
if (defined $block) {
	$block =~ s/\\\n\s*/ /g;
	@cmds = grep { /\bgcc\b|\bld\b/ && !/^\s*make\b/ } map { s/^\s+//r } split /\n/, $block;
}
# The README's lines name i686-linux-gnu-; use the toolchain the build used (tools/probe.sh).
# With the host compiler the README says: drop the prefix.
my $tc = toolchain() // 'none';
my $prefix = $tc eq 'host' ? '' : $tc;
s/\bi686-linux-gnu-(gcc|ld)\b/$prefix$1/g for @cmds;

my $log = '';
my $built = @cmds == 2;
for my $cmd (@cmds) {
	last unless $built;
	my $r = run_cmd("cd '$tmp' && XV6='" . ROOT . "' && $cmd", timeout => 120);
	$log .= "\$ $cmd\n$r->{out}";
	$built = $r->{status} == 0;
}
$built &&= -s "$tmp/_prog";
ok($built, "the README's compile and link lines build a classic program")
	or diag("expected: a compile line and a link line in the README (after 'After `make` has built "
		. "user/ulib.a'), both succeeding and producing _prog\nsaw: " . scalar(@cmds)
		. " command(s)\n$log");

SKIP: {
	skip("the program did not build", 1) unless $built;
	rename("$tmp/_prog", "$tmp/_classic") or die "rename: $!";
	# An fs.img like the tree's, plus the program, made here: the tree's fs.img is not touched.
	my @files = ('README', sort(glob("user/_*")), "$tmp/_classic");
	my $r = run_cmd(['./tools/mkfs', "$tmp/fs.img", @files], timeout => 60);
	die "mkfs failed: $r->{out}" if $r->{status};
	my $q = Xv6Test::Qemu->new(cpus => 2, timeout => 120, fsimg => "$tmp/fs.img",
		log => OUTDIR . "/classic.log");
	my $out = $q->boot_to_prompt(60) && $q->cmd("classic alpha beta", 60);
	my $why = $q->why;
	$q->stop;
	ok(defined $out && $out =~ /^classic: all \d+ checks passed$/m && $out !~ /FAIL/,
		"a classic xv6 program runs unchanged")
		or diag("expected: 'classic: all N checks passed' after 'classic alpha beta'\nsaw: "
			. ($out ? "'$out'" : $why) . "\n(console in test/out/classic.log)");
}

done_testing();
