"""Event logos as flowables: PNG and JPEG through ReportLab, SVG through svglib."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Image

from .errors import KitbuilderError, Origin


def logo(path: Path, height: float) -> Flowable:
    """The logo scaled to ``height`` points, keeping its proportions."""
    if path.suffix.lower() == ".svg":
        return _svg(path, height)
    try:
        from reportlab.lib.utils import ImageReader

        width, natural_height = ImageReader(str(path)).getSize()
    except Exception as exc:  # ReportLab raises many kinds for a broken image
        raise KitbuilderError.single(Origin(str(path)), f"the logo cannot be read as an image ({exc})",
                                     "export the logo again as PNG or JPEG") from None
    return Image(str(path), width=height * width / natural_height, height=height)


def _svg(path: Path, height: float) -> Flowable:
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
    scale = height / drawing.height
    drawing.width, drawing.height = drawing.width * scale, height
    drawing.scale(scale, scale)
    return drawing
