"""A drawn text's characters turned into its font subset's codes without a Python loop
when every one of them already has its code.

ReportLab's ``TTFont.splitString`` turns every text it draws into (subset, codes) pieces one
character at a time in Python (about 30,000 characters for a facilitator packet): it gives
a character its code the first time the document draws it, and reads that code back every
time after. Once each character of a text has its code in the document's first subset (a
Latin text after its first lines), the answer is that one piece, the codes read back:
:func:`split_string` reads them with ``str.translate`` (no loop in Python) and leaves every other
case (a character without a code yet, a glyph the font lacks, a second subset, bytes) to
ReportLab's own, so the codes given out, their order and the pieces are ReportLab's.
"""

from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont

_split_string = TTFont.splitString  # ReportLab's own


def split_string(self, text, doc, encoding="utf-8"):
    """``TTFont.splitString``, its answer read back at once when every character of ``text``
    already has a code in the first subset of ``doc``."""
    state = self.state.get(doc) if type(text) is str else None
    if state is not None:
        text_ = text.replace("\u00a0", " ")  # (ReportLab draws a no-break space as the space)
        if not text_:
            return []
        known = _first_subset(state)
        if known[1].issuperset(text_):
            return [(0, text_.translate(known[2]).encode("latin-1"))]
    return _split_string(self, text, doc, encoding)


def _first_subset(state) -> tuple:
    """(number of codes given out, the characters with a code in the first subset, a table
    from each to its code) of a font's state in one document, made again when codes were
    given out since (a code once given is never changed)."""
    assignments = state.assignments
    known = getattr(state, "_kb_first_subset", None)
    if known is None or known[0] != len(assignments):
        table = {char: code for char, code in assignments.items() if code < 256}
        known = state._kb_first_subset = (len(assignments), frozenset(map(chr, table)), table)
    return known


def install() -> None:
    """Make ReportLab's TrueType fonts split the texts they draw through :func:`split_string`
    (once per process)."""
    if TTFont.splitString is _split_string:
        TTFont.splitString = split_string
