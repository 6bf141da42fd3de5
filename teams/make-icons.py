#!/usr/bin/env python3
"""Draws the Teams app icons with no imaging library: color.png (192x192, a white speech bubble
on the accent colour) and outline.png (32x32, the same bubble as a white outline on transparency),
the two sizes and styles Teams requires."""
import struct
import sys
import zlib
from pathlib import Path

ACCENT = (0x2B, 0x6C, 0xB0, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    Path(path).write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def in_bubble(x, y, size, inset=0.0):
    """A rounded rectangle with a tail at the lower left, in coordinates scaled to the icon."""
    u, v = x / size, y / size
    left, top, right, bottom, radius = 0.18 + inset, 0.2 + inset, 0.82 - inset, 0.68 - inset, 0.1
    cx = min(max(u, left + radius), right - radius)
    cy = min(max(v, top + radius), bottom - radius)
    if left <= u <= right and top <= v <= bottom and (u - cx) ** 2 + (v - cy) ** 2 <= radius ** 2:
        return True
    # the tail: a triangle under the bubble's left side
    return inset == 0.0 and bottom <= v <= 0.84 and 0.3 <= u <= 0.3 + (0.84 - v) * 1.2


def color(x, y, size):
    return WHITE if in_bubble(x + 0.5, y + 0.5, size) else ACCENT


def outline(x, y, size):
    inside = in_bubble(x + 0.5, y + 0.5, size)
    hollow = in_bubble(x + 0.5, y + 0.5, size, inset=2.0 / size)
    return WHITE if inside and not hollow else CLEAR


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
    png(folder / "color.png", 192, color)
    png(folder / "outline.png", 32, outline)
