"""Where things go on a page: the trimmed page on the PDF page (bleed, room for crop marks),
and the body page's grid of text frames beside its sidebar column."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Frame

from kitbuilder.compose.composition import Composition
from kitbuilder.render.pdf.asides import AsideColumn
from kitbuilder.units import MM

CROP_MARK_SPACE = 10 * MM  # room outside the bleed for the crop marks


@dataclass
class Geometry:
    """Where the trimmed page sits on the (possibly larger) PDF page."""

    trim_width: float
    trim_height: float
    bleed: float
    offset: float  # from the media box edge to the trim box edge

    @property
    def media(self) -> tuple[float, float]:
        return self.trim_width + 2 * self.offset, self.trim_height + 2 * self.offset

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return o, o, o + self.trim_width, o + self.trim_height

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.trim_box
        b = self.bleed
        return x0 - b, y0 - b, x1 + b, y1 + b


def geometry_for(comp: Composition) -> Geometry:
    layout = comp.layout
    width, height = layout.page.size
    offset = layout.bleed + (CROP_MARK_SPACE if layout.crop_marks else 0.0)
    return Geometry(width, height, layout.bleed, offset)


def grid(page, x: float, y: float, width: float, height: float) -> tuple[list[Frame], AsideColumn]:
    """The body page's text frames (``page.columns`` of them, beside the sidebar if any) and its
    sidebar column, from the layout's page: (frames, the sidebar column; 0 wide when none)."""
    gap = page.column_gap
    sidebar = page.sidebar if 0 < page.sidebar < width * 0.5 else 0.0
    text_width = width - (sidebar + gap if sidebar else 0.0)
    count = max(1, page.columns)
    column = (text_width - gap * (count - 1)) / count
    frames = [Frame(x + index * (column + gap), y, column, height, id=f"body-{index + 1}", leftPadding=0,
                    rightPadding=0, topPadding=0, bottomPadding=0) for index in range(count)]
    return frames, AsideColumn(x + text_width + gap, sidebar, y, y + height, gap)
