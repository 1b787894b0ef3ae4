"""Renderers for layout text, facilitator material (notes, director Q&A, agenda) and
forms to fill in (notes pages, sign-in sheet, feedback form and card), and page breaks."""

from __future__ import annotations

from reportlab.platypus import PageBreak, Paragraph, Spacer, Table

from kitbuilder.compose.composition import Composition
from kitbuilder.model.kit import paragraphs
from kitbuilder.render.pdf.flowables import RatingBoxes, RuledLines
from kitbuilder.model.layout import Section
from kitbuilder.render.pdf.rendering import (
    Writer, bullet_list, keep_with_first, readable_date, renderer, section_heading, table_style,
)


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
