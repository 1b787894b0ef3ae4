"""The README's key tables, made from the declarations (``scripts/write_schemas.py`` writes them,
``tests/test_schema.py`` checks the README holds the current ones)."""

from __future__ import annotations

import re

from kitbuilder.source.spec import FieldSpec, load_spec

TABLE_START = "<!-- key table: {name} (made from src/kitbuilder/model/specs/{name}.yaml by scripts/write_schemas.py) -->"
TABLE_END = "<!-- end of key table -->"


def type_words(spec: FieldSpec) -> str:
    """How a field's type is named for a reader: 'text', 'whole number 1-2200', '`letter` or `a4`'."""
    words = _words(spec)
    return f"{words} or {_words(spec.also)}" if spec.also is not None else words


def _words(spec: FieldSpec) -> str:
    kind = spec.type
    if kind == "choice":
        return " or ".join(f"`{choice}`" for choice in spec.choices)
    if kind in ("integer", "number", "size"):
        noun = "whole number" if kind == "integer" else "number"
        if spec.min is not None and spec.max is not None:
            return f"{noun} {spec.min:g}–{spec.max:g}"
        return f"{noun} ≥ {spec.min:g}" if spec.min is not None else noun
    if kind == "list":
        return f"list of {_plural(type_words(spec.item))}"
    if kind == "mapping":
        words = "mapping (" + ", ".join(f"`{key}`" for key in spec.fields) + ")"
        return f"text or {words}" if spec.shorthand else words
    if kind == "map":
        return f"names → {type_words(spec.values)}"
    return {"path": "file", "colour": 'colour, e.g. `"#2a6f97"`', "length": "length (pt, in, mm, cm)",
            "boolean": "true or false", "date": "date or text"}.get(kind, kind)


def _plural(words: str) -> str:
    for noun in ("number", "file"):
        if words.startswith(noun) or words.startswith(f"whole {noun}"):
            return words.replace(noun, noun + "s", 1)
    return words


def key_table(name: str) -> str:
    """The Markdown table of a declaration's top-level keys: key, type, what it does."""
    spec = load_spec(name).root
    rows = ["| key | type | what it does |", "|---|---|---|"]
    for key, field in spec.fields.items():
        required = " (required)" if field.required else ""
        example = f" Example: `{field.example}`." if field.example and field.type not in ("mapping", "list") else ""
        rows.append(f"| `{key}`{required} | {type_words(field)} | {field.help}{example} |")
    return "\n".join(rows)


def replace_table(readme: str, name: str) -> str:
    """``readme`` with the table between the markers for ``name`` made anew."""
    start = TABLE_START.format(name=name)
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(TABLE_END), re.DOTALL)
    if not pattern.search(readme):
        raise ValueError(f"the README has no key table marker for {name}")
    return pattern.sub(lambda _: f"{start}\n{key_table(name)}\n{TABLE_END}", readme)
