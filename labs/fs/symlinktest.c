// symlinktest.c: the fs lab's checks of symbolic links: open follows them (also through
// other links), a missing target or a cycle makes open fail, O_NOFOLLOW opens the link
// itself, unlinking a link leaves its target, and links made and removed by several
// processes at once leave a consistent file system.
// usage: symlinktest basic | chain | dangling | cycle | nofollow | unlink | concurrent SEED
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "kstat.h"
#include "fs.h"
#include "user.h"

// The handout's values: the type fstat reports for a link opened with O_NOFOLLOW, and
// how many links in a row open must follow.
#define WANT_SYMLINK 4
#define WANT_DEPTH 10

static char *casename;
static int failed;
static uint seed;

static void
fail(char *what)
{
  printf(1, "%s: FAIL %s\n", casename, what);
  failed = 1;
}

static uint
rnd(void)
{
  seed = seed * 1103515245 + 12345;
  return seed >> 8;
}

// Make path a file holding the string s (replacing what it held). Returns 0 or -1.
static int
mkfile(char *path, char *s)
{
  int fd, n = strlen(s);

  unlink(path);
  if((fd = open(path, O_CREATE | O_WRONLY)) < 0)
    return -1;
  if(write(fd, s, n) != n){
    close(fd);
    return -1;
  }
  close(fd);
  return 0;
}

// Open path with the given flags and read what it holds into buf (at most n-1 bytes,
// NUL-terminated), and its fstat into *st. Returns the bytes read, or -1 if open fails.
static int
slurp(char *path, int flags, char *buf, int n, struct stat *st)
{
  int fd, r;

  buf[0] = '\0';
  if((fd = open(path, flags)) < 0)
    return -1;
  r = read(fd, buf, n - 1);
  if(r < 0)
    r = 0;
  buf[r] = '\0';
  if(st && fstat(fd, st) < 0)
    st->type = -1;
  close(fd);
  return r;
}

// Expect open(path) (following links) to give a regular file holding want.
static void
expectreads(char *path, char *want)
{
  char buf[64];
  struct stat st;

  if(slurp(path, O_RDONLY, buf, sizeof(buf), &st) < 0){
    printf(1, "%s: FAIL expected open(%s) to reach a file holding '%s', saw -1\n",
           casename, path, want);
    failed = 1;
  } else if(strcmp(buf, want) != 0 || st.type != T_FILE){
    printf(1, "%s: FAIL expected open(%s) to reach a file (type %d) holding '%s', "
           "saw type %d holding '%s'\n", casename, path, T_FILE, want, st.type, buf);
    failed = 1;
  }
}

// Expect open(path, flags) to return -1; why says what path is.
static void
expectnoopen(char *path, int flags, char *why)
{
  int fd = open(path, flags);

  if(fd >= 0){
    printf(1, "%s: FAIL expected open(%s) to return -1 (%s), saw %d\n", casename, path,
           why, fd);
    failed = 1;
    close(fd);
  }
}

static void
expectsymlink(char *target, char *path, int want)
{
  int r = symlink(target, path);

  if(r != want){
    printf(1, "%s: FAIL expected symlink(%s, %s) to return %d, saw %d\n", casename,
           target, path, want, r);
    failed = 1;
  }
}

static int
inumof(char *path)
{
  struct stat st;

  if(stat(path, &st) < 0)
    return -1;
  return st.ino;
}

// The kernel's counts that must come back after a case: inode-cache entries in use
// (each link followed is a reference that must be dropped), free inodes and free blocks.
static struct kstat before;

// Remove directory dir and everything in it (no subdirectories), if it exists.
static void
cleandir(char *dir)
{
  char path[32];
  struct dirent e;
  int fd, n = strlen(dir);

  if((fd = open(dir, O_RDONLY | O_NOFOLLOW)) < 0)
    return;
  strcpy(path, dir);
  path[n] = '/';
  while(read(fd, &e, sizeof(e)) == sizeof(e)){
    memmove(path + n + 1, e.name, DIRSIZ);
    path[n + 1 + DIRSIZ] = '\0';
    if(e.inum != 0 && strcmp(path + n + 1, ".") != 0 && strcmp(path + n + 1, "..") != 0)
      unlink(path);
  }
  close(fd);
  unlink(dir);
}

