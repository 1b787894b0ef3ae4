"""The font files a layout names: found (confined to the layout's folder and the bundled
fonts), checked (a regular TrueType file under :data:`MAX_FONT_BYTES`) and parsed once
(per process, and per machine through :mod:`kitbuilder.source.fontcache`, whose parsed
data is read only when the font is first used).

A font file comes with a layout from someone else, so it may be truncated, damaged or
built to hurt: ReportLab's parser raises every kind of exception on such files, and a
character map that claims billions of characters would keep it busy for hours. Every
problem becomes one located message on the font's line in the layout.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import struct
import threading
from contextlib import contextmanager
from dataclasses import field
from pathlib import Path

from kitbuilder.memo import Memo
from kitbuilder.records import record
from kitbuilder.source.assets import confined, regular_file
from kitbuilder.source.charactermap import MAX_MAPPED_CHARACTERS, check_character_map, check_widths  # noqa: F401 (re-exported)
from kitbuilder.source.fontcache import parsed_font
from kitbuilder.source.readstatus import note_read
from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean
from kitbuilder.model.layoutfiles import fonts_dir
from kitbuilder.source.fields import Fields, join, read_text
from kitbuilder.source.yamlsource import MAPPING, SCALAR, Node

STYLE_SUFFIXES = ("regular", "bold", "italic", "bold_italic")
MAX_FONT_BYTES = 30 * 1024 * 1024  # the largest bundled-style font families are a few MB; CJK fonts ~20 MB


@record
class FontFamily:
    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    origin: Origin
    origins: dict[str, Origin] = field(default_factory=dict)  # where each style's file is named

    def origin_of(self, style: str) -> Origin:
        return self.origins.get(style, self.origin)


def _any_keys(node: Node | None) -> list[str]:
    return list(node.value) if node is not None and node.kind == MAPPING else []


def read_fonts(top: Fields, problems: Problems) -> tuple[dict[str, FontFamily], list[str]]:
    fonts_node = top.get("fonts")
    families: dict[str, FontFamily] = {}
    fallback: list[str] = []
    fonts = top.mapping("fonts", _any_keys(fonts_node), required=True)
    if fonts is None:
        return families, fallback
    for name, node in fonts.values.items():
        where = join("fonts", name)
        if name == "fallback":
            fallback = [str(t) for t in fonts.text_list("fallback", allow_single=True)]
            continue
        if node.kind == SCALAR:
            path = font_path(node, where, name, problems)
            if path:
                families[name] = FontFamily(name, path, path, path, path, node.origin)
            continue
        f = Fields(node, problems, where, STYLE_SUFFIXES, node.origin)
        if not f.ok:
            continue
        regular_node = f.get("regular")
        if regular_node is None:
            problems.add(node.origin, f"{where} needs at least 'regular: FILE.ttf'", "add the regular font file")
            continue
        paths, origins = {}, {}
        for style in STYLE_SUFFIXES:
            style_node = f.get(style)
            paths[style] = font_path(style_node, join(where, style), style, problems) if style_node else None
            if style_node is not None:
                origins[style] = style_node.origin
        regular = paths["regular"]
        if regular is None:
            continue
        for style, fallback_style in (("bold", "regular"), ("italic", "regular"), ("bold_italic", "bold"),
                                      ("bold_italic", "italic"), ("bold_italic", "regular")):
            if paths[style] is None and paths[fallback_style] is not None:
                paths[style], origins[style] = paths[fallback_style], origins.get(fallback_style, node.origin)
        families[name] = FontFamily(name, regular, paths["bold"], paths["italic"], paths["bold_italic"],
                                    node.origin, origins)
    for name in fallback:
        if name not in families:
            problems.add(fonts.key_origin("fallback"), f"fallback font '{name}' is not defined under fonts:",
                         did_you_mean(name, families) or "define it, or remove it from fallback")
    return families, fallback


def font_path(node: Node, where: str, key: str, problems: Problems) -> Path | None:
    """The checked and parsed font file ``node`` names, or None with the problem added."""
    text = read_text(node, where, problems)
    if text is None:
        return None
    origin = node.origin
    try:
        if origin.file == "--set":  # typed on the command line: the user's own choice
            candidates = [Path(text)] if Path(text).is_absolute() else [Path(text), fonts_dir() / text]
        else:
            candidates = confined(text, Path(origin.file), origin, "font", (fonts_dir(),), key=key)
    except KitbuilderError as error:
        problems.extend(error)
        return None
    for candidate in candidates:
        if candidate.is_dir():  # not this one (a folder is never a font)
            continue
        try:
            status = regular_file(candidate, origin, "font", shown=text)  # named as written, not as resolved
        except KitbuilderError as error:  # a pipe, a device
            problems.extend(error)
            return None
        if status is not None:
            return _checked_font(candidate, text, status, origin, problems)
    problems.add(origin, f"font file '{text}' not found",
                 "put the .ttf file beside the layout file, or use a bundled font: "
                 + ", ".join(sorted(p.name for p in fonts_dir().glob('*.ttf'))))
    return None


# The first four bytes of a font file say what it holds.
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")
OTHER_FONT_MAGIC = {
    b"OTTO": "an OpenType font with PostScript (CFF) outlines",
    b"ttcf": "a font collection (.ttc) holding several fonts",
    b"wOFF": "a web font (WOFF)",
    b"wOF2": "a web font (WOFF2)",
}
FONT_FIX = ("ReportLab embeds TrueType outlines only: choose a .ttf file (most font sites offer one), "
            "or use a bundled font such as NotoSans-Regular.ttf")
DAMAGED_FIX = "the font file is damaged or incomplete: download it again, or use a bundled font such as NotoSans-Regular.ttf"


# Font files already checked and registered in this process, by path and file status (any
# write, or a time set by hand, changes the change time): the next layout or document naming
# an unchanged file does not read it again. The value is the name its content is registered under.
MAX_ACCEPTED = 1000  # file statuses remembered (the least recently used forgotten, and read again)
_accepted = Memo(max_entries=MAX_ACCEPTED, max_weight=MAX_ACCEPTED)


def _checked_font(path: Path, text: str, status: os.stat_result, origin: Origin, problems: Problems) -> Path | None:
    """``path`` when it is a TrueType font file ReportLab can embed, else a problem."""
    size = status.st_size
    resolved = path.resolve()
    seen = (str(resolved), size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)
    name = _accepted.get(seen)
    if name is not None:
        note_read(path, status)  # as the build that read it found it
        _current[resolved] = name
        if path.is_absolute():  # as the layout named it: its font set neither reads nor resolves it again
            _current[path] = name
        return path
    if path.suffix.lower() not in (".ttf", ".otf"):
        problems.add(origin, f"font '{text}' is not a TrueType (.ttf) file", FONT_FIX)
        return None
    if size > MAX_FONT_BYTES:
        problems.add(origin, f"font file '{text}' is {size / 2**20:,.0f} MB; the limit is "
                     f"{MAX_FONT_BYTES // 2**20} MB", "choose a smaller font file (most .ttf files are under 1 MB)")
        return None
    try:
        with path.open("rb") as stream:  # a regular file, checked above
            data = stream.read(MAX_FONT_BYTES + 1)
            note_read(path, status, os.fstat(stream.fileno()))  # what a stamp of this build describes
    except OSError as exc:
        problems.add(origin, f"cannot read font file '{text}': {exc.strerror or exc}",
                     "check the file's permissions")
        return None
    head = data[:4]
    if head not in TRUETYPE_MAGIC:
        kind = OTHER_FONT_MAGIC.get(head)
        if kind:
            problems.add(origin, f"font '{text}' is {kind}, not a TrueType font", FONT_FIX)
        else:
            problems.add(origin, f"font '{text}' is not a TrueType font file (its content is not a font)", FONT_FIX)
        return None
    if len(data) > MAX_FONT_BYTES:
        problems.add(origin, f"font file '{text}' is larger than {MAX_FONT_BYTES // 2**20} MB",
                     "choose a smaller font file (most .ttf files are under 1 MB)")
        return None
    try:
        name = register_font(path, origin, data, text)
    except KitbuilderError as error:
        problems.extend(error)
        return None
    _accepted.put(seen, name, 1)
    if path.is_absolute():
        _current[path] = name
    return path


# ---------------------------------------------------------------------------
# parsing and registration with ReportLab

# A font is registered under a name made of its file's name and content (:func:`font_name`):
# a file changed in place (a layout's font replaced during ``kitbuilder watch``) is a new
# font under a new name, never the one parsed before. ``_current``: the name of each file's
# content as last checked in this process, by its resolved path and by the absolute path a
# layout named it by (both set by every layout read); ``_by_digest``: the one font object per content.
_current: dict[Path, str] = {}
_by_digest: dict[str, object] = {}


def font_name(path: Path, digest: str) -> str:
    """The ReportLab font name for the file ``path`` holding content with SHA-256 ``digest``:
    letters, digits and '-' only (it is written into paragraph markup)."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", path.stem).strip("-")[:32] or "font"
    return f"{stem}-{digest[:12]}"


