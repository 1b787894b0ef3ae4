"""Boxes the PDF mapping draws blocks in: panels, a text column beside a sidebar,
the pull quote's accent rule, balanced columns that never stop the layout."""

from __future__ import annotations

from reportlab.platypus import BalancedColumns, Flowable, ImageAndFlowables, Table, TableStyle

from kitbuilder.render.pdf.flowables import NeedSpace


def table_style(comp, commands: list) -> TableStyle:
    """A TableStyle whose default font is the layout's (ReportLab would otherwise
    reference an unembedded Helvetica for every table)."""
    font = comp.styles["body"].fontName
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font)] + commands)


def panel(flowables: list, comp, width: float | None = None, padding: float = 10) -> Table:
    # splitInRow: a panel taller than what is left of the page goes on on the next one
    table = Table([[flowables]], colWidths=[width] if width else None, splitInRow=1)
    # an untinted panel (large print: white) would only indent its text off the margin
    side = padding if comp.palette["panel"].hexval() != "0xffffff" else 0
    table.setStyle(table_style(comp, [
        ("BACKGROUND", (0, 0), (-1, -1), comp.palette["panel"]),
        ("LEFTPADDING", (0, 0), (-1, -1), side), ("RIGHTPADDING", (0, 0), (-1, -1), side),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.8), ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.8),
    ]))
    return table


class SidebarOrInline(Flowable):
    """Text around a sidebar, or (where the sidebar does not fit) the same flowables inline."""

    def __init__(self, beside: ImageAndFlowables, inline: list, minimum: float):
        super().__init__()
        self.beside = beside
        self.inline = inline
        self.minimum = minimum

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.beside.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        parts = self.beside.splitOn(self.canv, availWidth, availHeight)
        if parts:
            return parts
        # The inline version starts with a NeedSpace: hand it over only where that fits
        # (the first part of a split must fit, or the layout stops).
        need, rest = self.inline[0], self.inline[1:]
        required = min(max(self.minimum, need.needed(availWidth)), NeedSpace.MAX_NEEDED)
        return rest if availHeight >= required else []

    def getSpaceBefore(self):
        return self.beside.getSpaceBefore()

    def getSpaceAfter(self):
        return self.beside.getSpaceAfter()

    def draw(self):
        self.beside.drawOn(self.canv, 0, 0)


class AccentRule(Flowable):
    """A vertical accent bar to the left of its content (the pull quote's rule).

    Splits like a frame would: a quote longer than what is left of the page goes on
    on the next one, with the bar beside each part."""

    def __init__(self, content: list, color, bar: float = 3, gap: float = 10):
        super().__init__()
        self.content = content
        self.color = color
        self.bar = bar
        self.gap = gap

    def _inner(self, availWidth: float) -> float:
        return availWidth - self.bar - self.gap

    def wrap(self, availWidth, availHeight):
        self._heights = []
        total = 0
        for f in self.content:
            _, h = f.wrap(self._inner(availWidth), availHeight)
            self._heights.append(h)
            total += h + (f.getSpaceAfter() if f is not self.content[-1] else 0)
        self.width, self.height = availWidth, total
        return availWidth, total

    def split(self, availWidth, availHeight):
        inner = self._inner(availWidth)
        used = 0.0
        for index, f in enumerate(self.content):
            _, h = f.wrap(inner, availHeight)
            if used + h <= availHeight:
                used += h + f.getSpaceAfter()
                continue
            parts = f.split(inner, availHeight - used) if availHeight - used > 0 else []
            if parts and len(parts) > 1:
                head = self.content[:index] + [parts[0]]
                tail = list(parts[1:]) + self.content[index + 1:]
            elif index:
                head, tail = self.content[:index], self.content[index:]
            else:
                return []
            return [AccentRule(head, self.color, self.bar, self.gap),
                    AccentRule(tail, self.color, self.bar, self.gap)]
        return [self]

    def draw(self):
        c = self.canv
        c.setFillColor(self.color)
        c.rect(0, 0, self.bar, self.height, stroke=0, fill=1)
        y = self.height
        for f, h in zip(self.content, self._heights):
            y -= h
            f.drawOn(c, self.bar + self.gap, y)
            y -= f.getSpaceAfter()


class Sidebar(Flowable):
    """A boxed flowable that text can flow around (ImageAndFlowables expects an image-like object)."""

    def __init__(self, content: Flowable):
        super().__init__()
        self.content = content

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.content.wrap(availWidth, availHeight)
        return self.width, self.height

    def _restrictSize(self, availWidth, availHeight):
        return self.wrap(availWidth, availHeight)

    def _unRestrictSize(self):
        pass

    def draw(self):
        self.content.drawOn(self.canv, 0, 0)


class Columns(BalancedColumns):
    """BalancedColumns that never stops the layout.

    ReportLab raises ValueError ("cannot make initial split") where the first item
    cannot be cut to fit the columns' height; the rest of the content then goes on in
    one column, so all of it is still printed. The part continuing on the next page
    (which ReportLab makes as a plain BalancedColumns) gets the same care.
    """

    def _generated_content(self, aW, aH):
        height, generated = super()._generated_content(aW, aH)
        for flowable in generated:
            if type(flowable) is BalancedColumns:
                flowable.__class__ = Columns
        return height, generated

    def wrap(self, aW, aH):
        try:
            return super().wrap(aW, aH)
        except ValueError:
            frame = getattr(self, "_frame", None)
            if frame is None:
                raise
            frame.add_generated_content(*self._content)
            return 0, 0
