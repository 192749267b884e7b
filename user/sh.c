// sh.c: the shell. Reads a line, parses it into a command tree (pipelines |,
// redirections < > >>, lists ;, background &, parentheses), and runs it.
// Built-ins: cd and exit.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"
#include "param.h"

#define LINESZ  512   // longest input line
#define NNODES  100   // command-tree nodes per line
#define MAXNEST  10   // deepest ( ... ) nesting; the user stack is small

// Command-tree node types.
#define EXEC   1   // run a program: argv
#define REDIR  2   // run sub with fd replaced by file opened with mode
#define PIPE   3   // run left | right
#define LIST   4   // run left, wait for it, then right
#define BACK   5   // run sub without waiting for it
#define GROUP  6   // run sub in a subshell: ( ... )

// One node. Which fields mean anything depends on type; the nodes live in a pool
// that is reset for every line, so nothing is ever freed.
struct cmd {
  int type;
  char *argv[MAXARG+1];   // EXEC: the words, 0-terminated
  int argc;
  struct cmd *sub;        // REDIR, BACK, GROUP
  char *file;             // REDIR
  int mode;               // REDIR: open() mode
  int fd;                 // REDIR: the fd it replaces
  int append;             // REDIR: >> (seek to the end before writing)
  struct cmd *left;       // PIPE, LIST
  struct cmd *right;
};

static struct cmd nodes[NNODES];
static int nnodes;

// The parser's state for one line. Words are copied, NUL-terminated and with
// their quotes removed, into words[]; a line of n bytes needs at most n+1, and
// gets() leaves lines shorter than LINESZ.
struct parser {
  char *p;                // next unread character of the line
  char words[LINESZ];
  char *wp;               // free space in words[]
  int err;                // set when the line does not parse
  int nest;               // parentheses open at this point
};

static void run(struct cmd *c);
static void runcmd(struct cmd *c) __attribute__((noreturn));
static struct cmd *parseline(struct parser *ps);

// ---- running ---------------------------------------------------------------------

static void
fatal(char *msg)
{
  printf(2, "sh: %s\n", msg);
  exit();
}

// forkorfail forks, and gives up (in the caller's process) if fork fails.
static int
forkorfail(void)
{
  int pid = fork();

  if(pid < 0)
    fatal("fork failed");
  return pid;
}

// waitfor waits until child pid has exited. Other children reaped meanwhile are
// dropped: the shell never needs their pids.
static void
waitfor(int pid)
{
  int w;

  while((w = wait()) >= 0 && w != pid)
    ;
}

// builtin runs c in this process if it is a built-in command, and says whether it was.
static int
builtin(struct cmd *c)
{
  char *dir;

  if(c->type != EXEC || c->argc == 0)
    return 0;
  if(strcmp(c->argv[0], "cd") == 0){
    dir = c->argc > 1 ? c->argv[1] : "/";
    if(chdir(dir) < 0)
      printf(2, "cannot cd %s\n", dir);
    return 1;
  }
  if(strcmp(c->argv[0], "exit") == 0)
    exit();
  return 0;
}

// run carries out c and returns once it is done (at once, for a background job).
// Lists and built-ins run in this process, so that "cd d; ls" lists d; everything
// else runs in a child.
static void
run(struct cmd *c)
{
  int pid;

  if(c == 0 || builtin(c))
    return;
  switch(c->type){
  case LIST:
    // Lists lean right (see parseline), so walk down the spine.
    for(; c->type == LIST; c = c->right)
      run(c->left);
    run(c);
    break;
  case BACK:
    // The child starts the job in a grandchild and exits at once. The job is
    // orphaned and init adopts it, so our wait() never waits for it.
    pid = forkorfail();
    if(pid == 0){
      if(forkorfail() == 0)
        runcmd(c->sub);
      exit();
    }
    waitfor(pid);
    break;
  default:
    pid = forkorfail();
    if(pid == 0)
      runcmd(c);
    waitfor(pid);
    break;
  }
}

// execpath execs argv, trying "/NAME" as well when NAME alone fails, so that the
// programs in the root directory still run after a cd. Returns only on failure.
static void
execpath(char **argv)
{
  char path[128];
  uint n;

  exec(argv[0], argv);
  n = strlen(argv[0]);
  if(argv[0][0] != '/' && n + 2 <= sizeof(path)){
    path[0] = '/';
    strcpy(path + 1, argv[0]);
    exec(path, argv);
  }
}

// redirect replaces c's fd with its file. On failure it reports and exits.
static void
redirect(struct cmd *c)
{
  char scratch[512];

  close(c->fd);
  if(open(c->file, c->mode) != c->fd){
    printf(2, "open %s failed\n", c->file);
    exit();
  }
  // No lseek: reach the end of the file for >> by reading through it.
  if(c->append)
    while(read(c->fd, scratch, sizeof(scratch)) > 0)
      ;
}

