"""Lengths, paper sizes, colours and gray: the one copy of each.

Every module that reads a length (``0.75in``), names a paper, reads a ``#rrggbb``
colour or turns a colour gray for a black-and-white printer uses these.
"""

from __future__ import annotations

import re

# Points per unit; a length is a number of points or a number and one of these units.
UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}
INCH, MM = UNITS["in"], UNITS["mm"]  # for lengths written in code: 0.8 * INCH
NUMBER = r"-?\d{1,6}(?:\.\d{1,6})?"
LENGTH = re.compile(rf"\s*({NUMBER})\s*(pt|in|mm|cm)\s*")
LENGTH_PATTERN = rf"^\s*{NUMBER}\s*(pt|in|mm|cm)\s*$"  # the same rule for JSON Schema
MAX_LENGTH = 2000.0  # points: larger than any paper kitbuilder prints on

PAPER_SIZES = {  # width, height in points (portrait)
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
}

HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
HEX_COLOR_PATTERN = r"^\s*#[0-9a-fA-F]{6}\s*$"  # the same rule for JSON Schema


def length_points(text: str) -> float | None:
    """``0.75in``, ``18mm``, ``2cm`` or ``12pt`` in points; None when it is not such a length
    or is longer than :data:`MAX_LENGTH`."""
    match = LENGTH.fullmatch(text)
    if not match:
        return None
    points = float(match.group(1)) * UNITS[match.group(2)]
    return points if abs(points) <= MAX_LENGTH else None


def rgb(hex_color: str) -> tuple[int, int, int]:
    """``#rrggbb`` as three numbers from 0 to 255."""
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


def luminance(red: float, green: float, blue: float) -> float:
    """How light a colour looks (ITU-R BT.601 weights), on the scale of its components."""
    return 0.299 * red + 0.587 * green + 0.114 * blue


def to_gray(hex_color: str) -> str:
    """Gray for black-and-white printers, by luminance. Dark colours (text, headings in
    the accent colour) are darkened further so headings do not print paler than the
    text; light ones (panels, rules) keep their tint."""
    level = luminance(*rgb(hex_color))
    level = round(level * 0.4 if level < 128 else level)
    return f"#{level:02x}{level:02x}{level:02x}"
