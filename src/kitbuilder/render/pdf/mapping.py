"""The PDF mapping: blocks of the neutral document -> ReportLab flowables.

Each block becomes the flowables that draw it; nothing here decides what is shown
or how it is worded (that is :mod:`kitbuilder.compose`). Every content paragraph
becomes a :class:`~kitbuilder.render.pdf.paragraphs.ContentParagraph` under its
block's key, so its placement is verified.
"""

from __future__ import annotations

import re
from typing import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import ImageAndFlowables, KeepInFrame, KeepTogether, ListFlowable, ListItem, Paragraph, Spacer, Table
from reportlab.platypus import PageBreak as PageBreakFlowable
from reportlab.platypus.doctemplate import ActionFlowable, FrameActionFlowable, NextPageTemplate
from reportlab.platypus.flowables import HRFlowable, TopPadder

from kitbuilder.compose import blocks as b
from kitbuilder.compose.blocks import Run
from kitbuilder.compose.qr import NOMINAL_SIZE as NOMINAL_QR_SIZE
from kitbuilder.compose.qr import qr_size
from kitbuilder.render.pdf import boxes
from kitbuilder.render.pdf.asides import Aside, AsideColumn
from kitbuilder.render.pdf.flowables import NeedSpace, QrCode, RatingBoxes, RuledLines, StartOnRightPage
from kitbuilder.render.pdf.pagefill import FillPages
from kitbuilder.render.pdf.paragraphs import ContentParagraph, HeadingParagraph, PlacementLog
from kitbuilder.render.pdf.links import LinkParagraph
from kitbuilder.render.pdf.memo import MemoParagraph
from kitbuilder.render.pdf.runmarkup import RunMarkup
from kitbuilder.render.pdf.markup import escape
from kitbuilder.render.pdf.spacing import Gap
from kitbuilder.render.pdf.outline import OutlineLevels
from kitbuilder.units import INCH

SIDEBAR_WIDTH = 2.1 * INCH
KEEP_ITEM_LIMIT = 2.3 * INCH  # a list item taller than what is left moves on only if at most this is left
TITLE_LOGO_GAP = 14  # points between the title and the logo beside it
RATING_GAP = 1.5  # body sizes between a rating question and its first tick box
LABEL_COLUMN_LIMIT = 2.4 * INCH  # a details label longer than this wraps


# Blocks whose tables need the text's width (a narrower column breaks them): never set in the sidebar.
FORM_BLOCKS = (b.Rating, b.SignInTable)


def turns_pages(flowable) -> bool:
    """Whether ``flowable`` acts on pages (breaks, Notes pages that fill a booklet): it cannot
    be set in the sidebar column, which holds only what is drawn."""
    return isinstance(flowable, (ActionFlowable, FrameActionFlowable, PageBreakFlowable))

