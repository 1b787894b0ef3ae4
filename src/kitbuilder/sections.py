"""Section renderers: turn the composed content into ReportLab flowables.

Each renderer takes a layout :class:`~kitbuilder.layout.Section` (its type and
options) and the :class:`~kitbuilder.compose.Composition`, and returns flowables.
Renderers read no files and decide nothing about pages; the document assembler
places what they return. Every piece of kit content goes into a
:class:`~kitbuilder.flowables.ContentParagraph`, so its placement is verified.
"""

from __future__ import annotations

import datetime
import functools
from typing import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BalancedColumns, Flowable, ImageAndFlowables, KeepTogether, ListFlowable, ListItem,
    PageBreak, Paragraph, Spacer, Table, TableStyle,
)
from reportlab.platypus.flowables import HRFlowable, TopPadder

from .compose import Composition, fill
from .content import paragraphs
from .flowables import ContentParagraph, HeadingParagraph, NeedSpace, QrCode, RatingBoxes, RuledLines, StartOnRightPage
from .errors import KitbuilderError
from .images import logo
from .layout import Section
from .schema import Text
from .markup import escape, plain, to_markup

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
                suffix: str = "", shown_extra: str = "", **kwargs) -> ContentParagraph:
        """A paragraph of kit content, tracked under ``key``.

        ``prefix``/``suffix`` are markup added around the text; ``shown_extra`` is
        further content in the suffix that must be placed too.
        """
        body = prefix + self.markup(text, style) + suffix
        shown = plain(text) + plain(shown_extra)
        if self.styles.uppercase(style):
            shown = shown.upper()
        return ContentParagraph(body, self.styles[style], key, self.comp.log, label or key, shown, **kwargs)

    def paragraphs(self, text: str, style: str, key: str, label: str = "", first_style: str | None = None) -> list:
        return [self.content(p, first_style if (i == 0 and first_style) else style, f"{key}#{i}", label or key)
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
        return ContentParagraph(body, self.styles[style], key, self.comp.log, key, url)


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
    return [BalancedColumns(flowables, nCols=columns, innerPadding=14, leftPadding=0, rightPadding=0,
                            topPadding=0, bottomPadding=0, endSlack=0.15)]


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


# --- sections ----------------------------------------------------------------

@renderer("cover")
def render_cover(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    film = comp.kit.film
    label = section.options.get("label") or comp.layout.title
    out: list = [Spacer(1, 1.6 * 72 * comp.styles.scale), w.heading(label, "label")]
    out.append(w.content(film.title, "cover_title", "film.title"))
    if film.original_title:
        out.append(w.content(film.original_title, "cover_subtitle", "film.original_title"))
    out.append(w.content(film_details_line(comp), "subtitle", "film.details"))
    out.append(Spacer(1, 0.35 * 72))
    out.append(HRFlowable(width="30%", thickness=2, color=comp.palette["accent"], hAlign="LEFT", spaceAfter=12))
    for i, line in enumerate(event_lines(comp)):
        out.append(w.content(line, "event_line", f"event.line{i}"))
    if comp.event.logo:
        out.append(Spacer(1, 18))
        out.append(logo_flowable(comp, 1.1 * 72))
    about = comp.kit.about
    if about:  # the presenting organisation sits at the foot of the cover
        foot = [w.static("Discussion kit from", "label"), w.content(about.name, "subheading", "about.name")]
        if about.url:
            foot.append(w.link(about.url, "link", "about.url"))
        block = Table([[foot]], hAlign="LEFT", splitInRow=1)  # a very long URL goes on overleaf
        block.setStyle(table_style(comp, [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        out.append(TopPadder(block))
    out.append(PageBreak("body"))
    return out


def logo_flowable(comp: Composition, height: float) -> Flowable:
    return logo(comp.event.logo, height, comp.layout.grayscale)


@renderer("title_block")
def render_title_block(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    film = comp.kit.film
    out: list = []
    label = section.options.get("label")
    if label:
        out.append(w.heading(label, "label"))
    title = w.content(film.title, "title", "film.title")
    out.append(title)
    if film.original_title:
        out.append(w.content(film.original_title, "title_original", "film.original_title"))
    if section.options["details"]:
        out.append(w.content(film_details_line(comp), "subtitle", "film.details"))
    lines = event_lines(comp) if section.options["event"] else []
    if lines:
        out.append(w.content(" \u00b7 ".join(lines), "event_line", "event.summary"))
    if comp.event.logo:
        block = Table([[out, logo_flowable(comp, 0.8 * 72)]], colWidths=[None, 1.2 * 72])
        block.setStyle(table_style(comp, [("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        out = [block]
    out.append(HRFlowable(width="100%", thickness=1.2, color=comp.palette["accent"], spaceBefore=4, spaceAfter=10))
    return out


@renderer("film_details")
def render_film_details(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    film = comp.kit.film
    rows = [("Director", film.director, "film.director")]
    if film.year:
        rows.append(("Year", str(film.year), "film.year"))
    if film.runtime_minutes:
        rows.append(("Time", f"{film.runtime_minutes} min", "film.runtime"))
    cells = [[w.static(label, "detail_label"), w.content(value, "detail_value", key)] for label, value, key in rows]
    label_width = comp.styles["detail_label"].fontSize * 5.5
    table = Table(cells, colWidths=[label_width, None], hAlign="LEFT", splitInRow=1)
    table.setStyle(table_style(comp, [("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    inner: list = section_heading(section, comp, None, w, level=1) + [table]
    if film.director_note and section.options["director_note"]:
        inner.append(Spacer(1, 6))
        inner.append(w.static("You might know this director from:", "detail_label"))
        inner.append(w.content(film.director_note, "detail_value", "film.director_note"))
    return [panel(inner, comp), Spacer(1, 10)]


@renderer("event_details")
def render_event_details(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    e = comp.event
    rows = [(label, value, key) for label, value, key in (
        ("Event", e.title, "title"), ("Host", e.host, "host"), ("Date", readable_date(e.date), "date"), ("Time", e.time, "time"),
        ("Venue", e.venue, "venue"), ("Address", e.address, "address"), ("Facilitator", e.facilitator, "facilitator"),
        ("Access", e.accessibility, "accessibility"), ("Content note", e.content_note, "content_note"),
    ) if value]
    if not rows:
        return []
    cells = [[w.static(label, "detail_label"), w.content(value, "detail_value", f"event.{key}")] for label, value, key in rows]
    table = Table(cells, colWidths=[comp.styles["detail_label"].fontSize * 8, None], hAlign="LEFT", splitInRow=1)
    table.setStyle(table_style(comp, [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return keep_with_first(section_heading(section, comp, "About this screening", w), [panel([table], comp), Spacer(1, 8)], comp)


@renderer("welcome")
def render_welcome(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    e = comp.event
    out = []
    if e.welcome:
        out += w.paragraphs(e.welcome, "welcome", "event.welcome")
    notes = [(label, value, key) for label, value, key in (
        ("Accessibility", e.accessibility, "accessibility"), ("Content note", e.content_note, "content_note")) if value]
    for label, value, key in notes:
        out.append(w.content(value, "small", f"event.{key}", prefix=f"<b>{label}:</b> "))
    if not out:
        return []
    return section_heading(section, comp, None, w) + [panel(out, comp), Spacer(1, 8)]


@renderer("summary")
def render_summary(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    body = w.paragraphs(comp.kit.summary, "body", "summary", "summary", first_style="lead")
    heading = section_heading(section, comp, "Film Summary", w)
    if section.options["quote"] == "sidebar" and comp.kit.quote:
        return beside_quote(heading, body, comp, w)
    return keep_with_first(heading, body, comp)


def beside_quote(heading: list, body: list, comp: Composition, w: Writer) -> list:
    """The heading and body with the kit's quote as a boxed sidebar on the right, text
    flowing around it; the heading flows beside the quote, so both start on one page.
    Where the sidebar does not fit in what is left of a page, the text starts there
    at full width and the quote follows it as a pull quote, rather than leaving a gap."""
    # ImageAndFlowables drops the space after the last paragraph beside the sidebar:
    # explicit spacers keep paragraph spacing where the text returns to full width.
    spaced: list = []
    for flowable in heading + body:
        spaced.append(flowable)
        after = flowable.getSpaceAfter() if isinstance(flowable, Paragraph) else 0
        if after:
            flowable.style = ParagraphStyle(f"{flowable.style.name}-nospace", parent=flowable.style, spaceAfter=0)
            spaced.append(Spacer(1, after))
    quote = quote_flowables(comp, w, "sidebar_quote")
    sidebar = Sidebar(panel(quote, comp, width=2.1 * 72 * comp.styles.scale))
    beside = ImageAndFlowables(sidebar, spaced, imageLeftPadding=14, imageRightPadding=0,
                               imageBottomPadding=8, imageSide="right")
    inline = [NeedSpace(heading, 3 * comp.styles["body"].leading)] + spaced + [
        Spacer(1, 4), AccentRule(quote, comp.palette["accent"])]
    minimum = sum(h.style.leading + h.style.spaceBefore for h in heading) + 6 * comp.styles["body"].leading
    return [SidebarOrInline(beside, inline, minimum), Spacer(1, 6)]


class SidebarOrInline(Flowable):
    """Text around a sidebar, or (where the sidebar does not fit) the same flowables inline."""

    def __init__(self, beside: ImageAndFlowables, inline: list, minimum: float):
        super().__init__()
        self.beside = beside
        self.inline = inline
        self.minimum = minimum

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.beside.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        parts = self.beside.splitOn(self.canv, availWidth, availHeight)
        if parts:
            return parts
        return self.inline if availHeight >= self.minimum else []

    def getSpaceBefore(self):
        return self.beside.getSpaceBefore()

    def getSpaceAfter(self):
        return self.beside.getSpaceAfter()

    def draw(self):
        self.beside.drawOn(self.canv, 0, 0)


def quote_flowables(comp: Composition, w: Writer, style_prefix: str = "quote") -> list:
    quote = comp.kit.quote
    out = [w.content(quote.text, style_prefix, "quote.text", prefix="\u201c", suffix="\u201d")]
    if quote.attribution:
        out.append(w.content(quote.attribution, f"{style_prefix}_attribution", "quote.attribution", prefix="\u2014 "))
    return out


class AccentRule(Flowable):
    """A vertical accent bar to the left of its content (the pull quote's rule).

    Splits like a frame would: a quote longer than what is left of the page goes on
    on the next one, with the bar beside each part."""

    def __init__(self, content: list, color, bar: float = 3, gap: float = 10):
        super().__init__()
        self.content = content
        self.color = color
        self.bar = bar
        self.gap = gap

    def _inner(self, availWidth: float) -> float:
        return availWidth - self.bar - self.gap

    def wrap(self, availWidth, availHeight):
        self._heights = []
        total = 0
        for f in self.content:
            _, h = f.wrap(self._inner(availWidth), availHeight)
            self._heights.append(h)
            total += h + (f.getSpaceAfter() if f is not self.content[-1] else 0)
        self.width, self.height = availWidth, total
        return availWidth, total

    def split(self, availWidth, availHeight):
        inner = self._inner(availWidth)
        used = 0.0
        for index, f in enumerate(self.content):
            _, h = f.wrap(inner, availHeight)
            if used + h <= availHeight:
                used += h + f.getSpaceAfter()
                continue
            parts = f.split(inner, availHeight - used) if availHeight - used > 0 else []
            if parts and len(parts) > 1:
                head = self.content[:index] + [parts[0]]
                tail = list(parts[1:]) + self.content[index + 1:]
            elif index:
                head, tail = self.content[:index], self.content[index:]
            else:
                return []
            return [AccentRule(head, self.color, self.bar, self.gap),
                    AccentRule(tail, self.color, self.bar, self.gap)]
        return [self]

    def draw(self):
        c = self.canv
        c.setFillColor(self.color)
        c.rect(0, 0, self.bar, self.height, stroke=0, fill=1)
        y = self.height
        for f, h in zip(self.content, self._heights):
            y -= h
            f.drawOn(c, self.bar + self.gap, y)
            y -= f.getSpaceAfter()


@renderer("quote")
def render_quote(section: Section, comp: Composition) -> list:
    if not comp.kit.quote:
        return []
    w = Writer(comp)
    style = section.options["style"]
    if style == "plain":
        return [Spacer(1, 8), KeepTogether(quote_flowables(comp, w)), Spacer(1, 8)]
    if style == "sidebar":
        return [panel(quote_flowables(comp, w, "sidebar_quote"), comp), Spacer(1, 10)]
    return [Spacer(1, 4), AccentRule(quote_flowables(comp, w), comp.palette["accent"]), Spacer(1, 12)]


class Sidebar(Flowable):
    """A boxed flowable that text can flow around (ImageAndFlowables expects an image-like object)."""

    def __init__(self, content: Flowable):
        super().__init__()
        self.content = content

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.content.wrap(availWidth, availHeight)
        return self.width, self.height

    def _restrictSize(self, availWidth, availHeight):
        return self.wrap(availWidth, availHeight)

    def _unRestrictSize(self):
        pass

    def draw(self):
        self.content.drawOn(self.canv, 0, 0)


@renderer("themes")
def render_themes(section: Section, comp: Composition) -> list:
    themes = comp.kit.themes
    if not themes:
        return []
    w = Writer(comp)
    opts = section.options
    heading = section_heading(section, comp, "Film Themes", w)
    body: list = []
    if themes.intro and opts["intro"]:
        body += w.paragraphs(themes.intro, "body", "themes.intro")
    items: list = []
    if opts["bodies"]:
        for i, theme in enumerate(themes.items, start=1):
            title = w.content(theme.title, "subheading", f"themes.items[{i}].title")
            text = w.paragraphs(theme.body, "body", f"themes.items[{i}].body") if theme.body else []
            items += keep_with_first([title], text, comp)
    else:
        items.append(bullet_list([w.content(t.title, "body", f"themes.items[{i}].title")
                                  for i, t in enumerate(themes.items, start=1)], comp))
    items = in_columns(items, opts["columns"])
    if opts["quote"] == "sidebar" and comp.kit.quote:
        return beside_quote(heading, body + items, comp, w)
    return keep_with_first(heading, body + items, comp) + [Spacer(1, 6)]


@renderer("questions")
def render_questions(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    opts = section.options
    entries = []
    for position, question in enumerate(comp.questions, start=1):
        key = f"questions[{question.number}]"
        flow: list = [w.content(question.text, "question", f"{key}.text")]
        if opts["follow_ups"] and question.follow_ups:
            flow.append(bullet_list([w.content(f, "followup", f"{key}.follow_ups[{i}]")
                                     for i, f in enumerate(question.follow_ups, start=1)], comp, style="followup"))
        if opts["notes"] and question.notes:
            flow.append(Spacer(1, 3))
            flow.append(w.content(question.notes, "note", f"{key}.notes", prefix="<b>Note:</b> "))
        if opts["space_for_notes"]:
            flow.append(RuledLines(comp.styles["body"].leading * 1.4, comp.palette["rule"], count=opts["space_for_notes"]))
        entries.append(keep_with_first(flow[:1], flow[1:], comp, lines=2))
    if not entries:
        return []
    # The kit's own numbers, also when an event chooses some questions: notes and
    # facilitators refer to questions by these numbers.
    numbers = [q.number for q in comp.questions]
    listing = bullet_list(entries, comp, numbered=opts["numbered"], style="question", numbers=numbers)
    body = in_columns([listing], opts["columns"])
    heading = section_heading(section, comp, "Questions for Discussion", w)
    return keep_with_first(heading, body, comp) + [Spacer(1, 6)]


@renderer("facts")
def render_facts(section: Section, comp: Composition) -> list:
    facts = comp.kit.facts
    if not facts:
        return []
    w = Writer(comp)
    items = []
    for i, fact in enumerate(facts, start=1):
        # The source is the fact paragraph's last line, so it never strays onto the next page alone.
        source = w.source_line(fact.source, "source") if fact.source else ""
        items.append([w.content(fact.text, "body", f"facts[{i}]", suffix=source,
                                shown_extra=f"Source: {fact.source}" if fact.source else "")])
    listing = in_columns([bullet_list(items, comp)], section.options["columns"])
    return keep_with_first(section_heading(section, comp, "Film Facts", w), listing, comp) + [Spacer(1, 6)]


@renderer("ways_to_influence")
def render_ways(section: Section, comp: Composition) -> list:
    actions = comp.kit.ways_to_influence
    if not actions:
        return []
    w = Writer(comp)
    items = []
    for i, action in enumerate(actions, start=1):
        text = [w.content(action.text, "body", f"ways_to_influence[{i}].text")]
        if action.url:
            text.append(w.link(action.url, "link", f"ways_to_influence[{i}].url"))
        items.append(with_qr(text, action.url, comp, section.options["qr_codes"]))
    heading = section_heading(section, comp, "Ways to Influence", w)
    return keep_with_first(heading, [bullet_list(items, comp, numbered=True)], comp) + [Spacer(1, 6)]


@renderer("about")
def render_about(section: Section, comp: Composition) -> list:
    about = comp.kit.about
    if not about:
        return []
    w = Writer(comp)
    out: list = []
    if about.tagline:
        out.append(w.content(about.tagline, "tagline", "about.tagline"))
    out.append(w.content(about.name, "subheading", "about.name"))
    if about.text:
        out += w.paragraphs(about.text, "small_body", "about.text")
    if about.url:
        out = with_qr(out + [w.link(about.url, "link", "about.url")], about.url, comp, section.options["qr_codes"])
    heading = section_heading(section, comp, None, w)
    return keep_with_first(heading, [panel(out, comp)], comp)


def static_block(text: str, w: Writer, comp: Composition) -> list:
    """Layout text: paragraphs separated by blank lines; lines starting '- ' are bullets."""
    flow: list = []
    bullets: list = []
    for block in paragraphs(text.replace("\n- ", "\n\n- ")):
        if block.startswith("- "):
            bullets.append(w.static(block[2:], "body"))
            continue
        if bullets:
            flow.append(bullet_list(bullets, comp))
            bullets = []
        flow.append(w.static(block, "body"))
    if bullets:
        flow.append(bullet_list(bullets, comp))
    return flow


@renderer("text")
def render_text(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    text = comp.layout.texts[section.options["text"]]
    return keep_with_first(section_heading(section, comp, None, w), static_block(text, w, comp), comp)


@renderer("facilitator_notes")
def render_facilitator_notes(section: Section, comp: Composition) -> list:
    fac = comp.kit.facilitator
    if not fac or not fac.notes:
        return []
    w = Writer(comp)
    if fac.notes_are_tips:
        body = [bullet_list([w.content(n, "body", f"facilitator.notes[{i}]") for i, n in enumerate(fac.notes, 1)], comp)]
    else:
        body = [p for i, n in enumerate(fac.notes) for p in w.paragraphs(n, "body", f"facilitator.notes#{i}")]
    return keep_with_first(section_heading(section, comp, "Notes for the Facilitator", w), body, comp) + [Spacer(1, 6)]


@renderer("director_qa")
def render_director_qa(section: Section, comp: Composition) -> list:
    fac = comp.kit.facilitator
    if not fac or not fac.director_qa or not fac.director_qa.items:
        return []
    w = Writer(comp)
    qa = fac.director_qa
    body: list = []
    if qa.source:
        body.append(w.content(qa.source, "source_line", "facilitator.director_qa.source"))
    for i, item in enumerate(qa.items, start=1):
        key = f"facilitator.director_qa.items[{i}]"
        asked = f" <font color='#{comp.palette['muted'].hexval()[2:]}'>({w.markup('asked by ' + item.asked_by, 'qa_question')})</font>" if item.asked_by else ""
        question = w.content(item.question, "qa_question", f"{key}.question", prefix="Q: ", suffix=asked)
        answer = w.paragraphs(item.answer, "qa_answer", f"{key}.answer")
        body += keep_with_first([question], answer, comp)
    heading = section_heading(section, comp, "Background from the Director", w)
    return keep_with_first(heading, body, comp)


@renderer("agenda")
def render_agenda(section: Section, comp: Composition) -> list:
    agenda = comp.event.agenda
    if not agenda:
        return []
    w = Writer(comp)
    rows = [[w.content(item.time or "", "agenda_time", f"agenda[{i}].time") if item.time else "",
             w.content(item.item, "body", f"agenda[{i}].item")] for i, item in enumerate(agenda, start=1)]
    table = Table(rows, colWidths=[comp.styles["body"].fontSize * 5, None], hAlign="LEFT")
    table.setStyle(table_style(comp, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, comp.palette["rule"]),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return keep_with_first(section_heading(section, comp, "Agenda", w), [table, Spacer(1, 10)], comp)


@renderer("notes_page")
def render_notes_page(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    spacing = comp.styles["body"].leading * 1.6
    return section_heading(section, comp, "Notes", w) + [
        RuledLines(spacing, comp.palette["rule"], count=section.options["lines"])]


@renderer("sign_in_sheet")
def render_sign_in(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    header = [w.static(h, "table_header") for h in ("Name", "Email (for follow-up, optional)", "Group / organisation")]
    rows = [header] + [["", "", ""] for _ in range(section.options["rows"])]
    table = Table(rows, colWidths=["33%", "42%", "25%"], rowHeights=[None] + [24] * section.options["rows"],
                  repeatRows=1)
    table.setStyle(table_style(comp, [
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, comp.palette["rule"]),
        ("LINEBELOW", (0, 0), (-1, 0), 1, comp.palette["accent"]),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return section_heading(section, comp, "Sign-in Sheet", w) + [event_caption(comp, w), Spacer(1, 6), table]


def event_caption(comp: Composition, w: Writer) -> Paragraph:
    """'Film · event · date': the line that pre-fills forms with the screening's details."""
    parts = [comp.kit.film.title] + [str(v) for v in (comp.event.title or comp.event.host, readable_date(comp.event.date)) if v]
    return Paragraph(w.markup(" \u00b7 ".join(parts), "small", inline=False), comp.styles["small"])


FEEDBACK_QUESTIONS = [
    "How would you rate the film?",
    "How would you rate the discussion?",
]


def _rating_row(label: str, w: Writer, comp: Composition) -> Table:
    body = comp.styles["body"]
    boxes = RatingBoxes(5, body.fontName, body.fontSize, body.textColor, comp.palette["muted"])
    width = boxes.wrap(0, 0)[0] + 4
    table = Table([[w.static(label, "body"), boxes]], colWidths=[None, width])
    table.setStyle(table_style(comp, [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                      ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


FEEDBACK_PROMPTS = ("What stayed with you from the film or the discussion?",
                    "What will you do next, or what would you like us to screen?")


def _feedback_body(comp: Composition, w: Writer) -> list:
    texts = comp.layout.texts
    out: list = [w.static(texts.get("feedback_intro", "Thank you for joining us for {film.title}."), "small"),
                 Spacer(1, 6), w.static("1 = poor, 5 = excellent", "small")]
    for label in FEEDBACK_QUESTIONS:
        out += [_rating_row(label, w, comp), Spacer(1, 6)]
    spacing = comp.styles["body"].leading * 1.5
    first, last = FEEDBACK_PROMPTS
    out += [Spacer(1, 6), w.static(first, "body"), RuledLines(spacing, comp.palette["rule"], count=4)]
    # the last prompt's lines fill the rest of the page or card
    out += [Spacer(1, 6), w.static(last, "body"), RuledLines(spacing, comp.palette["rule"], minimum=3)]
    return out


@renderer("feedback_form")
def render_feedback_form(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    return section_heading(section, comp, "Feedback", w) + [event_caption(comp, w)] + _feedback_body(comp, w)


@renderer("feedback_card")
def render_feedback_card(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    return section_heading(section, comp, "Your feedback", w) + [event_caption(comp, w)] + _feedback_body(comp, w)


@renderer("page_break")
def render_page_break(section: Section, comp: Composition) -> list:
    return [PageBreak()]


def render(comp: Composition) -> list:
    """All sections of the layout, in order, as one list of flowables."""
    story: list = []
    for section in comp.layout.sections:
        if section.options["start_on_right"]:
            story.append(StartOnRightPage(comp.doc))
        elif section.options["new_page"] and story:
            story.append(PageBreak())
        flowables = RENDERERS[section.type](section, comp)
        if section.options["keep_together"] and flowables:
            flowables = [KeepTogether(flowables)]
        story += flowables
    return story
