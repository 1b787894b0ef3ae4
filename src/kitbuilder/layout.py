"""Layout definitions: YAML files with ``extends:`` inheritance, validated into :class:`Layout`.

A layout says everything about how a kit is printed (page, margins, fonts, colours,
paragraph styles, running header and footer, the ordered sections and their
options, static text blocks), so a new layout or a reworded ground rule needs YAML
only. Shipped layouts live in the package ``kitbuilder.layouts``; a user may name
their own file by path, and it may ``extends:`` a shipped one.
"""

from __future__ import annotations

import math
import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import KitbuilderError, Origin, Problems, did_you_mean
from .schema import Fields, Text, join, read_text
from .yamlsource import MAPPING, SCALAR, Node, load_file, parse_value

PAPER_SIZES = {  # width, height in points (portrait)
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
}
UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}

STYLE_KEYS = [
    "parent", "font", "bold", "italic", "size", "leading", "color", "background", "align",
    "space_before", "space_after", "left_indent", "right_indent", "first_line_indent",
    "keep_with_next", "uppercase", "border_color", "border_width", "padding",
]
ALIGNMENTS = ["left", "center", "right", "justify"]

# The section types a layout may list, with their options and defaults. The
# renderers in kitbuilder.sections implement exactly these names.
COMMON_OPTIONS: dict[str, Any] = {"heading": None, "new_page": False, "start_on_right": False, "keep_together": False}
SECTION_TYPES: dict[str, dict[str, Any]] = {
    "cover": {"label": None},
    "title_block": {"details": True, "label": None, "event": True},
    "film_details": {"director_note": True},
    "event_details": {},
    "welcome": {},
    "summary": {"quote": "none"},
    "themes": {"intro": True, "bodies": True, "columns": 1, "quote": "none"},
    "quote": {"style": "pull"},
    "questions": {"numbered": True, "follow_ups": False, "notes": False, "columns": 1, "space_for_notes": 0},
    "facts": {"columns": 1},
    "ways_to_influence": {"qr_codes": True},
    "about": {"qr_codes": False},
    "text": {"text": None},
    "facilitator_notes": {},
    "director_qa": {},
    "agenda": {},
    "notes_page": {"lines": 0},
    "sign_in_sheet": {"rows": 22},
    "feedback_form": {},
    "feedback_card": {},
    "page_break": {},
}
SECTION_CHOICES = {("themes", "quote"): ["none", "sidebar"], ("summary", "quote"): ["none", "sidebar"], ("quote", "style"): ["pull", "sidebar", "plain"]}
IMPOSITIONS = ["none", "booklet", "two_up"]


@dataclass
class Margins:
    top: float
    bottom: float
    left: float
    right: float


@dataclass
class Page:
    paper: str
    size: tuple[float, float]  # the printed page (half the paper when imposed)
    margins: Margins
    max_pages: int | None
    pad_to: int
    imposition: str
    facing: bool = False  # left/right pages: running header and footer mirror on even pages


@dataclass
class FontFamily:
    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    origin: Origin


@dataclass
class Style:
    name: str
    values: dict[str, Any]  # resolved: parent values merged in
    origin: Origin


@dataclass
class Section:
    type: str
    options: dict[str, Any]
    origin: Origin


@dataclass
class Layout:
    name: str
    path: Path
    description: str
    title: str  # what the document is called, e.g. "Discussion Guide"
    audience: str  # "participant" or "facilitator"
    page: Page
    fonts: dict[str, FontFamily]
    fallback_fonts: list[str]
    colors: dict[str, str]
    styles: dict[str, Style]
    header: dict[str, Text]
    footer: dict[str, Text]
    texts: dict[str, Text]
    sections: list[Section]
    min_font_size: float
    grayscale: bool = False
    bleed: float = 0.0
    crop_marks: bool = False
    extends_chain: list[str] = field(default_factory=list)


