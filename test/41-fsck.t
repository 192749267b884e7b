#!/usr/bin/perl
# 41-fsck.t: tools/fsck passes the fresh fs.img, and reports each of a set of corruptions made
# in copies of it, naming the inode or block concerned. The small image editor below finds
# its offsets from the superblock and from the on-disk structures of fs.h; fsck -r replays a
# hand-made committed log transaction.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use Xv6Test;
use Test::More;

ensure_built() or exit(done_testing());
my $c = read_consts('fs.h', 'param.h');
my ($BSIZE, $NDIRECT, $ROOTINO) = @$c{qw(BSIZE NDIRECT ROOTINO)};
my $DINODE = 64;                 # sizeof(struct dinode): type major minor nlink, size, addrs
my $DIRENT = 16;                 # sizeof(struct dirent): ushort inum, char name[14]
my $IPB = $BSIZE / $DINODE;
my $tmp = tempdir("xv6fsck-XXXXXX", TMPDIR => 1, CLEANUP => 1);

# ---- a small image editor ----------------------------------------------------------------
# An image is a Perl string; these read and write little-endian fields at byte offsets.
sub get32 { unpack('V', substr(${ $_[0] }, $_[1], 4)) }
sub put32 { substr(${ $_[0] }, $_[1], 4) = pack('V', $_[2]) }
sub get16 { unpack('v', substr(${ $_[0] }, $_[1], 2)) }
sub put16 { substr(${ $_[0] }, $_[1], 2) = pack('v', $_[2]) }

# A freshly made image, as `make fs.img` makes it: the tree's fs.img may have been changed by a
# `make qemu-nox` session, so it is not the test's input.
my $fresh = "$tmp/fresh-fs.img";
Xv6Test::Qemu::fresh_fs($fresh);
my $good = Xv6Test::slurp($fresh) // die "no $fresh";
my %sb;
@sb{qw(size nblocks ninodes nlog logstart inodestart bmapstart)} =
	unpack('V7', substr($good, $BSIZE, 28));

# Offsets of a dinode and of its fields.
sub ino_off { my ($i) = @_; ($sb{inodestart} + int($i / $IPB)) * $BSIZE + ($i % $IPB) * $DINODE }
sub f_type { ino_off($_[0]) + 0 }
sub f_nlink { ino_off($_[0]) + 6 }
sub f_size { ino_off($_[0]) + 8 }
sub f_addr { ino_off($_[0]) + 12 + 4 * $_[1] }
# Byte offset and bit of block b's bit in the bitmap.
sub bmap_bit { my ($b) = @_; (($sb{bmapstart} + int($b / ($BSIZE * 8))) * $BSIZE
	+ int(($b % ($BSIZE * 8)) / 8), $b % 8) }
sub bmap_set {
	my ($img, $b, $on) = @_;
	my ($off, $bit) = bmap_bit($b);
	my $byte = ord(substr($$img, $off, 1));
	$byte = $on ? $byte | (1 << $bit) : $byte & ~(1 << $bit);
	substr($$img, $off, 1) = chr($byte);
}
sub bmap_get { my ($off, $bit) = bmap_bit($_[1]); (ord(substr(${ $_[0] }, $off, 1)) >> $bit) & 1 }

# The root directory's entries (its first block is enough for a fresh image): name => [inum,
# byte offset of the entry].
my %root;
{
	my $blk = get32(\$good, f_addr($ROOTINO, 0));
	my $n = get32(\$good, f_size($ROOTINO)) / $DIRENT;
	for my $k (0 .. $n - 1) {
		my $off = $blk * $BSIZE + $k * $DIRENT;
		my ($inum, $name) = unpack('v Z14', substr($good, $off, $DIRENT));
		$root{$name} = [$inum, $off] if $inum;
	}
}
my $readme = $root{README}[0];
my $cat = $root{cat}[0];
my $big = $root{usertests}[0];   # more than NDIRECT blocks: it has an indirect block
my $readme_blk = get32(\$good, f_addr($readme, 0));
my $cat_blk = get32(\$good, f_addr($cat, 0));
my $free_inum = $sb{ninodes} - 1;     # mkfs hands out inodes from 1; the last one is free
my $data_end = $sb{size} - 1;         # the last data block: free in a fresh image

