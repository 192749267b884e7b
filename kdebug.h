// kdebug.h: the operations of the test-only kdebug() system call (kdebug.c).
// They do something only in a kernel built with `make DEBUGHOOKS=1`; in a
// normal build kdebug() refuses every operation with -1.
#ifndef XV6_KDEBUG_H
#define XV6_KDEBUG_H
// dereference an unmapped kernel address (a kernel page fault)
#define KDEBUG_FAULT        1
// the same, while this CPU holds the console lock
#define KDEBUG_FAULT_CONS   2
// the same, from inside panic() (a fault while panicking)
#define KDEBUG_FAULT_PANIC  3
// check walkstack on made-up stacks; 0 if every check passes
#define KDEBUG_WALKTEST    4
// hold my next iput: arg KDEBUG_STALL_TOP at its top, KDEBUG_STALL_FREED
// after it marked the inode free; arg 0: is one held? arg 2: let it go
#define KDEBUG_IPUTSTALL   5
#define KDEBUG_STALL_TOP   1
#define KDEBUG_STALL_FREED 3
// power cut: stop the machine dead at disk write number arg
#define KDEBUG_CRASHAT     10
#endif
