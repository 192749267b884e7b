// wc.c: count the lines, words and bytes in each named file, or in standard input.
// Prints "lines words bytes name".
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"

static char buf[512];

static int
isspace(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

// wc counts what fd holds and prints the totals under name.
static void
wc(int fd, char *name)
{
  int i, n, lines = 0, words = 0, bytes = 0, inword = 0;

  while((n = read(fd, buf, sizeof(buf))) > 0){
    bytes += n;
    for(i = 0; i < n; i++){
      if(buf[i] == '\n')
        lines++;
      // A word starts at each non-space that follows a space (or the start).
      if(isspace(buf[i]))
        inword = 0;
      else if(!inword){
        inword = 1;
        words++;
      }
    }
  }
  if(n < 0){
    printf(2, "wc: read error\n");
    exit();
  }
  printf(1, "%d %d %d %s\n", lines, words, bytes, name);
}

int
main(int argc, char *argv[])
{
  int i, fd;

  if(argc < 2){
    wc(0, "");
    exit();
  }
  for(i = 1; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      printf(2, "wc: cannot open %s\n", argv[i]);
      exit();
    }
    wc(fd, argv[i]);
    close(fd);
  }
  exit();
}
