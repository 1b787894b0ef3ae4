"""``text``: a block of the layout's own text (paragraphs, and lines starting '- ' as bullets)."""

from __future__ import annotations

from kitbuilder.compose.blocks import ItemList
from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.compose.labels import fill
from kitbuilder.model.kit import paragraphs
from kitbuilder.model.layout import Section


def static_blocks(text: str, ctx: Context) -> list:
    """Layout text: paragraphs separated by blank lines; lines starting '- ' are bullets.
    Placeholders are filled first, so a label (``{label.text.ground_rules}``) may hold
    several paragraphs and bullets."""
    text = fill(text, ctx.values)
    flow: list = []
    bullets: list = []
    for block in paragraphs(text.replace("\n- ", "\n\n- ")):
        if block.startswith("- "):
            bullets.append((ctx.words(block[2:], "body"),))
            continue
        if bullets:
            flow.append(ItemList(tuple(bullets)))
            bullets = []
        flow.append(ctx.words(block, "body"))
    if bullets:
        flow.append(ItemList(tuple(bullets)))
    return flow


@composer("text")
def compose_text(section: Section, ctx: Context) -> list:
    text = ctx.layout.texts[section.options["text"]]
    return keep_with_first(ctx.section_heading(section, None), static_blocks(text, ctx))
