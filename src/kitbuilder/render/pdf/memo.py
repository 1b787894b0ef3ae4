"""Paragraphs parsed and broken into lines once per process, not once per render.

A batch (one kit for fifty events), a page make-up that lays a guide out twice and a
facilitator packet repeating the guide's text all make the same paragraphs again and
again: the same markup in a style of the same values, broken at the same widths.
ReportLab parses the markup of every new Paragraph (its ParaParser) and breaks its
lines on every wrap; :class:`Memoised` paragraphs look both up here first.

What is kept, and why it is safe to share:

- the parse (:data:`PARSED`): the fragments of the markup (a plain text's made without
  ReportLab's tokenizer: :mod:`kitbuilder.render.pdf.plainparse`), keyed by the markup and the
  *values* of the style (:func:`style_key`; never an object's ``id()``). ReportLab only
  reads them after the parse (breaking lines sets a fragment's ``_fkind`` to the value it
  already has), so every paragraph of that text gets its own list of the same fragments;
- the broken lines (:data:`BROKEN`): what ``breakLines``/``breakLinesCJK`` returned and
  left on the paragraph, keyed by the parse and the widths of every break so far (a
  second break starts from the fragment words the first one left; a break that left the
  fragments as they were changed nothing a later break reads, so it does not count). Laying out and drawing
  only read them; splitting a paragraph is what changes them (ReportLab rewrites the
  class of a word cut at the split), so before a split a paragraph holding shared lines
  breaks its own lines again, as ReportLab would have (:meth:`Memoised.split`).

Fonts are registered once per process under a name that is unique per file content
(:func:`kitbuilder.source.fontfiles.registered_name`), so a font name in a key stands
for the same glyph widths for the life of the process. Every memo is bounded
(:class:`kitbuilder.memo.Memo`): least recently used entries go first. Like ReportLab itself, the memos
serve one thread at a time.
"""

from __future__ import annotations

import itertools
import operator
import weakref

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _FUZZ, textTransformFrags

from kitbuilder.memo import Memo, clear_all
from kitbuilder.render.pdf.plainparse import is_plain, parse_plain
from kitbuilder.source.fontcache import FACE_REFILLED

MAX_ENTRIES = 6000  # per memo
MAX_CHARACTERS = 250_000  # per memo: the markup characters of the paragraphs held (both memos full: about 25 MiB)


PARSED = Memo(MAX_ENTRIES, MAX_CHARACTERS)  # (markup, style values, ...) -> (cleaned text, fragments, its number)
BROKEN = Memo(MAX_ENTRIES, MAX_CHARACTERS)  # (number of the parse or break before, how, widths) -> (lines, what the break set, its number)
FACE_REFILLED.extend((PARSED.clear, BROKEN.clear))  # set with a cache entry's tables: not kept once the font is parsed from its file
_numbers = itertools.count(1)  # never reused: a key naming an entry since dropped is never met again


def clear() -> None:
    """Forget every :class:`kitbuilder.memo.Memo` of the process: paragraphs, markup, running lines,
    styles, streams, compose's runs... (see :func:`kitbuilder.memo.clear_all`)."""
    clear_all()


# --- the values of a style ------------------------------------------------------------

_style_keys: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # style -> (its values as seen, number)
_style_numbers: dict = {}  # the values of a style -> a number standing for them in keys (cheap to hash)
MAX_STYLES = 20_000  # distinct styles numbered before the numbering starts afresh (a fit tries many sizes)
_IGNORED = ("name", "parent")  # a style's name is only its label; its parent's values were copied into it


_PLAIN = frozenset((str, int, float, bool, bytes, type(None)))


