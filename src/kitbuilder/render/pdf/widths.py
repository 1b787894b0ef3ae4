"""The widths ReportLab's paragraphs measure, each measured once.

Breaking a paragraph into lines, ReportLab asks ``stringWidth(text, font name, size)`` for
every word and every space it sets (some 10,000 times for a facilitator packet, a fifth of
them different), each time through two Python calls to reach the font. :func:`string_width`
answers a repeated question from a table kept for the process. A width depends on the text,
the size, the encoding of a text given as bytes and the font object the name stands for, so
an answer is given back only while the name still stands for the very object it was measured
with (a name given to another font object is measured again), and the table is emptied when
a font's tables are read again from its file (``fontcache.FACE_REFILLED``). Only words and
spaces are kept (texts up to :data:`MAX_KEPT_CHARS` characters: a long unbroken string is
measured each time), in a plain dict emptied when it holds :data:`MAX_WIDTHS` answers (under
10 MB): a bounded Memo's bookkeeping would cost more than the measuring it saves.
"""

from __future__ import annotations

import reportlab.platypus.paragraph as paragraph
from reportlab.pdfbase.pdfmetrics import _fonts

from kitbuilder.source.fontcache import FACE_REFILLED

_string_width = paragraph.stringWidth  # ReportLab's own (pdfmetrics.stringWidth)

MAX_WIDTHS = 20_000  # a facilitator packet asks some 2,000 different ones
MAX_KEPT_CHARS = 40  # longer texts (a URL, a whole line) are rarely asked for twice
_widths: dict[tuple, tuple] = {}  # (text, font name, size, encoding) -> (the font object, its width)
FACE_REFILLED.append(_widths.clear)


def string_width(text, fontName, fontSize, encoding="utf8"):
    """``pdfmetrics.stringWidth``, a repeated question answered from the table."""
    key = (text, fontName, fontSize, encoding)
    known = _widths.get(key)
    if known is not None and _fonts.get(fontName) is known[0]:
        return known[1]
    width = _string_width(text, fontName, fontSize, encoding)
    font = _fonts.get(fontName)
    if font is not None and len(text) <= MAX_KEPT_CHARS:
        if len(_widths) >= MAX_WIDTHS:
            _widths.clear()
        _widths[key] = (font, width)
    return width


def install() -> None:
    """Make ReportLab's paragraphs measure through :func:`string_width` (once per process)."""
    if paragraph.stringWidth is _string_width:
        paragraph.stringWidth = string_width
