// usertests: checks that the system calls behave the way the classic xv6 x86 programs
// expect, and that no case leaks a kernel resource. Every case runs in a child.
// usage: usertests [-q] [-l] [-c] [NAME...]
//   -q skips the slow cases, -l lists them, -c checks the leak checker (see below).
// main.c holds the runner and the one table of cases, tests[]; the cases live in one file
// per topic (proc.c, mem.c, args.c, exec.c, fs.c, pipe.c, regs.c, fuzz.c); usertests.h
// declares what they share.
#include "usertests.h"

int quick;              // -q: skip the slow tests and the slow parts of others
int reportfd = -1;      // write end of the pipe back to the runner
static int testpid = -1;   // the process that runs the current test's function

// ---- messages ------------------------------------------------------------------------
//
// Not user/printf.c: a failure reason must be formatted into a buffer, cut to MSGMAX bytes
// (the test process writes it into the report pipe, which holds 512 bytes and is read only
// once the test process has exited: a longer reason would block it for good), and kept on
// one line (a %s with a newline would break the "FAILED reason" line the harness parses).
// The library printf only writes to a descriptor, has no va_list entry point, and does
// neither.

// Where a formatted message is built; format() never writes past cap.
struct msgbuf {
  char *p;
  int len;
  int cap;
};

static void
msgputc(struct msgbuf *m, char c)
{
  if(m->len < m->cap - 1)
    m->p[m->len++] = c;
  m->p[m->len] = 0;
}

static void
msgputn(struct msgbuf *m, uint x, int base, int negative)
{
  char digits[12];
  int n = 0;

  if(negative){
    msgputc(m, '-');
    x = -x;
  }
  do {
    digits[n++] = "0123456789abcdef"[x % base];
    x /= base;
  } while(x != 0);
  while(n > 0)
    msgputc(m, digits[--n]);
}

// vformat writes fmt into buf (cap bytes, always NUL-terminated), understanding
// %d %u %x %s %c and %%, like the library printf.
void
vformat(char *buf, int cap, const char *fmt, va_list ap)
{
  struct msgbuf m;
  const char *s;
  int d;

  m.p = buf;
  m.len = 0;
  m.cap = cap;
  buf[0] = 0;
  for(; *fmt; fmt++){
    if(*fmt != '%' || fmt[1] == 0){
      msgputc(&m, *fmt);
      continue;
    }
    switch(*++fmt){
    case 'd':
      d = va_arg(ap, int);
      msgputn(&m, d, 10, d < 0);
      break;
    case 'u':
      msgputn(&m, va_arg(ap, uint), 10, 0);
      break;
    case 'x':
      msgputn(&m, va_arg(ap, uint), 16, 0);
      break;
    case 's':   // control characters would break the one-line result: show them as \n, ?
      for(s = va_arg(ap, const char*); s && *s; s++){
        if(*s == '\n'){
          msgputc(&m, '\\');
          msgputc(&m, 'n');
        } else
          msgputc(&m, (uchar)*s < ' ' ? '?' : *s);
      }
      break;
    case 'c':
      msgputc(&m, va_arg(ap, int));
      break;
    default:
      msgputc(&m, '%');
      msgputc(&m, *fmt);
      break;
    }
  }
}

void
format(char *buf, int cap, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vformat(buf, cap, fmt, ap);
  va_end(ap);
}

// fail ends the calling process. In the test's own process it first sends the reason to
// the runner, which prints it after "FAILED". A helper child cannot report; it prints
// the reason itself, and the test notices that the helper did not do its job.
void
fail(const char *fmt, ...)
{
  char msg[MSGMAX];
  va_list ap;

  msg[0] = 'F';
  va_start(ap, fmt);
  vformat(msg + 1, sizeof(msg) - 1, fmt, ap);
  va_end(ap);
  if(getpid() == testpid)
    write(reportfd, msg, strlen(msg));
  else
    printf(1, "\nusertests: helper pid %d: %s\n", getpid(), msg + 1);
  exit();
}


// ---- leak accounting -------------------------------------------------------------------
//
// Before each case the runner reads kstat() (kstat.h): free pages, free inodes and blocks on
// the disk, and the inode-cache, file-table and buffer-cache entries in use. After the case
// (and its children) have exited, every count must be back where it was: a case fails if
// it leaves even one inode, block, open file or buffer reference behind. Each case runs in
// a fresh directory, CASEDIR, which the runner removes afterwards, so the files a case
// makes (and the directory blocks they grow) go away with it; a case that leaves a file in
// CASEDIR fails. Orphans that init has not reaped yet still hold what they had: the runner
// waits up to SETTLE ticks for the counts to come back before it calls a leak.

