#!/usr/bin/perl
# 02-boot-report.t: boot once and check the memory report the kernel prints while it builds
# its page tables, line by line, against numbers computed here from kernel.sym and the
# constants in memlayout.h and mmu.h. The console output is kept in test/out/boot.log.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Test::More;

ensure_built() or done_testing(), exit;

my $sym = read_syms('kernel.sym');
my $c = read_consts('memlayout.h', 'mmu.h');
my @need_c = qw(KERNBASE EXTMEM PHYSTOP DEVSPACE PGSIZE PDXSHIFT);
my @need_s = qw(end data);
my @missing = ((grep { !defined $c->{$_} } @need_c), (grep { !defined $sym->{$_} } @need_s));
if (@missing) {
	fail("constants and symbols the checks need");
	diag("expected: @need_c in memlayout.h/mmu.h and @need_s in kernel.sym\n"
		. "saw: no value for @missing");
	done_testing();
	exit;
}
my ($KERNBASE, $EXTMEM, $PHYSTOP, $DEVSPACE, $PGSIZE) = @$c{qw(KERNBASE EXTMEM PHYSTOP DEVSPACE PGSIZE)};
my $PT = 1 << $c->{PDXSHIFT};    # bytes one page table maps (4 MB)
my $TOP = 2**32;
sub pgroundup { my $a = shift; ($a + $PGSIZE - 1) & ~($PGSIZE - 1) & 0xffffffff }
sub tables { my ($lo, $hi) = @_; int(($hi - 1) / $PT) - int($lo / $PT) + 1 }  # [lo, hi)

# What the kernel should say.
my $start = pgroundup($sym->{end});
my $kinit1_end = $KERNBASE + 4 * 1024 * 1024;    # kinit1 frees up to P2V(4 MB)
my $N = ($kinit1_end - $start) / $PGSIZE;
my $M = 1 + tables($KERNBASE, $KERNBASE + $PHYSTOP) + tables($DEVSPACE, $TOP);
my $P = ($PHYSTOP + ($TOP - $DEVSPACE)) / $PGSIZE;
my $kinit2 = ($PHYSTOP - 4 * 1024 * 1024) / $PGSIZE;
my $data = $sym->{data};
my $KL = $KERNBASE + $EXTMEM;

my $q = Xv6Test::Qemu->new(cpus => 2, timeout => 90, log => OUTDIR . "/boot.log");
my $prompt = $q->boot_to_prompt(60);
my $why = $q->why;
$q->stop;
my $out = $q->transcript;
my @lines = split /\n/, $out;

# The first line starting with $prefix, or undef.
sub line_of { my ($prefix) = @_; (grep { index($_, $prefix) == 0 } @lines)[0] }

sub saw { defined $_[0] ? "'$_[0]'" : "no such line in test/out/boot.log" }

# A line that must read exactly so.
sub exact {
	my ($name, $prefix, $want) = @_;
	my $got = line_of($prefix);
	ok(defined $got && $got eq $want, $name)
		or diag("expected: '$want'\nsaw:      " . saw($got));
}

