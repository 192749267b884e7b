# tests.pl: the paging lab's grader (make grade LAB=paging). Part A and C answers come from
# labs/paging/answers.txt and are checked against values computed from kernel.sym, the
# headers, the kernel's own boot report and a gdb session the grader runs on the same build
# (the values that depend on the student's build). Part B runs vmdemo while another process
# holds a random number of pages (vmhog), so that its physical pages differ on every run, and
# reads those physical pages back through QEMU's monitor: vmprint must name the real ones.
# See labs/README.md.
use strict;
use warnings;
use Xv6Test;
use Xv6Lab ();
use File::Basename qw(dirname);

# The boot report (everything before the first prompt), from one boot, on first use.
my $report;
sub boot_report {
	return $report if defined $report;
	my $q = Xv6Test::Qemu->new(cpus => 1, timeout => 60);
	$report = $q->boot_to_prompt(50) // '';
	$q->stop;
	return $report;
}

# The answers file as { key => value }.
sub answers {
	my ($root) = @_;
	my %a;
	for (split /\n/, slurp("$root/labs/paging/answers.txt") // '') {
		next if /^\s*#/;
		$a{$1} = $2 if /^\s*(\w+)\s*:\s*(\S*)/;
	}
	return \%a;
}

sub num {
	my ($s) = @_;
	return undef unless defined $s;
	return hex($1) if $s =~ /^0x([0-9a-f]+)$/i;
	return $s + 0 if $s =~ /^\d+$/;
	return undef;
}

# Check the answers named in %want (key => expected number, or a code ref judging the text).
sub check_answers {
	my ($root, %want) = @_;
	my $a = answers($root);
	my @wrong;
	for my $k (sort keys %want) {
		my $v = $a->{$k};
		if (!defined $v || $v eq '') { push @wrong, "$k: expected an answer, saw none"; next }
		my $good = ref $want{$k} eq 'CODE' ? $want{$k}->($v)
			: defined num($v) && defined $want{$k} && num($v) == $want{$k};
		# The right value is not printed: it is the answer.
		push @wrong, "$k: expected the value the handout's step gives on this build, saw '$v'"
			unless $good;
	}
	return (1) unless @wrong;
	return (0, join("\n", @wrong));
}

sub consts { read_consts(map { "$_[0]/$_" } qw(memlayout.h mmu.h)) }

# The program file's loadable segments: [va, filesz, memsz, writable, file bytes].
sub segments {
	my ($file) = @_;
	my $elf = slurp($file) // return;
	my ($phoff, $phentsize, $phnum) = (unpack('V', substr($elf, 28, 4)),
		unpack('v', substr($elf, 42, 2)), unpack('v', substr($elf, 44, 2)));
	my @s;
	for my $i (0 .. $phnum - 1) {
		my ($type, $off, $va, undef, $filesz, $memsz, $flags)
			= unpack('V7', substr($elf, $phoff + $i * $phentsize, 28));
		next unless $type == 1 && $memsz;
		push @s, [$va, $filesz, $memsz, $flags & 2, substr($elf, $off, $filesz)];
	}
	return @s;
}

# What exec builds for a program file: [va, flags] for each page, from its ELF headers.
sub expected_pages {
	my ($file) = @_;
	my @segs = segments($file) or return;
	my ($top, @pages) = (0x1000);
	for my $s (@segs) {
		my ($va, undef, $memsz, $w) = @$s;
		my $end = ($va + $memsz + 0xfff) & ~0xfff;
		for (my $p = $top & ~0xfff; $p < $end; $p += 0x1000) {
			push @pages, [$p, $w ? 'rwx u' : 'r-x u'] unless @pages && $pages[-1][0] == $p;
		}
		$top = $end;
	}
	push @pages, [$top, 'rwx -'], [$top + 0x1000, 'rwx u'];    # guard page, stack
	return @pages;
}

