#!/usr/bin/perl
# listing.pl: the printed listing the lectures cite. One script, so the PDF, the HTML and
# `make where` agree by construction: the `data` step numbers the lines and builds the symbol
# table; every other step reads only the data file it wrote.
#
#   perl tools/listing.pl data tools/listing.order > listing.dat
#   perl tools/listing.pl troff listing.dat > listing.tr     (groff -Tpdf makes listing.pdf)
#   perl tools/listing.pl html listing.dat listing-html      (index.html, xref.html)
#   perl tools/listing.pl where listing.dat SYM              (one line per definition)
#
# Numbering: the first file starts at line 0100 (sheet 01). A sheet holds 100 lines, printed
# as two columns of 50; every file starts on a half-sheet, at a multiple of 50. The line
# number's digits before the last two are the sheet.
#
# The data file is tab-separated text, one record a line:
#   F  file  first-line  lines  section        a file, in listing order
#   L  number  file  line-in-file  text         a source line (tabs expanded)
#   S  id  name  kind  number                   a definition (kind: function, global, macro,
#                                               struct, union, enum, typedef, constant, label)
#   U  id  number number ...                    the lines that use definition id
#   R  number  col  len  id                     an identifier at column col links to id
#   C  number  col  len  class                  colouring: comment, string, keyword, preproc
use strict;
use warnings;

my $LINES_PER_SHEET = 100;
my $HALF = 50;
my $FIRST = 100;


# ---- the data step ---------------------------------------------------------------------