BUILTIN_PACKAGE = "kitbuilder.layouts"
FONTS_PACKAGE = "kitbuilder.fonts"


def builtin_dir() -> Path:
    return Path(importlib.import_module(BUILTIN_PACKAGE).__file__).parent


def fonts_dir() -> Path:
    return Path(importlib.import_module(FONTS_PACKAGE).__file__).parent


def available_layouts() -> dict[str, str]:
    """Shipped layout names -> one-line description (layouts named base* are building blocks)."""
    found = {}
    for path in sorted(builtin_dir().glob("*.yaml"), key=lambda p: p.stem):
        if path.stem.startswith("_"):
            continue
        try:
            root = load_file(path, "layout")
            desc = root.value.get("description") if root.kind == MAPPING else None
            found[path.stem] = str(desc.value) if desc is not None else ""
        except KitbuilderError:
            found[path.stem] = "(this layout file has errors)"
    return found


def is_path(spec: str) -> bool:
    return spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec


def resolve_layout(spec: str, relative_to: Path | None = None, origin: Origin | None = None) -> Path:
    """A layout name or path -> the file. Names are looked up beside ``relative_to``, then shipped.

    ``origin`` is where the name was written (an ``extends:`` line); without one the
    name came from the command line's ``--layout``.
    """
    if not isinstance(spec, str) or not spec.strip():
        raise KitbuilderError.single(origin or Origin("--layout"), "the layout name is empty",
                                     "name a layout: " + ", ".join(available_layouts()))
    if is_path(spec):
        path = Path(spec) if relative_to is None or Path(spec).is_absolute() else relative_to / spec
        if path.is_dir():
            raise KitbuilderError.single(origin or Origin(spec), f"the layout path '{spec}' is a folder, not a file",
                                         "name a layout .yaml file")
        if not path.is_file():
            raise KitbuilderError.single(origin or Origin(spec), f"layout file '{spec}' not found",
                                         "check the path, or use a layout name: " + ", ".join(available_layouts()))
        return path
    for folder in ([relative_to] if relative_to else []) + [builtin_dir()]:
        candidate = folder / f"{spec}.yaml"
        if candidate.is_file():
            return candidate
    names = list(available_layouts())
    hint = did_you_mean(spec, names)
    raise KitbuilderError.single(
        origin or Origin("--layout"), f"unknown layout '{spec}'",
        (hint + " " if hint else "") + "available layouts: " + ", ".join(names) + " (or give a path to a .yaml file)",
    )


def merge(base: Node, override: Node) -> Node:
    """Deep-merge two mappings: the override's keys win; lists are replaced whole."""
    if base.kind != MAPPING or override.kind != MAPPING:
        return override
    merged = dict(base.value)
    origins = dict(base.key_origins)
    for key, value in override.value.items():
        merged[key] = merge(base.value[key], value) if key in base.value else value
        origins[key] = override.key_origins[key]
    return Node(MAPPING, merged, override.origin, origins)


MAX_EXTENDS = 20


def load_layout_tree(spec: str, relative_to: Path | None = None, origin: Origin | None = None,
                     seen: tuple[Path, ...] = (), problems: Problems | None = None) -> tuple[Node, Path, list[str]]:
    """Load a layout file and everything it extends, merged into one Node tree.

    With ``problems``, problems that do not stop the reading (duplicate keys) are
    added to it, to be reported with the checks of the merged layout.
    """
    if len(seen) >= MAX_EXTENDS:
        raise KitbuilderError.single(origin, f"layouts extend each other more than {MAX_EXTENDS} levels deep",
                                     "extend a shipped layout directly")
    path = resolve_layout(spec, relative_to, origin)
    resolved = path.resolve()
    if resolved in seen:
        chain = " -> ".join(p.stem for p in seen + (resolved,))
        raise KitbuilderError.single(origin, f"layouts extend each other in a circle: {chain}",
                                     "remove one of the extends: lines")
    root = load_file(path, "layout", problems)
    if root.kind != MAPPING:
        raise KitbuilderError.single(root.origin, f"a layout must be made of 'key: value' lines, not {root.describe()}",
                                     "start the file with keys such as 'extends: guide', 'page:' and 'sections:'")
    parent = root.value.get("extends")
    if parent is None:
        return root, path, [path.stem]
    if parent.kind != SCALAR or not isinstance(parent.value, str) or not parent.value.strip():
        raise KitbuilderError.single(parent.origin, f"extends must be a layout name or path, not {parent.describe()}",
                                     "write e.g. 'extends: guide'; layouts: " + ", ".join(available_layouts()))
    base, _, chain = load_layout_tree(parent.value.strip(), path.parent, parent.origin, seen + (resolved,), problems)
    own = Node(MAPPING, {k: v for k, v in root.value.items() if k != "extends"}, root.origin,
               {k: v for k, v in root.key_origins.items() if k != "extends"})
    return merge(base, own), path, chain + [path.stem]