// One counter of struct kstat: where it is, and how to name it in a message. A "free"
// counter leaks when it falls, an "in use" counter when it rises.
struct counter {
  int off;           // offset in struct kstat
  int isfree;        // 1: counts free things; 0: counts things in use
  char *what;        // what one of them is called
};

#define KOFF(f) ((int)(uint)&((struct kstat*)0)->f)

static struct counter counters[] = {
  { KOFF(freepages), 1, "page(s)" },
  { KOFF(freeinodes), 1, "inode(s) on disk" },
  { KOFF(freeblocks), 1, "block(s) on disk" },
  { KOFF(inodes), 0, "inode-cache entr(ies)" },
  { KOFF(files), 0, "open file(s)" },
  { KOFF(bufs), 0, "buffer(s) held" },
  { KOFF(bufrefs), 0, "buffer reference(s)" },
};
#define NCOUNTERS (sizeof(counters)/sizeof(counters[0]))

static int
kcount(struct kstat *k, int i)
{
  return *(int*)((char*)k + counters[i].off);
}

static void
kread(struct kstat *k)
{
  if(kstat(k) < 0)
    memset(k, 0, sizeof(*k));
}

// ksettle reads kstat into *now until it equals *want, for up to ticks clock ticks.
// Returns 1 if it does.
static int
ksettle(struct kstat *want, struct kstat *now, int ticks)
{
  kread(now);
  while(memcmp(now, want, sizeof(*now)) != 0 && ticks-- > 0){
    sleep(1);
    kread(now);
  }
  return memcmp(now, want, sizeof(*now)) == 0;
}

// kdiff describes in buf how *after differs from *before, one clause per counter that
// moved, e.g. "leaked 1 inode(s) on disk (free 180 before, 179 after)". Empty if none did.
static void
kdiff(struct kstat *before, struct kstat *after, char *buf, int cap)
{
  int i, b, a, len, lost;

  buf[0] = 0;
  for(i = 0; i < NCOUNTERS; i++){
    b = kcount(before, i);
    a = kcount(after, i);
    if(a == b)
      continue;
    lost = counters[i].isfree ? b - a : a - b;
    len = strlen(buf);
    format(buf + len, cap - len, "%s%s %d %s (%s %d before, %d after)", len ? "; " : "",
           lost > 0 ? "leaked" : "gave back", lost > 0 ? lost : -lost, counters[i].what,
           counters[i].isfree ? "free" : "in use", b, a);
  }
}

// ---- the runner ----------------------------------------------------------------------

static struct test tests[] = {
  { "forkwait", test_forkwait, 0 },
  { "orphan", test_orphan, 0 },
  { "zombies", test_zombies, 0 },
  { "zombieorphans", test_zombieorphans, 0 },
  { "killspin", test_killspin, 0 },
  { "killpipe", test_killpipe, 0 },
  { "killsleep", test_killsleep, 0 },
  { "killnone", test_killnone, 0 },
  { "killinit", test_killinit, 0 },
  { "killself", test_killself, 0 },
  { "forkfill", test_forkfill, 0 },
  { "forkbomb", test_forkbomb, 1 },
  { "preempt", test_preempt, 0 },
  { "manyexits", test_manyexits, 0 },
  { "sbrkbasic", test_sbrkbasic, 0 },
  { "sbrkgrow", test_sbrkgrow, 0 },
  { "sbrkshrink", test_sbrkshrink, 0 },
  { "sbrkfail", test_sbrkfail, 0 },
  { "memexhaust", test_memexhaust, 1 },
  { "stackguard", test_stackguard, 0 },
  { "stackoverflow", test_stackoverflow, 0 },
  { "textwrite", test_textwrite, 0 },
  { "kernelmem", test_kernelmem, 0 },
  { "nullptr", test_nullptr, 0 },
  { "privinstr", test_privinstr, 0 },
  { "userflags", test_userflags, 0 },
  { "badptrs", test_badptrs, 0 },
  { "readtext", test_readtext, 0 },
  { "badstrings", test_badstrings, 0 },
  { "badsp", test_badsp, 0 },
  { "execmaxarg", test_execmaxarg, 0 },
  { "exectoomany", test_exectoomany, 0 },
  { "execlongarg", test_execlongarg, 0 },
  { "execmissing", test_execmissing, 0 },
  { "execbadelf", test_execbadelf, 0 },
  { "filerw", test_filerw, 0 },
  { "linkunlink", test_linkunlink, 0 },
  { "unlinkopen", test_unlinkopen, 0 },
  { "dirs", test_dirs, 0 },
  { "dirsiz", test_dirsiz, 0 },
  { "maxfile", test_maxfile, MAXFILE > BIGMAXFILE },
  { "diskfull", test_diskfull, 1 },
  { "inodes", test_inodes, 1 },
  { "concreate", test_concreate, 0 },
  { "sharedoffset", test_sharedoffset, 0 },
  { "truncate", test_truncate, 0 },
  { "nofile", test_nofile, 0 },
  { "nfile", test_nfile, 0 },
  { "pipedata", test_pipedata, 0 },
  { "pipebroken", test_pipebroken, 0 },
  { "pipeeof", test_pipeeof, 0 },
  { "manyreaders", test_manyreaders, 0 },
  { "hostileregs", test_hostileregs, 0 },
  { "dirflag", test_dirflag, 0 },
  { "fpu", test_fpu, 0 },
  { "removeddir", test_removeddir, 0 },
  { "syscallfuzz", test_syscallfuzz, 0 },
};
#define NTESTS (sizeof(tests)/sizeof(tests[0]))

