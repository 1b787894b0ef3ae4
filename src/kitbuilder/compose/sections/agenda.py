"""``agenda``: the screening's schedule, time by time."""

from __future__ import annotations

from kitbuilder.compose.blocks import DetailRow, Details, Space
from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.model.layout import Section

HEADING = "heading.agenda"


@composer("agenda")
def compose_agenda(section: Section, ctx: Context) -> list:
    agenda = ctx.event.agenda
    if not agenda:
        return []
    # a time typed as 19:30 is written as the event's own time is ("19 h 30", "7:30 PM")
    rows = tuple(DetailRow(ctx.para(ctx.time(item.time), "agenda_time", f"agenda[{i}].time") if item.time else None,
                           ctx.para(item.item, "body", f"agenda[{i}].item"))
                 for i, item in enumerate(agenda, start=1))
    return keep_with_first(ctx.section_heading(section, HEADING), [Details(rows, "schedule", 5), Space(10)])
