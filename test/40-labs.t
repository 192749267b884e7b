#!/usr/bin/perl
# 40-labs.t: the lab framework without booting: every labs/NAME/tests.pl loads and is well
# formed, its programs exist, labs/README.md lists it, and every solution.patch applies.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Xv6Lab;
use Test::More;

my @labs = lab_names();
ok(@labs >= 4, "there are labs (labs/*/tests.pl)") or diag("expected: at least 4\nsaw: @labs");
my $index = slurp("labs/README.md") // '';
for my $lab (@labs) {
	my $spec = eval { load_lab($lab) };
	ok($spec, "labs/$lab/tests.pl loads") or diag("expected: a well-formed grader\nsaw: $@");
	next unless $spec;
	my @missing = grep { !-f "labs/$lab/$_.c" } @{ $spec->{progs} };
	ok(!@missing, "$lab: every test program is in labs/$lab/")
		or diag("expected: labs/$lab/PROG.c for each of progs\nsaw: missing @missing");
	ok(-f "labs/$lab/README.md" && $index =~ /\[$lab\]\($lab\/README\.md\)/,
		"$lab: has a handout, listed in labs/README.md")
		or diag("expected: labs/$lab/README.md and a row '[$lab]($lab/README.md)' in labs/README.md");
	next unless -f "labs/$lab/solution.patch";
	my $r = run_cmd(['git', 'apply', '--check', "labs/$lab/solution.patch"], timeout => 60);
	ok($r->{status} == 0, "$lab: solution.patch applies to this tree")
		or diag("expected: git apply --check succeeds\nsaw: $r->{out}");
}
done_testing();
