#!/usr/bin/perl
# 44-grade-results.t: the grading framework's own parts, without booting. In a scratch copy of
# the tree, `perl labs/grade --only=...` runs only the util lab's host tests (answers.txt,
# time.txt): its results.json must be well-formed Gradescope JSON that agrees with "Score:";
# a changed grader under a labs/MANIFEST makes the score UNOFFICIAL, naming the file; a TEST
# pattern that matches nothing is refused. Also the failure hints' parsers (usertests' failing
# cases, the console around an empty output).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Temp qw(tempdir);
use JSON::PP;
use Xv6Test;
use Xv6Handin;
use Test::More;

my $tmp = tempdir("xv6grade-XXXXXX", TMPDIR => 1, CLEANUP => 1);
my $tree = copy_tree("$tmp/tree");
unlink "$tree/labs/MANIFEST";

# Run the util grader's hand-in tests in the scratch tree. Returns (run_cmd result, Score
# pair or undef, decoded results.json or undef, why it is not JSON).
sub grade_host {
	my $r = run_cmd(['perl', 'labs/grade', '--only=answers|time', 'util'], dir => $tree,
		timeout => 120);
	my ($x, $y) = $r->{out} =~ /^Score: (\d+)\/(\d+)$/m;
	my $text = slurp("$tree/test/out/lab-util/results.json");
	my $json = defined $text ? eval { JSON::PP->new->decode($text) } : undef;
	return ($r, defined $y ? [$x, $y] : undef, $json, defined $text ? $@ : "no results.json");
}

# Does results.json agree with the Score line? Returns (1) or (0, why).
sub agrees {
	my ($score, $json) = @_;
	return (0, "no Score: line") unless $score;
	return (0, "results.json is not a JSON object with tests") unless ref $json eq 'HASH'
		&& ref $json->{tests} eq 'ARRAY';
	my @bad = grep { !defined $_->{name} || !defined $_->{score} || !defined $_->{max_score}
		|| !defined $_->{output} || $_->{score} > $_->{max_score} } @{ $json->{tests} };
	return (0, "tests without name/score/max_score/output: " . scalar @bad) if @bad;
	my ($sum, $max) = (0, 0);
	$sum += $_->{score}, $max += $_->{max_score} for @{ $json->{tests} };
	return (0, "expected score $score->[0] (Score: $score->[0]/$score->[1]), saw $json->{score}")
		unless $json->{score} == $score->[0];
	return (0, "expected the tests' scores to add up to $score->[0]/$score->[1], saw $sum/$max")
		unless $sum == $score->[0] && $max == $score->[1];
	return (1);
}

# ---- unanswered: 0 points, and the JSON says why --------------------------------------------
my ($r, $score, $json, $err) = grade_host();
ok($score && $score->[0] == 0 && $score->[1] == 6,
	"util's hand-in tests, unanswered: Score: 0/6")
	or diag("expected: Score: 0/6\nsaw: exit $r->{status}:\n$r->{out}");
ok($json, "results.json is JSON") or diag("expected: JSON\nsaw: $err");
my @a = agrees($score, $json);
ok($a[0], "results.json agrees with Score: (unanswered)") or diag($a[1]);
my ($ans) = grep { $_->{name} =~ /answers/ } @{ $json->{tests} // [] };
like($ans->{output} // '', qr/saw no answer to: Q1 Q2 Q3 Q4/,
	"the answers test's output names the unanswered questions");

# ---- answered: full marks, figures on success ------------------------------------------------
my $text = slurp("$tree/labs/util/answers.txt");
$text =~ s/^(# Q\d+\..*\n(?:#.*\n)*)/${1}An answer.\n/mg;
spew("$tree/labs/util/answers.txt", $text);
spew("$tree/labs/util/time.txt", "# hours\n6.5\n");
($r, $score, $json, $err) = grade_host();
ok($r->{status} == 0 && $score && $score->[0] == 6 && $score->[1] == 6,
	"answered: Score: 6/6, exit 0") or diag("expected: Score: 6/6 and exit 0\nsaw: exit "
	. "$r->{status}:\n$r->{out}");
@a = agrees($score, $json);
ok($a[0], "results.json agrees with Score: (answered)") or diag($a[1]);
like($r->{out}, qr/^time\.txt: hours spent: OK.*\n    6\.5 hours$/m,
	"a passing test prints its figure (6.5 hours)") or diag("saw:\n$r->{out}");
unlike($r->{out}, qr/UNOFFICIAL/, "no manifest (the instructor's tree): no UNOFFICIAL banner");

# ---- a changed grader under a manifest --------------------------------------------------------
write_manifest($tree);
($r) = grade_host();
unlike($r->{out}, qr/UNOFFICIAL/, "the tree as the manifest records it: an official score")
	or diag("saw:\n$r->{out}");
spew("$tree/labs/util/tests.pl", slurp("$tree/labs/util/tests.pl") . "\n# changed\n");
($r, $score, $json) = grade_host();
like($r->{out}, qr/UNOFFICIAL SCORE.*\n\*\*\*   labs\/util\/tests\.pl \(changed\)/,
	"a changed tests.pl: the score is UNOFFICIAL, naming labs/util/tests.pl")
	or diag("expected: the UNOFFICIAL banner naming labs/util/tests.pl (changed)\nsaw:\n$r->{out}");
like($json->{output} // '', qr/UNOFFICIAL.*labs\/util\/tests\.pl/,
	"results.json's output says UNOFFICIAL too")
	or diag("saw: " . ($json->{output} // 'no output'));

# ---- TEST= that matches nothing -----------------------------------------------------------
$r = run_cmd(['perl', 'labs/grade', '--only=nosuchtest', 'util'], dir => $tree, timeout => 60);
ok($r->{status} == 2 && $r->{out} =~ /no test name or command matches 'nosuchtest'.*\n  sleep, no arguments/,
	"TEST=nosuchtest is refused, listing the tests")
	or diag("expected: exit 2 and the list of test names\nsaw: exit $r->{status}:\n$r->{out}");

# ---- the failure hints' parsers ----------------------------------------------------------------
my $ut = "usertests starting\ntest forktest: OK\ntest sbrkbasic: some output\nFAILED sbrk returned -1\n"
	. "test pipe1: OK\ntest bigwrite: lost\ntest last: ";
my @f = usertests_failures($ut);
is_deeply(\@f, ['sbrkbasic: sbrk returned -1',
	'bigwrite: no OK or FAILED (it crashed, hung or ran out of time; the output ends: lost)',
	'last: no OK or FAILED (it crashed, hung or ran out of time; the output ends: nothing)'],
	"usertests_failures names the failing and the unfinished cases");
my $ctx = console_context("boot\ninit: starting sh\n\$ cowtest simple\npid 3 cowtest: trap 14\n"
	. "init: starting sh\n\$ ", 'cowtest simple', "pid 3 cowtest: trap 14\ninit: starting sh\n");
like($ctx, qr/shell was restarted.*\n>> \$ cowtest simple\n   pid 3 cowtest: trap 14/s,
	"console_context shows the lines around a restarted shell") or diag("saw:\n$ctx");
is(console_context("x\n\$ ls\nfoo\n", 'ls', "foo\n"), '', "no context for ordinary output");
is(time_spent("# c\n 7 hours\n"), 7, "time.txt: '7 hours' is a number");
is(time_spent("# c\nabout a week\n"), undef, "time.txt: 'about a week' is not");
done_testing();
