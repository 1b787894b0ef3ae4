"""``sign_in_sheet``: a table for participants to write their names and addresses."""

from __future__ import annotations

from kitbuilder.compose.blocks import Space
from kitbuilder.compose.forms import SignInTable
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.sections.feedback import event_caption
from kitbuilder.model.layout import Section

HEADING = "heading.sign_in_sheet"
COLUMNS = (("sign_in.name", 0.33), ("sign_in.email", 0.42), ("sign_in.group", 0.25))


@composer("sign_in_sheet")
def compose_sign_in(section: Section, ctx: Context) -> list:
    table = SignInTable(tuple(ctx.label_para(label, "table_header") for label, _ in COLUMNS),
                        tuple(width for _, width in COLUMNS), section.options["rows"])
    return ctx.section_heading(section, HEADING) + [event_caption(ctx), Space(6), table]
