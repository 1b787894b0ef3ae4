"""Print production after layout: imposition of printed pages onto sheets.

- ``booklet``: saddle-stitch imposition. Pages (padded to a multiple of 4) go two
  per landscape sheet side so that the printout, duplexed with flip on the short
  edge, folded and stapled, reads 1, 2, 3 ... in order.
- ``two_up``: every printed page twice on one landscape sheet side, to cut in half
  (two handouts or cards from each sheet).
"""

from __future__ import annotations

import io

from .layout import Layout


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


def finish(data: bytes, layout: Layout) -> bytes:
    mode = layout.page.imposition
    if mode == "none":
        return data
    order = booklet_order if mode == "booklet" else two_up_order
    return impose(data, order)


def impose(data: bytes, order) -> bytes:
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(data))
    pages = reader.pages
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    writer = PdfWriter()
    for left, right in order(len(pages)):
        sheet = PageObject.create_blank_page(width=2 * width, height=height)
        for slot, index in ((0, left), (1, right)):
            if index is not None:
                sheet.merge_transformed_page(pages[index], Transformation().translate(tx=slot * width, ty=0))
        writer.add_page(sheet)
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate", "/ModDate"):
        value = reader.metadata.get(key) if reader.metadata else None
        if value is not None:
            writer.add_metadata({key: value})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
