"""``cover``: a title page with the film, the screening, the club's logo, the kit's
quote if the layout asks for it and, at its foot, the organisation the kit comes from."""

from __future__ import annotations

from kitbuilder.compose.blocks import FootBlock, Image, OnePage, PageBreak, Rule, Space
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.sections.film_lines import event_lines, film_details_line, original_title
from kitbuilder.compose.sections.quote import kit_quote
from kitbuilder.model.layout import Section
from kitbuilder.units import INCH

LOGO_HEIGHT = 1.1 * INCH
TOP_SPACE = 1.6 * INCH
TOP_SPACE_WITH_QUOTE = 0.9 * INCH  # the quote needs the room on a small page


def logo(ctx: Context, height: float, width: float | None = None) -> Image:
    """The club's logo fitted into ``width`` x ``height`` points (see :class:`Image`)."""
    return Image(ctx.event.logo, height, ctx.event.title or ctx.event.host or "", ctx.layout.grayscale, width)


@composer("cover")
def compose_cover(section: Section, ctx: Context) -> list:
    film = ctx.kit.film
    kicker = section.options.get("label") or "{layout.title}"
    show_quote = section.options["quote"] and ctx.kit.quote
    top = TOP_SPACE_WITH_QUOTE if show_quote else TOP_SPACE
    out: list = [Space(top, scaled=True), ctx.heading(kicker, "label"),
                 ctx.para(film.title, "cover_title", "film.title")]
    if original_title(ctx):
        out.append(ctx.para(original_title(ctx), "cover_subtitle", "film.original_title"))
    out.append(ctx.para(film_details_line(ctx), "subtitle", "film.details"))
    out += [Space(0.35 * INCH), Rule("short")]
    out += [ctx.para(line, "event_line", f"event.line{i}") for i, line in enumerate(event_lines(ctx))]
    if ctx.event.logo:
        out += [Space(18), logo(ctx, LOGO_HEIGHT)]
    if show_quote:
        out += [Space(0.3 * INCH, scaled=True), kit_quote(ctx, "pull")]
    about = ctx.kit.about
    if about and section.options["kit_from"]:  # the presenting organisation sits at the foot of the cover
        foot = [ctx.label_para("cover.kit_from", "label"), ctx.para(about.name, "subheading", "about.name")]
        if about.url:
            foot.append(ctx.link(about.url, "about.url"))
        # the cover's text is one page, whatever it holds; the foot goes below it (a foot
        # drawn inside a shrunk page would not be at the page's foot)
        return [OnePage(tuple(out)), FootBlock(tuple(foot)), PageBreak("body")]
    return [OnePage(tuple(out)), PageBreak("body")]
