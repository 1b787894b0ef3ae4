"""``summary``: the film's summary, optionally with the kit's quote as a sidebar."""

from __future__ import annotations

from kitbuilder.compose.blocks import Beside, Quote, Space
from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.compose.sections.quote import kit_quote
from kitbuilder.model.layout import Section

HEADING = "heading.summary"


def beside_quote(head: list, body: list, ctx: Context) -> list:
    """The heading and body with the kit's quote boxed beside them, text flowing around it;
    where it does not fit beside them, the quote follows the text as a pull quote."""
    sidebar = kit_quote(ctx, "sidebar", "sidebar_quote")
    inline = (Space(4), Quote(sidebar.text, sidebar.attribution, "pull"))
    return [Beside(tuple(head + body), (sidebar,), flow=True, inline=inline), Space(6)]


@composer("summary")
def compose_summary(section: Section, ctx: Context) -> list:
    body = ctx.paragraphs(ctx.kit.summary, "body", "summary", first_style="lead")
    head = ctx.section_heading(section, HEADING)
    if section.options["quote"] == "sidebar" and ctx.kit.quote:
        return beside_quote(head, body, ctx)
    return keep_with_first(head, body)
