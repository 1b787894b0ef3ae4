"""Layout definitions: YAML files with ``extends:`` inheritance, validated into :class:`Layout`.

A layout says everything about how a kit is printed (page, margins, fonts, colours,
paragraph styles, running header and footer, the ordered sections and their
options, static text blocks, labels), so a new layout or a reworded ground rule needs YAML
only. Every key, section type and option is declared in ``specs/layout.yaml``; an event's
paper and accent colour are applied to the validated layout (:func:`for_event`). Shipped layouts live in the package ``kitbuilder.layouts``; a user may name
their own file by path, and it may ``extends:`` a shipped one.

Reading the files and following ``extends:`` is in :mod:`kitbuilder.model.layoutfiles`,
fonts in :mod:`kitbuilder.source.fontfiles`, colours and styles in :mod:`kitbuilder.model.layoutstyles`
(``available_layouts`` and ``is_layout_file`` are importable from here too).
"""

from __future__ import annotations

from dataclasses import field, replace
from pathlib import Path
from typing import Any

from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean
from kitbuilder.records import record
from kitbuilder.source.fontfiles import FontFamily, read_fonts
from kitbuilder.model.layoutfiles import available_layouts, is_layout_file, load_layout_tree, set_override  # noqa: F401
from kitbuilder.model.layoutstyles import Style, read_colors, read_styles
from kitbuilder.source.fields import Fields, Text, join, read_value
from kitbuilder.source.scalars import read_length
from kitbuilder.source.spec import load_spec
from kitbuilder.source.yamlsource import MAPPING, SCALAR, Node
from kitbuilder.units import PAPER_SIZES, length_points
SPEC = load_spec("layout")
# The section types a layout may list, with their options and defaults, as declared in
# specs/layout.yaml. kitbuilder.compose.sections has one composer for each of these names.
COMMON_OPTIONS: dict[str, Any] = {key: spec.default for key, spec in SPEC.section_options.items()}
SECTION_TYPES: dict[str, dict[str, Any]] = {
    kind: {key: spec.default for key, spec in options.items()} for kind, options in SPEC.section_types.items()}
SECTION_CHOICES = {(kind, key): list(spec.choices) for kind in SPEC.section_types
                   for key, spec in SPEC.section_spec(kind).items() if spec.type == "choice"}
# Whole-number section options and the values that print sensibly.
OPTION_RANGES = {key: (int(spec.min), int(spec.max)) for kind in SPEC.section_types
                 for key, spec in SPEC.section_spec(kind).items() if spec.type == "integer"}
MAX_SECTIONS = SPEC.root.fields["sections"].max_items  # the longest shipped layout has 15
TOP_KEYS = SPEC.root.keys()


@record
class Margins:
    top: float
    bottom: float
    left: float
    right: float


@record
class Page:
    paper: str
    size: tuple[float, float]  # the printed page (half the paper when imposed)
    margins: Margins
    max_pages: int | None
    pad_to: int
    imposition: str
    facing: bool = False  # left/right pages: running header and footer mirror on even pages
    origin: Origin | None = None  # where page: is written, for a paper the margins do not fit
    columns: int = 1  # text columns on a body page
    column_gap: float = 18.0  # between the columns, and between the text and the sidebar
    sidebar: float = 0.0  # width of the column beside the text for asides (0: none)


@record
class Section:
    type: str
    options: dict[str, Any]
    origin: Origin


@record
class Layout:
    name: str
    path: Path
    description: str
    title: str  # what the document is called, e.g. "Discussion Guide"
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
    min_body_size: float = 0.0  # fit.min_body_size: the body text's own floor (min_font_size when unset)
    grayscale: bool = False
    bleed: float = 0.0
    crop_marks: bool = False
    extends_chain: list[str] = field(default_factory=list)
    event_accent: bool = True  # print.event_accent: an event's accent_color replaces colors.accent
    labels: dict[str, Text] = field(default_factory=dict)


