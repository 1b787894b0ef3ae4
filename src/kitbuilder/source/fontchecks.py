"""Checks of a parsed font's attributes read from the cache folder (:mod:`kitbuilder.source.fontcache`).

An entry of the cache folder is plain data behind a checksum, but the folder may be shared
or synced: an entry may have been written by someone else, under the digest of any font.
So what an entry says is checked when it is used, cheaply (far less than parsing the font):

- :func:`of_this_file`: the entry describes the font file it is used for: the file's table
  directory (tags, checksums, offsets, lengths) is the entry's, every table lies inside the
  file, and the glyph count ('maxp') and units per em ('head') read from the file are the
  entry's. A damaged (truncated) font named by a good font's entry is refused so.
- :func:`small_values_usable`: the small values have the types ReportLab's parser gives them.
- :func:`usable_table`: each large table, when it is unpacked, is what the parser makes
  (types and shapes: glyph numbers below the glyph count, one glyph position more than glyphs...).

Anything else is an unusable entry: the font is parsed from its file instead.
"""

from __future__ import annotations

import marshal
import math
import struct
from itertools import chain, starmap
from operator import add

NUMBER = (int, float)
# small values that drawing reads, and the types the parser gives them (the PDF's font name is
# made of name and subfontNameX; _full_font embeds the whole font instead of subsets)
SMALL_TYPES = {"ascent": NUMBER, "descent": NUMBER, "capHeight": NUMBER, "stemV": NUMBER,
               "italicAngle": NUMBER, "underlinePosition": NUMBER, "underlineThickness": NUMBER,
               "flags": int, "defaultWidth": NUMBER, "numGlyphs": int, "unitsPerEm": int, "numTables": int,
               "bold": int, "italic": int, "version": int, "name": bytes, "subfontNameX": bytes, "_full_font": bool}

# The types of a large table's items are checked by summing them, in C and at a few nanoseconds an
# item (a type test per item in Python costs five times as much): a sum is an int only when every
# item is one (bool included), a finite float only when every item is a finite int or float;
# anything else (a string, None, a list, a complex number) raises TypeError or gives another type.


def _ints(values) -> bool:
    return type(sum(values)) is int


def _numbers(values) -> bool:
    total = sum(values)
    return type(total) is int or type(total) is float and math.isfinite(total)


def _glyph_numbers(values, count: int) -> bool:
    if not _ints(values):
        return False
    ordered = sorted(values)  # a character map's glyphs mostly rise with the characters: quick to sort
    return not ordered or ordered[0] >= 0 and ordered[-1] < count


def _directory(table) -> bool:
    return isinstance(table, dict) and all(
        type(record) is dict and record.keys() == {"tag", "checksum", "offset", "length"}
        and isinstance(record["tag"], str) and _ints((record["checksum"], record["offset"], record["length"]))
        for record in table.values())


def _check(name: str, value, face) -> bool:
    count = face.numGlyphs
    if name == "charToGlyph":
        return type(value) is dict and _ints(value) and _glyph_numbers(value.values(), count)
    if name in ("charWidths", "glyphWidths"):
        return type(value) is dict and _ints(value) and _numbers(value.values())
    if name == "glyphToChar":
        return type(value) is dict and _glyph_numbers(value, count) and _ints(chain.from_iterable(value.values()))
    if name == "glyphPos":
        return type(value) is list and len(value) == count + 1 and _ints(value) and value[0] >= 0 \
            and value == sorted(value) and value[-1] <= len(face._ttf_data)
    if name == "hmetrics":  # pairs (advance, side bearing): add() takes two, and adds two numbers to a number
        return type(value) is list and len(value) == count and _numbers(starmap(add, value))
    if name == "table":
        return _directory(value)
    if name == "tables":
        return type(value) is list and _directory(dict(enumerate(value)))
    if name == "bbox":
        return type(value) is list and len(value) == 4 and _numbers(value)
    if name == "glyphNames":
        return type(value) is list and all(type(item) is str for item in value)
    return isinstance(value, (dict, list))  # one this kitbuilder does not know: as stored


def usable_table(face, name: str, packed: bytes):
    """The table ``name`` of ``face`` unpacked from ``packed``, or None when it is no marshal or
    not what ReportLab's parser makes for a font of ``face.numGlyphs`` glyphs."""
    try:
        value = marshal.loads(packed)
        return value if _check(name, value, face) else None
    except (AttributeError, EOFError, TypeError, ValueError, OverflowError):
        return None


OWN_NAMES = ("_fill", "_packed", "_ttf_data", "_pdfScale", "filename")  # set by kitbuilder, never stored


def usable_names(names, face_class) -> bool:
    """Whether ``names`` may be set on a face: no special name, nothing its class defines (a
    method), none of the names kitbuilder sets itself."""
    return all(isinstance(name, str) and not name.startswith("__") and not hasattr(face_class, name)
               and name not in OWN_NAMES for name in names)


def small_values_usable(face) -> bool:
    """Whether the small values set on ``face`` have the types the parser gives them."""
    values = vars(face)
    return all(key in values and isinstance(values[key], types) for key, types in SMALL_TYPES.items()) \
        and face.numGlyphs > 0 and face.unitsPerEm > 0


def of_this_file(face, packed: dict, data: bytes) -> bool:
    """Whether the entry (``face``'s small values, its ``packed`` table directory) describes the
    font file ``data``: the same table directory, every table inside the file, and the glyph
    count and units per em the file's 'maxp' and 'head' tables hold."""
    try:
        count = struct.unpack_from(">H", data, 4)[0]
        if count != face.numTables or 12 + 16 * count > len(data):
            return False
        found = {}
        for start in range(12, 12 + 16 * count, 16):
            tag, checksum, offset, length = struct.unpack_from(">4sLLL", data, start)
            if offset + length > len(data):
                return False
            tag = str(tag, "utf8")
            found[tag] = {"tag": tag, "checksum": checksum, "offset": offset, "length": length}
        if marshal.loads(packed["table"]) != found:
            return False
        glyphs = struct.unpack_from(">H", data, found["maxp"]["offset"] + 4)[0]
        units = struct.unpack_from(">H", data, found["head"]["offset"] + 18)[0]
        return glyphs == face.numGlyphs and units == face.unitsPerEm
    except (KeyError, TypeError, ValueError, EOFError, UnicodeDecodeError, struct.error):
        return False
