# Xv6Handin.pm: the parts of grading that concern a student's tree rather than one test: the
# manifest of grading files that `make handout` records and `make grade` verifies, the hand-in
# files every lab has (answers.txt, time.txt) and their grader tests, Gradescope's
# results.json, the timeout scale for slow hosts, and the hints a failing test's message gets
# (console context, usertests' failing cases). Used by Xv6Lab.pm, labs/handout, labs/submit.
package Xv6Handin;

use strict;
use warnings;
use Exporter 'import';
use Digest::SHA;
use JSON::PP;
use Xv6Test;

our @EXPORT = qw(MANIFEST manifest_files write_manifest verify_manifest unofficial_banner
	handin_tests answers_blocks time_spent timeout_scale timeout_hint usertests_failures
	console_context results_json);

use constant MANIFEST => 'labs/MANIFEST';

# The files grading loads, relative to the tree's root, sorted: the graders and the lab test
# programs, the grading scripts, the harness library, and the usertests sources (graders run
# `usertests -q`). A student who edits one of these is no longer graded by the course's tests.
sub manifest_files {
	my ($root) = @_;
	$root //= Xv6Test::ROOT;
	my @pat = qw(labs/grade labs/handout labs/submit labs/*/*.pl labs/*.h labs/*/*.h labs/*/*.c
		labs/gradescope/* test/lib/*.pm user/usertests/*.c user/usertests/*.h
		user/usertests/*.S);
	my %seen;
	my @files = grep { !$seen{$_}++ } map { s{^\Q$root\E/}{}r }
		grep { -f } map { glob("$root/$_") } @pat;
	return sort @files;
}

sub sha256_of { my $d = Digest::SHA->new(256); $d->addfile($_[0], 'b'); return $d->hexdigest }

# Write labs/MANIFEST under $root: "SHA256  PATH" lines, as sha256sum prints them (so
# `sha256sum -c labs/MANIFEST` checks it too). Returns the number of files.
sub write_manifest {
	my ($root) = @_;
	my @files = manifest_files($root);
	spew("$root/" . MANIFEST, "# labs/MANIFEST: the files grading loads, as handed out "
		. "(make grade checks them).\n"
		. join('', map { sha256_of("$root/$_") . "  $_\n" } @files));
	return scalar @files;
}

# Compare the tree under $root with its labs/MANIFEST. Returns a list of
# "PATH (changed|missing|added)" strings, empty when every grading file is as handed out, or
# when there is no manifest (the instructor's tree: nothing to compare with).
sub verify_manifest {
	my ($root) = @_;
	$root //= Xv6Test::ROOT;
	my $text = slurp("$root/" . MANIFEST) // return ();
	my (%want, @bad);
	for (split /\n/, $text) {
		next if /^#/ || !/\S/;
		my ($sum, $path) = /^([0-9a-f]{64})  (.+)$/ or do { push @bad, "labs/MANIFEST (line '$_' is garbled)"; next };
		$want{$path} = $sum;
	}
	for my $path (sort keys %want) {
		if (!-f "$root/$path") { push @bad, "$path (missing)" }
		elsif (sha256_of("$root/$path") ne $want{$path}) { push @bad, "$path (changed)" }
	}
	push @bad, map { "$_ (added)" } grep { !exists $want{$_} } manifest_files($root);
	return @bad;
}

# The text printed (before the tests and again after the score) when grading files differ
# from the handout's.
sub unofficial_banner {
	my (@bad) = @_;
	my $bar = '*' x 78;
	return "$bar\n*** UNOFFICIAL SCORE: these grading files differ from the handout's "
		. "(labs/MANIFEST):\n" . join('', map { "***   $_\n" } @bad)
		. "*** The official grader restores the handed-out copies before grading, so your\n"
		. "*** changes to them count for nothing. Undo them with: git checkout -- FILE\n$bar\n";
}

# ---- hand-in files ----------------------------------------------------------------------
# labs/NAME/answers.txt: the handout's Questions, each a block starting with a line
# "# Q<N>. ..." (its following "# " lines continue the question); the answer is every other
# non-blank line up to the next question. Returns ([number, question, answer text], ...).
sub answers_blocks {
	my ($text) = @_;
	my (@blocks, $cur);
	for (split /\n/, $text // '') {
		if (/^#\s*Q(\d+)\.\s*(.*)$/) {
			push @blocks, $cur = [$1, $2, ''];
		} elsif (/^#/) {
			next;
		} elsif ($cur && /\S/) {
			$cur->[2] .= "$_\n";
		}
	}
	return @blocks;
}

# labs/NAME/time.txt: the hours spent, the first line that is not a comment. Returns the
# number, or undef.
sub time_spent {
	my ($text) = @_;
	for (split /\n/, $text // '') {
		next if /^\s*#/ || !/\S/;
		return /^\s*(\d+(?:\.\d+)?)\s*(?:h|hours?)?\s*$/i ? $1 : undef;
	}
	return undef;
}

# The hand-in tests a lab's grader gets besides its own (Xv6Lab's load_lab adds them): every
# question of answers.txt answered (when the lab's answers.txt has Q blocks; the paging lab's
# checks its values itself), and time.txt holding a number.
sub handin_tests {
	my ($lab, $root) = @_;
	$root //= Xv6Test::ROOT;
	my @t;
	my $file = "labs/$lab/answers.txt";
	if (answers_blocks(slurp("$root/$file"))) {
		push @t, { name => 'answers.txt: every question answered', points => 5, host => sub {
			my ($r) = @_;
			my $text = slurp("$r/$file") // return (0, "$file is missing");
			my @blocks = answers_blocks($text);
			return (0, "$file has no '# Q1.' question lines any more") unless @blocks;
			my @empty = map { "Q$_->[0]" } grep { $_->[2] !~ /\S/ } @blocks;
			return (0, "expected an answer under every question in $file\nsaw no answer to: "
				. join(' ', @empty)) if @empty;
			return (1, sprintf("%d questions answered", scalar @blocks));
		} };
	}
	push @t, { name => 'time.txt: hours spent', points => 1, host => sub {
		my ($r) = @_;
		my $f = "labs/$lab/time.txt";
		my $text = slurp("$r/$f") // return (0, "$f is missing");
		my $h = time_spent($text);
		return (0, "expected the hours you spent on the lab, a number (e.g. 7.5), as the "
			. "first line of $f that is not a comment\nsaw: "
			. ((grep { !/^\s*#/ && /\S/ } split /\n/, $text)[0] // 'no such line')) unless defined $h;
		return (1, "$h hours");
	} };
	return @t;
}

# ---- messages ---------------------------------------------------------------------------
# GRADE_TIMEOUT_SCALE=N multiplies every grading timeout (a slow or shared host).
sub timeout_scale {
	my $s = $ENV{GRADE_TIMEOUT_SCALE};
	return 1 unless defined $s && $s ne '';
	die "GRADE_TIMEOUT_SCALE must be a positive number, not '$s'\n"
		unless $s =~ /^\d+(?:\.\d+)?$/ && $s > 0;
	return $s;
}

sub timeout_hint {
	my ($lab) = @_;
	my $s = timeout_scale();
	return "if this machine is just slow, give every test more time: "
		. "GRADE_TIMEOUT_SCALE=" . ($s * 2) . " make grade LAB=$lab"
		. ($s != 1 ? " (this run used GRADE_TIMEOUT_SCALE=$s)" : "");
}

# The cases `usertests` reports as failed in $text: ("NAME: reason", ...). usertests prints
# "test NAME: " before a case and "OK" or "FAILED reason" after it, with the case's own output
# in between.
sub usertests_failures {
	my ($text) = @_;
	my @parts = split /^test (\S+?): /m, $text // '', -1;
	shift @parts;
	my @bad;
	while (my ($name, $body) = splice(@parts, 0, 2)) {
		if ($body =~ /(?:\A|\n)FAILED ?([^\n]*)/) { push @bad, "$name: " . ($1 ne '' ? $1 : 'FAILED') }
		elsif ($body !~ /(?:\A|\n)OK\n/ && $body !~ /\AOK\b/) {
			push @bad, "$name: no OK or FAILED (it crashed, hung or ran out of time; the output ends: "
				. ((grep { /\S/ } split /\n/, $body)[-1] // 'nothing') . ")";
		}
	}
	return @bad;
}

# When a test's output is empty or the shell was restarted ("init: starting sh"), the console
# lines around the command, from the boot's whole transcript. Returns '' when neither.
sub console_context {
	my ($transcript, $cmd, $output) = @_;
	my $restarted = $output =~ /init: starting sh/;
	return '' unless $output !~ /\S/ || $restarted;
	my @lines = split /\n/, $transcript // '';
	# The last line that echoes the command at a prompt is where this test began.
	my ($at) = grep { $lines[$_] =~ /^\$ \Q$cmd\E\s*$/ } reverse 0 .. $#lines;
	$at //= $#lines;
	my $from = $at - 5 < 0 ? 0 : $at - 5;
	my $to = $at + 15 > $#lines ? $#lines : $at + 15;
	my $why = $restarted
		? "the shell was restarted (init: starting sh): the command, or the shell running it, "
			. "was killed or exited"
		: "the command printed nothing";
	return "$why; the console around it (boot log):\n"
		. join("\n", map { ($_ == $at ? '>> ' : '   ') . $lines[$_] } $from .. $to);
}

# ---- Gradescope -------------------------------------------------------------------------
# The results in Gradescope's autograder format (a JSON text): score, tests [{name, score,
# max_score, output}], output. @rows: hashes with name, points, passed, unscored, output.
sub results_json {
	my ($score, $total, $note, @rows) = @_;
	my @tests = map { {
		name => $_->{name},
		score => $_->{unscored} ? 0 : ($_->{passed} ? $_->{points} : 0) + 0,
		max_score => $_->{unscored} ? 0 : $_->{points} + 0,
		output => ($_->{passed} ? 'passed' : 'FAILED') . ($_->{output} ne '' ? "\n$_->{output}" : ''),
	} } @rows;
	return JSON::PP->new->canonical->pretty->encode({ score => $score + 0,
		output => "Score: $score/$total" . ($note ? "\n$note" : ''), tests => \@tests });
}

1;
