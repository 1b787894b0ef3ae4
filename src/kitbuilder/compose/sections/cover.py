"""``cover``: a title page with the film, the screening (its title, host, date, venue),
the club's logo, the kit's quote if the layout asks for it and, at its foot, the
organisation the kit comes from. Its type is never scaled down: what it holds is chosen
to fit (the screening's other details are on the back cover)."""

from __future__ import annotations

import math

from kitbuilder.compose.blocks import FootBlock, Image, OnePage, PageBreak, Rule, Space
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.sections.film_lines import event_lines, film_details_line, original_title
from kitbuilder.compose.sections.quote import kit_quote
from kitbuilder.model.layout import Section
from kitbuilder.units import INCH

LOGO_HEIGHT = 0.8 * INCH
LOGO_WIDTH = 2.6 * INCH  # a wide banner is fitted by its width: it never pushes the cover's text smaller
TOP_SPACE = 1.6 * INCH
TOP_SPACE_WITH_QUOTE = 0.9 * INCH  # the quote needs the room on a small page


def logo(ctx: Context, height: float, width: float | None = None) -> Image:
    """The club's logo fitted into ``width`` x ``height`` points (see :class:`Image`)."""
    return Image(ctx.event.logo, height, ctx.event.title or ctx.event.host or "", ctx.layout.grayscale, width)


def front_event_lines(ctx: Context) -> list[str]:
    """The screening as the cover shows it: title, host, when, venue, address, and the
    facilitator unless the layout has a back cover, which prints the rest once."""
    if not ctx.event.facilitator or not any(s.type == "back_cover" for s in ctx.layout.sections):
        return event_lines(ctx)
    return event_lines(ctx)[:-1]  # event_lines ends with the facilitator's line


# A cover's text is never set smaller: when the pull quote would not fit under the rest,
# it opens the next page instead. The fit is estimated from the styles (an average glyph
# is about half an em wide); OnePage shrinks only what this estimate misjudged.
EM_WIDTH = 0.5
FILLED = 1.0  # the part of the page the estimate may fill


def estimated_height(ctx: Context, texts: list[tuple[str, str]], spaces: float) -> float:
    """Points taken by ``texts`` ((text, style) pairs) set in the page's text width, plus ``spaces``."""
    page = ctx.layout.page
    width = page.size[0] - page.margins.left - page.margins.right
    total = spaces
    for text, style in texts:
        values = ctx.layout.styles[style].values
        size = values.get("size", 10)
        lines = max(1, math.ceil(len(str(text)) * EM_WIDTH * size / width))
        total += lines * values.get("leading", size * 1.2)
    return total


def quote_fits(ctx: Context, texts: list[tuple[str, str]], spaces: float) -> bool:
    quote = ctx.kit.quote
    with_quote = texts + [(quote.text, "quote"), (quote.attribution or "", "quote")]
    page = ctx.layout.page
    room = page.size[1] - page.margins.top - page.margins.bottom
    return estimated_height(ctx, with_quote, spaces + 0.3 * INCH) <= FILLED * room


@composer("cover")
def compose_cover(section: Section, ctx: Context) -> list:
    film = ctx.kit.film
    kicker = section.options.get("label") or "{layout.title}"
    wants_quote = section.options["quote"] and ctx.kit.quote
    top = TOP_SPACE_WITH_QUOTE if wants_quote else TOP_SPACE
    out: list = [Space(top), ctx.heading(kicker, "label"),
                 ctx.para(film.title, "cover_title", "film.title")]
    texts = [("K", "label"), (film.title, "cover_title"), (film_details_line(ctx), "subtitle")]
    if original_title(ctx):
        out.append(ctx.para(original_title(ctx), "cover_subtitle", "film.original_title"))
        texts.append((original_title(ctx), "cover_subtitle"))
    out.append(ctx.para(film_details_line(ctx), "subtitle", "film.details"))
    out += [Space(0.35 * INCH), Rule("short")]
    lines = front_event_lines(ctx)
    out += [ctx.para(line, "event_line", f"event.line{i}") for i, line in enumerate(lines)]
    texts += [(line, "event_line") for line in lines]
    spaces = top + 0.35 * INCH + 14
    if ctx.event.logo:
        out += [Space(14), logo(ctx, LOGO_HEIGHT, LOGO_WIDTH)]
        spaces += 14 + LOGO_HEIGHT
    after: list = []
    if wants_quote and quote_fits(ctx, texts, spaces):
        out += [Space(0.3 * INCH), kit_quote(ctx, "pull")]
    elif wants_quote:  # it opens the next page rather than shrink the cover
        after = [kit_quote(ctx, "pull"), Space(0.2 * INCH)]
    about = ctx.kit.about
    if about and section.options["kit_from"]:  # the presenting organisation sits at the foot of the cover
        foot = [ctx.label_para("cover.kit_from", "label"), ctx.para(about.name, "subheading", "about.name")]
        if about.url:
            foot.append(ctx.link(about.url, "about.url"))
        # the cover's text is one page, whatever it holds; the foot goes below it (a foot
        # drawn inside a shrunk page would not be at the page's foot)
        return [OnePage(tuple(out)), FootBlock(tuple(foot)), PageBreak("body")] + after
    return [OnePage(tuple(out)), PageBreak("body")] + after
