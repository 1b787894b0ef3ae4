"""SVG logos from strangers, checked before svglib ever sees them.

An SVG can name other files (``<image href="../../private.png">``, ``<use href="other.svg#id">``,
CSS ``url(...)`` and ``@import``), declare entities that expand to gigabytes, or carry
numbers (``nan``, ``1e308``) that crash the drawing code or make an invalid PDF. Here
the file is parsed with entities, DTDs and the network off, and refused unless:

- it refers to nothing outside itself: only ``#id`` references, and pictures embedded
  as ``data:`` PNG or JPEG (which are checked, shrunk and stored back);
- it has no text (text in a logo would print in a font that is not embedded);
- every number is an ordinary one, within :data:`MAX_NUMBER`;
- it has at most :data:`MAX_ELEMENTS` elements and :data:`MAX_VALUES` numbers and path commands,
  each ``<use>`` copy counted;
- an ``<image>`` holds a ``data:`` picture, never a reference (not even ``#id``);
- its style sheets are small enough to apply quickly (:mod:`kitbuilder.source.svgstyle`).

:func:`check` returns the cleaned tree or raises
:class:`SvgProblem` with what is wrong and where in the SVG.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import dataclass

from kitbuilder.source.bitmaps import MAX_PIXELS, PictureProblem, prepare
from kitbuilder.source.svgstyle import StyleSheetProblem, check_style_sheets

MAX_BYTES = 2 * 1024 * 1024
MAX_ELEMENTS = 2_000
MAX_VALUES = 50_000  # numbers and path commands (coordinates, 'z'...): they set how long drawing takes
MAX_NESTING = 40_000  # each element counted once per group around it: svglib looks up styles through them all
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
_PATH_COMMAND = re.compile(r"[MmZzLlHhVvCcSsQqTtAa]")
_DATA = re.compile(r"data:image/(png|jpe?g)(?:;[^,;]*)*;base64,", re.IGNORECASE)


class SvgProblem(Exception):
    """What is wrong with the SVG, for the volunteer; ``fix`` says what to do."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.fix = fix or "export the logo again as PNG from your drawing program"


@dataclass
class CheckedSvg:
    root: object  # lxml element, cleaned, its pictures shrunk to print size
    drawing: object = None  # the ReportLab drawings made from it, kept (see kitbuilder.render.pdf.images)
    gray_drawing: object = None


def check(data: bytes) -> CheckedSvg:
    root = _parse(data)
    if _local(root.tag) != "svg" or _foreign(root.tag):
        raise SvgProblem("the file is XML but not SVG")
    _drop_foreign(root)
    elements, numbers = _check_tree(root)
    count, values, depth, depths = _expanded_count(root, elements, numbers)
    simplify = "simplify the logo in your drawing program (fewer shapes and points), or export it as PNG"
    if count > MAX_ELEMENTS:
        raise SvgProblem(f"it has more than {MAX_ELEMENTS:,} elements (each <use> copy counted); "
                         f"the limit is {MAX_ELEMENTS:,}", simplify)
    if values > MAX_VALUES:
        raise SvgProblem(f"it has more than {MAX_VALUES:,} numbers and path commands (coordinates and the "
                         f"letters of a path, each <use> copy counted); the limit is {MAX_VALUES:,}", simplify)
    if depths > MAX_NESTING:
        raise SvgProblem(f"its elements sit too deep inside groups for their number: counting each element once "
                         f"for every group around it (each <use> copy counted) gives more than {MAX_NESTING:,}; "
                         f"the limit is {MAX_NESTING:,}",
                         "ungroup in your drawing program (fewer groups inside groups), or export the logo as PNG")
    _check_style_sheets(root, elements, count, depth)
    _embed_pictures(root)
    return CheckedSvg(root)


def _check_style_sheets(root, elements: dict[str, object], count: int, depth: int) -> None:
    """Bound the <style> sheets by what svglib's CSS matching would cost (see :mod:`kitbuilder.source.svgstyle`)."""
    styles = [element for element in root.iter() if _local(element.tag) == "style"]
    if not styles:
        return
    holding = {ancestor for style in styles for ancestor in [style, *style.iterancestors()]}
    for element in root.iter():
        target = _href(element)
        if _local(element.tag) == "use" and target.startswith("#") and elements.get(target[1:]) in holding:
            raise SvgProblem(f"the <use> at {_where(element)} copies a <style> element; svglib would apply its "
                             "rules once for every copy", "move the <style> element to the top of the SVG, "
                             "outside what <use> copies, or export the logo as PNG")
    siblings = max(len(element) for element in root.iter())
    try:
        check_style_sheets([(style.text or "", _where(style)) for style in styles], count, depth, siblings)
    except StyleSheetProblem as exc:
        raise SvgProblem(str(exc), exc.fix) from None


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


def _check_tree(root) -> tuple[dict[str, object], dict[object, int]]:
    """Refuse references, text and bad numbers; return the elements by id, and each one's count of numbers."""
    elements: dict[str, object] = {}
    numbers: dict[object, int] = {}
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
        count = _check_style(element.text or "", element, "<style>") if name == "style" else 0
        for attribute, value in element.attrib.items():
            count += _check_attribute(element, name, attribute, value)
        numbers[element] = count
        identifier = element.get("id")
        if identifier:
            elements.setdefault(identifier, element)
    return elements, numbers


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _reference_problem(element, what: str, target: str) -> SvgProblem:
    return SvgProblem(
        f"{what} at {_where(element)} refers to '{_shown(target)}' outside the logo; an SVG logo may not refer to "
        "other files or web addresses",
        "embed the picture in the SVG (in Inkscape: Extensions > Images > Embed Images) or export the logo as PNG")


