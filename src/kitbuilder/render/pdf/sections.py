"""Section renderers: turn the composed content into ReportLab flowables.

Each renderer takes a layout :class:`~kitbuilder.model.layout.Section` (its type and
options) and the :class:`~kitbuilder.compose.composition.Composition`, and returns flowables.
Renderers read no files and decide nothing about pages; the document assembler
places what they return. Every piece of kit content goes into a
:class:`~kitbuilder.render.pdf.flowables.ContentParagraph`, so its placement is verified.

The renderers live in :mod:`kitbuilder.render.pdf.sections_front` (cover, details, about),
:mod:`kitbuilder.render.pdf.sections_content` (summary, quote, themes, questions, facts, ways
to influence) and :mod:`kitbuilder.render.pdf.sections_forms` (facilitator material, forms);
what they share is in :mod:`kitbuilder.render.pdf.rendering`. Importing this module registers
them all in :data:`RENDERERS`.
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, PageBreak

from kitbuilder.render.pdf import sections_content, sections_forms, sections_front  # noqa: F401  (they register their renderers)
from kitbuilder.compose.composition import Composition
from kitbuilder.render.pdf.flowables import NeedSpace, StartOnRightPage
from kitbuilder.render.pdf.rendering import RENDERERS, Writer

__all__ = ["RENDERERS", "Writer", "render"]


def render(comp: Composition) -> list:
    """All sections of the layout, in order, as one list of flowables."""
    story: list = []
    for section in comp.layout.sections:
        if section.options["start_on_right"]:
            story.append(StartOnRightPage(comp.doc))
        elif section.options["new_page"] and story:
            story.append(PageBreak())
        flowables = RENDERERS[section.type](section, comp)
        if section.options["keep_together"] and flowables:
            # KeepTogether already keeps the heading with what follows; a NeedSpace inside
            # it could ask for more room than the whole block and stop the layout.
            flowables = [KeepTogether([f for f in flowables if not isinstance(f, NeedSpace)])]
        story += flowables
    return story
