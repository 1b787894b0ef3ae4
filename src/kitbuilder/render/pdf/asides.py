"""The sidebar column of a page grid: asides (film details, the pull quote) set beside the text.

A layout with ``page.sidebar`` gets a narrow column beside its text column (the grid
that keeps body lines at a readable length). An :class:`Aside` takes no room in the
text column: where it is drawn, its content is anchored, and set in the sidebar column
at the same height (below any aside already there) when the page ends. What does not fit goes on at the top of the
next page's sidebar (:meth:`AsideColumn.new_page`), whole where it fits a column;
whatever is still waiting when the text ends joins the text column
(:class:`FlushAsides`), so nothing is ever lost. An aside longer than half the column is
set in the text column where it stands.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Frame
from reportlab.platypus.doctemplate import FrameActionFlowable, LayoutError

from kitbuilder.render.pdf.flowables import NeedSpace

MIN_START = 48.0  # points: an aside starting with less room than this below it waits for the next page
TALLEST = 0.5  # an aside taller than this part of the column is set in the text column instead


class AsideColumn:
    """The sidebar column of the body pages: the asides anchored on this page, and what waits.

    The column is set when the page ends, when the room its text leaves is known; each
    aside's drawing is then moved to where it is anchored in the page's content, so a
    reader extracting the text meets it between two paragraphs, never inside one (what
    waited from an earlier page goes first, at the top, and at the page's start).
    """

    def __init__(self, x: float, width: float, bottom: float, top: float, gap: float):
        self.x, self.width, self.bottom, self.top, self.gap = x, width, bottom, top, gap
        self.anchored: list[tuple[float, list, int]] = []  # (top, flowables, where in the page's content)
        self.page_start = 0  # where this page's content begins (after its running header and footer)
        self.waiting: list = []  # flowables that did not fit on an earlier page
        self.on_page = False  # the current page has a sidebar column (not a cover or blank page)

    def new_page(self, has_column: bool, canvas) -> None:
        """Called as each page begins."""
        self.on_page = has_column
        self.anchored = []
        self.page_start = len(canvas._code)

    def place(self, canvas, flowables: list, top: float) -> None:
        """Set ``flowables`` in this page's column from ``top`` down (or below what is there before)."""
        if self.on_page:
            self.anchored.append((top, list(flowables), len(canvas._code)))
        else:
            self.waiting += flowables

    def end_page(self, canvas) -> None:
        """Called as a page with the column ends: what waited, then this page's asides."""
        todo = ([(self.top, self.waiting, self.page_start)] if self.waiting else []) + self.anchored
        self.waiting, self.anchored = [], []
        cursor = self.top
        moves = []
        for top, flowables, where in todo:
            top = self._start(top, cursor, flowables)
            if self.waiting or top - self.bottom < MIN_START:
                self.waiting += flowables  # keeps the reading order of the asides
                continue
            mark = len(canvas._code)
            cursor = self._set(canvas, list(flowables), top)
            moves.append((where, canvas._code[mark:]))
            del canvas._code[mark:]
        for where, code in reversed(moves):  # each drawing (q ... Q) where its aside is anchored
            canvas._code[where:where] = code

    def overflows(self, canvas) -> bool:
        """Whether what waits and what is anchored on this page cannot all be set in its column."""
        if not self.on_page:
            return bool(self.waiting)
        cursor = self.top
        for top, flowables, _ in ([(self.top, self.waiting, 0)] if self.waiting else []) + self.anchored:
            start = self._start(top, cursor, flowables)
            cursor = start - sum(f.wrapOn(canvas, self.width, self.top - self.bottom)[1] + f.getSpaceAfter()
                                 for f in flowables)
            if start - self.bottom < MIN_START or cursor < self.bottom:
                return True
            cursor -= self.gap
        return False

    def take_all(self) -> list:
        """Everything waiting or anchored, for the text column (the column gives it up)."""
        flowables = self.waiting + [f for _, group, _ in self.anchored for f in group]
        self.waiting, self.anchored = [], []
        return flowables

    def _start(self, top: float, cursor: float, flowables: list) -> float:
        """Where an aside anchored at ``top`` begins, below what the column holds above
        (``cursor``). Anchored beside the text mid-page, it keeps its first block's space
        before, as the text beside it does: headings side by side start at the same height."""
        if top < self.top and top <= cursor:
            return top - next((f.getSpaceBefore() for f in flowables if not isinstance(f, NeedSpace)), 0)
        return min(top, cursor)

    def _set(self, canvas, todo: list, top: float) -> float:
        """Set ``todo`` from ``top`` down; what does not fit waits. Returns where the next may start."""
        frame = Frame(self.x, self.bottom, self.width, top - self.bottom, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="aside")
        while todo:
            try:
                if frame.add(todo[0], canvas, trySplit=1):
                    todo.pop(0)
                    continue
            except LayoutError:  # wider or taller than the column: it joins the text at the end
                break
            whole = self.top - self.bottom
            if top < self.top and todo[0].wrapOn(canvas, self.width, whole)[1] <= whole:
                break  # kept whole (a quote is not cut in two): it waits for the next page
            parts = frame.split(todo[0], canvas)
            if len(parts) < 2:
                break
            todo[0:1] = parts
            if not frame.add(todo[0], canvas, trySplit=0):
                break
            todo.pop(0)
        self.waiting += todo
        return frame._y - self.gap


class Aside(Flowable):
    """Content set in the sidebar column beside the text that follows (no room taken in the text)."""

    _ZEROSIZE = True

    def __init__(self, content: list, column: AsideColumn):
        super().__init__()
        self.content = content
        self.column = column

    def too_tall(self) -> bool:
        """Longer than half a sidebar column (a long director's note): it is set in the text instead."""
        if not hasattr(self, "_too_tall"):
            column = self.column
            room = column.top - column.bottom
            self._too_tall = sum(f.wrapOn(self.canv, column.width, room)[1] + f.getSpaceAfter()
                                 for f in self.content) > room * TALLEST
        return self._too_tall

    def wrap(self, availWidth, availHeight):
        if self.too_tall():
            return availWidth, availHeight + 1  # split below: the content goes into the text
        return 0, 0

    def split(self, availWidth, availHeight):
        if not self.too_tall() or not self.content:
            return []
        # the first part handed back must fit where it stands (or the text moves to the next page)
        first, rest = self.content[0], list(self.content[1:])
        if first.wrapOn(self.canv, availWidth, availHeight)[1] <= availHeight:
            return [first] + rest
        parts = first.splitOn(self.canv, availWidth, availHeight)
        return list(parts) + rest if len(parts) > 1 else []

    def drawOn(self, canvas, x, y, _sW=0):
        self.column.place(canvas, self.content, y)

    def draw(self):
        pass


class FlushAsides(FrameActionFlowable):
    """At the end of the text: asides that the last page's sidebar cannot hold are set in the
    text column instead."""

    locChanger = 1

    def __init__(self, column: AsideColumn):
        self.column = column

    def frameAction(self, frame):
        if self.column.overflows(self.canv):
            frame.add_generated_content(*self.column.take_all())