MAX_LENGTH = 2000.0  # points: larger than any paper kitbuilder prints on


def parse_length(node: Node, field_name: str, problems: Problems) -> float | None:
    value = node.value
    if node.kind == SCALAR and isinstance(value, (int, float)) and not isinstance(value, bool) \
            and math.isfinite(value) and abs(value) <= MAX_LENGTH:
        return float(value)
    if node.kind == SCALAR and isinstance(value, str):
        match = re.fullmatch(r"\s*(-?\d{1,6}(?:\.\d{1,6})?)\s*(pt|in|mm|cm)\s*", value)
        if match and abs(float(match.group(1)) * UNITS[match.group(2)]) <= MAX_LENGTH:
            return float(match.group(1)) * UNITS[match.group(2)]
    problems.add(node.origin, f"{field_name} must be a length like 12pt, 0.75in, 18mm or 2cm, not {node.describe()}",
                 "write a number followed by pt, in, mm or cm")
    return None


COLOR_RE = re.compile(r"#[0-9a-fA-F]{6}")


def read_color(node: Node, field_name: str, problems: Problems) -> str | None:
    if node.kind == SCALAR and isinstance(node.value, str) and COLOR_RE.fullmatch(node.value.strip()):
        return node.value.strip().lower()
    problems.add(node.origin, f"{field_name} must be a colour like \"#2a6f97\", not {node.describe()}",
                 "write '#' and six hex digits, in quotes (YAML treats an unquoted # as a comment)")
    return None


def set_override(tree: Node, dotted: str, value_text: str) -> Node:
    """Apply one ``--set a.b.c=value`` to a layout tree. Only keys the layout has can be set."""
    keys = dotted.split(".")
    node = tree
    for depth, key in enumerate(keys):
        if node.kind != MAPPING or key not in node.value:
            known = list(node.value) if node.kind == MAPPING else []
            where = ".".join(keys[:depth]) or "the layout"
            hint = did_you_mean(key, known)
            raise KitbuilderError.single(
                Origin("--set"), f"--set {dotted}: '{key}' is not a key of {where}",
                (hint + " " if hint else "") + "keys there are: " + ", ".join(known) if known
                else "event keys are: host, title, date, paper, accent_color, questions, ...",
            )
        node = node.value[key]
    value = parse_value(value_text, "--set")
    origin = Origin("--set")
    nested = Node(value.kind, value.value, origin, value.key_origins)
    for key in reversed(keys):
        nested = Node(MAPPING, {key: nested}, origin, {key: origin})
    return merge(tree, nested)


def load_layout(spec: str, overrides: list[tuple[str, str]] = (), paper: str | None = None,
                accent: str | None = None) -> Layout:
    """Load, merge and validate a layout. ``overrides`` are ``--set`` pairs for layout keys."""
    problems = Problems()
    try:
        tree, path, chain = load_layout_tree(spec, problems=problems)
    except KitbuilderError as error:  # report it with the duplicates found before it
        problems.extend(error)
        problems.raise_if_any()
        raise
    for key, value in overrides:
        tree = set_override(tree, key, value)
    layout = _read_layout(tree, path, chain, problems, paper, accent)
    problems.raise_if_any()
    return layout


