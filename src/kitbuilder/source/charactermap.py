"""Checks of a TrueType file's tables that ReportLab's parser does not make.

How many characters its character map claims, read from its bytes: ReportLab's parser
loops over every character a map claims, and a damaged or hostile file claiming billions
would keep it busy for hours, so :mod:`kitbuilder.source.fontfiles` refuses one that
claims more than Unicode has before ReportLab reads it. And whether its widths can be a
text font's, once parsed.
"""

from __future__ import annotations

import struct

from kitbuilder.diagnostics import KitbuilderError

MAX_MAPPED_CHARACTERS = 200_000  # Unicode assigns ~150,000 characters; no real font maps more


def check_character_map(data: bytes) -> None:
    """Refuse a character map that claims more characters than Unicode has (ReportLab would
    loop over every one of them). Mirrors the table ReportLab picks; a damaged map is left to
    ReportLab's own parser, whose errors are caught."""
    try:
        count = mapped_characters(data)
    except (struct.error, IndexError):
        return
    if count > MAX_MAPPED_CHARACTERS:
        raise KitbuilderError.single(None, f"its character map claims {count:,} characters "
                                     f"(a font has at most {MAX_MAPPED_CHARACTERS:,})")


def mapped_characters(data: bytes) -> int:
    u16 = lambda pos: struct.unpack_from(">H", data, pos)[0]  # noqa: E731
    u32 = lambda pos: struct.unpack_from(">L", data, pos)[0]  # noqa: E731
    tables = {}
    for n in range(u16(4)):
        record = 12 + 16 * n
        tables[data[record:record + 4]] = u32(record + 8)
    if b"cmap" not in tables:
        return 0
    cmap = tables[b"cmap"]
    version, count = u16(cmap), u16(cmap + 2)
    if count == 0 and version != 0:
        count = version
    chosen, enc = None, 0
    for n in range(count):
        platform, encoding, offset = u16(cmap + 4 + 8 * n), u16(cmap + 6 + 8 * n), u32(cmap + 8 + 8 * n)
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            enc, chosen = 1, offset
        elif platform == 1 and encoding == 0 and enc != 1:
            enc, chosen = 2, offset
    if chosen is None:
        return 0
    pos = cmap + chosen
    fmt = u16(pos)
    if fmt == 4:
        segments = u16(pos + 6) // 2
        ends, starts = pos + 14, pos + 16 + 2 * segments
        return sum(max(0, u16(ends + 2 * n) - u16(starts + 2 * n) + 1)
                   for n in range(segments) if starts + 2 * n + 2 <= len(data))
    if fmt == 10:
        return min(u32(pos + 16), max(0, len(data) - pos - 20) // 2)
    if fmt in (12, 13):
        groups = min(u32(pos + 12), max(0, len(data) - pos - 16) // 12)
        total = 0
        for n in range(groups):
            start, end = u32(pos + 16 + 12 * n), u32(pos + 20 + 12 * n)
            total += max(0, end - start + 1)
            if total > MAX_MAPPED_CHARACTERS:
                break
        return total
    return 0


SANE_WIDTHS = "AEMNOaemno0"  # letters and a digit every text font draws, none wider than an em or two
MAX_ADVANCE = 4000  # thousandths of an em: four ems, far beyond any letter of a text font


def check_widths(face) -> None:
    """Refuse a font whose widths cannot be a text font's (a damaged width table: the type would
    be set 'needing 14 lines' for a title and the error would point at the kit, not the font)."""
    widths = [face.charWidths.get(ord(char)) for char in SANE_WIDTHS]
    if any(width is not None and not 0 < width <= MAX_ADVANCE for width in widths):
        raise KitbuilderError.single(None, "its table of character widths is damaged (letters wider than "
                                     "four ems, or with no width)")
