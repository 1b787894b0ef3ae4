"""The declared specs of kit, event and layout files (``kitbuilder/model/specs/*.yaml``).

Each file is declared once, as data: every key with its type, whether it is required,
its default, range or choices, an example, one line of help and (for text) its length
limit. :class:`FieldSpec` is one declared field; :func:`load_spec` reads a declaration.
:mod:`kitbuilder.source.fields` reads values by it, :mod:`kitbuilder.source.json_schema`
turns it into a JSON Schema, and the README's tables are made from it.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from dataclasses import field
from typing import Any

from kitbuilder.records import record
from kitbuilder.source.datacache import yaml_data

SPEC_PACKAGE = "kitbuilder.model.specs"
MODELS = ("kit", "event", "layout")

# The longest text each kind of field may hold, in characters: beyond this a text cannot be
# printed well, and refusing it early keeps a huge value from slowing the build down.
# Each text field names its kind in its declaration (``limit: heading``); paragraph is the default.
HEADING_LIMIT = 1_000
URL_LIMIT = 4_000
PARAGRAPH_LIMIT = 20_000
TEXT_LIMITS = {"heading": HEADING_LIMIT, "url": URL_LIMIT, "paragraph": PARAGRAPH_LIMIT}

DECLARATION_KEYS = {"type", "required", "default", "min", "max", "choices", "example", "help", "limit", "named",
                    "single", "min_items", "max_items", "shorthand", "fields", "values", "item", "also",
                    "title", "section_options", "section_types"}
TYPES = ("text", "url", "integer", "number", "size", "boolean", "choice", "length", "colour", "date", "path",
         "list", "mapping", "map", "section")


@record(frozen=True)
class FieldSpec:
    """One declared field. ``fields`` are a mapping's named keys; ``values`` the type of a
    map's free keys; ``item`` a list's items; ``also`` a second form the value may take;
    ``shorthand`` the key a plain text stands for (a question as text = ``{text: ...}``)."""

    type: str
    required: bool = False
    default: Any = None
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    example: str = ""
    help: str = ""
    limit: int = PARAGRAPH_LIMIT
    named: bool = False  # a colour that may also be a name under colors:
    single: bool = False  # a list that may be written as one plain value
    min_items: int | None = None
    max_items: int | None = None
    shorthand: str | None = None
    fields: dict[str, "FieldSpec"] = field(default_factory=dict)
    values: "FieldSpec | None" = None
    item: "FieldSpec | None" = None
    also: "FieldSpec | None" = None

    def keys(self) -> list[str]:
        return list(self.fields)

    def field_for(self, key: str) -> "FieldSpec | None":
        """The spec of ``key`` in this mapping or map (a map's free keys share ``values``)."""
        return self.fields.get(key) or self.values


def build(raw: dict[str, Any]) -> FieldSpec:
    """A :class:`FieldSpec` from its declaration (a dict read from the spec file)."""
    kind = raw["type"]
    if kind not in TYPES:
        raise ValueError(f"unknown field type {kind!r} in a spec")
    unknown = set(raw) - DECLARATION_KEYS
    if unknown:  # e.g. a comma inside an unquoted help text in a {flow: mapping}
        raise ValueError(f"unknown declaration keys {sorted(unknown)} in a spec")
    limit = raw.get("limit", "paragraph")
    return FieldSpec(
        type=kind,
        required=bool(raw.get("required", False)),
        default=raw.get("default"),
        min=raw.get("min"),
        max=raw.get("max"),
        choices=tuple(raw.get("choices", ())),
        example=str(raw.get("example", "")),
        help=str(raw.get("help", "")),
        limit=TEXT_LIMITS[limit] if isinstance(limit, str) else int(limit),
        named=bool(raw.get("named", False)),
        single=bool(raw.get("single", False)),
        min_items=raw.get("min_items"),
        max_items=raw.get("max_items"),
        shorthand=raw.get("shorthand"),
        fields={key: build(value) for key, value in (raw.get("fields") or {}).items()},
        values=build(raw["values"]) if "values" in raw else None,
        item=build(raw["item"]) if "item" in raw else None,
        also=build(raw["also"]) if "also" in raw else None,
    )


@record(frozen=True)
class ModelSpec:
    """A whole declaration: the root mapping, plus (layouts) the section types and options."""

    name: str
    title: str
    help: str
    root: FieldSpec
    section_options: dict[str, FieldSpec] = field(default_factory=dict)
    section_types: dict[str, dict[str, FieldSpec]] = field(default_factory=dict)

    def at(self, dotted: str) -> FieldSpec | None:
        """The spec of a dotted key path such as ``film.title`` or ``page.margins``."""
        spec: FieldSpec | None = self.root
        for key in dotted.split("."):
            if spec is None:
                return None
            if spec.type == "list":
                spec = spec.item
            if spec is None or spec.type not in ("mapping", "map"):
                spec = spec.also if spec is not None and spec.also is not None else None
                if spec is None:
                    return None
            spec = spec.field_for(key)
        return spec

    def section_spec(self, kind: str) -> dict[str, FieldSpec]:
        """Every option a section of type ``kind`` takes (the common ones first)."""
        return {**self.section_options, **self.section_types[kind]}


def read_declaration(name: str) -> dict[str, Any]:
    # The declarations are the package's own files: plain YAML, read once per machine (source/datacache).
    folder = Path(importlib.import_module(SPEC_PACKAGE).__file__).parent
    return yaml_data((folder / f"{name}.yaml").read_bytes(), "spec")


@functools.lru_cache(maxsize=None)
def load_spec(name: str) -> ModelSpec:
    """The declaration of the ``kit``, ``event`` or ``layout`` file."""
    raw = read_declaration(name)
    return ModelSpec(
        name=name,
        title=raw.get("title", name),
        help=raw.get("help", ""),
        root=build(raw),
        section_options={k: build(v) for k, v in (raw.get("section_options") or {}).items()},
        section_types={kind: {k: build(v) for k, v in (options or {}).items()}
                       for kind, options in (raw.get("section_types") or {}).items()},
    )