TOP_KEYS = ["description", "title", "audience", "page", "fonts", "colors", "styles", "header", "footer",
            "text", "sections", "fit", "print"]


def _read_layout(tree: Node, path: Path, chain: list[str], problems: Problems,
                 paper_override: str | None, accent_override: str | None) -> Layout | None:
    top = Fields(tree, problems, "", TOP_KEYS, tree.origin)
    page = _read_page(top, problems, paper_override)
    fonts, fallback = _read_fonts(top, problems)
    colors = _read_colors(top, problems)
    printing = top.mapping("print", ["grayscale", "bleed", "crop_marks", "event_accent"])
    if accent_override and (printing is None or printing.boolean("event_accent", True)):
        colors["accent"] = accent_override
    styles = _read_styles(top, problems, fonts, colors)
    sections = _read_sections(top, problems, styles)
    header = _read_slots(top, "header")
    footer = _read_slots(top, "footer")
    texts = {}
    text_block = top.mapping("text", _any_keys(top.get("text")))
    if text_block is not None:
        for key in text_block.values:
            value = text_block.text(key)
            if value is not None:
                texts[key] = value
    fit = top.mapping("fit", ["min_font_size"])
    min_size = (fit.number("min_font_size", 4, 72) if fit else None) or 8.5
    for style in styles.values():
        size = style.values.get("size")
        if size is not None and size < min_size - 1e-6:
            problems.add(style.origin, f"style '{style.name}' is {size:g} pt, below the layout's smallest "
                         f"allowed size (fit.min_font_size: {min_size:g})",
                         "make the style larger, or lower fit.min_font_size")
    grayscale, bleed, crop = False, 0.0, False
    if printing is not None:
        grayscale = printing.boolean("grayscale", False)
        crop = printing.boolean("crop_marks", False)
        bleed_node = printing.get("bleed")
        bleed = (parse_length(bleed_node, "print.bleed", problems) or 0.0) if bleed_node else 0.0
        if bleed < 0 or bleed > 36:
            problems.add(bleed_node.origin, "print.bleed must be between 0 and 0.5in", "a copy shop usually asks for 3mm")
            bleed = 0.0
    for section in sections:
        text_key = section.options.get("text")
        if section.type == "text" and text_key is None:
            problems.add(section.origin, "a 'text' section needs 'text:' naming a block under the layout's text:",
                         "add e.g. 'text: how_to_use'")
        elif section.type == "text" and text_key not in texts:
            hint = did_you_mean(str(text_key), texts)
            problems.add(section.origin, f"the text block '{text_key}' is not defined under text:",
                         hint or "define it under the layout's 'text:' key, or fix the name")
    if problems or page is None:
        return None
    description = top.text("description") or ""
    title = top.text("title") or chain[-1].replace("-", " ").title()
    audience = top.choice("audience", ["participant", "facilitator"], "participant")
    return Layout(
        name=chain[-1], path=path, description=str(description), title=str(title), audience=audience,
        page=page, fonts=fonts, fallback_fonts=fallback, colors=colors, styles=styles,
        header=header, footer=footer, texts=texts, sections=sections, min_font_size=min_size,
        grayscale=grayscale, bleed=bleed, crop_marks=crop, extends_chain=chain,
    )


def _any_keys(node: Node | None) -> list[str]:
    return list(node.value) if node is not None and node.kind == MAPPING else []


