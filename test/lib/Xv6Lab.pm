# Xv6Lab.pm: the lab grader behind `make grade LAB=NAME` (labs/grade, labs/check-labs): reads
# labs/NAME/tests.pl (format: labs/README.md), builds the lab's programs into a grading fs.img,
# boots xv6, runs the tests and prints each with its points and time, then "Score: X/Y".
package Xv6Lab;

use strict;
use warnings;
use Exporter 'import';
use File::Path qw(make_path remove_tree);
use Time::HiRes qw(time);
use Xv6Test;
use Xv6Handin;
use Xv6Calls;
use Xv6Net;

our @EXPORT = qw(load_lab grade_lab read_results lab_names lab_fs_image fill_build_answers);

# The course order (labs/README.md); labs not listed here come after, alphabetically.
our @ORDER = qw(util syscall paging pgtbl traps lazy cow thread sched lock fs crash mmap net);

# Every labs/NAME/ that has a tests.pl, in course order.
sub lab_names {
	my %rank;
	@rank{@ORDER} = (0 .. $#ORDER);
	my @labs = map { m{^labs/([^/]+)/tests\.pl$} ? $1 : () } glob("labs/*/tests.pl");
	return sort { ($rank{$a} // 99) <=> ($rank{$b} // 99) || $a cmp $b } @labs;
}

# Read and check labs/NAME/tests.pl. Returns the description (a hash ref), or dies saying
# what is wrong with it.
sub load_lab {
	my ($lab) = @_;
	die "no lab named '$lab' (labs/$lab/tests.pl does not exist)\n" unless -f "labs/$lab/tests.pl";
	# Each lab's file is compiled in a package of its own, so two labs' helper subs never clash.
	my $src = slurp("labs/$lab/tests.pl") // die "labs/$lab/tests.pl: $!\n";
	my $pkg = "Xv6Lab::Lab::" . ($lab =~ s/\W/_/gr);
	my $spec = eval "package $pkg;\n#line 1 \"labs/$lab/tests.pl\"\n$src";
	die "labs/$lab/tests.pl: $@" if $@;
	die "labs/$lab/tests.pl: does not end with a hash ref\n" unless ref $spec eq 'HASH';
	$spec->{title} //= $lab;
	$spec->{progs} //= [];
	$spec->{student_progs} //= [];
	$spec->{cpus} //= 2;
	push @{ $spec->{tests} }, handin_tests($lab) if $spec->{tests} && !$spec->{no_handin};
	my (%names, $n);
	for my $t (@{ $spec->{tests} || die "labs/$lab/tests.pl: no tests\n" }) {
		$n++;
		my $what = "labs/$lab/tests.pl: test $n" . (defined $t->{name} ? " ($t->{name})" : "");
		die "$what: no name\n" unless defined $t->{name};
		die "$what: the name is used twice\n" if $names{ $t->{name} }++;
		die "$what: points must be a whole number\n"
			unless defined $t->{points} && $t->{points} =~ /^\d+$/;
		die "$what: needs exactly one of cmd and host\n" unless defined $t->{cmd} xor $t->{host};
		die "$what: a shell test needs expect or check\n"
			if defined $t->{cmd} && !$t->{expect} && !$t->{check};
		die "$what: peer must be a sub, on a shell test\n"
			if $t->{peer} && (ref $t->{peer} ne 'CODE' || !defined $t->{cmd});
		die "$what: ready needs a peer\n" if $t->{ready} && !$t->{peer};
		$t->{timeout} //= 30;
		$t->{reject} //= qr/panic|FAIL/ if defined $t->{cmd};
	}
	return $spec;
}

# Last lines of a command's output, for a failure report.
sub tail_of {
	my ($text, $n) = @_;
	my @lines = split /\n/, $text // '';
	@lines = @lines[-$n .. -1] if @lines > $n;
	return join("\n", @lines);
}

# The programs a shell command runs: the first word of each stage of a pipeline or list.
sub programs_in {
	my ($cmd) = @_;
	return map { /^\s*(?:\(\s*)*([^\s<>|;&()]+)/ ? $1 : () } split /[|;&]/, $cmd;
}

# Build the kernel, the student's programs and the lab's test programs, and the grading
# fs.img in $dir. Returns (fs.img path or undef, why the build failed, { prog => error }).
sub build_lab {
	my ($lab, $spec, $dir) = @_;
	my $r = run_cmd(['make', '-j2', 'all'], timeout => 900);
	return (undef, "make all failed (exit $r->{status}):\n" . tail_of($r->{out}, 25), {})
		if $r->{status} != 0;
	my (%err, @extra);
	for my $p (@{ $spec->{student_progs} }) {
		if (!-f "user/$p.c") {
			$err{$p} = "user/$p.c does not exist yet";
			next;
		}
		$r = run_cmd(['make', "user/_$p"], timeout => 300);
		if ($r->{status} == 0) { push @extra, "user/_$p" }
		else { $err{$p} = "make user/_$p failed:\n" . tail_of($r->{out}, 15) }
	}
	for my $p (@{ $spec->{progs} }) {
		$r = run_cmd(['make', 'labprog', "LABSRC=labs/$lab/$p.c", "LABOUT=$dir/_$p"],
			timeout => 300);
		if ($r->{status} == 0) { push @extra, "$dir/_$p" }
		else { $err{$p} = "labs/$lab/$p.c does not build:\n" . tail_of($r->{out}, 15) }
	}
	$r = run_cmd(['make', 'labfs', "LABFS=$dir/fs.img", "LABEXTRA=@extra"], timeout => 300);
	return (undef, "making the grading fs.img failed:\n" . tail_of($r->{out}, 15), \%err)
		if $r->{status} != 0;
	return ("$dir/fs.img", undef, \%err);
}

sub slug { my ($s) = @_; $s =~ s/[^\w-]+/_/g; $s =~ s/^_+|_+$//g; return $s }

# Indent every line of a failure report for the console.
sub indent { join('', map { "    $_\n" } split /\n/, $_[0]) }

# Does a shell test's output pass? Returns (1) or (0, why).
sub judge {
	my ($t, $text, $hits) = @_;
	return (0, "the output matches $t->{reject}, which it must not")
		if $t->{reject} && $text =~ $t->{reject};
	return (0, "the output does not match $t->{expect}")
		if $t->{expect} && $text !~ $t->{expect};
	return (1, shown_lines($t, $text)) unless $t->{check};
	my @r = eval { $t->{check}->($text, Xv6Test::ROOT, $hits) };
	return (0, "the check died: $@") if $@;
	return $r[0] ? (1, join("\n", grep { defined && $_ ne '' } $r[1], shown_lines($t, $text)))
		: (0, $r[1] // "the check failed");
}

# A passing test's figures worth printing: the output lines its `show` pattern matches.
sub shown_lines {
	my ($t, $text) = @_;
	return undef unless $t->{show};
	return join("\n", grep { $_ =~ $t->{show} } split /\n/, $text);
}

# A test with fsck => 1: run the tree's tools/fsck (built from its own fs.h) on a copy of
# the disk as the command left it. Every operation had committed when the prompt came
# back, so it must be clean. Returns (1) or (0, why); the copy is kept when it is not.
sub fsck_disk {
	my ($q, $img) = @_;
	$q->copy_disk($img);
	my $r = run_cmd(['tools/fsck', $img], timeout => 120);
	if ($r->{status} == 0) {
		unlink $img;
		return (1);
	}
	return (0, "expected tools/fsck to find the disk clean after the command; it exited "
		. "$r->{status} (the disk is kept as " . ($img =~ s{^\Q${\ Xv6Test::ROOT}\E/}{}r)
		. "):\n" . tail_of($r->{out}, 15));
}

# What to add to a failing shell test's reason: the failing usertests cases, the console
# around an empty output or a restarted shell, how to give a timed-out test more time.
sub failure_hints {
	my ($lab, $t, $output, $q, $timedout) = @_;
	my @h;
	if ($t->{cmd} =~ /\busertests\b/) {
		my @bad = usertests_failures($output);
		push @h, "usertests cases that failed:\n" . join("\n", map { "  $_" } @bad) if @bad;
	}
	my $ctx = $q ? console_context($q->transcript, $t->{cmd}, $output) : '';
	push @h, $ctx if $ctx ne '';
	push @h, timeout_hint($lab) if $timedout;
	return join("\n", @h);
}

# Only the tests whose names or commands match ONLY (a regular expression, or else a
# substring): TEST=simple finds the test that runs `cowtest simple`.
sub select_tests {
	my ($only, @tests) = @_;
	return @tests unless defined $only && $only ne '';
	my $re = eval { qr/$only/i } // qr/\Q$only\E/i;
	my @keep = grep { $_->{name} =~ $re || ($_->{cmd} // '') =~ $re } @tests;
	die "no test name or command matches '$only'; the tests are:\n"
		. join('', map { "  $_->{name}" . (defined $_->{cmd} ? "   (\$ $_->{cmd})" : '') . "\n" } @tests)
		unless @keep;
	return @keep;
}

# A shell test with a host side (`peer`, for a lab with `net`): type the command, wait for
# its `ready` pattern (when given), run the peer while the command runs, then wait for the
# prompt; every wait ends by the test's timeout. The peer gets (NET, WAIT): the boot's Xv6Net
# (port, raw, pcap) and a sub WAIT(qr/.../, SECONDS) that waits for the command's output to
# match and returns the output up to the match (undef on a timeout or when the command has
# ended). It returns (1, figures) or (0, why). Returns (output as cmd() returns it, or undef
# when no prompt came; then the peer's (ok, why)).
sub run_with_peer {
	my ($q, $t, $net) = @_;
	my $prompt = $Xv6Test::Qemu::PROMPT;
	my $until = time + $t->{timeout};
	my ($seen, $ended) = ('', 0);
	# Output up to a match of $re, or undef when the prompt (the command ended) or the time
	# limit comes first; a prompt is put back for the final wait.
	my $wait = sub {
		my ($re, $secs) = @_;
		my $left = $until - time;
		$secs = $left if !defined $secs || $secs > $left;
		return undef if $ended || $secs <= 0;
		my ($text, $hit) = $q->expect(qr/($re)|$prompt/, $secs);
		return undef unless defined $text;
		$seen .= $text;
		return $text if defined $hit;
		$seen =~ s/\n?\$ \z//;
		$q->unread("\n\$ ");
		$ended = 1;
		return undef;
	};
	$net->drain if $net;    # a peer on the raw socket sees only this test's frames
	$q->send("$t->{cmd}\n");
	my @peer;
	if ($t->{ready} && !defined $wait->($t->{ready}, $t->{timeout})) {
		@peer = (0, $ended ? "the command ended before its output matched $t->{ready}"
			: "its output did not match $t->{ready} within $t->{timeout} s");
	} else {
		# The peer's own waits have time limits; the alarm is the backstop.
		local $SIG{ALRM} = sub { die "the host side ran out of the test's time\n" };
		alarm(int($until - time) + 2);
		@peer = eval { $t->{peer}->($net, $wait) };
		alarm(0);
		@peer = (0, "the host side died: $@") if $@;
		@peer = (0, 'the host side failed') unless @peer;
	}
	# After a peer that failed, the command is likely stuck waiting for the host: give it a
	# few seconds to end, then the runner boots afresh for the next test.
	my $left = $until - time;
	$left = 10 if $left < 10;
	$left = 5 if !$peer[0] && $left > 5;
	my $rest = $q->expect($prompt, $left);
	if (!defined $rest) {
		$q->unread($seen);    # the runner shows what the command printed
		return (undef, @peer);
	}
	my $text = $seen . $rest;
	$text =~ s/\n?\$ \z//;
	return ($text, @peer);
}

# A shell test with a peer passes when both its output and its host side do.
sub merge_peer {
	my ($good, $why, $pok, $pwhy) = @_;
	return ($good, join("\n", grep { defined && $_ ne '' } $why, $pwhy)) if $good && $pok;
	my @why = (!$good ? $why // 'the output check failed' : (),
		!$pok ? "the host side: " . ($pwhy // 'failed') : ());
	return (0, join("\n", @why));
}

# Where a failing network test's boot captured its packets, and how to read them.
sub capture_note {
	my ($pcap) = @_;
	my $rel = $pcap =~ s{^\Q${\ Xv6Test::ROOT}\E/}{}r;
	return "packets this boot's e1000 sent and received: $rel\n"
		. "  (tcpdump -r $rel -n -e -XX, or open it in Wireshark)";
}

# grade_lab(NAME, usertests => 1, only => REGEX): build, boot and run every test of lab NAME, printing the
# results. With usertests, also run `usertests -q` afterwards (not scored). Results go to
# test/out/lab-NAME/results.tsv; the console output of every failing test to
# test/out/lab-NAME/TEST.log. Returns (score, total, usertests passed or undef).
sub grade_lab {
	my ($lab, %o) = @_;
	my $spec = load_lab($lab);
	my $out = OUTDIR . "/lab-$lab";
	remove_tree($out);
	make_path("$out/build");
	my $begin = time;
	my @tests = select_tests($o{only}, @{ $spec->{tests} });
	my $scale = timeout_scale();
	$_ = { %$_, timeout => $_->{timeout} * $scale } for @tests;
	my @changed = verify_manifest();
	if ($o{usertests}) {
		push @tests, { name => 'usertests -q (not scored)', points => 0, cmd => 'usertests -q',
			expect => qr/^ALL TESTS PASSED$/m, reject => qr/panic/, timeout => 300,
			fresh => 1, unscored => 1 };
	}
	print "== Lab $lab: $spec->{title} ==\n";
	print unofficial_banner(@changed) if @changed;
	print "(only the tests matching '$o{only}': " . scalar(@tests) . " of "
		. scalar(@{ $spec->{tests} }) . ")\n" if defined $o{only} && $o{only} ne '';

	my ($fsimg, $builderr, $progerr);
	if (grep { defined $_->{cmd} } @tests) {
		print "building (make all, lab programs, grading fs.img) ...\n";
		($fsimg, $builderr, $progerr) = build_lab($lab, $spec, "$out/build");
		my @bad = sort keys %$progerr;
		print "  not built: @bad (the tests that run them will fail)\n" if @bad;
		printf "  done in %.1f s\n", time - $begin;
	}

	my ($q, $nboot, $bootfails, $score, $total, $utpass) = (undef, 0, 0, 0, 0, undef);
	my $qcpus = 0;    # the running boot's CPUs; a test's own `cpus` boots afresh with its count
	my $net;          # the running boot's network (Xv6Net), when the lab or the test says net
	my $budget = 120 * $scale;
	$budget += $_->{timeout} for grep { defined $_->{cmd} } @tests;
	my (@rows, @json);
	my $gdb;    # the gdb counting kernel calls (the lab's `calls`; Xv6Calls.pm)
	my $stopq = sub {
		if ($q) { $q->stop; $q = undef }
		if ($gdb) { $gdb->stop; $gdb = undef }
		if ($net) { $net->stop; $net = undef }
	};
	for my $i (0 .. $#tests) {
		my $t = $tests[$i];
		my $t0 = time;
		my ($good, $why, $output, $timedout, $pcap) = (0, undef, '', 0, undef);
		if ($t->{host}) {
			my @r = eval { $t->{host}->(Xv6Test::ROOT) };
			($good, $why) = $@ ? (0, "the check died: $@") : @r;
		} elsif (!$fsimg) {
			$why = $builderr;
		} elsif (my @missing = grep { $progerr->{$_} }
				programs_in($t->{cmd}), @{ $t->{uses} // [] }) {
			$why = join("\n", map { $progerr->{$_} } @missing);
		} elsif ($bootfails >= 2) {
			$why = "xv6 did not boot to the shell prompt (twice); not trying again";
		} else {
			my $cpus = $t->{cpus} // $spec->{cpus};
			my $wantnet = ($t->{net} // $spec->{net}) ? 1 : 0;
			$stopq->() if $t->{fresh} || ($q && ($qcpus != $cpus || ($net ? 1 : 0) != $wantnet));
			if (!$q) {
				$nboot++;
				# gdb counts kernel calls on every boot, or (calls => { per_test => 1 }) only
				# on the boots of tests that say calls => 1 (give them fresh => 1).
				# Never on the unscored usertests boot: breakpoints would slow it to a crawl.
				my $port = $spec->{calls} && !$t->{unscored}
					&& (!$spec->{calls}{per_test} || $t->{calls}) ? free_port() : undef;
				$qcpus = $cpus;
				$net = Xv6Net->new(pcap => "$out/boot-$nboot.pcap") if $wantnet;
				$q = Xv6Test::Qemu->new(cpus => $cpus, timeout => $budget,
					fsimg => $fsimg, log => "$out/boot-$nboot.log",
					$port ? (halted => 1, gdbport => $port) : (),
					$net ? (extra => [$net->qemu_args]) : ());
				$gdb = Xv6Calls->start(q => $q, port => $port, spec => $spec->{calls},
					file => "$out/calls-$nboot.txt", timeout => $budget) if $port;
				if (!defined $q->boot_to_prompt(60 * $scale)) {
					$why = "no shell prompt after boot: " . $q->why;
					$why .= "\ngdb (counting kernel calls) says:\n" . $gdb->log_tail if $gdb;
					$output = $q->pending;
					$bootfails++;
					$stopq->();
				} else {
					$bootfails = 0;
				}
			}
			$pcap = $net->pcap if $net;
			if ($q) {
				my $mark = $gdb ? $gdb->mark : 0;
				my ($text, @peer) = $t->{peer} ? run_with_peer($q, $t, $net)
					: ($q->cmd($t->{cmd}, $t->{timeout}), 1);
				if (!defined $text) {
					$why = "no prompt after '$t->{cmd}': " . $q->why;
					$timedout = $q->why =~ /within|ran out/;
					if ($t->{peer} && !$peer[0]) {    # what the host saw says more
						$why = "the host side: " . ($peer[1] // 'failed')
							. "\n(and then $why)";
						$timedout = 0 unless $q->why =~ /ran out/;
					}
					$output = $q->pending;
					my $hint = failure_hints($lab, $t, $output, $q, $timedout);
					$why .= "\n$hint" if $hint ne '';
					$stopq->();    # the next shell test gets a fresh boot
				} else {
					$text =~ s/\A\Q$t->{cmd}\E(?:\n|\z)//;    # the shell's echo of the command
					$output = $text;
					($good, $why) = judge($t, $text, $gdb ? $gdb->hits_since($mark) : []);
					($good, $why) = merge_peer($good, $why, @peer) if $t->{peer};
					if ($good && $t->{fsck}) {
						my ($ok, $fwhy) = fsck_disk($q, "$out/" . slug($t->{name}) . "-fs.img");
						($good, $why) = (0, $fwhy) unless $ok;
					}
					if (!$good) {
						my $hint = failure_hints($lab, $t, $text, $q, 0);
						$why .= "\n$hint" if $hint ne '';
					}
				}
				$stopq->() if $t->{fresh};
			}
		}
		$good = $good ? 1 : 0;
		my $secs = time - $t0;
		my $log;
		if (!$good) {
			$why = ($why // 'failed') . "\n" . capture_note($pcap) if $pcap;
			$log = "$out/" . slug($t->{name}) . ".log";
			spew($log, (defined $t->{cmd} ? "\$ $t->{cmd}\n" : "(host test)\n") . $output
				. "\n--- FAIL: " . ($why // 'failed') . "\n");
		}
		if ($t->{unscored}) {
			$utpass = $good;
			printf "%s: %s (%.1f s)\n", $t->{name}, $good ? 'OK' : 'FAIL', $secs;
		} else {
			$score += $good * $t->{points};
			$total += $t->{points};
			printf "%s: %s (%.1f s) [%d/%d]\n", $t->{name}, $good ? 'OK' : 'FAIL', $secs,
				$good * $t->{points}, $t->{points};
		}
		print indent($why) if $good && defined $why && $why ne '';    # figures, on success too
		if (!$good) {
			print indent($why // 'failed');
			print indent("output:\n" . tail_of($output, 12)) if $output ne '';
			print "    (console log: " . ($log =~ s{^\Q${\ Xv6Test::ROOT}\E/}{}r) . ")\n";
		}
		push @json, { name => $t->{name}, points => $t->{points}, passed => $good,
			unscored => $t->{unscored}, output => join("\n", grep { defined && $_ ne '' }
				$why, $good ? () : tail_of($output, 30)) };
		push @rows, join("\t", $t->{name}, $t->{points}, $good, $t->{baseline} ? 1 : 0,
			$t->{unscored} ? 1 : 0, sprintf("%.1f", $secs));
	}
	$stopq->();
	spew("$out/results.tsv", join('', map { "$_\n" } @rows));
	my $note = @changed ? "UNOFFICIAL: grading files differ from the handout's: "
		. join(', ', @changed) : undef;
	spew("$out/results.json", results_json($score, $total, $note, @json));
	printf "Score: %d/%d\n", $score, $total;
	print unofficial_banner(@changed) if @changed;
	printf "Time: %.0f s\n", time - $begin;
	return ($score, $total, $utpass);
}

# The fs image `make qemu-nox LAB=NAME` boots: the tree's programs plus the lab's test programs
# and the student's programs that build, as grading makes it, in test/out/lab-NAME-qemu/
# (grading's own directory is removed by every grade run). Returns its path; dies when the
# tree does not build, naming the programs left out on STDERR.
sub lab_fs_image {
	my ($lab) = @_;
	my $spec = load_lab($lab);
	my $dir = OUTDIR . "/lab-$lab-qemu";
	make_path($dir);
	my ($img, $err, $progerr) = build_lab($lab, $spec, $dir);
	die "$err\n" unless $img;
	print STDERR "grade: not in the image (they do not build): $_\n" . indent($progerr->{$_})
		for sort keys %$progerr;
	return $img;
}

# The rows of test/out/lab-NAME/results.tsv under $root: hashes with name, points, passed,
# baseline (may pass without the student's work), unscored, secs.
sub read_results {
	my ($root, $lab) = @_;
	my $text = slurp("$root/test/out/lab-$lab/results.tsv") // return;
	return map {
		my %h;
		@h{qw(name points passed baseline unscored secs)} = split /\t/;
		\%h;
	} split /\n/, $text;
}

# For labs/check-labs: a lab whose tests.pl has solution_answers => sub { (ROOT) -> (KEY =>
# VALUE, ...) } gets those answers written into labs/LAB/answers.txt ("KEY: VALUE" lines,
# replaced or added). They are the answers that depend on the build itself (the paging
# lab's gdb values): the grader computes them the same way. Returns how many were written.
sub fill_build_answers {
	my ($lab) = @_;
	my $spec = load_lab($lab);
	return 0 unless $spec->{solution_answers};
	my %v = $spec->{solution_answers}->(ROOT);
	my $file = "labs/$lab/answers.txt";
	my $text = slurp($file) // '';
	for my $k (sort keys %v) {
		$text .= "\n" if length $text && $text !~ /\n\z/;
		$text .= "$k: $v{$k}\n" unless $text =~ s/^\Q$k\E:.*$/$k: $v{$k}/m;
	}
	spew($file, $text);
	return scalar keys %v;
}

1;
