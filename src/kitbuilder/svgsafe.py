"""SVG logos from strangers, checked before svglib ever sees them.

An SVG can name other files (``<image href="../../private.png">``, ``<use href="other.svg#id">``,
CSS ``url(...)`` and ``@import``), declare entities that expand to gigabytes, or carry
numbers (``nan``, ``1e308``) that crash the drawing code or make an invalid PDF. Here
the file is parsed with entities, DTDs and the network off, and refused unless:

- it refers to nothing outside itself: only ``#id`` references, and pictures embedded
  as ``data:`` PNG or JPEG (which are checked, shrunk and stored back);
- it has no text (text in a logo would print in a font that is not embedded);
- every number is an ordinary one, within :data:`MAX_NUMBER`;
- it has at most :data:`MAX_ELEMENTS` elements, each ``<use>`` copy counted.

:func:`check` returns the cleaned tree (and a copy with grayed pictures) or raises
:class:`SvgProblem` with what is wrong and where in the SVG.
"""

from __future__ import annotations

import base64
import binascii
import copy
import math
import re
from dataclasses import dataclass

from .bitmaps import MAX_PIXELS, PictureProblem, prepare

MAX_BYTES = 2 * 1024 * 1024
MAX_ELEMENTS = 10_000
MAX_NUMBER = 1_000_000.0
MIN_NUMBER = 1e-20  # smaller (non-zero) numbers are mistakes; editors write 6.1e-17 for rounding noise
MAX_DEPTH = 100
TEXT_TAGS = {"text", "tspan", "textPath", "tref", "flowRoot", "flowPara", "flowSpan", "flowDiv"}
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Attributes whose value is a name, never a number (a font called "Infinity" is not a number).
WORD_ATTRIBUTES = {"id", "class", "font-family", "font", "lang", "label", "role", "name", "title"}

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NOT_A_NUMBER = re.compile(r"(?<![A-Za-z_])[+-]?(?:nan|inf(?:inity)?)(?![A-Za-z_])", re.IGNORECASE)
_HASH = re.compile(r"#[\w-]*")  # colours (#1e9e40) and #id references hold digits that are not numbers
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_DATA = re.compile(r"data:image/(png|jpe?g)(?:;[^,;]*)*;base64,", re.IGNORECASE)


class SvgProblem(Exception):
    """What is wrong with the SVG, for the volunteer; ``fix`` says what to do."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.fix = fix or "export the logo again as PNG from your drawing program"


@dataclass
class CheckedSvg:
    root: object  # lxml element, cleaned; pictures in colour
    gray_root: object  # the same, with every embedded picture in gray


def check(data: bytes) -> CheckedSvg:
    root = _parse(data)
    if _local(root.tag) != "svg" or _foreign(root.tag):
        raise SvgProblem("the file is XML but not SVG")
    _drop_foreign(root)
    elements = _check_tree(root)
    count = _expanded_count(root, elements)
    if count > MAX_ELEMENTS:
        raise SvgProblem(f"it has {count:,} elements (each <use> copy counted); the limit is {MAX_ELEMENTS:,}",
                         "simplify the logo in your drawing program, or export it as PNG")
    gray_root = copy.deepcopy(root)
    _embed_pictures(root, gray_root)
    return CheckedSvg(root, gray_root)


def parser():
    """An XML parser that expands no entity, loads no DTD and never touches the network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True, dtd_validation=False, attribute_defaults=False)


def _parse(data: bytes):
    from lxml import etree

    if b"<!ENTITY" in data.replace(b"\x00", b""):  # also spots UTF-16 and UTF-32 files
        raise SvgProblem("it declares XML entities, which are not allowed")
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        line, column = getattr(exc, "position", (0, 0)) or (0, 0)
        where = f" at line {line}, column {column}" if line else ""
        raise SvgProblem(f"the XML is broken{where}") from None
    except (ValueError, MemoryError):
        raise SvgProblem("the XML cannot be read") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or list(dtd.iterelements())):
        raise SvgProblem("it declares XML entities, which are not allowed")
    return root


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _foreign(tag) -> bool:
    """An element of another vocabulary (Inkscape's settings, RDF metadata): svglib must not draw it."""
    return not isinstance(tag, str) or (tag.startswith("{") and not tag.startswith(f"{{{SVG_NS}}}"))


