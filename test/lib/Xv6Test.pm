# Xv6Test.pm: what the test scripts share: running host commands with a time limit, reading
# kernel.sym and the headers' constants, and booting xv6 in QEMU headless to talk to its serial
# console expect-style (send a line, wait for a pattern, with a timeout; a hung guest fails).
package Xv6Test;

use strict;
use warnings;
use Exporter 'import';
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Copy qw(copy);
use File::Path qw(make_path remove_tree);
use File::Temp qw(tempdir);
use Fcntl qw(:flock);
use Digest::MD5 qw(md5_hex);
use IO::Handle;
use IO::Select;
use IO::Socket::INET;
use POSIX qw(:sys_wait_h setpgid _exit);
use Time::HiRes qw(time sleep);
use Test::More;

our @EXPORT = qw(ROOT OUTDIR run_cmd ensure_built read_syms read_consts qemu_path qemu_cmd
	toolchain toolchains slurp spew free_port copy_tree scratch_build debughooks_build hex8);

# Everything runs from the top of the tree, wherever prove was started.
use constant ROOT => abs_path(dirname(__FILE__) . "/../..");
use constant OUTDIR => ROOT . "/test/out";
chdir ROOT or die "cannot cd to " . ROOT . ": $!";
# The builds the tests run are fresh top-level makes, not sub-makes of `make test` (whose
# jobserver they cannot use: make would warn, and the warning check would fail).
delete @ENV{qw(MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES)};
make_path(OUTDIR);

sub hex8 { sprintf("0x%08x", $_[0]) }

sub slurp {
	my ($file) = @_;
	open(my $fh, '<:raw', $file) or return undef;
	local $/;
	return scalar <$fh>;
}

sub spew {
	my ($file, $text) = @_;
	make_path(dirname($file));    # `make clean` removes test/out
	open(my $fh, '>:raw', $file) or die "cannot write $file: $!";
	print $fh $text;
	close $fh or die "cannot write $file: $!";
}

# Start @cmd in its own process group (so a kill reaches everything it started), with stdin
# from /dev/null unless $in is given, and stdout+stderr into a pipe. Returns (pid, read end).
sub spawn_group {
	my ($in, @cmd) = @_;
	pipe(my $r, my $w) or die "pipe: $!";
	my $pid = fork;
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		setpgid(0, 0);
		close $r;
		if ($in) { open(STDIN, '<&', $in) or _exit(127) }
		else { open(STDIN, '<', '/dev/null') or _exit(127) }
		open(STDOUT, '>&', $w) or _exit(127);
		open(STDERR, '>&', $w) or _exit(127);
		exec { $cmd[0] } @cmd or do { print STDERR "cannot run $cmd[0]: $!\n"; _exit(127) };
	}
	setpgid($pid, $pid);    # also here, so no kill can come before the child's own call
	close $w;
	return ($pid, $r);
}

# Stop a process group: TERM, a short grace period, then KILL; reap the leader.
sub kill_group {
	my ($pid) = @_;
	return unless $pid;
	kill 'TERM', -$pid;
	for (1 .. 30) {
		return if waitpid($pid, WNOHANG) != 0;
		sleep 0.1;
	}
	kill 'KILL', -$pid;
	waitpid($pid, 0);
}

# run_cmd(\@cmd or "shell command", timeout => S, dir => D): run it to completion or until the
# timeout. Returns a hash: status (the exit code, or -1 on a timeout), out (stdout and stderr
# together), timedout (1 if it was killed), secs.
sub run_cmd {
	my ($cmd, %o) = @_;
	my @cmd = ref $cmd ? @$cmd : ('/bin/sh', '-c', $cmd);
	my $timeout = $o{timeout} // 600;
	my $here;
	if ($o{dir}) { $here = ROOT; chdir $o{dir} or die "cd $o{dir}: $!" }
	my $start = time;
	my ($pid, $r) = spawn_group(undef, @cmd);
	chdir $here if $here;
	my $sel = IO::Select->new($r);
	my ($out, $timedout) = ('', 0);
	while (1) {
		my $left = $start + $timeout - time;
		if ($left <= 0) { $timedout = 1; last }
		next unless $sel->can_read($left < 1 ? $left : 1);
		my $n = sysread($r, my $chunk, 65536);
		last unless $n;    # EOF: everything in the group closed its output
		$out .= $chunk;
	}
	my $status;
	if ($timedout) {
		kill_group($pid);
		$status = -1;
	} else {
		waitpid($pid, 0);
		$status = $? & 127 ? 128 + ($? & 127) : $? >> 8;
		kill 'KILL', -$pid;    # anything it left running in the background
	}
	close $r;
	return { status => $status, out => $out, timedout => $timedout, secs => time - $start };
}

