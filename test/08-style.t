#!/usr/bin/perl
# 08-style.t: the kernel's sources (the top-level *.c, *.h, *.S and kernel.ld, which the
# printed listing shows) keep to 80 columns, and declare no variables in a for(...) header,
# as the listing and the VGA screen expect. No build, no boot.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Test::More;

my @files = grep { -f } map { glob(ROOT . "/$_") } qw(*.c *.h *.S kernel.ld);
my (@wide, @c99);
for my $f (@files) {
	my $text = Xv6Test::slurp($f) // next;
	my $name = $f =~ s{^\Q${\ROOT}\E/}{}r;
	my $n = 0;
	for my $line (split /\n/, $text) {
		$n++;
		$line =~ s/\t/' ' x (8 - ($-[0] % 8))/e while $line =~ /\t/;
		push @wide, "$name:$n: " . length($line) . " columns" if length($line) > 80;
		push @c99, "$name:$n: $line" if $line !~ m{^\s*(//|#|\*)} && $line =~ /\bfor\s*\(\s*(?:unsigned\s+)?(?:int|uint|char|long)\b/;
	}
}
ok(@files > 30, "the kernel's sources are there (" . scalar(@files) . " files)");
ok(!@wide, "every kernel source line fits in 80 columns")
	or diag("expected: no line longer than 80 columns\nsaw:\n" . join("\n", @wide[0 .. ($#wide < 19 ? $#wide : 19)]));
ok(!@c99, "no variable is declared in a for header")
	or diag("expected: declarations before the loop\nsaw:\n" . join("\n", @c99));
done_testing();
