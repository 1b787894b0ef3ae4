"""Pages that fill a booklet: :class:`FillPages` repeats a page (a Notes page) until what
follows starts on a page whose number is a multiple of N, so that a booklet's back
cover is its last page and no page inside is left blank."""

from __future__ import annotations

from typing import Callable

from reportlab.platypus import PageBreak
from reportlab.platypus.doctemplate import FrameActionFlowable


def pages_to_fill(page: int, page_is_empty: bool, multiple: int) -> int:
    """How many filler pages come before the next page whose number is a multiple of ``multiple``.

    ``page`` is the current page; when it is still empty it is the first filler page, and
    when its number is already a multiple it cannot become that page (it has begun as a
    text page), so a whole round of fillers follows.
    """
    if multiple < 2:
        return 0
    first_free = page if page_is_empty else page + 1
    count = (-first_free) % multiple  # pages first_free ... the one before the multiple
    return multiple if page_is_empty and count == 0 else count


class FillPages(FrameActionFlowable):
    """Filler pages made by ``make_page`` (fresh flowables for each page), as many as
    :func:`pages_to_fill` says; what follows breaks to its own page after them."""

    locChanger = 1

    def __init__(self, doc, multiple: int, make_page: Callable[[], list]):
        self.doc = doc
        self.multiple = multiple
        self.make_page = make_page

    def frameAction(self, frame):
        count = pages_to_fill(self.doc.page, frame._atTop, self.multiple)
        generated: list = []
        for index in range(count):
            if index or not frame._atTop:
                generated.append(PageBreak())
            generated += self.make_page()
        if generated:
            frame.add_generated_content(*generated)
