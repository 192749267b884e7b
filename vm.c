// vm.c: page tables. The kernel's own table (kvmalloc, from the kmap list), the
// per-CPU segment descriptors, and every operation on a process's user address
// space.

#include "param.h"
#include "types.h"
#include "defs.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "elf.h"

extern char data[];  // first byte of kernel data, page aligned: from kernel.ld
pde_t *kpgdir;       // the page directory the scheduler runs on (kvmalloc)

// Give this CPU its GDT: flat 4 GB code and data segments for the kernel (ring
// 0) and the user (ring 3). Paging, not segmentation, does all the protection.
// User and kernel code still need separate code descriptors, although both
// span all 4 GB: the CPU's current privilege level (CPL) is the DPL of the
// descriptor that CS selects. Code running through SEG_KCODE is in ring 0
// and may use privileged instructions and PTE_U-less pages; code running
// through SEG_UCODE is in ring 3 and may not.
void
seginit(void)
{
  struct segdesc *gdt = cpus[cpuid()].gdt;

  // Slot 0 stays the all-zero null descriptor the CPU requires. The TSS slot is
  // filled by switchuvm, once a process runs.
  gdt[SEG_KCODE] = flatseg(STA_X|STA_R, 0);
  gdt[SEG_KDATA] = flatseg(STA_W, 0);
  gdt[SEG_UCODE] = flatseg(STA_X|STA_R, DPL_USER);
  gdt[SEG_UDATA] = flatseg(STA_W, DPL_USER);
  lgdt(gdt, NSEGS * sizeof(struct segdesc));
}

// Return the address of the PTE that maps virtual address va in pgdir. If its
// page table does not exist: with alloc set, allocate a zeroed one; otherwise,
// or if kalloc fails, return 0. The new PDE is permissive (P|W|U); the PTE
// decides the real permissions.
pte_t *
walkpgdir(pde_t *pgdir, const void *va, int alloc)
{
  pde_t *pde = pgdir + PDX(va);
  pte_t *table;

  if(*pde & PTE_P){
    if(*pde & PTE_PS)
      panic("walkpgdir: 4 MB page: this is entrypgdir, not a 4 KB page table");
  } else {
    if(!alloc)
      return 0;
    table = (pte_t*)kalloc();
    if(table == 0)
      return 0;
    memset(table, 0, PGSIZE);
    // Permissive at this level; each PTE carries the real permissions.
    *pde = V2P(table) | PTE_P | PTE_W | PTE_U;
  }
  table = (pte_t*)P2V(PTE_ADDR(*pde));
  return table + PTX(va);
}

// Map the virtual range [va, va+size) to physical memory starting at pa, page
// by page, with permissions perm|PTE_P. va and size need not be page aligned;
// whole pages are mapped. Returns 0, or -1 if a page-table page could not be
// allocated (what was mapped so far stays mapped; the caller frees the whole
// directory). Mapping a page twice is a kernel bug: panic.
int
mappages(pde_t *pgdir, void *va, uint size, uint pa, int perm)
{
  uint first = PGROUNDDOWN((uint)va);
  uint npages = (PGROUNDDOWN((uint)va + size - 1) - first) / PGSIZE + 1;
  uint i;
  pte_t *pte;

  for(i = 0; i < npages; i++){
    pte = walkpgdir(pgdir, (void*)(first + i*PGSIZE), 1);
    if(pte == 0)
      return -1;
    if(*pte & PTE_P)
      panic("mappages: remap of a present page");
    *pte = (pa + i*PGSIZE) | perm | PTE_P;
  }
  return 0;
}