def _drop_foreign(root) -> None:
    for element in [e for e in root.iter() if e is not root and isinstance(e.tag, str) and _foreign(e.tag)]:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _where(element) -> str:
    return f"line {element.sourceline} of the SVG" if element.sourceline else "the SVG"


def _check_tree(root) -> dict[str, object]:
    """Refuse references, text and bad numbers; return the elements by id."""
    elements: dict[str, object] = {}
    for element in root.iter():
        name = _local(element.tag)
        if not name:  # an entity reference or similar that is not an element
            raise SvgProblem(f"it uses an XML entity at {_where(element)}, which is not allowed")
        if name in TEXT_TAGS:
            words = " ".join("".join(element.itertext()).split())
            shown = f" ('{words[:40]}{'…' if len(words) > 40 else ''}')" if words else ""
            raise SvgProblem(
                f"it contains text{shown} at {_where(element)}; text in an SVG logo cannot be printed "
                "with an embedded font",
                "convert the text to outlines/paths in your drawing program (Inkscape: Path > Object to Path; "
                "Illustrator: Type > Create Outlines), or export the logo as PNG")
        if name == "style":
            _check_style(element.text or "", element, "<style>")
        for attribute, value in element.attrib.items():
            _check_attribute(element, name, attribute, value)
        identifier = element.get("id")
        if identifier:
            elements.setdefault(identifier, element)
    return elements


def _reference_problem(element, what: str, target: str) -> SvgProblem:
    shown = target if len(target) <= 60 else target[:57] + "..."
    return SvgProblem(
        f"{what} at {_where(element)} refers to '{shown}' outside the logo; an SVG logo may not refer to "
        "other files or web addresses",
        "embed the picture in the SVG (in Inkscape: Extensions > Images > Embed Images) or export the logo as PNG")


def _check_attribute(element, tag: str, qualified: str, value: str) -> None:
    attribute = _local(qualified)
    what = f"<{tag} {attribute}>"
    if attribute == "href":
        target = value.strip()
        if target.startswith("#"):
            return
        if tag == "image" and target[:5].lower() == "data:":
            return  # checked and shrunk in _embed_pictures
        raise _reference_problem(element, what, target)
    if attribute == "style":
        _check_style(value, element, what)
        return
    _check_urls(value, element, what)
    if not qualified.startswith("{") and attribute not in WORD_ATTRIBUTES:  # svglib reads no other attribute
        _check_numbers(value, element, what)


def _check_urls(text: str, element, what: str) -> None:
    for match in _URL.finditer(text):
        if not match.group(2).strip().startswith("#"):
            raise _reference_problem(element, what, match.group(0))
    if "url(" in text.lower().replace(" ", "") and not _URL.search(text):
        raise _reference_problem(element, what, text.strip())


def _check_style(text: str, element, what: str) -> None:
    if "@import" in text.lower() or "@font-face" in text.lower():
        raise _reference_problem(element, what, "@import" if "@import" in text.lower() else "@font-face")
    _check_urls(text, element, what)
    for declaration in re.split(r"[;{}]", text):
        name, colon, value = declaration.partition(":")
        if colon and name.strip().lower() not in ("font-family", "font") and "(" not in name:
            _check_numbers(value, element, f"{what} ({name.strip()})")


