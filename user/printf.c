// printf.c: formatted output to a file descriptor. The text is collected in a buffer
// and written in as few write() calls as possible, so that lines printed by
// concurrent processes do not interleave character by character.
#include "types.h"
#include "stat.h"
#include "user.h"

// No <stdarg.h> (we build with -nostdinc); these are the compiler's own varargs.
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type)   __builtin_va_arg(ap, type)
#define va_end(ap)         __builtin_va_end(ap)

// The output buffer for one printf call.
struct outbuf {
  int fd;
  int len;
  char data[128];
};

static void
flush(struct outbuf *o)
{
  if(o->len > 0)
    write(o->fd, o->data, o->len);
  o->len = 0;
}

static void
outc(struct outbuf *o, char c)
{
  if(o->len == sizeof(o->data))
    flush(o);
  o->data[o->len++] = c;
}

static void
outs(struct outbuf *o, const char *s)
{
  while(*s)
    outc(o, *s++);
}

// putnum prints x in the given base; if sign is set, x is really a signed int.
// minwidth pads with leading zeros (for %p).
static void
putnum(struct outbuf *o, uint x, int base, int sign, int minwidth)
{
  static const char digits[] = "0123456789abcdef";
  char tmp[16];
  int n = 0;

  if(sign && (int)x < 0){
    outc(o, '-');
    x = -x;   // unsigned negation: correct even for the most negative int
  }
  do {
    tmp[n++] = digits[x % base];
    x /= base;
  } while(x != 0);
  while(n < minwidth)
    tmp[n++] = '0';
  while(n > 0)
    outc(o, tmp[--n]);
}

// printf writes fmt to fd, replacing %d %u %x %p %s %c and %%. An unknown
// conversion is printed as it stands.
void
printf(int fd, const char *fmt, ...)
{
  struct outbuf o;
  va_list ap;
  const char *s;

  o.fd = fd;
  o.len = 0;
  va_start(ap, fmt);
  for(; *fmt; fmt++){
    if(*fmt != '%'){
      outc(&o, *fmt);
      continue;
    }
    fmt++;
    switch(*fmt){
    case 'd':
      putnum(&o, va_arg(ap, int), 10, 1, 0);
      break;
    case 'u':
      putnum(&o, va_arg(ap, uint), 10, 0, 0);
      break;
    case 'x':
      putnum(&o, va_arg(ap, uint), 16, 0, 0);
      break;
    case 'p':
      outs(&o, "0x");
      putnum(&o, (uint)va_arg(ap, void*), 16, 0, 8);
      break;
    case 's':
      s = va_arg(ap, const char*);
      outs(&o, s ? s : "(null)");
      break;
    case 'c':
      outc(&o, (char)va_arg(ap, int));
      break;
    case '%':
      outc(&o, '%');
      break;
    case 0:
      // A lone '%' at the very end: print it and stop.
      outc(&o, '%');
      fmt--;
      break;
    default:
      outc(&o, '%');
      outc(&o, *fmt);
      break;
    }
  }
  va_end(ap);
  flush(&o);
}
