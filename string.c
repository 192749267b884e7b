// string.c: the few C string and memory routines the kernel needs (there is no
// C library in the kernel). They behave like their C library namesakes except
// where a comment says.
#include "types.h"
#include "x86.h"

// Set n bytes at dst to the byte value c. Returns dst.
void*
memset(void *dst, int c, uint n)
{
  uint b = c & 0xFF;

  // Whole aligned words go four bytes at a time (the common case: zeroing a
  // page).
  if((uint)dst % 4 == 0 && n % 4 == 0)
    stosl(dst, b | b << 8 | b << 16 | b << 24, n / 4);
  else
    stosb(dst, c, n);
  return dst;
}

// Compare n bytes. Returns 0 if equal, else the difference of the first bytes
// that differ (as unsigned chars).
int
memcmp(const void *v1, const void *v2, uint n)
{
  const uchar *a = v1;
  const uchar *b = v2;
  uint i;

  for(i = 0; i < n; i++){
    if(a[i] != b[i])
      return a[i] - b[i];
  }
  return 0;
}

// Copy n bytes from src to dst; the two ranges may overlap. Returns dst.
void*
memmove(void *dst, const void *src, uint n)
{
  const char *from = src;
  char *to = dst;
  uint i;

  if(from < to && to < from + n){
    // dst overlaps the end of src: copying forwards would overwrite bytes of
    // src before they are read, so go from the last byte down.
    for(i = n; i > 0; i--)
      to[i-1] = from[i-1];
  } else {
    for(i = 0; i < n; i++)
      to[i] = from[i];
  }
  return dst;
}

// The compiler may call memcpy itself (for structure assignment), so it must
// exist.
void*
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

// Compare at most n characters, stopping after a NUL. Returns 0 if equal, else
// the difference of the first characters that differ (as unsigned chars).
int
strncmp(const char *p, const char *q, uint n)
{
  uint i;

  for(i = 0; i < n; i++){
    if(p[i] != q[i])
      return (uchar)p[i] - (uchar)q[i];
    if(p[i] == 0)
      break;
  }
  return 0;
}

// Copy src into the n bytes at dst, filling what is left after the string with
// NULs. As in the C library, dst is NOT terminated if src has n or more
// characters.
char*
strncpy(char *dst, const char *src, int n)
{
  int i;

  for(i = 0; i < n && src[i] != 0; i++)
    dst[i] = src[i];
  for(; i < n; i++)
    dst[i] = 0;
  return dst;
}

// Like strncpy, but dst always ends with a NUL (when n > 0): src is cut to n-1
// characters if need be. Returns dst.
char*
safestrcpy(char *dst, const char *src, int n)
{
  int i;

  if(n <= 0)
    return dst;
  for(i = 0; i < n - 1 && src[i] != 0; i++)
    dst[i] = src[i];
  dst[i] = 0;
  return dst;
}

// The number of characters before the terminating NUL.
int
strlen(const char *s)
{
  int n = 0;

  while(s[n] != 0)
    n++;
  return n;
}
