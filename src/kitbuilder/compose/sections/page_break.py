"""``page_break``: what follows starts on a new page."""

from __future__ import annotations

from kitbuilder.compose.blocks import PageBreak
from kitbuilder.compose.context import Context, composer
from kitbuilder.model.layout import Section


@composer("page_break")
def compose_page_break(section: Section, ctx: Context) -> list:
    return [PageBreak()]
