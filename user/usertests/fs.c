// fs.c: the file system: files, links, directories, its limits, concurrent use, the
// buffer cache, removed directories.
#include "usertests.h"

// ---- file system ---------------------------------------------------------------------

static void
pattern(char *buf, int n, int seed)
{
  int i;

  for(i = 0; i < n; i++)
    buf[i] = seed + i * 13 + (i >> 8);
}

// checkstat fails the test unless fd's file has the given type, size and link count.
static void
checkstat(int fd, const char *name, int type, int size, int nlink)
{
  struct stat st;

  if(fstat(fd, &st) < 0)
    fail("fstat of %s failed", name);
  if(st.type != type || st.size != size || st.nlink != nlink)
    fail("fstat of %s: type %d size %d nlink %d, expected type %d size %d nlink %d",
         name, st.type, st.size, st.nlink, type, size, nlink);
}

// Create, write, read back in odd-sized pieces, check access modes, delete.
void
test_filerw(void)
{
  static const int sizes[] = { 1, 7, 512, 513, 1000, 3000 };
  char *want, *got;
  int fd, i, k, n, r;

  want = scratch;
  got = scratch + 4096;
  pattern(want, 3000, 1);
  unlink("ut_rw");
  if((fd = open("ut_rw", O_RDONLY)) >= 0)
    fail("open of a missing file without O_CREATE returned %d", fd);
  fd = open("ut_rw", O_CREATE|O_RDWR);
  if(fd < 0)
    fail("open(ut_rw, O_CREATE|O_RDWR) failed");
  for(i = 0; i < 3; i++)
    if((r = write(fd, want + i*1000, 1000)) != 1000)
      fail("write %d of 1000 bytes returned %d", i, r);
  checkstat(fd, "ut_rw", T_FILE, 3000, 1);
  close(fd);

  for(k = 0; k < sizeof(sizes)/sizeof(sizes[0]); k++){
    fd = open("ut_rw", O_RDONLY);
    memset(got, 0, 3000);
    for(n = 0; n < 3000; n += r)
      if((r = read(fd, got + n, sizes[k])) <= 0)
        fail("reading in pieces of %d: read returned %d at offset %d", sizes[k], r, n);
    if(n != 3000 || memcmp(got, want, 3000) != 0)
      fail("reading in pieces of %d gave back different data", sizes[k]);
    if((r = read(fd, got, 10)) != 0)
      fail("read at end of file returned %d, expected 0", r);
    if((r = write(fd, want, 10)) != -1)
      fail("write to a file opened O_RDONLY returned %d", r);
    close(fd);
  }
  fd = open("ut_rw", O_WRONLY);
  if((r = read(fd, got, 10)) != -1)
    fail("read from a file opened O_WRONLY returned %d", r);
  close(fd);
  fd = open("ut_rw", O_CREATE|O_RDWR);   // O_CREATE of an existing file keeps its data
  checkstat(fd, "ut_rw reopened with O_CREATE", T_FILE, 3000, 1);
  close(fd);
  if(unlink("ut_rw") != 0)
    fail("unlink(ut_rw) failed");
  if((fd = open("ut_rw", O_RDONLY)) >= 0)
    fail("open after unlink returned %d", fd);
  if(unlink("ut_rw") != -1)
    fail("a second unlink of ut_rw succeeded");
}

