# Xv6Calls.pm: count kernel calls during a lab's shell tests with gdb, so a grader can check
# the mechanism and not only the output (labs/README.md, the `calls` key of tests.pl).
#
# A lab's tests.pl says `calls => { count => [...], locked => [...] }`; each boot of its
# grading is then started halted, gdb attaches to QEMU's stub, sets the breakpoints and lets
# it run. Every hit is one line of a hits file, "LABEL PID NAME" (the process whose kernel
# stack the CPU is on); the runner hands a shell test's check the hits of its own command.
#   count  => [[LABEL, FUNCTION], [LABEL, FUNCTION, ARG0EXPR], ...]: a hit on every call of
#             FUNCTION (whose first argument equals ARG0EXPR, evaluated once, if given).
#   locked => [[LABEL, FUNCTION, LOCKEXPR], ...]: on every call of FUNCTION, a hit "LABEL
#             locked PID NAME" if the CPU acquired LOCKEXPR (&ptable.lock, say) before the
#             call returned, else "LABEL unlocked PID NAME".
package Xv6Calls;

use strict;
use warnings;
use IO::Socket::INET;
use POSIX qw(setpgid _exit);
use Xv6Test;

# Start gdb against the halted QEMU $q listening on $port; the hits go to $file. Returns a
# handle for hits_since() and stop(), or dies.
sub start {
	my ($class, %o) = @_;
	my ($q, $port, $file, $spec) = @o{qw(q port file spec)};
	for (1 .. 150) {    # until QEMU listens (then the port cannot be bound)
		last unless $q->alive && IO::Socket::INET->new(LocalAddr => '127.0.0.1',
			LocalPort => $port, Proto => 'tcp', Listen => 1);
		select(undef, undef, undef, 0.2);
	}
	my $consts = read_consts('param.h');
	my $kstack = $consts->{KSTACKSIZE} // 4096;
	my $py = sub { my ($l) = @_; '[' . join(', ', map { '[' . join(', ', map { "'$_'" } @$_) . ']' } @{ $l // [] }) . ']' };
	Xv6Test::spew($file, '');
	Xv6Test::spew("$file.gdb", sprintf(<<'GDB', $port, $file, $kstack, $py->($spec->{count}), $py->($spec->{locked})));
set pagination off
set confirm off
set architecture i386
python
import gdb, time
for i in range(60):    # QEMU may be slow to listen on a loaded machine
    try:
        gdb.execute("target remote 127.0.0.1:%d")
        break
    except gdb.error:
        time.sleep(1)
hits = open("%s", "a")
KSTACK = %d
COUNT = %s
LOCKED = %s
def u32(expr):
    return int(gdb.parse_and_eval("(unsigned int)(%%s)" %% expr)) & 0xffffffff
NPROC = u32("sizeof(ptable.proc)/sizeof(ptable.proc[0])")
UINT = gdb.lookup_type("unsigned int")
def curproc():
    esp = u32("$esp")
    procs = gdb.parse_and_eval("ptable.proc")
    for i in range(NPROC):
        p = procs[i]
        k = int(p["kstack"].cast(UINT))
        if k and k <= esp < k + KSTACK:
            try:
                name = p["name"].string(errors="replace").split()[0] or "-"
            except Exception:
                name = "-"
            return int(p["pid"]), name
    return 0, "-"
def emit(text):
    hits.write(text + "\n")
    hits.flush()
class Count(gdb.Breakpoint):
    def __init__(self, label, fn, arg0):
        gdb.Breakpoint.__init__(self, "*" + fn, internal=True)
        self.label, self.arg0 = label, arg0
    def stop(self):
        if self.arg0 is None or u32("*(unsigned*)($esp+4)") == self.arg0:
            pid, name = curproc()
            emit("%%s %%d %%s" %% (self.label, pid, name))
        return False
# A function the kernel does not have yet (the student has not written it) is left out.
for c in COUNT:
    try:
        Count(c[0], c[1], u32(c[2]) if len(c) > 2 else None)
    except Exception as e:
        print("xv6calls: not counting %%s: %%s" %% (c[1], e))
entries = {}
for l in LOCKED:
    try:
        entries[u32(l[1])] = (l[0], u32(l[2]))
        gdb.Breakpoint("*" + l[1], internal=True)
    except Exception as e:
        print("xv6calls: not watching %%s: %%s" %% (l[1], e))
ACQ = u32("acquire")
acq = gdb.Breakpoint("*acquire", internal=True)
acq.enabled = False
rets = {}      # return address -> its breakpoint
armed = {}     # pid -> [label, lock, locked?, return address, name]: keyed by process, not
               # CPU, as a process preempted inside the call may resume on another CPU
def run():
    while True:
        try:
            gdb.execute("continue")
        except gdb.error:
            return
        try:
            th = gdb.selected_thread()
            if th is None or not th.is_valid():
                return         # QEMU is gone
            pc = u32("$pc")
        except gdb.error:
            return
        if pc in entries:
            label, lock = entries[pc]
            ret = u32("*(unsigned*)$esp")
            pid, name = curproc()
            armed[pid] = [label, lock, False, ret, name]
            if ret not in rets:
                rets[ret] = gdb.Breakpoint("*%%d" %% ret, internal=True)
        elif pc == ACQ and armed:
            pid, name = curproc()
            if pid in armed and u32("*(unsigned*)($esp+4)") == armed[pid][1]:
                armed[pid][2] = True
        elif pc in rets and armed:
            pid, name = curproc()
            if pid in armed and pc == armed[pid][3]:
                a = armed.pop(pid)
                emit("%%s %%s %%d %%s" %% (a[0], "locked" if a[2] else "unlocked", pid, a[4]))
        acq.enabled = bool(armed)
        live = set(a[3] for a in armed.values())
        for r, b in rets.items():
            b.enabled = r in live
end
python run()
GDB
	my $pid = fork;
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		setpgid(0, 0);
		open(STDIN, '<', '/dev/null');
		open(STDOUT, '>', "$file.log");
		open(STDERR, '>&', \*STDOUT);
		exec('timeout', '-s', 'KILL', int($o{timeout} + 10), 'gdb', '-batch', '-nx',
			'-x', "$file.gdb", 'kernel') or _exit(127);
	}
	setpgid($pid, $pid);
	return bless { pid => $pid, file => $file }, $class;
}

# The number of hit lines so far: a mark for hits_since.
sub mark { my @l = split /\n/, (Xv6Test::slurp($_[0]{file}) // ''); return scalar @l }

# The hits after mark $n: [LABEL, PID, NAME] or [LABEL, locked|unlocked, PID, NAME] each.
sub hits_since {
	my ($self, $n) = @_;
	my @l = split /\n/, (Xv6Test::slurp($self->{file}) // '');
	return [ map { [split / /] } @l[$n .. $#l] ];
}

# The end of gdb's own output, to explain a boot that never ran.
sub log_tail {
	my ($self) = @_;
	my @l = split /\n/, (Xv6Test::slurp("$self->{file}.log") // '');
	return join("\n", @l > 8 ? @l[-8 .. -1] : @l);
}

sub stop {
	my ($self) = @_;
	Xv6Test::kill_group($self->{pid}) if $self->{pid};
	$self->{pid} = 0;
}

sub DESTROY { local ($., $@, $!, $^E, $?); $_[0]->stop }

1;
