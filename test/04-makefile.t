#!/usr/bin/perl
# 04-makefile.t: the Makefile is the one place that says how to boot and what to install.
# The harness boots exactly the command `make qemu-nox` runs (seen through a stand-in QEMU that
# prints its arguments); `make qemu` with no display boots on the serial console; goals that
# need neither compiler nor QEMU (make -n, clean, help) never install packages, while the
# README's commands do; and every make target the README and `make help` name exists.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use File::Temp qw(tempdir);
use Test::More;

ensure_built() or done_testing(), exit;

my $tmp = tempdir("xv6make-XXXXXX", TMPDIR => 1, CLEANUP => 1);

# A stand-in for QEMU: prints each argument on its own line, then the checksum of each disk.
# Asked for its version (the Makefile's check of tools that are too old), it says a new one.
my $fake = "$tmp/fake-qemu";
Xv6Test::spew($fake, <<'SH');
#!/bin/sh
if [ "$1" = --version ]; then echo "QEMU emulator version 7.2.0 (stand-in)"; exit 0; fi
echo "FAKEQEMU begin"
for a in "$@"; do echo "ARG $a"; done
for a in "$@"; do
	case "$a" in file=*) f=${a#file=}; f=${f%%,*}; echo "DISK $(cksum < "$f")";; esac
done
echo "FAKEQEMU end"
SH
chmod 0755, $fake;

# The arguments and disk checksums a stand-in run printed.
sub fake_run {
	my ($out) = @_;
	my @args = map { /^ARG (.*)$/ ? $1 : () } split /\n/, $out;
	my @disks = map { /^DISK (.*)$/ ? $1 : () } split /\n/, $out;
	return (\@args, \@disks);
}

sub show { join(' ', map { /\s/ || $_ eq '' ? "'$_'" : $_ } @{ $_[0] }) }

# ---- the harness boots what `make qemu-nox` boots ------------------------------------------
my $nox = run_cmd(['make', '-s', 'qemu-nox', "QEMU=$fake", 'CPUS=3'], timeout => 120);
my ($want, $want_disks) = fake_run($nox->{out});

my $got_out;
{
	local $ENV{QEMU} = $fake;
	my $q = Xv6Test::Qemu->new(cpus => 3, timeout => 60);
	$q->expect(qr/FAKEQEMU end\n/, 50);
	$got_out = $q->transcript;
	$q->stop;
}
my ($got, $got_disks) = fake_run($got_out);
# The harness boots copies of the images in a scratch directory: file=/tmp/xv6test-XXXX/fs.img.
my @got_tree = map { s{^file=/\S*/(xv6\.img|fs\.img),}{file=$1,}r } @$got;
ok(@$want && show($want) eq show(\@got_tree),
	"the harness boots with make qemu-nox's QEMU command line")
	or diag("expected (make qemu-nox CPUS=3): " . show($want)
		. "\nsaw (Xv6Test::Qemu, image copies renamed back): " . show(\@got_tree)
		. "\n(make's output: $nox->{out})");
# Its disks: a copy of the tree's xv6.img, and an fs image made afresh (the same bytes as a
# freshly made fs.img; never the tree's fs.img, which a make qemu-nox session may have changed).
# QEMU's command line names fs.img first.
Xv6Test::Qemu::fresh_fs("$tmp/fresh-fs.img");
my $fresh = run_cmd("cksum < $tmp/fresh-fs.img", timeout => 30)->{out} =~ s/\n//r;
ok(@$want_disks == 2 && @$got_disks == 2 && $got_disks->[0] eq $fresh
		&& $got_disks->[1] eq $want_disks->[1],
	"the harness's disks are a fresh fs image and a copy of the tree's xv6.img")
	or diag("expected: cksum of a freshly made fs image, then of the tree's xv6.img: $fresh "
		. ($want_disks->[1] // '?') . "\nsaw: @$got_disks");

{
	local $ENV{QEMU} = $fake;
	my $port = free_port();
	my $q = Xv6Test::Qemu->new(cpus => 3, timeout => 60, halted => 1, gdbport => $port,
		extra => ['-d', 'int']);
	$q->expect(qr/FAKEQEMU end\n/, 50);
	my ($args) = fake_run($q->transcript);
	$q->stop;
	my @extra = @$args[scalar(@$got) .. $#$args];
	my @want_extra = ('-S', '-gdb', "tcp:127.0.0.1:$port", '-d', 'int');
	ok("@extra" eq "@want_extra" && @$args == @$got + @want_extra,
		"halted, gdbport and extra append -S, -gdb and the extra options to that line")
		or diag("expected: the qemu-nox line, then @want_extra\nsaw: " . show($args));
}

# ---- make qemu with no display ----------------------------------------------------------------
{
	local %ENV = %ENV;
	delete @ENV{qw(DISPLAY WAYLAND_DISPLAY)};
	my $r = run_cmd(['make', '-s', 'qemu', "QEMU=$fake", 'CPUS=3'], timeout => 120);
	my ($args) = fake_run($r->{out});
	ok($r->{out} =~ /No display found/ && show($args) eq show($want),
		"make qemu with no DISPLAY or WAYLAND_DISPLAY says so and runs the qemu-nox line")
		or diag("expected: 'No display found' and " . show($want) . "\nsaw: $r->{out}");

	$ENV{DISPLAY} = ':77';
	$r = run_cmd(['make', '-s', 'qemu', "QEMU=$fake", 'CPUS=3'], timeout => 120);
	($args) = fake_run($r->{out});
	ok($r->{out} !~ /No display found/ && "@$args" =~ /-serial mon:stdio/
		&& !grep({ $_ eq '-nographic' } @$args),
		"make qemu with a DISPLAY opens a window (-serial mon:stdio, no -nographic)")
		or diag("expected: no 'No display found', -serial mon:stdio, no -nographic\nsaw: $r->{out}");
	delete $ENV{DISPLAY};

	# The real thing: `make qemu` (on copies of the images) reaches the shell.
	my $q = Xv6Test::Qemu->new(target => 'qemu', cpus => 2, timeout => 120,
		log => OUTDIR . "/make-qemu-nodisplay.log");
	my $prompt = $q->boot_to_prompt(90);
	my $echo = defined $prompt ? $q->cmd("echo serial console", 30) : undef;
	my $why = $q->why;
	$q->stop;
	ok($q->transcript =~ /No display found/ && defined $echo && $echo =~ /^serial console$/m,
		"make qemu with no display boots to a shell on the serial console")
		or diag("expected: 'No display found', a \$ prompt, and 'echo serial console' "
			. "answered\nsaw: " . ($why || "no answer")
			. " (console in test/out/make-qemu-nodisplay.log)");
}

# ---- no package installs unless a goal needs the compiler or QEMU ------------------------
# A PATH with the basic tools but no compiler, no QEMU and no gdb, and an apt-get, apt and sudo
# that only write down that they were called. Run in a copy of the tree (make clean!).
my $bin = "$tmp/bin";
mkdir $bin or die "mkdir $bin: $!";
for my $tool (qw(sh make env id expr rm sed dirname cat head tail perl grep sort mkdir ls tr
	cp mv dd printf test true false)) {
	my $r = run_cmd("command -v $tool", timeout => 10);
	chomp(my $path = $r->{out});
	symlink($path, "$bin/$tool") if $r->{status} == 0 && $path =~ m{^/};
}
my $calls = "$tmp/install-calls";
for my $tool (qw(apt-get apt sudo)) {
	Xv6Test::spew("$bin/$tool", "#!/bin/sh\necho \"$tool \$*\" >> '$calls'\nexit 1\n");
	chmod 0755, "$bin/$tool";
}
my $tree = "$tmp/tree";
Xv6Test::copy_tree($tree);

sub bare_make {
	my (@args) = @_;
	unlink $calls;
	local %ENV = (%ENV, PATH => $bin);
	delete @ENV{qw(TOOLCHAIN TOOLPREFIX QEMU)};
	my $r = run_cmd(['make', @args], timeout => 300, dir => $tree);
	return ($r, Xv6Test::slurp($calls) // '');
}

my $probe = run_cmd("PATH='$bin' sh tools/probe.sh; PATH='$bin' sh tools/probe.sh qemu",
	timeout => 30);
ok($probe->{out} eq '', "the stripped PATH really has no compiler and no QEMU")
	or diag("expected: tools/probe.sh finds nothing with PATH=$bin\nsaw: $probe->{out}");

for my $args (['-n'], ['-n', 'test'], ['-n', 'qemu-nox'], ['-n', 'setup'], ['help'],
	['clean'], ['print-qemu']) {
	my ($r, $installs) = bare_make(@$args);
	my $ok_exit = $args->[0] eq 'print-qemu' ? $r->{status} != 0 : $r->{status} == 0;
	ok($installs eq '' && $ok_exit && $r->{out} !~ /setup\.sh to install/,
		"make @$args without compiler or QEMU installs nothing")
		or diag("expected: no apt-get/sudo call, exit " . ($args->[0] eq 'print-qemu'
			? "non-zero (no QEMU)" : "0") . "\nsaw: exit $r->{status}; calls: "
			. ($installs || "none") . "\noutput:\n$r->{out}");
}

# The other side: a README command on the same machine does run tools/setup.sh.
my ($r, $installs) = bare_make('all');
ok($installs =~ /apt-get/ && $r->{out} =~ /setup\.sh to install/ && $r->{status} != 0,
	"make (all) without compiler runs tools/setup.sh, which calls apt-get")
	or diag("expected: the setup notice, an apt-get call (the stand-in fails it), and a failed "
		. "build\nsaw: exit $r->{status}; calls: " . ($installs || "none")
		. "\noutput:\n$r->{out}");

# ---- every target the README and `make help` name exists --------------------------------
my $readme = Xv6Test::slurp("README") // '';
my $help = run_cmd(['make', '-s', 'help'], timeout => 60)->{out};
my %targets;
for my $text ($readme, $help) {
	# `make ...` in backquotes, indented command lines, and `make help`'s own lines.
	for my $cmd (($text =~ /`(make [^`]*)`/g), ($text =~ /^\s*(make\s[^#\n]*)/mg)) {
		my @words = split ' ', $cmd;
		shift @words;
		my $skip = 0;
		for my $w (@words) {
			if ($skip) { $skip = 0; next }
			if ($w eq '-C') { $skip = 1; next }
			next if $w =~ /^-|=/;
			last unless $w =~ /^[a-z][a-z0-9-]*$/;
			$targets{$w} = 1;
			last;
		}
	}
}
# Asked in the tree itself, which ensure_built has built: in an unbuilt copy, make -n would
# expand every compile line of the build (a minute of a loaded machine's time) to say the same.
my @missing;
for my $t (sort keys %targets) {
	my $m = run_cmd(['make', '-n', $t], timeout => 120);
	push @missing, "$t: $m->{out}" if $m->{out} =~ /No rule to make target/;
}
ok(keys(%targets) >= 8 && !@missing,
	"every make target the README and make help name exists (" . join(' ', sort keys %targets) . ")")
	or diag("expected: make -n TARGET knows each of them (at least 8 found)\nsaw: "
		. (@missing ? join("\n", @missing) : scalar(keys %targets) . " targets"));

done_testing();
