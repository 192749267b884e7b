// crashwork.c: the fixed file-system workload of the crash test (test/42-crash.t, make
// crashtest), and the checker that judges what a crash left of it.
//   crashwork run K   arm a power cut at the K-th disk write (kdebug, DEBUGHOOKS kernels
//                     only), then run the workload, printing "crashwork: op N ok, W writes,
//                     K orphans" as each system call returns (W: disk writes so far; K:
//                     files or directories that are nameless but still open or the cwd);
//                     if no cut came, report the writes it made.
//   crashwork check   look at the files the workload touches and print which workload
//                     states (0 = before op 1, N = after op N) they match exactly.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"
#include "fs.h"
#include "kdebug.h"

// What one step of the workload does. Every step is a single system call, so the log
// makes it all-or-nothing; writes are at most one filewrite chunk (3 blocks) each.
enum { CREATE, OPENEND, WRITE, CLOSE, TRUNC, LINK, UNLINK, MKDIR, CHDIR };

struct op {
  int kind;
  char *path;    // CREATE, OPENEND, TRUNC, LINK (old name), UNLINK, MKDIR, CHDIR
  char *path2;   // LINK: the new name
  int n;         // WRITE: bytes, appended at the end of the open file
};

static struct op ops[] = {
  { CREATE, "cwfile" },
  { WRITE, 0, 0, 1536 },   // blocks 0-2
  { WRITE, 0, 0, 1536 },
  { WRITE, 0, 0, 1536 },
  { WRITE, 0, 0, 1536 },   // blocks 9-11: the direct blocks are full
  { WRITE, 0, 0, 1536 },   // blocks 12-14: allocates the indirect block
  { CLOSE },
  { OPENEND, "cwfile" },
  { WRITE, 0, 0, 700 },    // append, finishing block 14 and starting block 15
  { CLOSE },
  { LINK, "cwfile", "cwlink" },
  { UNLINK, "cwfile" },
  { MKDIR, "cwdir" },
  { LINK, "cwlink", "cwdir/moved" },   // rename cwlink to cwdir/moved: link, then unlink
  { UNLINK, "cwlink" },
  { TRUNC, "cwdir/moved" },
  { WRITE, 0, 0, 300 },
  { CLOSE },
  { CREATE, "cwtmp" },
  { WRITE, 0, 0, 1000 },
  { CLOSE },
  { UNLINK, "cwtmp" },    // frees the inode and its blocks
  // Orphans: a file unlinked while open and a directory removed while it is the cwd
  // keep their inodes until the last reference goes. A power cut in between leaves
  // them allocated with no name; the next boot frees them (ireclaim in fs.c).
  { CREATE, "cworphan" },
  { WRITE, 0, 0, 1536 },
  { UNLINK, "cworphan" },  // still open: the inode and its blocks stay
  { WRITE, 0, 0, 1536 },   // the nameless file grows
  { MKDIR, "cwgone" },
  { CHDIR, "cwgone" },
  { UNLINK, "/cwgone" },   // the cwd, removed: nlink 0, still referenced
  { CHDIR, "/" },          // the directory's last reference goes: freed
  { CLOSE },               // the file's last reference goes: freed
};
#define NOPS ((int)(sizeof(ops) / sizeof(ops[0])))

// ---- the model: what the file system holds after the first m steps ----------------------

// Names are relative to / (where the workload starts); a leading '/' is ignored.
#define NNAMES 7
static char *names[NNAMES] = { "cwfile", "cwlink", "cwdir", "cwdir/moved", "cwtmp",
                               "cworphan", "cwgone" };

// An object is a file or directory the workload made; several names may share one.
struct object {
  int type;      // 0 = gone, T_FILE or T_DIR
  int nlink;     // names in the workload's directories (files only)
  uint size;     // bytes (files only)
  int gen;       // bumped by each truncate: the content pattern changes with it
};

struct state {
  int named[NNAMES];       // object number (1..) each name refers to, 0 = no such name
  int cur;                 // the object the open descriptor refers to
  int isopen;              // is that descriptor open?
  int cwd;                 // the object that is the cwd, 0 for /
  int orphans;             // objects with no name that the open file or the cwd holds
  struct object obj[NOPS + 1];
};

