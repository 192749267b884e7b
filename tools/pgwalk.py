# pgwalk.py: gdb commands that walk the x86 two-level page table the way the MMU does.
#   pgwalk VA   translate VA under the current CR3, showing the PDE, page table, PTE and page
#   pgdump      list the present entries of the current page directory
#   pgsvg [FILE]  draw the current address space as SVG (default pgsvg.svg): VA on the left,
#               PA on the right, a band for each run of contiguously mapped pages (tools/pgsvg.py)
# Loaded by .gdbinit (source tools/pgwalk.py). Physical memory is read through QEMU's monitor
# (monitor xp), so the walk works whether or not paging is on and whatever CR3 maps.

import re
import gdb

PTE_P, PTE_W, PTE_U, PTE_PS = 0x001, 0x002, 0x004, 0x080   # must match mmu.h
PTE_A, PTE_D = 0x020, 0x040
CR0_PG = 0x80000000

# This file's directory, for tools/pgsvg.py (gdb sets __file__ while it sources a script).
try:
    import os as _os
    _TOOLS = _os.path.dirname(_os.path.abspath(__file__))
except NameError:
    _TOOLS = "tools"


def _reg_from_monitor(name):
    """Read a control register from `monitor info registers` (for stubs without $cr0/$cr3)."""
    text = gdb.execute("monitor info registers", to_string=True)
    m = re.search(r"\b%s=([0-9a-fA-F]+)" % name.upper(), text)
    if not m:
        raise gdb.GdbError("cannot find %s in 'monitor info registers'" % name.upper())
    return int(m.group(1), 16)


def ctlreg(name):
    """The value of control register NAME ("cr0", "cr3"), from gdb if QEMU's stub exposes it."""
    try:
        return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFF
    except gdb.error:
        return _reg_from_monitor(name)


def physword(pa):
    """The 32-bit little-endian word at physical address pa, read with QEMU's `xp`."""
    text = gdb.execute("monitor xp /wx 0x%x" % pa, to_string=True)
    m = re.search(r":\s*0x([0-9a-fA-F]+)", text)
    if not m:
        raise gdb.GdbError("monitor xp at 0x%08x said: %s" % (pa, text.strip()))
    return int(m.group(1), 16)


def address_of(expr):
    """The 32-bit address EXPR names: a number, a pointer, or a function or array (its address)."""
    v = gdb.parse_and_eval(expr)
    if v.type.strip_typedefs().code in (gdb.TYPE_CODE_FUNC, gdb.TYPE_CODE_ARRAY):
        v = v.address
    return int(v.cast(gdb.lookup_type("unsigned long"))) & 0xFFFFFFFF


def flags(e, pde):
    """Flag letters for an entry: P W U ('-' for a clear bit), then PS (a
    4 MB PDE), A (accessed) and D (dirty) when set."""
    s = "%s %s %s" % ("P" if e & PTE_P else "-", "W" if e & PTE_W else "-",
                      "U" if e & PTE_U else "-")
    if pde and e & PTE_PS:
        s += " PS"
    if e & PTE_A:
        s += " A"
    if e & PTE_D:
        s += " D"
    return s