// runcmd carries out c in this process and exits; it is only called in a child.
// It loops rather than recursing down redirections and pipeline stages, so a long
// pipeline does not use up the (one-page) user stack.
static void
runcmd(struct cmd *c)
{
  int p[2];

  for(;;){
    if(c == 0)
      exit();
    switch(c->type){
    case EXEC:
      if(c->argc == 0 || builtin(c))
        exit();
      execpath(c->argv);
      printf(2, "exec %s failed\n", c->argv[0]);
      exit();

    case REDIR:
      redirect(c);
      c = c->sub;
      continue;

    case PIPE:
      if(pipe(p) < 0)
        fatal("pipe failed");
      if(forkorfail() == 0){
        // Left side: standard output into the pipe.
        close(1);
        dup(p[1]);
        close(p[0]);
        close(p[1]);
        runcmd(c->left);
      }
      if(forkorfail() == 0){
        // Right side (the rest of the pipeline): standard input from the pipe.
        close(0);
        dup(p[0]);
        close(p[0]);
        close(p[1]);
        c = c->right;
        continue;
      }
      // Close our ends, or the reader would never see end of file.
      close(p[0]);
      close(p[1]);
      wait();
      wait();
      exit();

    case GROUP:
      // We are already the subshell's process.
      run(c->sub);
      exit();

    default:   // LIST, BACK
      run(c);
      exit();
    }
  }
}

// ---- parsing ---------------------------------------------------------------------

static struct cmd*
newnode(struct parser *ps, int type)
{
  struct cmd *c;

  if(nnodes >= NNODES){
    ps->err = 1;
    printf(2, "sh: line too complex\n");
    nnodes = 0;   // reuse node 0 so we can keep going until the parse gives up
  }
  c = &nodes[nnodes++];
  memset(c, 0, sizeof(*c));
  c->type = type;
  return c;
}

static struct cmd*
pairnode(struct parser *ps, int type, struct cmd *left, struct cmd *right)
{
  struct cmd *c = newnode(ps, type);

  c->left = left;
  c->right = right;
  return c;
}

static struct cmd*
subnode(struct parser *ps, int type, struct cmd *sub)
{
  struct cmd *c = newnode(ps, type);

  c->sub = sub;
  return c;
}

