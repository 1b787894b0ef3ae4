"""Event logos as flowables: PNG and JPEG through ReportLab, SVG through svglib.

The logo was read, checked and shrunk to print resolution when the event was loaded
(:mod:`kitbuilder.model.logo`); here it only becomes something to draw. An SVG reaches svglib
as an already checked tree, never as a path, so svglib opens no file. In grayscale mode
the logo is converted too (shapes, gradients and embedded pictures), so nothing on the
page is in colour. A logo sets no font: ReportLab's drawings otherwise select Helvetica,
which is not embedded.
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


class SvgDrawingProblem(Exception):
    """svglib made something that cannot be printed (message for the volunteer)."""


def logo(path: Path, height: float, grayscale: bool = False) -> Flowable:
    """The logo scaled to ``height`` points, keeping its proportions."""
    from kitbuilder.model.logo import prepared

    checked = prepared(path)
    svg = checked.svg
    if svg is not None:  # drawn once per colour mode; each layout gets a scaled view of the same shapes
        svg.drawing = svg.drawing or svg_drawing(svg.root)
        if grayscale and svg.gray_drawing is None:
            svg.gray_drawing = copy.deepcopy(svg.drawing)
            _gray_shapes(svg.gray_drawing)
        drawn = svg.gray_drawing if grayscale else svg.drawing
        scale = height / drawn.height
        view = Group(*drawn.contents)
        view.scale(scale, scale)
        drawing = LogoDrawing(drawn.width * scale, height)
        drawing.add(view)
        return drawing
    picture = checked.picture
    width, natural_height = picture.original_size
    return Image(io.BytesIO(picture.gray if grayscale else picture.data), width=height * width / natural_height,
                 height=height)


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
    try:
        bounds = drawing.getBounds()
    except Exception:  # reportlab cannot measure a shape it would then fail to draw
        bounds = None
    if bounds is not None and not all(math.isfinite(v) and abs(v) < 1e9 for v in bounds):
        raise SvgDrawingProblem("its shapes reach far outside the picture (a scale or transform is out of range)")
    return drawing


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
    level = 0.299 * red + 0.587 * green + 0.114 * blue
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