# Check one vmprint block (its lines, from "vmprint: pgdir" to "vmprint: N pages") against
# the pages exec maps. Returns (pgdir pa, { va => pa }, problems...).
sub check_vmprint {
	my ($l, $want, $c) = @_;
	my (@bad, %pa);
	return (undef, {}, "expected a first line 'vmprint: pgdir pa 0x........', saw '"
		. ($l->[0] // '(nothing)') . "'")
		unless @$l && $l->[0] =~ /^vmprint: pgdir pa 0x([0-9a-f]{8})$/;
	my $pgdir = hex($1);
	return ($pgdir, {}, "expected exactly one 'pde 0 pa 0x........' line next, saw '"
		. ($l->[1] // '(nothing)') . "' and " . (grep { /^pde/ } @$l) . " pde lines")
		unless @$l > 1 && $l->[1] =~ /^pde 0 pa 0x([0-9a-f]{8})$/ && hex($1) % 4096 == 0
			&& 1 == grep { /^pde/ } @$l;
	my @pte = grep { /^  pte/ } @$l;
	my %seen;
	for my $i (0 .. $#$want) {
		my ($va, $fl) = @{ $want->[$i] };
		my $line = $pte[$i] // '(missing)';
		my $re = sprintf('^  pte %d va 0x%08x pa 0x([0-9a-f]{8}) %s$', $va >> 12, $va, $fl);
		if ($line !~ /$re/) {
			push @bad, sprintf("expected '  pte %d va 0x%08x pa 0xPPPPPPPP %s', saw '%s'",
				$va >> 12, $va, $fl, $line);
		} elsif (hex($1) % 4096 || hex($1) >= $c->{PHYSTOP} || $seen{$1}++) {
			push @bad, "expected a distinct page below PHYSTOP, saw '$line'";
		} else {
			$pa{$va} = hex($1);
		}
	}
	push @bad, "expected only the " . @$want . " pages exec maps, saw " . @pte . " pte lines"
		if @pte > @$want;
	my $n = @$want;
	push @bad, "expected a last line 'vmprint: $n pages in 1 page tables', saw '$l->[-1]'"
		unless $l->[-1] eq "vmprint: $n pages in 1 page tables";
	return ($pgdir, \%pa, @bad);
}

# The vmprint blocks in a console output: a list of array refs of lines.
sub vmprint_blocks {
	my ($out) = @_;
	my (@blocks, $cur);
	for (split /\n/, $out) {
		if (/^vmprint: pgdir/) { push @blocks, ($cur = [$_]) }
		elsif ($cur && /^(pde|  pte|vmprint)/) { push @$cur, $_; $cur = undef if /^vmprint: \d+ pages/ }
	}
	return @blocks;
}

# The grading fs.img with vmdemo and vmhog: the grade run's, or one built now (a host test
# run alone with TEST=).
sub lab_image {
	my ($root) = @_;
	my $img = "$root/test/out/lab-paging/build/fs.img";
	return $img if -f $img && -f "$root/test/out/lab-paging/build/_vmdemo";
	$img = eval { Xv6Lab::lab_fs_image('paging') };
	return $img;
}

# Values from a gdb session on this build, as the handout's Part A has the student take them:
# %esp at main's first instruction (hbreak *main) and the return address kvmalloc was called
# with (the word at %esp at hbreak *kvmalloc). Computed once.
my $gdbvals;
sub gdb_values {
	my ($root) = @_;
	return $gdbvals if $gdbvals;
	my $r = run_cmd(['make', '-j2', 'all'], timeout => 900);
	return { err => "make all failed:\n" . $r->{out} } if $r->{status} != 0;
	my $s = read_syms("$root/kernel.sym") or return { err => "no kernel.sym" };
	return { err => "no main or kvmalloc in kernel.sym" } unless $s->{main} && $s->{kvmalloc};
	my $port = free_port();
	my $q = Xv6Test::Qemu->new(cpus => 1, halted => 1, gdbport => $port, timeout => 150,
		log => OUTDIR . "/lab-paging/gdb-console.log");
	my $script = OUTDIR . "/lab-paging/gdb-commands";
	spew($script, sprintf(<<'GDB', $port, $s->{main}, $s->{kvmalloc}));
set pagination off
set confirm off
set architecture i386
target remote 127.0.0.1:%d
hbreak *0x%08x
continue
printf "XV6T esp_main=0x%%08x\n", $esp
delete
hbreak *0x%08x
continue
printf "XV6T kvmalloc_ret=0x%%08x\n", *(unsigned int*)$esp
kill
GDB
	for (1 .. 100) {
		last unless $q->alive && IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port,
			Proto => 'tcp', Listen => 1);
		select(undef, undef, undef, 0.2);
	}
	$r = run_cmd(['gdb', '-batch', '-nx', '-x', $script, "$root/kernel"], timeout => 120);
	$q->stop;
	my %v = $r->{out} =~ /^XV6T (\w+)=(0x[0-9a-f]+)$/mg;
	return $gdbvals = { err => "the grader's own gdb session failed:\n" . $r->{out} }
		unless defined $v{esp_main} && defined $v{kvmalloc_ret};
	return $gdbvals = { map { $_ => hex($v{$_}) } keys %v };
}

# A random run: vmhog's page count and vmdemo's tag.
sub rnd_pages { 64 + int(rand(1500)) }
sub rnd_tag { join('', 't', map { (0 .. 9, 'a' .. 'z')[rand 36] } 1 .. 7) }
my ($N1, $N2) = (rnd_pages(), 0);
$N2 = $N1 + 100 + int(rand(1500));

# Boot, run vmdemo (through vmhog) with a random tag and a random number of held pages, and
# while it waits read every page vmprint named through QEMU's monitor (xp). Text pages must
# hold the program file's bytes, bss pages vmdemo's tags, the stack page the tag (argv).
sub check_physical {
	my ($root) = @_;
	my $img = lab_image($root) or return (0, "expected the lab's programs to build, saw: $@");
	my $prog = dirname($img) . "/_vmdemo";
	my @want = expected_pages($prog) or return (0, "cannot read $prog");
	my @segs = segments($prog);
	my $c = consts($root);
	my ($n, $tag) = (rnd_pages(), rnd_tag());
	my $q = Xv6Test::Qemu->new(cpus => 2, timeout => 240, fsimg => $img,
		log => OUTDIR . "/lab-paging/vmprint-physical.log");
	my $fail = sub { my $w = shift; my $p = $q->pending; $q->stop;
		return (0, "$w\nconsole (test/out/lab-paging/vmprint-physical.log) ends:\n"
			. join("\n", grep { defined } (split /\n/, $p)[-15 .. -1])) };
	defined $q->boot_to_prompt(90) or return $fail->("expected a shell prompt, saw: " . $q->why);
	$q->send("vmhog $n $tag\n");
	my ($out, $big) = $q->expect(qr/^vmdemo: ready, big at (0x[0-9a-f]+)\n/m, 90);
	return $fail->("expected 'vmdemo: ready' from 'vmhog $n $tag', saw: " . $q->why)
		unless defined $out;
	my @blocks = vmprint_blocks($out);
	if (@blocks != 1) {
		$q->stop;
		return (0, "expected one vmprint block before vmdemo's output, saw " . @blocks
			. "; the output:\n" . join("\n", grep { defined } (split /\n/, $out)[-12 .. -1]));
	}
	my ($pgdir, $pa, @bad) = check_vmprint($blocks[0], \@want, $c);
	return $fail->(join("\n", @bad)) if @bad;
	# QEMU's monitor: Ctrl-A c, then xp /1024xw PA for each page.
	$q->send("\x01c");
	defined $q->expect(qr/\(qemu\) /, 20) or return $fail->("expected QEMU's monitor, saw: " . $q->why);
	my $stack = $want[-1][0];
	my (@ok, @wrong);
	for my $w (@want) {
		my $va = $w->[0];
		$q->send(sprintf("xp /1024xw 0x%08x\n", $pa->{$va}));
		my $t = $q->expect(qr/\(qemu\) /, 30) // return $fail->("expected xp's output, saw: " . $q->why);
		my %word;
		while ($t =~ /^([0-9a-f]{16}): ((?:0x[0-9a-f]{8}\s*)+)$/mg) {
			my ($a, $ws) = (hex($1), $2);
			$word{$a + 4 * $_} = hex((split ' ', $ws)[$_]) for 0 .. 3;
		}
		my $bytes = join('', map { pack('V', $word{$pa->{$va} + 4 * $_} // 0) } 0 .. 1023);
		return $fail->(sprintf("expected 1024 words from xp at 0x%08x, saw %d", $pa->{$va},
			scalar keys %word)) if keys %word < 1024;
		my $what;
		# The file's bytes that lie in this page.
		for my $s (@segs) {
			my ($sva, $fsz, undef, $wr, $data) = @$s;
			my ($lo, $hi) = ($va > $sva ? $va : $sva, $va + 4096 < $sva + $fsz ? $va + 4096 : $sva + $fsz);
			next unless $lo < $hi && !$wr;
			$what = 'the program text';
			push @{ substr($bytes, $lo - $va, $hi - $lo) eq substr($data, $lo - $sva, $hi - $lo)
				? \@ok : \@wrong }, sprintf("va 0x%08x (%s)", $va, $what);
		}
		my $bpage = ($va - hex($big)) / 4096;
		if ($va >= hex($big) && $bpage < 2 && $va % 4096 == 0) {
			$what = "vmdemo's tag '$tag bss $bpage'";
			push @{ substr($bytes, 0, length("$tag bss $bpage") + 1) eq "$tag bss $bpage\0"
				? \@ok : \@wrong }, sprintf("va 0x%08x (%s)", $va, $what);
		}
		if ($va == $stack) {
			$what = "the arguments, '$tag' among them";
			push @{ index($bytes, "$tag\0") >= 0 ? \@ok : \@wrong },
				sprintf("va 0x%08x (%s)", $va, $what);
		}
	}
	# The directory's PDE 0 and the page table's PTEs: the tables vmprint walked.
	my $xp = sub {
		my ($a, $n) = @_;
		$q->send(sprintf("xp /%dxw 0x%08x\n", $n, $a));
		my $t = $q->expect(qr/\(qemu\) /, 30) // return;
		my %word;
		while ($t =~ /^([0-9a-f]{16}): ((?:0x[0-9a-f]{8}\s*)+)$/mg) {
			my ($b, @ws) = (hex($1), split ' ', $2);
			$word{$b + 4 * $_} = hex($ws[$_]) for 0 .. $#ws;
		}
		return map { $word{$a + 4 * $_} } 0 .. $n - 1;
	};
	my ($pde0) = $xp->($pgdir, 1);
	my ($pdepa) = $blocks[0][1] =~ /pa (0x[0-9a-f]+)/;
	push @{ defined $pde0 && ($pde0 & ~0xfff) == hex($pdepa) && ($pde0 & 1) ? \@ok : \@wrong },
		sprintf("the directory at 0x%08x (its PDE 0 must name the table at %s)", $pgdir, $pdepa);
	my @ptes = $xp->(hex($pdepa), $stack / 4096 + 1);
	for my $w (@want) {
		my $e = $ptes[$w->[0] / 4096];
		push @{ defined $e && ($e & ~0xfff) == $pa->{$w->[0]} && ($e & 1) ? \@ok : \@wrong },
			sprintf("the page table's PTE for va 0x%08x", $w->[0]);
	}
	$q->send("\x01c");
	$q->send("\n");
	$q->stop;
	return (0, "expected each page to hold what vmdemo put there, saw other contents at the pa "
		. "vmprint printed for:\n  " . join("\n  ", @wrong)
		. sprintf("\n(vmhog held %d pages; vmprint said pgdir pa 0x%08x)", $n, $pgdir)) if @wrong;
	return (0, "expected to check the text, bss and stack pages and the tables, saw only: @ok")
		if @ok < 4 + @want;
	return (1, scalar(@ok) . " pages and entries checked in physical memory (vmhog held $n pages)");
}

{
	title => 'Page tables: the gdb walk and vmprint',
	progs => ['vmdemo', 'vmhog'],
	tests => [
		{ name => 'Part A: entry.S answers', points => 5, host => sub {
			my ($root) = @_;
			my $c = consts($root);
			my ($reg) = (slurp("$root/entry.S") // '') =~ /^\s*jmp\s+\*%(\w+)/m;
			return (0, "cannot find the indirect jmp in entry.S") unless $reg;
			return check_answers($root,
				cr0_before => $c->{CR0_PE} | 0x10,    # PE, and ET which the CPU keeps set
				cr0_after => $c->{CR0_PE} | 0x10 | $c->{CR0_PG} | $c->{CR0_WP},
				cr3_offset => $c->{KERNBASE},
				low_pdx => 0,
				kernbase_pdx => $c->{KERNBASE} >> 22,
				jump_register => sub { $_[0] =~ /^%?\Q$reg\E$/i });
		  } },
		{ name => 'Part A: kvmalloc answers', points => 5, host => sub {
			my ($root) = @_;
			my $r = boot_report();
			my ($kpgdir) = $r =~ /kpgdir at pa (0x[0-9a-f]+)/;
			my ($text) = $r =~ /^kmap\[(\d+)\].* r-- /m;
			return (0, "could not read the kernel's boot report:\n$r") unless defined $text;
			return check_answers($root, kpgdir_pa => hex($kpgdir), kmap_index => $text,
				flag_differs => sub { $_[0] =~ /^(PTE_)?W$/i });
		  } },
		{ name => 'Part A: values from your gdb session on your build', points => 15, host => sub {
			my ($root) = @_;
			my $g = gdb_values($root);
			return (0, $g->{err}) if $g->{err};
			return check_answers($root, esp_main => $g->{esp_main},
				kvmalloc_ret => $g->{kvmalloc_ret});
		  } },
		{ name => 'Part C: lecture questions', points => 15, host => sub {
			my ($root) = @_;
			my $r = boot_report();
			my ($end) = $r =~ /^kinit1: .*, (0x[0-9a-f]+)\)/m;
			my ($total) = $r =~ /(\d+) page-table pages/;
			my $s = read_syms("$root/kernel.sym") or return (0, "no kernel.sym: run make");
			my $c = consts($root);
			return (0, "could not read the kernel's boot report:\n$r") unless defined $total;
			my $tables = (($c->{KERNBASE} + $c->{PHYSTOP} - 1) >> 22) - ($s->{data} >> 22) + 1;
			return check_answers($root, kinit1_end => hex($end) - $c->{KERNBASE},
				ptpages_data => $tables, ptpages_total => $total);
		  } },
		# Twice, with a different random number of pages held by another process: the same
		# format both times, and different physical pages.
		{ name => 'Part B: vmprint of vmdemo', points => 15, cmd => "vmhog $N1 ; vmhog $N2",
		  uses => ['vmdemo'], timeout => 60, check => sub {
			my ($out, $root) = @_;
			my @want = expected_pages("$root/test/out/lab-paging/build/_vmdemo")
				or return (0, "cannot read the vmdemo program file");
			my $c = consts($root);
			my @b = vmprint_blocks($out);
			return (0, "expected two vmprint blocks (vmdemo ran twice), saw " . @b)
				unless @b == 2;
			my (@pg, @pa);
			for my $i (0, 1) {
				my ($pgdir, $pa, @bad) = check_vmprint($b[$i], \@want, $c);
				return (0, join("\n", @bad) . "\nsaw:\n" . join("\n", @{ $b[$i] })) if @bad;
				push @pg, $pgdir;
				push @pa, join(' ', map { $pa->{$_} } sort keys %$pa);
			}
			return (0, sprintf("expected different physical pages with $N1 and $N2 pages "
				. "held elsewhere, saw pgdir pa 0x%08x both times", $pg[0]))
				if $pg[0] == $pg[1] || $pa[0] eq $pa[1];
			return (1);
		  } },
		{ name => 'Part B: vmprint names the real physical pages', points => 25,
		  host => sub { check_physical(@_) } },
		{ name => 'usertests -q still passes', points => 10, cmd => 'usertests -q',
		  expect => qr/^ALL TESTS PASSED$/m, reject => qr/panic/, timeout => 400, fresh => 1,
		  baseline => 1 },
	],
	# For labs/check-labs: the gdb answers of the solution are this build's (no patch can
	# know them; they move whenever the kernel's code does). The grader reads them as above.
	solution_answers => sub {
		my ($root) = @_;
		my $g = gdb_values($root);
		die "paging: $g->{err}\n" if $g->{err};
		return (esp_main => sprintf("0x%08x", $g->{esp_main}),
			kvmalloc_ret => sprintf("0x%08x", $g->{kvmalloc_ret}));
	},
}
