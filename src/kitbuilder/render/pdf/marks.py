"""Printer's marks on an imposed sheet: crop marks, a fold mark, cut marks, a cut line.

Each mark is a short line drawn as a bare PDF content stream: a ReportLab canvas would
add a font resource (an unembedded Helvetica) that nothing uses. Marks sit outside the
bleed, so trimming the sheet removes them.
"""

from __future__ import annotations

from kitbuilder.units import MM

MARK_GAP = 1 * MM  # between the bleed edge and a mark
MARK_LENGTH = 6 * MM
MARK_WIDTH = 0.25
DASH = "[3 2] 0 d"  # fold marks are dashed, crop and cut marks solid


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l"


def crop_marks(trim: tuple[float, float, float, float], bleed: float) -> list[str]:
    """Eight marks continuing the trim edges at the four corners, outside the bleed."""
    x0, y0, x1, y1 = trim
    near, far = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    lines = []
    for x in (x0, x1):
        lines += [_line(x, y0 - near, x, y0 - far), _line(x, y1 + near, x, y1 + far)]
    for y in (y0, y1):
        lines += [_line(x0 - near, y, x0 - far, y), _line(x1 + near, y, x1 + far, y)]
    return lines


def centre_marks(trim: tuple[float, float, float, float], bleed: float) -> list[str]:
    """Two marks above and below the trim at its horizontal centre (where to fold or cut)."""
    x0, y0, x1, y1 = trim
    x = (x0 + x1) / 2
    near, far = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    return [_line(x, y1 + near, x, y1 + far), _line(x, y0 - near, x, y0 - far)]


def marks_stream(solid: list[str], dashed: list[str] = (), light_dashed: list[str] = ()) -> bytes:
    """One content stream drawing ``solid`` and ``dashed`` marks in black, ``light_dashed`` in light gray."""
    parts = []
    if solid:
        parts.append(f"q 0 G {MARK_WIDTH} w {' '.join(solid)} S Q")
    if dashed:
        parts.append(f"q 0 G {MARK_WIDTH} w {DASH} {' '.join(dashed)} S Q")
    if light_dashed:
        parts.append(f"q .6 G .4 w [4 4] 0 d {' '.join(light_dashed)} S Q")
    return ("\n".join(parts) + "\n").encode()


def marks_page(width: float, height: float, content: bytes):
    """A transparent page of the sheet's size that draws ``content`` (merged over the sheet)."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, NameObject

    page = PageObject.create_blank_page(width=width, height=height)
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = stream
    return page