# The RAM: make qemu-nox gives QEMU `-m MB` (QEMU's E820 map keeps the last 128 KB of it
# for the firmware, so the kernel may see a megabyte less); the kernel uses at most PHYSTOP.
my ($ram) = join(' ', qemu_cmd(cpus => 2)) =~ /-m (\d+)/;
my $l = line_of("mem:");
my ($seen_mb, $uses_mb) = defined $l ? $l =~ /^mem: (\d+) MB of RAM \(E820\), the kernel uses (\d+) MB/ : ();
my $cap = $PHYSTOP >> 20;
ok(defined $ram && defined $uses_mb && ($seen_mb == $ram || $seen_mb == $ram - 1)
	&& $uses_mb == ($seen_mb < $cap ? $seen_mb : $cap)
	&& ($seen_mb > $cap ? $l =~ /\(PHYSTOP\)$/ : $l !~ /PHYSTOP/),
	"mem reports the RAM QEMU was given and uses min(that, PHYSTOP)")
	or diag("expected: 'mem: R MB of RAM (E820), the kernel uses U MB' with R = "
		. ($ram // '?') . " (or one less) and U = min(R, $cap)\nsaw:      " . saw($l));
# The checks below assume the kernel uses all of PHYSTOP, as it does with the default -m.
BAIL_OUT("these checks need -m above PHYSTOP") if defined $ram && $ram <= $cap;

$l = line_of("kinit1:");
my $want = sprintf("kinit1: %d free pages [0x%08x, 0x%08x)", $N, $start, $kinit1_end);
ok(defined $l && $l eq $want, "kinit1 frees the pages from PGROUNDUP(end) to 4 MB")
	or diag("expected: '$want'   (end = " . hex8($sym->{end}) . " from kernel.sym)\nsaw:      "
		. saw($l));

$l = line_of("kvmalloc: kpgdir");
my ($pgdir, $m, $kb) = defined $l ? $l =~ /^kvmalloc: kpgdir at pa 0x([0-9a-f]{8}), (\d+) page-table pages \((\d+) KB a process\)$/ : ();
my $lo = $start - $KERNBASE;
ok(defined $m && $m == $M && hex($pgdir) % $PGSIZE == 0 && hex($pgdir) >= $lo
	&& hex($pgdir) < 4 * 1024 * 1024 && $kb == $M * $PGSIZE / 1024,
	"kvmalloc reports kpgdir and $M page-table pages, their size a process")
	or diag(sprintf("expected: 'kvmalloc: kpgdir at pa 0xPPPPPPPP, %d page-table pages "
		. "(%d KB a process)' with "
		. "PPPPPPPP page-aligned in [0x%08x, 0x00400000) (1 directory + %d tables for KERNBASE.."
		. "KERNBASE+PHYSTOP + %d for DEVSPACE..4 GB)\nsaw:      %s", $M, $M * 4, $lo,
		tables($KERNBASE, $KERNBASE + $PHYSTOP), tables($DEVSPACE, $TOP), saw($l)));

exact("kmap[0] maps the I/O space", "kmap[0]",
	sprintf("kmap[0] va 0x%08x-0x%08x pa 0x%08x-0x%08x rw- I/O space",
		$KERNBASE, $KL - 1, 0, $EXTMEM - 1));
exact("kmap[1] maps kernel text+rodata read-only up to data", "kmap[1]",
	sprintf("kmap[1] va 0x%08x-0x%08x pa 0x%08x-0x%08x r-- text+rodata",
		$KL, $data - 1, $EXTMEM, $data - 1 - $KERNBASE));
exact("kmap[2] maps kernel data and free memory", "kmap[2]",
	sprintf("kmap[2] va 0x%08x-0x%08x pa 0x%08x-0x%08x rw- data+free memory",
		$data, $KERNBASE + $PHYSTOP - 1, $data - $KERNBASE, $PHYSTOP - 1));
exact("kmap[3] maps the devices", "kmap[3]",
	sprintf("kmap[3] va 0x%08x-0x%08x pa 0x%08x-0x%08x rw- devices",
		$DEVSPACE, $TOP - 1, $DEVSPACE, $TOP - 1));
exact("kvmcheck passes", "kvmcheck:",
	"kvmcheck: ok: $P pages match kmap, text read-only, nothing below KERNBASE");

$l = (grep { /^kvmalloc: .*free pages left/ } @lines)[0];
$want = sprintf("kvmalloc: %d free pages left", $N - $M);
ok(defined $l && $l eq $want, "kvmalloc used exactly the page-table pages")
	or diag("expected: '$want'   ($N - $M)\nsaw:      " . saw($l));

$l = line_of("kinit2:");
my ($plus, $t) = defined $l ? $l =~ /^kinit2: \+(\d+) pages, (\d+) free$/ : ();
ok(defined $t && $plus == $kinit2 && $t >= $kinit2 && $t <= $N - $M + $kinit2,
	"kinit2 adds the memory from 4 MB to PHYSTOP")
	or diag(sprintf("expected: 'kinit2: +%d pages, T free' with %d <= T <= %d\nsaw:      %s",
		$kinit2, $kinit2, $N - $M + $kinit2, saw($l)));

$l = line_of("fs:");
ok(defined $l && $l =~ /^fs: \d+ blocks: log \d+-\d+, \d+ inodes \d+-\d+, bitmap \d+-\d+, data \d+-\d+$/,
	"fs reports the disk's layout")
	or diag("expected: 'fs: N blocks: log A-B, N inodes A-B, bitmap A-B, data A-B'\nsaw:      "
		. saw($l));

# Every line the kernel prints before the shell's prompt (from mem: on; the BIOS comes
# before) must fit the 80-column VGA text screen of make qemu: a longer one wraps there.
my ($first) = grep { index($lines[$_], "mem:") == 0 } 0 .. $#lines;
my ($sh) = grep { index($lines[$_], "init: starting sh") == 0 } 0 .. $#lines;
my @boot = defined $first ? @lines[$first .. ($sh // $#lines)] : ();
my @wide = grep { length($_) > 80 } @boot;
ok(!@wide, "every boot-report line fits in 80 columns")
	or diag("expected: no line longer than 80 characters before the prompt\nsaw:\n"
		. join("\n", map { length($_) . ": $_" } @wide));

my @panic = grep { /panic/ } @lines;
ok(!@panic, "boot does not panic")
	or diag("expected: no 'panic' in the boot output\nsaw:\n" . join("\n", @panic));

ok(defined $prompt, "boot reaches the shell prompt")
	or diag("expected: '\$ ' within 60 s\nsaw: $why; the output ends with:\n"
		. join("\n", grep { defined } @lines[-10 .. -1]));

done_testing();
