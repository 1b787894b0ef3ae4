"""Print production after layout: imposition of printed pages onto sheets.

- ``booklet``: saddle-stitch imposition. Pages (padded to a multiple of 4) go two
  per landscape sheet side so that the printout, duplexed with flip on the short
  edge, folded and stapled, reads 1, 2, 3 ... in order.
- ``two_up``: every printed page twice on one landscape sheet side, to cut in half
  (two handouts or cards from each sheet).

The two pages of a sheet side meet at its centre with no gap (the fold, or the one
cut between the copies). With bleed, each page keeps its bleed on the sheet's outer
edges only: its own bleed on the centre side is cut away, so neither page prints over
the other. The sheet's boxes describe the pair: TrimBox = both pages side by side,
BleedBox = TrimBox plus the bleed, MediaBox = the BleedBox plus room for the marks.
With crop marks the sheet gets crop marks at its four corners and a fold mark
(booklet) or cut marks (two-up) at the centre; a two-up sheet without crop marks gets
a light dashed line down the middle instead, for cutting with office tools. Each page
placed on a sheet brings its own copy of its links, moved with it
(:mod:`kitbuilder.render.pdf.sheetannotations`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from kitbuilder.model.layout import Layout
from kitbuilder.render.pdf import sheetannotations
from kitbuilder.render.pdf.marks import centre_marks, crop_marks, marks_page, marks_stream


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) 0-based page indexes for each sheet side; None is a blank page."""
    total = pages + (-pages) % 4
    index = [i if i < pages else None for i in range(total)]
    sides = []
    for sheet in range(total // 4):
        outer_left, outer_right = total - 1 - 2 * sheet, 2 * sheet
        inner_left, inner_right = 2 * sheet + 1, total - 2 - 2 * sheet
        sides.append((index[outer_left], index[outer_right]))  # front of the sheet
        sides.append((index[inner_left], index[inner_right]))  # back of the sheet
    return sides


def two_up_order(pages: int) -> list[tuple[int | None, int | None]]:
    return [(i, i) for i in range(pages)]


@dataclass(frozen=True)
class PageGeometry:
    """Where a laid-out page's trimmed area sits on its PDF page, read from its boxes."""

    left: float  # the trim box's lower left corner on the page
    bottom: float
    width: float  # the trimmed page
    height: float
    bleed: float
    offset: float  # from the media box edge to the trim box edge (bleed plus room for marks)

    @classmethod
    def of(cls, page) -> "PageGeometry":
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        return cls(float(trim.left), float(trim.bottom), float(trim.width), float(trim.height),
                   round(float(trim.left) - float(bleed.left), 4), round(float(trim.left) - float(media.left), 4))

    def sheet_trim(self) -> tuple[float, float, float, float]:
        """The trim box of a sheet with two of these pages side by side."""
        o = self.offset
        return o, o, o + 2 * self.width, o + self.height

    def keep(self, slot: int) -> tuple[float, float, float, float]:
        """What of the page goes on the sheet in ``slot`` (0 left, 1 right): the trimmed page and
        its bleed on the outer sides; not its bleed on the centre side, nor its marks."""
        x0, y0 = self.left, self.bottom
        x1, y1 = x0 + self.width, y0 + self.height
        b = self.bleed
        return (x0 - b if slot == 0 else x0), y0 - b, (x1 if slot == 0 else x1 + b), y1 + b


def finish(data: bytes, layout: Layout) -> bytes:
    mode = layout.page.imposition
    if mode == "none":
        return data
    if mode == "booklet":
        return impose(data, booklet_order, fold=True, marks=layout.crop_marks)
    return impose(data, two_up_order, fold=False, marks=layout.crop_marks)


def sheet_marks(geometry: PageGeometry, fold: bool, marks: bool) -> bytes:
    trim = geometry.sheet_trim()
    if not marks:  # office printing: no room outside the trim; a two-up sheet gets a line to cut along
        if fold:
            return b""
        x = (trim[0] + trim[2]) / 2
        return marks_stream([], light_dashed=[f"{x:.3f} 0 m {x:.3f} {trim[3] + geometry.offset:.3f} l"])
    centre = centre_marks(trim, geometry.bleed)
    corners = crop_marks(trim, geometry.bleed)
    return marks_stream(corners, dashed=centre) if fold else marks_stream(corners + centre)


def impose(data: bytes, order, fold: bool, marks: bool) -> bytes:
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    from kitbuilder.render.pdf.metadata import carry_over

    reader = PdfReader(io.BytesIO(data))
    pages = reader.pages
    geometry = PageGeometry.of(pages[0])
    o, b = geometry.offset, geometry.bleed
    media_width, media_height = 2 * geometry.width + 2 * o, geometry.height + 2 * o
    trim = geometry.sheet_trim()
    drawn = sheet_marks(geometry, fold, marks)
    writer = PdfWriter()
    sheet_of: dict[int, tuple[int, float, float]] = {}  # page -> (sheet, x and y shift) where it first appears
    placements: list[sheetannotations.Placement] = []
    annotations = {index: sheetannotations.take(page) for index, page in enumerate(pages)}  # placed after merging
    for sheet_index, (left, right) in enumerate(order(len(pages))):
        sheet = PageObject.create_blank_page(width=media_width, height=media_height)
        for slot, index in ((0, left), (1, right)):
            if index is None:
                continue
            page = pages[index]
            page.cropbox = RectangleObject(geometry.keep(slot))  # pypdf clips a merged page to its crop box
            shift_x = o + slot * geometry.width - geometry.left
            shift_y = o - geometry.bottom
            sheet.merge_transformed_page(page, Transformation().translate(tx=shift_x, ty=shift_y))
            sheet_of.setdefault(index, (sheet_index, shift_x, shift_y))
            placements.append(sheetannotations.Placement(index, sheet_index, shift_x, shift_y))
        if drawn:
            sheet.merge_page(marks_page(media_width, media_height, drawn))
        sheet.trimbox = RectangleObject(trim)
        sheet.bleedbox = RectangleObject((trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b))
        writer.add_page(sheet)
    sheetannotations.place(writer, reader, placements, annotations)
    carry_over(reader, writer, sheet_of, duplex=len(writer.pages) > 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
