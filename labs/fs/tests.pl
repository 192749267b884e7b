my $seed = 1 + int(rand(2_000_000_000));
{
  title => 'File system: large files and symbolic links',
  progs => ['bigfile'],
  tests => [
    { name => 'bigfile write', points => 20, cmd => "bigfile write $seed",
      expect => qr/^write: ok$/m, timeout => 600, show => qr/^write: \d+ blocks/ },
    { name => 'bigfile read', points => 10, cmd => "bigfile read $seed",
      expect => qr/^read: ok$/m, timeout => 300, show => qr/^read: \d+ blocks/ },
    { name => 'bigfile free', points => 10, cmd => "bigfile free",
      expect => qr/^free: ok/m, timeout => 120 },
  ],
}
