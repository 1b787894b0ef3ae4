"""``title_block``: the film's title at the top of the first page, with its details,
the screening in one line and the club's logo on the right."""

from __future__ import annotations

from kitbuilder.compose.blocks import Beside, Rule
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.sections.cover import logo
from kitbuilder.compose.sections.film_lines import event_lines, film_details_line
from kitbuilder.model.layout import Section
from kitbuilder.units import INCH

LOGO_HEIGHT = 0.8 * INCH


@composer("title_block")
def compose_title_block(section: Section, ctx: Context) -> list:
    film = ctx.kit.film
    out: list = []
    if section.options.get("label"):
        out.append(ctx.heading(section.options["label"], "label"))
    out.append(ctx.para(film.title, "title", "film.title"))
    if film.original_title:
        out.append(ctx.para(film.original_title, "title_original", "film.original_title"))
    if section.options["details"]:
        out.append(ctx.para(film_details_line(ctx), "subtitle", "film.details"))
    lines = event_lines(ctx) if section.options["event"] else []
    if lines:
        out.append(ctx.para(ctx.label("event.line_separator").join(lines), "event_line", "event.summary"))
    if ctx.event.logo:
        out = [Beside(tuple(out), (logo(ctx, LOGO_HEIGHT),), flow=False)]
    return out + [Rule("full")]