# with_lock(NAME, CODE): run CODE holding an exclusive lock on test/out/NAME.lock, so test
# scripts running in parallel (prove -j) take turns at what they share. Returns CODE's values.
sub with_lock {
	my ($name, $code) = @_;
	make_path(OUTDIR);    # `make clean` removes test/out
	open(my $lk, '>>', OUTDIR . "/$name.lock") or die "cannot open the $name lock: $!";
	flock($lk, LOCK_EX) or die "cannot lock $name: $!";
	my @r = eval { $code->() };
	my $err = $@;
	close $lk;    # releases the lock
	die $err if $err;
	return wantarray ? @r : $r[0];
}

# Make sure the build outputs exist and are current (`make all`, a no-op when they are), so
# any test script can run alone. Returns 1, or records a failed test with make's output.
# Parallel scripts take turns: two makes at once in one tree would trip over each other.
sub ensure_built {
	my $r = with_lock('build', sub { run_cmd(['make', '-j2', 'all'], timeout => 900) });
	return 1 if $r->{status} == 0;
	fail("build (make all) for this test");
	diag("expected: make all exits 0\nsaw: exit $r->{status}" .
		($r->{timedout} ? " (timed out)" : "") . "; last lines of its output:\n" .
		join("\n", grep { defined } (split /\n/, $r->{out})[-20 .. -1]));
	return 0;
}

# kernel.sym has one "ADDR NAME" line per symbol. Returns { name => value }.
sub read_syms {
	my ($file) = @_;
	$file //= 'kernel.sym';
	my %sym;
	open(my $fh, '<', $file) or return undef;
	while (<$fh>) {
		$sym{$2} = hex($1) if /^([0-9a-fA-F]{8})\s+(\S+)\s*$/;
	}
	return \%sym;
}

# The #define'd numeric constants of some headers, with simple expressions over earlier ones
# (KERNLINK = KERNBASE+EXTMEM) evaluated. Returns { NAME => value }.
sub read_consts {
	my (@files) = @_;
	my %c;
	for my $f (@files) {
		open(my $fh, '<', $f) or die "cannot read $f: $!";
		while (<$fh>) {
			next unless /^\s*#\s*define\s+([A-Z_][A-Z0-9_]*)\s+([^\/\n]+?)\s*(?:\/\/.*)?$/;
			my ($name, $expr) = ($1, $2);
			$expr =~ s/\b([A-Z_][A-Z0-9_]*)\b/exists $c{$1} ? $c{$1} : "BAD"/ge;
			next if $expr =~ /BAD/ || $expr !~ /^[\s0-9a-fA-FxX+\-*\/()<>|&~]+$/;
			my $v = eval $expr;
			$c{$name} = $v if defined $v && !$@;
		}
	}
	return \%c;
}

# tools/probe.sh, the one probe the Makefile and tools/setup.sh use too. toolchain() is the
# toolchain a plain `make` builds with ("i686-linux-gnu-", "host", ...; TOOLCHAIN from the
# environment wins, as in the Makefile), toolchains() every usable one, qemu_path() the QEMU
# binary; undef or () when there is none.
sub probe {
	my $r = run_cmd(['sh', 'tools/probe.sh', @_], timeout => 60);
	return $r->{status} == 0 ? grep { length } split /\n/, $r->{out} : ();
}
sub toolchain { $ENV{TOOLCHAIN} || (probe())[0] }
sub toolchains { probe('all') }
sub qemu_path { $ENV{QEMU} || (probe('qemu'))[0] }