// link makes a second name for the same inode; unlink removes one name at a time.
void
test_linkunlink(void)
{
  struct stat sa, sb;
  int fa, fb, r;
  char buf[8];

  unlink("ut_la");
  unlink("ut_lb");
  unlink("ut_ld/x");
  unlink("ut_ld");
  putfile("ut_la", "hello", 5);
  if(link("ut_la", "ut_lb") != 0)
    fail("link(ut_la, ut_lb) failed");
  if(stat("ut_la", &sa) < 0 || stat("ut_lb", &sb) < 0)
    fail("stat of the two names failed");
  if(sa.ino != sb.ino || sa.nlink != 2)
    fail("after link: inodes %d and %d, nlink %d; expected one inode with nlink 2",
         sa.ino, sb.ino, sa.nlink);
  if((r = link("ut_la", "ut_lb")) != -1)
    fail("link onto an existing name returned %d", r);
  if((r = link("ut_nosuch", "ut_lc")) != -1)
    fail("link of a missing file returned %d", r);
  if(mkdir("ut_ld") != 0)
    fail("mkdir(ut_ld) failed");
  if((r = link("ut_ld", "ut_le")) != -1)
    fail("link of a directory returned %d", r);
  if(link("ut_lb", "ut_ld/x") != 0)
    fail("link into a subdirectory failed");

  fb = open("ut_lb", O_RDWR);
  if(fb < 0 || write(fb, "J", 1) != 1)
    fail("writing through the second name failed");
  close(fb);
  fa = open("ut_la", O_RDONLY);
  if(readn(fa, buf, 5) != 5 || memcmp(buf, "Jello", 5) != 0)
    fail("a write through one name is not visible through the other");
  close(fa);

  if(unlink("ut_la") != 0)
    fail("unlink(ut_la) failed");
  if(open("ut_la", O_RDONLY) >= 0)
    fail("ut_la can still be opened after unlink");
  fb = open("ut_lb", O_RDONLY);
  if(fb < 0)
    fail("ut_lb vanished when ut_la was unlinked");
  checkstat(fb, "ut_lb", T_FILE, 5, 2);
  close(fb);
  if(unlink("ut_ld/x") != 0 || unlink("ut_lb") != 0 || unlink("ut_ld") != 0)
    fail("cleaning up the links failed");
  if(stat("ut_lb", &sb) == 0 || stat("ut_ld", &sb) == 0)
    fail("a name survived its unlink");
}

// An unlinked file stays usable through open descriptors until the last one closes.
void
test_unlinkopen(void)
{
  struct stat st1, st2;
  int fw, fr, fn, r;
  char *got;

  unlink("ut_uo");
  fw = open("ut_uo", O_CREATE|O_RDWR);
  fr = open("ut_uo", O_RDONLY);
  if(fw < 0 || fr < 0)
    fail("cannot create and open ut_uo");
  pattern(scratch, 2000, 5);
  if(write(fw, scratch, 1000) != 1000)
    fail("write to ut_uo failed");
  if(unlink("ut_uo") != 0)
    fail("unlink of an open file failed");
  if(open("ut_uo", O_RDONLY) >= 0)
    fail("an unlinked file can still be opened by name");
  if(write(fw, scratch + 1000, 1000) != 1000)
    fail("write to an unlinked but open file failed");
  checkstat(fw, "the unlinked file", T_FILE, 2000, 0);
  got = scratch + 4096;
  if((r = readn(fr, got, 2000)) != 2000 || memcmp(got, scratch, 2000) != 0)
    fail("reading the unlinked file gave %d bytes, or different data", r);
  fn = open("ut_uo", O_CREATE|O_RDWR);
  if(fn < 0)
    fail("cannot create a new ut_uo while the old one is open");
  fstat(fn, &st1);
  fstat(fw, &st2);
  if(st1.ino == st2.ino)
    fail("the new ut_uo reuses inode %d, which is still open", st1.ino);
  close(fn);
  close(fw);
  close(fr);
  unlink("ut_uo");
}

