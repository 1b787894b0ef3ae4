"""Renderers for the front matter: cover, title block, film and event details,
welcome, and the presenting organisation (about)."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer, Table
from reportlab.platypus.flowables import HRFlowable, TopPadder

from kitbuilder.compose.composition import Composition
from kitbuilder.render.pdf.images import logo
from kitbuilder.model.layout import Section
from kitbuilder.render.pdf.rendering import (
    Writer, event_lines, film_details_line, keep_with_first, panel, readable_date, renderer, section_heading,
    table_style, with_qr,
)


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
