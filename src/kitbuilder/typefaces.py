"""TrueType fonts for a layout: registration with ReportLab, and glyph coverage checks.

Fonts are parsed once per process (the same file serves every layout of a build).
Fallback families (e.g. the bundled CJK font) are loaded only when some text needs
a character that the main families lack, and runs of such characters are set in
the fallback font by :mod:`kitbuilder.markup`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import KitbuilderError, Origin, Problems
from .layout import STYLE_SUFFIXES, FontFamily, Layout
from .schema import Text

_loaded: dict[tuple[Path, str], str] = {}

# Characters that never need a glyph: line breaks are handled by the paragraph
# layout, and these spaces are drawn as ordinary spaces.
WHITESPACE = set("\n\r\t ")


def _register(path: Path, origin: Origin) -> str:
    key = (path.resolve(), "")
    if key in _loaded:
        return _loaded[key]
    digest = hashlib.sha1(str(key[0]).encode()).hexdigest()[:8]
    name = f"{path.stem}-{digest}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
        detail = str(exc).split("\n")[0]
        raise KitbuilderError.single(
            origin, f"font file '{path.name}' cannot be used: {detail}",
            "use a TrueType font (.ttf with TrueType outlines); OpenType/CFF fonts cannot be embedded by ReportLab",
        ) from None
    _loaded[key] = name
    return name


class FontSet:
    """The fonts of one layout, registered on demand."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.families: dict[str, FontFamily] = layout.fonts
        self._names: dict[str, dict[str, str]] = {}
        self._fallback_names: dict[str, dict[str, str | None]] = {}

    def names(self, family: str) -> dict[str, str]:
        """Registered ReportLab font names of a family, keyed regular/bold/italic/bold_italic."""
        if family not in self._names:
            spec = self.families[family]
            names = {style: _register(getattr(spec, style), spec.origin) for style in STYLE_SUFFIXES}
            pdfmetrics.registerFontFamily(
                names["regular"], normal=names["regular"], bold=names["bold"],
                italic=names["italic"], boldItalic=names["bold_italic"],
            )
            for bold in (0, 1):
                for italic in (0, 1):
                    style = ("bold_" if bold else "") + ("italic" if italic else "") or "regular"
                    style = style.rstrip("_") if style != "bold_" else "bold"
                    addMapping(names["regular"], bold, italic, names[style])
            self._names[family] = names
        return self._names[family]

    def font_name(self, family: str, bold: bool = False, italic: bool = False) -> str:
        style = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
        return self.names(family)[style]

    def covers(self, family: str, char: str) -> bool:
        """True when every style of the family has a glyph for ``char``."""
        code = ord(char)
        return all(code in pdfmetrics.getFont(name).face.charToGlyph for name in set(self.names(family).values()))

    def fallback_for(self, char: str) -> str | None:
        for family in self.layout.fallback_fonts:
            if self.covers(family, char):
                return family
        return None

    def fallback_font_name(self, family: str, char: str) -> str | None:
        """The registered font to set ``char`` in when ``family`` lacks it (None: the family has it).

        Cached per family for the layout, since markup asks for every character of every text.
        """
        cache = self._fallback_names.setdefault(family, {})
        if char not in cache:
            other = None if self.covers(family, char) else self.fallback_for(char)
            cache[char] = self.font_name(other) if other else None
        return cache[char]

    def check_coverage(self, texts: list[Text], families: set[str]) -> None:
        """Refuse any character that no font (main or fallback) can draw, naming it and its field."""
        problems = Problems()
        reported: set[tuple[str, str]] = set()
        cache: dict[str, bool] = {}
        for text in texts:
            for char in set(text):
                if char in WHITESPACE:
                    continue
                if char not in cache:
                    cache[char] = all(self.covers(f, char) for f in families) or self.fallback_for(char) is not None
                if cache[char] or (char, text.field) in reported:
                    continue
                reported.add((char, text.field))
                problems.add(
                    _char_origin(text, char),
                    f"the character {describe_char(char)} in {text.field} cannot be printed: no font of the "
                    f"layout has it ({', '.join(sorted(families | set(self.layout.fallback_fonts)))})",
                    "delete it or replace it with plain text" + (
                        " (emoji and pictographs cannot be printed with the bundled fonts)" if is_pictograph(char)
                        else "; or add a TrueType font that has it to the layout's fonts: and list it under "
                             "fonts.fallback"),
                )
        problems.raise_if_any()


def is_pictograph(char: str) -> bool:
    return unicodedata.category(char) == "So" and ord(char) >= 0x2600


def describe_char(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    shown = repr(char) if unicodedata.category(char).startswith(("C", "Z")) else f"'{char}'"
    return f"{shown} (U+{ord(char):04X} {name})"


def _char_origin(text: Text, char: str) -> Origin:
    """The line and column of the first ``char`` in ``text`` when the text is written on one line."""
    origin = text.origin
    index = text.find(char)
    if "\n" not in text[:index] and origin.line:
        return Origin(origin.file, origin.line, origin.column + index)
    return origin