// Start a case in a new directory dir: everything it makes goes there.
static void
begin(char *dir)
{
  cleandir(dir);
  kstat(&before);
  if(mkdir(dir) < 0){
    printf(1, "%s: FAIL expected mkdir(%s) to work, saw -1\n", casename, dir);
    failed = 1;
  }
}

// End a case: remove dir, and expect the kernel's counts to be what they were.
static void
end(char *dir)
{
  struct kstat now;

  cleandir(dir);
  kstat(&now);
  if(now.inodes != before.inodes){
    printf(1, "%s: FAIL expected %d inode-cache entries in use after the case, as before "
           "it, saw %d (a reference not dropped?)\n", casename, before.inodes, now.inodes);
    failed = 1;
  }
  if(now.freeinodes != before.freeinodes || now.freeblocks != before.freeblocks){
    printf(1, "%s: FAIL expected %d free inodes and %d free blocks after removing "
           "everything the case made, saw %d and %d\n", casename, before.freeinodes,
           before.freeblocks, now.freeinodes, now.freeblocks);
    failed = 1;
  }
}

// A link to a file reads and writes the file; an existing name cannot become a link.
static void
basic(void)
{
  struct stat st;
  char buf[64];
  int fd;

  begin("/sl");
  if(mkfile("/sl/a", "apple") < 0){
    fail("cannot make /sl/a");
    return;
  }
  expectsymlink("/sl/a", "/sl/l", 0);
  expectreads("/sl/l", "apple");
  if(slurp("/sl/l", O_RDONLY, buf, sizeof(buf), &st) >= 0 && st.ino != inumof("/sl/a")){
    printf(1, "basic: FAIL expected open(/sl/l) to give inode %d (/sl/a), saw %d\n",
           inumof("/sl/a"), st.ino);
    failed = 1;
  }
  if((fd = open("/sl/l", O_WRONLY)) < 0 || write(fd, "APRICOT", 7) != 7)
    fail("expected to open /sl/l for writing and write 7 bytes, saw -1");
  if(fd >= 0)
    close(fd);
  expectreads("/sl/a", "APRICOT");
  if(slurp("/sl/a", O_RDONLY, buf, sizeof(buf), &st) >= 0 && st.nlink != 1){
    printf(1, "basic: FAIL expected /sl/a to keep 1 link (a symbolic link is not a "
           "directory entry for it), saw %d\n", st.nlink);
    failed = 1;
  }
  expectsymlink("/sl/a", "/sl/l", -1);   // the name exists
  expectsymlink("/elsewhere", "/sl/a", -1);
  expectsymlink("/sl/a", "/sl/nodir/l", -1);
  expectsymlink("", "/sl/e", -1);
  expectreads("/sl/a", "APRICOT");
  end("/sl");
  if(!failed)
    printf(1, "basic: ok\n");
}

static void
chainname(char *buf, int i)
{
  strcpy(buf, "/sc/NN");
  buf[4] = '0' + i / 10;
  buf[5] = '0' + i % 10;
}

// Links to links: WANT_DEPTH links in a row are followed, one more is refused.
static void
chain(void)
{
  char name[8], prev[8];
  int i;

  begin("/sc");
  if(mkfile("/sc/00", "cherry") < 0){
    fail("cannot make /sc/00");
    return;
  }
  for(i = 1; i <= WANT_DEPTH + 1; i++){
    chainname(prev, i - 1);
    chainname(name, i);
    expectsymlink(prev, name, 0);
  }
  expectreads("/sc/01", "cherry");
  expectreads("/sc/02", "cherry");
  chainname(name, WANT_DEPTH);
  expectreads(name, "cherry");   // WANT_DEPTH links, each naming the one before
  chainname(name, WANT_DEPTH + 1);
  expectnoopen(name, O_RDONLY, "one link more than the limit of 10 in a row");
  end("/sc");
  if(!failed)
    printf(1, "chain: ok\n");
}

// A link may name nothing; open then fails, and works once the target exists, reaching
// whatever file has the name at that moment.
static void
dangling(void)
{
  begin("/sd");
  expectsymlink("/sd/t", "/sd/l", 0);
  expectnoopen("/sd/l", O_RDONLY, "its target /sd/t does not exist");
  expectsymlink("/sd/nodir/x", "/sd/m", 0);
  expectnoopen("/sd/m", O_RDONLY, "its target's directory does not exist");
  if(mkfile("/sd/t", "date") < 0){
    fail("cannot make /sd/t");
    return;
  }
  expectreads("/sd/l", "date");
  unlink("/sd/t");
  expectnoopen("/sd/l", O_RDONLY, "its target /sd/t was removed");
  mkfile("/sd/t", "durian");
  expectreads("/sd/l", "durian");   // a new file under the old name
  end("/sd");
  if(!failed)
    printf(1, "dangling: ok\n");
}

