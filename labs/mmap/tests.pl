# tests.pl: the mmap lab's grader (see labs/README.md for the format): mmaptest's cases,
# then the quick usertests on a boot of their own. Every run passes mmaptest a new seed,
# so the bytes of every test file differ from run to run.
use strict;
use warnings;

my $seed = 1 + int(rand(1 << 30));

sub mmapcase {
	my ($name, $points, $case, %o) = @_;
	return { name => $name, points => $points, cmd => "mmaptest $case $seed",
		expect => qr/^$case: ok$/m, timeout => 60, %o };
}

{
  title => 'Memory-mapped files',
  progs => ['mmaptest'],
  tests => [
    mmapcase('a private mapping reads the file; its stores never reach it', 10, 'private'),
    mmapcase('a shared mapping\'s stores reach the file at munmap', 10, 'shared'),
    mmapcase('munmap of the first half, the last half, then the rest', 10, 'partial'),
    mmapcase('three mappings of one file, one at an offset', 10, 'two'),
    mmapcase('fork: the child reads and writes inherited mappings', 10, 'fork'),
    mmapcase('closing the fd leaves the mapping (and no open file after munmap)', 10,
      'closed'),
    mmapcase('a mapping longer than the file: zeros, and the file does not grow', 10,
      'bigger'),
    mmapcase('pages are read when first touched, not at mmap', 10, 'lazy'),
    mmapcase('exit and a fatal fault write shared mappings back', 10, 'exit'),
    mmapcase('no pages or open files leak (munmap, exit)', 10, 'leak'),
    mmapcase('bad mmap calls fail; bad accesses kill, not panic', 10, 'bad'),
    { name => 'usertests -q',
      points => 10, cmd => 'usertests -q', expect => qr/^ALL TESTS PASSED$/m, timeout => 300,
      fresh => 1, baseline => 1 },   # the unmodified kernel passes it too
  ],
}
