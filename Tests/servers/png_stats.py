"""Counts the coloured pixels of a PNG (a browser's screenshot), with the
standard library only: PNG chunks, zlib, and the five row filters.

Usage: png_stats.py FILE TOP BOTTOM
Prints JSON: {"width": W, "height": H, "coloured": N, "non_background": M}
for the rows TOP..BOTTOM (pixels): `coloured` are saturated pixels (the
chart's bars and markers; text is black or grey), `non_background` differ
from the top-left pixel.
"""
import json
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or interlace != 0 or colour not in (2, 6):
        raise SystemExit(f"unsupported PNG: depth {depth}, colour {colour}, interlace {interlace}")
    bpp = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def main():
    path, top, bottom = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    width, height, bpp, rows = read_png(path)
    background = tuple(rows[0][0:3])
    coloured = non_background = 0
    for y in range(max(0, top), min(height, bottom)):
        line = rows[y]
        for x in range(0, width * bpp, bpp):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if (r, g, b) != background:
                non_background += 1
            if max(r, g, b) - min(r, g, b) > 60:
                coloured += 1
    print(json.dumps({"width": width, "height": height, "coloured": coloured, "non_background": non_background}))


main()