def _read_page(top: Fields, problems: Problems, paper_override: str | None) -> Page | None:
    page = top.mapping("page", ["paper", "orientation", "margins", "max_pages", "pad_to", "imposition", "facing"],
                       required=True)
    if page is None:
        return None
    paper = paper_override or page.choice("paper", list(PAPER_SIZES), "letter")
    width, height = PAPER_SIZES[paper]
    if page.choice("orientation", ["portrait", "landscape"], "portrait") == "landscape":
        width, height = height, width
    imposition = page.choice("imposition", IMPOSITIONS, "none")
    if imposition != "none":
        # Two printed pages side by side on a landscape sheet of the paper.
        short, long = PAPER_SIZES[paper]
        width, height = long / 2, short
    margins = Margins(36.0, 36.0, 36.0, 36.0)
    margin_node = page.get("margins")
    if margin_node is not None:
        if margin_node.kind == MAPPING:
            m = Fields(margin_node, problems, "page.margins", ["top", "bottom", "left", "right"], margin_node.origin)
            values = {}
            for side in ("top", "bottom", "left", "right"):
                node = m.get(side)
                values[side] = _margin(node, f"page.margins.{side}", problems) if node else 36.0
            margins = Margins(**{k: v if v is not None else 36.0 for k, v in values.items()})
        else:
            length = _margin(margin_node, "page.margins", problems)
            if length is not None:
                margins = Margins(length, length, length, length)
    if margins.left + margins.right > width * 0.6 or margins.top + margins.bottom > height * 0.6:
        problems.add(page.key_origin("margins"), "the margins leave too little room for text on this paper",
                     "make the margins smaller")
    max_pages = page.integer("max_pages", minimum=1, maximum=500, example="2")
    pad_to = page.integer("pad_to", minimum=1, maximum=8, example="2") or 1
    if imposition == "booklet":
        pad_to = 4
    return Page(paper, (width, height), margins, max_pages, pad_to, imposition, page.boolean("facing", False))


def _margin(node: Node, where: str, problems: Problems) -> float | None:
    length = parse_length(node, where, problems)
    if length is not None and length < 0:
        problems.add(node.origin, f"{where} is negative", "write a margin of 0 or more, e.g. 0.75in")
        return None
    return length


STYLE_SUFFIXES = ("regular", "bold", "italic", "bold_italic")


def _read_fonts(top: Fields, problems: Problems) -> tuple[dict[str, FontFamily], list[str]]:
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
            path = _font_path(node, where, problems)
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
        paths = {}
        for style in STYLE_SUFFIXES:
            style_node = f.get(style)
            paths[style] = _font_path(style_node, join(where, style), problems) if style_node else None
        regular = paths["regular"]
        if regular is None:
            continue
        families[name] = FontFamily(
            name, regular, paths["bold"] or regular, paths["italic"] or regular,
            paths["bold_italic"] or paths["bold"] or paths["italic"] or regular, node.origin,
        )
    for name in fallback:
        if name not in families:
            problems.add(fonts.key_origin("fallback"), f"fallback font '{name}' is not defined under fonts:",
                         did_you_mean(name, families) or "define it, or remove it from fallback")
    return families, fallback


