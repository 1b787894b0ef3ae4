"""The running header and footer: one line each, never wrapped.

The left, centre and right texts are set at their natural widths. When together they
are wider than the text area, the type is made a little smaller (down to
:data:`SMALLEST_SCALE` of the running style, never below :data:`SMALLEST_SIZE`), then the
longest side text is shortened at a word, with an ellipsis. A text that would need more than two whole lines is a
mistake the user must fix (a film title of a hundred words): it is refused with the
key to change.
"""

from __future__ import annotations

import math

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from kitbuilder.diagnostics import KitbuilderError
from kitbuilder.render.pdf.markup import plain
from kitbuilder.memo import Memo
from kitbuilder.render.pdf.memo import MemoParagraph, style_key

GAP = 12.0  # points between two texts of the line
SMALLEST_SCALE = 0.85  # the running style may shrink to this to keep the line whole
SMALLEST_SIZE = 8.0  # points: smaller than this a running text is shortened instead (R-print2 item 10)
ELLIPSIS = "\u2026"
# Lines set, by (their texts' markup, the running style's values, left, right): each page of a
# document and each document of a batch sets the same few lines. Only a line set whole is kept
# (a shortened text depends on more than its markup; a refused one is reported every time).
LINES = Memo(max_entries=2000)
SIDES = Memo(max_entries=2000)  # (a text's markup, its style's values) -> (its paragraph, natural width)
FITTED = Memo(max_entries=200, max_weight=200)  # (the running style's values, scale) -> (that style scaled, its values)


def natural_width(para: Paragraph) -> float:
    para.wrap(1e6, 1e6)
    return max(para.getActualLineWidths0() or [0.0]) + 0.5


def positions(widths: dict[str, float], left: float, right: float) -> dict[str, float] | None:
    """x of each text on one line from ``left`` to ``right``, or None when they do not fit:
    left and right at the edges, the centre text centred, or moved aside to clear them."""
    if sum(widths.values()) + GAP * (len(widths) - 1) > right - left:
        return None
    xs = {}
    if "left" in widths:
        xs["left"] = left
    if "right" in widths:
        xs["right"] = right - widths["right"]
    if "center" in widths:
        width = widths["center"]
        lowest = left + (widths["left"] + GAP if "left" in widths else 0)
        highest = right - width - (widths["right"] + GAP if "right" in widths else 0)
        xs["center"] = min(max(left + (right - left - width) / 2, lowest), highest)
    return xs


def shorten(text: str, fits) -> str:
    """``text`` cut after its last word such that ``fits(text + ellipsis)``; at least one word."""
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        candidate = " ".join(words[:count]).rstrip(",;:\u00b7-\u2013\u2014 ") + ELLIPSIS
        if fits(candidate):
            return candidate
    return words[0] + ELLIPSIS if words else text


def set_line(texts: dict[str, str], markup, style: ParagraphStyle, left: float, right: float,
             refuse) -> list[tuple[Paragraph, float]]:
    """(paragraph, x) for each text of one running line. ``markup(text)`` makes a text
    paragraph markup; ``refuse(side, lines)`` is called for a text far too long for the line.
    The paragraphs may be shared with other pages and documents: they are only to be drawn."""
    marked = {side: markup(text) for side, text in texts.items()}
    values = style_key(style)
    key = (tuple(marked.items()), values, left, right) if values is not None else None
    known = LINES.get(key) if key is not None else None
    if known is not None:
        return list(known)
    line, whole = _set_line(texts, marked, markup, style, left, right, refuse)
    if whole and key is not None:
        LINES.put(key, tuple(line), sum(map(len, marked.values())))
    return line


def _fitted(style: ParagraphStyle, scale: float) -> tuple[ParagraphStyle, int | None]:
    """The running style at ``scale`` and the number of its values (memo.style_key), made once per
    process for each running style (by name and values; a style is never changed once made)."""
    base = style_key(style)
    key = (style.name, base, scale) if base is not None else None
    known = FITTED.get(key) if key is not None else None
    if known is None:
        fitted = ParagraphStyle(f"{style.name}-{scale}", parent=style, fontSize=style.fontSize * scale,
                                leading=style.leading * scale)
        known = (fitted, style_key(fitted))
        if key is not None:
            FITTED.put(key, known, 1)
    return known


def _measured(marked: str, style: ParagraphStyle, values: int | None) -> tuple[Paragraph, float]:
    """One text of a line set in ``style`` (whose values are numbered ``values``) and its natural
    width: on every page the page number changes one text of the line, not the others."""
    key = (marked, values) if values is not None else None
    known = SIDES.get(key) if key is not None else None
    if known is None:
        para = MemoParagraph(marked, style)
        known = (para, natural_width(para))
        if key is not None:
            SIDES.put(key, known, len(marked))
    return known


def _set_line(texts, marked, markup, style, left, right, refuse) -> tuple[list, bool]:
    """:func:`set_line`, and whether the line was set whole (no text refused or shortened)."""
    total = right - left
    scales = [scale for scale in (0.95, 0.9, SMALLEST_SCALE) if style.fontSize * scale >= SMALLEST_SIZE - 1e-6]
    for scale in [1.0] + scales:
        fitted, values = _fitted(style, scale)
        measured = {side: _measured(marked[side], fitted, values) for side in texts}
        paras = {side: para for side, (para, _) in measured.items()}
        widths = {side: width for side, (_, width) in measured.items()}
        if scale == 1.0:
            for side, width in widths.items():
                if width > 2 * total:
                    refuse(side, math.ceil(width / total))
                    return [], False
        xs = positions(widths, left, right)
        if xs is not None:
            return [(paras[side], xs[side]) for side in paras], True
    # Still too wide at the smallest size: shorten the longest side text.
    sides = sorted((side for side in widths if side != "center"), key=lambda s: -widths[s]) or ["center"]
    longest = sides[0]
    others = sum(w for side, w in widths.items() if side != longest) + GAP * (len(widths) - 1)
    room = total - others

    def fits(candidate: str) -> bool:
        return natural_width(Paragraph(markup(candidate), fitted)) <= room

    paras[longest] = Paragraph(markup(shorten(plain(texts[longest]), fits)), fitted)
    widths[longest] = natural_width(paras[longest])
    xs = positions(widths, left, right) or {side: left for side in widths}
    return [(paras[side], xs[side]) for side in paras], False


def too_long(comp, template, where: str, side: str, lines: int) -> KitbuilderError:
    """The refusal of a running text that would need ``lines`` lines."""
    long_value = comp.kit.film.title if "{film.title}" in template else template
    return KitbuilderError.single(
        getattr(long_value, "origin", None),
        f"the running {where} ({where}.{side}: {str(template)!r}) of layout '{comp.layout.name}' "
        f"needs {lines} lines at the {side}; at most 2 fit in the margin",
        f"shorten the text it shows (e.g. the film title), or set a shorter one with "
        f"--set {where}.{side}=...",
    )