// Directories: mkdir, chdir, .., refusal to remove a non-empty directory or . and ..
void
test_dirs(void)
{
  struct stat st, root;
  int fd, r, pid;

  unlink("ut_dir/sub");
  unlink("ut_dir/f");
  unlink("ut_dir");
  if(mkdir("ut_dir") != 0)
    fail("mkdir(ut_dir) failed");
  if((r = mkdir("ut_dir")) != -1)
    fail("mkdir of an existing directory returned %d", r);
  fd = open("ut_dir", O_RDONLY);
  if(fd < 0)
    fail("cannot open a directory for reading");
  if(fstat(fd, &st) < 0 || st.type != T_DIR)
    fail("fstat of a directory says type %d, expected T_DIR", st.type);
  close(fd);
  if((fd = open("ut_dir", O_RDWR)) != -1)
    fail("open of a directory for writing returned %d", fd);
  if((fd = open("ut_dir", O_WRONLY)) != -1)
    fail("open of a directory write-only returned %d", fd);
  putfile("ut_dir/f", "dirdata", 7);

  pid = spawn();
  if(pid == 0){   // chdir in a child; it reports by creating ut_dir/sub/ok
    if(chdir("ut_dir") != 0)
      fail("chdir(ut_dir) failed");
    if(getfile("f", scratch, 7) != 7 || getfile("../ut_dir/f", scratch, 7) != 7)
      fail("cannot read f relative to the new working directory");
    if(mkdir("sub") != 0 || chdir("sub") != 0)
      fail("mkdir and chdir into sub failed");
    if(getfile("../../ut_dir/f", scratch, 7) != 7)
      fail("cannot read ../../ut_dir/f from ut_dir/sub");
    putfile("ok", "", 0);
    exit();
  }
  reap(pid);
  if(stat("ut_dir/sub/ok", &st) < 0)
    fail("the child working in ut_dir/sub did not finish");
  unlink("ut_dir/sub/ok");

  if((r = chdir("ut_dir/f")) != -1)
    fail("chdir to a file returned %d", r);
  if((r = chdir("ut_nosuchdir")) != -1)
    fail("chdir to a missing directory returned %d", r);
  if((r = unlink("ut_dir")) != -1)
    fail("unlink of a non-empty directory returned %d", r);
  if((r = unlink("ut_dir/.")) != -1)
    fail("unlink of ut_dir/. returned %d", r);
  if((r = unlink("ut_dir/..")) != -1)
    fail("unlink of ut_dir/.. returned %d", r);
  if((r = mkdir("ut_dir/f/x")) != -1)
    fail("mkdir under a file returned %d", r);
  if((r = open("ut_dir/f/x", O_CREATE|O_RDWR)) != -1)
    fail("creating a file under a file returned %d", r);
  if(stat("/", &root) < 0 || stat("/..", &st) < 0 || st.ino != root.ino)
    fail("/.. is not the root directory");
  if(stat(".", &root) < 0 || stat("ut_dir/..", &st) < 0 || st.ino != root.ino)
    fail("ut_dir/.. is not the directory that holds ut_dir");
  if(stat("ut_dir/sub/../../ut_dir/./f", &st) < 0 || st.type != T_FILE)
    fail("cannot walk ut_dir/sub/../../ut_dir/./f");

  if(unlink("ut_dir/sub") != 0 || unlink("ut_dir/f") != 0)
    fail("emptying ut_dir failed");
  if(unlink("ut_dir") != 0)
    fail("unlink of the now empty ut_dir failed");
  if(open("ut_dir", O_RDONLY) >= 0)
    fail("ut_dir still exists after unlink");
}

// A name may use all DIRSIZ (14) bytes; a longer one is cut to 14 and so names the same file.
void
test_dirsiz(void)
{
  static char name13[] = "ut_abcdefghij", name14[] = "ut_abcdefghijk",
              name15[] = "ut_abcdefghijkl", dname[] = "ut_dddddddddd/ut_ffffffffffff";
  struct stat st14, st;
  struct dirent de;
  int fd, found;

  unlink(name14);
  unlink(name13);
  unlink(dname);
  unlink("ut_dddddddddd");
  putfile(name14, "fourteen", 8);
  if(stat(name14, &st14) < 0)
    fail("cannot stat the file created as %s", name14);
  if(stat(name15, &st) < 0 || st.ino != st14.ino)
    fail("the 15-byte name %s does not refer to the 14-byte %s", name15, name14);
  if(stat(name13, &st) == 0)
    fail("the 13-byte prefix %s names a file", name13);

  // The directory entry holds all 14 bytes, with no room for a NUL.
  fd = open(".", O_RDONLY);
  found = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de))
    if(de.inum == st14.ino && memcmp(de.name, name14, DIRSIZ) == 0)
      found = 1;
  close(fd);
  if(!found)
    fail("no directory entry holds the 14 bytes of %s", name14);

  if(unlink(name15) != 0)
    fail("unlink by the 15-byte name failed");
  if(stat(name14, &st) == 0)
    fail("%s survived an unlink by its 15-byte name", name14);

  if(mkdir("ut_dddddddddd") != 0)
    fail("mkdir of a 13-byte name failed");
  putfile(dname, "x", 1);
  if(stat("ut_dddddddddd/ut_fffffffffff", &st) < 0)
    fail("the 15-byte name in a subdirectory was not cut to 14 bytes");
  if(unlink("ut_dddddddddd/ut_fffffffffff") != 0 || unlink("ut_dddddddddd") != 0)
    fail("cleaning up ut_dddddddddd failed");
}

