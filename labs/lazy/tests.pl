# tests.pl: the lazy lab's grader (see labs/README.md for the format): lazytest's cases, then
# the quick usertests on a boot of its own. Seeds, the exec argument and the file name are
# drawn afresh on every run, so no answer can be written down in advance.
use strict;
use warnings;

my @letters = ('a' .. 'z');
sub word { join('', map { $letters[int rand 26] } 1 .. $_[0]) }
my ($seed1, $seed2, $seed3) = map { 1 + int(rand(1 << 30)) } 1 .. 3;
my $word = word(5 + int(rand(20)));
my $name = word(3 + int(rand(10)));

sub lazycase {
	my ($name, $points, $case, $args, %o) = @_;
	return { name => $name, points => $points, cmd => "lazytest $case" . ($args // ''),
		expect => qr/^$case: ok$/m, timeout => 60, %o };
}

{
  title => 'Lazy allocation of heap pages',
  progs => ['lazytest'],
  cpus => 4,
  tests => [
    lazycase('sbrk(1 GB) returns at once; touching N pages allocates N', 20, 'big', " $seed1"),
    lazycase('read, write, pipe, fstat with buffers in untouched pages, and only their pages',
      15, 'syscalls', " $seed2"),
    lazycase('exec path, arguments and argv ending in untouched pages', 10, 'exec', " $word"),
    lazycase('path names ending in untouched pages (fetchstr)', 10, 'strings', " $name"),
    lazycase('fork of a partly touched heap', 10, 'fork'),
    lazycase('faults above the break, in the guard page, at page 0 still kill', 10, 'bad'),
    lazycase('sbrk(-n) over untouched pages', 5, 'shrink'),
    lazycase('out of memory: killed or -1, no panic, every page back', 15, 'oom', '',
      timeout => 240, fresh => 1),
    lazycase('four processes faulting at once', 10, 'procs', " $seed3"),
    { name => 'usertests -q',
      points => 15, cmd => 'usertests -q', expect => qr/^ALL TESTS PASSED$/m, timeout => 300,
      fresh => 1, cpus => 2, baseline => 1 },   # on 2 CPUs, as usertests is tested; the unmodified kernel passes it too
  ],
}
