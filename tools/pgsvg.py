# pgsvg.py: draws an address space the way a lecture draws it on the board: virtual addresses
# in a column on the left, physical addresses in a column on the right, and a band from one to
# the other for each run of pages mapped contiguously (consecutive virtual pages onto
# consecutive physical pages, with the same flags). Used by the gdb command `pgsvg` in
# tools/pgwalk.py, which reads the page tables; this file only computes runs and draws.
#
# Each band is a <g class="run"> with data-va, data-pa, data-size and data-flags, so a program
# (test/03-gdb.t) can read the drawing back.

import math
import os
import re

PTE_P, PTE_W, PTE_U, PTE_PS = 0x001, 0x002, 0x004, 0x080   # must match mmu.h
TOP = 1 << 32


def layout_constants(path=None):
    """KERNBASE, PHYSTOP, DEVSPACE and EXTMEM from memlayout.h (next to tools/)."""
    if path is None:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "memlayout.h")
    consts = {"KERNBASE": 0x80000000, "PHYSTOP": 0xE000000, "DEVSPACE": 0xFE000000,
              "EXTMEM": 0x100000}
    try:
        with open(path) as f:
            for line in f:
                m = re.match(r"#define\s+(\w+)\s+(0x[0-9a-fA-F]+)", line)
                if m:
                    consts[m.group(1)] = int(m.group(2), 16)
    except OSError:
        pass
    return consts


def flagtext(fl):
    """'P W U PS' style letters, '-' for a clear bit."""
    return " ".join([("P" if fl & PTE_P else "-"), ("W" if fl & PTE_W else "-"),
                     ("U" if fl & PTE_U else "-")] + (["PS"] if fl & PTE_PS else []))


def runs(pgdir_words, read_table):
    """Merge the present mappings into runs: [(va, pa, size, flags)] in va order.
    pgdir_words: the directory's 1024 entries; read_table(pa): a page table's 1024 entries."""
    pages = []
    for i, pde in enumerate(pgdir_words):
        if not pde & PTE_P:
            continue
        va = i << 22
        if pde & PTE_PS:
            pages.append((va, pde & 0xFFC00000, 1 << 22, pde & (PTE_P | PTE_W | PTE_U | PTE_PS)))
            continue
        table = read_table(pde & ~0xFFF)
        for j, pte in enumerate(table):
            if pte & PTE_P:
                # The PDE's W and U limit what the PTE allows (x86 uses the stricter of the two).
                fl = pte & (PTE_P | PTE_W | PTE_U) & (pde | PTE_P)
                pages.append((va | (j << 12), pte & ~0xFFF, 1 << 12, fl))
    out = []
    for va, pa, size, fl in pages:
        if out:
            v, p, s, f = out[-1]
            if v + s == va and p + s == pa and f == fl:
                out[-1] = (v, p, s + size, f)
                continue
        out.append((va, pa, size, fl))
    return out


def human(size):
    if size >= 1 << 20 and size % (1 << 20) == 0:
        return "%d MB" % (size >> 20)
    if size >= 1 << 20:
        return "%.2f MB" % (size / float(1 << 20))
    return "%d KB" % (size >> 10)


COLOURS = {  # (fill, stroke) by (W, U)
    (False, False): ("#9ec5ff", "#2456a6"),   # kernel, read-only
    (True, False): ("#ffc58a", "#b35900"),    # kernel, read/write
    (False, True): ("#b9e8a4", "#3a7d1e"),    # user, read-only
    (True, True): ("#7fd6c4", "#13715f"),     # user, read/write
}


def colour(fl):
    return COLOURS[(bool(fl & PTE_W), bool(fl & PTE_U))]


