#!/usr/bin/perl
# 07-memsize.t: the kernel uses the memory the machine has. Boots with several -m sizes
# (the BIOS's E820 map) and once through QEMU's multiboot loader (-kernel), checks that
# the mem: line reports the RAM QEMU was given and that kmap, kinit2 and the free-page
# count all stop at phystop = min(RAM, PHYSTOP), then runs programs that use memory.
# Sizes below PHYSTOP once panicked in userinit ("out of memory or process slots").
# MEMTEST_FULL=1 also runs `usertests -q` at every size (minutes each).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Test::More;

ensure_built() or exit(done_testing());
my $c = read_consts('memlayout.h', 'mmu.h');
my ($KERNBASE, $PHYSTOP, $PGSIZE) = @$c{qw(KERNBASE PHYSTOP PGSIZE)};
my $MB = 1024 * 1024;
my $full = $ENV{MEMTEST_FULL};

# [label, QEMU -m in MB, extra QEMU arguments, the map the kernel should name]
my @boots = (
	["-m 64", 64, [], 'E820'],
	["-m 128", 128, [], 'E820'],
	["-m 1024", 1024, [], 'E820'],
	["multiboot -m 96", 96, ['-kernel', 'kernel'], 'multiboot'],
);
for my $b (@boots) {
	my ($label, $mb, $extra, $how) = @$b;
	my $log = OUTDIR . "/memsize-" . ($label =~ s/\W+/_/gr) . ".log";
	my $q = Xv6Test::Qemu->new(cpus => 2, timeout => $full ? 900 : 120, log => $log,
		extra => ['-m', $mb, @$extra]);
	my $up = $q->boot_to_prompt(60);
	my $boot = $q->transcript;
	my ($seen, $uses) = $boot =~ /^mem: (\d+) MB of RAM \(\Q$how\E\), the kernel uses (\d+) MB/m;
	my ($end) = $boot =~ /^kmap\[2\] va \S+ pa 0x[0-9a-f]+-0x([0-9a-f]+) /m;
	my ($plus) = $boot =~ /^kinit2: \+(\d+) pages/m;
	my $top = defined $end ? hex($end) + 1 : 0;
	my $cap = $PHYSTOP >> 20;
	my $want_uses = defined $seen ? ($seen < $cap ? $seen : $cap) : -1;
	ok(defined $up && defined $seen && ($seen == $mb || $seen == $mb - 1) && $uses == $want_uses,
		"$label: boots, and mem: names $mb MB ($how) and uses min(RAM, PHYSTOP)")
		or diag("expected: 'mem: $mb MB of RAM ($how), the kernel uses U MB' (or "
			. ($mb - 1) . " MB) with U = min(RAM, $cap), then a prompt\nsaw: "
			. ($boot =~ /^(mem:.*)$/m ? $1 : "no mem: line") . "; " . ($q->why || 'a prompt')
			. " (console: $log)");
	ok($top && $top % $PGSIZE == 0 && $top >> 20 == $uses && $top <= $PHYSTOP
		&& defined $plus && $plus == ($top - 4 * $MB) / $PGSIZE,
		"$label: kmap[2] and kinit2 end at phystop")
		or diag(sprintf("expected: kmap[2]'s pa end + 1 = phystop, page aligned, %s MB, at most "
			. "PHYSTOP, and kinit2 adding (phystop - 4 MB) / 4096 pages\nsaw: phystop 0x%x, "
			. "kinit2 +%s", $uses // '?', $top, $plus // '?'));
	if (defined $up) {
		my $out = $q->cmd("forktest", 120);
		ok(defined $out && $out =~ /^fork test OK$/m, "$label: forktest runs")
			or diag("expected: 'fork test OK'\nsaw: " . ($out // $q->why));
		if ($full) {
			$out = $q->cmd("usertests -q", 800);
			ok(defined $out && $out =~ /ALL TESTS PASSED/, "$label: usertests -q passes")
				or diag("expected: ALL TESTS PASSED\nsaw: " . ($out // $q->why) . "\n(console: $log)");
		}
	}
	$q->stop;
}
done_testing();
