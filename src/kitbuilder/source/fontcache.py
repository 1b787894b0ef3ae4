"""Parsed TrueType fonts, kept so that a font file is parsed once per machine, not once per build.

ReportLab's TrueType parser is pure Python: the bundled CJK fallback font alone takes
about 50 ms to parse, on every build. What the parser extracts (metrics, character map,
glyph positions; see :func:`_face_attributes`) is kept

- in memory for the rest of the process (a batch, a watch session), and
- on disk in the user's cache folder (platformdirs; ``KITBUILDER_CACHE_DIR`` overrides it),
  one file per font, named by the SHA-256 of the font's bytes and keyed by the versions
  of ReportLab, Python and kitbuilder, so a changed font or library is parsed afresh.

Only data is stored (:mod:`marshal` of plain dicts, lists, numbers and strings; nothing
that could run code when read), behind a checksum of the payload: a truncated,
corrupt or foreign cache file is ignored and rewritten, never used; so is anything in its
place that is not a regular file (a link, a pipe, a device) or is larger than
:data:`MAX_BYTES` (it is never read past that). Files are written
to a temporary name and renamed into place, so concurrent builds never see half a
file. A cache folder that cannot be written is skipped silently: the cache only saves
time, it never decides what is printed. The folder keeps the :data:`MAX_FILES` fonts used
most recently (a hit renews a file's time); older ones are removed when a new one is written.
"""

from __future__ import annotations

import hashlib
import os
import sys
from fnmatch import fnmatch
from pathlib import Path
from typing import Callable

from kitbuilder.source.cachefiles import read_entry, write_entry
from weakref import WeakKeyDictionary

FORMAT = 2  # bump when the stored attributes, or what is accepted into the cache, change
MAX_FILES = 200  # about 100 KB each (the CJK fallback 0.9 MB): the folder stays under ~30 MB
MAX_BYTES = 16 * 1024 * 1024  # the CJK fallback's entry is 0.9 MB; a larger file is not one of ours
MAGIC = b"kitbuilder-font-cache\n"
_NAME_TAG = "\x00ttfname"  # marks a TTFNameBytes value (bytes with a decoded .ustr)
_in_memory: dict[str, dict] = {}  # font digest -> face attributes, for this process


def cache_dir() -> Path:
    override = os.environ.get("KITBUILDER_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("kitbuilder", appauthor=False))


def _versions() -> str:
    import reportlab

    from kitbuilder import __version__

    return f"{FORMAT}-rl{reportlab.Version}-py{sys.version_info[0]}.{sys.version_info[1]}-kb{__version__}"


def cache_file(digest: str) -> Path:
    key = hashlib.sha256(_versions().encode()).hexdigest()[:12]
    return cache_dir() / "fonts" / f"{digest}-{key}.bin"


def parsed_font(name: str, data: bytes, parse: Callable[[], object], digest: str | None = None):
    """A ReportLab ``TTFont`` named ``name`` for the font file ``data`` (whose SHA-256 is ``digest``).

    ``parse`` makes it the slow way (and raises on a bad font); it is called only when no
    cached copy of this exact file, parsed by these library versions, is found, and what
    it parses is then cached. Fonts that ``parse`` refuses are never cached.
    """
    digest = digest or hashlib.sha256(data).hexdigest()
    attributes = _in_memory.get(digest)
    if attributes is None:
        attributes = _read(digest)
    if attributes is not None:
        font = _font_from(name, data, attributes)
        if font is not None:
            _in_memory[digest] = attributes
            _remember_subsets(font.face, digest)
            return font
    font = parse()
    attributes = _face_attributes(font.face)
    _in_memory[digest] = attributes
    _write(digest, attributes)
    _remember_subsets(font.face, digest)
    return font


# The font subsets embedded in PDFs, per process: ReportLab makes one for every 256 characters
# a document uses from a font, when it saves the document; a batch of one kit makes the
# same ones for every event. Keyed by the font file's digest and the subset's characters (in
# their order, which decides the subset's glyph numbers); bounded in bytes.
_SUBSETS: dict[tuple[str, tuple[int, ...]], bytes] = {}
MAX_SUBSET_BYTES = 16 * 1024 * 1024
_subset_bytes = 0
_digests: WeakKeyDictionary = WeakKeyDictionary()  # face -> the digest of its font file


def _remember_subsets(face, digest: str) -> None:
    """Make the subsets of ``face`` (the font file with that ``digest``) remembered.

    ReportLab's ``TTFontFile.makeSubset`` is wrapped once for the process; a face not
    named here (a font parsed elsewhere, a trial subset of a font being checked) is
    subset as before. The face itself is left as ReportLab made it.
    """
    from reportlab.pdfbase.ttfonts import TTFontFile

    _digests[face] = digest
    if getattr(TTFontFile.makeSubset, "remembers", False):
        return
    make = TTFontFile.makeSubset

    def makeSubset(self, subset):
        global _subset_bytes
        digest = _digests.get(self)
        if digest is None:
            return make(self, subset)
        key = (digest, tuple(subset))
        made = _SUBSETS.get(key)
        if made is None:
            made = make(self, subset)
            if _subset_bytes + len(made) > MAX_SUBSET_BYTES:
                _SUBSETS.clear()
                _subset_bytes = 0
            _SUBSETS[key] = made
            _subset_bytes += len(made)
        return made

    makeSubset.remembers = True
    makeSubset.__doc__ = make.__doc__
    TTFontFile.makeSubset = makeSubset


def _face_attributes(face) -> dict:
    """What the parser found, as plain data (the file's bytes and the scale function are
    restored from the file and ``unitsPerEm``)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    kept = {}
    for key, value in vars(face).items():
        if key in ("_ttf_data", "_pdfScale", "filename"):
            continue
        kept[key] = (_NAME_TAG, value.ustr) if isinstance(value, TTFNameBytes) else value
    return kept


def _font_from(name: str, data: bytes, attributes: dict):
    """The TTFont ReportLab's constructor would make, from cached attributes (None if they do
    not fit this ReportLab)."""
    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

    try:
        face = TTFontFace.__new__(TTFontFace)
        for key, value in attributes.items():
            if isinstance(value, tuple) and len(value) == 2 and value[0] == _NAME_TAG:
                value = TTFNameBytes(value[1].encode("utf-8"))
            setattr(face, key, value)
        face.filename, face._ttf_data = name, data
        units = face.unitsPerEm
        face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
        if not face.charToGlyph or len(face.glyphPos) != face.numGlyphs + 1:
            return None
        font = TTFont.__new__(TTFont)
        font.fontName, font.face, font.encoding = name, face, TTEncoding()
        font.state = WeakKeyDictionary()
        font._asciiReadable = rl_config.ttfAsciiReadable
        font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
        return font
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        return None


def _read(digest: str) -> dict | None:
    found, stored = read_entry(cache_file(digest), MAGIC, MAX_BYTES)
    if not found or not isinstance(stored, dict) or stored.get("digest") != digest \
            or stored.get("versions") != _versions():
        return None
    attributes = stored.get("face")
    return attributes if isinstance(attributes, dict) else None


def _write(digest: str, attributes: dict) -> None:
    write_entry(cache_file(digest), {"digest": digest, "versions": _versions(), "face": attributes},
                MAGIC, None, MAX_FILES)  # a font's entry is as large as the font needs
