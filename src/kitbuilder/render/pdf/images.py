"""Event logos as flowables: PNG and JPEG through ReportLab, SVG through svglib.

The logo was read, checked and shrunk to print resolution when the event was loaded
(:mod:`kitbuilder.model.logo`); here it only becomes something to draw. An SVG reaches svglib
as an already checked tree, never as a path, so svglib opens no file. In grayscale mode
the logo is converted too (shapes, gradients and embedded pictures), so nothing on the
page is in colour. A logo sets no font: ReportLab's drawings otherwise select Helvetica,
which is not embedded.

What svglib makes is brought in line with what a browser draws before it is kept
(:func:`_as_browsers_draw`): a dash pattern of zeros or with a negative length is a solid
line, and a shape under a transform that flattens it (``scale(0)``, ``matrix(0 0 0 0 0 0)``)
is not drawn. Then the drawing is drawn once on trial, so that whatever ReportLab still
cannot draw is refused when the event is read, never met half-way through a PDF.
"""

from __future__ import annotations

import copy
import io
import math
from pathlib import Path

from reportlab.graphics.renderbase import renderScaledDrawing
from reportlab.graphics.renderPDF import _PDFRenderer
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.graphics.shapes import Image as ImageShape
from reportlab.lib import colors
from reportlab.platypus import Flowable, Image

from kitbuilder.units import luminance


class SvgDrawingProblem(Exception):
    """svglib made something that cannot be printed (message for the volunteer)."""


def logo(path: Path, height: float, grayscale: bool = False, width: float | None = None) -> Flowable:
    """The logo fitted into a box ``width`` x ``height`` points, keeping its proportions:
    a banner is as wide as the box and lower, a tall logo as high and narrower
    (``width`` None: as wide as ``height`` makes it). Where it is placed it shrinks
    further to the width it is given, so it never reaches over text beside it."""
    from kitbuilder.model.logo import prepared

    checked = prepared(path)
    svg = checked.svg
    if svg is not None:  # drawn once per colour mode; each layout gets a scaled view of the same shapes
        svg.drawing = svg.drawing or svg_drawing(svg.root)
        if grayscale and svg.gray_drawing is None:
            svg.gray_drawing = copy.deepcopy(svg.drawing)
            _gray_shapes(svg.gray_drawing)
        drawn = svg.gray_drawing if grayscale else svg.drawing
        scale = fit_scale(drawn.width, drawn.height, width, height)
        view = Group(*drawn.contents)
        view.scale(scale, scale)
        drawing = LogoDrawing(drawn.width * scale, drawn.height * scale)
        drawing.add(view)
        return FittedLogo(drawing, drawing.width, drawing.height)
    picture = checked.picture
    natural_width, natural_height = picture.original_size
    scale = fit_scale(natural_width, natural_height, width, height)
    image = Image(io.BytesIO(picture.gray if grayscale else picture.data), width=natural_width * scale,
                  height=natural_height * scale)
    return FittedLogo(image, image.drawWidth, image.drawHeight)


def fit_scale(natural_width: float, natural_height: float, width: float | None, height: float) -> float:
    """The scale that fits a picture into ``width`` x ``height`` (by both, whichever binds first)."""
    scale = height / natural_height
    if width is not None:
        scale = min(scale, width / natural_width)
    return scale


class FittedLogo(Flowable):
    """A logo (``inner``, ``width`` x ``height`` points) that shrinks, proportions kept, to
    the width it is given: in a narrow column or page it is drawn smaller, never across its edge."""

    def __init__(self, inner: Flowable, width: float, height: float):
        super().__init__()
        self.inner, self.width, self.height = inner, width, height
        self.hAlign = "LEFT"  # flush with the text edge, like the text around it (a raster Image centres itself)
        self.scale = 1.0

    def wrap(self, availWidth, availHeight):
        self.scale = min(1.0, availWidth / self.width) if availWidth > 0 else 1.0
        return self.width * self.scale, self.height * self.scale

    def draw(self):
        self.inner.wrap(self.width, self.height)
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        self.inner.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


class _FontFreeRenderer(_PDFRenderer):
    """ReportLab's PDF renderer, minus the font (Helvetica) it sets up front for text a logo does not have."""

    def applyStateChanges(self, delta, newState):
        delta = {k: v for k, v in delta.items() if k not in ("fontName", "fontSize")}
        super().applyStateChanges(delta, newState)


class LogoDrawing(Drawing):
    """A Drawing that never selects a font (its shapes have no text; the SVG check refuses text)."""

    def draw(self, showBoundary=None):
        _FontFreeRenderer().draw(renderScaledDrawing(self), self.canv, 0, 0, showBoundary=False)