// blockfill puts a pattern that names block b into buf.
static void
blockfill(char *buf, int b)
{
  pattern(buf, BSIZE, b * 7);
  buf[0] = b;
  buf[1] = b >> 8;
}

// A file can hold exactly MAXFILE blocks; one byte more is refused.
void
test_maxfile(void)
{
  char *buf, *got;
  int fd, b, r;

  buf = scratch;
  got = scratch + BSIZE;
  unlink("ut_max");
  fd = open("ut_max", O_CREATE|O_RDWR);
  if(fd < 0)
    fail("cannot create ut_max");
  for(b = 0; b < MAXFILE; b++){
    blockfill(buf, b);
    if((r = write(fd, buf, BSIZE)) != BSIZE)
      fail("writing block %d of MAXFILE=%d returned %d", b, MAXFILE, r);
  }
  if((r = write(fd, buf, BSIZE)) > 0)
    fail("writing a block past MAXFILE=%d returned %d, expected -1 or 0", MAXFILE, r);
  if((r = write(fd, buf, 1)) > 0)
    fail("writing one byte past MAXFILE=%d blocks returned %d", MAXFILE, r);
  checkstat(fd, "ut_max", T_FILE, MAXFILE*BSIZE, 1);
  close(fd);

  fd = open("ut_max", O_RDONLY);
  for(b = 0; b < MAXFILE; b++){
    blockfill(buf, b);
    if((r = readn(fd, got, BSIZE)) != BSIZE || memcmp(buf, got, BSIZE) != 0)
      fail("block %d read back wrong (read returned %d)", b, r);
  }
  if((r = read(fd, got, BSIZE)) != 0)
    fail("read past the end of a MAXFILE file returned %d", r);
  close(fd);
  unlink("ut_max");
}

// fullname writes "ut_full" and two digits of i into buf.
static void
fullname(char *buf, int i)
{
  strcpy(buf, "ut_fullNN");
  buf[7] = '0' + i / 10;
  buf[8] = '0' + i % 10;
}

// filldisk writes MAXFILE-block files until a write comes up short. Returns the blocks
// written and sets *nfiles to the files made. It writes FILLBLOCKS blocks a call (the
// kernel logs them a few at a time, which fills the disk about twice as fast as one
// block a call), and counts the blocks each file really holds with fstat, so a write
// that failed partway still counts what it wrote: a single lost block shows.
#define FILLBLOCKS 10
static int
filldisk(int *nfiles)
{
  char name[16];
  struct stat st;
  int i, fd, b, n, r, blocks, full;

  memset(scratch, 'D', FILLBLOCKS * BSIZE);
  blocks = 0;
  for(i = 0; i < 100; i++){
    fullname(name, i);
    fd = open(name, O_CREATE|O_WRONLY);
    if(fd < 0){   // no block left even for the directory entry
      if(i == 0)
        fail("cannot create %s", name);
      *nfiles = i;
      return blocks;
    }
    full = 0;
    for(b = 0; b < MAXFILE && !full; b += n){
      n = MAXFILE - b < FILLBLOCKS ? MAXFILE - b : FILLBLOCKS;
      r = write(fd, scratch, n * BSIZE);
      if(r != n * BSIZE){
        if(r < -1 || r >= n * BSIZE)
          fail("a write to a full disk returned %d", r);
        full = 1;
      }
    }
    if(fstat(fd, &st) < 0 || st.size % BSIZE != 0)
      fail("fstat of %s: size %d is not whole blocks", name, st.size);
    blocks += st.size / BSIZE;
    close(fd);
    if(full){
      *nfiles = i + 1;
      return blocks;
    }
  }
  fail("wrote %d files of MAXFILE blocks (%d blocks) and the disk is still not full",
       i, blocks);
}

// unlinknamed removes the n files nameof(buf, 0..n-1) names; a failed unlink fails the test.
static void
unlinknamed(void (*nameof)(char*, int), int n)
{
  char name[16];
  int i;

  for(i = 0; i < n; i++){
    nameof(name, i);
    if(unlink(name) != 0)
      fail("unlink(%s) failed", name);
  }
}

