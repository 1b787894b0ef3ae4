"""``notes_page``: a page of lines to write notes on."""

from __future__ import annotations

from kitbuilder.compose.forms import RuledLines
from kitbuilder.compose.context import Context, composer
from kitbuilder.model.layout import Section

HEADING = "heading.notes_page"


@composer("notes_page")
def compose_notes_page(section: Section, ctx: Context) -> list:
    return ctx.section_heading(section, HEADING) + [RuledLines(count=section.options["lines"], spacing=1.6)]