// Byte i of object o's contents, generation gen. It differs from block to block and from
// file to file, so a block written to the wrong place is noticed.
static uchar
pattern(int o, int gen, uint i)
{
  return (i * 7 + (i / BSIZE) * 13 + o * 41 + gen * 101) & 0xFF;
}

static int
nameindex(char *path)
{
  int i;

  if(path[0] == '/')
    path++;
  for(i = 0; i < NNAMES; i++)
    if(strcmp(names[i], path) == 0)
      return i;
  printf(2, "crashwork: %s is not in names[]\n", path);
  exit();
}

// Apply the first m steps to an empty model.
static void
model(int m, struct state *s)
{
  int i, nobj = 0, n;
  struct op *p;

  memset(s, 0, sizeof(*s));
  for(i = 0; i < m; i++){
    p = &ops[i];
    switch(p->kind){
    case CREATE:
    case MKDIR:
      n = ++nobj;
      s->obj[n].type = p->kind == MKDIR ? T_DIR : T_FILE;
      s->obj[n].nlink = 1;
      s->named[nameindex(p->path)] = n;
      if(p->kind == CREATE){
        s->cur = n;
        s->isopen = 1;
      }
      break;
    case OPENEND:
      s->cur = s->named[nameindex(p->path)];
      s->isopen = 1;
      break;
    case TRUNC:
      s->cur = s->named[nameindex(p->path)];
      s->isopen = 1;
      s->obj[s->cur].size = 0;
      s->obj[s->cur].gen++;
      break;
    case WRITE:
      s->obj[s->cur].size += p->n;
      break;
    case CLOSE:
      if(s->obj[s->cur].type == 0)
        s->orphans--;
      s->isopen = 0;
      break;
    case CHDIR:
      if(s->cwd && s->obj[s->cwd].type == 0)
        s->orphans--;
      s->cwd = strcmp(p->path, "/") == 0 ? 0 : s->named[nameindex(p->path)];
      break;
    case LINK:
      n = s->named[nameindex(p->path)];
      s->named[nameindex(p->path2)] = n;
      s->obj[n].nlink++;
      break;
    case UNLINK:
      n = s->named[nameindex(p->path)];
      s->named[nameindex(p->path)] = 0;
      if(--s->obj[n].nlink == 0){
        s->obj[n].type = 0;
        if((s->isopen && n == s->cur) || n == s->cwd)
          s->orphans++;
      }
      break;
    }
  }
}

// ---- running the workload ----------------------------------------------------------------

static char buf[2048];

// Fill buf with n bytes of object o's contents (generation gen) from offset off on.
static void
fill(int o, int gen, uint off, int n)
{
  int i;

  for(i = 0; i < n; i++)
    buf[i] = pattern(o, gen, off + i);
}

// Do buf's first n bytes equal object o's contents (generation gen) at offset off?
static int
same(int o, int gen, uint off, int n)
{
  int i;

  for(i = 0; i < n; i++)
    if((uchar)buf[i] != pattern(o, gen, off + i))
      return 0;
  return 1;
}

static void
failed(int step, char *what)
{
  printf(1, "crashwork: op %d FAILED (%s)\n", step, what);
  exit();
}