// Writing until the disk is full fails cleanly; deleting the files gives every block back.
void
test_diskfull(void)
{
  int n1, n2, f1, f2;

  n1 = filldisk(&f1);
  if(n1 < FSSIZE / 4)
    fail("the disk was full after %d blocks; FSSIZE is %d", n1, FSSIZE);
  unlinknamed(fullname, f1);
  n2 = filldisk(&f2);
  unlinknamed(fullname, f2);
  if(n2 < n1 - 1 || n2 > n1 + 1)
    fail("the first fill took %d blocks, the second %d: blocks were lost", n1, n2);
  pattern(scratch, 4096, 9);
  putfile("ut_full00", scratch, 4096);
  if(getfile("ut_full00", scratch + 4096, 4096) != 4096 ||
     memcmp(scratch, scratch + 4096, 4096) != 0)
    fail("a file written after the disk was emptied reads back wrong");
  unlink("ut_full00");
}

static void
inodename(char *buf, int i)
{
  strcpy(buf, "ut_iNNN");
  buf[4] = '0' + i / 100;
  buf[5] = '0' + i / 10 % 10;
  buf[6] = '0' + i % 10;
}

// fillinodes creates empty files until open(O_CREATE) fails; returns how many.
static int
fillinodes(void)
{
  char name[16];
  int i, fd;

  for(i = 0; i < NINODES + 10; i++){
    inodename(name, i);
    fd = open(name, O_CREATE|O_RDWR);
    if(fd < 0)
      break;
    close(fd);
  }
  if(i == NINODES + 10)
    fail("created %d files with only NINODES=%d inodes", i, NINODES);
  if(mkdir("ut_idir") != -1)
    fail("mkdir succeeded after open(O_CREATE) ran out of inodes");
  if(open(name, O_RDONLY) >= 0)
    fail("the open(O_CREATE) that failed left %s behind", name);
  return i;
}


// Creating files until the inodes run out fails cleanly, and deleting them frees every inode.
void
test_inodes(void)
{
  int n1, n2;

  n1 = fillinodes();
  unlinknamed(inodename, n1);
  if(n1 < NINODES / 2)
    fail("ran out of inodes after %d files; NINODES is %d", n1, NINODES);
  n2 = fillinodes();
  unlinknamed(inodename, n2);
  if(n2 != n1)
    fail("the first fill made %d files, the second %d: inodes were lost", n1, n2);
}

// ccname names the i-th file ("ut_ccI") or directory ("ut_cdI") of test_concreate.
static void
ccname(char *buf, int dir, int i)
{
  strcpy(buf, "ut_ccN");
  buf[4] = dir ? 'd' : 'c';
  buf[5] = '0' + i;
}

// ccscan checks the root directory's ut_cc / ut_cd entries: each names a distinct file or
// directory of the right type. Returns how many there are.
static int
ccscan(void)
{
  struct dirent de;
  struct stat st;
  char name[DIRSIZ+1];
  int fd, n, bit, seen;

  fd = open(".", O_RDONLY);
  if(fd < 0)
    fail("cannot open the root directory");
  n = seen = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0 || memcmp(de.name, "ut_c", 4) != 0)
      continue;
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    if(strlen(name) != 6 || (name[4] != 'c' && name[4] != 'd') || name[5] < '0' ||
       name[5] > '7')
      fail("the directory holds an unexpected entry \"%s\"", name);
    bit = 1 << ((name[5] - '0') + (name[4] == 'd' ? 8 : 0));
    if(seen & bit)
      fail("the directory holds two entries named %s", name);
    seen |= bit;
    if(stat(name, &st) < 0)
      fail("entry %s (inode %d) cannot be opened", name, de.inum);
    if(st.ino != de.inum || st.type != (name[4] == 'd' ? T_DIR : T_FILE))
      fail("entry %s: inode %d type %d, but the entry says inode %d", name, st.ino,
           st.type, de.inum);
    n++;
  }
  close(fd);
  return n;
}

