"""``ways_to_influence``: what a viewer can do next, each with its address and QR code."""

from __future__ import annotations

from kitbuilder.compose.blocks import ItemList, Space, WithQr
from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.model.layout import Section

HEADING = "heading.ways_to_influence"


@composer("ways_to_influence")
def compose_ways(section: Section, ctx: Context) -> list:
    actions = ctx.kit.ways_to_influence
    if not actions:
        return []
    items = []
    for i, action in enumerate(actions, start=1):
        text: tuple = (ctx.para(action.text, "body", f"ways_to_influence[{i}].text"),)
        if action.url:
            text += (ctx.link(action.url, f"ways_to_influence[{i}].url"),)
            if section.options["qr_codes"]:
                text = (WithQr(text, ctx.qr(action.url)),)
        items.append(text)
    listing = ItemList(tuple(items), numbered=True, numbers=tuple(range(1, len(items) + 1)))
    return keep_with_first(ctx.section_heading(section, HEADING), [listing]) + [Space(6)]