class PdfMapper:
    """Maps the blocks of one document for one composition (its styles, palette and placement log)."""

    def __init__(self, comp, log: PlacementLog | None = None, doc=None):
        self.comp = comp
        self.log = log if log is not None else PlacementLog()  # where content paragraphs report what they drew
        self.doc = doc  # the document template (a page break to a right-hand page asks it the page)
        self.styles = comp.styles
        self.palette = comp.palette
        self.handed_out = False  # the section being mapped is for participants (its own page template)
        self.outline = OutlineLevels()  # chapters and their sections
        self.runs = RunMarkup(comp)  # paragraph markup

    # --- text -------------------------------------------------------------------------

    def fallback(self, style: str) -> Callable[[str], str | None]:
        return self.runs.fallback(style)

    def markup(self, runs: tuple[Run, ...], style: str) -> str:
        """Runs as paragraph markup (:mod:`kitbuilder.render.pdf.runmarkup`)."""
        return self.runs.markup(runs, style)

    def text(self, text: str, style: str) -> str:
        """Plain text (no emphasis read) as markup, e.g. a running header filled in elsewhere."""
        return self.runs.text(text, style)

    def para(self, block: b.Para) -> Paragraph:
        body = self.markup(block.runs, block.style)
        style = self.styles.for_text(block.style, block.text)
        if not block.key:
            return MemoParagraph(body, style)
        shown = "".join(r.text for r in block.runs if r.key)
        if self.styles.uppercase(block.style):
            shown = shown.upper()
        return ContentParagraph(body, style, block.key, self.log, re.sub(r"#\d+$", "", block.key), shown,
                                origin=block.origin)

    def heading(self, block: b.Heading) -> HeadingParagraph:
        return HeadingParagraph(self.markup(block.runs, block.style), self.styles.for_text(block.style, block.text),
                                block.text, self.outline.level(block))

    def link(self, block: b.Link) -> ContentParagraph:
        color = self.palette["accent"].hexval()[2:]
        # an address breaks only after / . - @ where it can, with one link annotation (links.py)
        return LinkParagraph(escape(block.url), self.styles[block.style], block.key, self.log, block.key, block.url,
                             origin=block.origin, url=block.url, href=block.href, color=color)

    # --- blocks -----------------------------------------------------------------------

    def blocks(self, items) -> list:
        return [flowable for item in items for flowable in self.block(item)]

    def block(self, block) -> list:
        return getattr(self, f"map_{type(block).__name__}")(block)

    def map_Para(self, block):
        return [self.para(block)]

    def map_Heading(self, block):
        return [self.heading(block)]

    def map_Link(self, block):
        return [self.link(block)]

    def map_ItemList(self, block: b.ItemList):
        st = self.styles[block.style]
        items = []
        for index, item in enumerate(block.items):
            kwargs = {"value": block.numbers[index]} if block.numbered and block.numbers else {}
            flows = self.blocks(item)
            if flows and not isinstance(flows[-1], Paragraph):  # e.g. ends with follow-ups: the item's own space
                flows.append(Spacer(1, st.spaceAfter))
            if len(flows) > 1:  # a question with its follow-ups and note, a Ways item's text, address and QR
                # code on one page, unless that would leave more than a quarter of the page empty (then it
                # splits, two lines at least each side)
                flows = [NeedSpace([f for f in flows if not isinstance(f, NeedSpace)], 0, KEEP_ITEM_LIMIT)] + flows
            items.append(ListItem(flows, **kwargs))
        return [ListFlowable(
            items, bulletType="1" if block.numbered else "bullet", start=1 if block.numbered else "\u2022",
            bulletFontName=self.comp.fonts.font_name(self.styles.family("heading"), bold=True),
            bulletFontSize=st.fontSize * (0.95 if block.numbered else 1.0), bulletColor=self.palette["accent"],
            leftIndent=st.fontSize * (2.0 if block.numbered else 1.3), bulletDedent="auto",
            bulletFormat="%s." if block.numbered else None, spaceBefore=0, spaceAfter=0,
        )]

    def map_Panel(self, block: b.Panel):
        # a panel is set apart from the text before and after it by a line of space
        space = self.styles["body"].leading * 0.6
        return [Gap(1, space), boxes.panel(self.blocks(block.blocks), self.comp), Gap(1, space)]

    def map_Details(self, block: b.Details):
        cells = [[self.para(row.label) if row.label else "", self.para(row.value)] for row in block.rows]
        if block.kind == "schedule":
            table = Table(cells, colWidths=[self.styles["body"].fontSize * block.label_em, None], hAlign="LEFT")
            commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.5, self.palette["rule"]),
                        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        else:
            table = Table(cells, colWidths=[self.label_column(block), None], hAlign="LEFT", splitInRow=1)
            commands = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        table.setStyle(boxes.table_style(self.comp, commands))
        return [table]

    def label_column(self, block: b.Details) -> float:
        """A details table's label column: its hint, or wider, so that neither its widest label nor
        the widest of those it lines up with wraps (up to :data:`LABEL_COLUMN_LIMIT`)."""
        widest = 0.0
        for label in [row.label for row in block.rows if row.label] + list(block.line_up_with):
            paragraph = self.para(label)
            paragraph.wrap(LABEL_COLUMN_LIMIT, 10_000)
            widest = max([widest] + list(paragraph.getActualLineWidths0()))
        padding = 6  # ReportLab's right padding of a cell, the gap before the value
        hint = self.styles["detail_label"].fontSize * block.label_em
        return max(hint, min(widest + padding + 1, LABEL_COLUMN_LIMIT))

    def quote_flowables(self, block: b.Quote) -> list:
        return [self.para(block.text)] + ([self.para(block.attribution)] if block.attribution else [])

    def map_Quote(self, block: b.Quote):
        flows = self.quote_flowables(block)
        if block.treatment == "pull":
            return [boxes.AccentRule(flows, self.palette["accent"])]
        if block.treatment == "sidebar":
            return [boxes.panel(flows, self.comp)]
        return flows

    def map_Beside(self, block: b.Beside):
        main = self.blocks(block.main)
        if not block.flow:
            aside = self.blocks(block.aside)
            if self.aside_column is not None:  # the logo in the sidebar column: the title keeps its measure
                return [Aside(aside, self.aside_column)] + main
            aside_width = max(flowable.wrap(0, 0)[0] for flowable in aside) + TITLE_LOGO_GAP  # the logo as fitted
            table = Table([[main, aside]], colWidths=[None, aside_width])
            table.setStyle(boxes.table_style(self.comp, [
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
            return [table]
        return self.sidebar(main, block.aside)

    @property
    def aside_column(self) -> AsideColumn | None:
        """The page grid's sidebar column, when the layout has one (page.sidebar)."""
        column = getattr(self.doc, "asides", None)
        return column if column is not None and column.width > 0 else None

    def sidebar(self, main: list, aside: tuple) -> list:
        """The main text with the aside (a quote) beside it: in the page's sidebar column when
        the layout has one (always there, with or without an event); otherwise boxed on its
        right, text flowing around it, and where the box does not fit in what is left of a
        page, the text starts there at full width and the quote follows it as a pull quote
        (the same paragraphs, placed once)."""
        heading = main[:1] if main and isinstance(main[0], HeadingParagraph) else []
        if self.aside_column is not None:
            quote = [f for q in aside if isinstance(q, b.Quote) for f in self.quote_flowables(q)]
            return heading + [Aside([boxes.AccentRule(quote, self.palette["accent"])], self.aside_column)] + main[
                len(heading):]
        # ImageAndFlowables drops the space after the last paragraph beside the sidebar:
        # explicit spacers keep paragraph spacing where the text returns to full width.
        spaced: list = []
        for flowable in main:
            spaced.append(flowable)
            after = flowable.getSpaceAfter() if isinstance(flowable, Paragraph) else 0
            if after:
                flowable.style = ParagraphStyle(f"{flowable.style.name}-nospace", parent=flowable.style, spaceAfter=0)
                spaced.append(Spacer(1, after))
        quote = [f for q in aside if isinstance(q, b.Quote) for f in self.quote_flowables(q)]
        box = boxes.Sidebar(boxes.panel(quote, self.comp, width=SIDEBAR_WIDTH * self.styles.scale))
        beside = ImageAndFlowables(box, spaced, imageLeftPadding=14, imageRightPadding=0,
                                   imageBottomPadding=8, imageSide="right")
        body = self.styles["body"]
        inline = [NeedSpace(heading, 3 * body.leading)] + spaced + [
            Spacer(1, 4), boxes.AccentRule(quote, self.palette["accent"])]
        minimum = sum(h.style.leading + h.style.spaceBefore for h in heading) + 6 * body.leading
        return [boxes.SidebarOrInline(beside, inline, minimum)]

    def map_Columns(self, block: b.Columns):
        flows = self.blocks(block.blocks)
        if block.count < 2:
            return flows
        # needed: begun where three lines of body text fit, as a heading keeps with what follows
        # (compose.context.keep_with_first); ReportLab's default (1 in) sent a short list overleaf
        # and left its heading alone at the foot of the page
        return [boxes.Columns(flows, nCols=block.count, innerPadding=14, leftPadding=0, rightPadding=0,
                              topPadding=0, bottomPadding=0, endSlack=0.15,
                              needed=3 * self.styles["body"].leading)]

    def map_Image(self, block: b.Image):
        from kitbuilder.render.pdf.images import logo  # it imports ReportLab's graphics: only for a logo

        return [logo(block.path, block.height, block.grayscale, block.width)]

    def map_QrCode(self, block: b.QrCode):
        # compose checked the address fits a code; its modules are never under qr.MIN_MODULE
        return [QrCode(block.href, qr_size(block.href, NOMINAL_QR_SIZE * self.styles.scale), self.palette["text"])]

    def map_WithQr(self, block: b.WithQr):
        text = self.blocks(block.blocks)
        code = self.map_QrCode(block.qr)[0]
        table = Table([[text, code]], colWidths=[None, code.wrap(0, 0)[0]], splitInRow=1)
        table.setStyle(boxes.table_style(self.comp, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 10), ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [table]

    def map_KeepWithNext(self, block: b.KeepWithNext):
        flows = self.blocks(block.blocks)
        return [NeedSpace(flows, block.lines * self.styles["body"].leading)] + flows

    def map_KeepTogether(self, block: b.KeepTogether):
        return [KeepTogether(self.blocks(block.blocks))]

    def map_Space(self, block: b.Space):
        return [Spacer(1, block.points * (self.styles.scale if block.scaled else 1))]

    def map_Rule(self, block: b.Rule):
        accent = self.palette["accent"]
        if block.kind == "short":
            return [HRFlowable(width="30%", thickness=2, color=accent, hAlign="LEFT", spaceAfter=12)]
        return [HRFlowable(width="100%", thickness=1.2, color=accent, spaceBefore=4, spaceAfter=10)]

    def map_PageBreak(self, block: b.PageBreak):
        if block.right:  # a left-hand page left over becomes a page for notes
            return [StartOnRightPage(self.doc, lambda: self.blocks(block.filler))]
        return [PageBreakFlowable(block.template)] if block.template else [PageBreakFlowable()]

    def map_FootBlock(self, block: b.FootBlock):
        table = Table([[self.blocks(block.blocks)]], hAlign="LEFT", splitInRow=1)  # a very long URL goes on overleaf
        table.setStyle(boxes.table_style(self.comp, [("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [TopPadder(table)]

    def map_RuledLines(self, block: b.RuledLines):
        spacing = self.styles["body"].leading * block.spacing
        return [RuledLines(spacing, self.palette["rule"], minimum=block.minimum, count=block.count,
                           share=block.share)]

    def map_OnePage(self, block: b.OnePage):
        return [KeepInFrame(0, 0, self.blocks(block.blocks), mode="shrink")]

    def map_FillPages(self, block: b.FillPages):
        return [FillPages(self.doc, block.multiple, lambda: self.blocks(block.blocks))]

    def map_SignInTable(self, block: b.SignInTable):
        rows = [[self.para(p) for p in block.columns]] + [[""] * len(block.columns) for _ in range(block.rows)]
        table = Table(rows, colWidths=[f"{w * 100:g}%" for w in block.widths],
                      rowHeights=[None] + [24] * block.rows, repeatRows=1)
        table.setStyle(boxes.table_style(self.comp, [
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, self.palette["rule"]),
            ("LINEBELOW", (0, 0), (-1, 0), 1, self.palette["accent"]),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ]))
        return [table]

    def map_Rating(self, block: b.Rating):
        body = self.styles["body"]
        ticks = RatingBoxes(block.scale, body.fontName, body.fontSize, body.textColor, self.palette["muted"])
        table = Table([[self.para(block.label), ticks]], colWidths=[None, ticks.wrap(0, 0)[0] + 4])
        table.setStyle(boxes.table_style(self.comp, [
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), RATING_GAP * body.fontSize),  # the question clear of the boxes
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        return [table]

    # --- the document -----------------------------------------------------------------

    def section(self, section: b.Section) -> list:
        self.log.current_section = section.type
        self.outline.enter(section)
        flows = self.blocks(section.blocks)
        if section.keep_together and flows:
            # KeepTogether already keeps the heading with what follows; a NeedSpace inside
            # it could ask for more room than the whole block and stop the layout.
            flows = [KeepTogether([f for f in flows if not isinstance(f, NeedSpace)])]
        lines = [f for f in flows if isinstance(f, RuledLines)]
        if flows and isinstance(flows[0], HeadingParagraph) and lines:  # a Notes heading with 3 lines at least
            flows = [NeedSpace(flows[:1], lines[0].spacing * max(3, lines[0].minimum))] + flows
        if section.aside and self.aside_column is not None and flows and not any(map(turns_pages, flows)) \
                and not any(isinstance(part, FORM_BLOCKS) for block in section.blocks for part in b.walk(block)):
            flows = [Aside(flows, self.aside_column)]  # (pages turned and forms stay in the text)
        start = self.block(section.start) if section.start else []
        if section.handed_out != self.handed_out:  # pages for participants have their own footer
            self.handed_out = section.handed_out
            template = "handed_out" if section.handed_out else "body"
            if section.start and not section.start.right:
                start = [PageBreakFlowable(template)]
            else:
                start = [NextPageTemplate(template)] + start
        return start + flows

    def document(self, document: b.Document) -> list:
        return [f for section in document.sections for f in self.section(section)]