def _value(value, depth: int = 0):
    """A hashable stand-in for one style value that equals another only for the same value
    of the same type (1, 1.0 and True are different); None when there is none."""
    kind = type(value)
    if kind in _PLAIN or isinstance(value, (str, int, float, bytes)):
        return kind, value
    if depth > 3:  # (a structure this deep is no style value: not memoised)
        return None
    if isinstance(value, (tuple, list)):
        items = tuple(_value(v, depth + 1) for v in value)
        return None if None in items else (kind, items)
    fields = getattr(value, "__dict__", None)
    if fields is None or callable(value):  # e.g. a hyphenation function: not memoised
        return None
    if all(type(v) in _PLAIN for v in fields.values()):  # a colour
        return kind, tuple((name, type(v), v) for name, v in sorted(fields.items()))
    items = tuple((name, _value(v, depth + 1)) for name, v in sorted(fields.items()))
    return None if any(v is None for _, v in items) else (kind, items)


def style_values(style) -> tuple | None:
    """The values of a ParagraphStyle (its name left out), or None when one cannot be keyed."""
    items = []
    for name, v in sorted(style.__dict__.items()):
        if name in _IGNORED:
            continue
        if type(v) in _PLAIN:
            items.append((name, type(v), v))
        else:
            value = _value(v)
            if value is None:
                return None
            items.append((name, value))
    return type(style), tuple(items)


def style_key(style) -> int | None:
    """A number standing for the values of a ParagraphStyle (the same for two styles of the
    same values; None when one cannot be keyed). Worked out once per style object, again
    only if one of its attributes was replaced since (kitbuilder never changes a colour or
    other value object of a style in place: it makes a new one)."""
    seen = tuple(style.__dict__.values())
    known = _style_keys.get(style)
    if known is not None and len(known[0]) == len(seen) and all(map(operator.is_, known[0], seen)):
        return known[1]
    values = style_values(style)
    number = None
    if values is not None:
        if len(_style_numbers) >= MAX_STYLES:
            _style_numbers.clear()  # (numbers are never reused: a style numbered again gets a new one)
        number = _style_numbers.setdefault(values, next(_numbers))
    _style_keys[style] = (seen, number)
    return number


# --- paragraphs -------------------------------------------------------------------------

_BREAK_SETS = {  # what each way of breaking lines leaves on the paragraph besides its result
    "breakLines": ("frags", "height", "_width_max", "_splitLongWordCount", "_hyphenations"),
    "breakLinesCJK": ("height",),
}


class _Cuts(Exception):
    """A split probed (:meth:`Memoised.split`) would cut the paragraph's lines in two."""


