#!/usr/bin/perl
# 06-readme-report.t: the README's sample boot report ("What the boot prints") must be
# what this tree's kernel really prints, line for line and number for number, so that
# the sample a student compares against cannot go stale. Boots once with make qemu-nox's
# default CPU count (the free-page counts depend on it); the console is kept in
# test/out/readme-boot.log. When it fails, paste the lines it saw into the README.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Test::More;

ensure_built() or done_testing(), exit;

# The README's sample: the indented block right under the section's title.
my $readme = Xv6Test::slurp(ROOT . "/README");
my @sample;
if ($readme =~ /^What the boot prints\n-+\n((?: {4}\S.*\n)+)/m) {
	@sample = map { s/^ {4}//r } split /\n/, $1;
}
ok(@sample, "the README has a sample boot report")
	or diag("expected: an indented block right under 'What the boot prints' in README\n"
		. "saw: none");

# The report lines are the ones the kernel prints while it sets up memory, then the file
# system's layout and init's first line. (The other CPUs' "cpuN: starting" lines are
# left out: they interleave with the boot CPU's in no fixed order.)
my $report = qr/^(?:mem:|kinit1:|kinit2:|kvmalloc:|kvmcheck:|kmap\[\d+\] |fs:|init:)/;
my $bad = grep { !/$report/ } @sample;
ok(!$bad, "every line of the README's sample is a boot-report line")
	or diag("expected: lines starting mem:, kinit1:, kvmalloc:, kmap[N], kvmcheck:, "
		. "kinit2:, fs:, init:\n"
		. "saw:\n" . join("\n", grep { !/$report/ } @sample));

my $q = Xv6Test::Qemu->new(cpus => 2, timeout => 90, log => OUTDIR . "/readme-boot.log");
my $prompt = $q->boot_to_prompt(60);
my $why = $q->why;
$q->stop;
my @lines = grep { /$report/ } map { s/\r$//r } split /\n/, $q->transcript;

ok(defined $prompt, "the kernel boots to the shell prompt")
	or diag("expected: '\$ ' within 60 s\nsaw: $why");

my $all = join("\n", @lines);
is(scalar(@sample), scalar(@lines), "the README's sample has as many lines as the boot report")
	or diag("the boot printed:\n$all");
# kinit2's free count is the one number that moves between boots: the other CPU may or
# may not have taken its first page by then. It may differ by up to 2; the rest must not.
sub same_line {
	my ($readme, $boot) = @_;
	my $re = qr/^(kinit2: \+\d+ pages, )(\d+)( free)$/;
	if ($readme =~ $re) {
		my ($a, $n, $z) = ($1, $2, $3);
		return $boot =~ $re && $1 eq $a && $3 eq $z && abs($2 - $n) <= 2;
	}
	return $readme eq $boot;
}
for my $i (0 .. $#sample) {
	my $got = $lines[$i] // '(nothing)';
	ok(same_line($sample[$i], $got), "README sample line " . ($i + 1) . " is what the boot prints")
		or diag("README:   '$sample[$i]'\nthe boot: '$got'\n"
			. "refresh the README's sample from test/out/readme-boot.log:\n$all");
}

# The sentence under the sample explains the page-table count: it must add up, and agree.
my ($boot_m) = $all =~ /^kvmalloc: kpgdir at pa 0x[0-9a-f]+, (\d+) page-table pages\b/m;
my $text = $readme =~ s/\s+/ /gr;
my ($m, $t, $d) = $text =~ /(\d+) page-table pages = 1 directory \+ (\d+) tables .*? \+ (\d+) for the devices/;
ok(defined $m && defined $boot_m && $m == $boot_m && $m == 1 + $t + $d,
	"the README's page-table count adds up and matches the boot")
	or diag("expected: 'N page-table pages = 1 directory + T tables ... + D for the devices' "
		. "in README with N = 1 + T + D = " . ($boot_m // '?') . "\n"
		. "saw: " . join(", ", map { $_ // 'none' } $m, $t, $d));

done_testing();
