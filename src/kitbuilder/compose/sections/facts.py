"""``facts``: facts about the film's subject, each with its source."""

from __future__ import annotations

from dataclasses import replace

from kitbuilder.compose.blocks import ItemList, Space
from kitbuilder.compose.context import Context, composer, in_columns, keep_with_first
from kitbuilder.model.layout import Section

HEADING = "heading.facts"


@composer("facts")
def compose_facts(section: Section, ctx: Context) -> list:
    facts = ctx.kit.facts
    if not facts:
        return []
    items = []
    for i, fact in enumerate(facts, start=1):
        # The source is the fact paragraph's last line, so it never strays onto the next page alone.
        source = ()
        if fact.source:
            source = ctx.label_runs("fact.source", {"source": f"facts[{i}].source"}, own={"source": fact.source},
                                    style="source")
            source = (replace(source[0], line_break=True),) + source[1:]
        items.append((ctx.para(fact.text, "body", f"facts[{i}]", after=source),))
    listing = ItemList(tuple(items))
    body = in_columns(section.options["columns"], [listing])
    return keep_with_first(ctx.section_heading(section, HEADING), body) + [Space(6)]
