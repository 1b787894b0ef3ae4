"""Paragraph styles built from a layout's ``styles:`` data (rst2pdf-style: styles are data).

``scale`` shrinks every size and space uniformly; the fit step uses it to make
fixed-length layouts fit. No text shrinks below the layout's declared floor
(``fit.min_font_size``): a style that reaches it stays there while larger ones go on
shrinking, and the fit gives up once the body text itself would go below it.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from reportlab.lib import colors as rl_colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import textsplit as rl_textsplit
from reportlab.platypus import paragraph as rl_paragraph

from kitbuilder.compose.cjk import mostly_cjk
from kitbuilder.compose.typography import Rules, rules_for
from kitbuilder.render.pdf import cjksplit
from kitbuilder.memo import Memo
from kitbuilder.render.pdf.typefaces import FontSet
from kitbuilder.model.layout import Layout
from kitbuilder.units import to_gray

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
URI_WASTE = 0.3
# ReportLab splits a web address at its last slash that fits once, and then never splits
# the rest, however wide (a 300-character address ran 1,200 points off the page): text
# holding a long one is set without hyphenation, and a word wider than the line is cut at
# the margin. (An address given as a link, e.g. about.url, is broken by links.py.)
LONG_ADDRESS = re.compile(r"://\S{30,}")  # an address goes on to the next line whole unless that leaves over 30% of this one empty


def _no_line_starts_with(chars: str) -> None:
    """ReportLab's CJK line breaking keeps its own list of characters a line must not start
    with (kinsoku); it lacks the full-width comma, colon, semicolon, ! and ? of Chinese.
    The languages' ``no_break_before`` (labels/_typography.yaml) are added to it."""
    for module in (rl_paragraph, rl_textsplit):  # paragraphs of several runs, and of one
        missing = "".join(c for c in chars if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


for _language in ("zh", "ja"):
    _no_line_starts_with(rules_for(_language).no_break_before)
cjksplit.install()  # a CJK paragraph split across columns or pages keeps its spaces, and gains none


# Styles built, by everything they are built from (each value with its type: 10 and 10.0 are
# different sizes to ReportLab's PDF output): every render of a batch, and every scale a fit or
# a make-up tries again, builds the same styles. A style is never changed once built (a variant
# or a paragraph's own style is a new one), so renders share them; the paragraph memo then
# knows their values at once (memo.style_key).
BUILT = Memo(max_entries=4000, max_weight=4000)
BUILT_FROM: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # style -> the values it was built from
COLORS = ("textColor", "backColor", "borderColor")  # given as the colour's hex string


def built(name: str, values: dict) -> ParagraphStyle:
    """A ParagraphStyle named ``name`` of ``values`` (colours as hex strings), made once per process."""
    key = (name, tuple((field, type(value), value) for field, value in values.items()))
    style = BUILT.get(key)
    if style is None:
        style = ParagraphStyle(name, **{field: rl_colors.HexColor(value) if field in COLORS else value
                                        for field, value in values.items()})
        BUILT.put(key, style, 1)
        BUILT_FROM[style] = dict(values)
    return style


@dataclass
class Palette:
    """The layout's colours as ReportLab colours (gray when printing in grayscale)."""

    hex: dict[str, str]
    grayscale: bool

    def __getitem__(self, name: str) -> rl_colors.Color:
        return self.color(self.hex.get(name, name))

    def color(self, hex_color: str) -> rl_colors.Color:
        return rl_colors.HexColor(self.hex_of(hex_color))

    def hex_of(self, hex_color: str) -> str:
        """The colour as printed: gray when printing in grayscale."""
        return to_gray(hex_color) if self.grayscale else hex_color


class StyleSheet:
    """ParagraphStyles by layout style name, plus what renderers need to know about them."""

    def __init__(self, layout: Layout, fonts: FontSet, palette: Palette, scale: float = 1.0, language: str = "en"):
        self.layout = layout
        self.fonts = fonts
        self.palette = palette
        self.scale = scale
        self.language = language
        self.rules: Rules = rules_for(language)
        self._cache: dict[str, ParagraphStyle] = {}

    def spec(self, name: str) -> dict:
        style = self.layout.styles.get(name) or self.layout.styles["body"]
        return style.values

    def family(self, name: str) -> str:
        return self.spec(name).get("font") or next(iter(self.layout.fonts))

    def uppercase(self, name: str) -> bool:
        return bool(self.spec(name).get("uppercase"))

    def size_of(self, name: str) -> float:
        """The font size a style prints at, at this scale (never below the floor unless designed so)."""
        size = self.spec(name).get("size", 10.0)
        return max(size * self.scale, min(size, self.layout.min_font_size))

    def body_fits_floor(self) -> bool:
        """Whether the body text is still at or above the floor at this scale."""
        return self.spec("body").get("size", 10.0) * self.scale >= self.layout.min_body_size - 1e-6

    def __getitem__(self, name: str) -> ParagraphStyle:
        if name not in self._cache:
            self._cache[name] = self._build(name)
        return self._cache[name]

    def for_text(self, name: str, text: str) -> ParagraphStyle:
        """The style ``name`` for this text: with CJK line breaking (between any two characters,
        never before closing punctuation) when the language is Chinese or Japanese or the
        text is mostly in Chinese or Japanese characters; without hyphenation when the text
        holds a long web address (see :data:`LONG_ADDRESS`)."""
        if self.rules.cjk or mostly_cjk(text):
            return self._variant(name, "cjk", wordWrap="CJK", hyphenationLang="")
        if LONG_ADDRESS.search(text):
            return self._variant(name, "address", hyphenationLang="", embeddedHyphenation=0, uriWasteReduce=0)
        return self[name]

    def _variant(self, name: str, kind: str, **changes) -> ParagraphStyle:
        key = f"{name}\0{kind}"
        if key not in self._cache:
            base = self[name]
            self._cache[key] = built(f"{base.name}-{kind}", {**BUILT_FROM[base], **changes})
        return self._cache[key]

    def _build(self, name: str) -> ParagraphStyle:
        spec = self.spec(name)
        s = self.scale
        size = self.size_of(name)
        leading = spec.get("leading", spec.get("size", 10.0) * 1.3) * size / spec.get("size", 10.0)
        font = self.fonts.font_name(self.family(name), spec.get("bold", False), spec.get("italic", False))
        values = dict(
            fontName=font,
            fontSize=size,
            leading=leading,
            textColor=self.palette.hex_of(spec.get("color", self.layout.colors["text"])),
            alignment=ALIGN[spec.get("align", "left")],
            spaceBefore=spec.get("space_before", 0) * s,
            spaceAfter=spec.get("space_after", 0) * s,
            leftIndent=spec.get("left_indent", 0) * s,
            rightIndent=spec.get("right_indent", 0) * s,
            firstLineIndent=spec.get("first_line_indent", 0) * s,
            bulletFontName=font,
            bulletFontSize=size,
            allowWidows=0,
            allowOrphans=0,
            splitLongWords=1,
            keepWithNext=1 if spec.get("keep_with_next") else 0,
            # Justified text is hyphenated by the language's patterns (pyphen), so that it has
            # no rivers; soft hyphens break there too. Addresses break at their slashes rather
            # than being cut anywhere. A hyphen the user typed is never a break point of its
            # own: ReportLab's embeddedHyphenation drops it when a line is broken again
            # ('h-kF' printed as 'hkF', a word lost in the placement log's count).
            hyphenationLang=(self.rules.hyphenation or "") if spec.get("align") == "justify" else "",
            embeddedHyphenation=0,
            uriWasteReduce=URI_WASTE,
        )
        if spec.get("background"):
            values["backColor"] = self.palette.hex_of(spec["background"])
            values["borderPadding"] = spec.get("padding", 0) * s
        if spec.get("border_color"):
            values["borderColor"] = self.palette.hex_of(spec["border_color"])
            values["borderWidth"] = spec.get("border_width", 0.5)
            values["borderPadding"] = spec.get("padding", 0) * s
        return built(f"{self.layout.name}-{name}-{s:.3f}", values)
