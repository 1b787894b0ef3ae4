"""Colours, lengths and paragraph styles of a layout (``colors:``, ``styles:``).

Styles may name a ``parent`` style; values are resolved here, so the renderers see
each style whole. A colour named by its name under ``colors:`` (``color: accent``) is
remembered by name, so an event's accent colour can replace it after validation.
"""

from __future__ import annotations

from dataclasses import field, replace
from typing import Any

from kitbuilder.diagnostics import Origin, Problems, did_you_mean
from kitbuilder.records import record
from kitbuilder.source.fields import Fields, join, read_value
from kitbuilder.source.spec import load_spec
from kitbuilder.source.yamlsource import MAPPING, SCALAR, Node

STYLE_SPEC = load_spec("layout").at("styles").values
STYLE_KEYS = STYLE_SPEC.keys()
DEFAULT_COLORS: dict[str, str] = load_spec("layout").at("colors").default  # declared once, in specs/layout.yaml


@record
class Style:
    name: str
    values: dict[str, Any]  # resolved: parent values merged in
    origin: Origin
    color_names: dict[str, str] = field(default_factory=dict)  # key -> the name under colors: it was given by

    def with_colors(self, colors: dict[str, str]) -> "Style":
        """This style with its named colours looked up again in ``colors``."""
        if not self.color_names:
            return self
        values = {**self.values, **{key: colors[name] for key, name in self.color_names.items() if name in colors}}
        return replace(self, values=values)


def _any_keys(node: Node | None) -> list[str]:
    return list(node.value) if node is not None and node.kind == MAPPING else []


def read_colors(top: Fields, problems: Problems) -> dict[str, str]:
    colors = dict(DEFAULT_COLORS)
    fields = top.read("colors")
    if fields is None:
        return colors
    for name in fields.values:
        color = fields.read(name)
        if color:
            colors[name] = color
    return colors


def read_styles(top: Fields, problems: Problems, fonts: dict, colors: dict[str, str]) -> dict[str, Style]:
    fields = top.read("styles")
    if fields is None:
        return {}
    raw: dict[str, tuple[dict[str, Any], Origin, dict[str, str]]] = {}
    # Families written under fonts: count as defined even when their files have problems
    # (reported there), so every style using them does not repeat the complaint.
    fonts = {**dict.fromkeys(n for n in _any_keys(top.get("fonts")) if n != "fallback"), **fonts}
    for name, style_node in fields.values.items():
        where = join("styles", name)
        f = Fields(style_node, problems, where, STYLE_SPEC, style_node.origin)
        if not f.ok:
            continue
        values: dict[str, Any] = {}
        names: dict[str, str] = {}
        for key, value_node in f.values.items():
            if key not in STYLE_KEYS or value_node.kind == SCALAR and value_node.value is None:
                continue
            spec = STYLE_SPEC.fields[key]
            if spec.named and value_node.kind == SCALAR and isinstance(value_node.value, str) \
                    and value_node.value in colors:
                names[key] = value_node.value
                values[key] = colors[value_node.value]
                continue
            value = _style_value(key, value_node, join(where, key), problems, fonts)
            if value is not None:
                values[key] = value
        raw[name] = (values, style_node.origin, names)

    resolved: dict[str, Style] = {}

    def resolve(name: str, trail: tuple[str, ...]) -> dict[str, Any]:
        if name in resolved:
            return resolved[name].values
        values, origin, names = raw[name]
        parent = values.get("parent")
        merged: dict[str, Any] = {}
        merged_names: dict[str, str] = {}
        if parent is not None:
            if parent in trail:
                problems.add(origin, f"styles inherit in a circle: {' -> '.join(trail + (parent,))}", "fix the parent: keys")
            elif parent not in raw:
                problems.add(origin, f"style '{name}' has unknown parent '{parent}'",
                             did_you_mean(parent, raw) or "name a style defined under styles:")
            else:
                merged.update(resolve(parent, trail + (parent,)))
                merged_names.update(resolved[parent].color_names)
        merged.update({k: v for k, v in values.items() if k != "parent"})
        merged_names = {k: v for k, v in merged_names.items() if k not in values}
        merged_names.update(names)
        resolved[name] = Style(name, merged, origin, merged_names)
        return merged

    for name in raw:
        resolve(name, (name,))
    for required in ("body", "heading"):
        if required not in resolved and raw:
            problems.add(fields.origin, f"the layout defines no '{required}' style", f"add styles.{required}")
    return resolved


def _style_value(key, node, where, problems, fonts):
    if key == "parent":
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
    return read_value(node, STYLE_SPEC.fields[key], where, problems)
