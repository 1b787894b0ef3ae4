"""Web and e-mail addresses as printed links: broken only after ``/ . - @`` and with one
link annotation however many lines they take.

ReportLab breaks a word that does not fit anywhere (``long-road-to-t / ransparent``)
and makes one link annotation per line of an ``<a>`` tag. A :class:`LinkParagraph`
breaks the address itself, for the width it is given, after the last ``/``, ``.``,
``-`` or ``@`` that fits (a character cut only where a part between them is wider than
the line), and draws one annotation whose QuadPoints cover each line.
"""

from __future__ import annotations

from typing import Callable

from reportlab.pdfbase.pdfdoc import PDFArray
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from kitbuilder.render.pdf.paragraphs import ContentParagraph
from kitbuilder.render.pdf.markup import escape

BREAK_AFTER = "/.-@"


def break_address(address: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``address`` in lines no wider than ``width``, each ending after one of ``/ . - @``
    where possible (never inside ``//``)."""
    lines: list[str] = []
    rest = address
    while rest and measure(rest) > width:
        fits = _longest_fitting(rest, width, measure)
        cut = max((i + 1 for i in range(fits) if rest[i] in BREAK_AFTER and rest[i + 1:i + 2] != "/"), default=0)
        if cut == 0:
            cut = max(fits, 1)  # no break point fits: cut at the margin rather than run off the page
        lines.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        lines.append(rest)
    return lines


def _longest_fitting(text: str, width: float, measure: Callable[[str], float]) -> int:
    low, high = 0, len(text)
    while low < high:  # the most characters of ``text`` whose width is at most ``width``
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


class LinkParagraph(ContentParagraph):
    """A content paragraph showing one address (``url``) in ``color``, leading to ``href``."""

    def __init__(self, markup, style, key: str = "", log=None, label: str = "", expected_text: str | None = None,
                 origin=None, url: str | None = None, href: str = "", color: str = "", **kwargs):
        super().__init__(markup, style, key, log, label, expected_text, origin, **kwargs)
        self.kb_url = url  # None in the parts ReportLab makes when it splits the paragraph
        self.kb_href = href
        self.kb_color = color
        self.kb_broken_for: float | None = None

    def wrap(self, availWidth, availHeight):
        if self.kb_url is not None and availWidth != self.kb_broken_for:
            style = self.style
            width = availWidth - style.leftIndent - style.rightIndent - max(style.firstLineIndent, 0)
            lines = break_address(self.kb_url, width, lambda s: stringWidth(s, style.fontName, style.fontSize))
            body = "<br/>".join(escape(line) for line in lines)
            Paragraph.__init__(self, f'<font color="#{self.kb_color}">{body}</font>', style)
            self.kb_broken_for = availWidth
        return super().wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:  # each part (one per page) carries the link of its own lines
            part.kb_href, part.kb_color = self.kb_href, self.kb_color
            part.kb_url = None
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        super().drawOn(canvas, x, y, _sW)
        if not getattr(self, "kb_href", ""):
            return
        style = self.style
        quads, xs, ys = [], [], []
        top = y + self.height
        for index, line_width in enumerate(self.getActualLineWidths0()):
            left = x + style.leftIndent + (style.firstLineIndent if index == 0 else 0)
            upper, lower = top - index * style.leading, top - (index + 1) * style.leading
            corners = [canvas.absolutePosition(left, upper), canvas.absolutePosition(left + line_width, upper),
                       canvas.absolutePosition(left, lower), canvas.absolutePosition(left + line_width, lower)]
            quads += [coordinate for corner in corners for coordinate in corner]
            xs += [c[0] for c in corners]
            ys += [c[1] for c in corners]
        if xs:
            canvas.linkURL(self.kb_href, (min(xs), min(ys), max(xs), max(ys)), relative=0, thickness=0,
                           QuadPoints=PDFArray(quads))