// The kernel half of every address space, identical in each page directory: the
// kernel reaches physical memory below phystop at P2V(pa), and devices in
// place. phystop is known only at boot (detectmem): kvmalloc fills it in as
// kmap[KMAP_DATA]'s end before the first setupkvm.
#define KMAP_DATA 2   // the entry that ends at phystop
static struct kmap {
  void *virt;        // first virtual address
  uint phys_start;   // first physical address
  uint phys_end;     // end of the physical range (0 means 4 GB)
  int perm;          // PTE bits besides PTE_P
  char *name;        // for the boot report
} kmap[] = {
  { (void*)KERNBASE, 0,             EXTMEM,    PTE_W, "I/O space" },
  { (void*)KERNLINK, V2P(KERNLINK), V2P(data), 0,     "text+rodata" },
  { (void*)data,     V2P(data),     0,         PTE_W, "data+free memory" },
  { (void*)DEVSPACE, DEVSPACE,      0,         PTE_W, "devices" },
};

// Make a page directory that holds the kernel mappings and nothing else.
// Returns it, or 0 if memory ran out (nothing is leaked).
pde_t*
setupkvm(void)
{
  pde_t *pgdir;
  int i;

  if(P2V(PHYSTOP) > (void*)DEVSPACE)
    panic("setupkvm: PHYSTOP overlaps DEVSPACE");
  pgdir = (pde_t*)kalloc();
  if(pgdir == 0)
    return 0;
  memset(pgdir, 0, PGSIZE);
  for(i = 0; i < NELEM(kmap); i++){
    // phys_end - phys_start wraps to the right size for the region that ends at
    // 4 GB.
    if(mappages(pgdir, kmap[i].virt, kmap[i].phys_end - kmap[i].phys_start,
                kmap[i].phys_start, kmap[i].perm) != 0){
      freevm(pgdir);
      return 0;
    }
  }
  return pgdir;
}

// Build the kernel's page table and switch this CPU to it. Called once by main
// on the boot CPU; a failure here leaves nothing to fall back on, so it panics.
void
kvmalloc(void)
{
  kmap[KMAP_DATA].phys_end = phystop;
  kpgdir = setupkvm();
  if(kpgdir == 0)
    panic("kvmalloc: out of memory for the kernel page table");
  switchkvm();
}

// Make kpgdir, the page table with only the kernel half, this CPU's page table.
// The scheduler runs on it between processes, so that no process's memory stays
// mapped while nothing of that process is running. CR3 takes a physical
// address. It also matters before a directory is freed: a CPU keeps using the
// directory in CR3 (and its page tables) for every access, so a process's
// directory may be given back to kalloc only once no CPU still has it
// loaded. Running on kpgdir, which is never freed, guarantees that.
void
switchkvm(void)
{
  uint pa = V2P(kpgdir);

  lcr3(pa);
}