// runtest runs t in a child (in a fresh CASEDIR), with a watchdog child that kills it after
// its time limit, then checks that it leaked nothing. It puts the result, "OK" or "FAILED
// reason", in res (cap bytes) and returns 1 if the case passed.
static int
runtest(struct test *t, char *res, int cap)
{
  char msg[MSGMAX + 8], leak[MSGMAX], c;
  int rp[2], go[2], pid, dog, w, n, r, timedout, left;
  struct kstat before, after;

  kread(&before);
  if(mkdir(CASEDIR) < 0){
    format(res, cap, "FAILED cannot make the case directory %s", CASEDIR);
    return 0;
  }
  if(pipe(rp) < 0 || pipe(go) < 0){
    format(res, cap, "FAILED cannot make the report pipes");
    return 0;
  }
  pid = fork();
  if(pid < 0){
    format(res, cap, "FAILED cannot fork the test process");
    close(rp[0]);
    close(rp[1]);
    close(go[0]);
    close(go[1]);
    unlink(CASEDIR);
    return 0;
  }
  if(pid == 0){
    // Start only once the watchdog exists, so that its pages do not disappear in the
    // middle of a test that counts free pages.
    close(rp[0]);
    close(go[1]);
    read(go[0], &c, 1);
    close(go[0]);
    reportfd = rp[1];
    testpid = getpid();
    if(chdir(CASEDIR) < 0)
      fail("cannot enter the case directory %s", CASEDIR);
    t->fn();
    write(reportfd, "P", 1);
    exit();
  }
  dog = fork();
  if(dog == 0){
    close(rp[0]);
    close(rp[1]);
    close(go[0]);
    close(go[1]);
    sleep(t->slow ? SLOWLIMIT : TIMEOUT);
    kill(pid);
    exit();
  }
  close(go[0]);
  close(go[1]);   // the test process reads end of file and starts

  timedout = 0;
  w = wait();
  if(w == dog && dog > 0){
    timedout = 1;
    w = wait();
  } else if(dog > 0){
    kill(dog);
    wait();
  }

  // The test process has exited, so whatever it reported is already in the pipe; the
  // NUL written now marks the end of it, so the read below cannot block.
  write(rp[1], "", 1);
  n = 0;
  while(n < sizeof(msg) - 1 && (r = read(rp[0], msg + n, 1)) == 1 && msg[n] != 0)
    n++;
  msg[n] = 0;
  close(rp[0]);
  close(rp[1]);

  // A case that left anything in its directory fails; the counts below then show what
  // it left, and the directory is emptied afterwards so that the next case starts clean.
  left = unlink(CASEDIR) < 0;
  ksettle(&before, &after, SETTLE);
  kdiff(&before, &after, leak, sizeof(leak));
  if(left && (chdir(CASEDIR) < 0 || cleandir(0) != 0 || chdir("/") < 0 || unlink(CASEDIR) < 0))
    printf(1, "\nusertests: cannot remove %s after %s\n", CASEDIR, t->name);
  chdir("/");

  if(w != pid)
    format(res, cap, "FAILED wait returned %d, not the test process %d", w, pid);
  else if(timedout)
    format(res, cap, "FAILED timed out after %d ticks", t->slow ? SLOWLIMIT : TIMEOUT);
  else if(msg[0] == 'F' && leak[0])
    format(res, cap, "FAILED %s (and it %s)", msg + 1, leak);
  else if(msg[0] == 'F')
    format(res, cap, "FAILED %s", msg + 1);
  else if(msg[0] != 'P')
    format(res, cap, "FAILED the test process died without reporting (killed?)");
  else if(left)
    format(res, cap, "FAILED left files in %s: %s", CASEDIR, leak);
  else if(leak[0])
    format(res, cap, "FAILED case %s %s", t->name, leak);
  else {
    format(res, cap, "OK");
    return 1;
  }
  return 0;
}

// ---- checking the checker -----------------------------------------------------------------
//
// usertests -c runs cases that leak on purpose and passes only if the runner catches each
// leak and names the resource. It is how to see that the accounting above works.