def _font_path(node: Node, where: str, problems: Problems) -> Path | None:
    text = read_text(node, where, problems)
    if text is None:
        return None
    origin_file = Path(node.origin.file)
    candidates = [Path(text)] if Path(text).is_absolute() else [origin_file.parent / text, fonts_dir() / text]
    for candidate in candidates:
        if candidate.is_file():
            return _checked_font(candidate, text, node, problems)
    problems.add(node.origin, f"font file '{text}' not found",
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


def _checked_font(path: Path, text: str, node: Node, problems: Problems) -> Path | None:
    """``path`` when it is a TrueType font file ReportLab can embed, else a problem."""
    if path.suffix.lower() not in (".ttf", ".otf"):
        problems.add(node.origin, f"font '{text}' is not a TrueType (.ttf) file", FONT_FIX)
        return None
    try:
        with path.open("rb") as stream:
            head = stream.read(4)
    except OSError as exc:
        problems.add(node.origin, f"cannot read font file '{text}': {exc.strerror or exc}",
                     "check the file's permissions")
        return None
    if head in TRUETYPE_MAGIC:
        return path
    kind = OTHER_FONT_MAGIC.get(head)
    if kind:
        problems.add(node.origin, f"font '{text}' is {kind}, not a TrueType font", FONT_FIX)
    else:
        problems.add(node.origin, f"font '{text}' is not a TrueType font file (its content is not a font)", FONT_FIX)
    return None


def _read_colors(top: Fields, problems: Problems) -> dict[str, str]:
    node = top.get("colors")
    colors = {"text": "#1a1a1a", "accent": "#8c2f1b", "muted": "#5c5c5c", "rule": "#c8c2b8", "panel": "#f4efe6"}
    fields = top.mapping("colors", _any_keys(node))
    if fields is None:
        return colors
    for name, value in fields.values.items():
        color = read_color(value, join("colors", name), problems)
        if color:
            colors[name] = color
    return colors


def _read_styles(top: Fields, problems: Problems, fonts: dict[str, FontFamily], colors: dict[str, str]) -> dict[str, Style]:
    node = top.get("styles")
    fields = top.mapping("styles", _any_keys(node), required=True)
    if fields is None:
        return {}
    raw: dict[str, tuple[dict[str, Any], Origin]] = {}
    # Families written under fonts: count as defined even when their files have problems
    # (reported there), so every style using them does not repeat the complaint.
    fonts = {**dict.fromkeys(n for n in _any_keys(top.get("fonts")) if n != "fallback"), **fonts}
    for name, style_node in fields.values.items():
        where = join("styles", name)
        f = Fields(style_node, problems, where, STYLE_KEYS, style_node.origin)
        if not f.ok:
            continue
        values: dict[str, Any] = {}
        for key, value_node in f.values.items():
            if key not in STYLE_KEYS:
                continue
            value = _style_value(key, value_node, join(where, key), problems, fonts, colors)
            if value is not None:
                values[key] = value
        raw[name] = (values, style_node.origin)

    resolved: dict[str, Style] = {}

    def resolve(name: str, trail: tuple[str, ...]) -> dict[str, Any]:
        if name in resolved:
            return resolved[name].values
        values, origin = raw[name]
        parent = values.get("parent")
        merged: dict[str, Any] = {}
        if parent is not None:
            if parent in trail:
                problems.add(origin, f"styles inherit in a circle: {' -> '.join(trail + (parent,))}", "fix the parent: keys")
            elif parent not in raw:
                problems.add(origin, f"style '{name}' has unknown parent '{parent}'",
                             did_you_mean(parent, raw) or "name a style defined under styles:")
            else:
                merged.update(resolve(parent, trail + (parent,)))
        merged.update({k: v for k, v in values.items() if k != "parent"})
        resolved[name] = Style(name, merged, origin)
        return merged

    for name in raw:
        resolve(name, (name,))
    for required in ("body", "heading"):
        if required not in resolved and raw:
            problems.add(fields.origin, f"the layout defines no '{required}' style", f"add styles.{required}")
    return resolved


def _style_value(key, node, where, problems, fonts, colors):
    if key in ("parent",):
        return str(node.value) if node.kind == SCALAR else None
    if key == "font":
        if node.kind != SCALAR or not isinstance(node.value, str):
            problems.add(node.origin, f"{where} must name a font family, not {node.describe()}",
                         f"use one of: {', '.join(fonts)}")
            return None
        name = node.value
        if name not in fonts:
            problems.add(node.origin, f"{where}: font family '{name}' is not defined under fonts:",
                         did_you_mean(name, fonts) or f"use one of: {', '.join(fonts)}")
            return None
        return name
    if key in ("bold", "italic", "keep_with_next", "uppercase"):
        if node.kind != SCALAR or not isinstance(node.value, bool):
            problems.add(node.origin, f"{where} must be true or false, not {node.describe()}", "write true or false")
            return None
        return node.value
    if key in ("color", "background", "border_color"):
        if node.kind == SCALAR and isinstance(node.value, str) and node.value in colors:
            return colors[node.value]
        return read_color(node, where, problems)
    if key == "align":
        if node.kind == SCALAR and str(node.value).lower() in ALIGNMENTS:
            return str(node.value).lower()
        problems.add(node.origin, f"{where} must be one of {', '.join(ALIGNMENTS)}, not {node.describe()}",
                     did_you_mean(str(node.value), ALIGNMENTS) or "choose one of those")
        return None
    if key in ("size", "leading"):
        value = node.value
        if node.kind == SCALAR and isinstance(value, (int, float)) and not isinstance(value, bool) and 4 <= value <= 200:
            return float(value)
        problems.add(node.origin, f"{where} must be a size in points between 4 and 200, not {node.describe()}",
                     "write a number, e.g. 10.5")
        return None
    return parse_length(node, where, problems)


def _read_slots(top: Fields, key: str) -> dict[str, Text]:
    slots = top.mapping(key, ["left", "center", "right"])
    if slots is None:
        return {}
    return {side: value for side in ("left", "center", "right") if (value := slots.text(side)) is not None}


def _read_sections(top: Fields, problems: Problems, styles: dict[str, Style]) -> list[Section]:
    nodes = top.sequence("sections", required=True) or []
    sections = []
    for index, node in enumerate(nodes, start=1):
        where = join("sections", index)
        if node.kind == SCALAR and isinstance(node.value, str):
            kind, options_node = node.value, None
        elif node.kind == MAPPING and "type" in node.value and node.value["type"].kind == SCALAR \
                and isinstance(node.value["type"].value, str):
            kind, options_node = node.value["type"].value, node
        else:
            problems.add(node.origin, f"{where} must be a section name or a mapping with 'type:'",
                         "write e.g. '- summary' or '- type: questions'")
            continue
        if kind not in SECTION_TYPES:
            problems.add(node.origin, f"unknown section type '{kind}'",
                         did_you_mean(kind, SECTION_TYPES) or f"section types are: {', '.join(SECTION_TYPES)}")
            continue
        defaults = {**COMMON_OPTIONS, **SECTION_TYPES[kind]}
        options = dict(defaults)
        if options_node is not None:
            f = Fields(options_node, problems, where, ["type", *defaults], node.origin)
            for key, default in defaults.items():
                value_node = f.get(key)
                if value_node is None:
                    continue
                options[key] = _option_value(kind, key, default, value_node, join(where, key), problems)
        sections.append(Section(kind, options, node.origin))
    return sections


def _option_value(kind, key, default, node, where, problems):
    choices = SECTION_CHOICES.get((kind, key))
    if choices:
        if node.kind == SCALAR and node.value in choices:
            return node.value
        problems.add(node.origin, f"{where} must be one of {', '.join(choices)}, not {node.describe()}",
                     did_you_mean(str(node.value), choices) or "choose one of those")
        return default
    if isinstance(default, bool):
        if node.kind == SCALAR and isinstance(node.value, bool):
            return node.value
        problems.add(node.origin, f"{where} must be true or false, not {node.describe()}", "write true or false")
        return default
    if isinstance(default, int):
        low, high = OPTION_RANGES.get(key, (0, 200))
        if node.kind == SCALAR and isinstance(node.value, int) and not isinstance(node.value, bool):
            if low <= node.value <= high:
                return node.value
            problems.add(node.origin, f"{where} is {node.value}; it must be from {low} to {high}",
                         f"write a whole number from {low} to {high}")
            return default
        problems.add(node.origin, f"{where} must be a whole number, not {node.describe()}",
                     f"write a whole number from {low} to {high}, e.g. {max(low, min(high, 2))}")
        return default
    return read_text(node, where, problems)


# Whole-number section options and the values that print sensibly (the default range is 0 to 200).
OPTION_RANGES = {"columns": (1, 4)}
