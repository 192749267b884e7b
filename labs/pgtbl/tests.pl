# tests.pl: the pgtbl lab's grader (see labs/README.md for the format). Each test runs one
# of the lab's programs at the shell and looks for its "NAME: ok" line. Four CPUs, so that
# the shared kernel tables and the allocator are used by several CPUs at once. The page sets
# pgaccess is tested with are random for each run; sharing is witnessed by real memory (how
# many processes fit), not only by freemem()'s count; mprotect is tested in the process that
# calls it (the TLB), and the kernel must pass usertests.
my @sets = map { my $m = 0; $m |= 1 << int(rand 32) for 1 .. 3 + int(rand 12); $m } 1 .. 3;
my $setargs = join(' ', map { sprintf('0x%x', $_) } @sets);
{
  title => 'Page tables: shared kernel tables, pgaccess, mprotect',
  progs => ['pgtbltest', 'pgaccesstest', 'mprotecttest'],
  cpus => 4,
  tests => [
    { name => 'shared kernel page tables: at most 3 page-table pages per process (freemem)',
      points => 10, cmd => 'pgtbltest share', expect => qr/^share: ok$/m, timeout => 30 },
    { name => 'shared kernel page tables: 40 processes fit where private tables could not',
      points => 20, cmd => 'pgtbltest fit', expect => qr/^fit: ok$/m, timeout => 120 },
    { name => 'freevm keeps the shared tables: 4 CPUs x 50 processes, nothing lost',
      points => 10, cmd => 'pgtbltest free', expect => qr/^free: ok$/m, timeout => 120,
      baseline => 1 },   # a regression check: the unmodified kernel passes it too
    { name => 'pgaccess reports and clears accessed bits (random page sets)',
      points => 15, cmd => "pgaccesstest basic $setargs", expect => qr/^basic: ok$/m,
      timeout => 30, check => sub {
        my ($out) = @_;
        for my $r (0 .. $#sets) {
          my $want = sprintf('round %d: touched 0x%x: mask 0x%x', $r, $sets[$r], $sets[$r]);
          return (0, "expected 'basic: $want', saw:\n$out") unless $out =~ /^basic: \Q$want\E$/m;
        }
        return (1);
      } },
    { name => 'pgaccess refuses bad arguments',
      points => 5, cmd => 'pgaccesstest args', expect => qr/^args: ok$/m, timeout => 30 },
    { name => 'mprotect/munprotect refuse bad arguments, the guard page too',
      points => 10, cmd => 'mprotecttest args', expect => qr/^args: ok$/m, timeout => 30 },
    { name => 'mprotect makes pages read-only, munprotect undoes it',
      points => 10, cmd => 'mprotecttest write', expect => qr/^write: ok$/m, timeout => 30 },
    { name => 'mprotect takes effect at once in the calling process (TLB)',
      points => 10, cmd => 'mprotecttest self', expect => qr/^self: ok$/m, timeout => 30 },
    { name => 'protection is inherited across fork',
      points => 10, cmd => 'mprotecttest fork', expect => qr/^fork: ok$/m, timeout => 30 },
    { name => 'usertests -q still passes', points => 10, cmd => 'usertests -q',
      expect => qr/^ALL TESTS PASSED$/m, reject => qr/panic/, timeout => 400, fresh => 1,
      baseline => 1 },
  ],
}
