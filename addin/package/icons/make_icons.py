"""Draws the extension's icons (42 x 42 pixels, as the Extension Manager shows
them): a pipeline funnel over three bars, the last one highlighted. Writes
truepipe.png and the high-contrast truepipe-hc.png beside this file.
Run by hand after changing the drawing; the PNGs are checked in."""

import struct
import zlib
from pathlib import Path

SIZE = 42


def inside_funnel(x, y):
    # A funnel from the top edge narrowing to a spout: wide at y=6, narrow at y=20.
    if 6 <= y <= 20:
        half = 16 - (y - 6) * 12 / 14
        return abs(x - 20.5) <= half
    return False


def bars(x, y):
    """0 outside, 1 for an ordinary bar, 2 for the highlighted one."""
    for index, (left, top) in enumerate([(9, 30), (18, 26), (27, 23)]):
        if left <= x < left + 7 and top <= y <= 36:
            return 2 if index == 2 else 1
    return 0


def pixel(x, y, palette):
    corner = 6
    dx = max(corner - x, x - (SIZE - 1 - corner), 0)
    dy = max(corner - y, y - (SIZE - 1 - corner), 0)
    if dx * dx + dy * dy > corner * corner:
        return (0, 0, 0, 0)
    if bars(x, y) == 2:
        return palette["highlight"]
    if bars(x, y) == 1 or inside_funnel(x, y):
        return palette["shape"]
    return palette["background"]


def png(palette):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, palette)) for x in range(SIZE)) for y in range(SIZE))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    (here / "truepipe.png").write_bytes(png({
        "background": (22, 94, 110, 255), "shape": (236, 244, 246, 255), "highlight": (255, 183, 3, 255)}))
    (here / "truepipe-hc.png").write_bytes(png({
        "background": (0, 0, 0, 255), "shape": (255, 255, 255, 255), "highlight": (255, 255, 0, 255)}))