def _check_numbers(text: str, element, what: str) -> None:
    text = _HASH.sub(" ", text)
    bad = _NOT_A_NUMBER.search(text)
    if bad:
        raise _number_problem(element, what, bad.group(0))
    for match in _NUMBER.finditer(text):
        number = float(match.group(0))
        size = abs(number)
        if not math.isfinite(number) or size > MAX_NUMBER or (size and size < MIN_NUMBER):
            raise _number_problem(element, what, match.group(0))


def _number_problem(element, what: str, number: str) -> SvgProblem:
    return SvgProblem(
        f"{what} at {_where(element)} has the number '{number}', which cannot be printed; numbers in a logo "
        f"must be ordinary values between -{MAX_NUMBER:,.0f} and {MAX_NUMBER:,.0f}, and (unless 0) "
        f"not closer to 0 than {MIN_NUMBER:g}",
        "correct the number in the SVG (a text editor will do), or export the logo again as PNG")


def _href(element) -> str:
    return (element.get(f"{{{XLINK_NS}}}href") or element.get("href") or "").strip()


def _expanded_count(root, elements: dict[str, object]) -> int:
    """How many elements svglib will draw: each <use> counts as a copy of what it points to."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(element, depth: int) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in busy:  # a <use> loop: svglib skips it
            return 0
        if depth > MAX_DEPTH:
            raise SvgProblem(f"its elements are nested more than {MAX_DEPTH} deep (at {_where(element)})",
                             "simplify the logo in your drawing program, or export it as PNG")
        busy.add(key)
        total = 1
        for child in element:
            total += size(child, depth + 1)
            if total > MAX_ELEMENTS:
                break
        if _local(element.tag) == "use" and total <= MAX_ELEMENTS:
            target = elements.get(_href(element)[1:]) if _href(element).startswith("#") else None
            if target is not None:
                total += size(target, depth + 1)
        busy.discard(key)
        sizes[key] = total = min(total, MAX_ELEMENTS + 1)
        return total

    return size(root, 0)


def _embed_pictures(root, gray_root) -> None:
    """Check every data: picture, shrink it to print size, and store it back (in gray in ``gray_root``)."""
    pixels = 0
    for element, gray in zip(root.iter(), gray_root.iter()):
        if _local(element.tag) != "image":
            continue
        for attribute, value in element.attrib.items():
            if _local(attribute) != "href" or value.strip()[:5].lower() != "data:":
                continue
            target = value.strip()
            header = _DATA.match(target)
            if not header:
                raise SvgProblem(f"the picture embedded at {_where(element)} is not a base64 PNG or JPEG "
                                 f"('{target[:40]}')", "embed the picture as PNG or JPEG, or export the logo as PNG")
            try:
                data = base64.b64decode("".join(target[header.end():].split()), validate=True)
            except (binascii.Error, ValueError):
                raise SvgProblem(f"the picture embedded at {_where(element)} is not valid base64 data") from None
            try:
                picture = prepare(data)
            except PictureProblem as exc:
                raise SvgProblem(f"the picture embedded at {_where(element)} cannot be printed: {exc}",
                                 "embed a smaller PNG or JPEG, or export the logo as PNG") from None
            pixels += picture.original_size[0] * picture.original_size[1]
            if pixels > MAX_PIXELS:
                raise SvgProblem(f"its embedded pictures have {pixels:,} pixels together; the limit is "
                                 f"{MAX_PIXELS:,} pixels", "embed smaller pictures, or export the logo as PNG")
            kind = "jpeg" if picture.data[:3] == b"\xff\xd8\xff" else "png"
            element.set(attribute, f"data:image/{kind};base64," + base64.b64encode(picture.data).decode("ascii"))
            gray.set(attribute, "data:image/png;base64," + base64.b64encode(picture.gray).decode("ascii"))
            if picture.size != picture.original_size:  # svglib sizes an image without width/height by its pixels
                for target_element in (element, gray):
                    for name, value_px in zip(("width", "height"), picture.original_size):
                        if not target_element.get(name):
                            target_element.set(name, str(value_px))