// Links that lead back to themselves: open fails (it must not loop forever), and every
// link it followed is let go.
static void
cycle(void)
{
  begin("/sy");
  expectsymlink("/sy/b", "/sy/a", 0);
  expectsymlink("/sy/a", "/sy/b", 0);
  expectsymlink("/sy/s", "/sy/s", 0);
  expectsymlink("/sy/a", "/sy/c", 0);
  expectnoopen("/sy/a", O_RDONLY, "/sy/a -> /sy/b -> /sy/a is a cycle");
  expectnoopen("/sy/b", O_RDWR, "/sy/b -> /sy/a -> /sy/b is a cycle");
  expectnoopen("/sy/s", O_RDONLY, "/sy/s names itself");
  expectnoopen("/sy/c", O_RDONLY, "/sy/c leads into a cycle");
  // Breaking the cycle with a file makes the links work.
  unlink("/sy/b");
  mkfile("/sy/b", "elderberry");
  expectreads("/sy/a", "elderberry");
  expectreads("/sy/c", "elderberry");
  end("/sy");
  if(!failed)
    printf(1, "cycle: ok\n");
}

// Expect open(path, O_NOFOLLOW) to give the link itself, not the target whose inode
// number is target.
static void
expectlink(char *path, int target)
{
  char buf[64];
  struct stat st;

  if(slurp(path, O_RDONLY | O_NOFOLLOW, buf, sizeof(buf), &st) < 0){
    printf(1, "%s: FAIL expected open(%s, O_NOFOLLOW) to open the link itself, saw -1\n",
           casename, path);
    failed = 1;
  } else if(st.type != WANT_SYMLINK || (int)st.ino == target){
    printf(1, "%s: FAIL expected open(%s, O_NOFOLLOW) to give the link (type %d, not "
           "inode %d), saw type %d, inode %d\n", casename, path, WANT_SYMLINK, target,
           st.type, st.ino);
    failed = 1;
  }
}

// O_NOFOLLOW opens a link itself; on a file it is an ordinary open.
static void
nofollow(void)
{
  char buf[64];
  int f;

  begin("/sn");
  if(mkfile("/sn/f", "fig") < 0){
    fail("cannot make /sn/f");
    return;
  }
  f = inumof("/sn/f");
  expectsymlink("/sn/f", "/sn/l", 0);
  expectsymlink("/sn/l", "/sn/m", 0);
  expectsymlink("/sn/gone", "/sn/d", 0);
  expectlink("/sn/l", f);
  expectlink("/sn/m", f);   // the first link, not the one it names
  expectlink("/sn/d", -1);  // a dangling link opens too
  expectreads("/sn/m", "fig");
  if(slurp("/sn/f", O_RDONLY | O_NOFOLLOW, buf, sizeof(buf), 0) < 0 ||
     strcmp(buf, "fig") != 0){
    printf(1, "nofollow: FAIL expected open(/sn/f, O_NOFOLLOW) of a plain file to read "
           "'fig', saw '%s'\n", buf);
    failed = 1;
  }
  // Not graded: what reading the link gives (the target path, if stored as contents).
  slurp("/sn/l", O_RDONLY | O_NOFOLLOW, buf, sizeof(buf), 0);
  printf(1, "nofollow: reading /sn/l itself gives '%s'\n", buf);
  end("/sn");
  if(!failed)
    printf(1, "nofollow: ok\n");
}

// Removing a link leaves its target; removing the target leaves the link, dangling.
static void
unlinkcase(void)
{
  begin("/su");
  if(mkfile("/su/f", "grape") < 0){
    fail("cannot make /su/f");
    return;
  }
  expectsymlink("/su/f", "/su/l", 0);
  if(unlink("/su/l") != 0)
    fail("expected unlink(/su/l) to return 0, saw -1");
  expectreads("/su/f", "grape");
  expectnoopen("/su/l", O_RDONLY | O_NOFOLLOW, "the link was unlinked");
  expectsymlink("/su/f", "/su/l", 0);
  if(unlink("/su/f") != 0)
    fail("expected unlink(/su/f) to return 0, saw -1");
  expectnoopen("/su/l", O_RDONLY, "its target was unlinked");
  expectlink("/su/l", -1);
  if(unlink("/su/l") != 0)
    fail("expected unlink(/su/l) of a dangling link to return 0, saw -1");
  end("/su");   // the link's inode and block are free again
  if(!failed)
    printf(1, "unlink: ok\n");
}