static int
isspace(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

static int
issymbol(char c)
{
  return c != 0 && strchr("|;&()<>", c) != 0;
}

// peek skips blanks and says what comes next without consuming it: 0 at the end of
// the line, 'w' for a word, '+' for >>, or the symbol character itself.
static int
peek(struct parser *ps)
{
  while(isspace(*ps->p))
    ps->p++;
  if(*ps->p == 0)
    return 0;
  if(ps->p[0] == '>' && ps->p[1] == '>')
    return '+';
  if(issymbol(*ps->p))
    return *ps->p;
  return 'w';
}

// next consumes the token peek would report. For a word, *word (if word is not 0)
// is set to its copy.
static int
next(struct parser *ps, char **word)
{
  int tok = peek(ps);
  char quote = 0;

  if(tok == 0)
    return 0;
  if(tok != 'w'){
    ps->p += (tok == '+') ? 2 : 1;
    return tok;
  }
  // A word runs to a blank or symbol; inside '...' or "..." those are ordinary
  // characters and the quotes themselves are dropped.
  if(word)
    *word = ps->wp;
  for(; *ps->p; ps->p++){
    if(quote){
      if(*ps->p == quote)
        quote = 0;
      else
        *ps->wp++ = *ps->p;
    } else if(*ps->p == '"' || *ps->p == '\''){
      quote = *ps->p;
    } else if(isspace(*ps->p) || issymbol(*ps->p)){
      break;
    } else {
      *ps->wp++ = *ps->p;
    }
  }
  *ps->wp++ = 0;
  if(quote){
    printf(2, "sh: unmatched %c\n", quote);
    ps->err = 1;
  }
  return 'w';
}

static void
syntax(struct parser *ps)
{
  if(!ps->err)
    printf(2, "sh: syntax error\n");
  ps->err = 1;
}

// parseredirs reads any < FILE, > FILE and >> FILE that follow, and wraps c in them.
// They apply left to right, so with two for one fd the last one wins.
static struct cmd*
parseredirs(struct parser *ps, struct cmd *c, struct cmd **top, struct cmd **last)
{
  struct cmd *r;
  char *file;
  int tok;

  while((tok = peek(ps)) == '<' || tok == '>' || tok == '+'){
    next(ps, 0);
    if(next(ps, &file) != 'w'){
      syntax(ps);
      return c;
    }
    r = subnode(ps, REDIR, c);
    r->file = file;
    if(tok == '<'){
      r->fd = 0;
      r->mode = O_RDONLY;
    } else if(tok == '>'){
      r->fd = 1;
      r->mode = O_WRONLY | O_CREATE | O_TRUNC;
    } else {
      r->fd = 1;
      r->mode = O_RDWR | O_CREATE;
      r->append = 1;
    }
    // Hang r below the redirections already seen: the outermost runs first.
    if(*last)
      (*last)->sub = r;
    else
      *top = r;
    *last = r;
  }
  return *top ? *top : c;
}

// parseexec: a simple command (words and redirections in any order) or a
// parenthesised line followed by redirections. Returns 0 if there is nothing.
static struct cmd*
parseexec(struct parser *ps)
{
  struct cmd *c, *top = 0, *last = 0;
  char *word;

  if(peek(ps) == '('){
    next(ps, 0);
    if(++ps->nest > MAXNEST){
      if(!ps->err)
        printf(2, "sh: too many nested parentheses\n");
      ps->err = 1;
      return 0;
    }
    c = subnode(ps, GROUP, parseline(ps));
    ps->nest--;
    if(next(ps, 0) != ')')
      syntax(ps);
    c = parseredirs(ps, c, &top, &last);
    if(peek(ps) == 'w' || peek(ps) == '(')
      syntax(ps);
    return c;
  }

  c = newnode(ps, EXEC);
  for(;;){
    parseredirs(ps, c, &top, &last);
    if(peek(ps) != 'w')
      break;
    next(ps, &word);
    if(c->argc >= MAXARG){
      printf(2, "sh: too many arguments\n");
      ps->err = 1;
      break;
    }
    c->argv[c->argc++] = word;
  }
  c->argv[c->argc] = 0;
  if(c->argc == 0 && top == 0)
    return 0;
  return top ? top : c;
}

// parsepipe: exec [| exec]... The tree leans right: a | (b | c). It is built in a
// loop, not by recursion, to keep the stack shallow.
static struct cmd*
parsepipe(struct parser *ps)
{
  struct cmd *c, **tail, *stage;

  c = parseexec(ps);
  tail = &c;
  while(!ps->err && peek(ps) == '|'){
    next(ps, 0);
    stage = parseexec(ps);
    if(*tail == 0 || stage == 0){
      syntax(ps);
      return 0;
    }
    *tail = pairnode(ps, PIPE, *tail, stage);
    tail = &(*tail)->right;
  }
  return c;
}

// parseline: pipelines separated by ; or &, where & also puts the pipeline before
// it in the background. Empty items ("a;;b", a trailing ;) are skipped. Like pipes,
// the list leans right and is built in a loop.
static struct cmd*
parseline(struct parser *ps)
{
  struct cmd *c = 0, **tail = &c, *item;
  int tok;

  for(;;){
    item = parsepipe(ps);
    tok = peek(ps);
    if(tok == '&' || tok == ';')
      next(ps, 0);
    if(tok == '&'){
      if(item == 0){
        syntax(ps);
        return 0;
      }
      item = subnode(ps, BACK, item);
    }
    if(item != 0){
      if(*tail == 0){
        *tail = item;
      } else {
        *tail = pairnode(ps, LIST, *tail, item);
        tail = &(*tail)->right;
      }
    }
    if(ps->err || (tok != '&' && tok != ';'))
      return c;
  }
}

// parse turns line into a command tree, in ps. Returns 0 (after printing why) if
// the line has a syntax error, and also for a line with nothing to do.
static struct cmd*
parse(struct parser *ps, char *line)
{
  struct cmd *c;

  nnodes = 0;
  ps->p = line;
  ps->wp = ps->words;
  ps->err = 0;
  ps->nest = 0;
  c = parseline(ps);
  if(peek(ps) != 0)
    syntax(ps);   // a stray ')' or the like
  return ps->err ? 0 : c;
}

// ---- main loop -------------------------------------------------------------------

// getline prompts and reads one line into buf. Returns -1 at end of input.
static int
getline(char *buf, int size)
{
  char rest[64];
  int n;

  printf(2, "$ ");
  gets(buf, size);
  n = strlen(buf);
  if(n == 0)
    return -1;
  if(n == size - 1 && buf[n-1] != '\n'){
    // Too long: drop the rest of it rather than run its tail as a second line.
    do
      gets(rest, sizeof(rest));
    while(rest[0] != 0 && rest[strlen(rest)-1] != '\n');
    printf(2, "sh: line too long\n");
    buf[0] = 0;
  }
  return 0;
}

int
main(void)
{
  static char line[LINESZ];
  static struct parser ps;
  int fd;

  // Make sure fds 0, 1 and 2 are open, on the console if nothing else.
  while((fd = open("console", O_RDWR)) >= 0){
    if(fd >= 3){
      close(fd);
      break;
    }
  }

  while(getline(line, sizeof(line)) >= 0)
    run(parse(&ps, line));
  exit();
}
