# Xv6Crash.pm: power-cut testing, shared by test/42-crash.t (a sample of cut points) and
# `make crashtest` (test/crashtest.pl, every cut point). A kernel built with DEBUGHOOKS=1 in
# a scratch copy of the tree runs user/crashwork's fixed workload with the power cut armed
# at disk write k; then a fresh boot on that disk (recovery runs) must leave a disk that
# tools/fsck finds clean, holding every operation crashwork reported done, and the one in
# flight either whole or not at all.
package Xv6Crash;

use strict;
use warnings;
use Exporter 'import';
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use Xv6Test;
use Test::More;

our @EXPORT = qw(crash_build crash_count crash_cut crash_suite);

our $BOOT_SECS = 120;   # limit for one boot, workload included
my @EXIT_DEVICE = ('-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04');

# The DEBUGHOOKS=1 kernel, built in a scratch copy (Xv6Test::debughooks_build, shared with
# test/05-kernel-fault.t; objects do not depend on that flag, so the tree's own build must
# never see it). It boots with the tree's fs.img, whose programs (crashwork) are the same in
# either build. Returns the directory holding its xv6.img, or (undef, why).
sub crash_build { debughooks_build() }

sub boot {
	my ($dir, $fsimg, $savefs, $log) = @_;
	my $q = Xv6Test::Qemu->new(cpus => 1, timeout => $BOOT_SECS, xv6img => "$dir/xv6.img",
		fsimg => $fsimg, savefs => $savefs, log => $log, extra => [@EXIT_DEVICE]);
	return ($q, $q->boot_to_prompt(60));
}

# Run the workload with no cut (k huge). Returns (writes, ops, steps), or (undef, why).
# steps is a list, one entry per op: [disk writes when it returned, orphans it left].
sub crash_count {
	my ($dir) = @_;
	my ($q, $up) = boot($dir, "fs.img");
	return (undef, "no shell prompt: " . $q->why) unless defined $up;
	$q->send("crashwork run 1000000000\n");
	my ($text, $ops, $writes) = $q->expect(qr/crashwork: all (\d+) ops done, (\d+) disk writes\n/, 60);
	my $why = $q->why;
	my $seen = $q->transcript;
	$q->stop;
	my @steps;
	$steps[$1 - 1] = [$2, $3] while $seen =~ /^crashwork: op (\d+) ok, (\d+) writes, (\d+) orphans$/mg;
	return ($writes, $ops, \@steps) if defined $writes;
	return (undef, "expected 'crashwork: all N ops done, W disk writes'; saw: $why; console:\n$seen");
}

# fsck an image (with -r: replay the log into it first, and accept orphans, which the next
# boot frees). Returns (ok, output).
sub fsck {
	my ($dir, $img, $replay) = @_;
	my $r = run_cmd(['tools/fsck', ($replay ? ('-r', '-o') : ()), $img], timeout => 60);
	return ($r->{status} == 0, $r->{out});
}