#define NCHILD 4
#define NLINKS 6
#define NFILES 3
#define ITERS 1000

// One of the racing processes: random symlink, unlink, create and open calls on a few
// shared names. Whatever open reaches must be what the names can hold. Returns 0, or -1
// after printing what went wrong.
static int
racer(int id)
{
  char l[8], t[8], buf[16];
  struct stat st;
  int i, k, r;

  seed = seed * 31 + id * 7919 + 1;
  strcpy(l, "/sk/l0");
  for(i = 0; i < ITERS; i++){
    l[5] = '0' + rnd() % NLINKS;
    k = rnd() % (NLINKS + NFILES);
    strcpy(t, k < NLINKS ? "/sk/l0" : "/sk/f0");
    t[5] = '0' + (k < NLINKS ? k : k - NLINKS);
    switch(rnd() % 6){
    case 0:
      symlink(t, l);
      break;
    case 1:
      unlink(l);
      break;
    case 2:
      if(k >= NLINKS){
        unlink(t);
        mkfile(t, t + 4);   // "/sk/fK" holds "fK"
      }
      break;
    case 3:
      if(k >= NLINKS)
        unlink(t);
      break;
    case 4:
      r = slurp(l, O_RDONLY, buf, sizeof(buf), &st);
      if(r >= 0 && (st.type != T_FILE || (r != 0 && (r != 2 || buf[0] != 'f')))){
        printf(1, "concurrent: FAIL expected open(%s) to reach a file holding fN or "
               "nothing, saw type %d holding '%s'\n", l, st.type, buf);
        return -1;
      }
      break;
    case 5:
      r = slurp(l, O_RDONLY | O_NOFOLLOW, buf, sizeof(buf), &st);
      if(r >= 0 && st.type != WANT_SYMLINK){
        printf(1, "concurrent: FAIL expected open(%s, O_NOFOLLOW) to give a link (type "
               "%d), saw type %d\n", l, WANT_SYMLINK, st.type);
        return -1;
      }
      break;
    }
  }
  return 0;
}

// NCHILD processes make and remove links and files on the same names at once.
static void
concurrent(void)
{
  int p[2], i, pid, ok = 0, t0;
  char c;

  begin("/sk");
  if(pipe(p) < 0){
    fail("pipe failed");
    return;
  }
  t0 = uptime();
  for(i = 0; i < NCHILD; i++){
    pid = fork();
    if(pid < 0){
      fail("fork failed");
      break;
    }
    if(pid == 0){
      close(p[0]);
      c = racer(i) == 0 ? 'k' : 'x';
      write(p[1], &c, 1);
      exit();
    }
  }
  close(p[1]);
  while(read(p[0], &c, 1) == 1)
    ok += c == 'k';
  close(p[0]);
  while(wait() >= 0)
    ;
  if(ok != NCHILD){
    printf(1, "concurrent: FAIL expected all %d processes to finish their %d calls "
           "cleanly, saw %d\n", NCHILD, ITERS, ok);
    failed = 1;
  }
  printf(1, "concurrent: %d processes x %d calls in %d ticks\n", NCHILD, ITERS,
         uptime() - t0);
  end("/sk");
  if(!failed)
    printf(1, "concurrent: ok\n");
}

int
main(int argc, char *argv[])
{
  casename = argc >= 2 ? argv[1] : "";
  seed = argc >= 3 ? atoi(argv[2]) : 1;
  if(strcmp(casename, "basic") == 0)
    basic();
  else if(strcmp(casename, "chain") == 0)
    chain();
  else if(strcmp(casename, "dangling") == 0)
    dangling();
  else if(strcmp(casename, "cycle") == 0)
    cycle();
  else if(strcmp(casename, "nofollow") == 0)
    nofollow();
  else if(strcmp(casename, "unlink") == 0)
    unlinkcase();
  else if(strcmp(casename, "concurrent") == 0)
    concurrent();
  else
    printf(2, "usage: symlinktest basic|chain|dangling|cycle|nofollow|unlink|"
           "concurrent SEED\n");
  exit();
}
