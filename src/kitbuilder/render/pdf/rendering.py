"""What the section renderers share: the paragraph factory (:class:`Writer`), the
registry of renderers by section type, and helpers for headings, panels, lists,
columns and QR codes.

Every piece of kit content goes into a
:class:`~kitbuilder.render.pdf.flowables.ContentParagraph`, so its placement is verified.
"""

from __future__ import annotations

import datetime
import functools
from typing import Callable

from reportlab.platypus import BalancedColumns, Flowable, ListFlowable, ListItem, Paragraph, Table, TableStyle

from kitbuilder.compose.composition import Composition, fill
from kitbuilder.model.kit import paragraphs
from kitbuilder.diagnostics import KitbuilderError
from kitbuilder.render.pdf.flowables import ContentParagraph, HeadingParagraph, NeedSpace, QrCode
from kitbuilder.model.layout import Section
from kitbuilder.render.pdf.markup import escape, plain, to_markup
from kitbuilder.source.fields import Text

Renderer = Callable[[Section, Composition], list[Flowable]]
RENDERERS: dict[str, Renderer] = {}


def renderer(name: str):
    def register(function: Renderer) -> Renderer:
        RENDERERS[name] = function
        return function
    return register


# --- helpers -----------------------------------------------------------------

class Writer:
    """Paragraph factory bound to one composition: escaping, fallback fonts, tracking."""

    def __init__(self, comp: Composition):
        self.comp = comp
        self.styles = comp.styles

    def fallback(self, style: str) -> Callable[[str], str | None]:
        return functools.partial(self.comp.fonts.fallback_font_name, self.styles.family(style))

    def markup(self, text: str, style: str, inline: bool = True) -> str:
        return to_markup(text, self.fallback(style), uppercase=self.styles.uppercase(style), inline=inline)

    def content(self, text: str, style: str, key: str, label: str = "", prefix: str = "",
                suffix: str = "", shown_extra: str = "", origin=None, **kwargs) -> ContentParagraph:
        """A paragraph of kit content, tracked under ``key``.

        ``prefix``/``suffix`` are markup added around the text; ``shown_extra`` is
        further content in the suffix that must be placed too.
        """
        body = prefix + self.markup(text, style) + suffix
        shown = plain(text) + plain(shown_extra)
        if self.styles.uppercase(style):
            shown = shown.upper()
        return ContentParagraph(body, self.styles[style], key, self.comp.log, label or key, shown,
                                origin=origin or getattr(text, "origin", None), **kwargs)

    def paragraphs(self, text: str, style: str, key: str, label: str = "", first_style: str | None = None) -> list:
        origin = getattr(text, "origin", None)
        return [self.content(p, first_style if (i == 0 and first_style) else style, f"{key}#{i}", label or key,
                             origin=origin)
                for i, p in enumerate(paragraphs(text))]

    def source_line(self, source: str, style: str) -> str:
        """Markup for a 'Source: ...' line in ``style``'s font, to end another paragraph."""
        st = self.styles[style]
        color = st.textColor.hexval()[2:]
        return (f'<br/><font face="{st.fontName}" size="{st.fontSize}" color="#{color}">'
                f'Source: {self.markup(source, style)}</font>')

    def static(self, text: str, style: str) -> Paragraph:
        """Layout text (with placeholders filled); not kit content, so not tracked."""
        return Paragraph(self.markup(fill(text, self.comp.values), style), self.styles[style])

    def heading(self, text: str, style: str = "heading", level: int = 0) -> HeadingParagraph:
        filled = fill(text, self.comp.values)
        return HeadingParagraph(self.markup(filled, style), self.styles[style], plain(filled), level)

    def link(self, url: str, style: str, key: str) -> ContentParagraph:
        href = url if "://" in url or url.startswith("mailto:") else f"https://{url}"
        color = self.comp.palette["accent"].hexval()[2:]
        # a URL too long for the line is split at the margin (splitLongWords), never run off the page
        body = f'<a href="{escape(href, attribute=True)}" color="#{color}">{escape(url)}</a>'
        return ContentParagraph(body, self.styles[style], key, self.comp.log, key, url,
                                origin=getattr(url, "origin", None))


def section_heading(section: Section, comp: Composition, default: str | None, w: Writer, level: int = 0) -> list:
    text = section.options.get("heading") or default
    return [w.heading(text, level=level)] if text else []


def keep_with_first(heading: list, body: list, comp: Composition, lines: int = 3) -> list:
    """Headings never left alone at a page foot: they go on with ``lines`` lines of the body."""
    if not heading or not body:
        return heading + body
    return [NeedSpace(heading, lines * comp.styles["body"].leading)] + heading + body


