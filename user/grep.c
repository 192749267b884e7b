// grep.c: print the lines that match a pattern. The patterns are the small regular
// expressions of Kernighan and Pike's matcher: c . ^ $ and *.
// usage: grep [-c] PATTERN [FILE...]   (-c: print only how many lines match)
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"

static int matchat(char *re, char *text);

// matchstar: does c* followed by re match at the start of text? Tries the shortest
// run of c first; any run works for a yes/no answer.
static int
matchstar(int c, char *re, char *text)
{
  for(;;){
    if(matchat(re, text))
      return 1;
    if(*text == 0 || (c != '.' && *text != c))
      return 0;
    text++;
  }
}

// matchat: does re match a prefix of text?
static int
matchat(char *re, char *text)
{
  for(;;){
    if(re[0] == 0)
      return 1;
    if(re[1] == '*')
      return matchstar(re[0], re + 2, text);
    if(re[0] == '$' && re[1] == 0)
      return *text == 0;
    if(*text == 0 || (re[0] != '.' && re[0] != *text))
      return 0;
    re++;
    text++;
  }
}

// match: does re match anywhere in text?
static int
match(char *re, char *text)
{
  if(re[0] == '^')
    return matchat(re + 1, text);
  // Try every starting point, the empty tail of text included ("x*" matches "").
  for(;; text++){
    if(matchat(re, text))
      return 1;
    if(*text == 0)
      return 0;
  }
}

static char buf[1024];

// checkline tests one NUL-terminated line, printing it (after "prefix:" if prefix is
// not 0) when it matches, unless countonly. Returns 1 if it matched.
static int
checkline(char *re, char *line, char *prefix, int countonly)
{
  if(!match(re, line))
    return 0;
  if(!countonly){
    if(prefix)
      printf(1, "%s:%s\n", prefix, line);
    else
      printf(1, "%s\n", line);
  }
  return 1;
}

// grepfd runs the pattern over every line read from fd and returns how many lines
// matched. A line longer than buf is taken in buf-sized pieces.
static int
grepfd(char *re, int fd, char *prefix, int countonly)
{
  int n = 0, r, count = 0;
  char *line, *nl;

  for(;;){
    r = read(fd, buf + n, sizeof(buf) - 1 - n);
    if(r <= 0)
      break;
    n += r;
    buf[n] = 0;
    for(line = buf; (nl = strchr(line, '\n')) != 0; line = nl + 1){
      *nl = 0;
      count += checkline(re, line, prefix, countonly);
    }
    // Keep the unfinished line for the next read, unless it fills the buffer.
    n -= line - buf;
    memmove(buf, line, n);
    if(n == sizeof(buf) - 1){
      buf[n] = 0;
      count += checkline(re, buf, prefix, countonly);
      n = 0;
    }
  }
  if(n > 0){
    // The last line had no newline.
    buf[n] = 0;
    count += checkline(re, buf, prefix, countonly);
  }
  return count;
}

int
main(int argc, char *argv[])
{
  int i, fd, count, countonly = 0;
  char *re, *prefix;

  if(argc > 1 && strcmp(argv[1], "-c") == 0){
    countonly = 1;
    argv++;
    argc--;
  }
  if(argc < 2){
    printf(2, "usage: grep [-c] pattern [file ...]\n");
    exit();
  }
  re = argv[1];

  if(argc < 3){
    count = grepfd(re, 0, 0, countonly);
    if(countonly)
      printf(1, "%d\n", count);
    exit();
  }
  for(i = 2; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      printf(2, "grep: cannot open %s\n", argv[i]);
      continue;
    }
    // With several files, say which file each result came from.
    prefix = argc > 3 ? argv[i] : 0;
    count = grepfd(re, fd, prefix, countonly);
    if(countonly){
      if(prefix)
        printf(1, "%s:%d\n", prefix, count);
      else
        printf(1, "%d\n", count);
    }
    close(fd);
  }
  exit();
}
