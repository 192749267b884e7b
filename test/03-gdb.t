#!/usr/bin/perl
# 03-gdb.t: walk the boot path with gdb against QEMU's gdb stub, as the README's recipe does:
# stop at the physical entry point (paging off), step over the CR0 write (paging on, CR3 =
# entrypgdir), stop in main (high addresses), and check kvmalloc's switch to kpgdir and the
# pgwalk command from tools/pgwalk.py. The board drawings (pgsvg, tools/pgsvg.py) made after
# the CR0 write and after kvmalloc must show entrypgdir's two 4 MB pages and kmap's regions.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Test::More;

ensure_built() or done_testing(), exit;

my $sym = read_syms('kernel.sym');
my $KERNBASE = read_consts('memlayout.h')->{KERNBASE};
my $entry = $sym->{_start};
my $pgdir = defined $sym->{entrypgdir} ? $sym->{entrypgdir} - $KERNBASE : undef;

# The CR0 write in entry.S: the first `mov %eax,%cr0` in kernel.asm. entry.S is linked at
# high addresses but runs at low ones, so its EIP is the listed address minus KERNBASE.
my $cr0_at;
if (open(my $fh, '<', 'kernel.asm')) {
	while (<$fh>) {
		if (/^\s*([0-9a-f]{8}):\s.*\bmov\s+%eax,%cr0\s*$/) { $cr0_at = hex($1) - $KERNBASE; last }
	}
}
unless (defined $entry && defined $pgdir && defined $cr0_at) {
	fail("symbols the gdb checks need");
	diag("expected: _start and entrypgdir in kernel.sym, 'mov %eax,%cr0' in kernel.asm\n"
		. "saw: _start " . ($entry // 'missing') . ", entrypgdir " . ($pgdir // 'missing')
		. ", cr0 write " . ($cr0_at // 'missing'));
	done_testing();
	exit;
}

my $port = free_port();
my $q = Xv6Test::Qemu->new(cpus => 1, halted => 1, gdbport => $port, timeout => 150,
	log => OUTDIR . "/gdb-console.log");

my $script = OUTDIR . "/gdb-commands";
# Control registers go through pgwalk.py's ctlreg(): gdb's $cr0/$cr3 when QEMU's stub has
# them (it does for qemu-system-i386), else `monitor info registers`.
my ($esvg, $ksvg) = (OUTDIR . "/entrypgdir.svg", OUTDIR . "/kpgdir.svg");
unlink $esvg, $ksvg;
Xv6Test::spew($script, sprintf(<<'GDB', $port, $entry, $cr0_at, $esvg, $ksvg));
set pagination off
set confirm off
set architecture i386
target remote 127.0.0.1:%d
source tools/pgwalk.py
python
def xv6t(tag, extra=""):
    eip = int(gdb.parse_and_eval("$eip")) & 0xFFFFFFFF
    print("XV6T %%s eip=0x%%08x cr0=0x%%08x cr3=0x%%08x %%s" %% (tag, eip, ctlreg("cr0"), ctlreg("cr3"), extra))
end
hbreak *0x%08x
continue
python xv6t("entry")
delete
set $xv6t_n = 0
while $eip != 0x%08x && $xv6t_n < 100
  stepi
  set $xv6t_n = $xv6t_n + 1
end
python xv6t("atcr0")
stepi
python xv6t("aftercr0")
pgsvg %s
hbreak main
continue
python xv6t("main")
echo XV6T pgwalk begin\n
pgwalk 0x80100000
echo XV6T pgwalk end\n
delete
break kvmalloc
continue
finish
python xv6t("kvmalloc", "kpgdir=0x%%08x" %% (int(gdb.parse_and_eval("(unsigned)kpgdir")) & 0xFFFFFFFF))
pgsvg %s
kill
GDB

# Wait (up to 20 s) until QEMU listens: then the port can no longer be bound. (Connecting to
# find out would count as a gdb session with the stub.)
for (1 .. 100) {
	last unless $q->alive && IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port,
		Proto => 'tcp', Listen => 1);
	select(undef, undef, undef, 0.2);
}
my $r = run_cmd(['gdb', '-batch', '-nx', '-x', $script, 'kernel'], timeout => 120);
$q->stop;
Xv6Test::spew(OUTDIR . "/gdb.log", $r->{out});
my $out = $r->{out};
my $seen = "gdb " . ($r->{timedout} ? "timed out" : "exited $r->{status}")
	. "; its output is in test/out/gdb.log, and ends with:\n"
	. join("\n", grep { defined } (split /\n/, $out)[-12 .. -1]);

my %at;
while ($out =~ /^XV6T (\w+) (.*)$/mg) {
	my ($where, $rest) = ($1, $2);
	while ($rest =~ /(\w+)=(\S+)/g) {
		my ($k, $v) = ($1, $2);
		$at{$where}{$k} = $v =~ /^0x/ ? hex($v) : $v;
	}
}
my $CR0_PG = 0x80000000;

my $e = $at{entry};
ok($e && $e->{eip} == $entry && !($e->{cr0} & $CR0_PG), "gdb stops at the entry point with paging off")
	or diag(sprintf("expected: eip=0x%08x and CR0.PG=0 at hbreak *0x%08x\nsaw: %s", $entry, $entry,
		$e ? sprintf("eip=0x%08x cr0=0x%08x", $e->{eip}, $e->{cr0}) : $seen));

my ($b, $a) = ($at{atcr0}, $at{aftercr0});
ok($b && $a && $b->{eip} == $cr0_at && !($b->{cr0} & $CR0_PG) && ($a->{cr0} & $CR0_PG)
	&& $a->{cr3} == $pgdir && $a->{eip} > $cr0_at && $a->{eip} < 0x400000,
	"stepping over the CR0 write turns paging on with CR3 = entrypgdir")
	or diag(sprintf("expected: stepi reaches 0x%08x (mov %%eax,%%cr0) with PG=0; one more stepi: "
		. "PG=1, cr3=0x%08x (entrypgdir - KERNBASE), eip still low\nsaw: %s", $cr0_at, $pgdir,
		$b && $a ? sprintf("before: eip=0x%08x cr0=0x%08x; after: eip=0x%08x cr0=0x%08x cr3=0x%08x",
			@$b{qw(eip cr0)}, @$a{qw(eip cr0 cr3)}) : $seen));

my $m = $at{main};
ok($m && $m->{eip} >= $KERNBASE, "main runs at a high address")
	or diag(sprintf("expected: eip >= 0x%08x at hbreak main\nsaw: %s", $KERNBASE,
		$m ? sprintf("eip=0x%08x", $m->{eip}) : $seen));

my ($walk) = $out =~ /^XV6T pgwalk begin\n(.*?)^XV6T pgwalk end$/ms;
ok(defined $walk && $walk =~ /^physical address 0x00100000$/m && $walk =~ /PDE\[512\]/,
	"pgwalk 0x80100000 at main finds physical 0x00100000")
	or diag("expected: pgwalk output with PDE[512] and 'physical address 0x00100000'\nsaw: "
		. ($walk // $seen));

my $k = $at{kvmalloc};
ok($k && $k->{cr3} == $k->{kpgdir} - $KERNBASE, "after kvmalloc, CR3 = V2P(kpgdir)")
	or diag(sprintf("expected: cr3 = kpgdir - 0x%08x after 'finish' from kvmalloc\nsaw: %s",
		$KERNBASE, $k ? sprintf("cr3=0x%08x kpgdir=0x%08x", $k->{cr3}, $k->{kpgdir}) : $seen));

# The board drawings: read the runs back from the SVG's <g class="run" data-...> elements.
sub svg_runs {
	my ($path) = @_;
	open(my $fh, '<', $path) or return undef;
	local $/;
	my $svg = <$fh>;
	my @r;
	while ($svg =~ /<g class="run" data-va="(0x[0-9a-f]+)" data-pa="(0x[0-9a-f]+)" data-size="(0x[0-9a-f]+)" data-flags="([^"]*)">/g) {
		push @r, sprintf("va 0x%08x pa 0x%08x size 0x%x %s", hex($1), hex($2), hex($3), $4);
	}
	return ($svg =~ m{</svg>\s*$} && $svg =~ /KERNBASE/) ? \@r : ["(not a complete drawing)"];
}
sub runs_ok {
	my ($path, $name, @want) = @_;
	my $got = svg_runs($path);
	my $ok = $got && "@$got" eq "@want";
	ok($ok, $name) or diag("expected these runs in $path:\n  " . join("\n  ", @want) . "\nsaw: "
		. ($got ? "\n  " . join("\n  ", @$got) : "no such file; $seen"));
}
my $MB4 = 0x400000;
runs_ok($esvg, "pgsvg after the CR0 write draws entrypgdir: VA 0 and VA KERNBASE, 4 MB each onto PA 0",
	sprintf("va 0x%08x pa 0x%08x size 0x%x P W - PS", 0, 0, $MB4),
	sprintf("va 0x%08x pa 0x%08x size 0x%x P W - PS", $KERNBASE, 0, $MB4));
# kmap (vm.c), as test/02 computes it from kernel.sym: I/O space, text read-only, data and free
# memory, devices.
my $c = read_consts('memlayout.h');
my ($EXTMEM, $PHYSTOP, $DEVSPACE) = @$c{qw(EXTMEM PHYSTOP DEVSPACE)};
my $data = $sym->{data} // 0;
runs_ok($ksvg, "pgsvg after kvmalloc draws kmap's four regions and nothing below KERNBASE",
	sprintf("va 0x%08x pa 0x%08x size 0x%x P W -", $KERNBASE, 0, $EXTMEM),
	sprintf("va 0x%08x pa 0x%08x size 0x%x P - -", $KERNBASE + $EXTMEM, $EXTMEM, $data - $KERNBASE - $EXTMEM),
	sprintf("va 0x%08x pa 0x%08x size 0x%x P W -", $data, $data - $KERNBASE, $KERNBASE + $PHYSTOP - $data),
	sprintf("va 0x%08x pa 0x%08x size 0x%x P W -", $DEVSPACE, $DEVSPACE, 2**32 - $DEVSPACE));

done_testing();