// Several processes create and delete the same names at once; the directory stays sane.
void
test_concreate(void)
{
  char name[DIRSIZ+1];
  int pids[6], i, k, fd, n;

  for(i = 0; i < 8; i++){
    ccname(name, 0, i);
    unlink(name);
    ccname(name, 1, i);
    unlink(name);
  }
  for(k = 0; k < 6; k++){
    pids[k] = spawn();
    if(pids[k] != 0)
      continue;
    for(i = 0; i < 40; i++){
      ccname(name, k >= 4, (i*3 + k) % 8);
      if(k >= 4){   // two children make and remove directories
        if(mkdir(name) < 0)
          unlink(name);
      } else if((i + k) % 3 == 0){
        unlink(name);
      } else if((fd = open(name, O_CREATE|O_RDWR)) >= 0){
        write(fd, "z", 1);
        close(fd);
      }
    }
    exit();
  }
  reapall(pids, 6);
  ccscan();
  for(i = 0; i < 8; i++){
    ccname(name, 0, i);
    unlink(name);
    ccname(name, 1, i);
    unlink(name);
  }
  if((n = ccscan()) != 0)
    fail("%d ut_cc/ut_cd entries survived the cleanup", n);
}

// A descriptor shared by fork (or dup) has one offset: writes through both add up.
void
test_sharedoffset(void)
{
  char *buf;
  int fd, fd2, pid, i, k, n, np, nc;

  fd = open("ut_off", O_CREATE|O_RDWR|O_TRUNC);
  if(fd < 0)
    fail("cannot create ut_off");
  pid = spawn();
  for(i = 0; i < 100; i++)
    if(write(fd, pid == 0 ? "cccccccccc" : "pppppppppp", 10) != 10)
      fail("write of 10 bytes to the shared descriptor failed");
  if(pid == 0)
    exit();
  reap(pid);
  checkstat(fd, "ut_off after parent and child each wrote 1000 bytes", T_FILE, 2000, 1);
  fd2 = dup(fd);
  if(write(fd, "dup1", 4) != 4 || write(fd2, "dup2", 4) != 4)
    fail("writes through a dup'ed descriptor failed");
  checkstat(fd2, "ut_off after writes through dup'ed descriptors", T_FILE, 2008, 1);
  close(fd);
  close(fd2);

  buf = scratch;
  n = getfile("ut_off", buf, sizeof(scratch));
  if(n != 2008 || memcmp(buf + 2000, "dup1dup2", 8) != 0)
    fail("ut_off holds %d bytes, expected 2000 then dup1dup2", n);
  np = nc = 0;
  for(i = 0; i < 2000; i += 10){
    for(k = 1; k < 10; k++)
      if(buf[i+k] != buf[i])
        fail("the 10-byte write at offset %d was split or overwritten", i);
    np += buf[i] == 'p';
    nc += buf[i] == 'c';
  }
  if(np != 100 || nc != 100)
    fail("%d parent writes and %d child writes survived; expected 100 each", np, nc);
  unlink("ut_off");
}

// O_TRUNC empties a file as it is opened.
void
test_truncate(void)
{
  char buf[8];
  int fd, old, r;

  pattern(scratch, 5000, 3);
  putfile("ut_tr", scratch, 5000);
  old = open("ut_tr", O_RDONLY);
  fd = open("ut_tr", O_RDWR|O_TRUNC);
  if(fd < 0 || old < 0)
    fail("cannot open ut_tr");
  checkstat(fd, "ut_tr after O_TRUNC", T_FILE, 0, 1);
  if((r = read(fd, buf, 8)) != 0)
    fail("read of a truncated file returned %d", r);
  if((r = read(old, buf, 8)) != 0)
    fail("read through a descriptor opened before the truncation returned %d", r);
  if(write(fd, "abc", 3) != 3)
    fail("write after O_TRUNC failed");
  close(fd);
  close(old);
  if((r = getfile("ut_tr", scratch, 5000)) != 3 || memcmp(scratch, "abc", 3) != 0)
    fail("the truncated and rewritten file holds %d bytes, expected \"abc\"", r);
  unlink("ut_tr");
  fd = open("ut_tr", O_CREATE|O_RDWR|O_TRUNC);
  if(fd < 0)
    fail("open(O_CREATE|O_TRUNC) of a missing file failed");
  checkstat(fd, "a new file made with O_TRUNC", T_FILE, 0, 1);
  close(fd);
  unlink("ut_tr");
}

