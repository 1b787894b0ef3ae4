"""User text -> ReportLab paragraph markup that prints exactly what the user typed.

Every character is escaped, so ``<b>``, ``&amp;`` or ``</para>`` print as typed.
The only inline markup is ``*emphasis*`` and ``**strong**``; an unbalanced
asterisk prints literally. Runs of characters that the paragraph's font lacks are
set in the layout's fallback font (e.g. Chinese in a Latin text face).
"""

from __future__ import annotations

import re
from typing import Callable

STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
EMPHASIS = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.S)



def spans(text: str) -> list[tuple[str, bool, bool]]:
    """Split text into (literal text, strong, emphasis) spans."""
    result: list[tuple[str, bool, bool]] = []
    position = 0
    for match in STRONG.finditer(text):
        result.extend((s, False, e) for s, e in _emphasis_spans(text[position:match.start()]))
        result.extend((s, True, e) for s, e in _emphasis_spans(match.group(1)))
        position = match.end()
    result.extend((s, False, e) for s, e in _emphasis_spans(text[position:]))
    return [span for span in result if span[0]]


def _emphasis_spans(text: str) -> list[tuple[str, bool]]:
    result = []
    position = 0
    for match in EMPHASIS.finditer(text):
        result.append((text[position:match.start()], False))
        result.append((match.group(1), True))
        position = match.end()
    result.append((text[position:], False))
    return result


def escape(text: str, attribute: bool = False) -> str:
    """Text as paragraph markup that shows it literally (what xml.sax.saxutils.escape
    does, without importing urllib and ssl on every run); ``attribute`` also escapes
    double quotes, for a value inside ``href="..."``."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attribute else text


def plain(text: str) -> str:
    """The text as it reads in print: emphasis markers removed, nothing else changed."""
    return "".join(span for span, _, _ in spans(text))


def to_markup(text: str, fallback: Callable[[str], str | None] | None = None, uppercase: bool = False,
              inline: bool = True) -> str:
    """Escape ``text`` for a ReportLab Paragraph and apply the two inline markups.

    ``fallback(char)`` returns the registered font name to use for a character the
    paragraph's own font lacks, or None when the main font has it.
    ``inline=False`` prints asterisks literally (no emphasis parsing).
    """
    parts = []
    for span, strong, emphasis in (spans(text) if inline else [(text, False, False)]):
        if uppercase:
            span = span.upper()
        parts.append(_with_fallback(span, fallback, strong, emphasis))
    return "".join(parts)


def _styled(chunk: str, strong: bool, emphasis: bool) -> str:
    if emphasis:
        chunk = f"<i>{chunk}</i>"
    if strong:
        chunk = f"<b>{chunk}</b>"
    return chunk


def _with_fallback(text: str, fallback: Callable[[str], str | None] | None, strong: bool = False,
                   emphasis: bool = False) -> str:
    # <b> and <i> go inside <font face=...>: ReportLab resets bold and italic when a
    # <font face> tag opens, so <i><font face="X">...</font></i> would print upright.
    if fallback is None:
        return _styled(escape(text), strong, emphasis)
    out = []
    current_font: str | None = None
    run: list[str] = []

    def flush():
        if not run:
            return
        chunk = _styled(escape("".join(run)), strong, emphasis)
        out.append(f'<font face="{current_font}">{chunk}</font>' if current_font else chunk)
        run.clear()

    for char in text:
        # White space is always set in the paragraph's own font: ReportLab draws the
        # space between words in the font of the run holding it, and a fallback font
        # may have no space glyph (the bundled CJK subset has none: the gap would print
        # as a wide blank .notdef glyph and copy out of the PDF as NUL).
        font = None if char.isspace() else fallback(char)
        if font != current_font:
            flush()
            current_font = font
        run.append(char)
    flush()
    return "".join(out)

