# tests.pl: the lock lab's grader (make grade LAB=lock; see labs/README.md for the format).
# kalloctest and bcachetest run their workloads on 4 CPUs and read the kernel's lock
# statistics (lockstat(), lockstat.h) before and after: the kmem and bcache locks must be
# taken for every operation yet seldom found held, and no other lock may take over the
# contention. The correctness cases (stealing, all memory at once, many writers) pass on the
# unmodified kernel too, and count as baseline; so does usertests. Together with the hand-in
# files they are 40 of 100 points, so that the unmodified kernel, or one that only renames or
# drops a lock, stays below half marks.
{
  title => 'Locks: a per-CPU page allocator and a hashed buffer cache',
  progs => ['kalloctest', 'bcachetest'],
  cpus => 4,
  tests => [
    { name => 'kalloc: per-CPU free lists, seldom contended, no page lost',
      points => 30, cmd => 'kalloctest contention', expect => qr/^contention: ok$/m,
      timeout => 180, show => qr/^contention: (kmem|reference):/ },
    { name => 'kalloc: pages freed on one CPU can all be allocated on others',
      points => 8, cmd => 'kalloctest steal', expect => qr/^steal: ok$/m, timeout => 240,
      baseline => 1 },
    { name => 'kalloc: four CPUs take all of memory at once; nothing lost',
      points => 8, cmd => 'kalloctest race', expect => qr/^race: ok$/m, timeout => 240,
      baseline => 1 },
    { name => 'bcache: hashed, seldom contended, still LRU, one buffer per block',
      points => 30, cmd => 'bcachetest contention; bcachetest lru; bcachetest same; bcachetest inodes',
      expect => qr/^contention: ok\b.*^lru: ok\b.*^same: ok\b.*^inodes: ok\b/ms,
      timeout => 400,
      show => qr/^contention: (bcache|reference):|^(same|inodes): .* disk reads/ },
    { name => 'bcache: eight processes write, read back and delete files at once',
      points => 8, cmd => 'bcachetest files', expect => qr/^files: ok$/m, timeout => 300,
      baseline => 1 },
    { name => 'usertests -q',
      points => 10, cmd => 'usertests -q', expect => qr/^ALL TESTS PASSED$/m, timeout => 600,
      baseline => 1 },
  ],
}
