// console.c: the console. Kernel output (cprintf, panic) goes to the CGA text
// screen and to the serial port; keyboard and serial input is collected into
// lines, with simple editing, for user programs that read device CONSOLE.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "traps.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"

#define BACKSPACE 0x100        // consputc: erase left of the cursor
#define C(x)      ((x) - '@')  // the code Ctrl-x produces: C('D') is 4

// cons.lock keeps one CPU's output lines whole and protects `input` below.
// locking stays 0 until consoleinit: early boot runs on one CPU, before
// spinlocks can be trusted, and panic() clears it so that a CPU holding the
// lock can still report.
static struct {
  struct spinlock lock;
  int locking;
} cons;

// ---- output ----

// The CGA text buffer: 80x25 cells of (attribute << 8 | character), at physical
// 0xB8000.
#define CGA_COLS  80
#define CGA_ROWS  25
#define CGA_ATTR  0x0700       // light grey on black
static ushort *crt = (ushort*)P2V(0xB8000);

// The CRT controller's registers are reached through an index port (0x3D4) and
// a data port (0x3D5). Registers 14 and 15 hold the high and low byte of the
// cursor's cell number.
#define CRTPORT   0x3D4
#define CRT_CURHI 14
#define CRT_CURLO 15

static int
cgagetcursor(void)
{
  int pos;

  outb(CRTPORT, CRT_CURHI);
  pos = inb(CRTPORT+1) << 8;
  outb(CRTPORT, CRT_CURLO);
  pos |= inb(CRTPORT+1);
  return pos;
}

static void
cgasetcursor(int pos)
{
  outb(CRTPORT, CRT_CURHI);
  outb(CRTPORT+1, pos >> 8);
  outb(CRTPORT, CRT_CURLO);
  outb(CRTPORT+1, pos);
}

// Draw c at the cursor and advance it, scrolling when the cursor leaves the
// last row.
static void
cgaputc(int c)
{
  int pos, i;

  // The cursor is where the BIOS, or our last call, left it. Never trust it
  // blindly.
  pos = cgagetcursor();
  if(pos < 0 || pos >= CGA_ROWS*CGA_COLS)
    pos = (CGA_ROWS-1)*CGA_COLS;

  switch(c){
  case '\n':
    pos += CGA_COLS - pos%CGA_COLS;
    break;
  case '\r':
    pos -= pos%CGA_COLS;
    break;
  case '\t':
    pos = (pos + 8) & ~7;
    break;
  case '\b':
    if(pos > 0)
      pos--;
    break;
  case BACKSPACE:
    if(pos > 0)
      crt[--pos] = ' ' | CGA_ATTR;
    break;
  default:
    crt[pos++] = (c & 0xff) | CGA_ATTR;
  }

  if(pos >= CGA_ROWS*CGA_COLS){
    // Move rows 1..24 up by one and blank the last row.
    memmove(crt, crt + CGA_COLS, sizeof(crt[0]) * (CGA_ROWS-1)*CGA_COLS);
    pos -= CGA_COLS;
    for(i = (CGA_ROWS-1)*CGA_COLS; i < CGA_ROWS*CGA_COLS; i++)
      crt[i] = ' ' | CGA_ATTR;
  }

  cgasetcursor(pos);
}

// 1 while the last character sent was a newline (or nothing has been sent yet);
// panic uses it to start its report on a fresh line.
static int atlinestart = 1;

// Send one character to both screens. Caller holds cons.lock when locking is on
// (panic prints without it).
void
consputc(int c)
{
  if(otherpanicking())
    halt();   // another CPU is reporting a panic: leave its report alone

  if(c == BACKSPACE){
    // A serial terminal only moves its cursor on '\b'; overwrite the character
    // too.
    uartputc('\b');
    uartputc(' ');
    uartputc('\b');
  } else {
    uartputc(c);
  }
  cgaputc(c);
  atlinestart = (c == '\n');
}

static char digits[] = "0123456789abcdef";

// Print x in base, with a leading '-' if neg, padded on the left to width
// characters with pad ('0' or ' ').
static void
printint(uint x, int base, int neg, int width, int pad)
{
  char buf[12];
  int i = 0;

  do {
    buf[i++] = digits[x % base];
    x /= base;
  } while(x != 0);
  if(neg)
    buf[i++] = '-';
  for(; width > i; width--)
    consputc(pad);
  while(--i >= 0)
    consputc(buf[i]);
}

