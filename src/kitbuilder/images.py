"""Event logos as flowables: PNG and JPEG through ReportLab, SVG through svglib.

In grayscale mode the logo is converted too, so nothing on the page is in colour.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, Image

from .errors import KitbuilderError, Origin


def logo(path: Path, height: float, grayscale: bool = False) -> Flowable:
    """The logo scaled to ``height`` points, keeping its proportions."""
    if path.suffix.lower() == ".svg":
        return _svg(path, height, grayscale)
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as picture:
            picture.load()
            width, natural_height = picture.size
            if grayscale:
                converted = picture.convert("LA" if "A" in picture.getbands() else "L")
                buffer = io.BytesIO()
                converted.save(buffer, format="PNG")
                buffer.seek(0)
                source = buffer
            else:
                source = str(path)
    except Exception as exc:  # Pillow raises many kinds for a broken image
        raise KitbuilderError.single(Origin(str(path)), f"the logo cannot be read as an image ({exc})",
                                     "export the logo again as PNG or JPEG") from None
    return Image(source, width=height * width / natural_height, height=height)


def _svg(path: Path, height: float, grayscale: bool) -> Flowable:
    from svglib.svglib import svg2rlg

    try:
        drawing = svg2rlg(str(path))
    except Exception as exc:  # svglib raises lxml and parse errors of many kinds
        drawing, detail = None, str(exc)
    else:
        detail = "no drawing found"
    if drawing is None or not drawing.width or not drawing.height:
        raise KitbuilderError.single(Origin(str(path)), f"the SVG logo cannot be read ({detail})",
                                     "export the logo as PNG instead")
    if grayscale:
        _gray_shapes(drawing)
    scale = height / drawing.height
    drawing.width, drawing.height = drawing.width * scale, height
    drawing.scale(scale, scale)
    return drawing


def _gray(color):
    if isinstance(color, colors.Color) and not isinstance(color, colors.CMYKColor):
        level = 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue
        return colors.Color(level, level, level, alpha=color.alpha)
    return color


def _gray_shapes(node) -> None:
    for attr in ("fillColor", "strokeColor"):
        if hasattr(node, attr):
            setattr(node, attr, _gray(getattr(node, attr)))
    for child in getattr(node, "contents", []) or []:
        _gray_shapes(child)