def registered_name(path: Path) -> str:
    """The ReportLab name of the font file ``path`` as it was last checked in this process
    (every layout read checks its files: :func:`font_path`); a file not checked yet is read
    and registered now. A name stands for the same content for the life of the process."""
    name = _current.get(path) or _current.get(path.resolve())
    if name is not None:
        return name
    try:
        return register_font(path, Origin(str(path)))
    except KitbuilderError:  # unreadable or refused: a name nothing is registered under
        return font_name(path, hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest())


def register_font(path: Path, origin: Origin, data: bytes | None = None, shown: str | None = None) -> str:
    """Parse the TrueType file (once per process and content) and register it; its ReportLab name.

    Without ``data``, the file as last checked in this process (else as read now). Any
    problem with the file is a located :class:`KitbuilderError` at ``origin``.
    """
    if data is None and path in _current:
        return _current[path]
    resolved = path.resolve()
    if data is None and resolved in _current:
        return _current[resolved]
    shown = shown or path.name
    if data is None:
        try:
            with path.open("rb") as stream:
                opened = os.fstat(stream.fileno())
                data = stream.read(MAX_FONT_BYTES + 1)
                note_read(path, opened, os.fstat(stream.fileno()))
        except OSError as exc:
            raise KitbuilderError.single(origin, f"cannot read font file '{shown}': {exc.strerror or exc}",
                                         "check the file's permissions") from None
    from reportlab.pdfbase import pdfmetrics

    digest = hashlib.sha256(data).hexdigest()
    name = font_name(path, digest)
    font = _by_digest.get(digest)
    if font is not None and pdfmetrics._fonts.get(name) is font:
        _current[resolved] = name
        return name
    if font is None:
        font = _parsed(path, resolved, name, data, digest, origin, shown)
        _by_digest[digest] = font
    # Registered by name, one object per content. Not pdfmetrics.registerFont: it gives a new
    # name the object first registered with the same PostScript name (another version of
    # the font, a file since changed in place), which would print with that file's glyphs.
    pdfmetrics._fonts[name] = font
    pdfmetrics.registerFontFamily(name)  # as registerFont does: <b> and <i> keep it (see typefaces)
    _current[resolved] = name
    return name