// A file left outside the case directory: an inode and a block on the disk.
static void
leak_diskfile(void)
{
  putfile("/ut_leaked", "leak", 4);
}

// A child that holds an open file and outlives the case (it sleeps past SETTLE, then
// exits): a file-table entry and an inode-cache entry still in use when the runner looks.
static void
leak_openfile(void)
{
  int fd;

  fd = open("/README", O_RDONLY);
  if(fd < 0)
    fail("cannot open /README");
  if(spawn() == 0){
    close(reportfd);
    chdir("/");
    sleep(SETTLE * 3);
    exit();
  }
  close(fd);
}

static struct leaky {
  struct test t;
  char *expect[2];   // what the runner's verdict must name
} leaky[] = {
  { { "leakdiskfile", leak_diskfile, 0 }, { "1 inode(s) on disk", "1 block(s) on disk" } },
  { { "leakopenfile", leak_openfile, 0 }, { "1 open file(s)", "1 inode-cache entr(ies)" } },
};
#define NLEAKY (sizeof(leaky)/sizeof(leaky[0]))

// Does s contain t?
static int
contains(const char *s, const char *t)
{
  int n = strlen(t);

  for(; *s; s++)
    if(memcmp(s, t, n) == 0)
      return 1;
  return 0;
}

// Run the leaky cases; returns how many the runner failed to catch.
static int
checkchecker(void)
{
  char res[MSGMAX + 80];
  struct kstat k0, k1;
  int i, j, missed = 0, ok;

  for(i = 0; i < NLEAKY; i++){
    printf(1, "test %s: ", leaky[i].t.name);
    kread(&k0);
    ok = !runtest(&leaky[i].t, res, sizeof(res));
    for(j = 0; j < 2; j++)
      ok = ok && contains(res, leaky[i].expect[j]);
    // Undo the leak before the next case: remove the file, let the sleeper exit.
    unlink("/ut_leaked");
    ksettle(&k0, &k1, SETTLE * 4);
    if(ok)
      printf(1, "\nthe runner said: %s\nOK\n", res + strlen("FAILED "));
    else {
      printf(1, "FAILED the runner did not report \"%s\" and \"%s\"; it said: %s\n",
             leaky[i].expect[0], leaky[i].expect[1], res);
      missed++;
    }
  }
  return missed;
}

int
main(int argc, char *argv[])
{
  char res[MSGMAX + 80], leak[MSGMAX];
  struct kstat before, after;
  int i, j, named, failed, ran, check;

  named = check = 0;
  for(i = 1; i < argc; i++){
    if(strcmp(argv[i], "-q") == 0){
      quick = 1;
      continue;
    }
    if(strcmp(argv[i], "-c") == 0){
      check = 1;
      continue;
    }
    if(strcmp(argv[i], "-l") == 0){
      for(j = 0; j < NTESTS; j++)
        printf(1, "%s%s\n", tests[j].name, tests[j].slow ? " (slow)" : "");
      exit();
    }
    for(j = 0; j < NTESTS && strcmp(argv[i], tests[j].name) != 0; j++)
      ;
    if(j == NTESTS){
      printf(2, "usertests: no test named %s (usertests -l lists them)\n", argv[i]);
      exit();
    }
    named++;
  }

  printf(1, "usertests starting\n");
  // Remove what an interrupted run may have left, and make CASEDIR once, so that the root
  // directory already has room for its entry: a directory never shrinks, and a block it
  // grew by during the first case would count as that case's leak.
  chdir("/");
  if(chdir(CASEDIR) == 0){
    cleandir(0);
    chdir("/");
  }
  unlink(CASEDIR);
  if(mkdir(CASEDIR) == 0)
    unlink(CASEDIR);

  kread(&before);
  failed = ran = 0;
  if(check){
    failed = checkchecker();
    ran = NLEAKY;
  }
  for(i = 0; i < NTESTS && !check; i++){
    if(named){
      for(j = 1; j < argc && strcmp(argv[j], tests[i].name) != 0; j++)
        ;
      if(j == argc)
        continue;
    } else if(quick && tests[i].slow)
      continue;
    ran++;
    printf(1, "test %s: ", tests[i].name);
    if(!runtest(&tests[i], res, sizeof(res)))
      failed++;
    printf(1, "%s\n", res);
  }
  ksettle(&before, &after, SETTLE);
  kdiff(&before, &after, leak, sizeof(leak));
  printf(1, "usertests: free pages before %d after %d\n", before.freepages, after.freepages);
  if(leak[0])
    printf(1, "usertests: over the whole run: %s\n", leak);
  printf(1, "usertests: %d of %d tests failed\n", failed, ran);
  if(failed == 0 && !leak[0])
    printf(1, "ALL TESTS PASSED\n");
  else
    printf(1, "SOME TESTS FAILED\n");
  exit();
}