// A process can have NOFILE descriptors and no more; failed calls leak no descriptor.
void
test_nofile(void)
{
  int fds[NOFILE], n, fd, last, f0, p[2], i;

  putfile("ut_nf", "x", 1);
  last = -1;
  for(n = 0; ; n++){
    fd = open("ut_nf", O_RDONLY);
    if(fd < 0)
      break;
    if(n == NOFILE)
      fail("open returned fd %d beyond NOFILE=%d", fd, NOFILE);
    fds[n] = last = fd;
  }
  if(last != NOFILE - 1)
    fail("the last descriptor open returned was %d, expected %d", last, NOFILE - 1);
  if((fd = dup(0)) != -1)
    fail("dup with a full descriptor table returned %d", fd);
  f0 = freemem();
  if(pipe(p) != -1)
    fail("pipe with a full descriptor table succeeded");
  close(last);   // one free slot: still not enough for a pipe
  if(pipe(p) != -1)
    fail("pipe with one free descriptor succeeded");
  if(freemem() != f0)
    fail("refused pipe() calls changed free pages from %d to %d", f0, freemem());
  if((fd = open("ut_nf", O_RDONLY)) != last)
    fail("after closing fd %d, open returned %d", last, fd);
  for(i = 0; i < n; i++)
    close(fds[i]);
  unlink("ut_nf");
}

// nfileround has 12 children open files until open fails, and returns the total they
// got; it fails the test unless some child was stopped by the system-wide table.
static int
nfileround(void)
{
  int go[2], res[2], pids[12], k, rec[2], sum, full, n;
  char c;

  mkpipe(go);
  mkpipe(res);
  for(k = 0; k < 12; k++){
    pids[k] = spawn();
    if(pids[k] == 0){
      close(go[1]);
      close(res[0]);
      for(n = 0; open("ut_nf", O_RDONLY) >= 0; n++)
        ;
      rec[0] = n;
      rec[1] = dup(0) >= 0;   // room in this process's table: the system table is full
      write(res[1], rec, sizeof(rec));
      read(go[0], &c, 1);
      exit();
    }
  }
  close(res[1]);
  sum = full = 0;
  for(k = 0; k < 12; k++){
    if(readn(res[0], rec, sizeof(rec)) != sizeof(rec))
      fail("only %d of 12 children reported", k);
    sum += rec[0];
    full += rec[1];
  }
  close(res[0]);
  close(go[1]);
  close(go[0]);
  reapall(pids, 12);
  if(full == 0)
    fail("12 children opened %d files and none was stopped by the NFILE=%d table", sum, NFILE);
  if(sum > NFILE - 5 || sum < NFILE - 30)
    fail("12 children opened %d files in all with NFILE=%d", sum, NFILE);
  return sum;
}

// The system-wide file table (NFILE) runs out cleanly, and every entry comes back.
void
test_nfile(void)
{
  int n1, n2;

  putfile("ut_nf", "x", 1);
  n1 = nfileround();
  n2 = nfileround();
  unlink("ut_nf");
  if(n1 != n2)
    fail("the first round opened %d files, the second %d: table entries were lost", n1, n2);
}


// ---- the buffer cache -----------------------------------------------------------------