// Check that pgdir's kernel half is exactly what kmap describes, and print the
// boot report. Panics on the first mismatch, naming the page.
void
kvmcheck(pde_t *pgdir)
{
  struct kmap *k;
  uint va, pa, npages, ntables, i;
  pte_t *pte;

  ntables = 1;   // the directory itself
  for(i = 0; i < NPDENTRIES; i++)
    if(pgdir[i] & PTE_P)
      ntables++;
  // setupkvm builds these tables anew for every process's page directory too.
  cprintf(
    "kvmalloc: kpgdir at pa 0x%08x, %d page-table pages (%d KB a process)\n",
    V2P(pgdir), ntables, ntables * (PGSIZE / 1024));

  npages = 0;
  for(k = kmap; k < &kmap[NELEM(kmap)]; k++){
    uint size = k->phys_end - k->phys_start;
    cprintf("kmap[%d] va 0x%08x-0x%08x pa 0x%08x-0x%08x r%c- %s\n",
            (int)(k - kmap), (uint)k->virt, (uint)k->virt + size - 1,
            k->phys_start, k->phys_start + size - 1,
            (k->perm & PTE_W) ? 'w' : '-', k->name);
    va = (uint)k->virt;
    pa = k->phys_start;
    for(i = 0; i < size / PGSIZE; i++, va += PGSIZE, pa += PGSIZE){
      pte = walkpgdir(pgdir, (void*)va, 0);
      if(pte == 0 || !(*pte & PTE_P)){
        cprintf("kvmcheck: va 0x%08x is not mapped\n", va);
        panic("kvmcheck: kmap page missing");
      }
      if(PTE_ADDR(*pte) != pa){
        cprintf("kvmcheck: va 0x%08x maps pa 0x%08x, kmap says 0x%08x\n",
                va, PTE_ADDR(*pte), pa);
        panic("kvmcheck: page maps the wrong frame");
      }
      if((*pte & (PTE_W|PTE_U)) != (uint)k->perm){
        cprintf("kvmcheck: va 0x%08x has flags 0x%x, kmap says 0x%x\n", va,
                PTE_FLAGS(*pte) & (PTE_W|PTE_U), k->perm);
        panic("kvmcheck: wrong permissions");
      }
      npages++;
    }
  }

  // Kernel text must be read-only: check the page holding this very function.
  pte = walkpgdir(pgdir, (void*)kvmcheck, 0);
  if(pte == 0 || (*pte & PTE_W))
    panic("kvmcheck: kernel text is writable");

  // The user half must be empty.
  for(i = 0; i < PDX(KERNBASE); i++){
    if(pgdir[i] != 0){
      cprintf("kvmcheck: PDE %d (va 0x%08x) is 0x%08x\n",
              i, PGADDR(i, 0, 0), pgdir[i]);
      panic("kvmcheck: something is mapped below KERNBASE");
    }
  }
  cprintf("kvmcheck: ok: %d pages match kmap, text read-only, nothing below "
          "KERNBASE\n", npages);
}

// Switch the TSS and the page table to process p. The TSS tells the CPU to use
// p's kernel stack when a trap arrives from user mode; an I/O map base past the
// TSS limit means user code may touch no I/O port.
void
switchuvm(struct proc *p)
{
  struct cpu *c;

  if(p == 0)
    panic("switchuvm: no process");
  if(p->kstack == 0)
    panic("switchuvm: no kernel stack");
  if(p->pgdir == 0)
    panic("switchuvm: no page directory");

  pushcli();   // mycpu() must stay this CPU until we are done
  c = mycpu();
  // On a trap from user mode the CPU loads ss:esp from ss0:esp0: the top of p's
  // kernel stack, which is empty whenever p is in user mode.
  c->ts.ss0 = SEG_KDATA << 3;
  c->ts.esp0 = (uint)p->kstack + KSTACKSIZE;
  c->ts.iomb = 0xFFFF;
  // (Re)load the task register; ltr marks the descriptor busy, hence the fresh
  // copy.
  c->gdt[SEG_TSS] = tssseg(&c->ts, sizeof(c->ts));
  ltr(SEG_TSS << 3);
  lcr3(V2P(p->pgdir));
  popcli();
}

// Put the first process's code (sz < PGSIZE bytes) at user address PGSIZE: page
// 0 stays unmapped even for init. Panics on failure: there is no system without
// init.
void
inituvm(pde_t *pgdir, char *init, uint sz)
{
  char *page;

  if(sz >= PGSIZE)
    panic("inituvm: initcode larger than a page");
  page = kalloc();
  if(page == 0)
    panic("inituvm: out of memory");
  memset(page, 0, PGSIZE);
  memmove(page, init, sz);
  if(mappages(pgdir, (void*)PGSIZE, PGSIZE, V2P(page), PTE_W|PTE_U) != 0)
    panic("inituvm: out of memory");
}

// Read sz bytes at offset off of file ip into the user pages starting at the
// page-aligned address addr, which allocuvm has already mapped. Returns 0, or
// -1 on a short read.
int
loaduvm(pde_t *pgdir, char *addr, struct inode *ip, uint off, uint sz)
{
  uint i, n;
  pte_t *pte;

  if((uint)addr % PGSIZE != 0)
    panic("loaduvm: address not page aligned");
  for(i = 0; i < sz; i += PGSIZE){
    if((pte = walkpgdir(pgdir, addr+i, 0)) == 0 || !(*pte & PTE_P))
      panic("loaduvm: page not mapped");
    n = sz - i < PGSIZE ? sz - i : PGSIZE;
    if(readi(ip, P2V(PTE_ADDR(*pte)), off+i, n) != n)
      return -1;
  }
  return 0;
}

