// defs.h: the kernel's internal interface: every function (and the few
// variables) one kernel file uses from another, grouped by subsystem, each
// group naming its source file. The contracts are the comments above the
// definitions.
//
// Conventions of the kernel's .c files: a function's header comment is plain
// sentences on what it does and returns, without repeating its name;
// preconditions read "Caller holds X." (or "Caller has interrupts off.");
// sections open with "// ---- name ----"; lines are at most 80 columns;
// variables are declared at the top (no `for(int`).
#ifndef XV6_DEFS_H
#define XV6_DEFS_H

struct buf;
struct context;
struct file;
struct inode;
struct pipe;
struct proc;
struct sleeplock;
struct spinlock;
struct stat;
struct superblock;
struct trapframe;

// ---- locks ----

// spinlock.c: busy-waiting locks, and interrupt disabling that nests
void            initlock(struct spinlock *lk, char *name);
void            acquire(struct spinlock *lk);
void            release(struct spinlock *lk);
int             holding(struct spinlock *lk);
void            pushcli(void);
void            popcli(void);

// backtrace.c: call chains, read only inside this CPU's kernel stack
void            getcallerpcs(void *firstarg, uint *pcs);
int             kstackbounds(uint addr, uint *lo, uint *hi);
int             walkstack(uint fp, uint lo, uint hi, uint *pcs, int max);

// sleeplock.c: locks whose waiters sleep (held across disk I/O)
void            initsleeplock(struct sleeplock *lk, char *name);
void            acquiresleep(struct sleeplock *lk);
void            releasesleep(struct sleeplock *lk);
int             holdingsleep(struct sleeplock *lk);

// ---- memory ----

// kalloc.c: the physical page allocator
extern uint     phystop;
void            detectmem(void);
void            kinit1(void *vstart, void *vend);
void            kinit2(void *vstart, void *vend);
char*           kalloc(void);
void            kfree(char *page);
int             kfreecount(void);

// vm.c: segments and page tables
extern pde_t*   kpgdir;
void            seginit(void);
void            kvmalloc(void);
void            kvmcheck(pde_t *pgdir);
pde_t*          setupkvm(void);
void            switchkvm(void);
void            switchuvm(struct proc *p);
pte_t*          walkpgdir(pde_t *pgdir, const void *va, int alloc);
int             mappages(pde_t *pgdir, void *va, uint size, uint pa, int perm);
void            inituvm(pde_t *pgdir, char *init, uint sz);
int             loaduvm(pde_t *pgdir, char *addr, struct inode *ip,
                        uint offset, uint sz);
int             allocuvm(pde_t *pgdir, uint oldsz, uint newsz, int perm);
int             deallocuvm(pde_t *pgdir, uint oldsz, uint newsz);
pde_t*          copyuvm(pde_t *pgdir, uint sz);
void            freevm(pde_t *pgdir);
void            clearpteu(pde_t *pgdir, char *uva);
int             inrange(uint va, uint len, uint top);
char*           uva2ka(pde_t *pgdir, char *uva);
int             copyout(pde_t *pgdir, uint va, void *src, uint len);
int             uvmcheck(pde_t *pgdir, uint va, uint len, int writable);

// string.c: memory and string helpers (no C library in the kernel)
void*           memset(void *dst, int c, uint n);
int             memcmp(const void *a, const void *b, uint n);
void*           memmove(void *dst, const void *src, uint n);
void*           memcpy(void *dst, const void *src, uint n);
int             strlen(const char *s);
int             strncmp(const char *p, const char *q, uint n);
char*           strncpy(char *dst, const char *src, int n);
char*           safestrcpy(char *dst, const char *src, int n);

// ---- processes ----

// proc.c: process table, scheduler, sleep and wakeup
void            pinit(void);
int             cpuid(void);
struct cpu*     mycpu(void);
struct cpu*     thiscpu(void);
struct proc*    myproc(void);
void            userinit(void);
int             growproc(int n);
int             fork(void);
void            exit(void) __attribute__((noreturn));
int             wait(void);
int             kill(int pid);
void            scheduler(void) __attribute__((noreturn));
void            sched(void);
void            yield(void);
void            sleep(void *chan, struct spinlock *lk);
void            wakeup(void *chan);
void            procdump(void);

// fpu.c: each process's x87/MMX/SSE registers
void            fpuinit(void);
void            fpusave(struct proc *p);
void            fpurestore(struct proc *p);
void            fpureset(struct proc *p);
void            fpuresetcurrent(void);

// swtch.S: save the current kernel context in *old, resume new
void            swtch(struct context **old, struct context *new);

