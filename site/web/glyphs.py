"""Which characters a TrueType font has glyphs for, read from its `cmap` table.

Pillow draws a character the font lacks as an empty box and says nothing, so the share cards
ask this first. The table's layout is the OpenType specification's ("cmap — Character to Glyph
Index Mapping Table"); only the two Unicode formats fonts ship are read: 12 (all planes) and,
where a font has no format 12 subtable, 4 (the Basic Multilingual Plane).
"""

from __future__ import annotations

import struct
from pathlib import Path

# (platform, encoding) of Unicode subtables, best first: full repertoire, then BMP only.
FULL = ((3, 10), (0, 4), (0, 6))
BMP = ((3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


class FontError(ValueError):
    """A file that is not a TrueType/OpenType font with a Unicode cmap."""


def _table(data: bytes, tag: bytes) -> bytes:
    (count,) = struct.unpack_from(">H", data, 4)
    for n in range(count):
        name, _checksum, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * n)
        if name == tag:
            return data[offset : offset + length]
    raise FontError(f"the font has no {tag.decode()} table")


def _format_12(table: bytes, at: int) -> set[int]:
    (groups,) = struct.unpack_from(">L", table, at + 12)
    covered: set[int] = set()
    for n in range(groups):
        first, last, glyph = struct.unpack_from(">LLL", table, at + 16 + 12 * n)
        # Glyph 0 is .notdef, the empty box: a group mapping there covers nothing.
        covered.update(range(first + (glyph == 0), last + 1))
    return covered


def _format_4(table: bytes, at: int) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", table, at + 6)
    segments = seg_x2 // 2
    ends = struct.unpack_from(f">{segments}H", table, at + 14)
    starts = struct.unpack_from(f">{segments}H", table, at + 16 + seg_x2)
    deltas = struct.unpack_from(f">{segments}h", table, at + 16 + 2 * seg_x2)
    offsets_at = at + 16 + 3 * seg_x2
    offsets = struct.unpack_from(f">{segments}H", table, offsets_at)
    covered: set[int] = set()
    segments_of = zip(starts, ends, deltas, offsets, strict=True)
    for n, (start, end, delta, offset) in enumerate(segments_of):
        for code in range(start, min(end, 0xFFFE) + 1):
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                # idRangeOffset counts bytes from its own place in the table.
                index_at = offsets_at + 2 * n + offset + 2 * (code - start)
                (glyph,) = struct.unpack_from(">H", table, index_at)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                covered.add(code)
    return covered


def coverage(path: Path) -> frozenset[int]:
    """The code points `path` maps to a real glyph."""
    data = path.read_bytes()
    try:
        table = _table(data, b"cmap")
        (count,) = struct.unpack_from(">H", table, 2)
        subtables = {}
        for n in range(count):
            platform, encoding, offset = struct.unpack_from(">HHL", table, 4 + 8 * n)
            subtables[(platform, encoding)] = offset
        for wanted, formats in ((FULL, (12,)), (BMP, (4,))):
            for key in wanted:
                if key in subtables:
                    at = subtables[key]
                    (kind,) = struct.unpack_from(">H", table, at)
                    if kind in formats:
                        read = _format_12 if kind == 12 else _format_4
                        return frozenset(read(table, at))
    except struct.error as exc:
        raise FontError(f"{path.name}: its cmap table is cut short") from exc
    raise FontError(f"{path.name} has no Unicode cmap of format 4 or 12")
