"""``back_cover``: the last page of a booklet: the organisation that presents the kit
(with its address and QR code), then what the front cover does not say about the club's
screening (facilitator, access, content note), each printed once. Its type is never
scaled down. With nobody to present and nothing more to say, it is a designed empty page
with the film's name at its foot.

Before it, Notes pages fill what the booklet's page count (a multiple of 4) leaves,
so that no page inside is blank and the back cover is the last page.
"""

from __future__ import annotations

from kitbuilder.compose.blocks import Details, FillPages, FootBlock, OnePage, PageBreak, Panel, Rule, Space, WithQr
from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.compose.forms import RuledLines
from kitbuilder.compose.sections.about import organisation_blocks
from kitbuilder.compose.sections.event_details import HEADING
from kitbuilder.compose.sections.film_lines import LABEL_EM, event_rows
from kitbuilder.model.layout import Section
from kitbuilder.units import INCH

FRONT_FIELDS = ("event.title", "event.host", "event.date", "event.time", "event.venue", "event.address")


def pages_per_unit(ctx: Context) -> int:
    """The page count a printed copy comes in: 4 for a folded booklet, 2 double-sided, else 1."""
    if ctx.layout.page.imposition == "booklet":
        return 4
    return 2 if ctx.layout.page.facing else 1


def about_blocks(ctx: Context, qr_codes: bool) -> list:
    """The presenting organisation under its kicker, the QR code beside its address."""
    out = organisation_blocks(ctx)
    if not out:
        return []
    out = [ctx.label_para("cover.kit_from", "label")] + out
    if ctx.kit.about.url and qr_codes:
        out = out[:-1] + [WithQr((out[-1],), ctx.qr(ctx.kit.about.url))]
    return out


def screening_rest(ctx: Context, section: Section) -> list:
    """The screening's details the front cover does not print (facilitator, access, content note)."""
    rows = [row for row in event_rows(ctx) if row.value.key not in FRONT_FIELDS]
    if not rows:
        return []
    labels = tuple(row.label for row in rows if row.label is not None)
    body = [Panel((Details(tuple(rows), "facts", LABEL_EM, labels),))]
    return keep_with_first(ctx.section_heading(Section("event_details", {}, section.origin), HEADING), body)


def colophon(ctx: Context) -> FootBlock:
    """The film and the kind of document, small, over a short rule at the foot of the page."""
    return FootBlock((Rule("short"), ctx.para(ctx.kit.film.title, "subheading", "film.title"),
                      ctx.static("{layout.title}", "label")))


@composer("back_cover")
def compose_back_cover(section: Section, ctx: Context) -> list:
    out: list = []
    multiple = pages_per_unit(ctx)
    if section.options["notes"] and multiple > 1:
        notes_page = (ctx.label_para("heading.notes_page", "heading"), RuledLines(count=0, minimum=3, spacing=1.6))
        out.append(FillPages(notes_page, multiple))
    out.append(PageBreak("cover"))
    about = about_blocks(ctx, section.options["qr_codes"])
    rest = screening_rest(ctx, section)
    if not about and not rest:  # nobody to present: a designed empty page, the film named at its foot
        return out + [colophon(ctx)]
    page: list = [Space(0.5 * INCH)] + about
    if rest:
        page += [Space(0.4 * INCH) if about else Space(0)] + rest
    return out + [OnePage(tuple(page))]  # one page: it fits at full size (its last resort is to shrink)
