"""Invisible characters that come with text pasted from web pages and word processors.

They carry no letter: a zero-width space (U+200B), the joiners U+200C/U+200D, the
direction marks U+200E/U+200F, the word joiner U+2060, a byte-order mark U+FEFF, and
variation selectors. kitbuilder's fonts and line breaking give them no meaning (no
shaping of joined scripts, and ReportLab treats U+200B as a space), so compose removes
them from the text it prints, and the glyph check warns once per field instead of
refusing it. The soft hyphen U+00AD is honoured: a line may break there, with a hyphen,
and elsewhere it prints nothing. In an address every character counts: there they are
still refused.
"""

from __future__ import annotations

REMOVED = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")
SOFT_HYPHEN = "\u00ad"


def is_removed(char: str) -> bool:
    """Whether compose removes ``char`` from printed text."""
    code = ord(char)
    return char in REMOVED or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def without_invisibles(text: str) -> str:
    """``text`` without the characters compose removes."""
    return "".join(c for c in text if not is_removed(c)) if any(map(is_removed, text)) else text


def is_address(field: str) -> bool:
    """Whether the field holds a web or e-mail address (``about.url``, ``ways_to_influence[2].url``)."""
    return field.rsplit(".", 1)[-1] == "url"
