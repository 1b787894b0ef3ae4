"""TrueType fonts for a layout: registration with ReportLab, and glyph coverage checks.

Font files are checked and registered once per process when the layout is read
(:mod:`kitbuilder.source.fontfiles`, so a damaged font is reported on its own line); a
font's parsed tables are read from the cache of parsed fonts when first asked for (the
coverage check asks for the character maps of the families a layout uses, and of a
fallback family only for a character they lack).
A family's styles are then known to ReportLab under names of their own (:func:`family_names`):
ReportLab chooses the font for <b> and <i> from one process-wide table keyed by font
name, so two layouts whose families share a file (the same regular font with other bold
or italic files) would otherwise print each other's bold and italic.
Fallback families (e.g. the bundled CJK font) are used only for characters that the
main families lack; runs of such characters are set in the fallback font by
:mod:`kitbuilder.render.pdf.markup`. Which characters can be printed at all is decided in
:mod:`kitbuilder.render.pdf.glyphs`.
"""

from __future__ import annotations

import hashlib

from reportlab.pdfbase import pdfmetrics

from kitbuilder.memo import Memo
from kitbuilder.source.fontcache import is_loaded
from kitbuilder.source.fontfiles import STYLE_SUFFIXES, FontFamily, register_font, registered_name
from kitbuilder.render.pdf.glyphs import check_texts
from kitbuilder.model.layout import Layout
from kitbuilder.source.fields import Text


class FontSet:
    """The fonts of one layout, registered on demand."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.families: dict[str, FontFamily] = layout.fonts
        self._names: dict[str, dict[str, str]] = {}
        self._fallback_names: dict[str, dict[str, str | None]] = {}
        self._keys: dict[str, tuple] = {}

    def files_key(self, family: str) -> tuple:
        """The family's font files, as the ReportLab names they are (or will be) registered under.

        A name is registered once per process with the file parsed then (see
        :func:`kitbuilder.source.fontfiles.register_font`), so two font sets with the same key
        draw with the same glyphs: what one found about them holds for the other. Computed
        without registering the fonts, so a fallback font nobody needs is never loaded.
        """
        if family not in self._keys:
            spec = self.families[family]
            self._keys[family] = (family,) + tuple(registered_name(getattr(spec, style)) for style in STYLE_SUFFIXES)
        return self._keys[family]

    def fallback_key(self) -> tuple:
        return tuple(self.files_key(family) for family in self.layout.fallback_fonts)

    def names(self, family: str) -> dict[str, str]:
        """Registered ReportLab font names of a family, keyed regular/bold/italic/bold_italic."""
        if family not in self._names:
            spec = self.families[family]
            files = {style: register_font(getattr(spec, style), spec.origin_of(style)) for style in STYLE_SUFFIXES}
            self._names[family] = family_names(files)
        return self._names[family]

    def font_name(self, family: str, bold: bool = False, italic: bool = False) -> str:
        style = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
        return self.names(family)[style]

    def covers(self, family: str, char: str) -> bool:
        """True when every style of the family has a glyph for ``char`` (glyph 0 is the 'missing' box)."""
        code = ord(char)
        return all(pdfmetrics.getFont(name).face.charToGlyph.get(code, 0) != 0
                   for name in set(self.names(family).values()))

    def fallback_for(self, char: str) -> str | None:
        for family in self.layout.fallback_fonts:
            if self.covers(family, char):
                return family
        return None

    def fallback_font_name(self, family: str, char: str) -> str | None:
        """The registered font to set ``char`` in when ``family`` lacks it (None: the family has it).

        Cached per family for the layout, since markup asks for every character of every text.
        """
        cache = self._fallback_names.get(family)
        if cache is None:
            cache = self._fallback_names[family] = {}
        if char not in cache:  # then asked of every font set of the process with the same files (a batch)
            key = (self.files_key(family), self.fallback_key(), char)
            name = _FALLBACK_NAMES.get(key)
            if name is None:
                other = None if self.covers(family, char) else self.fallback_for(char)
                name = self.font_name(other) if other else ""
                _FALLBACK_NAMES.put(key, name, 1)
            cache[char] = name or None
        return cache[char]

    def check_coverage(self, texts: list[Text], families: set[str]) -> None:
        """Refuse any character that cannot be printed (see :mod:`kitbuilder.render.pdf.glyphs`), one problem per field."""
        fonts_key = (tuple(self.files_key(f) for f in sorted(families)), self.fallback_key())
        check_texts(texts, lambda char: all(self.covers(f, char) for f in families) or self.fallback_for(char) is not None,
                    sorted(families | set(self.layout.fallback_fonts)), fonts_key)
        self._unpack_for_drawing(families)

    def _unpack_for_drawing(self, families: set[str]) -> None:
        """Unpack now what drawing asks of the fonts the texts are set in (widths; for the
        subsets, glyph positions and metrics), and of a fallback family whose character map
        some character needed (in this process, or in the batch before): this is done before
        the renderers fork, so that each rendering process shares them rather than unpacking
        its own. A fallback font no text needs stays unread."""
        needed = [f for f in self.layout.fallback_fonts
                  if any(is_loaded(pdfmetrics.getFont(name)) for name in self.files_key(f)[1:] if name in pdfmetrics._fonts)]
        for family in sorted(families) + needed:
            for name in dict.fromkeys(self.names(family).values()):
                face = pdfmetrics.getFont(name).face
                face.charWidths, face.glyphPos, face.hmetrics  # noqa: B018 - unpacked when first asked for


def family_names(files: dict[str, str]) -> dict[str, str]:
    """ReportLab names for a family whose styles are the registered fonts ``files``: each
    file under a name of the family's own (the file's name and a digest of all four),
    registered with ReportLab as that family's regular/bold/italic/bold_italic.

    Each name stands for the very font object of its file (one object per content: a file
    used by two families is embedded once), so only the choice of <b> and <i> depends on
    the family, and it is the same in every process, whatever was built before. A file
    serving two styles of one family keeps one name (as ReportLab's registerFontFamily
    would have it), so adjacent runs in it are still drawn as one.
    """
    family = "\0".join(files[style] for style in STYLE_SUFFIXES)
    tag = hashlib.sha256(family.encode()).hexdigest()[:8]
    names = {style: f"{files[style]}-{tag}" for style in STYLE_SUFFIXES}
    if names["regular"] not in pdfmetrics._fonts:
        for style, name in names.items():  # ReportLab's own registerFont shares an object the same way
            pdfmetrics._fonts[name] = pdfmetrics.getFont(files[style])
        pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"], bold=names["bold"],
                                      italic=names["italic"], boldItalic=names["bold_italic"])
    return names


# (family's files key, fallback families' files keys, character) -> the registered font to
# set it in ("": the family has it); per process, bounded in entries.
_FALLBACK_NAMES = Memo(max_entries=100_000, max_weight=100_000)
