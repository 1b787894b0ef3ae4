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
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import LayoutError

from kitbuilder.compose.blocks import Document
from kitbuilder.compose.composition import Composition
from kitbuilder.diagnostics import KitbuilderError
from kitbuilder.render.pdf.flowables import PadPages, PlacementLog
from kitbuilder.render.pdf.mapping import PdfMapper
from kitbuilder.render.pdf.metadata import mark_catalog, properties
from kitbuilder.render.pdf.refusals import MAX_PAGES, empty_document, prints_anything, too_many_pages, too_tall
from kitbuilder.render.pdf.markup import plain
from kitbuilder.units import MM

CROP_MARK_SPACE = 10 * MM  # room outside the bleed for the crop marks

class PageLimitReached(Exception):
    """Raised where a page beyond :data:`MAX_PAGES` would begin (turned into a KitbuilderError)."""


@dataclass
class Geometry:
    """Where the trimmed page sits on the (possibly larger) PDF page."""

    trim_width: float
    trim_height: float
    bleed: float
    offset: float  # from the media box edge to the trim box edge

    @property
    def media(self) -> tuple[float, float]:
        return self.trim_width + 2 * self.offset, self.trim_height + 2 * self.offset

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return o, o, o + self.trim_width, o + self.trim_height

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.trim_box
        b = self.bleed
        return x0 - b, y0 - b, x1 + b, y1 + b


def geometry_for(comp: Composition) -> Geometry:
    layout = comp.layout
    width, height = layout.page.size
    offset = layout.bleed + (CROP_MARK_SPACE if layout.crop_marks else 0.0)
    return Geometry(width, height, layout.bleed, offset)


@dataclass
class RenderedPdf:
    data: bytes
    pages: int
    missing: list[str]  # content items not (fully) placed
    pages_of: dict[str, set[int]]  # content item key -> pages it appears on
    section_of: dict[str, str]  # content item key -> the type of the section that shows it


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
        self.stopped = False
        # set up once, used on every page by the running header and footer
        self.mapper = PdfMapper(comp, log, self)
        running = comp.styles["running"]
        self.slot_styles = {side: ParagraphStyle(f"running-{side}", parent=running, alignment=align)
                            for side, align in (("left", TA_LEFT), ("center", TA_CENTER), ("right", TA_RIGHT))}
        m = layout.page.margins
        o = geometry.offset
        frame = Frame(o + m.left, o + m.bottom, geometry.trim_width - m.left - m.right,
                      geometry.trim_height - m.top - m.bottom, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        cover_frame = Frame(o + m.left, o + m.bottom, frame._width, frame._height, id="cover", leftPadding=0,
                            rightPadding=0, topPadding=0, bottomPadding=0)
        first = "cover" if layout.sections and layout.sections[0].type == "cover" else "body"
        templates = {
            "body": PageTemplate("body", [frame], onPage=self._decorate),
            "cover": PageTemplate("cover", [cover_frame], onPage=self._decorate_cover, autoNextPageTemplate="body"),
            "blank": PageTemplate("blank", [Frame(o + m.left, o + m.bottom, frame._width, frame._height, id="blank")],
                                  onPage=self._decorate_blank),
        }
        order = [first] + [name for name in templates if name != first]
        self.addPageTemplates([templates[name] for name in order])

    def beforeDocument(self):
        mark_catalog(self.canv, self.document)  # XMP metadata, DisplayDocTitle

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

    def _begin(self, canvas):
        self.log.current_page = self.page
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
        canvas.saveState()
        canvas.setFillColor(self.comp.palette["accent"])
        band = g.trim_height * 0.06
        # the band bleeds off the top edge when the layout asks for bleed
        canvas.rect(g.offset - g.bleed, g.offset + g.trim_height - band, g.trim_width + 2 * g.bleed, band + g.bleed,
                    stroke=0, fill=1)
        canvas.restoreState()

    def _decorate(self, canvas, doc):
        self._begin(canvas)
        self._running(canvas, self.document.header, self.comp.layout.header, bottom=False)
        self._running(canvas, self.document.footer, self.comp.layout.footer, bottom=True)

    def _running(self, canvas, slots: dict, templates: dict, bottom: bool):
        """One running line: ``slots`` are the document's texts (the pieces the page number goes
        between), ``templates`` the layout's, named when a text is too long for the margin."""
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
        paragraphs = {side: Paragraph(self.mapper.text(text, "running"), self.slot_styles[side])
                      for side, text in texts.items()}
        for side, width, x in slot_boxes(paragraphs, left, right, style):
            para = paragraphs[side]
            _, height = para.wrap(width, style.leading * 3)
            if height > style.leading * 2 + 0.01:
                where = "footer" if bottom else "header"
                template = templates[side]
                # point at the film title when that is what makes the line long
                long_value = comp.kit.film.title if "{film.title}" in template else template
                # raised after the build: ReportLab rewrites exceptions raised in page callbacks
                self.problem = self.problem or KitbuilderError.single(
                    getattr(long_value, "origin", None),
                    f"the running {where} ({where}.{side}: {str(template)!r}) of layout '{comp.layout.name}' "
                    f"needs {round(height / style.leading)} lines at the {side}; at most 2 fit in the margin",
                    f"shorten the text it shows (e.g. the film title), or set a shorter one with "
                    f"--set {where}.{side}=...",
                )
                continue
            # footers grow downwards from the first line, headers upwards
            para.drawOn(canvas, x, y - (height - style.leading) if bottom else y)
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


GAP = 12.0


def slot_boxes(paragraphs: dict, left: float, right: float, style) -> list[tuple[str, float, float]]:
    """(side, width, x) for the running header/footer slots so that they never overlap.

    The centre slot keeps its natural width; left and right share what remains and
    wrap onto a second line when their text is longer.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    total = right - left
    natural = {side: min(total, max(stringWidth(line, style.fontName, style.fontSize)
                                    for line in (p.getPlainText() or " ").split("\n")) + 1)
               for side, p in paragraphs.items()}
    boxes = []
    if "center" in paragraphs:
        center = min(natural["center"], total / 2)
        boxes.append(("center", center, left + (total - center) / 2))
        side_width = (total - center) / 2 - GAP
        if "left" in paragraphs:
            boxes.append(("left", side_width, left))
        if "right" in paragraphs:
            boxes.append(("right", side_width, right - side_width))
        return boxes
    if "left" in paragraphs and "right" in paragraphs:
        right_width = min(natural["right"], total / 2 - GAP / 2)
        boxes.append(("right", right_width, right - right_width))
        boxes.append(("left", total - right_width - GAP, left))
        return boxes
    return [(side, total, left) for side in paragraphs]


def render_pdf(comp: Composition, document: Document, stop_after: int = 0) -> RenderedPdf:
    """Lay out the composition's ``document`` (its block tree); the caller decides what to do
    if content was not placed.

    With ``stop_after``, layout stops once that many pages are full: the result then has
    ``stop_after + 1`` pages and no PDF data (enough to know that it needs more pages).
    """
    buffer = io.BytesIO()
    log = PlacementLog()
    doc = KitDocument(buffer, comp, geometry_for(comp), document, log)
    doc.stop_after = stop_after
    story = doc.mapper.document(document)
    if not prints_anything(story):
        raise empty_document(comp)
    if comp.layout.page.pad_to > 1:
        story.append(PadPages(doc, comp.layout.page.pad_to))
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
    return _result(buffer.getvalue(), doc.page, log)


def _result(data: bytes, pages: int, log: PlacementLog) -> RenderedPdf:
    return RenderedPdf(data, pages, log.missing(), dict(log.pages), dict(log.sections))
