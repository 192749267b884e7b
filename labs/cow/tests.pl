# tests.pl: the cow lab's grader (see labs/README.md for the format): cowtest's cases, the
# benchmark (its line shows the ticks), then the quick usertests on the same boot. Every run
# passes cowtest a new seed: the pages the children write and the offsets of the kernel's
# writes differ each time. The race case boots 4 CPUs of its own, so that its forks, exits
# and copies of shared pages really run at the same time; the rest run on the usual 2.
my $seed = 1 + int(rand(2_000_000_000));
{
  title => 'Copy-on-write fork',
  progs => ['cowtest'],
  tests => [
    { name => 'fork of a process bigger than free memory; the child writes random pages',
      points => 20, cmd => "cowtest simple $seed", expect => qr/^simple: ok$/m, timeout => 120 },
    { name => 'a page nobody else maps any more is written in place (memory full)',
      points => 10, cmd => "cowtest reuse $seed", expect => qr/^reuse: ok$/m, timeout => 120 },
    { name => 'out of memory while copying kills the process, not the kernel',
      points => 10, cmd => "cowtest oom $seed", expect => qr/^oom: ok$/m, timeout => 120 },
    { name => 'out of memory in a system call writing a shared page: -1, no panic',
      points => 10, cmd => "cowtest sysoom $seed", expect => qr/^sysoom: ok$/m, timeout => 120 },
    { name => 'parent, child and grandchild share and write pages; nothing leaks',
      points => 10, cmd => "cowtest three $seed", expect => qr/^three: ok$/m, timeout => 60 },
    { name => 'kernel writes (read of files and pipes, fstat, kstat, pipe) copy shared pages',
      points => 15, cmd => "cowtest kernel $seed", expect => qr/^kernel: ok$/m, timeout => 60 },
    { name => 'forks, exits and copies racing on 4 CPUs; every page accounted for',
      points => 15, cmd => "cowtest race $seed", expect => qr/^race: ok$/m, timeout => 240,
      cpus => 4,
      show => qr/^race: .* forked/ },
    { name => 'text stays read-only after fork',
      points => 5, cmd => "cowtest text $seed", expect => qr/^text: ok$/m, timeout => 60 },
    { name => 'benchmark: fork+exit+wait of a 64 MB process',
      points => 5, cmd => "cowtest bench $seed", expect => qr/^bench: ok$/m, timeout => 90,
      show => qr/^bench: fork/ },   # the ticks, printed on success too (Questions 1)
    { name => 'usertests -q',
      points => 20, cmd => 'usertests -q', expect => qr/^ALL TESTS PASSED$/m, timeout => 300,
      baseline => 1 },   # the unmodified kernel passes it too
  ],
}