# One cut point: returns { ok => 0/1, line => one-line summary, why => details if it failed }.
sub crash_cut {
	my ($dir, $k, $nops) = @_;
	my $work = tempdir("xv6cut-XXXXXX", TMPDIR => 1, CLEANUP => 1);
	my ($cut, $after) = ("$work/cut.img", "$work/after.img");
	my %res = (ok => 0);
	# On a failure, keep the crashed disk (before recovery) for tools/fsck and gdb.
	my $fail = sub {
		my $keep = OUTDIR . "/crash-k$k.img";
		my $kept = -f $cut && copy($cut, $keep);
		$res{why} = $_[0] . ($kept ? "\n(the crashed disk, before recovery: $keep)" : "");
		$res{line} //= "k=$k: FAILED";
		\%res;
	};

	# 1. The workload, cut at write k.
	my ($q, $up) = boot($dir, "fs.img", $cut);
	return $fail->("first boot: no shell prompt: " . $q->why) unless defined $up;
	$q->send("crashwork run $k\n");
	my ($text, $at, $all) = $q->expect(
		qr/kdebug: power cut before disk write (\d+)\n|crashwork: (all \d+ ops done)|FAILED.*\n/, 60);
	if (defined $at) {
		# isa-debug-exit ends QEMU at once; wait for that (or kill it: it has halted).
		$q->expect(qr/(?!)/, 10);
	} elsif (defined $all) {
		$q->expect(qr/\n\$ /, 30);   # a clean finish: every commit is on disk already
	}
	my $console1 = $q->transcript;
	$q->stop;
	return $fail->("first boot: expected a power cut or 'all ops done'; saw: " .
		($q->why || 'a failed operation') . "\nconsole:\n$console1")
		unless defined $at || defined $all;
	my $returned = 0;
	$returned = $1 while $console1 =~ /^crashwork: op (\d+) ok\b/mg;

	# 2. fsck -r -o on a copy of the crashed disk: what recovery will produce must be clean
	# but for orphans (files unlinked while open), which the recovery boot must free (4.).
	copy($cut, "$work/replayed.img") or die "copy: $!";
	my ($fok, $fout) = fsck($dir, "$work/replayed.img", 1);
	return $fail->("fsck -r on the crashed disk reports problems:\n$fout") unless $fok;

	# 3. Boot on the crashed disk itself: the kernel recovers, then crashwork checks.
	($q, $up) = boot($dir, $cut, $after);
	return $fail->("recovery boot: no shell prompt: " . $q->why . "\nconsole:\n" . $q->transcript)
		unless defined $up;
	$q->send("crashwork check\n");
	my ($ctext, $states) = $q->expect(qr/crashwork: check matches states ([ \d]+|none)\n/, 60);
	$q->expect(qr/\n\$ /, 30) if defined $ctext;
	my $console2 = $q->transcript;
	$q->stop;
	return $fail->("recovery boot: no 'crashwork: check matches states ...': " . $q->why
		. "\nconsole:\n$console2") unless defined $ctext;

	# 4. After that clean shutdown the disk must be clean too, orphans and all: plain fsck.
	($fok, $fout) = fsck($dir, $after, 0);
	return $fail->("fsck after the recovery boot reports problems:\n$fout") unless $fok;

	# 5. Ops 1..returned happened; op returned+1 may or may not have.
	my %match = map { $_ => 1 } split ' ', $states;
	my @allowed = grep { $_ <= $nops } ($returned, $returned + 1);
	my $good = grep { $match{$_} } @allowed;
	my $where = defined $at ? "cut before write $at" : "no cut (workload finished)";
	$res{line} = sprintf("k=%d: %s, ops returned %d, disk holds state %s", $k, $where,
		$returned, $states);
	unless ($good) {
		$res{line} .= ": FAILED";
		my @state = $console2 =~ /^(crashwork: \S+: type .*)$/mg;
		return $fail->("$res{line}\nexpected: the state after op " . join(" or ", @allowed)
			. "\nsaw: states $states; the files:\n" . join("\n", @state));
	}
	$res{ok} = 1;
	return \%res;
}

# The sample of cut points `make test` tries: writes 1..12 cover the first transactions phase
# by phase (log copies, header, install, header clear); then six points spread over the
# rest, the last write, and no cut at all.
# The cut points: writes 1..12 cover the first transactions phase by phase (log copies,
# header, install, header clear); then six points spread over the rest, the last write, no
# cut at all, and two cuts while files or directories are nameless but still open or the
# cwd (orphans the next boot must free): just after the first op that leaves one, and
# where most are left. steps is crash_count's list.
sub crash_sample {
	my ($writes, $steps) = @_;
	my %k = map { $_ => 1 } 1 .. 12;
	$k{ int(12 + $_ * ($writes - 12) / 7) } = 1 for 1 .. 6;
	$k{$writes} = $k{$writes + 1} = 1;
	my @orph = grep { $steps->[$_] && $steps->[$_][1] > 0 } 0 .. $#$steps;
	if (@orph) {
		my ($most) = sort { $steps->[$b][1] <=> $steps->[$a][1] } @orph;
		$k{ $steps->[$_][0] + 1 } = 1 for $orph[0], $most;
	}
	return sort { $a <=> $b } keys %k;
}

# crash_suite(PART, PARTS): the TAP checks of test/42-crash.t and its siblings, which split
# the sample between them (every PARTS-th cut point, from the PART-th: 1-based) so that
# `prove -j` can run them side by side. Each builds (or reuses) the DEBUGHOOKS=1 kernel and
# counts the uncut workload's writes itself.
sub crash_suite {
	my ($part, $parts) = @_;
	ensure_built() or return done_testing();
	my ($dir, $why) = crash_build();
	ok($dir, "the DEBUGHOOKS=1 kernel builds in a scratch copy")
		or diag("expected: make DEBUGHOOKS=1 all exits 0\nsaw: $why");
	return done_testing() unless $dir;

	my ($writes, $ops, $steps) = crash_count($dir);
	ok(defined $writes && $writes > 20, "the uncut workload runs and counts its disk writes ("
		. ($writes // '?') . ")") or diag("expected: 'crashwork: all N ops done, W disk writes'"
		. " with W > 20\nsaw: " . ($ops // ''));
	return done_testing() unless defined $writes;
	ok(grep({ $_ && $_->[1] > 0 } @$steps), "the workload leaves orphans (files unlinked "
		. "while open, a removed cwd) on disk for a while") or diag("expected: some "
		. "'crashwork: op N ok, W writes, K orphans' with K > 0\nsaw none");

	my @k = crash_sample($writes, $steps);
	for my $i (grep { $_ % $parts == $part - 1 } 0 .. $#k) {
		my $r = crash_cut($dir, $k[$i], $ops);
		ok($r->{ok}, $r->{line}) or diag($r->{why});
	}
	done_testing();
}

1;
