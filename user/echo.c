// echo.c: print the arguments, separated by single spaces, and a newline.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(int argc, char *argv[])
{
  static char line[1024];
  int i, n = 0, len;

  // Build the whole line first so it reaches the output in one write().
  for(i = 1; i < argc; i++){
    len = strlen(argv[i]);
    if(n + len + 2 > sizeof(line)){
      // Too long for the buffer: flush what we have and carry on piecewise.
      write(1, line, n);
      n = 0;
      if(len + 2 > sizeof(line)){
        write(1, argv[i], len);
        len = 0;
      }
    }
    memmove(line + n, argv[i], len);
    n += len;
    line[n++] = (i + 1 < argc) ? ' ' : '\n';
  }
  if(argc < 2)
    line[n++] = '\n';
  write(1, line, n);
  exit();
}
