"""``title_block``: the film's title at the top of the first page, with its details,
the screening in one line and the club's logo on the right (in the page's sidebar
column when it has one) or above the kicker (``logo: above``).

The director, year and runtime are said once per layout: under the title, unless the
layout has a ``film_details`` panel, which lists them with their labels.
"""

from __future__ import annotations

from kitbuilder.compose.blocks import Beside, Rule, Space
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.sections.cover import logo
from kitbuilder.compose.sections.film_lines import event_lines, film_details_line, original_title
from kitbuilder.model.layout import Section
from kitbuilder.units import INCH

# The logo's box beside the title: a banner fills its width, a square or tall logo its height.
LOGO_HEIGHT = 0.8 * INCH
LOGO_WIDTH = 1.6 * INCH  # a title column of 4.5 in keeps about 2.7 in for the title
LOGO_GAP = 10  # points between a logo above the kicker and the kicker


@composer("title_block")
def compose_title_block(section: Section, ctx: Context) -> list:
    film = ctx.kit.film
    out: list = []
    if section.options.get("label"):
        out.append(ctx.heading(section.options["label"], "label"))
    out.append(ctx.para(film.title, "title", "film.title"))
    if original_title(ctx):
        out.append(ctx.para(original_title(ctx), "title_original", "film.original_title"))
    if section.options["details"] and not any(s.type == "film_details" for s in ctx.layout.sections):
        out.append(ctx.para(film_details_line(ctx), "subtitle", "film.details"))
    lines = event_lines(ctx) if section.options["event"] else []
    if lines:
        out.append(ctx.para(ctx.label("event.line_separator").join(lines), "event_line", "event.summary"))
    if ctx.event.logo and section.options["logo"] == "above":  # the title keeps the whole measure
        out = [logo(ctx, LOGO_HEIGHT, LOGO_WIDTH), Space(LOGO_GAP)] + out
    elif ctx.event.logo:  # the renderer sets it in the page's sidebar column when there is one
        out = [Beside(tuple(out), (logo(ctx, LOGO_HEIGHT, LOGO_WIDTH),), flow=False)]
    return out + [Rule("full")]
