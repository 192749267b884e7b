# tests.pl: the lazy lab's grader (see labs/README.md for the format): lazytest's cases, then
# the quick usertests on the same boot.
{
  title => 'Lazy allocation of heap pages',
  progs => ['lazytest'],
  tests => [
    { name => 'sbrk(1 GB) returns at once; touching N pages allocates N',
      points => 25, cmd => 'lazytest big', expect => qr/^big: ok$/m, timeout => 30 },
    { name => 'read, write, pipe, fstat with buffers in untouched pages',
      points => 15, cmd => 'lazytest syscalls', expect => qr/^syscalls: ok$/m, timeout => 30 },
    { name => 'exec arguments in untouched pages',
      points => 10, cmd => 'lazytest exec', expect => qr/^exec: ok$/m, timeout => 30 },
    { name => 'fork of a partly touched heap',
      points => 15, cmd => 'lazytest fork', expect => qr/^fork: ok$/m, timeout => 30 },
    { name => 'faults above the break, in the guard page, at page 0 still kill',
      points => 10, cmd => 'lazytest bad', expect => qr/^bad: ok$/m, timeout => 30 },
    { name => 'sbrk(-n) over untouched pages',
      points => 10, cmd => 'lazytest shrink', expect => qr/^shrink: ok$/m, timeout => 30 },
    { name => 'usertests -q',
      points => 15, cmd => 'usertests -q', expect => qr/^ALL TESTS PASSED$/m, timeout => 180,
      baseline => 1 },   # the unmodified kernel passes it too
  ],
}
