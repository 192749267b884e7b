#!/usr/bin/perl
# sign.pl: turn the raw boot code into a 512-byte boot sector: pad it with zeros and put the
# 0x55 0xAA signature the BIOS looks for in its last two bytes. Fails if the code is too big.
use strict;
use warnings;

my $file = shift or die "usage: sign.pl BOOTBLOCK\n";
open(my $in, '<:raw', $file) or die "sign.pl: cannot open $file: $!\n";
my $code = do { local $/; <$in> };
close $in;

my $n = length $code;
if ($n > 510) {
  print STDERR "sign.pl: boot block is $n bytes; the limit is 510\n";
  exit 1;
}
print STDERR "sign.pl: boot block is $n bytes (max 510)\n";

my $sector = $code . ("\0" x (510 - $n)) . "\x55\xAA";
open(my $out, '>:raw', $file) or die "sign.pl: cannot write $file: $!\n";
print $out $sector;
close $out or die "sign.pl: $file: $!\n";
