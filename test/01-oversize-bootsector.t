#!/usr/bin/perl
# 01-oversize-bootsector.t: a boot sector that outgrows 510 bytes must stop the build with a
# message naming its size, and tools/sign.pl must pad a small one to exactly 512 bytes.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Xv6Test;
use File::Temp qw(tempdir);
use Test::More;

my $tmp = tempdir("xv6sign-XXXXXX", TMPDIR => 1, CLEANUP => 1);

# In a scratch copy of the tree: 600 more bytes of code in bootasm.S.
my $tree = "$tmp/tree";
Xv6Test::copy_tree($tree);
open(my $fh, '>>', "$tree/bootasm.S") or die "bootasm.S: $!";
print $fh "\n# added by test/01-oversize-bootsector.t\n.text\n.space 600, 0x90\n";
close $fh;
my $r = run_cmd(['make', 'bootblock'], timeout => 300, dir => $tree);
my ($n) = $r->{out} =~ /sign\.pl: boot block is (\d+) bytes; the limit is 510/;
ok($r->{status} != 0 && defined $n && $n > 510, "oversize boot sector fails the build")
	or diag("expected: make bootblock exits non-zero and prints "
		. "'sign.pl: boot block is N bytes; the limit is 510' with N > 510\n"
		. "saw: exit $r->{status}, output:\n$r->{out}");

# sign.pl on its own.
Xv6Test::spew("$tmp/big", "\x90" x 511);
$r = run_cmd(['perl', 'tools/sign.pl', "$tmp/big"], timeout => 30);
ok($r->{status} != 0 && $r->{out} =~ /511 bytes; the limit is 510/,
	"sign.pl refuses 511 bytes")
	or diag("expected: non-zero exit and 'boot block is 511 bytes; the limit is 510'\n"
		. "saw: exit $r->{status}, output: $r->{out}");

my $code = join('', map { chr(($_ * 7) & 0xff) } 0 .. 99);
Xv6Test::spew("$tmp/small", $code);
$r = run_cmd(['perl', 'tools/sign.pl', "$tmp/small"], timeout => 30);
my $out = Xv6Test::slurp("$tmp/small") // '';
ok($r->{status} == 0 && length($out) == 512 && substr($out, 0, 100) eq $code
	&& substr($out, 100, 410) eq "\0" x 410 && substr($out, 510) eq "\x55\xAA",
	"sign.pl pads 100 bytes to a 512-byte sector ending 55 AA")
	or diag("expected: exit 0; the 100 bytes, zeros, then 55 AA, 512 bytes in all\n"
		. sprintf("saw: exit %d, %d bytes ending %s; output: %s", $r->{status}, length $out,
			join(' ', map { sprintf "%02X", ord } split //, substr($out, -2)), $r->{out}));

done_testing();
