"""User text -> ReportLab paragraph markup that prints exactly what the user typed.

Every character is escaped, so ``<b>``, ``&amp;`` or ``</para>`` print as typed.
The only inline markup is ``*emphasis*`` and ``**strong**``, read into runs by
:mod:`kitbuilder.compose.inline`; an unbalanced asterisk prints literally. Runs of characters that the paragraph's font lacks are
set in the layout's fallback font (e.g. Chinese in a Latin text face).
"""

from __future__ import annotations

from typing import Callable

from kitbuilder.compose.inline import plain, spans  # noqa: F401 (re-exported: the neutral half of the markup)
from kitbuilder.compose.cjk import has_cjk, is_cjk

NARROW_NO_BREAK_SPACE = "\u202f"
NO_BREAK_SPACE = "\u00a0"
FINE_SPACE_EM = 0.14  # the width of a narrow no-break space (French "espace fine"), in ems


def escape(text: str, attribute: bool = False, narrow_space: str = NO_BREAK_SPACE) -> str:
    """Text as paragraph markup that shows it literally (what xml.sax.saxutils.escape
    does, without importing urllib and ssl on every run); ``attribute`` also escapes
    double quotes, for a value inside ``href="..."``. A narrow no-break space becomes
    ``narrow_space`` (see :func:`fine_space`)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # ReportLab breaks lines at a narrow no-break space (U+202F is in its list of white
    # space) but never at U+00A0: the French spaces before ; : ! ? and inside « » hold.
    text = text.replace(NARROW_NO_BREAK_SPACE, narrow_space)
    return text.replace('"', "&quot;") if attribute else text


def fine_space(font_name: str, size: float) -> str:
    """Markup for a narrow no-break space in ``font_name`` at ``size``: a no-break space
    (ReportLab never breaks there) set small enough to be :data:`FINE_SPACE_EM` wide."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    width = stringWidth(NO_BREAK_SPACE, font_name, 1.0)
    if width <= FINE_SPACE_EM:
        return NO_BREAK_SPACE
    return f'<font size="{size * FINE_SPACE_EM / width:.2f}">{NO_BREAK_SPACE}</font>'


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


def span_markup(text: str, fallback: Callable[[str], str | None] | None = None, strong: bool = False,
                emphasis: bool = False, space: str = NO_BREAK_SPACE, upright: str | None = None) -> str:
    """One run of text (already read for emphasis) as paragraph markup, escaped, with fallback
    fonts; ``space`` is the markup of a narrow no-break space (:func:`fine_space` for the run's font).
    ``upright`` is the run's font without italic: Chinese and Japanese have no italic, so the
    digits and punctuation inside CJK text are set in it (the CJK characters themselves are in
    the fallback font, which has no italic either), and never emphasised with italic."""
    return _with_fallback(text, fallback, strong, emphasis, space, upright)


def _styled(chunk: str, strong: bool, emphasis: bool) -> str:
    if emphasis:
        chunk = f"<i>{chunk}</i>"
    if strong:
        chunk = f"<b>{chunk}</b>"
    return chunk


def _in_cjk_text(text: str, index: int) -> bool:
    """Whether the character at ``index`` (a digit, a mark) stands in CJK text: the nearest
    letter before it, or else after it, is a Chinese or Japanese character."""
    for step in (-1, 1):
        k = index + step
        while 0 <= k < len(text) and not (text[k].isalpha() or is_cjk(text[k])):
            k += step
        if 0 <= k < len(text):
            return is_cjk(text[k])
    return False


def _with_fallback(text: str, fallback: Callable[[str], str | None] | None, strong: bool = False,
                   emphasis: bool = False, space: str = NO_BREAK_SPACE, upright: str | None = None) -> str:
    # <b> and <i> go inside <font face=...>: ReportLab resets bold and italic when a
    # <font face> tag opens, so <i><font face="X">...</font></i> would print upright.
    if fallback is None:
        return _styled(escape(text, narrow_space=space), strong, emphasis)
    # The fallback is asked once per distinct character, not per character; a text that
    # needs no fallback font and holds no CJK character (most text) is one plain run.
    distinct = set(text)
    # White space is always set in the paragraph's own font: ReportLab draws the
    # space between words in the font of the run holding it, and a fallback font
    # may have no space glyph (the bundled CJK subset has none: the gap would print
    # as a wide blank .notdef glyph and copy out of the PDF as NUL).
    font_of = {char: None if char.isspace() else fallback(char) for char in distinct}
    if text and not any(font_of.values()) and not has_cjk(text):
        return _styled(escape(text, narrow_space=space), strong, emphasis)
    return _fallback_runs(text, font_of.__getitem__, strong, emphasis, space, upright)


def _fallback_runs(text: str, font_of: Callable[[str], str | None], strong: bool, emphasis: bool,
                   space: str, upright: str | None) -> str:
    """:func:`_with_fallback` character by character (the slow path): ``font_of(char)`` is the
    fallback font of each character, None for white space and what the main font has."""
    out = []
    current_font: str | None = None
    cjk = False  # whether the run being gathered is CJK text (never italic)
    run: list[str] = []

    def flush():
        if not run:
            return
        chunk = _styled(escape("".join(run), narrow_space=space), strong, emphasis and not cjk)
        out.append(f'<font face="{current_font}">{chunk}</font>' if current_font else chunk)
        run.clear()

    for index, char in enumerate(text):
        font = font_of(char)
        in_cjk = is_cjk(char) or (upright is not None and not char.isalpha() and not char.isspace()
                                  and _in_cjk_text(text, index))
        if in_cjk and font is None:
            font = upright
        if font != current_font or (in_cjk != cjk and not char.isspace()):
            flush()
            current_font, cjk = font, in_cjk
        run.append(char)
    flush()
    return "".join(out)

