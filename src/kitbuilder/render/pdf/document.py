"""The document assembler: page templates, frames, the running header and footer.

:func:`render_pdf` lays out one composition's block tree as a PDF in memory, with the
tree's properties (title, author, subject, keywords, language) and running texts (the
page number is the one thing it adds), and reports how many pages it took and whether
every content item was placed. Print-production
geometry (bleed, crop marks) is handled here because it changes where the trim
box sits on the sheet; imposition onto sheets happens afterwards in
:mod:`kitbuilder.render.pdf.imposition`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from kitbuilder.compose.blocks import Document
from kitbuilder.compose.composition import Composition
from kitbuilder.diagnostics import KitbuilderError
from kitbuilder.render.pdf.asides import FlushAsides
from kitbuilder.render.pdf.flowables import PadPages
from kitbuilder.render.pdf.mapping import PdfMapper
from kitbuilder.render.pdf.metadata import mark_catalog, properties
from kitbuilder.render.pdf.paragraphs import PlacementLog
from kitbuilder.render.pdf.pagegrid import CROP_MARK_SPACE, Geometry, geometry_for, grid  # noqa: F401 (re-exported)
from kitbuilder.render.pdf.refusals import MAX_PAGES, empty_document, prints_anything, too_many_pages, too_tall
from kitbuilder.render.pdf.markup import plain
from kitbuilder.render.pdf.running import set_line, too_long
from kitbuilder.render.pdf.streams import install as install_memoised_compress
from kitbuilder.render.pdf.subsets import install as install_split_string
from kitbuilder.render.pdf.widths import install as install_string_width
from kitbuilder.units import MM

COVER_BAND_INSET = 6 * MM  # what office printers leave unprinted at the paper's edge

class PageLimitReached(Exception):
    """Raised where a page beyond :data:`MAX_PAGES` would begin (turned into a KitbuilderError)."""


@dataclass
class RenderedPdf:
    pdf: bytes  # the PDF file (see ``data``: written out when first asked for)
    pages: int
    missing: list[str]  # content items not (fully) placed
    pages_of: dict[str, set[int]]  # content item key -> pages it appears on
    section_of: dict[str, str]  # content item key -> the type of the section that shows it
    last_page_fill: float = 1.0  # how far down the last page the text goes (0 to 1)
    unsaved: Callable[[], bytes] | None = field(default=None, repr=False)  # writes the laid-out pages out

    @property
    def data(self) -> bytes:
        """The PDF file. A fit or a rebalance lays a document out several times and keeps one:
        only the one kept is written out as a PDF (about a tenth of a render)."""
        if self.unsaved is not None:
            self.pdf, self.unsaved = self.unsaved(), None
        return self.pdf


class KitDocument(BaseDocTemplate):
    def __init__(self, buffer, comp: Composition, geometry: Geometry, document: Document, log: PlacementLog):
        layout = comp.layout
        super().__init__(
            buffer,
            pagesize=geometry.media,
            **properties(document),
            invariant=1,
            initialFontName=comp.styles["body"].fontName,
        )
        self.comp = comp
        self.document = document
        self.log = log
        self.geometry = geometry
        self.problem: KitbuilderError | None = None  # found while decorating a page
        self.over_limit = False  # set when the layout ran past MAX_PAGES
        self.stop_after = 0  # render_pdf(stop_after=N): stop once N pages are full
        self.dry = False  # render_pdf(dry=True): lay out only, draw no text (see makeup.py)
        self.stopped = False
        self.first_on_page = False
        # set up once, used on every page by the running header and footer
        self.mapper = PdfMapper(comp, log, self)
        running = comp.styles["running"]
        self.running_style = ParagraphStyle("running-line", parent=running, alignment=TA_LEFT)
        m = layout.page.margins
        o = geometry.offset
        width, height = geometry.trim_width - m.left - m.right, geometry.trim_height - m.top - m.bottom
        frames, self.asides = grid(layout.page, o + m.left, o + m.bottom, width, height)
        # pages for participants (forms) run across the full measure: no sidebar beside a table
        handed_out_frames = [Frame(o + m.left, o + m.bottom, width, height, id="handed-out", leftPadding=0,
                                   rightPadding=0, topPadding=0, bottomPadding=0)]
        cover_frame = Frame(o + m.left, o + m.bottom, width, height, id="cover", leftPadding=0,
                            rightPadding=0, topPadding=0, bottomPadding=0)
        first = "cover" if layout.sections and layout.sections[0].type == "cover" else "body"
        templates = {
            "body": PageTemplate("body", frames, onPage=self._decorate, onPageEnd=self._end_body),
            # pages for participants (a feedback form in a packet): no 'not for distribution'
            "handed_out": PageTemplate("handed_out", handed_out_frames, onPage=self._decorate_handed_out,
                                       onPageEnd=self._end_body),
            "cover": PageTemplate("cover", [cover_frame], onPage=self._decorate_cover, autoNextPageTemplate="body"),
            "blank": PageTemplate("blank", [Frame(o + m.left, o + m.bottom, width, height, id="blank")],
                                  onPage=self._decorate_blank),
        }
        order = [first] + [name for name in templates if name != first]
        self.addPageTemplates([templates[name] for name in order])

    def beforeDocument(self):
        if self.dry:  # paragraphs read this and draw nothing (memo.Memoised.drawOn)
            self.canv._kb_dry = True
            return
        mark_catalog(self.canv, self.document)  # XMP metadata, DisplayDocTitle

    def handle_flowable(self, flowables):
        page = self.page
        super().handle_flowable(flowables)
        # after the first block on the page (the end of a paragraph begun overleaf, say)
        if self.first_on_page and self.page == page and len(self.canv._code) > self.asides.page_start:
            self.asides.page_start = len(self.canv._code)
            self.first_on_page = False

    def handle_pageBegin(self):
        # Checked before the page exists, so a runaway layout stops at the limit
        # instead of laying out thousands of pages first.
        if self.stop_after and self.page >= self.stop_after:
            self.stopped = True
            raise PageLimitReached(self.stop_after)
        if self.page >= MAX_PAGES:
            self.over_limit = True
            raise PageLimitReached(MAX_PAGES)
        super().handle_pageBegin()

    # --- page decoration -------------------------------------------------------

    def _begin(self, canvas, body: bool = False):
        self.log.current_page = self.page
        self.asides.new_page(body, canvas)
        g = self.geometry
        if g.offset:
            canvas.setTrimBox(g.trim_box)
            canvas.setBleedBox(g.bleed_box)
            canvas.setArtBox(g.trim_box)
        if self.comp.layout.crop_marks and self.comp.layout.page.imposition == "none":  # imposed: marks per sheet
            self._crop_marks(canvas)

    def _decorate_blank(self, canvas, doc):
        self._begin(canvas)

    def _decorate_cover(self, canvas, doc):
        self._begin(canvas)
        g = self.geometry
        m = self.comp.layout.page.margins
        canvas.saveState()
        canvas.setFillColor(self.comp.palette["accent"])
        if g.bleed:  # the band bleeds off the top edge and both sides, for the copy shop to trim
            band = g.trim_height * 0.06
            canvas.rect(g.offset - g.bleed, g.offset + g.trim_height - band, g.trim_width + 2 * g.bleed,
                        band + g.bleed, stroke=0, fill=1)
        else:  # office printers leave about 6 mm unprinted: the band stays within the side margins
            top = g.offset + g.trim_height - COVER_BAND_INSET
            band = max(2.0, min(g.trim_height * 0.06, m.top - COVER_BAND_INSET - 2 * MM))
            side = min(m.left, m.right)  # centred on the page, whatever the binding margin
            canvas.rect(g.offset + side, top - band, g.trim_width - 2 * side, band, stroke=0, fill=1)
        canvas.restoreState()

    def _decorate(self, canvas, doc, handed_out: bool = False):
        """A body page: the running header (not above the title on page 1) and footer (on a
        page for participants without its centre text, e.g. 'not for distribution')."""
        self._begin(canvas, body=True)
        if self.page > 1:
            header, templates = self.document.header, self.comp.layout.header
            if handed_out:  # copied for participants: not headed with the edition's name ('Facilitator Packet')
                header = {side: pieces for side, pieces in header.items()
                          if "{layout.title}" not in str(templates.get(side, ""))}
            self._running(canvas, header, templates, bottom=False)
        footer = self.document.footer
        if handed_out:
            footer = {side: pieces for side, pieces in footer.items() if side != "center"}
        self._running(canvas, footer, self.comp.layout.footer, bottom=True)
        self.asides.page_start = len(canvas._code)
        self.first_on_page = True  # what waited for this page's sidebar reads after the page's first block

    def _end_body(self, canvas, doc):
        self.asides.end_page(canvas)  # the sidebar column, once the page's text is placed

    def _decorate_handed_out(self, canvas, doc):
        self._decorate(canvas, doc, handed_out=True)

    def _running(self, canvas, slots: dict, templates: dict, bottom: bool):
        """One running line: ``slots`` are the document's texts (the pieces the page number goes
        between), ``templates`` the layout's, named when a text is far too long for the line."""
        if not slots:
            return
        comp = self.comp
        g = self.geometry
        m = comp.layout.page.margins
        style = comp.styles["running"]
        left, right = g.offset + m.left, g.offset + g.trim_width - m.right
        y = g.offset + (m.bottom * 0.45 if bottom else g.trim_height - m.top * 0.55)
        if comp.layout.page.facing and self.page % 2 == 0:  # a left-hand page: mirror left and right
            mirror = {"left": "right", "right": "left"}
            slots = {mirror.get(side, side): pieces for side, pieces in slots.items()}
            templates = {mirror.get(side, side): text for side, text in templates.items()}
        texts = {side: str(self.page).join(pieces) for side, pieces in slots.items()}
        texts = {side: text for side, text in texts.items() if plain(text).strip()}
        if not texts:
            return
        where = "footer" if bottom else "header"

        def refuse(side, lines):
            # raised after the build: ReportLab rewrites exceptions raised in page callbacks
            self.problem = self.problem or too_long(comp, templates[side], where, side, lines)

        # A footer's own text (the event's credit) beside a centre text ('not for distribution')
        # read as one sentence: it goes on a line of its own under the centre text and page number.
        own = [side for side in texts if bottom and "center" in texts and side != "center" and len(slots[side]) == 1]
        lines = [(texts, y)]
        if own:
            lines = [({side: texts[side] for side in own}, y),
                     ({side: text for side, text in texts.items() if side not in own}, y + style.leading)]
        drawn = False
        for line_texts, line_y in lines:
            line = set_line(line_texts, lambda text: self.mapper.text(text, "running"), self.running_style, left,
                            right, refuse)
            for para, x in line:
                para.drawOn(canvas, x, line_y)
            drawn = drawn or bool(line)
        if not drawn:
            return
        y = lines[-1][1]
        canvas.saveState()
        canvas.setStrokeColor(comp.palette["rule"])
        canvas.setLineWidth(0.5)
        rule_y = y + style.leading + 1 if bottom else y - 3
        canvas.line(left, rule_y, right, rule_y)
        canvas.restoreState()

    def _crop_marks(self, canvas):
        g = self.geometry
        x0, y0, x1, y1 = g.trim_box
        gap = g.bleed + 1 * MM
        length = 6 * MM
        canvas.saveState()
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(0.25)
        for x in (x0, x1):
            for y, direction in ((y0, -1), (y1, 1)):
                canvas.line(x, y + direction * gap, x, y + direction * (gap + length))
        for y in (y0, y1):
            for x, direction in ((x0, -1), (x1, 1)):
                canvas.line(x + direction * gap, y, x + direction * (gap + length), y)
        canvas.restoreState()