def svg_drawing(root) -> LogoDrawing:
    """A drawing of a checked SVG tree (see :mod:`kitbuilder.source.svgsafe`); the tree itself is left as it was."""
    from svglib.svglib import SvgRenderer

    renderer = SvgRenderer(None)  # not a path: svglib opens no file
    made = renderer.render(copy.deepcopy(root))  # svglib writes into the tree it renders
    width, height = made.width, made.height
    if not all(math.isfinite(v) for v in (width, height)) or width <= 0.01 or height <= 0.01:
        raise SvgDrawingProblem("it has no size (give the <svg> element a width and height, or a viewBox)")
    if max(width, height) > 1e6:
        raise SvgDrawingProblem(f"it is {width:,.0f} x {height:,.0f} points; the limit is 1,000,000")
    drawing = LogoDrawing(width, height)
    drawing.contents = made.contents
    _check_shapes(drawing)
    _as_browsers_draw(drawing)
    try:
        bounds = drawing.getBounds()
    except Exception:  # reportlab cannot measure a shape it would then fail to draw
        bounds = None
    if bounds is not None and not all(math.isfinite(v) and abs(v) < 1e9 for v in bounds):
        raise SvgDrawingProblem("its shapes reach far outside the picture (a scale or transform is out of range)")
    _trial_draw(drawing)
    return drawing


def _as_browsers_draw(node) -> None:
    """Dash patterns and transforms that ReportLab refuses, drawn as a browser draws them (see above)."""
    if _dash_is_solid(getattr(node, "strokeDashArray", None)):
        node.strokeDashArray = None  # SVG: a pattern summing to zero, or a negative length, draws a solid line
    contents = getattr(node, "contents", None)
    if not contents:
        return
    # SVG: an element whose transform cannot be inverted is not rendered (it would have no area anyway).
    contents[:] = [child for child in contents if not _flattened(getattr(child, "transform", None))]
    for child in contents:
        _as_browsers_draw(child)


def _dash_is_solid(dashes) -> bool:
    if not dashes:
        return False
    if isinstance(dashes, (list, tuple)) and len(dashes) == 2 and isinstance(dashes[1], (list, tuple)):
        dashes = dashes[1]  # (phase, pattern)
    values = list(dashes) if isinstance(dashes, (list, tuple)) else [dashes]
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values):
        return True  # svglib could not read the pattern: a browser ignores it too
    return any(v < 0 for v in values) or sum(values) <= 0


def _flattened(transform) -> bool:
    if not isinstance(transform, (list, tuple)) or len(transform) != 6:
        return False
    a, b, c, d = (float(v) for v in transform[:4])
    return a * d - c * b == 0  # the determinant ReportLab divides by when it undoes the transform


def _trial_draw(drawing: "LogoDrawing") -> None:
    """Draw once on a canvas that is thrown away: what ReportLab cannot draw is refused now."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO(), pageCompression=0)
    try:
        _FontFreeRenderer().draw(renderScaledDrawing(drawing), canvas, 0, 0, showBoundary=False)
    except Exception as exc:  # noqa: BLE001 - any failure here is a logo that cannot be printed
        detail = str(exc).split("\n")[0][:100] or type(exc).__name__
        raise SvgDrawingProblem(f"it cannot be drawn ({detail})") from None


def _check_shapes(node) -> None:
    if isinstance(node, String):
        raise SvgDrawingProblem("it contains text, which cannot be printed with an embedded font")
    for child in getattr(node, "contents", None) or []:
        _check_shapes(child)


def _gray(color):
    if isinstance(color, colors.CMYKColor):
        red, green, blue = color.rgb()
    elif isinstance(color, colors.Color):
        red, green, blue = color.red, color.green, color.blue
    else:
        return color
    level = luminance(red, green, blue)
    return colors.Color(level, level, level, alpha=color.alpha)


def _gray_shapes(node) -> None:
    """Every colour in the drawing made gray: fills, strokes, gradients and embedded pictures."""
    for attr in ("fillColor", "strokeColor"):
        if hasattr(node, attr):
            setattr(node, attr, _gray(getattr(node, attr)))
    if hasattr(node, "_rl_colors"):  # svglib's gradient fills
        node._rl_colors = [_gray(c) for c in node._rl_colors]
    if isinstance(node, ImageShape) and hasattr(node.path, "getbands"):  # a picture (PIL image) from data:
        node.path = node.path.convert("LA" if "A" in node.path.getbands() else "L")
    for child in getattr(node, "contents", []) or []:
        _gray_shapes(child)
