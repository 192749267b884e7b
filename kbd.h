// kbd.h: the PS/2 keyboard controller's ports, and tables that turn scan codes
// (set 1, the set the controller translates to by default) into ASCII for a US
// keyboard. Only kbd.c uses it.
#ifndef XV6_KBD_H
#define XV6_KBD_H

#define KBSTATP   0x64    // controller status port
#define KBS_DIB   0x01    //   output buffer full: a byte is waiting at KBDATAP
#define KBS_AUX   0x20    //   that byte came from the mouse, not the keyboard
#define KBDATAP   0x60    // data port

// Scan-code bytes with a special meaning.
#define SC_RELEASE 0x80   // set in the code sent when a key goes up
// prefix: the next code is an extended key (arrows, right Ctrl, ...)
#define SC_E0      0xE0
#define SC_E1      0xE1   // prefix of the Pause key: E1 1D 45 E1 9D C5

// Codes of keys that change state rather than type (set 1, without prefix
// unless noted).
#define SC_LCTRL   0x1D   // E0 1D is the right Ctrl
// E0 2A is a "fake shift" some keyboards send around extended keys
#define SC_LSHIFT  0x2A
#define SC_RSHIFT  0x36
#define SC_CAPS    0x3A

// Extended codes that still type something.
#define SC_KPENTER 0x1C   // E0 1C: keypad Enter
#define SC_KPSLASH 0x35   // E0 35: keypad /

#define ESC 0x1B

// What each key types, indexed by scan code; 0 = nothing (modifiers, function
// keys). The keypad always gives digits, as with Num Lock on.
static const uchar plainmap[] = {
/* 0x00 */ 0,    ESC,  '1',  '2',  '3',  '4',  '5',  '6',
/* 0x08 */ '7',  '8',  '9',  '0',  '-',  '=',  '\b', '\t',
/* 0x10 */ 'q',  'w',  'e',  'r',  't',  'y',  'u',  'i',
/* 0x18 */ 'o',  'p',  '[',  ']',  '\n', 0,    'a',  's',
/* 0x20 */ 'd',  'f',  'g',  'h',  'j',  'k',  'l',  ';',
/* 0x28 */ '\'', '`',  0,    '\\', 'z',  'x',  'c',  'v',
/* 0x30 */ 'b',  'n',  'm',  ',',  '.',  '/',  0,    '*',
/* 0x38 */ 0,    ' ',  0,    0,    0,    0,    0,    0,
/* 0x40 */ 0,    0,    0,    0,    0,    0,    0,    '7',
/* 0x48 */ '8',  '9',  '-',  '4',  '5',  '6',  '+',  '1',
/* 0x50 */ '2',  '3',  '0',  '.',
};

// The same keys with Shift held.
static const uchar shiftmap[] = {
/* 0x00 */ 0,    ESC,  '!',  '@',  '#',  '$',  '%',  '^',
/* 0x08 */ '&',  '*',  '(',  ')',  '_',  '+',  '\b', '\t',
/* 0x10 */ 'Q',  'W',  'E',  'R',  'T',  'Y',  'U',  'I',
/* 0x18 */ 'O',  'P',  '{',  '}',  '\n', 0,    'A',  'S',
/* 0x20 */ 'D',  'F',  'G',  'H',  'J',  'K',  'L',  ':',
/* 0x28 */ '"',  '~',  0,    '|',  'Z',  'X',  'C',  'V',
/* 0x30 */ 'B',  'N',  'M',  '<',  '>',  '?',  0,    '*',
/* 0x38 */ 0,    ' ',  0,    0,    0,    0,    0,    0,
/* 0x40 */ 0,    0,    0,    0,    0,    0,    0,    '7',
/* 0x48 */ '8',  '9',  '-',  '4',  '5',  '6',  '+',  '1',
/* 0x50 */ '2',  '3',  '0',  '.',
};
#endif
