"""Colours, lengths and paragraph styles of a layout (``colors:``, ``styles:``).

Styles may name a ``parent`` style; values are resolved here, so the renderers see
each style whole.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from kitbuilder.diagnostics import Origin, Problems, did_you_mean
from kitbuilder.source.fields import Fields, join
from kitbuilder.source.yamlsource import MAPPING, SCALAR, Node

UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}

STYLE_KEYS = [
    "parent", "font", "bold", "italic", "size", "leading", "color", "background", "align",
    "space_before", "space_after", "left_indent", "right_indent", "first_line_indent",
    "keep_with_next", "uppercase", "border_color", "border_width", "padding",
]
ALIGNMENTS = ["left", "center", "right", "justify"]


@dataclass
class Style:
    name: str
    values: dict[str, Any]  # resolved: parent values merged in
    origin: Origin


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


def _any_keys(node: Node | None) -> list[str]:
    return list(node.value) if node is not None and node.kind == MAPPING else []


def read_colors(top: Fields, problems: Problems) -> dict[str, str]:
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


def read_styles(top: Fields, problems: Problems, fonts: dict, colors: dict[str, str]) -> dict[str, Style]:
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