def _check_attribute(element, tag: str, qualified: str, value: str) -> int:
    attribute = _local(qualified)
    what = f"<{tag} {attribute}>"
    if attribute == "href":
        target = value.strip()
        if tag == "image" and target[:5].lower() == "data:":
            return 0  # checked and shrunk in _embed_pictures
        if tag == "image" and target.startswith("#"):  # svglib would take the element for a file name
            raise SvgProblem(f"{what} at {_where(element)} refers to '{_shown(target)}'; a picture in an SVG logo "
                             "must be embedded in it as PNG or JPEG data",
                             "embed the picture in the SVG (in Inkscape: Extensions > Images > Embed Images) "
                             "or export the logo as PNG")
        if target.startswith("#"):
            return 0
        raise _reference_problem(element, what, target)
    if attribute == "style":
        return _check_style(value, element, what)
    _check_urls(value, element, what)
    if not qualified.startswith("{") and attribute not in WORD_ATTRIBUTES:  # svglib reads no other attribute
        count = _check_numbers(value, element, what)
        if attribute == "d" and tag in ("path", "glyph", "missing-glyph"):
            count += len(_PATH_COMMAND.findall(value))  # 'z' has no number, yet each one is drawn
        return count
    return 0


def _check_urls(text: str, element, what: str) -> None:
    for match in _URL.finditer(text):
        if not match.group(2).strip().startswith("#"):
            raise _reference_problem(element, what, match.group(0))
    if "url(" in text.lower().replace(" ", "") and not _URL.search(text):
        raise _reference_problem(element, what, text.strip())


def _check_style(text: str, element, what: str) -> int:
    if "@import" in text.lower() or "@font-face" in text.lower():
        raise _reference_problem(element, what, "@import" if "@import" in text.lower() else "@font-face")
    _check_urls(text, element, what)
    count = 0
    for declaration in re.split(r"[;{}]", text):
        name, colon, value = declaration.partition(":")
        if colon and name.strip().lower() not in ("font-family", "font") and "(" not in name:
            count += _check_numbers(value, element, f"{what} ({name.strip()})")
    return count


def _check_numbers(text: str, element, what: str) -> int:
    """How many numbers ``text`` has; a problem if one of them is not an ordinary number."""
    text = _HASH.sub(" ", text)
    bad = _NOT_A_NUMBER.search(text)
    if bad:
        raise _number_problem(element, what, bad.group(0))
    count = 0
    for match in _NUMBER.finditer(text):
        number = float(match.group(0))
        size = abs(number)
        if not math.isfinite(number) or size > MAX_NUMBER or (size and size < MIN_NUMBER):
            raise _number_problem(element, what, match.group(0))
        count += 1
    return count


def _number_problem(element, what: str, number: str) -> SvgProblem:
    return SvgProblem(
        f"{what} at {_where(element)} has the number '{number}', which cannot be printed; numbers in a logo "
        f"must be ordinary values between -{MAX_NUMBER:,.0f} and {MAX_NUMBER:,.0f}, and (unless 0) "
        f"not closer to 0 than {MIN_NUMBER:g}",
        "correct the number in the SVG (a text editor will do), or export the logo again as PNG")


def _href(element) -> str:
    return (element.get(f"{{{XLINK_NS}}}href") or element.get("href") or "").strip()


def _expanded_count(root, elements: dict[str, object], numbers: dict[object, int]) -> tuple[int, int, int, int]:
    """What svglib will draw, each <use> counted as a copy of what it points to: how many elements
    and numbers, how deeply they nest, and the sum of every element's depth (svglib looks up each
    inherited style through all of an element's ancestors).

    The counts stop growing just past their limits, so a <use> bomb is measured quickly.
    """
    sizes: dict[object, tuple[int, int, int, int]] = {}  # keyed by the element itself: lxml keeps its proxy alive
    busy: set[object] = set()

    def size(element, depth: int) -> tuple[int, int, int, int]:
        if element in sizes:
            return sizes[element]
        if element in busy:  # a <use> loop: svglib skips it
            return 0, 0, 0, 0
        if depth > MAX_DEPTH:
            raise SvgProblem(f"its elements are nested more than {MAX_DEPTH} deep (at {_where(element)})",
                             "simplify the logo in your drawing program, or export it as PNG")
        busy.add(element)
        count, values, height, depths = 1, numbers.get(element, 0), 1, 0  # depths: below this element
        targets = list(element)
        reference = _href(element)
        if _local(element.tag) == "use" and reference.startswith("#") and reference[1:] in elements:
            targets.append(elements[reference[1:]])
        for target in targets:
            more, more_values, below, more_depths = size(target, depth + 1)
            count, values, height = count + more, values + more_values, max(height, below + 1)
            depths += more_depths + more
            if count > MAX_ELEMENTS or values > MAX_VALUES or depths > MAX_NESTING:
                break
        busy.discard(element)
        sizes[element] = found = (min(count, MAX_ELEMENTS + 1), min(values, MAX_VALUES + 1), height,
                                  min(depths, MAX_NESTING + 1))
        return found

    return size(root, 0)


def _embed_pictures(root) -> None:
    """Check every data: picture, shrink it to print size, and store it back."""
    pixels = 0
    for element in root.iter():
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
            if picture.size != picture.original_size:  # svglib sizes an image without width/height by its pixels
                for name, value_px in zip(("width", "height"), picture.original_size):
                    if not element.get(name):
                        element.set(name, str(value_px))