class Memoised:
    """A Paragraph (mixin, before Paragraph) whose parse and line breaking are memoised.

    Only a paragraph made from markup is memoised; the parts a split makes (built from
    fragments) break their own lines."""

    _kb_state = None  # the number of the parse or of the last break, or None: not memoised
    _kb_shared = False  # whether the fragments and lines held are also in the memo (shared)
    _kb_probing = False  # a split is finding out whether it cuts the lines (see split)

    def _setup(self, text, style, bulletText, frags, cleaner):
        self._kb_state = None
        self._kb_shared = False
        if frags is not None or text is None or not (bulletText is None or isinstance(bulletText, str)):
            return super()._setup(text, style, bulletText, frags, cleaner)
        values = style_key(style) if style is not None else None
        if values is None:
            return super()._setup(text, style, bulletText, frags, cleaner)
        key = (str(text), values, bulletText, self.caseSensitive, self.encoding, cleaner)
        known = PARSED.get(key)
        if known is None:
            self._kb_parse(text, style, bulletText, cleaner)
            if self.style is not style or self.bulletText is not bulletText:  # the markup set either itself
                return None
            known = (self.text, tuple(self.frags), next(_numbers))
            PARSED.put(key, known, len(key[0]))
        else:
            self.text, self.style, self.bulletText, self.debug = known[0], style, bulletText, 0
            self.frags = list(known[1])
        self._kb_parsed = known[1]
        self._kb_state = known[2]
        self._kb_breaks = []  # (method, widths, style) of each break since the parse
        self._kb_weight = len(key[0])
        return None

    def _kb_parse(self, text, style, bulletText, cleaner) -> None:
        """``Paragraph._setup`` of markup, a plain text parsed by :mod:`kitbuilder.render.pdf.plainparse`."""
        cleaned = cleaner(text)
        if not is_plain(cleaned):
            return super()._setup(text, style, bulletText, None, cleaner)
        parsed_style, frags, bullet_frags = parse_plain(cleaned, style, self.caseSensitive)
        if frags is None:  # (the parser's own error, as ReportLab reports it)
            return super()._setup(text, style, bulletText, None, cleaner)
        textTransformFrags(frags, parsed_style)
        self.text, self.frags, self.style, self.debug = cleaned, frags, parsed_style, 0
        self.bulletText = bullet_frags or bulletText
        return None

    def breakLines(self, width):
        return self._kb_break("breakLines", width)

    def breakLinesCJK(self, maxWidths):
        return self._kb_break("breakLinesCJK", maxWidths)

    def _kb_break(self, method: str, widths):
        state = self._kb_state
        if state is None or not isinstance(widths, list):
            return getattr(super(), method)(widths)
        values = style_key(self.style)  # (a paragraph's style may be replaced after it is made)
        if values is None:  # a style that cannot be keyed: this paragraph leaves the memo
            if self._kb_shared:
                self._kb_own_lines()
            self._kb_state = None
            return getattr(super(), method)(widths)
        asked = tuple(widths)
        key = (state, values, method, asked)  # a break starts from the words the one before left
        known = BROKEN.get(key)
        if known is None:
            words = self.frags
            before = tuple(words)
            result = getattr(super(), method)(widths)
            fields = self.__dict__
            left = {name: fields[name] for name in _BREAK_SETS[method] if name in fields}
            if "frags" in left:
                left["frags"] = tuple(left["frags"])
            # A break that leaves the very fragments it started from (a paragraph of one
            # fragment, a CJK break) leaves the paragraph as it was: the same state, so
            # breaking it again at the same widths (a list or a table measures a cell, then
            # lays it out) is found here instead of being worked out again.
            same = self.frags is words and len(words) == len(before) and all(map(operator.is_, words, before))
            known = (result, left, tuple(widths), state if same else next(_numbers))
            BROKEN.put(key, known, self._kb_weight)
        else:
            result, left, after, _ = known
            for name, value in left.items():
                setattr(self, name, list(value) if name == "frags" else value)
            widths[:] = after  # (a bullet narrows the first line in place)
        self._kb_state = known[3]
        self._kb_breaks.append((method, asked, self.style))
        self._kb_shared = True
        return result

    def split(self, availWidth, availHeight):
        if self._kb_state is not None and self.frags and availWidth >= _FUZZ and availHeight >= _FUZZ:
            if not hasattr(self, "blPara"):  # as Paragraph.split would, before its lines are made its own
                self.wrap(availWidth, availHeight)
            if self._kb_shared:
                # Most tries keep the paragraph whole or move it on, reading the shared lines only:
                # a probe finds out, and the lines are broken again only for a split that cuts them.
                self._kb_probing = True
                try:
                    return super().split(availWidth, availHeight)
                except _Cuts:
                    self._kb_own_lines()
                finally:
                    self._kb_probing = False
            parts = super().split(availWidth, availHeight)
            if parts and parts[0] is not self:  # split: ReportLab changed the words the lines were made of
                self._kb_state = None  # (so they no longer follow from the breaks made so far)
            return parts
        return super().split(availWidth, availHeight)

    def _get_split_blParaFunc(self):
        if self._kb_probing:  # (Paragraph.split asks for this once it has decided to cut the lines)
            raise _Cuts
        return super()._get_split_blParaFunc()

    def drawOn(self, canvas, x, y, _sW=0):
        if getattr(canvas, "_kb_dry", False):  # a layout pass that only counts pages (makeup.py)
            return None
        return super().drawOn(canvas, x, y, _sW)

    def _kb_own_lines(self) -> None:
        """Break the lines again, privately, as they were broken: a split changes them."""
        style = self.style
        self.frags = list(self._kb_parsed)
        try:
            for method, widths, self.style in self._kb_breaks:  # each in the style it was broken in
                self.blPara = getattr(super(), method)(list(widths))
        finally:
            self.style = style
        self._kb_shared = False


class MemoParagraph(Memoised, Paragraph):
    """A plain Paragraph, memoised."""
