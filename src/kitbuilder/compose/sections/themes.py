"""``themes``: the film's themes, with their introduction and texts or as a list of titles."""

from __future__ import annotations

from kitbuilder.compose.blocks import ItemList, Space
from kitbuilder.compose.context import Context, composer, in_columns, keep_with_first
from kitbuilder.compose.sections.quote import kit_quote
from kitbuilder.compose.sections.summary import beside_quote
from kitbuilder.model.layout import Section

HEADING = "heading.themes"


@composer("themes")
def compose_themes(section: Section, ctx: Context) -> list:
    themes = ctx.kit.themes
    if not themes:
        return []
    opts = section.options
    head = ctx.section_heading(section, HEADING)
    body: list = ctx.paragraphs(themes.intro, "body", "themes.intro") if themes.intro and opts["intro"] else []
    items: list = []
    if opts["bodies"]:
        for i, theme in enumerate(themes.items, start=1):
            title = ctx.para(theme.title, "subheading", f"themes.items[{i}].title")
            text = ctx.paragraphs(theme.body, "body", f"themes.items[{i}].body") if theme.body else []
            items += keep_with_first([title], text)
    else:
        items.append(ItemList(tuple((ctx.para(t.title, "body", f"themes.items[{i}].title"),)
                                    for i, t in enumerate(themes.items, start=1))))
    columns = opts["columns"]
    items = in_columns(columns, items)
    if opts["quote"] == "sidebar" and ctx.kit.quote:
        if columns < 2:
            return beside_quote(head, body + items, ctx)
        # Columns do not flow around a sidebar: the quote sits beside the heading and
        # introduction, and the columns follow at full width.
        if body:
            return beside_quote(head, body, ctx) + items + [Space(6)]
        pull = [Space(4), kit_quote(ctx, "pull"), Space(8)]
        return keep_with_first(head, pull + items) + [Space(6)]
    return keep_with_first(head, body + items) + [Space(6)]