def qr_code(url: Text, size: float, comp: Composition) -> QrCode:
    href = url if "://" in url else f"https://{url}"
    try:
        return QrCode(href, size, comp.palette["text"])
    except Exception as exc:  # ReportLab's encoder raises a bare Exception for too much data
        raise KitbuilderError.single(
            url.origin, f"{url.field} is too long to print as a QR code ({len(href):,} characters)",
            "shorten the address (a link shortener helps), or set qr_codes: false for this section in the layout",
        ) from exc


def with_qr(text_flowables: list, url: str | None, comp: Composition, enabled: bool) -> list:
    """Text with its URL's QR code beside it (when the layout asks for QR codes)."""
    if not url or not enabled:
        return text_flowables
    size = 0.72 * 72 * comp.styles.scale
    code = qr_code(url, size, comp)
    table = Table([[text_flowables, code]], colWidths=[None, code.wrap(0, 0)[0]], splitInRow=1)
    table.setStyle(table_style(comp, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), 10), ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table]


def in_columns(flowables: list, columns: int) -> list:
    """The flowables in ``columns`` balanced columns (ReportLab's BalancedColumns), or as they are."""
    if columns < 2:
        return flowables
    return [Columns(flowables, nCols=columns, innerPadding=14, leftPadding=0, rightPadding=0,
                    topPadding=0, bottomPadding=0, endSlack=0.15)]


class Columns(BalancedColumns):
    """BalancedColumns that never stops the layout.

    ReportLab raises ValueError ("cannot make initial split") where the first item
    cannot be cut to fit the columns' height; the rest of the content then goes on in
    one column, so all of it is still printed. The part continuing on the next page
    (which ReportLab makes as a plain BalancedColumns) gets the same care.
    """

    def _generated_content(self, aW, aH):
        height, generated = super()._generated_content(aW, aH)
        for flowable in generated:
            if type(flowable) is BalancedColumns:
                flowable.__class__ = Columns
        return height, generated

    def wrap(self, aW, aH):
        try:
            return super().wrap(aW, aH)
        except ValueError:
            frame = getattr(self, "_frame", None)
            if frame is None:
                raise
            frame.add_generated_content(*self._content)
            return 0, 0


def table_style(comp: Composition, commands: list) -> TableStyle:
    """A TableStyle whose default font is the layout's (ReportLab would otherwise
    reference an unembedded Helvetica for every table)."""
    font = comp.styles["body"].fontName
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font)] + commands)


def panel(flowables: list, comp: Composition, width: float | None = None, padding: float = 10) -> Table:
    # splitInRow: a panel taller than what is left of the page goes on on the next one
    table = Table([[flowables]], colWidths=[width] if width else None, splitInRow=1)
    table.setStyle(table_style(comp, [
        ("BACKGROUND", (0, 0), (-1, -1), comp.palette["panel"]),
        ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.8), ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.8),
    ]))
    return table


def bullet_list(items: list, comp: Composition, numbered: bool = False, start: int = 1, style: str = "body",
                numbers: list[int] | None = None) -> ListFlowable:
    st = comp.styles[style]
    accent = comp.palette["accent"]
    bullet_font = comp.fonts.font_name(comp.styles.family("heading"), bold=True)
    list_items = []
    for index, item in enumerate(items):
        flow = item if isinstance(item, list) else [item]
        kwargs = {}
        if numbers and numbered:  # an unnumbered list has bullets, not the kit's numbers
            kwargs["value"] = numbers[index]
        list_items.append(ListItem(flow, **kwargs))
    return ListFlowable(
        list_items,
        bulletType="1" if numbered else "bullet",
        start=start if numbered else "\u2022",
        bulletFontName=bullet_font,
        bulletFontSize=st.fontSize * (0.95 if numbered else 1.0),
        bulletColor=accent,
        leftIndent=st.fontSize * (2.0 if numbered else 1.3),
        bulletDedent="auto",
        bulletFormat="%s." if numbered else None,
        spaceBefore=0,
        spaceAfter=0,
    )


def film_details_line(comp: Composition) -> str:
    film = comp.kit.film
    parts = [f"Directed by {film.director}"]
    if film.year:
        parts.append(str(film.year))
    if film.runtime_minutes:
        parts.append(f"{film.runtime_minutes} min")
    return " \u00b7 ".join(parts)


def readable_date(value: str | None) -> str | None:
    """'2026-12-12' -> 'Saturday 12 December 2026' (unambiguous on both sides of the Atlantic)."""
    if not value:
        return value
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day:%A} {day.day} {day:%B %Y}"


def event_lines(comp: Composition) -> list[str]:
    e = comp.event
    lines = []
    when = ", ".join(str(v) for v in (readable_date(e.date), e.time) if v)
    for value in (e.title, e.host, when, e.venue, e.address):
        if value:
            lines.append(str(value))
    if e.facilitator:
        lines.append(f"Facilitator: {e.facilitator}")
    return lines