def load_layout(spec: str, overrides: list[tuple[str, str]] = (), paper: str | None = None,
                accent: str | None = None) -> Layout:
    """Load, merge and validate a layout, then apply an event's ``paper`` and ``accent``.

    ``overrides`` are ``--set`` pairs for layout keys.
    """
    problems = Problems()
    try:
        tree, path, chain = load_layout_tree(spec, problems=problems)
    except KitbuilderError as error:  # report it with the duplicates found before it
        problems.extend(error)
        problems.raise_if_any()
        raise
    for key, value in overrides:
        tree = set_override(tree, key, value)
    layout = read_layout(tree, path, chain, problems)
    problems.raise_if_any()
    return for_event(layout, paper, accent)


def for_event(layout: Layout, paper: str | None, accent: str | None) -> Layout:
    """The validated layout printed on the event's paper, in its accent colour (a new Layout)."""
    page = layout.page
    if paper and paper != page.paper:
        page = replace(page, paper=paper, size=page_size(paper, page.imposition))
        if not margins_fit(page):
            raise KitbuilderError.single(page.origin or Origin(str(layout.path)),
                                         f"the margins leave too little room for text on {paper} paper",
                                         "make the margins smaller")
    colors, styles = layout.colors, layout.styles
    if accent and layout.event_accent:
        colors = {**colors, "accent": accent}
        styles = {name: style.with_colors(colors) for name, style in styles.items()}
    return replace(layout, page=page, colors=colors, styles=styles)


def read_layout(tree: Node, path: Path, chain: list[str], problems: Problems) -> Layout | None:
    """A :class:`Layout` from a merged tree, every key read by its declaration (``specs/layout.yaml``)."""
    top = Fields(tree, problems, "", SPEC.root, tree.origin)
    page = _read_page(top, problems)
    fonts, fallback = read_fonts(top, problems)
    colors = read_colors(top, problems)
    printing = top.read("print")
    styles = read_styles(top, problems, fonts, colors)
    sections = _read_sections(top, problems)
    header = _read_texts(top.read("header"))
    footer = _read_texts(top.read("footer"))
    texts = _read_texts(top.read("text"))
    labels = _read_texts(top.read("labels"))
    fit = top.read("fit")
    min_size = (fit.read("min_font_size") if fit else None) or SPEC.at("fit.min_font_size").default
    min_body = max((fit.read("min_body_size") if fit else None) or 0.0, min_size)
    for style in styles.values():
        size = style.values.get("size")
        if size is not None and size < min_size - 1e-6:
            problems.add(style.origin, f"style '{style.name}' is {size:g} pt, below the layout's smallest "
                         f"allowed size (fit.min_font_size: {min_size:g})",
                         "make the style larger, or lower fit.min_font_size")
    grayscale, bleed, crop, event_accent = False, 0.0, False, True
    if printing is not None:
        grayscale, crop = printing.read("grayscale"), printing.read("crop_marks")
        event_accent = printing.read("event_accent")
        bleed = printing.read("bleed") or 0.0  # its declared range is checked as it is read
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
    description = top.read("description") or ""
    title = top.read("title") or chain[-1].replace("-", " ").title()
    return Layout(
        name=chain[-1], path=path, description=str(description), title=title,
        page=page, fonts=fonts, fallback_fonts=fallback, colors=colors, styles=styles,
        header=header, footer=footer, texts=texts, sections=sections, min_font_size=min_size,
        min_body_size=min_body,
        grayscale=grayscale, bleed=bleed, crop_marks=crop, extends_chain=chain, event_accent=event_accent,
        labels=labels,
    )


def page_size(paper: str, imposition: str) -> tuple[float, float]:
    if imposition != "none":  # two printed pages side by side on a landscape sheet of the paper
        short, long = PAPER_SIZES[paper]
        return long / 2, short
    return PAPER_SIZES[paper]


def margins_fit(page: Page) -> bool:
    width, height = page.size
    margins = page.margins
    return margins.left + margins.right <= width * 0.6 and margins.top + margins.bottom <= height * 0.6


