"""Parsed TrueType fonts, kept so that a font file is parsed once per machine, not once per build.

ReportLab's TrueType parser is pure Python: the bundled CJK fallback font alone takes
about 50 ms to parse, on every build. What the parser extracts (metrics, character map,
glyph positions; see :func:`_attributes`) is kept

- in memory for the rest of the process (a batch, a watch session), and
- on disk in the user's cache folder (platformdirs; ``KITBUILDER_CACHE_DIR`` overrides it),
  one file per font, named by the SHA-256 of the font's bytes and keyed by the versions
  of ReportLab, Python and kitbuilder, so a changed font or library is parsed afresh.

Each large table (character map, widths, glyph positions...) is its own marshal inside the
entry, unpacked only when something first asks for it (a fallback font no text needs is not
read at all). The folder may be shared or synced, so an entry is checked when used
(:mod:`kitbuilder.source.fontchecks`): it must describe the font file it is used for (table
directory, glyph count, units per em), and each table, when unpacked, must be what the parser
makes; an entry that is not is unusable, as a corrupt one is.

Only plain data is stored, written and read by :mod:`kitbuilder.source.cachefiles` (behind a
checksum, whole files of at most :data:`MAX_BYTES`); a bad entry is ignored and rewritten, an
unwritable folder skipped: the cache only saves time, it never decides what is printed. The
folder keeps the :data:`MAX_FILES` fonts used most recently.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
from fnmatch import fnmatch
from itertools import chain
from pathlib import Path
from typing import Callable
from weakref import WeakKeyDictionary

from kitbuilder.memo import Memo
from kitbuilder.source.cachefiles import read_entry, write_entry
from kitbuilder.source.fontchecks import of_this_file, small_values_usable, usable_names, usable_table

FORMAT = 3  # bump when the stored attributes, or what is accepted into the cache, change
MAX_FILES = 200  # about 100 KB each (the CJK fallback 0.9 MB): the folder stays under ~30 MB
MAX_BYTES = 16 * 1024 * 1024  # the CJK fallback's entry is 0.9 MB; a larger file is not one of ours
MAGIC = b"kitbuilder-font-cache\n"
_NAME_TAG = "\x00ttfname"  # marks a TTFNameBytes value (bytes with a decoded .ustr)
# font digest -> its stored attributes (see _attributes), for this process; bounded in bytes
_in_memory = Memo(max_entries=256, max_weight=64 * 1024 * 1024)


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


def parsed_font(name: str, data: bytes, parse: Callable[[], object], digest: str | None = None,
                deferred: bool = False):
    """A ReportLab ``TTFont`` named ``name`` for the font file ``data`` (whose SHA-256 is ``digest``).

    ``parse`` makes it the slow way (and raises on a bad font); it is called only when no
    cached copy of this exact file, parsed by these library versions, is found, and what
    it parses is then cached. Fonts that ``parse`` refuses are never cached.

    ``deferred``: when the process or the cache folder holds the file's attributes, the
    font is returned at once and its face is filled in the first time anything asks for
    its metrics or glyphs, each large table (character map, widths, glyph positions...)
    when it is first asked for (:func:`_stored_face`): a fallback font no text needs is
    never read, and a table nothing uses is never unpacked. An entry exists only for a
    file ``parse`` accepted; one found unusable when it is read is replaced by ``parse``
    then, as here.
    """
    digest = digest or hashlib.sha256(data).hexdigest()
    kept = _in_memory.get(digest)
    entry = _stored_entry(digest) if deferred and kept is None else None
    if kept is not None and deferred or entry is not None:
        face = _stored_face()
        face.__dict__["_fill"] = lambda face: _fill(face, name, data, digest, entry, parse)
        _remember_subsets(face, digest)
        return _font(name, face)
    stored = kept or _read(digest)
    if stored is not None:
        face = _new_face()
        if _filled(face, name, data, stored) and _unpacked(face, stored):
            _keep(digest, stored)
            _remember_subsets(face, digest)
            return _font(name, face)
    font = parse()
    _keep(digest, _write(digest, font.face))
    _remember_subsets(font.face, digest)
    return font


def _new_face():
    from reportlab.pdfbase.ttfonts import TTFontFace

    return TTFontFace.__new__(TTFontFace)


def _stored_face():
    """A face filled (by the function kept as ``_fill``) the first time any of its attributes
    is asked for; it is then a ``PackedFace``, whose large tables are kept packed
    (``_packed``: name -> marshal) and unpacked one by one when first asked for (:class:`_Table`),
    without a hook on every attribute read. The classes are made on first use: this module is
    imported without ReportLab."""
    global _CLASSES
    if _CLASSES is None:
        from reportlab.pdfbase.ttfonts import TTFontFace

        class PackedFace(TTFontFace):
            pass

        class StoredFace(PackedFace):
            def __getattr__(self, key):  # only for what the instance and its class lack
                fill = None if key.startswith("__") else self.__dict__.pop("_fill", None)
                if fill is None:
                    raise AttributeError(f"{type(self).__name__!r} object has no attribute {key!r}")
                try:
                    fill(self)
                except BaseException:
                    self.__dict__["_fill"] = fill  # asked again, fails again
                    raise
                return getattr(self, key)

        _CLASSES = StoredFace, PackedFace
    return _CLASSES[0].__new__(_CLASSES[0])


_CLASSES = None

# Called when a face filled from an entry is parsed from its file instead (a table proved unusable),
# to forget what was measured with the entry's tables (render/pdf/widths, render/pdf/memo).
FACE_REFILLED: list[Callable[[], None]] = []


class _Table:
    """A large table of a filled face, unpacked from its ``_packed`` when first asked for; then
    the face's own value is found first (a descriptor without ``__set__``)."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, face, owner=None):
        if face is None:
            return self
        packed = face.__dict__.get("_packed", {})
        if self.name not in packed:
            raise AttributeError(self.name)
        value = usable_table(face, self.name, packed[self.name])
        if value is None:  # not what the parser makes (a planted entry): the font parsed from its file
            reparse = _reparse.pop(face)
            try:
                reparse(face)
            except BaseException:
                _reparse[face] = reparse  # asked again (the next build of a batch), refused again
                raise
            for forget in FACE_REFILLED:
                forget()
            return face.__dict__[self.name]
        del packed[self.name]
        face.__dict__[self.name] = value
        return value


