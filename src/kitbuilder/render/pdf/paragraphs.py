"""The Paragraphs kitbuilder sets text with, and the log that proves every content item was drawn.

- :class:`PlacementLog` counts the characters each content item should show and those
  drawn, with their pages and sections, so the build proves that nothing was silently lost.
- :class:`WrapOnce` breaks a paragraph's lines once per width, however often platypus wraps it.
- :class:`ContentParagraph` is a Paragraph that reports what it drew to the placement log.
- :class:`HeadingParagraph` adds an entry to the PDF outline where it is drawn.
"""

from __future__ import annotations

import re
import unicodedata

from reportlab.platypus import Paragraph

from kitbuilder.render.pdf.memo import Memoised


class PlacementLog:
    """Characters each content item should show, and how many were drawn, on which pages,
    in which section of the document."""

    def __init__(self) -> None:
        self.expected: dict[str, int] = {}
        self.drawn: dict[str, int] = {}
        self.pages: dict[str, set[int]] = {}
        self.labels: dict[str, str] = {}
        self.origins: dict[str, object] = {}  # key -> Origin of the field, where known
        self.sections: dict[str, str] = {}  # key -> the type of the section showing it
        self.current_page = 0
        self.current_section = ""  # set by the mapper as it maps each section

    def __deepcopy__(self, _memo):
        # ReportLab deep-copies flowables while trying splits; the copies must report here too.
        return self

    def expect(self, key: str, chars: int, label: str, origin=None) -> None:
        self.expected[key] = self.expected.get(key, 0) + chars
        self.labels[key] = label
        self.sections.setdefault(key, self.current_section)
        if origin is not None:
            self.origins.setdefault(key, origin)

    def record(self, key: str, chars: int) -> None:
        self.drawn[key] = self.drawn.get(key, 0) + chars
        self.pages.setdefault(key, set()).add(self.current_page)

    def missing(self) -> list[str]:
        return [self.labels[k] for k, n in self.expected.items() if self.drawn.get(k, 0) < n]

    def in_progress(self) -> str | None:
        """The key of the first item not yet fully drawn (where layout stopped), if any."""
        return next((k for k, n in self.expected.items() if self.drawn.get(k, 0) < n), None)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _visible_chars(text: str) -> int:
    """Characters that leave ink: no spaces, and no invisible format characters such
    as the soft hyphen or zero-width space (ReportLab drops those where it does not break).
    Counted once per paragraph and once per drawn part, so without a Python loop over
    every character: ``str.split`` drops exactly the characters ``str.isspace`` finds,
    and only characters outside ASCII can be format characters."""
    ink = "".join(text.split())
    if ink.isascii():
        return len(ink)
    return len(ink) - sum(1 for c in _NOT_ASCII.findall(ink) if unicodedata.category(c) == "Cf")


class WrapOnce(Memoised):
    """A Paragraph that breaks its lines once per width: platypus wraps the same paragraph
    again at the same width (a heading's :class:`NeedSpace` measures what follows, a frame
    measures it again to place it, a list or panel measures before its frame does), about
    half of all wraps. Breaking lines depends only on the text, the style and the width,
    none of which changes after the paragraph is made; the parts a split makes are new
    paragraphs and break their own lines. Another paragraph of the same text and style
    shares the parse and the lines (:mod:`kitbuilder.render.pdf.memo`)."""

    def wrap(self, availWidth, availHeight):
        # (a split that finds no room deletes the broken lines: they are broken again)
        if availWidth == getattr(self, "_kb_wrapped_width", None) and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if getattr(self, "width", None) == availWidth:  # lines broken (not the 'no room at all' answer)
            self._kb_wrapped_width = availWidth
        return size


class ContentParagraph(WrapOnce, Paragraph):
    """A Paragraph holding (part of) one content item; split parts keep the item key."""

    def __init__(self, markup, style, key: str = "", log: PlacementLog | None = None, label: str = "",
                 expected_text: str | None = None, origin=None, **kwargs):
        # Paragraph.split builds the parts as self.__class__(None, style, frags=...): key and log
        # are then copied over by split() below.
        super().__init__(markup, style, **kwargs)
        self.kb_key = key
        self.kb_log = log
        if log is not None and expected_text is not None:
            log.expect(key, _visible_chars(expected_text), label or key, origin)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.kb_key = self.kb_key
            part.kb_log = self.kb_log
        return parts

    def _drawn_text(self) -> str:
        bl = getattr(self, "blPara", None)
        if bl is None:
            return ""
        if bl.kind == 0:
            return " ".join(" ".join(words) for _, words in bl.lines)
        return " ".join("".join(getattr(f, "text", "") for f in line.words) for line in bl.lines)

    def drawOn(self, canvas, x, y, _sW=0):
        super().drawOn(canvas, x, y, _sW)
        self.kb_log.record(self.kb_key, _visible_chars(self._drawn_text()))


class HeadingParagraph(WrapOnce, Paragraph):
    """A heading that also adds an entry to the PDF outline (bookmarks) where it is drawn."""

    def __init__(self, markup, style, outline_title: str | None = None, level: int = 0, **kwargs):
        # Paragraph.split makes the parts as self.__class__(None, style, frags=..., ...)
        super().__init__(markup, style, **kwargs)
        self.outline_title = outline_title
        self.outline_level = level

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for index, part in enumerate(parts):  # a heading split across pages: one bookmark, at its start
            part.outline_title = self.outline_title if index == 0 else None
            part.outline_level = self.outline_level
        return parts

    def draw(self):
        if self.outline_title is None:
            super().draw()
            return
        canvas = self.canv
        # numbered per document: an id() is reused once a paragraph (a trial split) is freed,
        # and a reused name moved an earlier bookmark (the outline changed from run to run)
        canvas._kb_bookmarks = getattr(canvas, "_kb_bookmarks", 0) + 1
        key = f"kb-{canvas._kb_bookmarks}"
        # A PDF outline cannot skip a level: a sub-heading with no heading above it
        # (e.g. a layout that starts with film_details) becomes a top-level entry.
        level = min(self.outline_level, getattr(canvas, "_kb_outline_level", -1) + 1)
        canvas._kb_outline_level = level
        canvas.bookmarkHorizontal(key, 0, self.height + 4)
        canvas.addOutlineEntry(self.outline_title, key, level=level, closed=False)
        super().draw()
