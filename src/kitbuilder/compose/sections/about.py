"""``about``: the organisation that presents the kit, with its address (and QR code)."""

from __future__ import annotations

from kitbuilder.compose.blocks import Panel, WithQr
from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.model.layout import Section


def organisation_blocks(ctx: Context) -> list:
    """The presenting organisation's tagline, name, text and address (no QR code), or nothing."""
    about = ctx.kit.about
    if not about:
        return []
    out: list = []
    if about.tagline:
        out.append(ctx.para(about.tagline, "tagline", "about.tagline"))
    out.append(ctx.para(about.name, "subheading", "about.name"))
    if about.text:
        out += ctx.paragraphs(about.text, "small_body", "about.text")
    if about.url:
        out.append(ctx.link(about.url, "about.url"))
    return out


@composer("about")
def compose_about(section: Section, ctx: Context) -> list:
    out = organisation_blocks(ctx)
    if not out:
        return []
    if ctx.kit.about.url and section.options["qr_codes"]:
        out = [WithQr(tuple(out), ctx.qr(ctx.kit.about.url))]
    return keep_with_first(ctx.section_heading(section, None), [Panel(tuple(out))])