# The kernel's sources in the tree: what the listing must cover even if the order list
# forgets one. Generated files (.gitignore names them) are not sources.
sub tree_files {
	my ($root) = @_;
	my @ignore;
	if (open(my $fh, '<', "$root/.gitignore")) {
		while (<$fh>) {
			chomp;
			next if /^\s*(#|$)/;
			my $re = quotemeta($_);
			$re =~ s/\\\*/[^\/]*/g;
			push @ignore, qr/^$re$/;
		}
	}
	my @files;
	for my $f (map { s{^\Q$root\E/}{}r } glob("$root/*.c $root/*.h $root/*.S $root/*.ld $root/*.tbl")) {
		next if grep { $f =~ $_ } @ignore;
		push @files, $f;
	}
	return sort @files;
}

sub data {
	my ($order) = @_;
	die "usage: listing.pl data ORDERFILE\n" unless defined $order;
	my $root = $order =~ m{^(.*)/tools/[^/]*$} ? $1 : '.';
	open(my $oh, '<', $order) or die "listing.pl: $order: $!\n";
	my (@list, %named, $section);
	$section = '';
	while (<$oh>) {
		chomp;
		s/\s+$//;
		if (/^##\s*(.*)/) { $section = $1; next }
		next if /^\s*(#|$)/;
		s/^\s+//;
		# "-FILE": left out on purpose (neither listed nor appended).
		if (s/^-\s*//) { $named{$_}++; next }
		next if $named{$_}++;
		if (!-f "$root/$_") { warn "listing.pl: warning: $_ (named in $order) does not exist; skipped\n"; next }
		push @list, [$_, $section];
	}
	my @rest = grep { !$named{$_} } tree_files($root);
	push @list, map { [$_, 'Not in tools/listing.order'] } @rest;
	warn "listing.pl: warning: not in $order, appended at the end: @rest\n" if @rest;

	my $n = $FIRST;
	my (@F, @L, @C, @toks);
	for my $e (@list) {
		my ($f, $sec) = @$e;
		$n = int(($n + $HALF - 1) / $HALF) * $HALF;
		my @lines = read_lines("$root/$f");
		push @F, [$f, $n, scalar(@lines), $sec];
		my $lex = lex($f, \@lines);
		for my $i (0 .. $#lines) {
			push @L, [$n + $i, $f, $i + 1, $lines[$i]];
			push @C, map { [$n + $i, @$_] } @{$lex->{spans}[$i]};
		}
		push @toks, [$f, $n, $lex];
		$n += @lines;
	}

	# Definitions, then references to them.
	my @S;
	my %byname;    # "ns name" -> [def ids]
	for my $t (@toks) {
		my ($f, $base, $lex) = @$t;
		for my $d (find_defs($f, $lex)) {
			my ($name, $kind, $line, $col) = @$d;
			my $id = @S;
			push @S, { name => $name, kind => $kind, num => $base + $line, file => $f, col => $col };
			my $ns = $kind =~ /^(struct|union|enum)$/ ? 'tag' : 'ord';
			push @{$byname{"$ns $name"}}, $id;
		}
	}
	my %defat = map { ("$S[$_]{num} $S[$_]{col}" => $_) } 0 .. $#S;
	my (@R, %uses);
	for my $t (@toks) {
		my ($f, $base, $lex) = @$t;
		for my $tk (@{$lex->{tokens}}) {
			my ($text, $line, $col, $ns) = @$tk;
			next unless $text =~ /^[A-Za-z_]/ && $ns ne 'member';
			my $num = $base + $line;
			my $self = $defat{"$num $col"};
			my $id = $self // resolve($byname{"$ns $text"}, $f, \@S);
			next unless defined $id;
			push @R, [$num, $col, length($text), $id];
			$uses{$id}{$num} = 1 unless defined $self;
		}
	}

	binmode(STDOUT, ':raw');
	print join("\t", 'F', @$_), "\n" for @F;
	print join("\t", 'L', @$_), "\n" for @L;
	for my $id (0 .. $#S) {
		print join("\t", 'S', $id, @{$S[$id]}{qw(name kind num)}), "\n";
		print join("\t", 'U', $id, join(' ', sort { $a <=> $b } keys %{$uses{$id} || {}})), "\n";
	}
	print join("\t", 'R', @$_), "\n" for @R;
	print join("\t", 'C', @$_), "\n" for @C;
}

# A reference in FILE to a name defined more than once: the definition in the same file,
# else the first in listing order.
sub resolve {
	my ($ids, $f, $S) = @_;
	return undef unless $ids;
	my @same = grep { $S->[$_]{file} eq $f } @$ids;
	return $same[0] if @same;
	return $ids->[0];
}

sub read_lines {
	my ($path) = @_;
	open(my $fh, '<', $path) or die "listing.pl: $path: $!\n";
	my @lines;
	while (my $l = <$fh>) {
		$l =~ s/\r?\n$//;
		1 while $l =~ s/^([^\t]*)\t/$1 . ' ' x (8 - length($1) % 8)/e;
		$l =~ s/[^\x20-\x7e]/?/g;
		push @lines, $l;
	}
	return @lines;
}

my %CKEYWORDS = map { $_ => 1 } qw(auto break case char const continue default do double else
	enum extern float for goto if inline int long register return short signed sizeof static
	struct switch typedef union unsigned void volatile while asm __asm__ __volatile__ volatile
	__attribute__ _Static_assert);
my %PPWORDS = map { $_ => 1 } qw(define include if ifdef ifndef endif else elif undef error pragma);

# Split a file into per-line colour spans and a token stream (identifier, punctuation, with
# line and column), leaving comments and strings out of the tokens.
sub lex {
	my ($f, $lines) = @_;
	my $asm = $f =~ /\.S$/;
	my $hashcomment = $f =~ /\.(S|tbl)$/;
	my $plain = $f =~ /\.(tbl)$/;
	my (@spans, @tokens);
	my $incomment = 0;
	my $pp = 0;           # inside a preprocessor line (continued with a backslash)
	for my $i (0 .. $#$lines) {
		my $s = $lines->[$i];
		my @sp;
		my $c = 0;
		my $len = length $s;
		my $ppstart = !$incomment && !$pp && $s =~ /^\s*#\s*(\w+)/ && $PPWORDS{$1};
		$pp = 1 if $ppstart;
		if ($pp && !$incomment) {
			my ($lead) = $s =~ /^(\s*)/;
			push @sp, [length $lead, $len - length $lead, 'preproc'] if $len > length $lead;
		}
		while ($c < $len) {
			if ($incomment) {
				my $e = index($s, '*/', $c);
				my $end = $e < 0 ? $len : $e + 2;
				push @sp, [$c, $end - $c, 'comment'];
				$c = $end;
				$incomment = 0 if $e >= 0;
				next;
			}
			my $rest = substr($s, $c);
			if ($rest =~ /^\/\*/ && !$plain) { $incomment = 1; next }
			if (($rest =~ /^\/\// && !$plain) || ($hashcomment && $rest =~ /^#/ && !($ppstart && substr($s, 0, $c) =~ /^\s*$/))) {
				push @sp, [$c, $len - $c, 'comment'];
				last;
			}
			if ($rest =~ /^("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)/ && !$plain) {
				my $q = $1;
				# In assembly a lone ' is rare; treat it as a string only when closed.
				if (!($asm && $q =~ /^'/ && $q !~ /'$/)) {
					push @sp, [$c, length $q, 'string'];
					$c += length $q;
					next;
				}
			}
			if ($rest =~ /^([A-Za-z_][A-Za-z0-9_]*)/) {
				my $w = $1;
				push @tokens, [$w, $i, $c, 'ord'];
				push @sp, [$c, length $w, 'keyword'] if !$asm && !$plain && $CKEYWORDS{$w} && !$pp;
				$c += length $w;
				next;
			}
			if ($rest =~ /^(0[xX][0-9a-fA-F]+|[0-9]+\w*)/) { push @tokens, ['0', $i, $c, '']; $c += length $1; next }
			if ($rest =~ /^(->|\S)/) { push @tokens, [$1, $i, $c, '']; $c += length $1; next }
			$c++;
		}
		push @tokens, ["\n#", $i, $len, ''] if $pp && $s !~ /\\$/;   # end of a preprocessor line
		$pp = 0 if $s !~ /\\$/;
		$spans[$i] = \@sp;
	}
	# Namespaces: a name after . or -> is a member; after struct/union/enum, a tag; a
	# register (%eax) or directive (.globl) in assembly is neither.
	for my $k (0 .. $#tokens) {
		# In assembly the first word of a line is a mnemonic (cli, inb), not a name.
		if ($asm && $tokens[$k][0] =~ /^[A-Za-z_]/ && ($k == 0 || $tokens[$k - 1][1] != $tokens[$k][1])
		    && !($k < $#tokens && $tokens[$k + 1][0] eq ':' && $tokens[$k + 1][1] == $tokens[$k][1])) {
			$tokens[$k][3] = 'member';
			next;
		}
		next unless $k;
		my $p = $tokens[$k - 1][0];
		if ($p eq '.' || $p eq '->' || ($asm && $p eq '%')) { $tokens[$k][3] = 'member' }
		elsif ($p =~ /^(struct|union|enum)$/) { $tokens[$k][3] = 'tag' }
	}
	return { spans => \@spans, tokens => \@tokens, asm => $asm, plain => $plain };
}

# Definitions in one file: [name, kind, line index, column].
sub find_defs {
	my ($f, $lex) = @_;
	my $t = $lex->{tokens};
	my @defs;
	return () if $lex->{plain} || $f =~ /\.ld$/;
	# Preprocessor definitions, and in assembly the labels made global.
	my %globl;
	for my $k (0 .. $#$t) {
		my $tok = $t->[$k];
		if ($tok->[0] eq 'define' && $k >= 1 && $t->[$k - 1][0] eq '#' && $k + 1 <= $#$t
		    && $t->[$k + 1][0] =~ /^[A-Za-z_]/) {
			push @defs, [$t->[$k + 1][0], 'macro', $t->[$k + 1][1], $t->[$k + 1][2]];
		}
		if ($lex->{asm} && $tok->[0] =~ /^(globl|global)$/ && $k >= 1 && $t->[$k - 1][0] eq '.') {
			$globl{$t->[$k + 1][0]} = 1 if $k + 1 <= $#$t;
		}
	}
	if ($lex->{asm}) {
		for my $k (0 .. $#$t - 1) {
			my $tok = $t->[$k];
			next unless $tok->[0] =~ /^[A-Za-z_]\w*$/ && $t->[$k + 1][0] eq ':'
				&& $t->[$k + 1][1] == $tok->[1] && $globl{$tok->[0]};
			push @defs, [$tok->[0], 'label', $tok->[1], $tok->[2]];
		}
		return @defs;
	}
	# C: walk the top level, statement by statement, skipping preprocessor lines.
	my @code;
	my $inpp = 0;
	for my $k (0 .. $#$t) {
		my $tok = $t->[$k];
		if ($tok->[0] eq "\n#") { $inpp = 0; next }
		if ($tok->[0] eq '#' && !$inpp && ($k == 0 || $t->[$k - 1][1] != $tok->[1])) { $inpp = 1; next }
		next if $inpp;
		push @code, $tok;
	}
	my @stmt;
	my $k = 0;
	while ($k <= $#code) {
		my $tok = $code[$k];
		my $w = $tok->[0];
		if ($w eq '{') {
			my @s = strip_attributes(@stmt);
			my $hasinit = grep { $_->[0] eq '=' } @s;
			my $fn = !$hasinit && funcname(\@s);
			if ($fn && !(@s >= 1 && $s[-1][0] =~ /^(struct|union|enum)$/)
			    && !(@s >= 2 && $s[-2][0] =~ /^(struct|union|enum)$/)) {
				push @defs, [$fn->[0], 'function', $fn->[1], $fn->[2]];
				$k = skip_braces(\@code, $k);
				@stmt = ();
				next;
			}
			# A struct, union or enum body, or an initializer: skip it, inside the statement.
			my $tagkind;
			if (@s >= 2 && $s[-2][0] =~ /^(struct|union|enum)$/ && $s[-1][0] =~ /^[A-Za-z_]/) {
				$tagkind = $s[-2][0];
				push @defs, [$s[-1][0], $tagkind, $s[-1][1], $s[-1][2]];
			} elsif (@s >= 1 && $s[-1][0] eq 'enum') {
				$tagkind = 'enum';
			}
			my $end = skip_braces(\@code, $k);
			if (!$hasinit && $tagkind && $tagkind eq 'enum') {
				my $depth = 0;
				for my $j ($k + 1 .. $end - 2) {
					my $x = $code[$j][0];
					$depth++ if $x =~ /^[({\[]$/;
					$depth-- if $x =~ /^[)}\]]$/;
					next if $depth;
					my $prev = $code[$j - 1][0];
					push @defs, [$x, 'constant', $code[$j][1], $code[$j][2]]
						if $x =~ /^[A-Za-z_]/ && ($prev eq '{' || $prev eq ',');
				}
			}
			push @stmt, ['{}', $tok->[1], $tok->[2]];
			$k = $end;
			next;
		}
		if ($w eq ';') {
			push @defs, declared(strip_attributes(@stmt));
			@stmt = ();
			$k++;
			next;
		}
		push @stmt, $tok;
		$k++;
	}
	return @defs;
}

# The index just past the brace that closes the one at $k.
sub skip_braces {
	my ($code, $k) = @_;
	my $depth = 0;
	for my $j ($k .. $#$code) {
		$depth++ if $code->[$j][0] eq '{';
		$depth-- if $code->[$j][0] eq '}';
		return $j + 1 if $depth == 0;
	}
	return scalar @$code;
}

sub strip_attributes {
	my @s = @_;
	my @out;
	for (my $k = 0; $k <= $#s; $k++) {
		if ($s[$k][0] =~ /^(__attribute__|__asm__|asm)$/ && $k < $#s && $s[$k + 1][0] eq '(') {
			my $depth = 0;
			for ($k++; $k <= $#s; $k++) {
				$depth++ if $s[$k][0] eq '(';
				$depth-- if $s[$k][0] eq ')';
				last if $depth == 0;
			}
			next;
		}
		push @out, $s[$k];
	}
	return @out;
}

# In a declaration's tokens: the name of the function it declares (NAME '(' not '(*').
sub funcname {
	my ($s) = @_;
	for my $k (0 .. $#$s - 1) {
		my $w = $s->[$k][0];
		next unless $w =~ /^[A-Za-z_]/ && !$CKEYWORDS{$w} && $s->[$k + 1][0] eq '(';
		return undef if $k + 2 <= $#$s && $s->[$k + 2][0] eq '*';
		return $s->[$k];
	}
	return undef;
}

# What a top-level statement ending in ';' defines: typedef names and global variables
# (prototypes and extern declarations define nothing).
sub declared {
	my @s = @_;
	return () unless @s;
	return () if grep { $_->[0] eq 'extern' } @s;
	my $typedef = $s[0][0] eq 'typedef';
	my @out;
	# Split into declarators at top-level commas (not inside parens, brackets, initializers).
	my (@decls, @cur);
	my $depth = 0;
	my $ininit = 0;
	for my $tok (@s) {
		my $w = $tok->[0];
		$depth++ if $w =~ /^[(\[]$/;
		$depth-- if $w =~ /^[)\]]$/;
		if ($depth == 0 && $w eq ',') { push @decls, [@cur]; @cur = (); $ininit = 0; next }
		$ininit = 1 if $depth == 0 && $w eq '=';
		push @cur, $tok unless $ininit;
	}
	push @decls, [@cur];
	for my $d (@decls) {
		my @d = @$d;
		next unless @d;
		my $name;
		for my $k (0 .. $#d - 2) {
			if ($d[$k][0] eq '(' && $d[$k + 1][0] eq '*' && $d[$k + 2][0] =~ /^[A-Za-z_]/) { $name = $d[$k + 2]; last }
		}
		if (!$name) {
			return () if !$typedef && funcname(\@d);     # a prototype
			# The last identifier before any [ or (.
			for my $tok (@d) {
				last if $tok->[0] =~ /^[\[(]$/;
				$name = $tok if $tok->[0] =~ /^[A-Za-z_]/ && !$CKEYWORDS{$tok->[0]};
			}
		}
		next unless $name;
		# "struct foo;" or "struct foo { ... };" declares no variable.
		my ($at) = grep { $d[$_] == $name } 0 .. $#d;
		next if $at >= 1 && $d[$at - 1][0] =~ /^(struct|union|enum)$/;
		next if @d == 1 && !$typedef && $d[0] != $name;
		next if !$typedef && @decls == 1 && @d == 1;    # a lone name: not a declaration
		push @out, [$name->[0], $typedef ? 'typedef' : 'global', $name->[1], $name->[2]];
	}
	return @out;
}

# ---- reading the data file ---------------------------------------------------------------

sub load {
	my ($path) = @_;
	open(my $fh, '<', $path) or die "listing.pl: $path: $!\n";
	my %d = (files => [], line => {}, sym => [], refs => {}, spans => {});
	while (<$fh>) {
		chomp;
		my @x = split /\t/, $_, -1;
		my $r = shift @x;
		if ($r eq 'F') { push @{$d{files}}, { file => $x[0], first => $x[1], n => $x[2], section => $x[3] } }
		elsif ($r eq 'L') { $d{line}{$x[0]} = { file => $x[1], fline => $x[2], text => $x[3] } }
		elsif ($r eq 'S') { $d{sym}[$x[0]] = { id => $x[0], name => $x[1], kind => $x[2], num => $x[3] } }
		elsif ($r eq 'U') { $d{sym}[$x[0]]{uses} = [grep { length } split / /, $x[1]] }
		elsif ($r eq 'R') { push @{$d{refs}{$x[0]}}, [$x[1], $x[2], $x[3]] }
		elsif ($r eq 'C') { push @{$d{spans}{$x[0]}}, [$x[1], $x[2], $x[3]] }
	}
	my $max = 0;
	$max = $_ > $max ? $_ : $max for keys %{$d{line}};
	$d{width} = length($max) < 4 ? 4 : length($max);
	$d{max} = $max;
	return \%d;
}

sub num { my ($d, $n) = @_; sprintf("%0*d", $d->{width}, $n) }
sub sheet { my ($d, $n) = @_; sprintf("%02d", int($n / $LINES_PER_SHEET)) }

sub kindword {
	my ($s) = @_;
	return $s->{kind} =~ /^(struct|union|enum)$/ ? "$s->{kind} $s->{name}" : $s->{name};
}

# Symbols in index order: by name, then by line.
sub sorted_syms {
	my ($d) = @_;
	return sort { lc($a->{name}) cmp lc($b->{name}) || $a->{name} cmp $b->{name} || $a->{num} <=> $b->{num} } @{$d->{sym}};
}

# ---- where -----------------------------------------------------------------------------

sub where {
	my ($path, $name) = @_;
	die "usage: listing.pl where DATAFILE SYMBOL\n" unless defined $name && length $name;
	my $d = load($path);
	my @hits = grep { $_->{name} eq $name } sorted_syms($d);
	if (!@hits) { print STDERR "where: $name is not defined in the listing\n"; exit 1 }
	for my $s (@hits) {
		my $l = $d->{line}{$s->{num}};
		printf "%s  %s:%d  line %s  sheet %s  (%s)\n", $name, $l->{file}, $l->{fline},
			num($d, $s->{num}), sheet($d, $s->{num}), $s->{kind};
	}
}

# ---- troff (for groff -Tpdf) -------------------------------------------------------------

sub tr_esc {
	my ($s) = @_;
	$s =~ s/\\/\\e/g;
	$s =~ s/'/\\(aq/g;
	$s =~ s/`/\\(ga/g;
	$s =~ s/\^/\\(ha/g;
	$s =~ s/~/\\(ti/g;
	$s =~ s/-/\\-/g;
	return "\\&$s";
}

# Index and table-of-contents entries, wrapped to WIDTH characters.
sub wrap {
	my ($width, $head, $indent, @words) = @_;
	my @out;
	my $cur = $head;
	for my $w (@words) {
		if (length($cur) + 1 + length($w) > $width && $cur =~ /\S/ && length($cur) > length($indent)) {
			push @out, $cur;
			$cur = $indent . $w;
		} else {
			$cur .= ($cur =~ /\S$/ || length($cur) > length($indent) ? ' ' : '') . $w;
		}
	}
	push @out, $cur;
	return @out;
}

sub toc_lines {
	my ($d) = @_;
	my @out = ("The numbers to the left of the file names are sheet numbers; a sheet",
		"holds 100 lines, and a line's number begins with its sheet's.", "");
	my $sec = '';
	for my $f (@{$d->{files}}) {
		if ($f->{section} ne $sec) {
			push @out, '' if $sec ne '';
			push @out, "-- $f->{section} --";
			$sec = $f->{section};
		}
		push @out, sprintf("%s %-22s line %s", sheet($d, $f->{first}), $f->{file}, num($d, $f->{first}));
	}
	return @out;
}

sub index_entries {
	my ($d) = @_;
	my @out;
	for my $s (sorted_syms($d)) {
		push @out, [$s, wrap(60, sprintf("%s %s %s", kindword($s), num($d, $s->{num}), $s->{kind}),
			'    ', map { num($d, $_) } @{$s->{uses} || []})];
	}
	return @out;
}

sub troff {
	my ($path) = @_;
	my $d = load($path);
	# A4 landscape, two columns of 50 lines; the font shrinks for the longest line.
	my ($pw, $ph, $margin, $gutter) = (842, 595, 24, 20);
	my $colw = ($pw - 2 * $margin - $gutter) / 2;
	my $longest = 60;
	for (values %{$d->{line}}) { $longest = length $_->{text} if length $_->{text} > $longest }
	my $chars = $longest + $d->{width} + 1;
	my $size = $colw / ($chars * 0.6);
	$size = 8 if $size > 8;
	$size = sprintf("%.2f", $size);
	my $top = $margin + 22;
	my $x2 = $margin + $colw + $gutter;
	my $vs = sprintf("%.2f", ($ph - $top - $margin - 16) / $HALF);
	print <<"EOF";
.\\" listing.tr: made by tools/listing.pl troff; groff -Tpdf -P-pa4 -P-l makes listing.pdf
.pl ${ph}p
.po 0
.ll ${pw}p
.lt ${pw}p
.nf
.nh
.ft CR
.ps ${size}z
.vs ${vs}p
.de HDR
.sp |${margin}p
\\h'${margin}p'\\f[CB]\\s[9]\\\\\$1\\s0\\fP\\h'|${x2}p'\\f[CB]\\s[9]\\\\\$2\\s0\\fP
.ft CR
.ps ${size}z
..
.de FTR
.sp |@{[$ph - $margin]}p
.ce
\\f[CB]\\s[10]\\\\\$1\\s0\\fP
.ft CR
.ps ${size}z
..
EOF
	my $page = sub {
		my ($left, $right, $foot, $lhead, $rhead) = @_;
		printf(".HDR \"%s\" \"%s\"\n", $lhead // '', $rhead // '');
		for my $c (0, 1) {
			my $lines = $c ? $right : $left;
			my $x = $margin + $c * ($colw + $gutter);
			printf(".sp |%dp\n.in %.1fp\n", $top, $x);
			print "$_\n" for @$lines;
		}
		print ".in 0\n";
		printf(".FTR \"%s\"\n", $foot);
		print ".bp\n";
	};
	my $cols = sub {   # lay plain lines out in pages of two columns
		my ($title, @lines) = @_;
		my @esc = map { tr_esc($_) } @lines;
		my $p = 1;
		while (@esc) {
			my @l = splice(@esc, 0, $HALF);
			my @r = splice(@esc, 0, $HALF);
			$page->(\@l, \@r, "$title" . ($p > 1 || @esc ? ", page $p" : ''), $title, '');
			$p++;
		}
	};
	$cols->("Table of contents", toc_lines($d));
	my @idx = ("Cross-reference index: each symbol with the line that defines it and its kind,",
		"then the lines that use it.", "");
	# Keep an entry's lines in one column.
	for my $e (index_entries($d)) {
		my (undef, @l) = @$e;
		my $room = $HALF - (@idx % $HALF);
		push @idx, ('') x $room if @l > $room && @l <= $HALF;
		push @idx, @l;
	}
	$cols->("Cross-reference index", @idx);
	my %head;
	$head{int($_->{first} / $HALF)} //= $_->{file} for @{$d->{files}};
	for my $sh (int($FIRST / $LINES_PER_SHEET) .. int($d->{max} / $LINES_PER_SHEET)) {
		my @col;
		my @h;
		for my $half (0, 1) {
			my $start = $sh * $LINES_PER_SHEET + $half * $HALF;
			my @l;
			my $file;
			for my $n ($start .. $start + $HALF - 1) {
				my $l = $d->{line}{$n} or next;
				$file //= $l->{file};
				$l[$n - $start] = num($d, $n) . ' ' . $l->{text};
			}
			# A column with nothing in it gets no lines; a gap inside one gets empty ones.
			my $last = $#l;
			push @col, [map { defined $l[$_] ? tr_esc($l[$_]) : '\\&' } 0 .. $last];
			push @h, $file // '';
		}
		$page->($col[0], $col[1], sprintf("Sheet %s", sheet($d, $sh * $LINES_PER_SHEET)), @h);
	}
}

# ---- HTML ----------------------------------------------------------------------------------

sub h { my $s = shift; $s =~ s/&/&amp;/g; $s =~ s/</&lt;/g; $s =~ s/>/&gt;/g; $s =~ s/"/&quot;/g; $s }

my $CSS = <<'EOF';
body { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; font-size: 18px;
  background: #fffef8; color: #111; margin: 1em 2em; line-height: 1.3; }
a { color: inherit; text-decoration: none; }
a:hover { text-decoration: underline; }
nav a, table.toc a, .xref a { color: #1d4f9c; }
h1, h2 { font-weight: bold; }
h2.sheet { background: #e8e4d4; padding: 0.2em 0.5em; margin: 1.5em 0 0.3em; font-size: 20px;
  border-top: 3px solid #888; }
pre { margin: 0; font-family: inherit; }
.half { border-top: 1px dashed #bbb; margin-top: 0.2em; padding-top: 0.2em; }
.file { color: #555; font-weight: bold; }
.ln { color: #888; user-select: none; }
.ln:target, .line:target { background: #ffef9a; }
.comment { color: #2f6f3a; font-style: italic; }
.string { color: #9a3a00; }
.keyword { color: #1d3f9c; font-weight: bold; }
.preproc { color: #7a2d7a; }
.def { background: #eef2ff; font-weight: bold; }
.ref { border-bottom: 1px dotted #aaa; }
nav { margin: 0.5em 0; }
table.toc td { padding: 0 1em 0 0; }
.xref dt { font-weight: bold; margin-top: 0.4em; }
.xref dd { margin-left: 2em; }
.kind { color: #666; font-weight: normal; }
EOF

sub html_line {
	my ($d, $n, $symdef) = @_;
	my $text = $d->{line}{$n}{text};
	my @marks;    # [col, len, open, close]
	for my $c (@{$d->{spans}{$n} || []}) {
		push @marks, [$c->[0], $c->[1], qq(<span class="$c->[2]">), '</span>', 0];
	}
	for my $r (@{$d->{refs}{$n} || []}) {
		my ($col, $len, $id) = @$r;
		my $s = $d->{sym}[$id];
		my $cls = $s->{num} == $n ? 'def' : 'ref';
		my $href = $s->{num} == $n ? "xref.html#sym$id" : "#$s->{num}";
		push @marks, [$col, $len, qq(<a class="$cls" href="$href" title="$s->{kind} @{[h(kindword($s))]}, line @{[num($d, $s->{num})]}">), '</a>', 1];
	}
	# Spans never overlap references except by containing them (a preprocessor line holds
	# names); emit in order, links nested inside spans.
	@marks = sort { $a->[0] <=> $b->[0] || $b->[1] <=> $a->[1] || $a->[4] <=> $b->[4] } @marks;
	my $out = '';
	my $pos = 0;
	my @open;    # end columns of open spans, with their close tags
	for my $m (@marks) {
		my ($col, $len, $o, $c) = @$m;
		while (@open && $open[-1][0] <= $col) {
			my $e = pop @open;
			$out .= h(substr($text, $pos, $e->[0] - $pos)) . $e->[1];
			$pos = $e->[0];
		}
		next if $col < $pos;
		next if @open && $col + $len > $open[-1][0];
		$out .= h(substr($text, $pos, $col - $pos)) . $o;
		$pos = $col;
		push @open, [$col + $len, $c];
	}
	while (@open) {
		my $e = pop @open;
		$out .= h(substr($text, $pos, $e->[0] - $pos)) . $e->[1];
		$pos = $e->[0];
	}
	$out .= h(substr($text, $pos)) if $pos < length $text;
	return sprintf(qq(<span class="line" id="L%s"><a class="ln" id="%s" href="#%s">%s</a> %s</span>\n),
		$n, $n, $n, num($d, $n), $out);
}

sub html {
	my ($path, $dir) = @_;
	die "usage: listing.pl html DATAFILE DIR\n" unless defined $dir;
	my $d = load($path);
	mkdir $dir unless -d $dir;
	my $head = sub {
		my ($title) = @_;
		return qq(<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n<title>$title</title>\n<style>\n$CSS</style></head>\n<body>\n);
	};
	open(my $fh, '>', "$dir/index.html") or die "listing.pl: $dir/index.html: $!\n";
	print $fh $head->("xv6 listing");
	print $fh qq(<h1 id="top">xv6 listing</h1>\n<nav><a href="#toc">Table of contents</a> | <a href="xref.html">Cross-reference index</a></nav>\n);
	print $fh qq(<h2 id="toc">Table of contents</h2>\n<p>The number before each file is its sheet: a sheet holds 100 lines, and a line's number begins with its sheet's.</p>\n<table class="toc">\n);
	my $sec = '';
	for my $f (@{$d->{files}}) {
		if ($f->{section} ne $sec) {
			printf $fh qq(<tr><td colspan="3"><b>%s</b></td></tr>\n), h($f->{section});
			$sec = $f->{section};
		}
		my $sh = sheet($d, $f->{first});
		printf $fh qq(<tr><td><a href="#sheet%s">%s</a></td><td><a href="#%d">%s</a></td><td>line <a href="#%d">%s</a></td></tr>\n),
			$sh, $sh, $f->{first}, h($f->{file}), $f->{first}, num($d, $f->{first});
	}
	print $fh "</table>\n";
	for my $shn (int($FIRST / $LINES_PER_SHEET) .. int($d->{max} / $LINES_PER_SHEET)) {
		my $sh = sheet($d, $shn * $LINES_PER_SHEET);
		my %names;
		for my $n ($shn * 100 .. $shn * 100 + 99) { $names{$d->{line}{$n}{file}} //= $n if $d->{line}{$n} }
		my $names = join(', ', map { h($_) } sort { $names{$a} <=> $names{$b} } keys %names);
		printf $fh qq(<h2 class="sheet" id="sheet%s">Sheet %s <span class="file">%s</span></h2>\n), $sh, $sh, $names;
		for my $half (0, 1) {
			my $start = $shn * 100 + $half * 50;
			my @n = grep { $d->{line}{$_} } $start .. $start + 49;
			next unless @n;
			print $fh qq(<pre class="half">);
			my $prevfile = '';
			for my $n (@n) {
				my $file = $d->{line}{$n}{file};
				if ($d->{line}{$n}{fline} == 1) {
					printf $fh qq(<span class="file">%s</span>\n), h($file);
				}
				print $fh html_line($d, $n);
			}
			print $fh "</pre>\n";
		}
	}
	print $fh "</body></html>\n";
	close $fh;

	open($fh, '>', "$dir/xref.html") or die "listing.pl: $dir/xref.html: $!\n";
	print $fh $head->("xv6 listing: cross-reference index");
	print $fh qq(<h1 id="top">Cross-reference index</h1>\n<nav><a href="index.html#toc">Table of contents</a> | <a href="index.html">Listing</a></nav>\n);
	print $fh qq(<p>Each symbol the kernel defines, with the line that defines it; below it the lines that use it.</p>\n);
	my %letters;
	my @syms = sorted_syms($d);
	$letters{uc substr($_->{name}, 0, 1)} //= $_->{id} for @syms;
	print $fh "<nav>", join(' ', map { qq(<a href="#sym$letters{$_}">$_</a>) } sort keys %letters), "</nav>\n";
	print $fh qq(<dl class="xref">\n);
	for my $s (@syms) {
		printf $fh qq(<dt id="sym%d">%s <a href="index.html#%d">%s</a> <span class="kind">%s, sheet <a href="index.html#sheet%s">%s</a></span></dt>\n),
			$s->{id}, h(kindword($s)), $s->{num}, num($d, $s->{num}), $s->{kind}, sheet($d, $s->{num}), sheet($d, $s->{num});
		printf $fh "<dd>%s</dd>\n", join(' ', map { sprintf(qq(<a href="index.html#%d">%s</a>), $_, num($d, $_)) } @{$s->{uses} || []});
	}
	print $fh "</dl>\n</body></html>\n";
	close $fh;
}

# ---- main (last, so the tables above are set up first) -----------------------------------
my $mode = shift // '';
if ($mode eq 'data') { data(@ARGV) }
elsif ($mode eq 'troff') { troff(@ARGV) }
elsif ($mode eq 'html') { html(@ARGV) }
elsif ($mode eq 'where') { where(@ARGV) }
else { die "usage: listing.pl data|troff|html|where ...\n" }
exit 0;
