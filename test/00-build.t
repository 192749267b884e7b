#!/usr/bin/perl
# 00-build.t: the tree builds from clean, without a single warning, and the boot sector is a
# valid 512-byte sector. If both the cross compiler and the host gcc -m32 exist, the tree must
# also build warning-free with the other one (TOOLCHAIN=host), in a scratch copy.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use File::Temp qw(tempdir);
use Test::More;

# "warning" as a word: gcc, ld and make all say "warning:"; flags like --fatal-warnings do not count.
sub warnings_in { grep { /\bwarning\b/i } split /\n/, $_[0] }

my $clean = run_cmd(['make', 'clean'], timeout => 120);
my $build = run_cmd(['make', '-j2', 'all'], timeout => 1200);
Xv6Test::spew(OUTDIR . "/build.log", $clean->{out} . $build->{out});

ok($clean->{status} == 0 && $build->{status} == 0, "build succeeds")
	or diag("expected: make clean && make all exit 0\nsaw: make clean exit $clean->{status}, "
		. "make all exit $build->{status}" . ($build->{timedout} ? " (timed out)" : "")
		. "; last lines (all of it in test/out/build.log):\n"
		. join("\n", grep { defined } (split /\n/, $build->{out})[-25 .. -1]));

my @warn = warnings_in($clean->{out} . $build->{out});
ok(!@warn, "build prints no warnings")
	or diag("expected: no line with the word 'warning'\nsaw:\n" . join("\n", @warn));

my $bb = Xv6Test::slurp("bootblock");
ok(defined $bb && length($bb) == 512 && substr($bb, 510) eq "\x55\xAA", "boot sector fits")
	or diag("expected: bootblock of exactly 512 bytes ending 55 AA\nsaw: "
		. (defined $bb ? sprintf("%d bytes ending %s", length $bb,
			join(' ', map { sprintf "%02X", ord } split //, substr($bb, -2))) : "no bootblock"));

# The second toolchain. The probe order in the Makefile means a plain `make` used the cross
# compiler if it exists; TOOLCHAIN=host forces gcc -m32.
my $host = run_cmd(q{echo 'int x;' | gcc -m32 -x c -c -o /dev/null - && command -v objdump},
	timeout => 60)->{status} == 0;
my $cross = run_cmd(q{command -v i686-linux-gnu-gcc && command -v i686-linux-gnu-objdump},
	timeout => 60)->{status} == 0;
SKIP: {
	skip("only one i386 toolchain here (host gcc -m32: " . ($host ? "yes" : "no")
		. ", i686-linux-gnu-gcc: " . ($cross ? "yes" : "no") . ")", 2)
		unless $host && $cross;
	my $dir = tempdir("xv6build-XXXXXX", TMPDIR => 1, CLEANUP => 1);
	Xv6Test::copy_tree($dir);
	my $r = run_cmd(['make', '-j2', 'TOOLCHAIN=host', 'all'], timeout => 1200, dir => $dir);
	Xv6Test::spew(OUTDIR . "/build-host.log", $r->{out});
	ok($r->{status} == 0, "build with TOOLCHAIN=host (gcc -m32) succeeds")
		or diag("expected: make TOOLCHAIN=host all exits 0 in a copy of the tree\nsaw: exit "
			. "$r->{status}; last lines (all of it in test/out/build-host.log):\n"
			. join("\n", grep { defined } (split /\n/, $r->{out})[-25 .. -1]));
	my @hw = warnings_in($r->{out});
	ok(!@hw, "build with TOOLCHAIN=host prints no warnings")
		or diag("expected: no line with the word 'warning'\nsaw:\n" . join("\n", @hw));
}

done_testing();