sub fsck {
	my ($img, @opt) = @_;
	my $r = run_cmd(['tools/fsck', @opt, $img], timeout => 60);
	return ($r->{status}, $r->{out});
}

# ---- the good image ----------------------------------------------------------------------
ok($readme && $cat && $big && get32(\$good, f_addr($big, $NDIRECT)),
	"fs.img has README, cat and usertests (with an indirect block) in /")
	or diag("expected: those entries in the root directory\nsaw: " . join(' ', sort keys %root));
{
	my ($st, $out) = fsck($fresh);
	ok($st == 0 && $out =~ /clean/, "fsck passes the fresh fs.img")
		or diag("expected: exit 0 and 'clean'\nsaw: exit $st:\n$out");
	ok(!bmap_get(\$good, $data_end) && get16(\$good, f_type($free_inum)) == 0,
		"block $data_end and inode $free_inum are free in the fresh image (used below)");
}

# ---- corruptions: [what, edit, regex fsck must print] --------------------------------------
my @cases = (
	["superblock size larger than the image",
	 sub { put32($_[0], $BSIZE + 0, $sb{size} + 100) }, qr/superblock: size \d+ blocks/],
	["superblock puts the bitmap inside the inode blocks",
	 sub { put32($_[0], $BSIZE + 24, $sb{inodestart} + 1) }, qr/superblock: \d+ inodes need/],
	["log header count out of range",
	 sub { put32($_[0], $sb{logstart} * $BSIZE, 1000) },
	 qr/block $sb{logstart} \(log header\): count 1000 out of range/],
	["log header names the superblock",
	 sub { put32($_[0], $sb{logstart} * $BSIZE, 1); put32($_[0], $sb{logstart} * $BSIZE + 4, 1) },
	 qr/block $sb{logstart} \(log header\): entry 0 names block 1,/],
	["bad inode type",
	 sub { put16($_[0], f_type($cat), 99) }, qr/inode $cat: bad type 99/],
	["file size larger than its blocks",
	 sub { put32($_[0], f_size($readme), get32($_[0], f_size($readme)) + 2 * $BSIZE) },
	 qr/inode $readme: size \d+ needs block \d+ of its contents, but it has none/],
	["file size smaller than its blocks",
	 sub { put32($_[0], f_size($cat), 0) },
	 qr/inode $cat: size 0 ends before block 0 of its contents \(block $cat_blk\)/],
	["block number outside the data area",
	 sub { put32($_[0], f_addr($cat, 0), 5) },
	 qr/inode $cat: block 0 of its contents is block 5, outside the data area/],
	["indirect block outside the image",
	 sub { put32($_[0], f_addr($big, $NDIRECT), $sb{size} + 7) },
	 qr/inode $big: its indirect block is block ${\($sb{size} + 7)}, outside the data area/],
	["used block free in the bitmap",
	 sub { bmap_set($_[0], $cat_blk, 0) },
	 qr/block $cat_blk: used by inode $cat \(block 0 of its contents\) but free in the bitmap/],
	["free block marked in the bitmap",
	 sub { bmap_set($_[0], $data_end, 1) },
	 qr/block $data_end: marked in use in the bitmap, but no inode uses it/],
	["one block used by two files",
	 sub { put32($_[0], f_addr($cat, 0), $readme_blk) },
	 qr/block $readme_blk: used twice, by inode $readme and by inode $cat/],
	["directory entry names a free inode",
	 sub { put16($_[0], $root{cat}[1], $free_inum) },
	 qr/inode $ROOTINO: directory entry 'cat' names inode $free_inum, which is free/],
	["directory entry names an inode past the end",
	 sub { put16($_[0], $root{cat}[1], 60000) },
	 qr/inode $ROOTINO: directory entry 'cat' names inode 60000, past the last inode/],
	["link count too high",
	 sub { put16($_[0], f_nlink($cat), 3) },
	 qr/inode $cat: link count 3, but 1 directory entries name it/],
	["in-use inode with link count 0",
	 sub { put16($_[0], f_nlink($cat), 0) },
	 qr/inode $cat: in use \(type 2\) but its link count is 0/],
	["allocated inode that no directory names",
	 sub { put16($_[0], $root{cat}[1], 0) },
	 qr/inode $cat: in use \(type 2, \d+ bytes\) but not reachable from \//],
	["'.' does not name the directory",
	 sub { put16($_[0], $root{'.'}[1], $readme) },
	 qr/inode $ROOTINO: entry '\.' \(slot 0\) names inode $readme/],
	["'..' of the root does not name the root",
	 sub { put16($_[0], $root{'..'}[1], $readme) },
	 qr/inode $ROOTINO: '\.\.' names inode $readme, but the directory is in inode $ROOTINO/],
	["directory without '.'",
	 sub { substr(${ $_[0] }, $root{'.'}[1] + 2, 14) = pack('Z14', 'dot') },
	 qr/inode $ROOTINO: directory has no '\.' entry in slot 0/],
	["directory size not a whole number of entries",
	 sub { put32($_[0], f_size($ROOTINO), get32($_[0], f_size($ROOTINO)) - 3) },
	 qr/inode $ROOTINO: directory size \d+ is not a whole number of entries/],
	["root is not a directory",
	 sub { put16($_[0], f_type($ROOTINO), 2) },
	 qr/inode $ROOTINO: the root is not a directory/],
);

my $n = 0;
for my $case (@cases) {
	my ($what, $edit, $want) = @$case;
	my $img = $good;
	$edit->(\$img);
	my $file = "$tmp/bad" . $n++ . ".img";
	Xv6Test::spew($file, $img);
	my ($st, $out) = fsck($file);
	ok($st == 1 && $out =~ $want, "fsck reports: $what")
		or diag("expected: exit 1 and a line matching $want\nsaw: exit $st:\n$out");
}

# ---- the log ------------------------------------------------------------------------------
# A committed transaction that was never installed: the log holds the good inode block of
# README, the home copy says nlink 7. Recovery (fsck -r, or the kernel) must bring it back.
{
	my $img = $good;
	my $iblk = $sb{inodestart} + int($readme / $IPB);
	my $hdr = $sb{logstart} * $BSIZE;
	substr($img, ($sb{logstart} + 1) * $BSIZE, $BSIZE) = substr($good, $iblk * $BSIZE, $BSIZE);
	put32(\$img, $hdr, 1);
	put32(\$img, $hdr + 4, $iblk);
	put16(\$img, f_nlink($readme), 7);
	my $file = "$tmp/log.img";
	Xv6Test::spew($file, $img);

	my ($st, $out) = fsck($file);
	ok($st == 0 && $out =~ /committed transaction of 1 blocks: $iblk/
		&& Xv6Test::slurp($file) eq $img,
		"without -r, fsck describes the committed transaction, checks the image as recovery "
		. "will leave it, and writes nothing") or diag("expected: exit 0, the transaction "
		. "described, the file unchanged\nsaw: exit $st:\n$out");

	($st, $out) = fsck($file, '-r');
	my $after = Xv6Test::slurp($file);
	ok($st == 0 && $out =~ /replayed 1 blocks/ && get32(\$after, $hdr) == 0
		&& get16(\$after, f_nlink($readme)) == 1,
		"fsck -r installs the transaction and empties the log header")
		or diag("expected: exit 0, 'replayed 1 blocks', header count 0, README nlink 1\nsaw: "
		. "exit $st, header count " . get32(\$after, $hdr) . ", nlink "
		. get16(\$after, f_nlink($readme)) . ":\n$out");
	($st, $out) = fsck($file);
	ok($st == 0 && $out !~ /committed transaction/, "the replayed image is clean, log empty")
		or diag("expected: exit 0 with an empty log\nsaw: exit $st:\n$out");
}

done_testing();