def _parsed(path: Path, resolved: Path, name: str, data: bytes, digest: str, origin: Origin, shown: str):
    """The font; a located error if it cannot be used. A file the cache of parsed fonts does
    not hold is parsed and checked now (refused on its layout line before anything is
    rendered); one it holds is read from it when first used (and, should the cached entry
    prove unusable then, parsed and checked then, with the same messages)."""
    from reportlab.pdfbase.ttfonts import TTFont

    def parse() -> TTFont:
        check_character_map(data)
        stream = io.BytesIO(data)
        stream.name = name
        font = TTFont(name, stream)
        if resolved.parent != fonts_dir().resolve():  # the bundled fonts are known good
            check_widths(font.face)
            _trial_subsets(font.face)
        return font

    def checked() -> TTFont:
        try:
            with _time_limit(FONT_SECONDS):
                return parse()
        except _TookTooLong:
            reason = (f"reading it took more than {FONT_SECONDS:g} seconds "
                      "(its tables claim far more than the file holds)")
        except KitbuilderError as error:
            reason = error.problems[0].message
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - ReportLab's parser raises anything on a damaged file
            reason = f"it is damaged or not a complete TrueType font ({_reason(exc)})"
        raise KitbuilderError.single(origin, f"font file '{shown}' cannot be used: {reason}", DAMAGED_FIX) from None

    return parsed_font(name, data, checked, digest, deferred=True)  # checked() only for a file not parsed before


FONT_SECONDS = 2.0  # the bundled CJK font takes 0.1 s


class _TookTooLong(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Interrupt the pure-Python font parser after ``seconds`` (main thread only; elsewhere unbounded)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(_signum, _frame):
        raise _TookTooLong()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, struct.error):
        return "the file ends before the data its tables point to"
    text = str(exc).split("\n")[0]
    text = re.sub(r'"[^"]*"', "the file", text)[:120]  # ReportLab quotes the file name it was given
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _trial_subsets(face) -> None:
    """Build the subsets ReportLab will build when printing, so a damaged glyph table fails now.

    One character per glyph, 256 at a time (as ReportLab subsets).
    """
    by_glyph: dict[int, int] = {}
    for code, glyph in face.charToGlyph.items():
        by_glyph.setdefault(glyph, code)
    codes = sorted(by_glyph.values())
    for start in range(0, len(codes), 256):
        face.makeSubset(codes[start:start + 256])
