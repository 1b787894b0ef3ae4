"""``event_details``: a panel of the screening's details, label by label."""

from __future__ import annotations

from kitbuilder.compose.blocks import Details, Panel, Space
from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.compose.sections.film_lines import LABEL_EM, event_rows, panel_labels
from kitbuilder.model.layout import Section

HEADING = "heading.event_details"


@composer("event_details")
def compose_event_details(section: Section, ctx: Context) -> list:
    """A row for each text field of the event that has a label ``event.<field>``, in the
    labels' order; its label column lines up with the film's panel."""
    rows = event_rows(ctx)
    if not rows:
        return []
    body = [Panel((Details(tuple(rows), "facts", LABEL_EM, panel_labels(ctx, section)),)), Space(8)]
    return keep_with_first(ctx.section_heading(section, HEADING), body)