def _filled_now(face) -> None:
    """Make the face just filled a ``PackedFace`` (see :func:`_stored_face`)."""
    packed_face = _CLASSES[1]
    for key in face.__dict__.get("_packed", ()):
        if not isinstance(packed_face.__dict__.get(key), _Table):
            setattr(packed_face, key, _Table(key))
    face.__class__ = packed_face


def is_loaded(font, table: str = "charToGlyph") -> bool:
    """Whether ``table`` of ``font`` (a ``TTFont`` from :func:`parsed_font`) is in memory."""
    return table in vars(font.face)


def _fill(face, name: str, data: bytes, digest: str, entry: Path | None, parse: Callable[[], object]) -> None:
    """Fill the deferred ``face`` from the process's or the entry's attributes (large tables
    left packed), or (entry gone or unusable) by ``parse``. A packed table found unusable when
    it is unpacked (:func:`usable_table`) has the face parsed then (:func:`_parse_into`)."""
    stored = _in_memory.get(digest) or _read(digest, entry)
    if stored is not None and _filled(face, name, data, stored):
        face.__dict__["_packed"] = dict(stored["packed"])
        _reparse[face] = lambda face: _parse_into(face, name, digest, entry, parse)  # (no reference to face)
        _keep(digest, stored)
    else:
        _parse_into(face, name, digest, entry, parse)
    _filled_now(face)


def _parse_into(face, name: str, digest: str, entry: Path | None, parse: Callable[[], object]) -> None:
    """Fill ``face`` with every attribute of the font as ``parse`` makes it (raising its located
    error for a font that cannot be used), and keep those in place of the entry's."""
    made = parse().face
    stored = _write(digest, made, entry)
    face.__dict__.clear()
    face.__dict__.update(vars(made))
    face.filename = name
    _keep(digest, stored)


