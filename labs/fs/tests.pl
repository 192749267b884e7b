# tests.pl: the fs lab's grader (see labs/README.md for the format). bigfile writes the
# largest file the doubly-indirect layout allows (16523 blocks of 512 bytes, content drawn
# from a new seed every run), reads it back and unlinks it; symlinktest checks symbolic
# links, its last case with 4 processes on 4 CPUs. After the write, the unlink and the race
# the grader runs the tree's own tools/fsck on the disk (fsck => 1), so tools/fsck.c must
# know the new layout too. Writing 8 MB through the log takes about a minute under QEMU on
# a quiet machine: the timeouts leave room for a machine several times slower.
my $seed = 1 + int(rand(2_000_000_000));
{
  title => 'File system: large files and symbolic links',
  progs => ['bigfile', 'symlinktest'],
  tests => [
    { name => 'bigfile: the largest file (16523 blocks) is written, one block more refused',
      points => 20, cmd => "bigfile write $seed", expect => qr/^write: ok$/m,
      timeout => 480, fsck => 1, show => qr/^write: \d+ blocks/ },
    { name => 'bigfile: every block reads back as written',
      points => 10, cmd => "bigfile read $seed", expect => qr/^read: ok$/m,
      timeout => 240, show => qr/^read: \d+ blocks/ },
    { name => 'bigfile: unlink frees all 16653 blocks (data and indirect)',
      points => 10, cmd => 'bigfile free', expect => qr/^free: ok/m, timeout => 120,
      fsck => 1 },
    { name => 'symlink: a link to a file reads and writes the file',
      points => 8, cmd => 'symlinktest basic', expect => qr/^basic: ok$/m },
    { name => 'symlink: links to links, 10 in a row followed, 11 refused',
      points => 8, cmd => 'symlinktest chain', expect => qr/^chain: ok$/m },
    { name => 'symlink: dangling links fail to open until the target exists',
      points => 6, cmd => 'symlinktest dangling', expect => qr/^dangling: ok$/m },
    { name => 'symlink: a cycle of links makes open fail',
      points => 6, cmd => 'symlinktest cycle', expect => qr/^cycle: ok$/m },
    { name => 'symlink: O_NOFOLLOW opens the link itself',
      points => 8, cmd => 'symlinktest nofollow', expect => qr/^nofollow: ok$/m,
      show => qr/^nofollow: reading/ },
    { name => 'symlink: unlinking a link leaves its target, and the other way round',
      points => 6, cmd => 'symlinktest unlink', expect => qr/^unlink: ok$/m },
    { name => 'symlink: 4 processes on 4 CPUs make and remove links and files at once',
      points => 12, cmd => "symlinktest concurrent $seed", expect => qr/^concurrent: ok$/m,
      timeout => 180, cpus => 4, fsck => 1, show => qr/^concurrent: \d+ processes/ },
  ],
}
