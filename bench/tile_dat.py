#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tile_dat.py: a long trace.dat made of one real capture repeated in time.

Usage: tile_dat.py SRC_v6.dat OUT_v6.dat COPIES [SHIFT_NS]

SRC must be an uncompressed trace.dat v6 with one ring buffer (make it with
`trace-cmd convert --file-version 6 --compression none`). OUT keeps SRC's headers, event
formats, kallsyms, cmdlines and options byte for byte; each CPU's ring-buffer pages are
written COPIES times, copy k with every timestamp moved by k * period, where period is the
capture's span (first to last event over all CPUs) plus 1 ms. Events keep their bytes, so
readers see the capture's own records, formats and rates, COPIES times in a row. SHIFT_NS
moves the whole result in time (a distinct file with the same content). Only page
headers (and absolute time stamps inside pages, if any) are rewritten. Convert the result
back to v7 with `trace-cmd convert` if wanted.

This is a bench input generator, not a reader: ioaware never parses trace.dat itself.
"""
import struct
import sys

TS_SHIFT = 27


def die(msg):
    sys.stderr.write("tile_dat.py: %s\n" % msg)
    sys.exit(1)


def layout(d):
    """page size, offset of the CPU table, [(offset, size)] per CPU"""
    if d[:10] != b"\x17\x08Dtracing" or d[10:12] != b"6\x00":
        die("not an uncompressed trace.dat v6")
    if d[12] != 0 or d[13] != 8:
        die("only little-endian 64-bit traces")
    page = struct.unpack_from("<I", d, 14)[0]
    i = d.rfind(b"flyrecord\x00")
    if i < 0:
        die("no flyrecord section (latency traces are not supported)")
    tab = i + 10
    j = d.rfind(b"options  \x00", 0, i)
    if j < 4:
        die("no options section")
    n = struct.unpack_from("<I", d, j - 4)[0]
    if not 1 <= n <= 4096:
        die("implausible CPU count %d" % n)
    cpus = [struct.unpack_from("<QQ", d, tab + 16 * c) for c in range(n)]
    for off, size in cpus:
        if size and (off % page or off + size > len(d) or off < tab + 16 * n):
            die("bad CPU table")
    if not cpus or sum(s for _, s in cpus) == 0:
        die("no CPU data")
    return page, tab, cpus


ABSOLUTE = []


def walk_page(d, base, page, shift=None, out=None):
    """last event time of the page; with shift, absolute time stamps are moved in out"""
    ts = struct.unpack_from("<Q", d, base)[0]
    commit = struct.unpack_from("<Q", d, base + 8)[0] & 0x3FFFFFFF
    p, end = base + 16, base + 16 + min(commit, page - 16)
    while p + 4 <= end:
        w = struct.unpack_from("<I", d, p)[0]
        tlen, delta = w & 0x1F, w >> 5
        if tlen == 29:  # padding
            if delta == 0:
                break
            p += 4 + struct.unpack_from("<I", d, p + 4)[0]
            continue
        if tlen == 30:  # time extend
            ts += (struct.unpack_from("<I", d, p + 4)[0] << TS_SHIFT) + delta
            p += 8
            continue
        if tlen == 31:  # absolute time stamp
            ts = (struct.unpack_from("<I", d, p + 4)[0] << TS_SHIFT) | delta
            ABSOLUTE.append(base)
            if shift is not None:
                v = ts + shift
                struct.pack_into("<II", out, p - base, (w & 0x1F) | ((v & (2**27 - 1)) << 5),
                                 v >> TS_SHIFT)
            p += 8
            continue
        ts += delta
        if tlen == 0:
            p += 4 + ((struct.unpack_from("<I", d, p + 4)[0] + 3) & ~3)
        else:
            p += 4 + 4 * tlen
    return ts


def span(d, page, cpus):
    first, last = None, 0
    for off, size in cpus:
        for base in range(off, off + size, page):
            t0 = struct.unpack_from("<Q", d, base)[0]
            first = t0 if first is None else min(first, t0)
            last = max(last, walk_page(d, base, page))
    return first, last


def main():
    if len(sys.argv) not in (4, 5):
        die("usage: tile_dat.py SRC_v6.dat OUT_v6.dat COPIES [SHIFT_NS]")
    d = open(sys.argv[1], "rb").read()
    copies = int(sys.argv[3])
    base_shift = int(sys.argv[4]) if len(sys.argv) == 5 else 0
    if copies < 1:
        die("COPIES must be >= 1")
    page, tab, cpus = layout(d)
    first, last = span(d, page, cpus)
    period = last - first + 1000000
    head = bytearray(d[:tab])
    table_end = tab + 16 * len(cpus)
    data_at = (table_end + page - 1) // page * page
    offs, o = [], data_at
    for _, size in cpus:
        offs.append(o if size else 0)
        o += size * copies
    for c, (_, size) in enumerate(cpus):
        head += struct.pack("<QQ", offs[c], size * copies)
    head += b"\x00" * (data_at - len(head))
    with open(sys.argv[2], "wb") as f:
        f.write(head)
        for off, size in cpus:
            for k in range(copies):
                for base in range(off, off + size, page):
                    pg = bytearray(d[base:base + page])
                    shift = base_shift + k * period
                    struct.pack_into("<Q", pg, 0, struct.unpack_from("<Q", pg, 0)[0] + shift)
                    if shift and ABSOLUTE:
                        walk_page(d, base, page, shift, pg)
                    f.write(pg)
    sys.stderr.write("tile_dat.py: %d CPUs, %d copies, period %d\n" % (len(cpus), copies, period))


main()