def render_pdf(comp: Composition, document: Document, stop_after: int = 0, dry: bool = False) -> RenderedPdf:
    """Lay out the composition's ``document`` (its block tree); the caller decides what to do
    if content was not placed.

    With ``stop_after``, layout stops once that many pages are full: the result then has
    ``stop_after + 1`` pages and no PDF data (enough to know that it needs more pages).
    With ``dry``, no text is drawn: the result gives the pages and the last page's fill of the
    same layout drawn (every layout decision is made in the same way), and no PDF data.
    """
    install_split_string()  # the codes of a text's characters, read back without a loop in Python
    install_string_width()  # a word's width, measured once
    buffer = io.BytesIO()
    log = PlacementLog()
    doc = KitDocument(buffer, comp, geometry_for(comp), document, log)
    doc.stop_after = stop_after
    doc.dry = dry
    doc._doSave = 0  # BaseDocTemplate._endBuild: the PDF is written out when asked for (RenderedPdf.data)
    story = doc.mapper.document(document)
    if not prints_anything(story):
        raise empty_document(comp)
    story.append(FlushAsides(doc.asides))
    if comp.layout.page.pad_to > 1:
        story.append(PadPages(doc, comp.layout.page.pad_to, lambda: doc.mapper.blocks(document.notes_page)))
    try:
        doc.build(story)
    except LayoutError as error:  # a block that cannot be split is taller than the page
        if doc.stopped:
            return _result(b"", stop_after + 1, log)
        raise too_tall(comp, log, doc.page, str(error)) from None
    except Exception:
        # ReportLab may re-raise these annotated: the flags say what they were
        if doc.stopped:
            return _result(b"", stop_after + 1, log)
        if doc.over_limit:
            raise too_many_pages(comp, log, MAX_PAGES) from None
        raise
    if doc.problem:
        raise doc.problem
    if doc.page == 0:
        raise empty_document(comp)

    def write_out() -> bytes:
        install_memoised_compress()  # the font subsets a batch embeds again: compressed once
        doc.canv.save()
        return buffer.getvalue()

    return _result(b"", doc.page, log, last_page_fill(doc.frame), None if dry else write_out)


def last_page_fill(frame) -> float:
    """How far down its frame the last page's text goes (1.0 past the first of several columns)."""
    if frame is None or frame.id != "body-1":
        return 1.0
    return max(0.0, min(1.0, (frame._y1 + frame._height - frame._y) / frame._height))


def _result(data: bytes, pages: int, log: PlacementLog, fill: float = 1.0,
            unsaved: Callable[[], bytes] | None = None) -> RenderedPdf:
    return RenderedPdf(data, pages, log.missing(), dict(log.pages), dict(log.sections), fill, unsaved)
