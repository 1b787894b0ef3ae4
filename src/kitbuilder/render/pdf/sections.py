"""The PDF edition's story: compose the neutral document, then map it to flowables.

What a layout shows is decided in :mod:`kitbuilder.compose` (one module per section
type); :mod:`kitbuilder.render.pdf.mapping` draws each block. :class:`Writer` sets
text that is not part of the document, such as the running header and footer.
"""

from __future__ import annotations

from kitbuilder.compose.composition import Composition
from kitbuilder.compose.document import build_document
from kitbuilder.render.pdf.mapping import PdfMapper

__all__ = ["Writer", "render"]


class Writer:
    """Sets text for one composition in its styles, with escaping and fallback fonts."""

    def __init__(self, comp: Composition):
        self.mapper = PdfMapper(comp)

    def markup(self, text: str, style: str) -> str:
        return self.mapper.text(text, style)


def render(comp: Composition) -> list:
    """All sections of the layout, in order, as one list of flowables."""
    return PdfMapper(comp).document(build_document(comp))
