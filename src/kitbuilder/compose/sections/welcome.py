"""``welcome``: the host's welcome, with the accessibility and content notes."""

from __future__ import annotations

from kitbuilder.compose.blocks import Panel, Space
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.inline import runs
from kitbuilder.model.event import TEXT_KEYS
from kitbuilder.model.layout import Section


@composer("welcome")
def compose_welcome(section: Section, ctx: Context) -> list:
    e = ctx.event
    out: list = ctx.paragraphs(e.welcome, "welcome", "event.welcome") if e.welcome else []
    for name in ctx.labels.fields("welcome.", TEXT_KEYS):  # the notes that have a label
        value = getattr(e, name)
        if value:
            label = runs(ctx.label(f"welcome.{name}"), parse=False, strong=True) + runs(" ", parse=False)
            out.append(ctx.para(value, "small", f"event.{name}", before=label))
    if not out:
        return []
    return ctx.section_heading(section, None) + [Panel(tuple(out)), Space(8)]