// Many processes read different, uncached blocks at the same moment, so each holds a
// buffer while it waits for the disk. The buffer cache must not run dry (the classic
// NBUF of 30 panics here with "bget: no buffers").
void
test_manyreaders(void)
{
  enum { N = 50 };
  int i, fd, pid, pids[N], go[2], res[2], ready[2], n, nopen, nread, ndata;
  char name[16], c;

  strcpy(name, "ut_rd00");
  for(i = 0; i < N; i++){
    name[5] = '0' + i / 10;
    name[6] = '0' + i % 10;
    if((fd = open(name, O_CREATE | O_RDWR)) < 0)
      fail("cannot create %s", name);
    memset(scratch, 'A' + i % 26, BSIZE);
    if(write(fd, scratch, BSIZE) != BSIZE)
      fail("cannot write %s", name);
    close(fd);
  }
  // Push those blocks out of a small cache by writing a big file after them: MAXFILE
  // blocks, or 2*NBUF if a file can hold more.
  if((fd = open("ut_rdbig", O_CREATE | O_RDWR)) < 0)
    fail("cannot create ut_rdbig");
  memset(scratch, 'z', BSIZE);
  for(i = 0; i < MAXFILE && i < 2 * NBUF; i++)
    if(write(fd, scratch, BSIZE) != BSIZE)
      fail("cannot write block %d of ut_rdbig", i);
  close(fd);
  unlink("ut_rdbig");
  mkpipe(go);
  mkpipe(res);
  mkpipe(ready);
  for(i = 0; i < N; i++){
    pid = spawn();
    if(pid == 0){
      close(go[1]);
      close(res[0]);
      close(ready[0]);
      name[5] = '0' + i / 10;
      name[6] = '0' + i % 10;
      fd = open(name, O_RDONLY);
      write(ready[1], "r", 1);      // all N files are open at once (N inodes in the cache)
      if(read(go[0], &c, 1) != 1)   // then everyone reads together
        exit();
      // Report 'k' (ok), 'o' (open failed), 'r' (short read) or 'd' (wrong data).
      if(fd < 0)
        c = 'o';
      else if(read(fd, scratch, BSIZE) != BSIZE)
        c = 'r';
      else if(scratch[0] != 'A' + i % 26 || scratch[BSIZE-1] != 'A' + i % 26)
        c = 'd';
      else
        c = 'k';
      write(res[1], &c, 1);
      exit();
    }
    pids[i] = pid;
  }
  close(go[0]);
  close(res[1]);
  close(ready[1]);
  if(readn(ready[0], scratch, N) != N)
    fail("not all %d readers got as far as opening their file", N);
  close(ready[0]);
  memset(scratch, 'g', N);
  if(write(go[1], scratch, N) != N)
    fail("could not start the readers");
  close(go[1]);
  n = nopen = nread = ndata = 0;
  while(read(res[0], &c, 1) == 1){
    n += (c == 'k');
    nopen += (c == 'o');
    nread += (c == 'r');
    ndata += (c == 'd');
  }
  close(res[0]);
  reapall(pids, N);
  for(i = 0; i < N; i++){
    name[5] = '0' + i / 10;
    name[6] = '0' + i % 10;
    unlink(name);
  }
  if(n != N)
    fail("%d of %d concurrent readers got their block back intact (%d could not open, "
         "%d read short, %d read wrong data)", n, N, nopen, nread, ndata);
}


// ---- removed directories --------------------------------------------------------------

// Lookups in a removed directory fail cleanly. A process whose current directory was
// removed (with its parent) cannot use its stale ".." entry, which names a freed inode;
// nor create anything there. Then one process keeps removing /ut_r/a/b while another walks
// through it: every call must simply succeed or fail.
void
test_removeddir(void)
{
  int pid, i, fd;

  if(mkdir("ut_ra") < 0 || mkdir("ut_ra/b") < 0 || chdir("ut_ra/b") < 0)
    fail("cannot make and enter ut_ra/b");
  if(unlink(CASEDIR "/ut_ra/b") < 0 || unlink(CASEDIR "/ut_ra") < 0)
    fail("cannot remove ut_ra/b and ut_ra");
  if(chdir("..") != -1)
    fail("chdir(\"..\") in a removed directory succeeded");
  if(open("..", O_RDONLY) != -1 || open(".", O_RDONLY) != -1)
    fail("open of \"..\" or \".\" in a removed directory succeeded");
  if((fd = open("ut_new", O_CREATE | O_RDWR)) != -1 || mkdir("ut_newdir") != -1)
    fail("a file or directory was created in a removed directory");
  if(chdir(CASEDIR) != 0)
    fail("chdir(\"%s\") from a removed directory failed", CASEDIR);

  unlink("ut_r/a/b");
  unlink("ut_r/a");
  unlink("ut_r");
  pid = spawn();
  if(pid == 0){
    for(i = 0; i < 150; i++){
      mkdir("ut_r");
      mkdir("ut_r/a");
      mkdir("ut_r/a/b");
      unlink("ut_r/a/b");
      unlink("ut_r/a");
      unlink("ut_r");
    }
    exit();
  }
  for(i = 0; i < 300; i++){
    if((fd = open("ut_r/a/b/../x", O_RDONLY)) >= 0)
      fail("open of ut_r/a/b/../x found a file that never existed");
    if(chdir("ut_r/a/b") == 0){
      chdir("../..");
      chdir(CASEDIR);
    }
  }
  reap(pid);
  unlink("ut_r/a/b");
  unlink("ut_r/a");
  unlink("ut_r");
}
