// kbd.c: the PS/2 keyboard. Each interrupt means one or more scan-code bytes are waiting;
// kbdgetc turns them into characters for the console, tracking Shift, Ctrl and Caps Lock.

#include "types.h"
#include "defs.h"
#include "x86.h"
#include "kbd.h"

// Modifier state, kept across interrupts. Left and right keys are tracked apart so that
// letting go of one while the other is held keeps the modifier on.
#define LSHIFT 0x01
#define RSHIFT 0x02
#define LCTRL  0x04
#define RCTRL  0x08
#define CAPS   0x10     // toggled by each press of Caps Lock
#define E0SEEN 0x20     // the previous byte was the E0 prefix
#define SHIFT  (LSHIFT|RSHIFT)
#define CTRL   (LCTRL|RCTRL)

static uint mods;
static int skip;        // bytes of a Pause sequence still to swallow

// The next character typed: a byte for the console, 0 for a key event that types nothing
// (a release, a modifier, an arrow key), or -1 when the controller has nothing waiting.
static int
kbdgetc(void)
{
  uint st, sc, bit;
  int c, e0, up;

  st = inb(KBSTATP);
  if(!(st & KBS_DIB))
    return -1;
  sc = inb(KBDATAP);
  if(st & KBS_AUX)
    return 0;           // a mouse byte: not ours

  if(skip > 0){
    skip--;
    return 0;
  }
  if(sc == SC_E0){
    mods |= E0SEEN;
    return 0;
  }
  if(sc == SC_E1){
    skip = 2;           // E1 and two more bytes, twice: press and release of Pause
    return 0;
  }

  e0 = (mods & E0SEEN) != 0;
  mods &= ~E0SEEN;
  up = (sc & SC_RELEASE) != 0;
  sc &= ~SC_RELEASE;

  // Modifiers: held while down.
  bit = 0;
  switch(sc){
  case SC_LSHIFT:
    bit = e0 ? 0 : LSHIFT;  // ignore the fake shifts around extended keys
    break;
  case SC_RSHIFT:
    bit = e0 ? 0 : RSHIFT;
    break;
  case SC_LCTRL:
    bit = e0 ? RCTRL : LCTRL;
    break;
  case SC_CAPS:
    if(!up)
      mods ^= CAPS;
    return 0;
  }
  if(bit != 0){
    if(up)
      mods &= ~bit;
    else
      mods |= bit;
    return 0;
  }
  if(sc == SC_LSHIFT || sc == SC_RSHIFT || up)
    return 0;

  if(e0){
    // Of the extended keys, only the keypad's Enter and / type anything.
    if(sc == SC_KPENTER)
      return '\n';
    if(sc == SC_KPSLASH)
      return '/';
    return 0;
  }

  if(sc >= NELEM(plainmap))
    return 0;
  c = (mods & SHIFT) ? shiftmap[sc] : plainmap[sc];
  if(mods & CAPS){
    // Caps Lock inverts the case of letters only.
    if(c >= 'a' && c <= 'z')
      c += 'A' - 'a';
    else if(c >= 'A' && c <= 'Z')
      c += 'a' - 'A';
  }
  if((mods & CTRL) && c >= '@' && c < 0x7f)
    c &= 0x1f;          // Ctrl-A is 1, ..., Ctrl-Z is 26, Ctrl-[ is ESC
  return c;
}

// kbdintr: the keyboard interrupt handler; hands the typed characters to the console.
void
kbdintr(void)
{
  consoleintr(kbdgetc);
}
