"""Small ReportLab flowables kitbuilder needs beyond what platypus ships.

The paragraphs that report what they drew to the placement log, and the headings that
make the PDF outline, are in :mod:`kitbuilder.render.pdf.paragraphs`.

- :class:`NeedSpace` keeps headings with the first lines of what follows.
- :class:`StartOnRightPage` breaks to the next odd (right-hand) page (a Notes page between).
- :class:`PadPages` adds pages for notes so the page count is a multiple of N.
- :class:`RuledLines` fills the rest of a frame with writing lines.
- :class:`QrCode` draws a QR code (ReportLab's own encoder) that is also a link.
- :class:`RatingBoxes` draws tick boxes labelled 1..N.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer
from reportlab.platypus.doctemplate import FrameActionFlowable

from kitbuilder.compose.qr import qr_matrix


class NeedSpace(Flowable):
    """Go on to the next frame unless the headings that follow, plus ``lines`` lines of
    text, fit in what is left of this one: a heading is never alone at a page foot.

    Unlike KeepTogether it does not glue a heading to the whole of a long paragraph,
    and unlike CondPageBreak it acts through wrap/split only, so it is harmless
    inside lists, columns and text flowing around a sidebar.
    """

    _ZEROSIZE = True
    MAX_NEEDED = 288.0  # never ask for more than 4in, so it always fits on a fresh page

    def __init__(self, head: list, extra: float, limit: float | None = None):
        super().__init__()
        self.head = head
        self.extra = extra
        self.limit = self.MAX_NEEDED if limit is None else min(limit, self.MAX_NEEDED)

    def needed(self, availWidth: float) -> float:
        total = self.extra
        for flowable in self.head:
            canvas = getattr(self, "canv", None)  # lists and tables measure with the canvas
            height = flowable.wrapOn(canvas, availWidth, 1e6)[1] if canvas else flowable.wrap(availWidth, 1e6)[1]
            total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        return min(total, self.limit)

    def wrap(self, availWidth, availHeight):
        if availHeight >= self.needed(availWidth):
            return 0, 0
        return availWidth, availHeight + 1  # does not fit: the frame moves on

    def split(self, availWidth, availHeight):
        return []

    def draw(self):
        pass


NOTES_ON_REST = 0.4  # a page ending with more than this part of its frame empty gets notes lines there


class StartOnRightPage(FrameActionFlowable):
    """Continue on the next right-hand (odd-numbered) page; a left-hand page left over
    shows ``filler()`` (fresh flowables: a page for notes), never a blank page."""

    locChanger = 1

    def __init__(self, doc, filler=lambda: []):
        self.doc = doc
        self.filler = filler

    def frameAction(self, frame):
        at_top = frame._atTop and frame is self.doc.frame and self.doc.frame is self.doc.pageTemplate.frames[0]
        if at_top:
            if self.doc.page % 2 == 0:  # this empty page is a left-hand one
                frame.add_generated_content(*self.filler(), PageBreak())
            return
        # a page left mostly empty gets writing lines for notes on the rest of it
        rest = self.filler() if frame._y - frame._y1p > NOTES_ON_REST * frame._aH else []
        if (self.doc.page + 1) % 2 == 1:
            frame.add_generated_content(*rest, PageBreak())
        else:  # the next page is a left-hand page
            frame.add_generated_content(*rest, PageBreak(), *self.filler(), PageBreak())


class PadPages(FrameActionFlowable):
    """At the end of a document: pages for notes (``make_page()``: fresh flowables for one;
    blank pages without it) until the page count is a multiple of ``multiple``."""

    locChanger = 1

    def __init__(self, doc, multiple: int, make_page=None):
        self.doc = doc
        self.multiple = multiple
        self.make_page = make_page

    def frameAction(self, frame):
        missing = (-self.doc.page) % self.multiple
        pages = []
        for _ in range(missing):  # a page only exists once something is placed on it
            content = self.make_page() if self.make_page else []
            pages += [PageBreak("body"), *content] if content else [PageBreak("blank"), Spacer(1, 1)]
        if pages:
            frame.add_generated_content(*pages)


class RuledLines(Flowable):
    """Writing lines filling the rest of the frame (at least ``minimum`` lines)."""

    def __init__(self, spacing: float, color, minimum: int = 3, count: int = 0, share: float = 1.0):
        super().__init__()
        self.spacing = spacing
        self.color = color
        self.minimum = minimum
        self.count = count
        self.share = share  # without a count: the part of the rest of the frame to fill

    def wrap(self, availWidth, availHeight):
        lines = self.count or max(self.minimum, int(availHeight * self.share // self.spacing))
        self.lines = lines
        self.width = availWidth
        self.height = lines * self.spacing
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self.count and availHeight >= self.spacing * 3:
            fit = int(availHeight // self.spacing)
            if fit < self.count:
                return [RuledLines(self.spacing, self.color, count=fit),
                        RuledLines(self.spacing, self.color, count=self.count - fit)]
        return []

    def draw(self):
        canvas = self.canv
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(0.5)
        for i in range(1, self.lines + 1):
            y = self.height - i * self.spacing
            canvas.line(0, y, self.width, y)


class QrCode(Flowable):
    """A QR code of ``payload``, ``size`` points square, that is also a clickable link to it.

    Drawn as filled rectangles straight on the canvas (no Drawing, so no stray
    unembedded default font enters the PDF).
    """

    def __init__(self, payload: str, size: float, color):
        super().__init__()
        self.payload = payload
        self.size = size
        self.color = color
        self.matrix = qr_matrix(payload)

    QUIET_MODULES = 4  # the blank margin scanners need, in modules

    @property
    def quiet(self) -> float:
        return self.size / len(self.matrix) * self.QUIET_MODULES

    def wrap(self, availWidth, availHeight):
        return self.size + 2 * self.quiet, self.size + 2 * self.quiet

    def draw(self):
        canvas = self.canv
        count = len(self.matrix)
        module = self.size / count
        canvas.saveState()
        canvas.setFillColorRGB(1, 1, 1)  # a white quiet zone, also on tinted panels
        canvas.rect(0, 0, self.size + 2 * self.quiet, self.size + 2 * self.quiet, stroke=0, fill=1)
        canvas.translate(self.quiet, self.quiet)
        canvas.setFillColor(self.color)
        path = canvas.beginPath()
        for row, cells in enumerate(self.matrix):
            y = self.size - (row + 1) * module
            col = 0
            while col < count:
                if cells[col]:
                    start = col
                    while col < count and cells[col]:
                        col += 1
                    path.rect(start * module, y, (col - start) * module, module)
                else:
                    col += 1
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.linkURL(self.payload, (0, 0, self.size, self.size), relative=1, thickness=0)
        canvas.restoreState()


class RatingBoxes(Flowable):
    """Tick boxes labelled 1..``count`` drawn as squares (no font needs a ballot-box glyph)."""

    def __init__(self, count: int, font: str, size: float, color, stroke):
        super().__init__()
        self.count, self.font, self.size, self.color, self.stroke = count, font, size, color, stroke

    def wrap(self, availWidth, availHeight):
        self.box = self.size * 1.1
        self.step = self.box + self.size * 1.6
        return self.count * self.step, self.box + 2

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.stroke)
        canvas.setFillColor(self.color)
        canvas.setLineWidth(0.7)
        canvas.setFont(self.font, self.size)
        for i in range(self.count):
            x = i * self.step
            canvas.rect(x, 1, self.box, self.box, stroke=1, fill=0)
            canvas.drawString(x + self.box + self.size * 0.3, 1 + self.box * 0.2, str(i + 1))
        canvas.restoreState()
