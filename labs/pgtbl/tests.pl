# tests.pl: the pgtbl lab's grader (see labs/README.md for the format). Each test runs one
# of the lab's programs at the shell and looks for its "NAME: ok" line.
{
  title => 'Page tables: shared kernel tables, pgaccess, mprotect',
  progs => ['pgtbltest', 'pgaccesstest', 'mprotecttest'],
  tests => [
    { name => 'shared kernel page tables: at most 3 page-table pages per process',
      points => 30, cmd => 'pgtbltest share', expect => qr/^share: ok$/m, timeout => 30 },
    { name => 'freevm keeps the shared tables: 200 processes, nothing lost',
      points => 10, cmd => 'pgtbltest free', expect => qr/^free: ok$/m, timeout => 60,
      baseline => 1 },   # a regression check: the unmodified kernel passes it too
    { name => 'pgaccess reports and clears accessed bits',
      points => 15, cmd => 'pgaccesstest basic', expect => qr/^basic: ok$/m, timeout => 30 },
    { name => 'pgaccess refuses bad arguments',
      points => 5, cmd => 'pgaccesstest args', expect => qr/^args: ok$/m, timeout => 30 },
    { name => 'mprotect/munprotect refuse bad arguments',
      points => 10, cmd => 'mprotecttest args', expect => qr/^args: ok$/m, timeout => 30 },
    { name => 'mprotect makes pages read-only, munprotect undoes it',
      points => 15, cmd => 'mprotecttest write', expect => qr/^write: ok$/m, timeout => 30 },
    { name => 'protection is inherited across fork',
      points => 15, cmd => 'mprotecttest fork', expect => qr/^fork: ok$/m, timeout => 30 },
  ],
}
