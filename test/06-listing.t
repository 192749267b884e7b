#!/usr/bin/perl
# 06-listing.t: the printed listing (make print, make listing-html, make where; tools/listing.pl).
# The PDF holds sample lines under their numbers, the index's setupkvm entry points at the
# line that defines it, every HTML link lands on an anchor, and make where agrees with the
# index. Needs groff and poppler-utils: installs them through `sh tools/setup.sh print` when
# they are missing (as CI, on a brand-new machine, must). No QEMU.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use Test::More;

chdir ROOT or die "cd " . ROOT . ": $!";
mkdir OUTDIR unless -d OUTDIR;

sub have { my $c = shift; system("command -v $c >/dev/null 2>&1") == 0 }
unless (have('groff') && have('gropdf') && have('pdftotext') && have('pdfinfo')) {
	my $r = run_cmd(['sh', 'tools/setup.sh', 'print'], timeout => 600);
	diag("tools/setup.sh print: " . ($r->{out} // ''));
}

# Build the three outputs from a fresh data file.
unlink 'listing.dat', 'listing.pdf';
my $r = run_cmd(['make', '-s', 'print', 'listing-html'], timeout => 120);
ok($r->{status} == 0 && -s 'listing.pdf' && -s 'listing-html/index.html' && -s 'listing-html/xref.html',
	"make print and make listing-html write listing.pdf and listing-html/")
	or diag("expected: exit 0, listing.pdf, listing-html/index.html and xref.html\nsaw: exit "
		. "$r->{status}, output:\n$r->{out}");

# The data file: numbered lines and symbols, as tools/listing.pl wrote them.
my (%line, %sym, %uses, @files);
if (open(my $fh, '<', 'listing.dat')) {
	while (<$fh>) {
		chomp;
		my @x = split /\t/, $_, -1;
		if ($x[0] eq 'L') { $line{$x[1]} = { file => $x[2], fline => $x[3], text => $x[4] } }
		elsif ($x[0] eq 'S') { push @{$sym{$x[2]}}, { id => $x[1], kind => $x[3], num => $x[4] } }
		elsif ($x[0] eq 'F') { push @files, { file => $x[1], first => $x[2], n => $x[3] } }
	}
}

# Line numbers are printed with at least 4 digits, more once the listing passes 9999 lines.
my $nw = 4;
for (keys %line) { $nw = length($_) if length($_) > $nw }

# Numbering: every file on a half-sheet, its lines consecutive, and each source line as in the file.
my @bad;
for my $f (@files) {
	push @bad, "$f->{file} starts at $f->{first}, not a multiple of 50" if $f->{first} % 50;
	open(my $fh, '<', $f->{file}) or do { push @bad, "$f->{file}: $!"; next };
	my @src = <$fh>;
	push @bad, "$f->{file}: $f->{n} lines listed, " . scalar(@src) . " in the file" if @src != $f->{n};
	for my $i (0 .. $#src) {
		my $want = $src[$i] =~ s/\r?\n$//r;
		1 while $want =~ s/^([^\t]*)\t/$1 . ' ' x (8 - length($1) % 8)/e;
		my $l = $line{$f->{first} + $i};
		if (!$l || $l->{file} ne $f->{file} || $l->{text} ne $want) {
			push @bad, sprintf("line %d: expected %s:%d '%s', saw %s", $f->{first} + $i, $f->{file}, $i + 1,
				$want, $l ? "$l->{file}:$l->{fline} '$l->{text}'" : 'nothing');
			last;
		}
	}
}
ok(@files >= 10 && !@bad && $files[0]{file} eq 'bootasm.S' && $files[0]{first} == 100,
	"the data file numbers every file from a half-sheet, bootasm.S first at 0100")
	or diag("expected: files from listing.order, each at a multiple of 50, lines as in the source\nsaw: "
		. scalar(@files) . " files, first " . ($files[0] ? "$files[0]{file} at $files[0]{first}" : 'none')
		. "\n" . join("\n", @bad[0 .. ($#bad < 9 ? $#bad : 9)]));

# setupkvm: defined at the line that holds 'setupkvm(' at its start (vm.c's definition).
my ($defnum) = grep { $line{$_}{file} eq 'vm.c' && $line{$_}{text} =~ /^setupkvm\(/ } keys %line;
my ($s) = grep { $_->{kind} eq 'function' } @{$sym{setupkvm} || []};
ok(defined $defnum && $s && $s->{num} == $defnum, "the index's setupkvm points at the line defining setupkvm(")
	or diag(sprintf("expected: setupkvm defined at line %s\nsaw: %s", $defnum // '(no such line in vm.c)',
		$s ? "line $s->{num}" : 'no setupkvm in the index'));

# The PDF: sample lines under their numbers, the index entry, the sheet headers.
my $pdf = run_cmd(['pdftotext', '-layout', 'listing.pdf', '-'], timeout => 60);
my $text = $pdf->{out} // '';
Xv6Test::spew(OUTDIR . '/listing.txt', $text);
my $pages = (run_cmd(['pdfinfo', 'listing.pdf'])->{out} // '') =~ /^Pages:\s+(\d+)/m ? $1 : 0;
my %pdfline;
# Only on the sheets (a page whose footer is 'Sheet NN'), and only on NN's own sheet.
for my $page (split /\f/, $text) {
	my ($sh) = $page =~ /^\s*Sheet (\d+)\s*$/m or next;
	while ($page =~ /(?:^|\s)(\d{4,5}) (.*?)(?=\s{3,}\d{4,5} |$)/mg) {
		$pdfline{$1} //= $2 if int($1 / 100) == $sh;
	}
}
sub squash { my $s = shift; $s =~ s/\s+/ /g; $s =~ s/^ | $//g; $s }
my @samples;
push @samples, $defnum if defined $defnum;
for my $f (@files[0, 2, 3, -1]) { push @samples, $f->{first} if $f }
for my $want (qw(kvmalloc mappages walkpgdir)) {
	my ($d) = grep { $_->{kind} eq 'function' } @{$sym{$want} || []};
	push @samples, $d->{num} if $d;
}
my @miss;
for my $n (@samples) {
	my $num = sprintf("%0*d", $nw, $n);
	my $want = squash($line{$n}{text});
	my $saw = squash($pdfline{$num} // '');
	push @miss, "line $num: expected '$want', saw '" . ($pdfline{$num} // '(no such number)') . "'"
		unless length $want ? index($saw, $want) == 0 : 1;
}
ok($pages > 10 && @samples >= 6 && !@miss, "pdftotext finds sample lines of listing.pdf under their numbers")
	or diag("expected: $pages pages > 10; lines @samples under their numbers\nsaw:\n" . join("\n", @miss)
		. "\n(the text is in test/out/listing.txt)");
my $defnum4 = sprintf('%0*d', $nw, $defnum // 0);
my $sheet = defined $defnum ? sprintf("Sheet %02d", int($defnum / 100)) : 'Sheet ??';
ok($text =~ /\b\Q$sheet\E\b/ && $text =~ /(?:^|\s{3})\s*setupkvm $defnum4 function/m
	&& $text =~ /Table of contents/ && $text =~ /Cross-reference index/,
	"listing.pdf has the table of contents, the index entry for setupkvm and the sheet headers")
	or diag("expected: 'Table of contents', 'Cross-reference index', '$sheet', an index line 'setupkvm $defnum4 function'\nsaw: test/out/listing.txt");

# HTML: every link lands on an anchor; every line has one; TOC and index link into the sheets.
my (%ids, @links);
for my $page (qw(index.html xref.html)) {
	my $h = -f "listing-html/$page" ? Xv6Test::slurp("listing-html/$page") : '';
	$ids{$page}{$1} = 1 while $h =~ /\bid="([^"]+)"/g;
	push @links, [$page, $1] while $h =~ /\bhref="([^"]*)"/g;
	if ($h =~ /<(?:link|script|img)\b[^>]*(?:href|src)="/i || $h =~ /(?:src|href)="(?:https?:)?\/\//i) {
		push @links, [$page, 'EXTERNAL FETCH'];
	}
}
my @broken;
for my $l (@links) {
	my ($from, $href) = @$l;
	my ($file, $frag) = $href =~ /^([^#]*)(?:#(.*))?$/;
	$file = $from if !defined $file || $file eq '';
	push @broken, "$from: $href" and next unless $ids{$file} && (!defined $frag || $ids{$file}{$frag});
}
my @noanchor = grep { !$ids{'index.html'}{$_} } keys %line;
my @nosheet = grep { !$ids{'index.html'}{sprintf 'sheet%02d', $_} } map { int($_ / 100) } keys %line;
ok(@links > 1000 && !@broken && !@noanchor && !@nosheet,
	"every HTML link resolves to an anchor; every line and sheet has one")
	or diag("expected: no broken links, an anchor per line (#1737) and per sheet (#sheet17)\nsaw: "
		. scalar(@links) . " links; broken: " . join(', ', @broken[0 .. ($#broken < 9 ? $#broken : 9)])
		. "; lines without an anchor: " . scalar(@noanchor) . "; sheets without one: " . scalar(@nosheet));
my $xref = -f 'listing-html/xref.html' ? Xv6Test::slurp('listing-html/xref.html') : '';
ok(defined $defnum && $xref =~ /setupkvm <a href="index\.html#$defnum">/
	&& Xv6Test::slurp('listing-html/index.html') =~ /<a class="ref" href="#$defnum"[^>]*>setupkvm<\/a>/,
	"the HTML index and the uses of setupkvm link to its line")
	or diag("expected: xref.html links setupkvm to index.html#" . ($defnum // '?')
		. ", and a use of setupkvm links to #" . ($defnum // '?') . "\nsaw: listing-html/");

# make where agrees with the index, for a sample of symbols of every kind.
my @disagree;
my %kinds;
for my $name (sort keys %sym) { $kinds{$sym{$name}[0]{kind}} //= $name }
for my $name ('setupkvm', 'kvmalloc', 'entry', values %kinds) {
	# make itself (its tool probes take a while) for three; the script make runs for the rest.
	my $w = run_cmd($name =~ /^(setupkvm|kvmalloc|entry)$/ ? ['make', '-s', 'where', "SYM=$name"]
		: ['perl', 'tools/listing.pl', 'where', 'listing.dat', $name], timeout => 30);
	my @want = map {
		my $l = $line{$_->{num}};
		sprintf("%s  %s:%d  line %0*d  sheet %02d  (%s)", $name, $l->{file}, $l->{fline}, $nw, $_->{num},
			int($_->{num} / 100), $_->{kind})
	} sort { $a->{num} <=> $b->{num} } @{$sym{$name}};
	my @saw = sort split /\n/, $w->{out} // '';
	push @disagree, "make where SYM=$name: expected\n  " . join("\n  ", sort @want) . "\nsaw\n  " . join("\n  ", @saw)
		unless "@saw" eq join(' ', sort @want);
}
ok(!@disagree, "make where agrees with the index")
	or diag(join("\n", @disagree));
my $none = run_cmd(['make', '-s', 'where', 'SYM=no_such_symbol_here'], timeout => 30);
ok($none->{status} != 0 && $none->{out} =~ /not defined/, "make where fails for an unknown symbol")
	or diag("expected: a failure saying 'not defined'\nsaw: exit $none->{status}: $none->{out}");

done_testing();