static void
run(int k)
{
  struct state s;
  int i, fd = -1, o;
  struct op *p;

  if(kdebug(KDEBUG_CRASHAT, k) < 0){
    printf(1, "crashwork: kdebug refused; this kernel was built without DEBUGHOOKS=1\n");
    exit();
  }
  for(i = 0; i < NOPS; i++){
    p = &ops[i];
    model(i, &s);   // the state before this step: which object, how big
    switch(p->kind){
    case CREATE:
    case OPENEND:
    case TRUNC:
      fd = open(p->path, p->kind == CREATE ? O_CREATE|O_RDWR :
                         p->kind == TRUNC ? O_TRUNC|O_RDWR : O_RDWR);
      if(fd < 0)
        failed(i + 1, "open");
      if(p->kind == OPENEND){
        // No lseek here: reading to the end moves the offset there. Reads change nothing.
        while(read(fd, buf, sizeof(buf)) > 0)
          ;
      }
      break;
    case WRITE:
      o = s.cur;
      fill(o, s.obj[o].gen, s.obj[o].size, p->n);
      if(write(fd, buf, p->n) != p->n)
        failed(i + 1, "write");
      break;
    case CLOSE:
      if(close(fd) < 0)
        failed(i + 1, "close");
      fd = -1;
      break;
    case LINK:
      if(link(p->path, p->path2) < 0)
        failed(i + 1, "link");
      break;
    case UNLINK:
      if(unlink(p->path) < 0)
        failed(i + 1, "unlink");
      break;
    case MKDIR:
      if(mkdir(p->path) < 0)
        failed(i + 1, "mkdir");
      break;
    case CHDIR:
      if(chdir(p->path) < 0)
        failed(i + 1, "chdir");
      break;
    }
    // The disk writes so far: the tests pick cut points inside chosen ops with it.
    model(i + 1, &s);
    printf(1, "crashwork: op %d ok, %d writes, %d orphans\n", i + 1,
           kdebug(KDEBUG_CRASHAT, -1), s.orphans);
  }
  printf(1, "crashwork: all %d ops done, %d disk writes\n", NOPS, kdebug(KDEBUG_CRASHAT, 0));
}

// ---- checking what is on disk ------------------------------------------------------------

// What is there now, per name: the stat (type 0 if missing) and whether a file's contents
// match each object's pattern of each generation it could have.
struct seen {
  struct stat st[NNAMES];
  int ok[NNAMES][NOPS + 1][NOPS + 1];   // [name][object][gen]: contents match
};

static void
look(struct seen *v)
{
  int i, o, g, fd, n;
  uint off;

  memset(v, 0, sizeof(*v));
  for(i = 0; i < NNAMES; i++){
    if(stat(names[i], &v->st[i]) < 0){
      v->st[i].type = 0;
      continue;
    }
    if(v->st[i].type != T_FILE)
      continue;
    for(o = 1; o <= NOPS; o++)
      for(g = 0; g <= NOPS; g++)
        v->ok[i][o][g] = 1;
    if((fd = open(names[i], O_RDONLY)) < 0)
      continue;
    for(off = 0; (n = read(fd, buf, BSIZE)) > 0; off += n)
      for(o = 1; o <= NOPS; o++)
        for(g = 0; g <= NOPS; g++)
          if(v->ok[i][o][g] && !same(o, g, off, n))
            v->ok[i][o][g] = 0;
    close(fd);
  }
}

// Does what was seen equal model state m?
static int
matches(struct seen *v, int m)
{
  struct state s;
  struct object *ob;
  int i, j, o;

  model(m, &s);
  for(i = 0; i < NNAMES; i++){
    o = s.named[i];
    ob = &s.obj[o];
    if(o == 0 || ob->type == 0){
      if(v->st[i].type != 0)
        return 0;
      continue;
    }
    if(v->st[i].type != ob->type)
      return 0;
    for(j = 0; j < i; j++)   // two names of one object must be links to one inode
      if(s.named[j] == o && v->st[j].ino != v->st[i].ino)
        return 0;
    if(ob->type == T_FILE &&
       (v->st[i].size != ob->size || v->st[i].nlink != ob->nlink || !v->ok[i][o][ob->gen]))
      return 0;
  }
  return 1;
}

static struct seen seen;

static void
check(void)
{
  int m, any = 0, i;

  look(&seen);
  printf(1, "crashwork: check matches states");
  for(m = 0; m <= NOPS; m++)
    if(matches(&seen, m)){
      printf(1, " %d", m);
      any = 1;
    }
  printf(1, any ? "\n" : " none\n");
  for(i = 0; i < NNAMES; i++)
    printf(1, "crashwork: %s: type %d nlink %d size %d\n", names[i], seen.st[i].type,
           seen.st[i].nlink, seen.st[i].size);
}

int
main(int argc, char *argv[])
{
  if(argc == 3 && strcmp(argv[1], "run") == 0 && atoi(argv[2]) > 0)
    run(atoi(argv[2]));
  else if(argc == 2 && strcmp(argv[1], "check") == 0)
    check();
  else
    printf(2, "usage: crashwork run K | crashwork check\n");
  exit();
}
