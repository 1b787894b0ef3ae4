"""A block's runs as ReportLab paragraph markup, made once per process for each look.

The markup of a run depends on its text and flags and on the look of the paragraph style it
is set in: the style's values (font, size, colour), whether it is set in capitals, its
upright font, the font files of its family and of the layout's fallback fonts (which
characters are set in a fallback font), and the palette's muted colour. A batch (one kit
for many events), a page make-up that lays a document out twice and the layouts of one kit
ask for the same markup again and again: it is kept in :data:`MARKUP`, keyed by those
values (:meth:`RunMarkup.look`), never by the objects that hold them.
"""

from __future__ import annotations

import functools
from typing import Callable

from kitbuilder.compose.blocks import Run
from kitbuilder.render.pdf.markup import fine_space, span_markup, to_markup
from kitbuilder.memo import Memo
from kitbuilder.render.pdf.memo import style_key

MARKUP = Memo(max_entries=6000)  # (runs or text, the looks they are set in) -> markup


class RunMarkup:
    """Paragraph markup for one composition (its styles, fonts and palette)."""

    def __init__(self, comp):
        self.comp = comp
        self.styles = comp.styles
        self.palette = comp.palette
        self._looks: dict[str, tuple] = {}

    def fallback(self, style: str) -> Callable[[str], str | None]:
        return functools.partial(self.comp.fonts.fallback_font_name, self.styles.family(style))

    def look(self, name: str) -> tuple | None:
        """The values the markup of a run in style ``name`` depends on (None: not memoised)."""
        if name not in self._looks:
            values = style_key(self.styles[name])
            fonts, family = self.comp.fonts, self.styles.family(name)
            self._looks[name] = None if values is None else (
                name, values, self.styles.uppercase(name), self.upright(name), fonts.files_key(family),
                fonts.fallback_key())
        return self._looks[name]

    def upright(self, name: str) -> str:
        return self.comp.fonts.font_name(self.styles.family(name), bool(self.styles.spec(name).get("bold")))

    def markup(self, runs: tuple[Run, ...], style: str) -> str:
        """Runs as paragraph markup; runs in another style or muted go in a <font> of their own."""
        looks = tuple(self.look(name) for name in dict.fromkeys([style] + [r.style for r in runs if r.style]))
        muted = self.palette["muted"].hexval() if any(r.muted and not r.style for r in runs) else None
        key = None if None in looks else (runs, style, muted, looks)
        known = MARKUP.get(key) if key is not None else None
        if known is None:
            known = self._markup(runs, style)
            if key is not None:
                MARKUP.put(key, known, len(known))
        return known

    def _markup(self, runs: tuple[Run, ...], style: str) -> str:
        out = []
        group: list[Run] = []

        def flush():
            if not group:
                return
            first = group[0]
            own = first.style or style
            space = fine_space(self.styles[own].fontName, self.styles[own].fontSize)  # French narrow no-break space
            upright = self.upright(own)
            inner = "".join(span_markup(r.text.upper() if self.styles.uppercase(own) else r.text,
                                        self.fallback(own), r.strong, r.emphasis, space, upright) for r in group)
            if first.style:
                st = self.styles[first.style]
                inner = f'<font face="{st.fontName}" size="{st.fontSize}" color="#{st.textColor.hexval()[2:]}">{inner}</font>'
            elif first.muted:
                inner = f'<font color="#{self.palette["muted"].hexval()[2:]}">{inner}</font>'
            out.append(("<br/>" if first.line_break else "") + inner)
            group.clear()

        for run in runs:
            if group and (run.line_break or (run.style, run.muted) != (group[0].style, group[0].muted)):
                flush()
            group.append(run)
        flush()
        return "".join(out)

    def text(self, text: str, style: str) -> str:
        """Plain text (no emphasis read) as markup, e.g. a running header filled in elsewhere."""
        look = self.look(style)
        key = None if look is None else (str(text), look)
        known = MARKUP.get(key) if key is not None else None
        if known is None:
            known = to_markup(text, self.fallback(style), uppercase=self.styles.uppercase(style))
            if key is not None:
                MARKUP.put(key, known, len(known))
        return known
