"""Pictures of a build's PDFs: one PNG per page and one contact sheet per layout.

``kitbuilder preview`` writes, next to ``<layout>.pdf``, ``<layout>-1.png``,
``<layout>-2.png`` ... (each page at :data:`DPI` dots per inch, so a Letter page is
850 x 1100 pixels) and ``<layout>-pages.png``, every page side by side, small. Pages
are drawn by PDFium (pypdfium2), which installs from the package registry on every
platform. Each picture is written to a temporary beside it and renamed into place;
pictures of pages a layout no longer has are removed.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

DPI = 100
SHEET_WIDTH = 260  # pixels of each page on the contact sheet
SHEET_COLUMNS = 4
SHEET_GAP = 16
SHEET_BACKGROUND = (225, 225, 225)


def page_pictures(pdf: Path, dpi: int = DPI) -> list:
    """Every page of ``pdf`` as a PIL image, all in memory (for a few pages; see :func:`each_page_picture`)."""
    return list(each_page_picture(pdf, dpi))


def each_page_picture(pdf: Path, dpi: int = DPI):
    """Each page of ``pdf`` as a PIL image, ``dpi`` pixels to the inch, one at a time (a
    180-page guide is never all in memory at once)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = (round(points * dpi / 72) for points in page.get_size())
            bitmap = page.render(scale=dpi / 72)
            picture = bitmap.to_pil().convert("RGB")
            bitmap.close()
            page.close()
            # PDFium rounds a part-pixel up; the picture is the page's size at dpi, rounded
            yield picture if picture.size == (width, height) else picture.crop((0, 0, width, height))
    finally:
        document.close()


def thumbnail(picture):
    """A page made small for the contact sheet, :data:`SHEET_WIDTH` pixels wide."""
    return picture.resize((SHEET_WIDTH, max(1, round(picture.height * SHEET_WIDTH / picture.width))))


def contact_sheet(thumbs: list):
    """The pages' thumbnails side by side, :data:`SHEET_COLUMNS` to a row, on a gray ground."""
    from PIL import Image

    columns = min(SHEET_COLUMNS, len(thumbs))
    rows = [thumbs[i:i + columns] for i in range(0, len(thumbs), columns)]
    heights = [max(t.height for t in row) for row in rows]
    sheet = Image.new("RGB", (columns * (SHEET_WIDTH + SHEET_GAP) + SHEET_GAP,
                              sum(heights) + SHEET_GAP * (len(rows) + 1)), SHEET_BACKGROUND)
    top = SHEET_GAP
    for row, height in zip(rows, heights):
        for column, thumb in enumerate(row):
            sheet.paste(thumb, (SHEET_GAP + column * (SHEET_WIDTH + SHEET_GAP), top))
        top += height + SHEET_GAP
    return sheet


def write_previews(pdf: Path, dpi: int = DPI) -> list[Path]:
    """Write the page pictures and the contact sheet of ``pdf``; return their paths (pages first).
    Each page is drawn, saved and let go before the next; only its thumbnail is kept."""
    written, thumbs = [], []
    for number, picture in enumerate(each_page_picture(pdf, dpi), start=1):
        written.append(_save(picture, pdf.with_name(f"{pdf.stem}-{number}.png")))
        thumbs.append(thumbnail(picture))
        picture.close()
    if thumbs:
        written.append(_save(contact_sheet(thumbs), pdf.with_name(f"{pdf.stem}-pages.png")))
    _remove_stale(pdf, len(thumbs))
    return written


def _save(picture, path: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            picture.save(stream, "PNG")
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return path


def _remove_stale(pdf: Path, pages: int) -> None:
    """Pictures of pages past the last (the layout had more pages at an earlier preview)."""
    pattern = re.compile(rf"{re.escape(pdf.stem)}-(\d+)\.png")
    for path in pdf.parent.glob(f"{pdf.stem}-*.png"):
        match = pattern.fullmatch(path.name)
        if match and int(match.group(1)) > pages:
            with contextlib.suppress(OSError):
                path.unlink()


def pictures_of(pdfs: list[Path], rebuilt: list[Path]) -> list[Path]:
    """The page pictures of every PDF in ``pdfs``, in order: made again for those ``rebuilt``
    (and for any that has none yet), the existing ones kept for the others."""
    pages: list[Path] = []
    for pdf in (path for path in pdfs if path.suffix == ".pdf"):
        pattern = re.compile(rf"{re.escape(pdf.stem)}-(\d+)\.png")
        existing = sorted((int(m.group(1)), p) for p in pdf.parent.glob(f"{pdf.stem}-*.png")
                          if (m := pattern.fullmatch(p.name)))
        if pdf in rebuilt or not existing:
            pages += [p for p in write_previews(pdf) if pattern.fullmatch(p.name)]
        else:
            pages += [p for _, p in existing]
    return pages
