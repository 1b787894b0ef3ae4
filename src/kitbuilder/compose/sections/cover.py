"""``cover``: a title page with the film, the screening, the club's logo and, at its
foot, the organisation the kit comes from."""

from __future__ import annotations

from kitbuilder.compose.blocks import FootBlock, Image, PageBreak, Rule, Space
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.sections.film_lines import event_lines, film_details_line, original_title
from kitbuilder.model.layout import Section
from kitbuilder.units import INCH

LOGO_HEIGHT = 1.1 * INCH


def logo(ctx: Context, height: float, width: float | None = None) -> Image:
    """The club's logo fitted into ``width`` x ``height`` points (see :class:`Image`)."""
    return Image(ctx.event.logo, height, ctx.event.title or ctx.event.host or "", ctx.layout.grayscale, width)


@composer("cover")
def compose_cover(section: Section, ctx: Context) -> list:
    film = ctx.kit.film
    kicker = section.options.get("label") or "{layout.title}"
    out: list = [Space(1.6 * INCH, scaled=True), ctx.heading(kicker, "label"),
                 ctx.para(film.title, "cover_title", "film.title")]
    if original_title(ctx):
        out.append(ctx.para(original_title(ctx), "cover_subtitle", "film.original_title"))
    out.append(ctx.para(film_details_line(ctx), "subtitle", "film.details"))
    out += [Space(0.35 * INCH), Rule("short")]
    out += [ctx.para(line, "event_line", f"event.line{i}") for i, line in enumerate(event_lines(ctx))]
    if ctx.event.logo:
        out += [Space(18), logo(ctx, LOGO_HEIGHT)]
    about = ctx.kit.about
    if about:  # the presenting organisation sits at the foot of the cover
        foot = [ctx.label_para("cover.kit_from", "label"), ctx.para(about.name, "subheading", "about.name")]
        if about.url:
            foot.append(ctx.link(about.url, "about.url"))
        out.append(FootBlock(tuple(foot)))
    out.append(PageBreak("body"))
    return out
