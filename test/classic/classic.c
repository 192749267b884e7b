// classic.c: a user program written the way xv6 x86 course programs are: the classic headers,
// exit() and wait() without arguments, printf(fd, ...), sbrk returning char*, struct dirent.
// test/30-classic.t builds it from outside the tree with the README's compile line and runs
// it. Every check prints "classic: FAIL <what>" if it goes wrong; the last line is
// "classic: all N checks passed" only if all of them held.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"
#include "fs.h"
#include "param.h"
#include "syscall.h"
#include "traps.h"
#include "memlayout.h"

static int checks, failures;

static void
check(int ok, char *what)
{
  checks++;
  if(!ok){
    failures++;
    printf(1, "classic: FAIL %s\n", what);
  }
}

int
main(int argc, char *argv[])
{
  int fd, pid, p[2], n, found;
  char buf[32], *mem;
  struct stat st;
  struct dirent de;

  check(argc == 3 && strcmp(argv[1], "alpha") == 0 && strcmp(argv[2], "beta") == 0,
        "argv arrives intact");
  check(SYS_write == 16 && SYS_exit == 2 && T_SYSCALL == 64, "classic syscall numbers");
  check(O_CREATE == 0x200 && O_RDWR == 2 && DIRSIZ == 14 && KERNBASE == 0x80000000,
        "classic constants");

  // A file round trip.
  fd = open("classic.tmp", O_CREATE | O_RDWR);
  check(fd >= 0, "open O_CREATE");
  check(write(fd, "hello", 5) == 5, "write");
  close(fd);
  check(stat("classic.tmp", &st) == 0 && st.type == T_FILE && st.size == 5, "stat size");

  // The new file shows up in the root directory as a struct dirent.
  found = 0;
  fd = open(".", O_RDONLY);
  while(read(fd, &de, sizeof(de)) == sizeof(de))
    if(de.inum != 0 && strcmp(de.name, "classic.tmp") == 0)
      found = 1;
  close(fd);
  check(found, "dirent lists the file");
  check(unlink("classic.tmp") == 0, "unlink");

  // fork, a pipe and wait.
  check(pipe(p) == 0, "pipe");
  pid = fork();
  if(pid == 0){
    close(p[0]);
    write(p[1], "from child", 10);
    exit();
  }
  close(p[1]);
  n = read(p[0], buf, sizeof(buf) - 1);
  buf[n < 0 ? 0 : n] = 0;
  close(p[0]);
  check(strcmp(buf, "from child") == 0, "pipe carries the child's bytes");
  check(wait() == pid, "wait returns the child");
  check(wait() == -1, "wait with no children returns -1");

  // sbrk and malloc.
  mem = sbrk(4096);
  check(mem != (char*)-1, "sbrk grows");
  mem[0] = 'x';
  mem[4095] = 'y';
  check(mem[0] == 'x' && mem[4095] == 'y', "new memory is usable");
  mem = malloc(1000);
  check(mem != 0, "malloc");
  free(mem);
  check(getpid() > 0 && uptime() >= 0, "getpid and uptime");

  if(failures == 0)
    printf(1, "classic: all %d checks passed\n", checks);
  else
    printf(1, "classic: %d of %d checks failed\n", failures, checks);
  exit();
}