# The QEMU command `make qemu-nox` runs (the Makefile's print-qemu target), as a list: the
# binary, then one element per argument. Options: cpus => N, xv6img => FILE, fsimg => FILE
# (the disks to open instead of the tree's). Dies if make cannot say. make runs once per
# process, with stand-in values that are then replaced in the arguments they appear in (a
# script that boots many times would otherwise spend 0.15 s of CPU on make for each boot).
my @qemu_template;
my %qemu_standin = (cpus => '7919', xv6img => '/XV6IMG-standin', fsimg => '/FSIMG-standin');
sub qemu_cmd {
	my (%o) = @_;
	unless (@qemu_template) {
		my @vars = ("CPUS=$qemu_standin{cpus}", "XV6IMG=$qemu_standin{xv6img}",
			"FSIMG=$qemu_standin{fsimg}");
		my $r = run_cmd(['make', '-s', '--no-print-directory', 'print-qemu', @vars],
			timeout => 120);
		die "make print-qemu failed (exit $r->{status}):\n$r->{out}" if $r->{status} != 0;
		my @cmd = split /\n/, $r->{out};
		die "make print-qemu printed no command" unless @cmd && $cmd[0] =~ /qemu/;
		@qemu_template = @cmd;
	}
	my %val = (cpus => $o{cpus} // 2, xv6img => $o{xv6img} // 'xv6.img',
		fsimg => $o{fsimg} // 'fs.img');
	my @cmd = @qemu_template;
	for my $k (keys %qemu_standin) {
		s/\Q$qemu_standin{$k}\E/$val{$k}/g for @cmd;
	}
	return @cmd;
}

# A TCP port on 127.0.0.1 that nothing listens on now, starting from a per-user, per-process
# guess so two users (or two test runs) on one machine do not collide.
sub free_port {
	my $base = 20000 + (($< % 5000) * 7 + $$) % 30000;
	for my $i (0 .. 200) {
		my $port = 20000 + ($base - 20000 + $i * 13) % 30000;
		my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port,
			Proto => 'tcp', Listen => 1, ReuseAddr => 0);
		next unless $s;
		close $s;
		return $port;
	}
	die "no free TCP port found";
}

# The kernel built with DEBUGHOOKS=1 (the test-only kdebug() operations, kdebug.h) in a
# scratch copy (scratch_build), for 05-kernel-fault.t and the power-cut tests: its xv6.img
# and kernel.sym. Only kernel files look at DEBUGHOOKS, so the user programs would come out
# the same: boot it with the tree's own fs.img. Returns the directory, or (undef, why).
sub debughooks_build { scratch_build('debughooks', ['DEBUGHOOKS=1'], ['xv6.img', 'kernel.sym']) }

# The source tree: the files git knows (tracked or not ignored), or everything but build
# outputs when there is no git. Paths relative to the top of the tree.
sub source_files {
	my $r = run_cmd(['git', 'ls-files', '--cached', '--others', '--exclude-standard', '-z'],
		timeout => 60);
	if ($r->{status} == 0 && $r->{out} ne '') {
		return grep { length && -f } split /\0/, $r->{out};
	}
	$r = run_cmd(q{find . -path ./.git -prune -o -path ./test/out -prune -o -type f -print},
		timeout => 60);
	my $outputs = qr{(\.(o|d|asm|sym|img)$|^bootblock$|^kernel$|^initcode|^entryother$|
		^vectors\.S$|^syscall\.h$|^syscalltab\.h$|^user/_|^user/usys\.[Sh]$|\.a$|^tools/(mkfs|fsck)$)}x;
	return grep { !/$outputs/ } map { s{^\./}{}r } split /\n/, $r->{out};
}

sub copy_file {
	my ($f, $dest) = @_;
	make_path(dirname($dest));
	copy($f, $dest) or die "copy $f: $!";
	chmod((stat $f)[2] & 07777, $dest);
}

# Copy the source tree (source_files) into a new directory; returns it.
sub copy_tree {
	my ($dest) = @_;
	copy_file($_, "$dest/$_") for source_files();
	return $dest;
}

