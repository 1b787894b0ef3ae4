"""Print production after layout: imposition of printed pages onto sheets.

- ``booklet``: saddle-stitch imposition. Pages (padded to a multiple of 4) go two
  per landscape sheet side so that the printout, duplexed with flip on the short
  edge, folded and stapled, reads 1, 2, 3 ... in order.
- ``two_up``: every printed page twice on one landscape sheet side, to cut in half
  (two handouts or cards from each sheet).
"""

from __future__ import annotations

import io

from kitbuilder.model.layout import Layout


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
    if mode == "booklet":
        return impose(data, booklet_order)
    return impose(data, two_up_order, cut_line=True)


def cut_line_page(width: float, height: float):
    """A transparent page with a light dashed line down the middle: where to cut a 2-up sheet.

    Drawn as a bare content stream: a ReportLab canvas would add an unembedded Helvetica.
    """
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, NameObject

    page = PageObject.create_blank_page(width=width, height=height)
    stream = DecodedStreamObject()
    stream.set_data(f"q .6 G .4 w [4 4] 0 d {width / 2:.4f} 0 m {width / 2:.4f} {height:.4f} l S Q\n".encode())
    page[NameObject("/Contents")] = stream
    return page


def impose(data: bytes, order, cut_line: bool = False) -> bytes:
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
        if cut_line:
            sheet.merge_page(cut_line_page(2 * width, height))
        writer.add_page(sheet)
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate", "/ModDate"):
        value = reader.metadata.get(key) if reader.metadata else None
        if value is not None:
            writer.add_metadata({key: value})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
