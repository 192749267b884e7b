# Xv6Usertests.pm: boot, run the guest's usertests, and turn its report into one TAP line per
# case, timed on the host. usertests prints, for each case, "test NAME: " before running it
# and "OK" or "FAILED ..." after; then "ALL TESTS PASSED" or "SOME TESTS FAILED", and
# "usertests: free pages before N after M". One boot runs several programs in turn (usertests,
# then usertestsnofp, the same suite built without frame pointers), each from the shell
# prompt the one before left; if a program leaves no prompt, the next gets a fresh boot.
# The console is kept in test/out/usertests-cpusN.log (a later program's part of it also in
# test/out/PROG-cpusN.log); a failing case's output in test/out/PROG-cpusN-NAME.log; a case
# that hangs fails after $CASE_SECS. The disk as each program left it is kept as
# test/out/PROG-cpusN-fs.img and must pass tools/fsck.
package Xv6Usertests;

use strict;
use warnings;
use Exporter 'import';
use Time::HiRes qw(time);
use Xv6Test;
use Test::More;

our @EXPORT = qw(usertests_suite);

our $CASE_SECS = 300;     # one case
our $TOTAL_SECS = 900;    # one program (a boot running two gets twice as long)

# usertests_suite(CPUS, PROGRAMS...): one boot with CPUS processors running each program (by
# default usertests alone) in turn; the checks for each are named "PROG cpus=N: ..." (plain
# "cpus=N: ..." for usertests).
sub usertests_suite {
	my ($cpus, @progs) = @_;
	@progs = ('usertests') unless @progs;
	ensure_built() or return done_testing();
	my $log = OUTDIR . "/usertests-cpus$cpus.log";
	my $q;
	my $boot = sub {
		$q->stop if $q;
		$q = Xv6Test::Qemu->new(cpus => $cpus, timeout => $TOTAL_SECS * @progs, log => $log);
		return $q->boot_to_prompt(60);
	};
	my $up = $boot->();
	for my $i (0 .. $#progs) {
		my $prog = $progs[$i];
		my $tag = $prog eq 'usertests' ? "cpus=$cpus" : "$prog cpus=$cpus";
		my $stem = OUTDIR . "/$prog-cpus$cpus";
		unlink glob("$stem-*.log"), "$stem-fs.img";
		unlink "$stem.log" if $i > 0;
		if ($i > 0 && !defined $up) {
			# The program before left no shell prompt: a fresh boot, with a console log of
			# its own, so that program's trouble does not hide this one's results.
			$log = "$stem.log";
			$up = $boot->();
			ok(defined $up, "$tag: boot reaches the shell prompt (a fresh boot: $progs[$i - 1] "
				. "left no prompt)") or diag("expected: '\$ ' within 60 s of boot\nsaw: "
				. $q->why . "; output:\n" . $q->pending);
		} elsif ($i > 0) {
			pass("$tag: the shell prompt is back after $progs[$i - 1] (same boot)");
		} else {
			ok(defined $up, "$tag: boot reaches the shell prompt")
				or diag("expected: '\$ ' within 60 s of boot\nsaw: " . $q->why . "; output:\n"
					. $q->pending);
		}
		last unless defined $up;
		# A program after the first in the same boot: its part of the console is also kept
		# as test/out/PROG-cpusN.log, and only its part is searched for the page counts
		# and for panics.
		my $shared = $i > 0 && $log ne "$stem.log";
		my $where = "console in " . ($log =~ s{^\Q${\ Xv6Test::ROOT}\E/}{}r);
		$where .= ", its part also in test/out/$prog-cpus$cpus.log" if $shared;
		my $from = $shared ? length $q->transcript : 0;
		$up = run_program($q, $prog, $tag, $stem, $where);
		my $all = substr($q->transcript, $from);
		Xv6Test::spew("$stem.log", $all) if $shared;

		my ($before, $after) = $all =~ /^usertests: free pages before (\d+) after (\d+)$/m;
		ok(defined $after && $before == $after, "$tag: usertests leaks no pages")
			or diag("expected: 'usertests: free pages before N after N'\nsaw: " . (defined $after
				? "before $before after $after: " . ($before - $after) . " pages leaked"
				: "no such line") . "\n($where)");

		my @panic = grep { /panic/ } split /\n/, $all;
		ok(!@panic, "$tag: no panic during usertests")
			or diag("expected: no 'panic' on the console\nsaw:\n" . join("\n", @panic));

		# Every operation committed before usertests returned to the prompt, so the disk as
		# QEMU wrote it then is what a clean shutdown leaves: it must pass fsck as it is. (With
		# no prompt, this is the disk of a machine stopped dead: it may fail too.)
		my $disk = "$stem-fs.img";
		if ($i == $#progs || !defined $up) { $q->stop($disk) }
		else { $q->copy_disk($disk) }
		my $f = run_cmd(['tools/fsck', $disk], timeout => 60);
		ok($f->{status} == 0, "$tag: fsck finds the disk usertests wrote clean")
			or diag("expected: tools/fsck $disk exits 0\nsaw: exit $f->{status}:\n"
				. join("\n", grep { defined } (split /\n/, $f->{out})[0 .. 30]));
	}
	$q->stop;
	done_testing();
}

# Run PROG at the shell prompt: one check per case, then that it ran at least one case and
# that it says ALL TESTS PASSED. Returns whether the shell prompt came back.
sub run_program {
	my ($q, $prog, $tag, $stem, $where) = @_;
	$q->send("$prog\n");
	my $begin = time;
	my (@failed, $verdict, $trouble, $ncases, $prompt);
	my $start_or_end = qr/^test (\S+?): |^(ALL TESTS PASSED|SOME TESTS FAILED)$|\n\$ /m;
	my $result = qr/(?:\A|\n|: )(OK|FAILED[^\n]*)\n|^test \S+?: |\n\$ /m;
	while (1) {
		my ($text, $name, $end) = $q->expect($start_or_end, $CASE_SECS);
		if (!defined $text) { $trouble = "waiting for the next case: " . $q->why; last }
		if (defined $end) { $verdict = $end; last }
		if (!defined $name) {
			$prompt = 1;
			$trouble = "usertests exited (the shell prompt came back) without ALL TESTS "
				. "PASSED or SOME TESTS FAILED";
			last;
		}
		$ncases++;
		my $t0 = time;
		my ($body, $res) = $q->expect($result, $CASE_SECS);
		my $secs = time - $t0;
		my ($why, $fatal);
		if (!defined $body) {
			($why, $body, $fatal) = ("no OK or FAILED (" . $q->why . ")", $q->pending, 1);
			# A hang: ask the kernel for its process table (Ctrl-P: each sleeper's state and
			# kernel call chain) so the log shows where everything waits.
			if ($q->why !~ /panicked|exited/) {
				$q->send("\x10");
				$body .= "\n--- Ctrl-P process dump after the timeout ---\n" . $q->take(3);
			}
		} elsif (!defined $res) {
			# The next case began, or usertests exited, with no result for this one.
			$why = $body =~ /\$ \z/ ? "usertests exited during the case" : "no OK or FAILED";
			$q->unread($1) if $body =~ s/(^test \S+?: |\n\$ )\z//m;
		}
		my $good = defined $res && $res eq 'OK';
		ok($good, sprintf("%s: usertests %s (%.1f s)", $tag, $name, $secs)) or do {
			my $caselog = "$stem-" . ($name =~ s/[^\w.-]/_/gr) . ".log";
			Xv6Test::spew($caselog, "test $name: $body");
			push @failed, $name;
			diag("expected: 'test $name: OK'\nsaw: " . ($res // $why)
				. "\n(the case's console output is in $caselog)");
		};
		if ($fatal) {
			$trouble = "during '$name': $why";
			last;
		}
	}

	# usertests exits after its verdict; the free-page line may come before or after it.
	$prompt = defined $q->expect(qr/\n\$ /, 60) if defined $verdict;
	my $secs = time - $begin;

	ok($ncases, "$tag: usertests ran at least one case")
		or diag("expected: lines 'test NAME: ...' after typing $prog\nsaw: "
			. ($trouble // "none") . "\n($where)");
	ok(!$trouble && defined $verdict && $verdict eq 'ALL TESTS PASSED' && !@failed,
		sprintf("%s: usertests says ALL TESTS PASSED (%.0f s in all)", $tag, $secs))
		or diag("expected: every case OK, then 'ALL TESTS PASSED'\nsaw: "
			. join('; ', grep { defined } $trouble, ($verdict // "no verdict"),
				@failed ? "failed: @failed" : undef) . "\n($where)");
	return $prompt;
}

1;
