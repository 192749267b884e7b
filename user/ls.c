// ls.c: list directories and files. One line per entry: name, type (1 directory,
// 2 file, 3 device), inode number and size in bytes. A file argument lists itself.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fs.h"
#include "fcntl.h"

// show prints one line for name (padded to a column) and what st says about it.
static void
show(char *name, int namelen, struct stat *st)
{
  char padded[DIRSIZ+1];
  int i;

  // Directory entries hold up to DIRSIZ bytes with no NUL; copy and pad them.
  if(namelen > DIRSIZ){
    printf(1, "%s %d %d %d\n", name, st->type, st->ino, st->size);
    return;
  }
  for(i = 0; i < namelen && name[i]; i++)
    padded[i] = name[i];
  for(; i < DIRSIZ; i++)
    padded[i] = ' ';
  padded[DIRSIZ] = 0;
  printf(1, "%s %d %d %d\n", padded, st->type, st->ino, st->size);
}

// basename returns the part of path after its last '/'.
static char*
basename(char *path)
{
  char *p = path + strlen(path);

  while(p > path && p[-1] != '/')
    p--;
  return p;
}

static void
ls(char *path)
{
  char buf[512], *tail;
  struct dirent de;
  struct stat st;
  int fd, len;

  if((fd = open(path, O_RDONLY)) < 0){
    printf(2, "ls: cannot open %s\n", path);
    return;
  }
  if(fstat(fd, &st) < 0){
    printf(2, "ls: cannot stat %s\n", path);
    close(fd);
    return;
  }

  if(st.type != T_DIR){
    tail = basename(path);
    show(tail, strlen(tail), &st);
    close(fd);
    return;
  }

  // Entries are named "path/NAME": build the prefix once, then fill in each name.
  len = strlen(path);
  if(len + 1 + DIRSIZ + 1 > sizeof(buf)){
    printf(2, "ls: path too long\n");
    close(fd);
    return;
  }
  strcpy(buf, path);
  tail = buf + len;
  *tail++ = '/';
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;   // a free slot
    memmove(tail, de.name, DIRSIZ);
    tail[DIRSIZ] = 0;
    if(stat(buf, &st) < 0){
      printf(2, "ls: cannot stat %s\n", buf);
      continue;
    }
    show(de.name, DIRSIZ, &st);
  }
  close(fd);
}

int
main(int argc, char *argv[])
{
  int i;

  if(argc < 2)
    ls(".");
  for(i = 1; i < argc; i++)
    ls(argv[i]);
  exit();
}
