# tests.pl: the cow lab's grader (see labs/README.md for the format): cowtest's cases, the
# benchmark (its line shows the ticks), then the quick usertests on the same boot.
{
  title => 'Copy-on-write fork',
  progs => ['cowtest'],
  tests => [
    { name => 'fork of a process holding more than half of free memory',
      points => 25, cmd => 'cowtest simple', expect => qr/^simple: ok$/m, timeout => 60 },
    { name => 'out of memory while copying kills the process, not the kernel',
      points => 15, cmd => 'cowtest oom', expect => qr/^oom: ok$/m, timeout => 60 },
    { name => 'parent, child and grandchild share and write pages; nothing leaks',
      points => 15, cmd => 'cowtest three', expect => qr/^three: ok$/m, timeout => 30 },
    { name => 'kernel writes (read, fstat, pipe) into shared pages copy them',
      points => 15, cmd => 'cowtest kernel', expect => qr/^kernel: ok$/m, timeout => 30 },
    { name => 'text stays read-only after fork',
      points => 5, cmd => 'cowtest text', expect => qr/^text: ok$/m, timeout => 30 },
    { name => 'benchmark: fork+exit+wait of a 64 MB process',
      points => 5, cmd => 'cowtest bench', expect => qr/^bench: ok$/m, timeout => 60,
      show => qr/^bench: fork/ },   # the ticks, printed on success too (Questions 1)
    { name => 'usertests -q',
      points => 20, cmd => 'usertests -q', expect => qr/^ALL TESTS PASSED$/m, timeout => 180,
      baseline => 1 },   # the unmodified kernel passes it too
  ],
}
