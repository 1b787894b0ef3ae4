"""Where a character of a YAML text value stands in its file (line and column).

A value's own place (its :class:`~kitbuilder.diagnostics.Origin`) is where the scalar
starts: the first character of plain text, the opening quote, or the ``|`` / ``>``
of a block. A message about one character inside the text (an emoji no font has,
for instance) must point at that character: inside a block scalar it can be many
lines further down, and inside quotes one column to the right of the quote.

:class:`Span` keeps what is needed to find it: the file's text (shared by all the
values of one file), where the scalar starts and ends, and its style. The value's
characters are matched, in order, against the characters written in the file:
block indentation, folded line breaks, doubled quotes and backslash escapes are
stepped over. Anything unexpected falls back to the value's own place, so
:func:`locate` never raises.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import field

from kitbuilder.diagnostics import Origin
from kitbuilder.records import record

# The line breaks YAML counts (and so the parser's line numbers follow).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_SPACE = " \t\r\n\x85\u2028\u2029"
_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}


@record(eq=False)
class Document:
    """The text of one YAML file, with the offsets its lines start at (computed when first needed)."""

    path: str
    text: str
    _starts: list[int] = field(default_factory=list, repr=False)

    def starts(self) -> list[int]:
        if not self._starts:
            self._starts = [0] + [m.end() for m in _BREAK.finditer(self.text)]
        return self._starts

    def offset(self, line: int, column: int) -> int:
        """The index in the text of 0-based ``line`` and ``column``."""
        return self.starts()[line] + column

    def origin(self, index: int) -> Origin:
        starts = self.starts()
        line = bisect.bisect_right(starts, index) - 1
        return Origin(self.path, line + 1, index - starts[line] + 1)


@record(frozen=True, eq=False)
class Span:
    """Where one scalar stands in its file: start and end (0-based line, column) and its style."""

    document: Document
    line: int
    column: int
    end_line: int
    end_column: int
    style: str  # '' plain, "'" or '"' quoted, '|' literal block, '>' folded block


def locate(value: str, index: int, span: Span | None, fallback: Origin) -> Origin:
    """The file:line:col of ``value[index]``, or ``fallback`` when it cannot be told."""
    try:
        if span is None or not 0 <= index < len(value):
            return fallback
        found = _source_index(value, index, span)
        return span.document.origin(found) if found is not None else fallback
    except Exception:  # a place is a courtesy: never let it stop a message
        return fallback


def _source_index(value: str, index: int, span: Span) -> int | None:
    document = span.document
    text = document.text
    start = document.offset(span.line, span.column)
    end = min(document.offset(span.end_line, span.end_column), len(text))
    if span.style in ("|", ">"):
        header = _BREAK.search(text, start, end)  # skip '|', its indicators and a comment
        if header is None:
            return None
        start = header.end()
    elif span.style in ("'", '"'):
        start, end = start + 1, end - 1
    escapes = span.style == '"'
    position = start
    found = None
    for wanted in value[: index + 1]:
        while True:
            if position >= end:
                return None
            written = text[position]
            if escapes and written == "\\":
                following = text[position + 1] if position + 1 < end else ""
                if following in ("\r", "\n"):  # an escaped line break stands for nothing
                    position += 2
                    continue
                found = position
                position += 2 + _ESCAPE_DIGITS.get(following, 0)
                break
            if written == wanted or (wanted in _SPACE and written in _SPACE):
                found = position
                position += 1
                break
            position += 1
    return found
