"""User text -> ReportLab paragraph markup that prints exactly what the user typed.

Every character is escaped, so ``<b>``, ``&amp;`` or ``</para>`` print as typed.
The only inline markup is ``*emphasis*`` and ``**strong**``; an unbalanced
asterisk prints literally. Runs of characters that the paragraph's font lacks are
set in the layout's fallback font (e.g. Chinese in a Latin text face).
"""

from __future__ import annotations

from typing import Callable

# The two inline markups, as the scanner below reads them (the same rules as the
# regular expressions r"\*\*(?=\S)(.+?)(?<=\S)\*\*" and
# r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", leftmost and shortest first).
# A backtracking regex engine takes quadratic time on text such as "*x " repeated
# (every asterisk opens a match that fails only at the end of the text), so each
# pass is one linear scan: the nearest closing marker at or after every position is
# computed once, from the right.


def _word(char: str) -> bool:  # what \w matches
    return char.isalnum() or char == "_"


def _strong_matches(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ``**strong**`` (markers included), left to right, without overlap."""
    n = len(text)
    closer = [-1] * (n + 2)  # closer[p]: the first k >= p where '**' at k closes (non-space before it)
    following = -1
    for k in range(n - 2, 0, -1):
        if text[k] == "*" and text[k + 1] == "*" and not text[k - 1].isspace():
            following = k
        closer[k] = following
    matches = []
    i = 0
    while i + 3 < n:
        if text[i] == "*" and text[i + 1] == "*" and not text[i + 2].isspace():
            k = closer[i + 3]
            if k < 0:
                break  # no closing marker anywhere further on: no later opener can close either
            matches.append((i, k + 2))
            i = k + 2
        else:
            i += 1
    return matches


def _emphasis_matches(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ``*emphasis*`` (markers included), left to right, without overlap."""
    n = len(text)

    def hugs(char: str) -> bool:  # [^\s*]
        return char != "*" and not char.isspace()

    closer = [-1] * (n + 2)  # closer[p]: the first k >= p where a '*' at k closes emphasis
    following = -1
    for k in range(n - 1, 0, -1):
        if text[k] == "*" and hugs(text[k - 1]) and (k + 1 == n or (text[k + 1] != "*" and not _word(text[k + 1]))):
            following = k
        closer[k] = following
    matches = []
    i = 0
    while i + 2 < n:
        if text[i] == "*" and hugs(text[i + 1]) and (i == 0 or (text[i - 1] != "*" and not _word(text[i - 1]))):
            k = closer[i + 2]
            if k < 0:
                break
            matches.append((i, k + 1))
            i = k + 1
        else:
            i += 1
    return matches


def spans(text: str) -> list[tuple[str, bool, bool]]:
    """Split text into (literal text, strong, emphasis) spans, in time linear in its length."""
    result: list[tuple[str, bool, bool]] = []
    position = 0
    for start, end in _strong_matches(text):
        result.extend((s, False, e) for s, e in _emphasis_spans(text[position:start]))
        result.extend((s, True, e) for s, e in _emphasis_spans(text[start + 2:end - 2]))
        position = end
    result.extend((s, False, e) for s, e in _emphasis_spans(text[position:]))
    return [span for span in result if span[0]]


def _emphasis_spans(text: str) -> list[tuple[str, bool]]:
    result = []
    position = 0
    for start, end in _emphasis_matches(text):
        result.append((text[position:start], False))
        result.append((text[start + 1:end - 1], True))
        position = end
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

