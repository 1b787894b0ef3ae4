"""Layout definitions: YAML files with ``extends:`` inheritance, validated into :class:`Layout`.

A layout says everything about how a kit is printed (page, margins, fonts, colours,
paragraph styles, running header and footer, the ordered sections and their
options, static text blocks), so a new layout or a reworded ground rule needs YAML
only. Shipped layouts live in the package ``kitbuilder.layouts``; a user may name
their own file by path, and it may ``extends:`` a shipped one.

Reading the files and following ``extends:`` is in :mod:`kitbuilder.model.layoutfiles`,
fonts in :mod:`kitbuilder.source.fontfiles`, colours and styles in :mod:`kitbuilder.model.layoutstyles`;
their public names are importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean
from kitbuilder.source.fontfiles import STYLE_SUFFIXES, FontFamily, read_fonts  # noqa: F401 (re-exported)
from kitbuilder.model.layoutfiles import (  # noqa: F401 (re-exported)
    BUILTIN_PACKAGE, FONTS_PACKAGE, MAX_EXTENDS, available_layouts, builtin_dir, fonts_dir, is_path,
    load_layout_tree, merge, resolve_layout, set_override,
)
from kitbuilder.model.layoutstyles import (  # noqa: F401 (re-exported)
    ALIGNMENTS, MAX_LENGTH, STYLE_KEYS, UNITS, Style, parse_length, read_color, read_colors, read_styles,
)
from kitbuilder.source.fields import Fields, Text, join, read_text
from kitbuilder.source.yamlsource import MAPPING, SCALAR, Node

PAPER_SIZES = {  # width, height in points (portrait)
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
}
# The section types a layout may list, with their options and defaults. The
# renderers in kitbuilder.render.pdf.sections implement exactly these names.
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
    fonts, fallback = read_fonts(top, problems)
    colors = read_colors(top, problems)
    printing = top.mapping("print", ["grayscale", "bleed", "crop_marks", "event_accent"])
    if accent_override and (printing is None or printing.boolean("event_accent", True)):
        colors["accent"] = accent_override
    styles = read_styles(top, problems, fonts, colors)
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


def _read_slots(top: Fields, key: str) -> dict[str, Text]:
    slots = top.mapping(key, ["left", "center", "right"])
    if slots is None:
        return {}
    return {side: value for side in ("left", "center", "right") if (value := slots.text(side)) is not None}


def _read_sections(top: Fields, problems: Problems, styles: dict[str, Style]) -> list[Section]:
    nodes = top.sequence("sections", required=True)
    sections = []
    if nodes is not None and not nodes:
        problems.add(top.key_origin("sections"), "the layout has no sections: a layout needs at least one",
                     "list the sections to print under 'sections:', e.g. '- summary' and '- questions'")
    if nodes and len(nodes) > MAX_SECTIONS:
        problems.add(top.key_origin("sections"), f"the layout lists {len(nodes)} sections; the limit is {MAX_SECTIONS}",
                     f"list at most {MAX_SECTIONS} sections (a sign-in sheet can have up to "
                     f"{OPTION_RANGES['rows'][1]} rows instead of several sheets)")
        nodes = nodes[:MAX_SECTIONS]
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
OPTION_RANGES = {"columns": (1, 4), "rows": (1, 100), "lines": (0, 100), "space_for_notes": (0, 30)}
MAX_SECTIONS = 60  # the longest shipped layout has 15; 60 sign-in sheets alone are 300 pages