// Grow a user address space from oldsz to newsz bytes with zeroed pages, mapped
// with PTE_U plus perm (PTE_W for data, 0 for text). Returns newsz, or 0 if
// newsz reaches KERNBASE or memory runs out, in which case every page it added
// is freed again.
int
allocuvm(pde_t *pgdir, uint oldsz, uint newsz, int perm)
{
  char *mem;
  uint a;

  if(newsz > KERNBASE)
    return 0;
  if(newsz < oldsz)
    return oldsz;

  for(a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE){
    mem = kalloc();
    if(mem == 0)
      goto fail;
    memset(mem, 0, PGSIZE);
    if(mappages(pgdir, (char*)a, PGSIZE, V2P(mem), perm|PTE_U) < 0){
      kfree(mem);
      goto fail;
    }
  }
  return newsz;

fail:
  deallocuvm(pgdir, newsz, oldsz);
  return 0;
}

// Free the page table behind PDE pdx of pgdir if it maps nothing any more.
static void
freeemptytable(pde_t *pgdir, uint pdx)
{
  pte_t *pgtab;
  int i;

  if(!(pgdir[pdx] & PTE_P))
    return;
  pgtab = (pte_t*)P2V(PTE_ADDR(pgdir[pdx]));
  for(i = 0; i < NPTENTRIES; i++)
    if(pgtab[i] != 0)
      return;
  pgdir[pdx] = 0;
  kfree((char*)pgtab);
}

// Shrink a user address space from oldsz to newsz bytes, freeing the pages
// above newsz, and the page tables that end up empty, so sbrk(-n) gives back
// everything sbrk(n) took. Unmapped pages (page 0, anything never allocated)
// are skipped. Returns newsz. The caller must reload CR3 (switchuvm) if pgdir
// is the current page table.
int
deallocuvm(pde_t *pgdir, uint oldsz, uint newsz)
{
  pte_t *pte;
  uint a, pa, pdx;

  if(newsz >= oldsz)
    return oldsz;

  for(a = PGROUNDUP(newsz); a < oldsz; a += PGSIZE){
    pte = walkpgdir(pgdir, (char*)a, 0);
    if(pte == 0){
      // No page table here: skip to the next 4 MB boundary.
      a = PGADDR(PDX(a) + 1, 0, 0) - PGSIZE;
    } else if(*pte & PTE_P){
      pa = PTE_ADDR(*pte);
      kfree(P2V(pa));
      *pte = 0;
    }
  }
  for(pdx = PDX(PGROUNDUP(newsz));
      pdx <= PDX(oldsz - 1) && pdx < PDX(KERNBASE); pdx++)
    freeemptytable(pgdir, pdx);
  return newsz;
}

// Free a page directory: the user pages, every page table (the kernel half's
// included: each directory has its own copies) and the directory page.
void
freevm(pde_t *pgdir)
{
  uint pdx;
  pde_t pde;

  if(pgdir == 0)
    panic("freevm: no page directory");
  // First the user pages below KERNBASE (and the page tables that held only
  // them) ...
  deallocuvm(pgdir, KERNBASE, 0);
  // ... then every page table still listed. The kernel pages those map are
  // shared by all processes and stay where they are.
  for(pdx = 0; pdx < NPDENTRIES; pdx++){
    pde = pgdir[pdx];
    if((pde & PTE_P) != 0)
      kfree(P2V(PTE_ADDR(pde)));
  }
  kfree((char*)pgdir);
}

