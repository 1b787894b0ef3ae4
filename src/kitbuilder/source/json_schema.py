"""JSON Schema (draft 2020-12) made from a declaration, for editors that check YAML as you type.

``kitbuilder schema kit|event|layout`` prints :func:`json_schema`; the package ships the
three results in ``kitbuilder/schemas/`` (a test checks they are current). The schema
describes a file as an editor reads it (YAML 1.2): a text field also accepts a number or
true/false written bare, as kitbuilder prints exactly what was typed; a length is a
number of points or a text such as ``0.75in``; a layout that ``extends:`` another is
partial, so its required keys are required only without ``extends:``.
"""

from __future__ import annotations

import json
from typing import Any

from kitbuilder.source.spec import FieldSpec, ModelSpec, load_spec
from kitbuilder.units import HEX_COLOR_PATTERN, LENGTH_PATTERN

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://kitbuilder.invalid/schemas/"  # an identifier only; nothing is fetched from it
POSITIVE_LENGTH_PATTERN = LENGTH_PATTERN.replace("-?", "", 1)
COLOUR_PATTERN = HEX_COLOR_PATTERN
# What an editor reads from a bare value the tool keeps as typed text (1:54, 2009, yes).
TEXT_TYPES = ["string", "number", "boolean"]


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the ``kit``, ``event`` or ``layout`` file."""
    model = load_spec(name)
    schema: dict[str, Any] = {"$schema": DRAFT, "$id": f"{SCHEMA_BASE}{name}.schema.json", "title": model.title,
                              "description": model.help}
    root = _schema(model.root, model)
    required = root.pop("required", None)
    schema.update(root)
    if required and "extends" in model.root.fields:  # a partial layout names what it extends
        schema["if"] = {"not": {"required": ["extends"]}}
        schema["then"] = {"required": required}
    elif required:
        schema["required"] = required
    if model.section_types:
        schema["$defs"] = {"section": _section(model)}
    return schema


def schema_text(name: str) -> str:
    """The schema as the shipped file holds it: indented JSON and a final newline."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def _schema(spec: FieldSpec, model: ModelSpec) -> dict[str, Any]:
    schema = _annotations(spec)
    schema.update(_shape(spec, model))
    if spec.also is not None:
        first = {k: v for k, v in schema.items() if k not in ("description", "default", "examples")}
        schema = {**{k: v for k, v in schema.items() if k in ("description", "default", "examples")},
                  "anyOf": [first, _schema(spec.also, model)]}
    return schema


# The same rule as scalars.read_url: https://, http://, mailto: or a bare address (no other scheme).
URL_PATTERN = r"^(?:(?:[Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)[^\s]+|(?![A-Za-z][A-Za-z0-9+.-]*:)[^\s]+)$"


def _annotations(spec: FieldSpec) -> dict[str, Any]:
    notes: dict[str, Any] = {}
    if spec.help:
        notes["description"] = spec.help
    if spec.default is not None:
        notes["default"] = spec.default
    return notes


def _shape(spec: FieldSpec, model: ModelSpec) -> dict[str, Any]:
    kind = spec.type
    if kind in ("text", "path", "date"):
        return {"type": TEXT_TYPES, "maxLength": spec.limit, "minLength": 1}
    if kind == "url":
        return {"type": "string", "maxLength": spec.limit, "pattern": URL_PATTERN}
    if kind in ("integer", "number", "size"):
        shape: dict[str, Any] = {"type": "integer" if kind == "integer" else "number"}
        if spec.min is not None:
            shape["minimum"] = spec.min
        if spec.max is not None:
            shape["maximum"] = spec.max
        return shape
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "choice":
        return {"enum": list(spec.choices)}
    if kind == "length":
        number: dict[str, Any] = {"type": "number"}
        if spec.min is not None:
            number["minimum"] = spec.min
        if spec.max is not None:
            number["maximum"] = spec.max
        pattern = POSITIVE_LENGTH_PATTERN if spec.min is not None and spec.min >= 0 else LENGTH_PATTERN
        return {"anyOf": [number, {"type": "string", "pattern": pattern}]}
    if kind == "colour":
        if spec.named:  # a colour, or a name under colors:
            return {"type": "string", "minLength": 1}
        return {"type": "string", "pattern": COLOUR_PATTERN}
    if kind == "section":
        return {"$ref": "#/$defs/section"}
    if kind == "list":
        items = _schema(spec.item, model)
        array: dict[str, Any] = {"type": "array", "items": items}
        if spec.min_items is not None:
            array["minItems"] = spec.min_items
        if spec.max_items is not None:
            array["maxItems"] = spec.max_items
        return {"anyOf": [items, array]} if spec.single else array
    return _object(spec, model)


def _object(spec: FieldSpec, model: ModelSpec) -> dict[str, Any]:
    properties = {key: _schema(field, model) if field.required else _nullable(_schema(field, model))
                  for key, field in spec.fields.items()}
    shape: dict[str, Any] = {"type": "object", "properties": properties}
    required = [key for key, field in spec.fields.items() if field.required]
    if required:
        shape["required"] = required
    shape["additionalProperties"] = _nullable(_schema(spec.values, model)) if spec.type == "map" else False
    if spec.shorthand:  # a plain text stands for the mapping
        return {"anyOf": [_schema(spec.fields[spec.shorthand], model), shape]}
    return shape


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional key written with nothing after the colon counts as absent."""
    if isinstance(schema.get("type"), list):
        return {**schema, "type": [*schema["type"], "null"]}
    if isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


def _section(model: ModelSpec) -> dict[str, Any]:
    """A section: its type's name alone, or a mapping with ``type:`` and that type's options."""
    forms: list[dict[str, Any]] = [{"enum": list(model.section_types)}]
    for kind in model.section_types:
        options = {key: _nullable(_schema(spec, model)) for key, spec in model.section_spec(kind).items()}
        forms.append({"type": "object", "properties": {"type": {"const": kind}, **options},
                      "required": ["type"], "additionalProperties": False})
    return {"description": "A section type, or a mapping with 'type:' and its options.", "anyOf": forms}
