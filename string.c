// string.c: the few C string and memory routines the kernel needs (there is no libc).
#include "types.h"
#include "x86.h"

void*
memset(void *dst, int c, uint n)
{
  if((uint)dst % 4 == 0 && n % 4 == 0){
    c &= 0xFF;
    stosl(dst, (c<<24)|(c<<16)|(c<<8)|c, n/4);
  } else
    stosb(dst, c, n);
  return dst;
}

int
memcmp(const void *v1, const void *v2, uint n)
{
  const uchar *a = v1, *b = v2;

  for(; n > 0; n--, a++, b++)
    if(*a != *b)
      return *a - *b;
  return 0;
}

// Copy n bytes; the ranges may overlap.
void*
memmove(void *dst, const void *src, uint n)
{
  const char *s = src;
  char *d = dst;

  if(s < d && s + n > d){
    // Overlap with the destination above: copy from the end backwards.
    s += n;
    d += n;
    while(n-- > 0)
      *--d = *--s;
  } else {
    while(n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

// GCC may emit calls to memcpy for structure copies.
void*
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

int
strncmp(const char *p, const char *q, uint n)
{
  for(; n > 0 && *p && *p == *q; n--, p++, q++)
    ;
  if(n == 0)
    return 0;
  return (uchar)*p - (uchar)*q;
}

// Copy at most n bytes; pad with NULs; like the C library, no NUL if src is too long.
char*
strncpy(char *s, const char *t, int n)
{
  char *os = s;

  while(n > 0 && (*s = *t) != 0){
    n--;
    s++;
    t++;
  }
  while(n-- > 1)
    *++s = 0;
  return os;
}

// Like strncpy, but the result always ends in a NUL (if n > 0).
char*
safestrcpy(char *s, const char *t, int n)
{
  char *os = s;

  if(n <= 0)
    return os;
  while(--n > 0 && (*s = *t) != 0){
    s++;
    t++;
  }
  *s = 0;
  return os;
}

int
strlen(const char *s)
{
  int n;

  for(n = 0; s[n]; n++)
    ;
  return n;
}
