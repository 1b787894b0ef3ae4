"""The event's logo: found, confined, read once, checked and made ready to print.

``logo:`` in an event file names a file in the event file's own folder (``--set logo=...``:
in the current folder); absolute paths, ``..`` and links that lead elsewhere are refused,
and only a regular file of at most :data:`MAX_LOGO_BYTES` is read (a pipe or device would
hang or never end). A PNG or JPEG is decoded and shrunk to print size here
(:mod:`kitbuilder.source.bitmaps`); an SVG is checked and cleaned (:mod:`kitbuilder.source.svgsafe`) and
drawn once on trial. The result is kept (:data:`CHECKED`, read by :func:`prepared`) for
:mod:`kitbuilder.render.pdf.images`, so the file is read once however many layouts print it,
and the next build reading the same bytes (a batch of many events with the club's logo) does
not check them again. What is kept is bounded (:data:`MAX_KEPT_BYTES`): the least recently
used logos are forgotten first, never the one just checked (unless it alone weighs more than
the bound; :func:`prepared` then reads and checks it again).
"""

from __future__ import annotations


from pathlib import Path
from typing import TYPE_CHECKING

from kitbuilder.records import record
from kitbuilder.source.assets import confined, read_limited, regular_file
from kitbuilder.source.bitmaps import Picture, PictureProblem, prepare
from kitbuilder.diagnostics import KitbuilderError, Origin, Problems
from kitbuilder.memo import Memo
from kitbuilder.source.fields import read_text
from kitbuilder.source.yamlsource import Node

if TYPE_CHECKING:  # the SVG checker is imported only for an SVG logo
    from kitbuilder.source.svgsafe import CheckedSvg

IMAGE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}
MAX_LOGO_BYTES = 20 * 1024 * 1024
MAX_SVG_BYTES = 2 * 1024 * 1024  # kitbuilder.source.svgsafe.MAX_BYTES (tests/test_load_memo.py checks they agree)
FIX = "export the logo again as PNG or JPEG from an image editor"


@record
class CheckedLogo:
    path: Path
    kind: str
    picture: Picture | None = None
    svg: CheckedSvg | None = None
    data: bytes = b""  # the file's bytes as checked: the same bytes again need no second check

    @property
    def weight(self) -> int:
        """About the bytes it holds: the file, the picture made from it (colour and gray) or
        the cleaned SVG with its drawing (counted as a few times the file)."""
        if self.picture is None:
            return 4 * len(self.data)
        colour = self.picture.data
        return len(self.data) + (0 if colour is self.data else len(colour)) + len(self.picture.gray)


# The logos checked in this process, by path (each weighed by :attr:`CheckedLogo.weight`); the
# same bytes read again at that path need no second check.
MAX_KEPT_BYTES = 48 * 1024 * 1024  # a few large logos; a batch of many events with one club logo needs one
CHECKED = Memo(max_entries=4096, max_weight=MAX_KEPT_BYTES)


class LogoProblem(Exception):
    def __init__(self, message: str, fix: str = FIX):
        super().__init__(message)
        self.fix = fix


def _read_logo(node: Node, problems: Problems) -> Path | None:
    """The logo's path, once the file is found and checked to be an image kitbuilder can print."""
    text = read_text(node, "logo", problems)
    if text is None:
        return None
    try:
        return _find_and_check(str(text), node.origin, problems)
    except KitbuilderError as error:
        problems.extend(error)
        return None


def _find_and_check(text: str, origin: Origin, problems: Problems) -> Path | None:
    """The logo's path once found and checked; what is wrong with it is added to ``problems``."""
    checked = _checked_logo(text, origin, problems)
    return None if checked is None else checked.path


def _checked_logo(text: str, origin: Origin, problems: Problems) -> CheckedLogo | None:
    if origin.file == "--set":
        naming, place = Path.cwd() / "--set", "the current folder"
    else:
        naming, place = Path(origin.file), None
    path = confined(text, naming, origin, "logo", place=place)[0]
    kind = IMAGE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        problems.add(origin, f"logo '{text}' must be a PNG, JPEG or SVG file (ending .png, .jpg or .svg)",
                     "convert the logo to PNG")
        return None
    if regular_file(path, origin, "logo") is None:
        problems.add(origin, f"logo file '{text}' not found (looked for {path})",
                     "put the image beside the event file, or fix the path")
        return None
    limit = MAX_SVG_BYTES if kind == "SVG" else MAX_LOGO_BYTES
    data = read_limited(path, origin, "logo", limit,
                        "export a smaller logo; a few hundred pixels across is plenty for print")
    valid = {
        "PNG": data.startswith(b"\x89PNG\r\n\x1a\n"),
        "JPEG": data.startswith(b"\xff\xd8\xff"),
        "SVG": b"<svg" in data[:4096].replace(b"\x00", b"") or b"<?xml" in data[:4096].replace(b"\x00", b""),
    }[kind]
    if not valid:
        problems.add(origin, f"logo '{text}' is not a valid {kind} image", FIX)
        return None
    known = CHECKED.get(path)
    if known is not None and known.kind == kind and known.data == data:  # checked by an earlier build of the batch
        return known
    try:
        checked = _check(path, kind, data)
    except LogoProblem as problem:
        problems.add(origin, f"logo '{text}' {problem}", problem.fix)
        return None
    CHECKED.put(path, checked, checked.weight)
    return checked


def _check(path: Path, kind: str, data: bytes) -> CheckedLogo:
    if kind == "SVG":
        return CheckedLogo(path, kind, svg=_svg_problem(data), data=data)
    return CheckedLogo(path, kind, picture=_bitmap_problem(data, kind), data=data)


def _bitmap_problem(data: bytes, kind: str) -> Picture:
    """The picture decoded and shrunk to print size; :class:`LogoProblem` says why it cannot be."""
    try:
        return prepare(data, (kind,))
    except PictureProblem as exc:
        if exc.too_big:
            raise LogoProblem(f"is too large: {exc}",
                              "export the logo smaller; about 1,500 pixels on the long side is plenty for print"
                              ) from None
        raise LogoProblem(f"is not a valid {kind} image: {exc}") from None


def _svg_problem(data: bytes) -> CheckedSvg:
    """The SVG checked, cleaned and drawn once on trial; :class:`LogoProblem` says what is wrong."""
    from kitbuilder.render.pdf.images import SvgDrawingProblem, svg_drawing
    from kitbuilder.source.svgsafe import SvgProblem, check

    try:
        checked = check(data)
    except SvgProblem as exc:
        if str(exc).startswith(("the XML", "the file is XML")):
            raise LogoProblem(f"is not a valid SVG image: {exc}") from None
        raise LogoProblem(f"cannot be printed: {exc}", exc.fix) from None
    try:
        checked.drawing = svg_drawing(checked.root)
    except SvgDrawingProblem as exc:
        raise LogoProblem(f"cannot be printed: {exc}", "export the logo again as PNG") from None
    except Exception as exc:  # svglib raises many kinds for SVG it does not understand
        detail = str(exc).split("\n")[0][:100] or type(exc).__name__
        raise LogoProblem(f"is not a valid SVG image: svglib cannot draw it ({detail})",
                          "export the logo again as PNG") from None
    return checked


def prepared(path: Path) -> CheckedLogo:
    """The checked logo read for the event; a logo not read that way is read and checked now."""
    known = CHECKED.get(path)
    if known is not None:
        return known
    problems = Problems()
    checked = _checked_logo(path.name, Origin(str(path)), problems)
    problems.raise_if_any()
    if checked is None:
        raise KitbuilderError.single(Origin(str(path)), "the logo cannot be read", FIX)
    return checked
