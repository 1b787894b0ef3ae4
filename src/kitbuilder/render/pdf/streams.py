"""Compressed PDF streams memoised: a batch embeds the same font subsets again and again.

Every PDF a process writes embeds its font subsets (and their ToUnicode maps) as
compressed streams; one kit for fifty events, or a guide and a facilitator packet of the
same kit, embeds the same subsets each time, and compressing them is most of the cost of
writing one out. :class:`MemoisedCompress` takes ReportLab's place as the Flate filter
(``pdfdoc.PDFZCompress``, read by ReportLab each time it writes a stream) and compresses
each distinct stream once per process: keyed by the stream's bytes themselves, so it
gives exactly what ``zlib.compress`` gives, never another stream's result. Bounded
(least recently used first) by :data:`MAX_BYTES` of bytes held, keys and results both.
"""

from __future__ import annotations

import zlib

from reportlab.pdfbase import pdfdoc

from kitbuilder.render.pdf.memo import Memo

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


def install() -> None:
    """Make ReportLab compress its streams through :class:`MemoisedCompress` (once per process)."""
    if not isinstance(pdfdoc.PDFZCompress, MemoisedCompress):
        pdfdoc.PDFZCompress = MemoisedCompress()
