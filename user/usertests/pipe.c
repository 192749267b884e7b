// pipe.c: pipes: data from many writers, broken pipes, end of file.
#include "usertests.h"

// ---- pipes ---------------------------------------------------------------------------

#define NWRITERS 5
#define WBYTES   2000

// Five writers send tagged, numbered bytes in uneven pieces; the reader gets every byte
// of every writer, in each writer's order, then end of file.
void
test_pipedata(void)
{
  uchar buf[256];
  int p[2], pids[NWRITERS], seq[NWRITERS], w, i, j, n, chunk, total;

  mkpipe(p);
  for(w = 0; w < NWRITERS; w++){
    pids[w] = spawn();
    if(pids[w] != 0)
      continue;
    close(p[0]);
    chunk = 1 + w;
    for(i = 0; i < WBYTES; i += n){
      n = WBYTES - i < chunk ? WBYTES - i : chunk;
      for(j = 0; j < n; j++)
        buf[j] = (w << 5) | ((i + j) & 31);
      if(write(p[1], buf, n) != n)
        exit();
      chunk = chunk * 7 % 97 + 1;
    }
    exit();
  }
  close(p[1]);
  memset(seq, 0, sizeof(seq));
  total = 0;
  while((n = read(p[0], buf, total % 200 + 1)) > 0){
    for(j = 0; j < n; j++){
      w = buf[j] >> 5;
      if(w >= NWRITERS)
        fail("byte 0x%x at offset %d came from no writer", buf[j], total + j);
      if((buf[j] & 31) != (seq[w] & 31))
        fail("writer %d's byte %d arrived as number %d: lost or out of order",
             w, seq[w], buf[j] & 31);
      seq[w]++;
    }
    total += n;
  }
  close(p[0]);
  reapall(pids, NWRITERS);
  if(n < 0)
    fail("read from the pipe returned %d", n);
  for(w = 0; w < NWRITERS; w++)
    if(seq[w] != WBYTES)
      fail("writer %d's bytes: got %d, expected %d", w, seq[w], WBYTES);
}

// Writing to a pipe with no reader returns -1, also for a writer already asleep on it.
void
test_pipebroken(void)
{
  int p[2], res[2], pid, r;

  mkpipe(p);
  close(p[0]);
  if((r = write(p[1], "x", 1)) != -1)
    fail("write to a pipe whose read end is closed returned %d", r);
  close(p[1]);

  mkpipe(p);
  mkpipe(res);
  pid = spawn();
  if(pid == 0){
    close(p[0]);
    close(res[0]);
    r = write(p[1], scratch, 4000);   // fills the pipe and sleeps
    write(res[1], &r, sizeof(r));
    exit();
  }
  close(p[1]);
  close(res[1]);
  sleep(10);
  if(readn(p[0], scratch + 4096, 100) != 100)
    fail("the writer's first 100 bytes did not arrive");
  sleep(10);      // the writer is asleep on a full pipe again
  close(p[0]);
  if(readn(res[0], &r, sizeof(r)) != sizeof(r))
    fail("the writer died instead of returning from write");
  close(res[0]);
  reap(pid);
  if(r != -1 && (r < 0 || r >= 4000))
    fail("a 4000-byte write cut off by the reader's close returned %d", r);
}

// A reader asleep on an empty pipe wakes with 0 when the last writer closes; buffered
// data is still delivered first.
void
test_pipeeof(void)
{
  int p[2], res[2], pid, r;
  char buf[8];

  mkpipe(p);
  mkpipe(res);
  pid = spawn();
  if(pid == 0){
    close(p[1]);
    close(res[0]);
    r = read(p[0], buf, sizeof(buf));
    write(res[1], &r, sizeof(r));
    exit();
  }
  close(p[0]);
  close(res[1]);
  sleep(10);      // the reader is asleep now
  close(p[1]);
  if(readn(res[0], &r, sizeof(r)) != sizeof(r))
    fail("the reader died instead of returning from read");
  close(res[0]);
  reap(pid);
  if(r != 0)
    fail("read on a pipe whose writers all closed returned %d, expected 0", r);

  mkpipe(p);
  if(write(p[1], "abc", 3) != 3)
    fail("write of 3 bytes failed");
  close(p[1]);
  if((r = read(p[0], buf, sizeof(buf))) != 3 || memcmp(buf, "abc", 3) != 0)
    fail("read after the writer closed returned %d, expected the 3 buffered bytes", r);
  if((r = read(p[0], buf, sizeof(buf))) != 0)
    fail("the second read returned %d, expected 0", r);
  close(p[0]);
}
