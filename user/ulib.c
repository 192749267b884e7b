// ulib.c: the small C library every user program links with: string and memory
// helpers, line input (gets), stat by path, and atoi.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

char*
strcpy(char *dst, const char *src)
{
  char *d = dst;

  while((*d++ = *src++) != 0)
    ;
  return dst;
}

int
strcmp(const char *a, const char *b)
{
  while(*a && *a == *b){
    a++;
    b++;
  }
  return (uchar)*a - (uchar)*b;
}

uint
strlen(const char *s)
{
  uint n = 0;

  while(s[n])
    n++;
  return n;
}

// strchr returns a pointer to the first c in s, or 0 if s has none.
char*
strchr(const char *s, char c)
{
  for(; *s; s++)
    if(*s == c)
      return (char*)s;
  return 0;
}

// memset and memcpy use the string instructions directly: with -O2, gcc may turn a
// plain byte loop back into a call to memset or memcpy, which here would recurse.
void*
memset(void *dst, int c, uint n)
{
  void *d = dst;

  asm volatile("cld; rep stosb" : "+D" (d), "+c" (n) : "a" (c) : "memory", "cc");
  return dst;
}

void*
memcpy(void *dst, const void *src, uint n)
{
  void *d = dst;

  asm volatile("cld; rep movsb" : "+D" (d), "+S" (src), "+c" (n) : : "memory", "cc");
  return dst;
}

// memmove copies n bytes correctly even when the two ranges overlap.
void*
memmove(void *dst, const void *src, int n)
{
  char *d = dst;
  const char *s = src;

  if(n <= 0)
    return dst;
  if(d <= s || d >= s + n)
    return memcpy(dst, src, n);
  // dst overlaps the end of src: copy backwards, from the last byte down. (A plain
  // loop, not std/rep movsb: an interrupt taken with the direction flag set would
  // hand the kernel a backwards DF.)
  while(n-- > 0)
    d[n] = s[n];
  return dst;
}

int
memcmp(const void *a, const void *b, uint n)
{
  const uchar *p = a, *q = b;

  for(; n > 0; n--, p++, q++)
    if(*p != *q)
      return *p - *q;
  return 0;
}

// gets reads one line (up to and including '\n') from fd 0 into buf, storing at most
// max-1 characters and always a terminating NUL. At end of input buf is "".
char*
gets(char *buf, int max)
{
  int i = 0;
  char c;

  while(i + 1 < max){
    if(read(0, &c, 1) < 1)
      break;
    buf[i++] = c;
    if(c == '\n' || c == '\r')
      break;
  }
  buf[i] = 0;
  return buf;
}

// stat fills *st for the file named path. Returns 0, or -1 if path cannot be opened.
int
stat(const char *path, struct stat *st)
{
  int fd, r;

  fd = open(path, O_RDONLY);
  if(fd < 0)
    return -1;
  r = fstat(fd, st);
  close(fd);
  return r;
}

// atoi converts leading decimal digits (with an optional '-') to an int.
int
atoi(const char *s)
{
  int n = 0, neg = 0;

  while(*s == ' ' || *s == '\t')
    s++;
  if(*s == '-'){
    neg = 1;
    s++;
  }
  while(*s >= '0' && *s <= '9')
    n = n*10 + (*s++ - '0');
  return neg ? -n : n;
}