// Take away user access to the page at uva (exec uses it for the stack guard
// page).
void
clearpteu(pde_t *pgdir, char *uva)
{
  pte_t *pte = walkpgdir(pgdir, uva, 0);

  if(pte == 0 || (*pte & PTE_P) == 0)
    panic("clearpteu: page not mapped");
  // The page stays mapped for the kernel; a user access now faults.
  *pte = *pte & ~PTE_U;
}

// Copy a parent's user memory [0, sz) into a new page directory for a child,
// page by page with the same permissions; holes (page 0) stay holes. Returns
// the new directory, or 0 if memory runs out (everything allocated is freed).
pde_t*
copyuvm(pde_t *pgdir, uint sz)
{
  pde_t *child;
  pte_t *pte;
  uint va;
  char *copy;

  child = setupkvm();   // the kernel half comes for free
  if(child == 0)
    return 0;

  for(va = 0; va < sz; va += PGSIZE){
    pte = walkpgdir(pgdir, (void*)va, 0);
    if(pte == 0 || (*pte & PTE_P) == 0)
      continue;   // a hole in the parent stays a hole in the child
    copy = kalloc();
    if(copy == 0)
      goto nomem;
    memmove(copy, P2V(PTE_ADDR(*pte)), PGSIZE);
    // Same address, same permissions (a read-only text page stays read-only).
    if(mappages(child, (void*)va, PGSIZE, V2P(copy), PTE_FLAGS(*pte)) != 0){
      kfree(copy);
      goto nomem;
    }
  }
  return child;

nomem:
  freevm(child);   // frees every page copied so far too
  return 0;
}

// Translate a user virtual address to the kernel address of the same byte.
// Returns 0 if the page is not mapped or not user-accessible.
char*
uva2ka(pde_t *pgdir, char *uva)
{
  pte_t *pte;

  if((uint)uva >= KERNBASE)
    return 0;
  pte = walkpgdir(pgdir, uva, 0);
  if(pte == 0 || (*pte & (PTE_P|PTE_U)) != (PTE_P|PTE_U))
    return 0;
  return (char*)P2V(PTE_ADDR(*pte)) + ((uint)uva % PGSIZE);
}

// Copy len bytes from kernel address p to user address va in pgdir, which need
// not be the current page table. Returns 0, or -1 if any destination page is
// not user-accessible.
int
copyout(pde_t *pgdir, uint va, void *p, uint len)
{
  char *buf, *dst;
  uint n;

  buf = (char*)p;
  while(len > 0){
    if((dst = uva2ka(pgdir, (char*)va)) == 0)
      return -1;
    n = PGSIZE - (va % PGSIZE);
    if(n > len)
      n = len;
    memmove(dst, buf, n);
    len -= n;
    buf += n;
    va += n;
  }
  return 0;
}

// Does [va, va+len) start below top and end at or below it, without wrapping
// round past 4 GB? A user range must pass this before its page-table entries
// are looked at.
int
inrange(uint va, uint len, uint top)
{
  return va < top && len <= top - va;
}

// Is every byte of [va, va+len) in pgdir a present, user-accessible page (and
// writable, if writable is set)? Returns 0 if so, -1 if not or if the range
// wraps or reaches the kernel. System calls use it before touching user memory,
// which is how a bad pointer becomes -1 instead of a kernel page fault.
int
uvmcheck(pde_t *pgdir, uint va, uint len, int writable)
{
  uint a, last, need;
  pte_t *pte;

  if(len == 0)
    return 0;
  if(!inrange(va, len, KERNBASE))
    return -1;
  need = PTE_P | PTE_U | (writable ? PTE_W : 0);
  last = PGROUNDDOWN(va + len - 1);
  for(a = PGROUNDDOWN(va); ; a += PGSIZE){
    pte = walkpgdir(pgdir, (void*)a, 0);
    if(pte == 0 || (*pte & need) != need)
      return -1;
    if(a == last)
      break;
  }
  return 0;
}
