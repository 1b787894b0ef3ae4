"""What ReportLab writes out again for every PDF of a batch, worked out once per process:
compressed streams (the font subsets) and arrays of numbers (the subsets' glyph widths).

Every PDF a process writes embeds its font subsets (and their ToUnicode maps) as
compressed streams; one kit for fifty events, or a guide and a facilitator packet of the
same kit, embeds the same subsets each time, and compressing them is most of the cost of
writing one out. :class:`MemoisedCompress` takes ReportLab's place as the Flate filter
(``pdfdoc.PDFZCompress``, read by ReportLab each time it writes a stream) and compresses
each distinct stream once per process: keyed by the stream's bytes themselves, so it
gives exactly what ``zlib.compress`` gives, never another stream's result. Bounded
(least recently used first) by :data:`MAX_BYTES` of bytes held, keys and results both.

Each font subset also gets a /Widths array of up to 256 numbers, formatted one number at a
time (most of the objects ReportLab formats when it writes a guide out): an array of plain
numbers is formatted once per process (:func:`formatted_array`), keyed by its numbers with
their types and by everything else the formatting reads.
"""

from __future__ import annotations

import zlib

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

from kitbuilder.memo import Memo

MIN_SIZE = 1024  # a shorter stream is compressed afresh (keying it would cost about as much)
MAX_BYTES = 12_000_000  # of streams and their compressed forms held

COMPRESSED = Memo(max_entries=1000, max_weight=MAX_BYTES)


class MemoisedCompress(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's Flate filter, with each long stream compressed once per process."""

    def encode(self, text):
        if isinstance(text, str):
            text = text.encode("utf8")
        if len(text) < MIN_SIZE:
            return zlib.compress(text)
        key = bytes(text)  # (immutable: a bytearray changed later cannot be a key)
        known = COMPRESSED.get(key)
        if known is None:
            known = zlib.compress(key)
            COMPRESSED.put(key, known, len(key) + len(known))
        return known


ARRAYS = Memo(max_entries=2000, max_weight=4_000_000)  # (numbers, their types, layout) -> the array formatted
MIN_ARRAY = 16  # a shorter array is formatted afresh
_NUMBERS = (int, float)
_format_array = pdfdoc.PDFArray.format  # ReportLab's own


def formatted_array(self, document, IND=b"\n "):
    """``PDFArray.format``, memoised for an array of plain numbers (which formats the same in any
    document: ``pdfdoc.format`` gives a number as ``fp_str`` of it)."""
    sequence = self.sequence
    if len(sequence) < MIN_ARRAY:
        return _format_array(self, document, IND)
    kinds = tuple(map(type, sequence))
    if not all(kind in _NUMBERS for kind in kinds):
        return _format_array(self, document, IND)
    key = (tuple(sequence), kinds, self.multiline, IND, rl_config.pdfMultiLine)
    known = ARRAYS.get(key)
    if known is None:
        known = _format_array(self, document, IND)
        ARRAYS.put(key, known, 2 * len(known))
    return known


def install() -> None:
    """Make ReportLab compress its streams through :class:`MemoisedCompress` and format arrays
    through :func:`formatted_array` (once per process)."""
    if not isinstance(pdfdoc.PDFZCompress, MemoisedCompress):
        pdfdoc.PDFZCompress = MemoisedCompress()
    if pdfdoc.PDFArray.format is _format_array:
        pdfdoc.PDFArray.format = formatted_array