# scratch_build(NAME, [MAKE VARIABLES], [GOALS]): a build of the tree in test/out/scratch-NAME
# (`make -j2 VARIABLES GOALS`, GOALS by default all), shared by the scripts that need the same
# variant: the first to ask builds it, the others wait for it and reuse it. Only source files
# that differ from the copy's are copied again (and files gone from the tree are removed), so
# make rebuilds only what changed; a changed Makefile, other variables or goals, or another
# toolchain start the copy afresh. The copy is only ever read by its users; `make clean`
# removes it with test/out. Returns the directory, or (undef, why).
sub scratch_build {
	my ($name, $vars, $goals) = @_;
	my @args = (@{ $vars // [] }, @{ $goals // ['all'] });
	my $dir = OUTDIR . "/scratch-$name";
	return with_lock("scratch-$name", sub {
		my $stamp = md5_hex(join("\0", slurp('Makefile') // '', @args,
			map { "$_=" . ($ENV{$_} // '') } qw(TOOLCHAIN TOOLPREFIX)));
		remove_tree($dir) if (slurp("$dir/.xv6test-stamp") // '') ne $stamp;
		my @files = source_files();
		my %now = map { $_ => 1 } @files;
		for my $old (split /\n/, slurp("$dir/.xv6test-files") // '') {
			unlink "$dir/$old" unless $now{$old};
		}
		for my $f (@files) {
			my $d = "$dir/$f";
			next if -f $d && -s $d == -s $f && slurp($d) eq slurp($f)
				&& ((stat $d)[2] & 07777) == ((stat $f)[2] & 07777);
			copy_file($f, $d);
		}
		spew("$dir/.xv6test-files", join('', map { "$_\n" } @files));
		spew("$dir/.xv6test-stamp", $stamp);
		my $r = run_cmd(['make', '-j2', @args], timeout => 1200, dir => $dir);
		return $dir if $r->{status} == 0;
		return (undef, "make @args in $dir (a copy of the tree) exited $r->{status}"
			. ($r->{timedout} ? " (timed out)" : "") . "; last lines:\n"
			. join("\n", grep { defined } (split /\n/, $r->{out})[-15 .. -1]));
	});
}

# ---- QEMU ------------------------------------------------------------------------------
package Xv6Test::Qemu;

use File::Basename qw(dirname);
use File::Path qw(make_path remove_tree);
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(time sleep);
use File::Temp qw(tempdir);
use File::Copy qw(copy);
use Test::More;

my %live;    # pid => object, for the END block and signal handlers

# Xv6Test::Qemu->new(cpus => N, timeout => S, log => FILE, gdbport => P, halted => 1,
#                    fsimg => FILE, xv6img => FILE, savefs => FILE, extra => [QEMU ARGS],
#                    target => MAKE TARGET)
# Boots a copy of xv6.img (or FILE) and a freshly made fs image (fresh_fs; or a copy of the
# fsimg FILE) (the tree's images are never written, nor read as the tests' disk) with the
# command `make qemu-nox` runs (qemu_cmd), the serial line on QEMU's stdin/stdout; halted adds
# -S, gdbport -gdb, extra whatever else. With target => 'qemu' (say) it runs `make -s qemu` on
# the copies instead, to test the make target itself. A hard limit of `timeout` seconds
# (default 120) is enforced by timeout(1) too, so QEMU dies even if this script is killed.
# With savefs, stop() keeps the disk QEMU wrote: the copy of fs.img is moved to that FILE.
sub new {
	my ($class, %o) = @_;
	my $self = bless { cpus => $o{cpus} // 2, timeout => $o{timeout} // 120, buf => '',
		all => '', why => '', eof => 0, savefs => $o{savefs} }, $class;
	$self->{dir} = tempdir("xv6test-XXXXXX", TMPDIR => 1);
	my %from = ('xv6.img' => $o{xv6img} // 'xv6.img', 'fs.img' => $o{fsimg});
	for my $img (qw(xv6.img fs.img)) {
		next unless defined $from{$img};
		copy($from{$img}, "$self->{dir}/$img") or die "cannot copy $from{$img}: $!";
	}
	fresh_fs("$self->{dir}/fs.img") unless defined $o{fsimg};
	my %disks = (cpus => $self->{cpus}, xv6img => "$self->{dir}/xv6.img",
		fsimg => "$self->{dir}/fs.img");
	my @run;
	if ($o{target}) {
		@run = ('make', '-s', '--no-print-directory', $o{target}, "CPUS=$disks{cpus}",
			"XV6IMG=$disks{xv6img}", "FSIMG=$disks{fsimg}");
	} else {
		@run = Xv6Test::qemu_cmd(%disks);
		push @run, '-S' if $o{halted};
		push @run, '-gdb', "tcp:127.0.0.1:$o{gdbport}" if $o{gdbport};
		push @run, @{ $o{extra} } if $o{extra};
	}
	my @cmd = ('timeout', '-s', 'KILL', int($self->{timeout} + 5), @run);
	$self->{cmd} = [@run];
	$self->{cmdline} = join(' ', @run);

	pipe(my $in_r, my $in_w) or die "pipe: $!";
	($self->{pid}, $self->{out}) = Xv6Test::spawn_group($in_r, @cmd);
	close $in_r;
	$in_w->autoflush(1);
	$self->{in} = $in_w;
	$self->{start} = time;
	$self->{deadline} = $self->{start} + $self->{timeout};
	$self->{sel} = IO::Select->new($self->{out});
	if ($o{log}) {
		make_path(dirname($o{log}));
		open($self->{log}, '>:raw', $o{log}) or die "cannot write $o{log}: $!";
		$self->{log}->autoflush(1);
	}
	$live{ $self->{pid} } = $self;
	return $self;
}

# A new file system, made as `make fs.img` makes the tree's (README and UPROGS), at $path:
# a boot with no fsimg gets one, never the tree's fs.img, which a `make qemu-nox` session
# may have changed (files left by a test run by hand, a disk cut off mid-write).
sub fresh_fs {
	my ($path) = @_;
	my $r = Xv6Test::run_cmd(['make', '-s', '--no-print-directory', 'labfs', "LABFS=$path"],
		timeout => 300);
	die "making a fresh fs image ($path) failed (exit $r->{status}):\n$r->{out}"
		if $r->{status} != 0;
}

# Read whatever QEMU has written, waiting at most $wait seconds for the first byte.
sub pump {
	my ($self, $wait) = @_;
	return 0 if $self->{eof};
	return 0 unless $self->{sel}->can_read($wait < 0 ? 0 : $wait);
	my $n = sysread($self->{out}, my $chunk, 65536);
	if (!$n) {
		$self->{eof} = 1;
		return 0;
	}
	print { $self->{log} } $chunk if $self->{log};
	$chunk =~ s/\r//g;      # the serial line may say \r\n
	$chunk =~ s/\e\[[0-9;?]*[A-Za-z]|\ec//g;   # SeaBIOS's terminal codes under -nographic
	$self->{buf} .= $chunk;
	$self->{all} .= $chunk;
	return $n;
}

# expect(qr/.../, SECONDS): wait until the unread output matches; consume it through the end of
# the match and return what was consumed (in list context, also the match's captures). On a
# timeout, QEMU's exit, a kernel panic, or the boot's overall deadline, returns nothing and
# sets why() to the reason.
sub expect {
	my ($self, $re, $secs) = @_;
	my $until = time + $secs;
	$until = $self->{deadline} if $self->{deadline} < $until;
	my $panic_seen;
	while (1) {
		if ($self->{buf} =~ $re) {
			my @caps = map { defined $-[$_] ? substr($self->{buf}, $-[$_], $+[$_] - $-[$_])
				: undef } 1 .. $#+;
			my $text = substr($self->{buf}, 0, $+[0]);
			$self->{buf} = substr($self->{buf}, $+[0]);
			return wantarray ? ($text, @caps) : $text;
		}
		if (!$panic_seen && $self->{buf} =~ /^(panic: .*)$/m) {
			$panic_seen = $1;
			$until = time + 1;    # a moment for the backtrace, then give up
		}
		my $left = $until - time;
		if ($left <= 0 || $self->{eof}) {
			$self->{why} = $panic_seen ? "the kernel panicked: $panic_seen"
				: $self->{eof} ? "QEMU exited"
				: time >= $self->{deadline} ? "the whole boot's limit of $self->{timeout} s ran out"
				: "no match within $secs s";
			return;
		}
		$self->pump($left > 0.5 ? 0.5 : $left);
	}
}

sub why { $_[0]{why} }

# Put text back in front of the unread output (after an expect that read too far).
sub unread { $_[0]{buf} = $_[1] . $_[0]{buf} }

# Unread output so far (after draining what is ready), without consuming it.
sub pending {
	my ($self) = @_;
	1 while $self->pump(0);
	return $self->{buf};
}

# Consume and return all unread output, after waiting $secs seconds for more to arrive.
sub take {
	my ($self, $secs) = @_;
	my $until = time + ($secs // 0);
	while ((my $left = $until - time) > 0) { $self->pump($left > 0.5 ? 0.5 : $left) }
	1 while $self->pump(0);
	my $text = $self->{buf};
	$self->{buf} = '';
	return $text;
}

# Everything QEMU has printed since it started (\r removed).
sub transcript { $_[0]{all} }

sub send {
	my ($self, $text) = @_;
	local $SIG{PIPE} = 'IGNORE';
	return syswrite($self->{in}, $text);
}

# The shell prompt: "$ " at the start of a line.
our $PROMPT = qr/(?:\A|\n)\$ /;

# Wait for the first shell prompt after boot.
sub boot_to_prompt {
	my ($self, $secs) = @_;
	return $self->expect($PROMPT, $secs // 60);
}

# cmd("LINE", SECONDS): type LINE and a newline at the prompt, and wait for the next prompt.
# Returns the text in between (the echoed command line, then its output), or nothing on a
# timeout. Call it only right after a prompt was consumed.
sub cmd {
	my ($self, $line, $secs) = @_;
	$self->send("$line\n");
	my $text = $self->expect($PROMPT, $secs // 30);
	return unless defined $text;
	$text =~ s/\n?\$ \z//;
	return $text;
}

# Copy the disk (fs.img) as QEMU has written it so far to FILE. Call it at a quiet moment:
# at the shell prompt, every operation has committed and QEMU has written each block by the
# time the guest's disk interrupt says it is done, so the copy is what a clean shutdown
# would leave.
sub copy_disk {
	my ($self, $file) = @_;
	copy("$self->{dir}/fs.img", $file) or die "cannot copy the disk to $file: $!";
}

sub alive {
	my ($self) = @_;
	return $self->{pid} && waitpid($self->{pid}, WNOHANG) == 0;
}

# Kill QEMU (its whole process group) and remove the image copies. Safe to call twice.
# stop(FILE) keeps the disk QEMU wrote as FILE, as savefs does.
sub stop {
	my ($self, $keep) = @_;
	$self->{savefs} = $keep if defined $keep && $self->{dir};
	if ($self->{pid}) {
		1 while $self->pump(0);
		Xv6Test::kill_group($self->{pid});
		delete $live{ $self->{pid} };
		$self->{pid} = 0;
	}
	close $self->{in} if $self->{in};
	$self->{in} = undef;
	close $self->{log} if $self->{log};
	$self->{log} = undef;
	if ($self->{savefs} && $self->{dir}) {
		File::Copy::move("$self->{dir}/fs.img", $self->{savefs})
			or warn "cannot keep the disk as $self->{savefs}: $!";
		$self->{savefs} = undef;
	}
	remove_tree($self->{dir}) if $self->{dir} && -d $self->{dir};
	$self->{dir} = undef;
}

sub DESTROY { local ($., $@, $!, $^E, $?); $_[0]->stop }

sub stop_all { $_->stop for values %live }

END { local $?; stop_all() }
for my $sig (qw(INT TERM HUP)) {
	$SIG{$sig} = sub { stop_all(); $SIG{$sig} = 'DEFAULT'; kill $sig, $$ };
}

1;
