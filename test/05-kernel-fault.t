#!/usr/bin/perl
# 05-kernel-fault.t: a fault in kernel mode always ends in a readable panic, never in
# silence. A test kernel built with `make DEBUGHOOKS=1` (in a scratch copy of the tree, so
# the tree's own kernel stays a normal one) faults on request through kdebug() (kdebug.h):
#   1  a bad kernel read in a system call          -> report, panic line, backtrace
#   2  the same inside cprintf, holding its lock   -> the same (no deadlock on the lock)
#   3  a fault inside panic itself                 -> one "fault while panicking" line, halt
# The backtrace must start at the faulting instruction in sys_kdebug's code and climb
# through syscall() and trap() (checked against the test kernel's kernel.sym).
# Op 4 runs walkstack over made-up stacks (kdebug.c: walktest): a saved %ebp above the
# stack, a frame straddling its top, a loop, a user trap frame, a trap that interrupted
# alltraps, one that interrupted ordinary kernel code, a stack at the top of memory.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Test::More;

ensure_built() or done_testing(), exit;

# The DEBUGHOOKS=1 kernel in its scratch copy, shared with 42-crash.t (Xv6Test::debughooks_build);
# it boots with the tree's fs.img, whose programs (kfault) are the same in either build.
my ($tmp, $why) = debughooks_build();
ok($tmp, "a DEBUGHOOKS=1 kernel builds")
	or diag("expected: make DEBUGHOOKS=1 exits 0\nsaw: $why");
exit(done_testing()) unless $tmp;

# The function holding address $pc: the symbol with the greatest address at or below it.
my $sym = read_syms("$tmp/kernel.sym");
my @bysym = sort { $sym->{$a} <=> $sym->{$b} } grep { $sym->{$_} >= 0x80100000 } keys %$sym;
sub owner {
	my ($pc) = @_;
	my $best;
	for my $n (@bysym) { last if $sym->{$n} > $pc; $best = $n }
	return $best // '?';
}

my %want = (
	1 => 'a bad kernel read',
	2 => 'a fault inside cprintf while holding the console lock',
	3 => 'a fault inside panic',
);
for my $op (1, 2, 3) {
	my $log = OUTDIR . "/kfault-$op.log";
	my $q = Xv6Test::Qemu->new(cpus => 2, timeout => 90, log => $log,
		xv6img => "$tmp/xv6.img");
	my $up = $q->boot_to_prompt(60);
	$q->send("kfault $op\n") if defined $up;
	my $end = $op == 3 ? qr/^panic: fault while panicking; halted$/m
		: qr/^panic: trap: fault in kernel mode\ncpu \d+\nstack:((?: [0-9a-f]+)+)\n/m;
	my ($text, $stack) = defined $up ? $q->expect($end, 40) : ();
	my $why = defined $up ? $q->why : "no shell prompt: " . $q->why;
	my $all = $q->transcript;
	$q->stop;
	if ($op == 3) {
		ok(defined $text && $all =~ /^panic: \n/m,
			"kfault 3 ($want{3}): halts with one 'fault while panicking' line")
			or diag("expected: 'panic: ' then 'panic: fault while panicking; halted'\n"
				. "saw: $why (console in $log)");
		next;
	}
	ok(defined $text && $all =~ /^kernel trap 14 \(page fault\) on cpu \d+ eip 0x[0-9a-f]{8} addr 0x8e001000 /m,
		"kfault $op ($want{$op}): trap report and panic with a backtrace")
		or diag("expected: a 'kernel trap 14 (page fault) ... addr 0x8e001000' report, then "
			. "'panic: trap: fault in kernel mode', 'cpu N', 'stack: ...'\nsaw: $why "
			. "(console in $log)");
	next unless defined $stack;
	my @fns = map { owner(hex $_) } split ' ', $stack;
	my $first = $op == 1 ? qr/^(badread|sys_kdebug)$/ : qr/^(cprintf|consputc|printint)$/;
	ok($fns[0] =~ $first && grep({ $_ eq 'syscall' } @fns) && grep({ $_ eq 'trap' } @fns),
		"kfault $op: the backtrace names the faulting function, syscall and trap")
		or diag("expected: first frame in " . ($op == 1 ? "badread/sys_kdebug" : "cprintf")
			. ", then syscall and trap\nsaw: $stack = @fns");
}

{
	my $q = Xv6Test::Qemu->new(cpus => 2, timeout => 90, log => OUTDIR . "/kfault-4.log",
		xv6img => "$tmp/xv6.img");
	my $out = $q->boot_to_prompt(60) && $q->cmd("kfault 4", 30);
	my $why = $q->why;
	$q->stop;
	ok(defined $out && $out =~ /^kfault: walkstack self-test passed$/m,
		"kfault 4: walkstack reads only inside its stack and never follows a user %ebp")
		or diag("expected: 'kfault: walkstack self-test passed'\nsaw: " . ($out // $why));
}

done_testing();