def _read_page(top: Fields, problems: Problems) -> Page | None:
    page = top.read("page")
    if page is None:
        return None
    paper = page.read("paper")
    imposition = page.read("imposition")
    default = SPEC.at("page.margins").default
    margins = Margins(*[_margin(default, "") for _ in range(4)])
    margin_node = page.get("margins")
    if margin_node is not None and margin_node.kind == MAPPING:
        sides = Fields(margin_node, problems, "page.margins", page.declared("margins").also, margin_node.origin)
        margins = Margins(*[_margin(sides.get(side) or default, f"page.margins.{side}", problems)
                            for side in ("top", "bottom", "left", "right")])
    elif margin_node is not None:
        length = _margin(margin_node, "page.margins", problems)
        margins = Margins(length, length, length, length)
    pad_to = page.read("pad_to")
    if imposition == "booklet":
        pad_to = 4
    result = Page(paper, page_size(paper, imposition), margins, page.read("max_pages"), pad_to, imposition,
                  page.read("facing"), page.key_origin("margins"), page.read("columns"),
                  _length_or(page.read("column_gap"), "page.column_gap"),
                  _length_or(page.read("sidebar"), "page.sidebar"))
    if not margins_fit(result):
        problems.add(page.key_origin("margins"), "the margins leave too little room for text on this paper",
                     "make the margins smaller")
    return result


def _length_or(value, key: str) -> float:
    """A page length as read, or its declared default (a text such as 0.25in) in points."""
    default = SPEC.at(key).default
    return value if isinstance(value, (int, float)) else length_points(str(default))


def _margin(node: Node | str, where: str, problems: Problems | None = None) -> float:
    """A margin in points; a declared default (a text such as 0.5in) or a checked length (36pt when wrong)."""
    if isinstance(node, str):
        return length_points(node)
    length = read_length(node, where, problems)
    if length is not None and length < 0:
        problems.add(node.origin, f"{where} is negative", "write a margin of 0 or more, e.g. 0.75in")
        return _margin(SPEC.at("page.margins").default, "")
    return length if length is not None else _margin(SPEC.at("page.margins").default, "")


def _read_texts(fields: Fields | None) -> dict[str, Text]:
    """The texts of a mapping (header, footer) or a map of free keys (text:, labels:), as written."""
    if fields is None:
        return {}
    return {key: value for key in fields.values if (value := fields.read(key)) is not None}


def _read_sections(top: Fields, problems: Problems) -> list[Section]:
    nodes = top.read("sections")
    sections = []
    if nodes is not None and not nodes:
        problems.add(top.key_origin("sections"), "the layout has no sections: a layout needs at least one",
                     "list the sections to print under 'sections:', e.g. '- summary' and '- questions'")
    if nodes and len(nodes) > MAX_SECTIONS:
        problems.add(top.key_origin("sections"), f"the layout lists {len(nodes)} sections; the limit is {MAX_SECTIONS}",
                     f"list at most {MAX_SECTIONS} sections (a sign-in sheet can have up to "
                     f"{OPTION_RANGES['rows'][1]} rows instead of several sheets)")
        nodes = nodes[:MAX_SECTIONS]
    for index, node in enumerate(nodes or [], start=1):
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
        declared = SPEC.section_spec(kind)
        options = {key: spec.default for key, spec in declared.items()}
        if options_node is not None:
            f = Fields(options_node, problems, where, ["type", *declared], node.origin)
            for key, spec in declared.items():
                value_node = f.get(key)
                value = read_value(value_node, spec, join(where, key), problems) if value_node else None
                if value is not None:
                    options[key] = value
        sections.append(Section(kind, options, node.origin))
    return sections


def validate_layouts(specs: list[str]) -> list[Layout]:
    """Load and check each layout on its own (no kit: everything but the fit); every problem of
    every layout is reported together."""
    problems = Problems()
    layouts = []
    for spec in specs:
        try:
            layouts.append(load_layout(spec))
        except KitbuilderError as error:
            problems.extend(error)
    problems.raise_if_any()
    return layouts
