// ph.c: a hash table of int keys that several threads fill at once (the
// thread lab, part 4). labs/thread/phtest.c includes it after thread.c and
// runs the put and get phases. As handed out it has no locks, and threads
// that put at the same time lose keys. Your code: a lock per bucket.
#include "types.h"
#include "user.h"

#define NBUCKET 31
#define NKEYS   24024     // the keys are 0 .. NKEYS-1

struct entry {
  int key;
  int value;
  uint check;             // a checksum of key and value
  struct entry *next;
};

static struct entry *table[NBUCKET];
static struct entry pool[NKEYS];    // the entry for key k is pool[k]

// A checksum of key and value, so that get can tell a torn entry. It takes
// a while on purpose: put's window between reading a bucket's head and
// storing the new one is wide, as if entries were bigger.
static uint
checksum(int key, int value)
{
  uint h = 2166136261u;
  int i;

  for(i = 0; i < 64; i++){
    h = (h ^ ((key >> (i % 32)) & 0xff)) * 16777619u;
    h = (h ^ ((value >> (i % 29)) & 0xff)) * 16777619u;
  }
  return h;
}

// Fill key's entry and put it at the head of its bucket's list, whose head
// was head when the caller looked.
static void
insert(int key, int value, struct entry **bucket, struct entry *head)
{
  struct entry *e = &pool[key];

  e->key = key;
  e->value = value;
  e->check = checksum(key, value);
  e->next = head;
  *bucket = e;
}

// Called once, before any thread runs.
void
ph_init(void)
{
}

// Add key (0 <= key < NKEYS, each key put once) with value.
void
put(int key, int value)
{
  int b = key % NBUCKET;

  insert(key, value, &table[b], table[b]);
}

// The entry for key, or 0 if the table does not hold it.
struct entry*
get(int key)
{
  struct entry *e;

  for(e = table[key % NBUCKET]; e != 0; e = e->next){
    if(e->key == key)
      break;
  }
  return e;
}
