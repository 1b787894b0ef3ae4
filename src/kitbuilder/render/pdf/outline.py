"""The levels of the PDF outline (bookmarks): chapters, then the sections in them.

A kicker or title heading (style ``label``: the cover's "Facilitator Packet", the title
block's "Discussion Guide") opens a chapter: it is a top-level entry and the sections
after it are entries one level below, until a section opens a new page without such a
heading of its own (the facilitator packet's questions chapter, a form) and is top-level
again. A layout without kickers keeps a flat outline.
"""

from __future__ import annotations

CHAPTER_STYLE = "label"


class OutlineLevels:
    """Told each section as it is mapped (:meth:`enter`), gives each heading its outline level."""

    def __init__(self):
        self.depth = 0  # added to the level of the headings in the sections being mapped

    def enter(self, section) -> None:
        if section.start is not None:  # a new page: the chapter before it has ended
            self.depth = 0

    def level(self, heading) -> int:
        if heading.style == CHAPTER_STYLE and heading.level == 0:
            self.depth = 1
            return 0
        return heading.level + self.depth
