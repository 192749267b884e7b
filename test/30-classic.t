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

# The README's compile line uses the tree's own user flags: every code-generation option
# (-m..., -f..., -O...) that make passes when it compiles a user program is in it.
my $mk = run_cmd(['make', '-n', '-B', 'user/cat.o'], timeout => 60);
my ($mkline) = grep { /\buser\/cat\.c\b/ && /-c\b/ } split /\n/, $mk->{out};
my %readme_flags = map { $_ => 1 } grep { /^-[mfO]/ } split ' ', ($cmds[0] // '');
my @missing = grep { !$readme_flags{$_} } grep { /^-[mfO]/ } split ' ', ($mkline // '');
ok(defined $mkline && !@missing, "the README's compile line has the Makefile's user flags")
	or diag("expected: every -m/-f/-O flag of make's user compile line in the README's\n"
		. "saw: missing @missing\nmake: " . ($mkline // "(no compile line from make -n)"));

# Build the program with the README's lines, then again with -fomit-frame-pointer added (as
# old course suites are built): %ebp then holds ordinary data at every system call.
my %variant = (plain => '', nofp => ' -O2 -fomit-frame-pointer');
my %prog;
for my $v (sort keys %variant) {
	my $log = '';
	my $built = @cmds == 2;
	for my $cmd (@cmds) {
		last unless $built;
		my $c = $cmd;
		$c =~ s/ -c / $variant{$v} -c / if $c =~ /gcc/;
		my $r = run_cmd("cd '$tmp' && XV6='" . ROOT . "' && $c", timeout => 120);
		$log .= "\$ $c\n$r->{out}";
		$built = $r->{status} == 0;
	}
	$built &&= -s "$tmp/_prog";
	ok($built, "the README's compile and link lines build a classic program ($v)")
		or diag("expected: a compile line and a link line in the README (after 'After `make` has "
			. "built user/ulib.a'), both succeeding and producing _prog\nsaw: " . scalar(@cmds)
			. " command(s)\n$log");
	next unless $built;
	my $name = $v eq 'plain' ? 'classic' : 'classicnofp';
	rename("$tmp/_prog", "$tmp/_$name") or die "rename: $!";
	$prog{$v} = $name;
}

SKIP: {
	skip("the program did not build", 2) unless %prog;
	# An fs.img like the tree's, plus the programs, made here: the tree's fs.img is not touched.
	my @files = ('README', sort(glob("user/_*")), map { "$tmp/_$_" } sort values %prog);
	my $r = run_cmd(['./tools/mkfs', "$tmp/fs.img", @files], timeout => 60);
	die "mkfs failed: $r->{out}" if $r->{status};
	my $q = Xv6Test::Qemu->new(cpus => 2, timeout => 180, fsimg => "$tmp/fs.img",
		log => OUTDIR . "/classic.log");
	my $up = $q->boot_to_prompt(60);
	for my $v (sort keys %variant) {
		my $name = $prog{$v} or do { fail("a classic xv6 program runs unchanged ($v): not built"); next };
		my $out = $up && $q->cmd("$name alpha beta", 60);
		ok(defined $out && $out =~ /^classic: all \d+ checks passed$/m && $out !~ /FAIL|panic/,
			"a classic xv6 program runs unchanged ($v)")
			or diag("expected: 'classic: all N checks passed' after '$name alpha beta'\nsaw: "
				. ($out ? "'$out'" : $q->why) . "\n(console in test/out/classic.log)");
	}
	$q->stop;
}

done_testing();
