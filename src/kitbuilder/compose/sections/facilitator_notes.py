"""``facilitator_notes``: the kit's notes for the person leading the discussion."""

from __future__ import annotations

from kitbuilder.compose.blocks import ItemList, Space
from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.model.layout import Section

HEADING = "heading.facilitator_notes"


@composer("facilitator_notes")
def compose_facilitator_notes(section: Section, ctx: Context) -> list:
    fac = ctx.kit.facilitator
    if not fac or not fac.notes:
        return []
    if fac.notes_are_tips:
        body: list = [ItemList(tuple((ctx.para(n, "body", f"facilitator.notes[{i}]"),)
                                     for i, n in enumerate(fac.notes, 1)))]
    else:
        body = [p for i, n in enumerate(fac.notes) for p in ctx.paragraphs(n, "body", f"facilitator.notes#{i}")]
    return keep_with_first(ctx.section_heading(section, HEADING), body) + [Space(6)]
