# Xv6Shell.pm: the scripted shell session that 10-shell-cpus1.t and 11-shell-cpus4.t run with
# different CPU counts: pipes, redirection, directories, a background job, the fork and file
# system stress programs, and three programs the kernel must kill.
package Xv6Shell;

use strict;
use warnings;
use Exporter 'import';
use Xv6Test;
use Test::More;

our @EXPORT = qw(shell_suite);

# What xv6's wc prints for $text: lines, words (runs of non-blanks), bytes.
sub wc_of {
	my ($text) = @_;
	my $lines = () = $text =~ /\n/g;
	my $words = () = $text =~ /[^ \r\t\n\v]+/g;
	return ($lines, $words, length $text);
}

# True if $text is "bg\n" and the prompt "$ ", interleaved in any way.
sub bg_and_prompt {
	my ($text) = @_;
	(my $job = $text) =~ tr/$ //d;
	return $job eq "bg\n" && $text =~ /\$.* /s;
}

sub shell_suite {
	my ($cpus) = @_;
	my $tag = "cpus=$cpus";
	ensure_built() or return done_testing();

	my $readme = Xv6Test::slurp("README") // '';
	my @match = grep { /xv6/ } split /^/, $readme;     # each with its newline, if it had one
	$_ .= "\n" for grep { !/\n\z/ } @match;            # grep prints a newline after each line
	my $count = @match;

	my $log = OUTDIR . "/shell-cpus$cpus.log";
	my $q = Xv6Test::Qemu->new(cpus => $cpus, timeout => 900, log => $log);
	my $broken;    # set once the session has hung or died: later checks fail at once

	# run a command; returns its echo and output, or undef (and a reason in $broken)
	my $run = sub {
		my ($line, $secs) = @_;
		return undef if $broken;
		my $out = $q->cmd($line, $secs // 30);
		$broken = "no prompt after '$line': " . $q->why . "; output since:\n" . $q->pending
			unless defined $out;
		return $out;
	};
	# one named check on one command's output
	my $check = sub {
		my ($name, $line, $secs, $test, $expected) = @_;
		my $out = $run->($line, $secs);
		my $good = defined $out && $test->($out);
		ok($good, "$tag: $name") or diag("expected: after '$line', $expected\nsaw: "
			. (defined $out ? "'$out'" : $broken) . "\n(whole session in $log)");
		return $good;
	};

	my $up = $q->boot_to_prompt(60);
	ok(defined $up, "$tag: boot reaches the shell prompt")
		or diag("expected: '\$ ' within 60 s of boot\nsaw: " . $q->why . "; output:\n"
			. $q->pending);
	$broken = "the boot never reached the prompt" unless defined $up;

	$check->("grep -c counts README's lines with xv6", "cat README | grep -c xv6", 30,
		sub { $_[0] =~ /^$count$/m }, "a line '$count' (README lines matching /xv6/)");
	my $len = length("$count\n");
	$check->("three-stage pipe cat | grep -c | wc", "cat README | grep -c xv6 | wc", 30,
		sub { $_[0] =~ /^1 1 $len\s*$/m }, "a line '1 1 $len' (wc of '$count\\n')");
	my ($l, $w, $c) = wc_of(join '', @match);
	$check->("cat | grep | wc counts the matching lines", "cat README | grep xv6 | wc", 30,
		sub { $_[0] =~ /^$l $w $c\s*$/m }, "a line '$l $w $c' (wc of README's lines with xv6)");

	$check->("echo > file", "echo hello world > f1", 30, sub { $_[0] !~ /hello world\n/ },
		"a prompt and no output");
	$check->("cat < file reads back what echo wrote", "cat < f1", 30,
		sub { $_[0] =~ /^hello world$/m }, "a line 'hello world'");

	$check->("mkdir", "mkdir d1", 30, sub { $_[0] !~ /mkdir:/ }, "no complaint from mkdir");
	$check->("cd into the new directory", "cd d1", 30, sub { $_[0] !~ /cannot/ }, "no complaint");
	$check->("create a file in it", "echo x > y", 30, sub { 1 }, "a prompt");
	$check->("ls lists the new file", "ls", 30, sub { $_[0] =~ /^y\s+2\s+\d+\s+2\s*$/m },
		"a line 'y  2 INUM 2' (a 2-byte file)");
	$check->("cat reads it", "cat y", 30, sub { $_[0] =~ /^x$/m }, "a line 'x'");
	$check->("cd ..", "cd ..", 30, sub { $_[0] !~ /cannot/ }, "no complaint");
	$check->("ls at the root shows d1 as a directory", "ls", 30,
		sub { $_[0] =~ /^d1\s+1\s+\d+\s+\d+\s*$/m && $_[0] =~ /^README\s/m },
		"lines for README and 'd1  1 INUM SIZE'");

	# A background job. The shell prints its prompt without waiting, so the job's "bg\n" and
	# the prompt's "$ " may come in either order, even interleaved character by character
	# (user printf writes one byte at a time): look for both, then resynchronize with a
	# command whose prompt stands alone.
	if ($broken) {
		fail("$tag: a background job runs and the prompt returns");
		diag("saw: $broken");
	} else {
		$q->send("echo bg &\n");
		my $seen = '';
		my $until = time + 20;
		while (time < $until) {
			$seen .= $q->take(0.5);
			(my $rest = $seen) =~ s/^echo bg &\n//;
			last if bg_and_prompt($rest);
		}
		(my $rest = $seen) =~ s/^echo bg &\n//;
		my $good = bg_and_prompt($rest);
		my $sync = $run->("echo sync", 30);
		ok($good && defined $sync && $sync =~ /^sync$/m,
			"$tag: a background job runs and the prompt returns")
			or diag("expected: after 'echo bg &', a line 'bg' and a prompt (in either order), "
				. "then 'echo sync' works\nsaw: '$seen'" . (defined $sync ? " then '$sync'" : "; $broken"));
	}

	$check->("forktest", "forktest", 120, sub { $_[0] =~ /^fork test OK$/m }, "'fork test OK'");
	$check->("stressfs", "stressfs", 300, sub { $_[0] =~ /stressfs ok/ }, "'stressfs ok'");

	# Each report says what is true of its trap: a page fault names the address (CR2) and
	# what kind of access it was; a general-protection fault (cli in user mode) has no
	# faulting address, so none may be printed.
	my %report = (
		faultnull => [qr/trap 14 \(page fault\) on cpu \d+ eip 0x[0-9a-f]{8} addr 0x00000000 \(write to a not-present page\)/,
			"'trap 14 (page fault) ... addr 0x00000000 (write to a not-present page)'"],
		faultkern => [qr/trap 14 \(page fault\) on cpu \d+ eip 0x[0-9a-f]{8} addr 0x80100000 \(read of a protected page\)/,
			"'trap 14 (page fault) ... addr 0x80100000 (read of a protected page)'"],
		faultcli => [qr/trap 13 \(general protection fault\) on cpu \d+ eip 0x[0-9a-f]{8}(?! addr)/,
			"'trap 13 (general protection fault) on cpu N eip 0x...', with no addr"],
	);
	for my $prog (qw(faultnull faultkern faultcli)) {
		my ($re, $what) = @{ $report{$prog} };
		$check->("$prog is killed with a trap report", $prog, 30,
			sub { $_[0] =~ /^pid \d+ $prog: $re.* -- killed$/m && $_[0] !~ /still alive/ },
			"the kernel's line 'pid N $prog: $what ... -- killed', no 'still alive', and a prompt");
	}

	$check->("the shell still works", "echo done", 30, sub { $_[0] =~ /^done$/m }, "a line 'done'");

	$q->stop;
	my @panic = grep { /panic/ } split /\n/, $q->transcript;
	ok(!@panic, "$tag: no panic during the session")
		or diag("expected: no 'panic' on the console\nsaw:\n" . join("\n", @panic));
	done_testing();
}

1;