# The font subsets embedded in PDFs, per process: ReportLab makes one for every 256 characters
# a document uses from a font, when it saves the document; a batch of one kit makes the
# same ones for every event. Keyed by the font file's digest and the subset's characters (in
# their order, which decides the subset's glyph numbers); bounded in bytes.
MAX_SUBSET_BYTES = 16 * 1024 * 1024
_SUBSETS = Memo(max_entries=4096, max_weight=MAX_SUBSET_BYTES)  # (digest, characters) -> the subset
_digests: WeakKeyDictionary = WeakKeyDictionary()  # face -> the digest of its font file
_reparse: WeakKeyDictionary = WeakKeyDictionary()  # face filled from an entry -> what parses it instead


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
        digest = _digests.get(self)
        if digest is None:
            return make(self, subset)
        key = (digest, tuple(subset))
        made = _SUBSETS.get(key)
        if made is None:
            made = make(self, subset)
            _SUBSETS.put(key, made, len(made))
        return made

    makeSubset.remembers = True
    makeSubset.__doc__ = make.__doc__
    TTFontFile.makeSubset = makeSubset


def _attributes(face) -> dict:
    """What the parser found, as plain data: ``{"face": small values, "packed": {name:
    marshal of a large table}}`` (the file's bytes and the scale function are restored from
    the file and ``unitsPerEm``)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    kept, packed = {}, {}
    for key, value in vars(face).items():
        if key in ("_ttf_data", "_pdfScale", "filename"):
            continue
        if isinstance(value, (dict, list)):
            packed[key] = marshal.dumps(value)
        else:
            kept[key] = (_NAME_TAG, value.ustr) if isinstance(value, TTFNameBytes) else value
    return {"face": kept, "packed": packed}


def _filled(face, name: str, data: bytes, stored: dict) -> bool:
    """Set on ``face`` the small values ReportLab's parser would, from ``stored`` (see
    :func:`_attributes`; False if they do not fit this ReportLab). The large tables are
    left to :func:`_unpacked`, or to the face itself (:func:`_stored_face`)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    try:
        packed = stored["packed"]
        if not isinstance(packed, dict) or not all(isinstance(v, bytes) for v in packed.values()) \
                or not {"charToGlyph", "charWidths", "glyphPos", "hmetrics", "table"} <= set(packed) \
                or not usable_names(chain(stored["face"], packed), TTFontFace):
            return False
        for key, value in stored["face"].items():
            if isinstance(value, tuple) and len(value) == 2 and value[0] == _NAME_TAG:
                value = TTFNameBytes(value[1].encode("utf-8"))
            setattr(face, key, value)
        face.filename, face._ttf_data = name, data
        units = face.unitsPerEm
        face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
        return small_values_usable(face) and of_this_file(face, packed, data)
    except (AttributeError, KeyError, TypeError, ValueError, ZeroDivisionError):
        return False


def _unpacked(face, stored: dict) -> bool:
    """Unpack every large table of ``stored`` onto ``face`` (False if one is unusable)."""
    for key, value in stored["packed"].items():
        table = usable_table(face, key, value)
        if table is None:
            return False
        setattr(face, key, table)
    return bool(face.charToGlyph)


def _keep(digest: str, stored: dict) -> None:
    _in_memory.put(digest, stored, sum(map(len, stored["packed"].values())))


def _font(name: str, face):
    """The TTFont ReportLab's constructor would make around ``face``."""
    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    font = TTFont.__new__(TTFont)
    font.fontName, font.face, font.encoding = name, face, TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font


def _stored_entry(digest: str) -> Path | None:
    """The cache entry of the font ``digest`` when the folder holds one that may be read
    (renewed: kept when the folder is pruned), else None. Its content is checked when read."""
    path = cache_file(digest)
    try:
        status = os.stat(path, follow_symlinks=False)
        if not stat.S_ISREG(status.st_mode) or not len(MAGIC) + 32 < status.st_size <= MAX_BYTES:
            return None
        os.utime(path, follow_symlinks=False)
    except OSError:
        return None
    return path


def _read(digest: str, path: Path | None = None) -> dict | None:
    found, stored = read_entry(path or cache_file(digest), MAGIC, MAX_BYTES)
    if not found or not isinstance(stored, dict) or stored.get("digest") != digest \
            or stored.get("versions") != _versions():
        return None
    attributes = stored.get("face")
    return attributes if isinstance(attributes, dict) and isinstance(attributes.get("face"), dict) else None


def _write(digest: str, face, path: Path | None = None) -> dict:
    """Store the attributes of the parsed ``face`` (see :func:`_attributes`), and return them."""
    attributes = _attributes(face)
    write_entry(path or cache_file(digest), {"digest": digest, "versions": _versions(), "face": attributes},
                MAGIC, None, MAX_FILES)  # a font's entry is as large as the font needs
    return attributes
