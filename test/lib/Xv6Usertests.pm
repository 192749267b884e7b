# Xv6Usertests.pm: boot, run the guest's usertests, and turn its report into one TAP line per
# case, timed on the host. usertests prints, for each case, "test NAME: " before running it
# and "OK" or "FAILED ..." after; then "ALL TESTS PASSED" or "SOME TESTS FAILED", and
# "usertests: free pages before N after M". A failing case's console output is kept in
# test/out/usertests-cpusN-NAME.log; a case that hangs fails after $CASE_SECS. The disk the
# run wrote is kept as test/out/usertests-cpusN-fs.img and must pass tools/fsck.
package Xv6Usertests;

use strict;
use warnings;
use Exporter 'import';
use Time::HiRes qw(time);
use Xv6Test;
use Test::More;

our @EXPORT = qw(usertests_suite);

our $CASE_SECS = 300;     # one case
our $TOTAL_SECS = 900;    # the whole boot

sub usertests_suite {
	my ($cpus, $prog) = @_;
	$prog //= 'usertests';    # or usertestsnofp: the same tests built without frame pointers
	my $tag = $prog eq 'usertests' ? "cpus=$cpus" : "$prog cpus=$cpus";
	my $stem = OUTDIR . "/$prog-cpus$cpus";
	ensure_built() or return done_testing();
	unlink glob("$stem-*.log");

	my $log = "$stem.log";
	my $disk = "$stem-fs.img";   # the disk as usertests left it
	unlink $disk;
	my $q = Xv6Test::Qemu->new(cpus => $cpus, timeout => $TOTAL_SECS, log => $log,
		savefs => $disk);
	my $up = $q->boot_to_prompt(60);
	ok(defined $up, "$tag: boot reaches the shell prompt")
		or diag("expected: '\$ ' within 60 s of boot\nsaw: " . $q->why . "; output:\n"
			. $q->pending);
	unless (defined $up) { $q->stop; return done_testing() }

	$q->send("$prog\n");
	my $begin = time;
	my (@failed, $verdict, $trouble, $ncases);
	my $start_or_end = qr/^test (\S+?): |^(ALL TESTS PASSED|SOME TESTS FAILED)$|\n\$ /m;
	my $result = qr/(?:\A|\n|: )(OK|FAILED[^\n]*)\n|^test \S+?: |\n\$ /m;
	while (1) {
		my ($text, $name, $end) = $q->expect($start_or_end, $CASE_SECS);
		if (!defined $text) { $trouble = "waiting for the next case: " . $q->why; last }
		if (defined $end) { $verdict = $end; last }
		if (!defined $name) { $trouble = "usertests exited (the shell prompt came back) "
			. "without ALL TESTS PASSED or SOME TESTS FAILED"; last }
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
	$q->expect(qr/\n\$ /, 60) if defined $verdict;
	$q->stop;
	my $all = $q->transcript;
	my $secs = time - $begin;

	ok($ncases, "$tag: usertests ran at least one case")
		or diag("expected: lines 'test NAME: ...' after typing usertests\nsaw: "
			. ($trouble // "none") . "\n(console in $log)");
	ok(!$trouble && defined $verdict && $verdict eq 'ALL TESTS PASSED' && !@failed,
		sprintf("%s: usertests says ALL TESTS PASSED (%.0f s in all)", $tag, $secs))
		or diag("expected: every case OK, then 'ALL TESTS PASSED'\nsaw: "
			. join('; ', grep { defined } $trouble, ($verdict // "no verdict"),
				@failed ? "failed: @failed" : undef) . "\n(console in $log)");

	my ($before, $after) = $all =~ /^usertests: free pages before (\d+) after (\d+)$/m;
	ok(defined $after && $before == $after, "$tag: usertests leaks no pages")
		or diag("expected: 'usertests: free pages before N after N'\nsaw: " . (defined $after
			? "before $before after $after: " . ($before - $after) . " pages leaked"
			: "no such line") . "\n(console in $log)");

	my @panic = grep { /panic/ } split /\n/, $all;
	ok(!@panic, "$tag: no panic during usertests")
		or diag("expected: no 'panic' on the console\nsaw:\n" . join("\n", @panic));

	# Every operation committed before usertests returned to the prompt, so killing QEMU
	# there is a clean shutdown: the disk it wrote must pass fsck as it is.
	my $f = run_cmd(['tools/fsck', $disk], timeout => 60);
	ok($f->{status} == 0, "$tag: fsck finds the disk usertests wrote clean")
		or diag("expected: tools/fsck $disk exits 0\nsaw: exit $f->{status}:\n"
			. join("\n", grep { defined } (split /\n/, $f->{out})[0 .. 30]));
	done_testing();
}

1;