// One conversion in a cprintf format: %[0][width]verb.
struct fmtspec {
  int pad;      // what fills the width on the left: '0' or ' '
  int width;    // at least this many characters (numbers only)
  int verb;     // 'd', 'u', 'x', 'p', 's', 'c', '%', ...; 0 at the format's end
};

// Parse the conversion whose '%' is just before fmt into *sp. Returns the
// format's rest.
static char*
parsespec(char *fmt, struct fmtspec *sp)
{
  sp->pad = ' ';
  if(*fmt == '0'){
    sp->pad = '0';
    fmt++;
  }
  sp->width = 0;
  while(*fmt >= '0' && *fmt <= '9')
    sp->width = sp->width*10 + (*fmt++ - '0');
  sp->verb = *fmt & 0xff;
  if(sp->verb != 0)
    fmt++;
  return fmt;
}

// Print one conversion, taking its argument (if it has one) from *ap.
static void
printspec(struct fmtspec *sp, __builtin_va_list *ap)
{
  int d;
  uint p;
  char *s;

  switch(sp->verb){
  case 'd':
    d = __builtin_va_arg(*ap, int);
    // Negate in unsigned arithmetic so that the most negative int prints
    // correctly.
    printint(d < 0 ? -(uint)d : (uint)d, 10, d < 0, sp->width, sp->pad);
    break;
  case 'u':
    printint(__builtin_va_arg(*ap, uint), 10, 0, sp->width, sp->pad);
    break;
  case 'x':
    printint(__builtin_va_arg(*ap, uint), 16, 0, sp->width, sp->pad);
    break;
  case 'p':
    p = (uint)__builtin_va_arg(*ap, void*);
    consputc('0');
    consputc('x');
    for(d = 28; d >= 0; d -= 4)
      consputc(digits[(p >> d) & 0xf]);
    break;
  case 's':
    if((s = __builtin_va_arg(*ap, char*)) == 0)
      s = "(null)";
    for(; *s; s++)
      consputc(*s & 0xff);
    break;
  case 'c':
    consputc(__builtin_va_arg(*ap, int) & 0xff);
    break;
  case '%':
    consputc('%');
    break;
  default:
    consputc('%');
    consputc(sp->verb);
    break;
  }
}

// Print to the console. Verbs: %d (int), %u (unsigned), %x (hex, no 0x), each
// with an optional width and '0' flag (%08x), %p (a pointer: 0x and 8 hex
// digits), %s (a string; 0 prints "(null)"), %c and %%. An unknown verb is
// printed as is, % included. Safe to call from any CPU at any time (before
// consoleinit it assumes it is alone); after a panic it never returns.
void
cprintf(char *fmt, ...)
{
  __builtin_va_list ap;
  struct fmtspec spec;
  int locking;

  if(otherpanicking())
    halt();
  // A CPU that already holds the lock is reporting a bug inside the console
  // itself (acquire's "held twice" message about cons.lock, say): print without
  // taking it again.
  locking = cons.locking && !holding(&cons.lock);
  if(locking)
    acquire(&cons.lock);
  if(fmt == 0)
    fmt = "(null fmt)\n";

  __builtin_va_start(ap, fmt);
  while(*fmt){
    // Copy plain text up to the next verb.
    if(*fmt != '%'){
      consputc(*fmt++ & 0xff);
      continue;
    }
    fmt = parsespec(fmt + 1, &spec);
    if(spec.verb == 0)
      break;
    printspec(&spec, &ap);
  }
  __builtin_va_end(ap);

  if(locking)
    release(&cons.lock);
}

// For panicstart: from now on print without cons.lock (this CPU may hold it
// already, or another CPU may never release it), starting on a fresh line.
void
consolepanic(void)
{
  cons.locking = 0;
  if(!atlinestart)
    consputc('\n');
}

// ---- input ----

// Typed characters wait here, in a ring indexed by free-running counters (take
// them modulo INPUT_BUF). buf[r..w) is committed: whole lines, or a full
// buffer, that readers may take. buf[w..e) is the line still being edited,
// which backspace and Ctrl-U may erase. Protected by cons.lock.
#define INPUT_BUF 128
static struct {
  char buf[INPUT_BUF];
  uint r;   // next character consoleread takes
  uint w;   // end of committed input
  uint e;   // end of the line being edited
} input;

