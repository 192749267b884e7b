#!/usr/bin/perl
# 00-build.t: the tree builds without a single warning, with every i386 toolchain this machine
# has, from a fresh copy of the files git knows, and the boot sector is a valid 512-byte
# sector. Under `make test`, which has just built the tree from clean with the default
# toolchain and kept the output (XV6_TREE_BUILD_LOG), that build is checked rather than made
# again; the second toolchain (TOOLCHAIN=host when the default is a cross compiler) builds in
# a fresh copy. Run alone, or with one toolchain only, the default builds in a fresh copy.
# The tree itself is left alone.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use File::Temp qw(tempdir);
use Test::More;

# "warning" as a word: gcc, ld and make all say "warning:"; flags like --fatal-warnings do not count.
sub warnings_in { grep { /\bwarning\b/i } split /\n/, $_[0] }

# build_in_copy(NAME, MAKE VARIABLES...): make all in a fresh copy of the tree (files git
# knows, no build outputs), so this needs no clean build of the tree itself. Checks that it
# succeeds and prints no warning; returns the copy's directory.
sub build_in_copy {
	my ($name, @vars) = @_;
	my $dir = tempdir("xv6build-XXXXXX", TMPDIR => 1, CLEANUP => 1);
	Xv6Test::copy_tree($dir);
	my $log = "build" . (@vars ? "-" . lc($vars[0] =~ s/.*=//r) : "") . ".log";
	my $r = run_cmd(['make', '-j2', @vars, 'all'], timeout => 1200, dir => $dir);
	Xv6Test::spew(OUTDIR . "/$log", $r->{out});
	ok($r->{status} == 0, "$name succeeds")
		or diag("expected: make @vars all exits 0 in a fresh copy of the tree\nsaw: exit "
			. "$r->{status}" . ($r->{timedout} ? " (timed out)" : "") . "; last lines (all of "
			. "it in test/out/$log):\n"
			. join("\n", grep { defined } (split /\n/, $r->{out})[-25 .. -1]));
	my @warn = warnings_in($r->{out});
	ok(!@warn, "$name prints no warnings")
		or diag("expected: no line with the word 'warning'\nsaw:\n" . join("\n", @warn));
	return $dir;
}

# The toolchain a plain `make` picks (tools/probe.sh), and every usable one.
my $default = toolchain() // 'none';
my @all = toolchains();
my $second = $default ne 'host' && grep { $_ eq 'host' } @all;
my $treelog = $ENV{XV6_TREE_BUILD_LOG};
$treelog = ROOT . "/$treelog" if defined $treelog && $treelog !~ m{^/};

my $dir;
if (defined $treelog && $second) {
	# make test's own build from clean: it succeeded (make test stops otherwise); check
	# its output for warnings and its boot sector.
	my $out = Xv6Test::slurp($treelog);
	ok(defined $out, "build from clean (toolchain $default): make test's build log exists")
		or diag("expected: the log $treelog\nsaw: $!");
	my @warn = warnings_in($out // '');
	ok(!@warn, "build from clean (toolchain $default) prints no warnings")
		or diag("expected: no line with the word 'warning' in $treelog\nsaw:\n"
			. join("\n", @warn));
	$dir = ROOT;
} else {
	$dir = build_in_copy("build from clean (toolchain $default)");
}

my $bb = Xv6Test::slurp("$dir/bootblock");
ok(defined $bb && length($bb) == 512 && substr($bb, 510) eq "\x55\xAA", "boot sector fits")
	or diag("expected: bootblock of exactly 512 bytes ending 55 AA\nsaw: "
		. (defined $bb ? sprintf("%d bytes ending %s", length $bb,
			join(' ', map { sprintf "%02X", ord } split //, substr($bb, -2))) : "no bootblock"));

# The second toolchain: when the default is a cross compiler and the host gcc -m32 works too,
# TOOLCHAIN=host must build as cleanly, from a fresh copy.
SKIP: {
	skip("only one i386 toolchain here (tools/probe.sh all: @all)", 2) unless $second;
	build_in_copy("build with TOOLCHAIN=host (gcc -m32) in a fresh copy", 'TOOLCHAIN=host');
}

done_testing();
