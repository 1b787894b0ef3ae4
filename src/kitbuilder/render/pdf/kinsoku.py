"""Where a line set with CJK line breaking may end (kinsoku shori): never before closing
punctuation (``no_break_before`` in ``labels/_typography.yaml``), never after an opening
bracket or quotation mark (``no_break_after``: （「『【〔《〈“‘), and never between the
two halves of a Chinese ellipsis ……

ReportLab breaks CJK text between any two characters, in two functions: one for a
paragraph of one run (``textsplit.dumbSplit``) and one for several runs
(``paragraph.cjkFragSplit``). Both keep a closing mark off the start of a line by
hanging it in the margin, and neither knows that an opening mark must not end one:
"娘の秦（ / チン）は", "您对“ / 中国制造”". Both are replaced here by one rule,
:func:`line_ranges`, which otherwise breaks exactly as ReportLab does (a Latin word in
CJK text goes to the next line whole when it can).
"""

from __future__ import annotations

from unicodedata import category

from reportlab.lib import textsplit as rl_textsplit
from reportlab.platypus import paragraph as rl_paragraph

from kitbuilder.compose.typography import rules_for

FUZZ = 1e-6  # as ReportLab's _FUZZ


def _no_break_after() -> str:
    return "".join(dict.fromkeys(rules_for("zh").no_break_after + rules_for("ja").no_break_after))


def _cannot_start() -> str:
    return rl_paragraph.ALL_CANNOT_START  # ReportLab's list with the languages' no_break_before (styles.py)


def _break_before(chars, start: int, end: int, cannot_start: str, cannot_end: str) -> int:
    """Where the line from ``start`` ends when the character at ``end`` does not fit:
    a single closing mark hangs in the margin (as in ReportLab); otherwise characters go
    to the next line until it starts with none that cannot start one and this line
    ends with none that cannot end one."""
    count = len(chars)
    if end < count and chars[end] in cannot_start and chars[end - 1] not in cannot_end \
            and (end + 1 >= count or chars[end + 1] not in cannot_start):
        return end + 1
    point = end
    while point > start + 1 and (point < count and chars[point] in cannot_start
                                 or chars[point - 1] in cannot_end):
        point -= 1
    if point > start + 1 or end <= start + 1:
        return point if point > start else start + 1
    return end + 1 if end < count and chars[end] in cannot_start else end  # no good place: as ReportLab


def _latin_word_start(chars, start: int, end: int) -> int:
    """For a line overflowing inside a Latin word: the start of that word (after a space
    or a CJK character), if it lies in the second half of the line, else ``end``."""
    for j in range(end - 1, (start + end + 1) >> 1, -1):
        if category(chars[j]) == "Zs" or ord(chars[j]) >= 0x3000:
            return j + 1
    return end


def line_ranges(chars, widths, max_widths, forced=frozenset()):
    """The lines of a text broken between characters, as (start, stop, width available)
    triples; ``forced`` holds the indices of characters that end a line (explicit breaks)."""
    cannot_start, cannot_end = _cannot_start(), _no_break_after()
    lines, start, used, i, count = [], 0, 0.0, 0, len(chars)
    max_width = max_widths[0]
    while i < count:
        used += widths[i]
        i += 1
        if i - 1 in forced:
            stop = i
        elif used > max_width + FUZZ and used > 0:
            end = i - 1
            if ord(chars[end]) < 0x3000:
                end = _latin_word_start(chars, start, end)
            stop = _break_before(chars, start, end, cannot_start, cannot_end)
        else:
            continue
        lines.append((start, stop, max_width))
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start, used, i = stop, 0.0, stop
    if start < count:
        lines.append((start, count, max_width))
    return lines


def _width(value, max_width: float) -> float:
    if hasattr(value, "normalizedValue"):  # a width given as a fraction of the line
        value._normalizer = max_width
        return value.normalizedValue(max_width)
    return value


def dumb_split(word: str, widths, max_widths):
    """ReportLab's ``textsplit.dumbSplit`` (one run) with these rules."""
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    lines = []
    for start, stop, max_width in line_ranges(word, widths, max_widths):
        text = word[start:stop]
        extra = max_width - sum(widths[start:stop])
        lines.append([extra, text.strip() if stop < len(word) else text])
    return lines


def cjk_frag_split(frags, max_widths, calc_bounds, encoding="utf8"):
    """ReportLab's ``paragraph.cjkFragSplit`` (several runs) with these rules."""
    units = []
    for frag in frags:
        text = frag.text.decode(encoding) if isinstance(frag.text, bytes) else frag.text
        units.extend(rl_paragraph.cjkU(t, frag, encoding) for t in text) if text \
            else units.append(rl_paragraph.cjkU(text, frag, encoding))
    forced = frozenset(k for k, unit in enumerate(units) if hasattr(unit.frag, "lineBreak"))
    first = max_widths[0]
    widths = [_width(unit.width, first) for unit in units]
    chars = [unit or "\ufffc" for unit in units]  # an image or anchor: a place to break, like a CJK character
    lines = []
    for start, stop, max_width in line_ranges(chars, widths, max_widths, forced):
        used = sum(widths[start:stop])
        lines.append(rl_paragraph.makeCJKParaLine(units[start:stop], max_width, used, max_width - used,
                                                  stop - 1 in forced, calc_bounds))
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def install() -> None:
    """Make ReportLab's CJK line breaking follow these rules (idempotent)."""
    rl_textsplit.dumbSplit = dumb_split
    rl_paragraph.cjkFragSplit = cjk_frag_split