// Erase the last character of the line being edited, on the screen too. Returns
// 0 if the line was already empty (committed input can no longer be erased).
// Caller holds cons.lock.
static int
erasechar(void)
{
  if(input.e == input.w)
    return 0;
  input.e--;
  consputc(BACKSPACE);
  return 1;
}

// Append the typed character c to the line being edited and echo it. A newline,
// a Ctrl-D or a full buffer commits the line: readers may now take it. Caller
// holds cons.lock.
static void
typechar(int c)
{
  if(input.e - input.r >= INPUT_BUF)
    return;               // no room: drop it
  if(c == '\r')
    c = '\n';             // a serial terminal sends CR for the Enter key
  input.buf[input.e % INPUT_BUF] = c;
  input.e++;
  if(c != C('D'))
    consputc(c);          // Ctrl-D means end of file and is not shown
  if(c == '\n' || c == C('D') || input.e - input.r == INPUT_BUF){
    input.w = input.e;
    wakeup(&input.r);     // consoleread sleeps on &input.r
  }
}

// consoleintr: called by the keyboard and serial interrupt handlers with a
// function that returns the next received character, or -1 when there is none.
// Edits, echoes and commits input; wakes readers when a line is complete.
// Ctrl-P prints the process table.
void
consoleintr(int (*getc)(void))
{
  int c;
  int dump = 0;

  acquire(&cons.lock);
  while((c = getc()) >= 0){
    switch(c){
    case C('P'):
      // procdump takes no lock at all (it must work on a wedged machine);
      // it prints through cprintf like anyone else. Call it after letting
      // go of cons.lock, which guards only the editing of input here.
      dump = 1;
      break;
    case C('U'):          // kill the whole line being edited
      while(erasechar())
        ;
      break;
    case C('H'):
    case 0x7f:            // backspace; many terminals send DEL (0x7f) for it
      erasechar();
      break;
    case 0:               // a key that makes no character, such as Shift
      break;
    default:
      typechar(c);
      break;
    }
  }
  release(&cons.lock);

  if(dump)
    procdump();
}

// Read up to n bytes of console input into dst: one line (newline included), or
// what came before a Ctrl-D. A Ctrl-D at the start of a read gives 0, end of
// file. Sleeps until input is committed; returns -1 if the process is killed
// while it waits. The file layer calls with ip locked; the lock is dropped
// while sleeping so other users of ip are not stalled.
static int
consoleread(struct inode *ip, char *dst, int n)
{
  int got = 0;
  int c;

  iunlock(ip);
  acquire(&cons.lock);
  while(got < n){
    if(input.r == input.w){
      // Nothing committed to take. Return what this read already has (a full
      // buffer commits without a newline), or wait for typing.
      if(got > 0)
        break;
      if(myproc()->killed){
        got = -1;
        break;
      }
      sleep(&input.r, &cons.lock);
      continue;
    }
    c = input.buf[input.r % INPUT_BUF];
    if(c == C('D')){
      // End of file. If this read has bytes, return them and leave the Ctrl-D
      // for the next read, which then returns 0.
      if(got == 0)
        input.r++;
      break;
    }
    input.r++;
    dst[got] = c;
    got++;
    if(c == '\n')
      break;
  }
  release(&cons.lock);
  ilock(ip);
  return got;
}

// Write n bytes from src to the console (screen and serial port); returns n.
// Called with ip locked, like consoleread. Holding cons.lock keeps one write's
// bytes together.
static int
consolewrite(struct inode *ip, char *src, int n)
{
  int i;

  iunlock(ip);
  acquire(&cons.lock);
  for(i = 0; i < n; i++)
    consputc((uchar)src[i]);
  release(&cons.lock);
  ilock(ip);
  return n;
}

// Register the console as device CONSOLE, turn on output locking (call it
// before starting other CPUs), and route keyboard interrupts to CPU 0.
void
consoleinit(void)
{
  struct devsw *d = &devsw[CONSOLE];

  initlock(&cons.lock, "console");
  cons.locking = 1;     // from now on cprintf takes cons.lock
  d->read = consoleread;
  d->write = consolewrite;
  ioapicenable(IRQ_KBD, 0);   // the keyboard's interrupt goes to CPU 0
}