// exec.c
int             exec(char *path, char **argv);

// ---- traps and system calls ----

// trap.c
extern struct spinlock tickslock;
extern uint     ticks;
void            tvinit(void);
void            idtinit(void);

// syscall.c: fetching system-call arguments from user memory
int             fetchint(uint addr, int *ip);
int             fetchstr(uint addr, char **pp);
int             argint(int n, int *ip);
int             argptr(int n, char **pp, int size);
int             argptrw(int n, char **pp, int size);
int             argstr(int n, char **pp);
void            syscall(void);

// ---- file system, from the top down ----

// file.c: open files
void            fileinit(void);
struct file*    filealloc(void);
int             fileinuse(void);
struct file*    filedup(struct file *f);
void            fileclose(struct file *f);
int             filestat(struct file *f, struct stat *st);
int             fileread(struct file *f, char *addr, int n);
int             filewrite(struct file *f, char *addr, int n);

// pipe.c
int             pipealloc(struct file **rf, struct file **wf);
void            pipeclose(struct pipe *p, int writable);
int             pipewrite(struct pipe *p, char *addr, int n);
int             piperead(struct pipe *p, char *addr, int n);

// fs.c: inodes, directories and path names
void            readsb(int dev, struct superblock *sb);
void            iinit(int dev);
void            ireclaim(int dev);
int             icacheinuse(void);
void            fsfreecount(int dev, int *blocks, int *inodes);
struct inode*   ialloc(uint dev, short type);
struct inode*   idup(struct inode *ip);
void            ilock(struct inode *ip);
void            iunlock(struct inode *ip);
void            iput(struct inode *ip);
void            iunlockput(struct inode *ip);
void            iupdate(struct inode *ip);
void            itrunc(struct inode *ip);
void            stati(struct inode *ip, struct stat *st);
int             readi(struct inode *ip, char *dst, uint off, uint n);
int             writei(struct inode *ip, char *src, uint off, uint n);
int             namecmp(const char *s, const char *t);
struct inode*   dirlookup(struct inode *dp, char *name, uint *poff);
int             dirlink(struct inode *dp, char *name, uint inum);
struct inode*   namei(char *path);
struct inode*   nameiparent(char *path, char *name);

// log.c: crash-safe groups of block writes
void            initlog(int dev);
void            begin_op(void);
void            end_op(void);
void            log_write(struct buf *b);

// bio.c: the buffer cache
void            binit(void);
void            bufinuse(int *held, int *refs);
struct buf*     bread(uint dev, uint blockno);
void            bwrite(struct buf *b);
void            brelse(struct buf *b);

// ide.c: the disk driver
void            ideinit(void);
void            ideintr(void);
void            iderw(struct buf *b);

// kdebug.c (DEBUGHOOKS builds only)
void            kdebug_diskwrite(void);
void            kdebug_iputwindow(int where);

// ---- devices and the console ----

// console.c
void            consoleinit(void);
void            consoleintr(int (*getc)(void));
void            consputc(int c);
void            consolepanic(void);
void            cprintf(char *fmt, ...);

// panic.c: one report, then every CPU stops
extern volatile int panicked;
int             otherpanicking(void);
void            panic(char *s) __attribute__((noreturn));
void            panicstart(void);
void            panicfinish(char *why, uint eip, uint ebp)
                  __attribute__((noreturn));

// uart.c: the serial port
void            uartinit(void);
void            uartputc(int c);
void            uartintr(void);

// kbd.c
void            kbdintr(void);

// mp.c: CPUs and interrupt controllers, from the BIOS's multiprocessor tables
extern int      ismp;
void            mpinit(void);

// lapic.c: this CPU's local interrupt controller
extern volatile uint *lapic;
void            lapicinit(void);
int             lapicid(void);
void            lapiceoi(void);
void            lapicstartap(uchar apicid, uint addr);
void            microdelay(int us);

// ioapic.c: routes device interrupts to CPUs
extern uchar    ioapicid;
void            ioapicinit(void);
void            ioapicenable(int irq, int cpu);

// picirq.c: the legacy 8259 interrupt controllers (turned off)
void            picinit(void);

// pci.c: finds and starts the network card
extern int      e1000irq;
void            pciinit(void);

// e1000.c: the network card's driver (more in net.h)
void            e1000_init(uint *regs);
void            e1000_intr(void);

// net.c: Ethernet, ARP, IP, UDP (packet buffers and sockets: net.h)
void            netinit(void);
void            netstart(void);

// The number of elements in a fixed-size array.
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#endif
