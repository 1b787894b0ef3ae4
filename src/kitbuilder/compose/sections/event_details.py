"""``event_details``: a panel of the screening's details, label by label."""

from __future__ import annotations

from kitbuilder.compose.blocks import DetailRow, Details, Panel, Space
from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.model.event import TEXT_KEYS
from kitbuilder.model.layout import Section

HEADING = "heading.event_details"


@composer("event_details")
def compose_event_details(section: Section, ctx: Context) -> list:
    """A row for each text field of the event that has a label ``event.<field>``, in the
    labels' order."""
    rows = []
    for name in ctx.labels.fields("event.", TEXT_KEYS):
        value = getattr(ctx.event, name)
        if name == "date":
            value = ctx.date(value)
        if value:
            rows.append(DetailRow(ctx.label_para(f"event.{name}", "detail_label"),
                                  ctx.para(value, "detail_value", f"event.{name}")))
    if not rows:
        return []
    body = [Panel((Details(tuple(rows), "facts", 8),)), Space(8)]
    return keep_with_first(ctx.section_heading(section, HEADING), body)
