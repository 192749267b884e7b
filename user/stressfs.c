// stressfs.c: exercise the file system from several processes at once. Each child
// writes its own file with a pattern only it uses, reads it back and checks it, and
// reports over a pipe; "stressfs ok" means every child saw its data intact.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"

#define NWORKERS 4    // concurrent processes
#define NBLOCKS  20   // 512-byte chunks per file

static char buf[512];

// fill puts chunk b of worker w's file in buf. Every worker's bytes differ, so data
// that lands in the wrong file is caught too.
static void
fill(int w, int b)
{
  int i;

  for(i = 0; i < sizeof(buf); i++)
    buf[i] = 'a' + (w * 7 + b * 3 + i) % 26;
}

// worker writes and checks one file. Returns 1 if all went well, else 0.
static int
worker(int w, char *name)
{
  char want[sizeof(buf)];
  int fd, b;

  if((fd = open(name, O_CREATE | O_RDWR)) < 0){
    printf(1, "stressfs: worker %d cannot create %s\n", w, name);
    return 0;
  }
  for(b = 0; b < NBLOCKS; b++){
    fill(w, b);
    if(write(fd, buf, sizeof(buf)) != sizeof(buf)){
      printf(1, "stressfs: worker %d: write of chunk %d failed\n", w, b);
      close(fd);
      return 0;
    }
  }
  close(fd);

  if((fd = open(name, O_RDONLY)) < 0){
    printf(1, "stressfs: worker %d cannot reopen %s\n", w, name);
    return 0;
  }
  for(b = 0; b < NBLOCKS; b++){
    fill(w, b);
    memmove(want, buf, sizeof(buf));
    if(read(fd, buf, sizeof(buf)) != sizeof(buf) || memcmp(buf, want, sizeof(buf)) != 0){
      printf(1, "stressfs: worker %d: chunk %d of %s read back wrong\n", w, b, name);
      close(fd);
      return 0;
    }
  }
  if(read(fd, buf, sizeof(buf)) != 0){
    printf(1, "stressfs: worker %d: %s is longer than written\n", w, name);
    close(fd);
    return 0;
  }
  close(fd);
  return 1;
}

int
main(void)
{
  char name[] = "stressfs0";
  int w, p[2], ok, started = 0, pid;
  char result;

  printf(1, "stressfs starting\n");
  if(pipe(p) < 0){
    printf(1, "stressfs: pipe failed\n");
    exit();
  }
  for(w = 0; w < NWORKERS; w++){
    name[8] = '0' + w;
    unlink(name);   // left over from an earlier run, perhaps
    pid = fork();
    if(pid < 0){
      printf(1, "stressfs: fork failed\n");
      break;
    }
    if(pid == 0){
      close(p[0]);
      result = worker(w, name) ? 'y' : 'n';
      write(p[1], &result, 1);
      exit();
    }
    started++;
  }
  close(p[1]);

  // One byte per worker; a worker that died without writing shows up as a short read.
  ok = (started == NWORKERS);
  for(w = 0; w < started; w++)
    if(read(p[0], &result, 1) != 1 || result != 'y')
      ok = 0;
  close(p[0]);
  for(w = 0; w < started; w++)
    wait();
  for(w = 0; w < NWORKERS; w++){
    name[8] = '0' + w;
    unlink(name);
  }
  if(ok)
    printf(1, "stressfs ok\n");
  else
    printf(1, "stressfs: FAILED\n");
  exit();
}
