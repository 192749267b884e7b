// user.h: what a user program may call: the system calls (generated from syscalls.tbl into
// usys.h) and the small C library in user/ (ulib.c, printf.c, umalloc.c).
#ifndef XV6_USER_H
#define XV6_USER_H
#include "usys.h"

// ulib.c
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
int memcmp(const void*, const void*, uint);
void *memcpy(void*, const void*, uint);
int atoi(const char*);

// printf.c: fd 1 is standard output, 2 standard error. %d %u %x %p %s %c %%
void printf(int, const char*, ...);

// umalloc.c
void* malloc(uint);
void free(void*);
#endif