class PgWalk(gdb.Command):
    """Translate a virtual address the way the MMU does, under the current CR3.
Usage: pgwalk VA   (VA is any gdb expression, e.g. 0x80100000, main, $esp)"""

    def __init__(self):
        super(PgWalk, self).__init__("pgwalk", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: pgwalk VA")
        va = address_of(arg)
        cr0, cr3 = ctlreg("cr0"), ctlreg("cr3")
        pdx, ptx, off = va >> 22, (va >> 12) & 0x3FF, va & 0xFFF
        print("va 0x%08x: PDX %d, PTX %d, offset 0x%03x" % (va, pdx, ptx, off))
        if not cr0 & CR0_PG:
            print("paging is off (CR0.PG=0): the CPU uses va as the physical address")
            print("physical address 0x%08x" % va)
            return
        pgdir = cr3 & ~0xFFF
        print("CR3 0x%08x: page directory at pa 0x%08x" % (cr3, pgdir))
        pde_pa = pgdir + 4 * pdx
        pde = physword(pde_pa)
        print("PDE[%d] at pa 0x%08x = 0x%08x  %s" % (pdx, pde_pa, pde, flags(pde, True)))
        if not pde & PTE_P:
            print("not present: va 0x%08x is not mapped (a page fault)" % va)
            return
        if pde & PTE_PS:
            page = pde & 0xFFC00000
            print("4 MB page at pa 0x%08x (PDE PS bit; no page table)" % page)
            print("physical address 0x%08x" % (page | (va & 0x3FFFFF)))
            return
        pt = pde & ~0xFFF
        print("page table at pa 0x%08x" % pt)
        pte_pa = pt + 4 * ptx
        pte = physword(pte_pa)
        print("PTE[%d] at pa 0x%08x = 0x%08x  %s" % (ptx, pte_pa, pte, flags(pte, False)))
        if not pte & PTE_P:
            print("not present: va 0x%08x is not mapped (a page fault)" % va)
            return
        page = pte & ~0xFFF
        print("physical page 0x%08x" % page)
        print("physical address 0x%08x" % (page | off))


class PgDump(gdb.Command):
    """List the present entries of the page directory CR3 points at.
Usage: pgdump"""

    def __init__(self):
        super(PgDump, self).__init__("pgdump", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        cr3 = ctlreg("cr3")
        pgdir = cr3 & ~0xFFF
        print("CR3 0x%08x: page directory at pa 0x%08x" % (cr3, pgdir))
        # Read the directory as 4 KB in one monitor call: 1024 separate calls are slow.
        text = gdb.execute("monitor xp /1024wx 0x%x" % pgdir, to_string=True)
        words = [int(w, 16) for w in re.findall(r"0x([0-9a-fA-F]+)", _strip_addrs(text))]
        if len(words) != 1024:
            raise gdb.GdbError("monitor xp returned %d words, not 1024" % len(words))
        for i, pde in enumerate(words):
            if not pde & PTE_P:
                continue
            what = ("4 MB page at pa 0x%08x" % (pde & 0xFFC00000) if pde & PTE_PS
                    else "page table at pa 0x%08x" % (pde & ~0xFFF))
            print("PDE[%4d] va 0x%08x-0x%08x = 0x%08x  %-12s %s" %
                  (i, i << 22, (i << 22) + 0x3FFFFF, pde, flags(pde, True), what))


def _strip_addrs(text):
    """monitor xp prints 'ADDR: w w w w' lines; keep the words, drop the addresses."""
    return " ".join(line.split(":", 1)[1] for line in text.splitlines() if ":" in line)


def physwords(pa, n=1024):
    """n words of physical memory from pa, in one monitor call."""
    text = gdb.execute("monitor xp /%dwx 0x%x" % (n, pa), to_string=True)
    words = [int(w, 16) for w in re.findall(r"0x([0-9a-fA-F]+)", _strip_addrs(text))]
    if len(words) != n:
        raise gdb.GdbError("monitor xp returned %d words, not %d" % (len(words), n))
    return words


class PgSvg(gdb.Command):
    """Draw the address space of the current CR3 as an SVG board drawing.
Usage: pgsvg [FILE]   (default pgsvg.svg)
Virtual addresses on the left, physical on the right, one band for each run of pages mapped
contiguously, coloured by flags (P W U; dashed for a 4 MB PS page); KERNBASE, PHYSTOP and
DEVSPACE marked. The runs are also printed here."""

    def __init__(self):
        super(PgSvg, self).__init__("pgsvg", gdb.COMMAND_DATA, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        import os
        import sys
        here = _TOOLS
        if here not in sys.path:
            sys.path.insert(0, here)
        import pgsvg
        path = arg.strip() or "pgsvg.svg"
        cr0, cr3 = ctlreg("cr0"), ctlreg("cr3")
        if not cr0 & CR0_PG:
            raise gdb.GdbError("paging is off (CR0.PG=0): there is no address space to draw")
        rs = pgsvg.runs(physwords(cr3 & ~0xFFF), physwords)
        eip = int(gdb.parse_and_eval("$eip")) & 0xFFFFFFFF
        title = "CR3 0x%08x at eip 0x%08x" % (cr3, eip)
        consts = pgsvg.layout_constants()
        for addr, how in ((eip, ""), (eip + consts["KERNBASE"], ", its low alias")):
            text = gdb.execute("info symbol 0x%x" % (addr & 0xFFFFFFFF), to_string=True)
            if not text.startswith("No symbol"):
                title += " (%s%s)" % (text.split(" in section")[0].strip(), how)
                break
        with open(path, "w") as f:
            f.write(pgsvg.svg(rs, title))
        print("pgsvg: %d runs under CR3 0x%08x, drawn in %s" % (len(rs), cr3, path))
        for va, pa, size, fl in rs:
            print("  va 0x%08x-0x%08x -> pa 0x%08x-0x%08x %-9s %s" %
                  (va, va + size - 1, pa, pa + size - 1, pgsvg.flagtext(fl), pgsvg.human(size)))


PgWalk()
PgDump()
PgSvg()
