# tests.pl: the paging lab's grader (make grade LAB=paging). Part A and C answers come from
# labs/paging/answers.txt and are checked against values computed from kernel.sym, the
# headers and the kernel's own boot report; Part B boots and runs vmdemo. See labs/README.md.
use strict;
use warnings;
use Xv6Test;

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
		if (!defined $v || $v eq '') { push @wrong, "$k: no answer"; next }
		my $good = ref $want{$k} eq 'CODE' ? $want{$k}->($v)
			: defined num($v) && defined $want{$k} && num($v) == $want{$k};
		push @wrong, "$k: '$v' is not right" unless $good;
	}
	return (1) unless @wrong;
	return (0, join("\n", @wrong));
}

sub consts { read_consts(map { "$_[0]/$_" } qw(memlayout.h mmu.h)) }

# What exec builds for a program file: [va, flags] for each page, from its ELF headers.
sub expected_pages {
	my ($file) = @_;
	my $elf = slurp($file) // return;
	my ($phoff, $phentsize, $phnum) = (unpack('V', substr($elf, 28, 4)),
		unpack('v', substr($elf, 42, 2)), unpack('v', substr($elf, 44, 2)));
	my ($top, @pages) = (0x1000);
	for my $i (0 .. $phnum - 1) {
		my ($type, undef, $va, undef, undef, $memsz, $flags)
			= unpack('V7', substr($elf, $phoff + $i * $phentsize, 28));
		next unless $type == 1 && $memsz;
		my $end = ($va + $memsz + 0xfff) & ~0xfff;
		for (my $p = $top & ~0xfff; $p < $end; $p += 0x1000) {
			push @pages, [$p, ($flags & 2) ? 'rwx u' : 'r-x u'] unless @pages && $pages[-1][0] == $p;
		}
		$top = $end;
	}
	push @pages, [$top, 'rwx -'], [$top + 0x1000, 'rwx u'];    # guard page, stack
	return @pages;
}

{
	title => 'Page tables: the gdb walk and vmprint',
	progs => ['vmdemo'],
	tests => [
		{ name => 'Part A: entry.S answers', points => 15, host => sub {
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
		{ name => 'Part A: kvmalloc answers', points => 10, host => sub {
			my ($root) = @_;
			my $r = boot_report();
			my ($kpgdir) = $r =~ /kpgdir at pa (0x[0-9a-f]+)/;
			my ($text) = $r =~ /^kmap\[(\d+)\].* r-- /m;
			return (0, "could not read the kernel's boot report:\n$r") unless defined $text;
			return check_answers($root, kpgdir_pa => hex($kpgdir), kmap_index => $text,
				flag_differs => sub { $_[0] =~ /^(PTE_)?W$/i });
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
		{ name => 'Part B: vmprint of vmdemo', points => 40, cmd => 'vmdemo', check => sub {
			my ($out, $root) = @_;
			my @want = expected_pages("$root/test/out/lab-paging/build/_vmdemo")
				or return (0, "cannot read the vmdemo program file");
			my $c = consts($root);
			my @l = grep { /^(vmprint|pde|  pte)/ } split /\n/, $out;
			my $show = "\nsaw:\n" . join("\n", @l);
			return (0, "no line 'vmprint: pgdir pa 0x........'$show")
				unless @l && $l[0] =~ /^vmprint: pgdir pa 0x[0-9a-f]{8}$/;
			return (0, "expected exactly one 'pde 0 pa 0x........' line next$show")
				unless @l > 1 && $l[1] =~ /^pde 0 pa 0x([0-9a-f]{8})$/ && hex($1) % 4096 == 0
					&& 1 == grep { /^pde/ } @l;
			my @pte = grep { /^  pte/ } @l;
			my (%seen, @bad);
			for my $i (0 .. $#want) {
				my ($va, $fl) = @{ $want[$i] };
				my $line = $pte[$i] // '(missing)';
				my $re = sprintf('^  pte %d va 0x%08x pa 0x([0-9a-f]{8}) %s$', $va >> 12, $va, $fl);
				if ($line !~ /$re/) {
					push @bad, sprintf("expected '  pte %d va 0x%08x pa 0xPPPPPPPP %s', saw '%s'",
						$va >> 12, $va, $fl, $line);
				} elsif (hex($1) % 4096 || hex($1) >= $c->{PHYSTOP} || $seen{$1}++) {
					push @bad, "$line: the pa must be a distinct page below PHYSTOP";
				}
			}
			push @bad, "more pte lines than the " . @want . " pages exec maps" if @pte > @want;
			my $n = @want;
			push @bad, "expected a last line 'vmprint: $n pages in 1 page tables'"
				unless $l[-1] eq "vmprint: $n pages in 1 page tables";
			return @bad ? (0, join("\n", @bad) . $show) : (1);
		  } },
	],
}
