// kbd.c: the PS/2 keyboard. Each interrupt means one or more scan-code bytes
// are waiting; kbdgetc turns them into characters for the console, tracking
// Shift, Ctrl and Caps Lock.

#include "types.h"
#include "defs.h"
#include "x86.h"
#include "kbd.h"

// Modifier state, kept across interrupts. Left and right keys are tracked apart
// so that letting go of one while the other is held keeps the modifier on.
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

// The modifier keys, and the bit of mods each one holds down while it is down
// (Caps Lock: flips on each press), without and with the E0 prefix. A bit of 0
// marks a code that is no key at all: the "fake shifts" some keyboards send
// around extended keys.
static const struct {
  uchar sc;       // scan code, release bit clear
  uchar bit;      // its bit of mods
  uchar e0bit;    // its bit of mods when the E0 prefix came first
} modkeys[] = {
  { SC_LSHIFT, LSHIFT, 0 },
  { SC_RSHIFT, RSHIFT, 0 },
  { SC_LCTRL,  LCTRL,  RCTRL },
  { SC_CAPS,   CAPS,   CAPS },
};
#define TOGGLES CAPS    // bits a press flips and a release leaves alone

// Of the extended (E0-prefixed) keys, the few that type something.
static const uchar e0map[] = {
  [SC_KPENTER] = '\n',
  [SC_KPSLASH] = '/',
};

// If sc is a modifier key, update mods for its press or release (up) and return
// 1. Returns 0 for any other key.
static int
modkey(uint sc, int e0, int up)
{
  uint bit;
  int i;

  for(i = 0; i < NELEM(modkeys); i++){
    if(modkeys[i].sc != sc)
      continue;
    bit = e0 ? modkeys[i].e0bit : modkeys[i].bit;
    if(bit & TOGGLES){
      if(!up)
        mods ^= bit;
    } else if(up)
      mods &= ~bit;
    else
      mods |= bit;
    return 1;
  }
  return 0;
}

// The character a key press types under the current modifiers, or 0 for none.
static int
keychar(uint sc, int e0)
{
  int c;

  if(e0)
    return sc < NELEM(e0map) ? e0map[sc] : 0;
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

// The next character typed: a byte for the console, 0 for a key event that
// types nothing (a release, a modifier, an arrow key), or -1 when the
// controller has nothing waiting.
static int
kbdgetc(void)
{
  uint st, sc;
  int e0, up;

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
    skip = 2;           // E1 and 2 more bytes, twice: Pause down and up
    return 0;
  }

  e0 = (mods & E0SEEN) != 0;
  mods &= ~E0SEEN;
  up = (sc & SC_RELEASE) != 0;
  sc &= ~SC_RELEASE;
  if(modkey(sc, e0, up) || up)
    return 0;
  return keychar(sc, e0);
}

// The keyboard interrupt handler: hands the typed characters to the console.
void
kbdintr(void)
{
  consoleintr(kbdgetc);
}