class Axis:
    """A column of addresses 0..4 GB, high at the top, stretched so that small regions are
    still visible: each interval between breakpoints gets a height that grows with the log of
    its size (mapped intervals more than unmapped gaps)."""

    def __init__(self, points, mapped, top, height):
        pts = sorted(set([0, TOP] + [p for p in points if 0 <= p <= TOP]))
        self.pts = pts
        weights = []
        for lo, hi in zip(pts, pts[1:]):
            lg = math.log2(max(hi - lo, 4096) / 4096.0)
            ismapped = any(a < hi and lo < b for a, b in mapped)
            weights.append((3.0 + 0.5 * lg) if ismapped else (1.2 + 0.15 * lg))
        total = sum(weights)
        self.ys = [top + height]
        for w in weights:
            self.ys.append(self.ys[-1] - height * w / total)

    def y(self, addr):
        for k, (lo, hi) in enumerate(zip(self.pts, self.pts[1:])):
            if lo <= addr <= hi:
                return self.ys[k] + (self.ys[k + 1] - self.ys[k]) * (addr - lo) / float(hi - lo)
        return self.ys[-1]

    def intervals(self):
        for k, (lo, hi) in enumerate(zip(self.pts, self.pts[1:])):
            yield lo, hi, self.ys[k + 1], self.ys[k]   # y top, y bottom


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def svg(rs, title, consts=None):
    """The drawing for runs rs (from runs()), as SVG text."""
    c = consts or layout_constants()
    kb, phystop, dev = c["KERNBASE"], c["PHYSTOP"], c["DEVSPACE"]
    W, top, H = 1100, 70, 980
    vx, px, cw = 250, 700, 150          # column x positions and width
    vmarks = {kb: "KERNBASE", kb + phystop: "KERNBASE+PHYSTOP", dev: "DEVSPACE"}
    pmarks = {phystop: "PHYSTOP", dev: "DEVSPACE", c["EXTMEM"]: "EXTMEM"}
    va_axis = Axis([v for v, p, s, f in rs] + [v + s for v, p, s, f in rs] + list(vmarks),
                   [(v, v + s) for v, p, s, f in rs], top, H)
    pa_axis = Axis([p for v, p, s, f in rs] + [p + s for v, p, s, f in rs] + list(pmarks),
                   [(p, p + s) for v, p, s, f in rs], top, H)
    out = []
    o = out.append
    o('<?xml version="1.0" encoding="UTF-8"?>')
    o('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
      'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">'
      % (W, top + H + 90, W, top + H + 90))
    o('<rect x="0" y="0" width="%d" height="%d" fill="#fbfaf4"/>' % (W, top + H + 90))
    o('<text x="%d" y="26" font-size="18" font-weight="bold" text-anchor="middle">%s</text>'
      % (W // 2, esc(title)))
    o('<text x="%d" y="%d" font-size="15" font-weight="bold" text-anchor="middle">virtual</text>'
      % (vx + cw // 2, top - 12))
    o('<text x="%d" y="%d" font-size="15" font-weight="bold" text-anchor="middle">physical</text>'
      % (px + cw // 2, top - 12))

    # The columns: mapped intervals shaded, gaps white.
    for axis, x, side in ((va_axis, vx, "va"), (pa_axis, px, "pa")):
        for lo, hi, yt, yb in axis.intervals():
            used = [f for v, p, s, f in rs
                    if (v if side == "va" else p) < hi and lo < (v if side == "va" else p) + s]
            fill = colour(used[0])[0] if used and side == "va" else ("#e9e6da" if used else "#ffffff")
            o('<rect x="%d" y="%.1f" width="%d" height="%.1f" fill="%s" stroke="#555" '
              'stroke-width="0.8"/>' % (x, yt, cw, yb - yt, fill))
            if not used and yb - yt >= 16:
                o('<text x="%d" y="%.1f" text-anchor="middle" fill="#999" font-size="11">'
                  'not mapped</text>' % (x + cw // 2, (yt + yb) / 2 + 4))

    # Bands, one per run, drawn under their labels.
    for v, p, s, f in rs:
        fill, stroke = colour(f)
        y1, y2 = va_axis.y(v + s), va_axis.y(v)
        y3, y4 = pa_axis.y(p + s), pa_axis.y(p)
        o('<g class="run" data-va="0x%08x" data-pa="0x%08x" data-size="0x%x" data-flags="%s">'
          % (v, p, s, flagtext(f)))
        o('<polygon points="%d,%.1f %d,%.1f %d,%.1f %d,%.1f" fill="%s" fill-opacity="0.45" '
          'stroke="%s" stroke-width="1"%s/>'
          % (vx + cw, y1, px, y3, px, y4, vx + cw, y2, fill, stroke,
             ' stroke-dasharray="6,3"' if f & PTE_PS else ""))
        o('<rect x="%d" y="%.1f" width="%d" height="%.1f" fill="%s" stroke="%s" stroke-width="1.5"/>'
          % (px, y3, cw, max(y4 - y3, 1), fill, stroke))
        if y2 - y1 >= 13:
            o('<text x="%d" y="%.1f" text-anchor="middle" font-size="12">%s  %s</text>'
              % (vx + cw // 2, (y1 + y2) / 2 + 4, flagtext(f), human(s)))
        o('</g>')

    # Address labels: VA on the left of its column, PA on the right of its column.
    def labels(axis, x, anchor, marks):
        last = None
        for k, a in enumerate(axis.pts):
            y = axis.ys[k]
            name = marks.get(a)
            if a == TOP:
                text = "0xffffffff"
            else:
                text = "0x%08x" % a
            if name:
                o('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#c00" stroke-width="2"/>'
                  % (x - 8 if anchor == "end" else x - cw - 8, y, x + 8 if anchor == "start" else x + cw + 8, y))
            if last is not None and abs(last - y) < 13 and not name:
                continue
            dx = -6 if anchor == "end" else 6
            label = text + ("  " + name if name and anchor == "start" else "")
            if name and anchor == "end":
                label = name + "  " + text
            o('<text x="%d" y="%.1f" text-anchor="%s" font-family="DejaVu Sans Mono, monospace" '
              'font-size="12"%s>%s</text>' % (x + dx, y + 4, anchor,
                                               ' fill="#c00" font-weight="bold"' if name else "", label))
            last = y
    labels(va_axis, vx, "end", vmarks)
    labels(pa_axis, px + cw, "start", pmarks)

    # Legend.
    ly = top + H + 30
    items = [((False, False), "kernel, read-only (P)"), ((True, False), "kernel, read/write (P W)"),
             ((False, True), "user, read-only (P U)"), ((True, True), "user, read/write (P W U)")]
    x = 40
    for (w, u), text in items:
        fill, stroke = COLOURS[(w, u)]
        o('<rect x="%d" y="%d" width="22" height="14" fill="%s" stroke="%s"/>' % (x, ly, fill, stroke))
        o('<text x="%d" y="%d">%s</text>' % (x + 28, ly + 12, esc(text)))
        x += 250
    o('<text x="40" y="%d">Dashed band: a 4 MB page (PS in the PDE). Each band is one run: '
      'consecutive pages onto consecutive frames with the same flags. Heights are not to scale.</text>'
      % (ly + 36))
    o('</svg>')
    return "\n".join(out) + "\n"
