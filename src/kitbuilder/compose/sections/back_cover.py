"""``back_cover``: the last page of a booklet: the organisation that presents the kit
(with its address and QR code), then the club's screening and logo.

Before it, Notes pages fill what the booklet's page count (a multiple of 4) leaves,
so that no page inside is blank and the back cover is the last page.
"""

from __future__ import annotations

from kitbuilder.compose.blocks import FillPages, OnePage, PageBreak, RuledLines, Space, WithQr
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.sections.cover import logo
from kitbuilder.compose.sections.event_details import compose_event_details
from kitbuilder.model.layout import Section
from kitbuilder.units import INCH

LOGO_HEIGHT = 0.7 * INCH


def pages_per_unit(ctx: Context) -> int:
    """The page count a printed copy comes in: 4 for a folded booklet, 2 double-sided, else 1."""
    if ctx.layout.page.imposition == "booklet":
        return 4
    return 2 if ctx.layout.page.facing else 1


def about_blocks(ctx: Context, qr_codes: bool) -> list:
    """The presenting organisation: tagline, name, text, address (with its QR code)."""
    about = ctx.kit.about
    if not about:
        return []
    out: list = [ctx.label_para("cover.kit_from", "label")]
    if about.tagline:
        out.append(ctx.para(about.tagline, "tagline", "about.tagline"))
    out.append(ctx.para(about.name, "subheading", "about.name"))
    if about.text:
        out += ctx.paragraphs(about.text, "small_body", "about.text")
    if about.url:
        out.append(ctx.link(about.url, "about.url"))
        if qr_codes:
            out = out[:-1] + [WithQr((out[-1],), ctx.qr(about.url))]
    return out


@composer("back_cover")
def compose_back_cover(section: Section, ctx: Context) -> list:
    out: list = []
    multiple = pages_per_unit(ctx)
    if section.options["notes"] and multiple > 1:
        notes_page = (ctx.label_para("heading.notes_page", "heading"), RuledLines(count=0, minimum=3, spacing=1.6))
        out.append(FillPages(notes_page, multiple))
    out.append(PageBreak("cover"))
    page: list = [Space(0.5 * INCH, scaled=True)] + about_blocks(ctx, section.options["qr_codes"])
    club = compose_event_details(Section("event_details", {}, section.origin), ctx)
    if ctx.event.logo:
        club.append(logo(ctx, LOGO_HEIGHT))
    if not club and not ctx.kit.about:  # nobody to present: the back cover names the film
        club = [ctx.para(ctx.kit.film.title, "subheading", "film.title"), ctx.static("{layout.title}", "label")]
    page += [Space(0.4 * INCH, scaled=True)] + club
    return out + [OnePage(tuple(page))]  # the back cover is one page, whatever it holds
