{
  title => 'Lottery scheduling',
  progs => ['schedtest'],
  cpus => 1,
  tests => [
    { name => 'share', points => 30, cmd => 'schedtest share', expect => qr/^share: ok$/m, timeout => 90 },
    { name => 'change', points => 15, cmd => 'schedtest change', expect => qr/^change: ok$/m, timeout => 90 },
    { name => 'starve', points => 15, cmd => 'schedtest starve', expect => qr/^starve: ok$/m, timeout => 90 },
    { name => 'inherit', points => 10, cmd => 'schedtest inherit', expect => qr/^inherit: ok$/m, timeout => 60 },
    { name => 'bad', points => 10, cmd => 'schedtest bad', expect => qr/^bad: ok$/m, timeout => 60 },
  ],
}
