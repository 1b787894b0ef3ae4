"""Read validated values out of YAML :class:`~kitbuilder.source.yamlsource.Node` trees.

Loaders for kits, events and layouts read their files with :class:`Fields`, one
mapping at a time, by the mapping's declaration (:mod:`kitbuilder.source.spec`): the
allowed keys, each key's type, whether it is required, its range or choices and its
example all come from there, and :meth:`Fields.read` checks a key by its declared type
(:mod:`kitbuilder.source.scalars`). Every problem (missing key, wrong type, unknown key
with a did-you-mean) is recorded in a shared :class:`~kitbuilder.diagnostics.Problems`
list with its location, so one run reports every mistake in the file.
"""

from __future__ import annotations

import datetime
from typing import Any, Iterable

from kitbuilder.diagnostics import Origin, Problems
from kitbuilder.source.scalars import (  # noqa: F401 (re-exported)
    DATE_LIKE, did_you_mean_key, read_length, read_url, read_boolean, read_choice, read_color, read_integer, read_number,
    read_text,
)
from kitbuilder.source.spec import PARAGRAPH_LIMIT, FieldSpec  # noqa: F401 (re-exported)
from kitbuilder.source.text import Text  # noqa: F401 (re-exported)
from kitbuilder.source.yamlsource import MAPPING, SCALAR, SEQUENCE, Node


def join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


class Fields:
    """The keys of one YAML mapping, read one at a time by their declared types.

    ``allowed`` is the mapping's declaration (a :class:`FieldSpec` of type mapping or
    map), or a plain list of keys for mappings read by hand (font files).
    """

    def __init__(self, node: Node | None, problems: Problems, where: str, allowed: Iterable[str] | FieldSpec,
                 origin: Origin, at: Origin | None = None):
        """``at`` is where the mapping is named (its key in the parent), for 'missing key' messages."""
        self.problems = problems
        self.where = where
        self.spec = allowed if isinstance(allowed, FieldSpec) else None
        if self.spec is None:
            self.allowed = list(allowed)
        elif self.spec.type == "map":  # free keys
            self.allowed = list(node.value) if node is not None and node.kind == MAPPING else self.spec.keys()
        else:
            self.allowed = self.spec.keys()
        self.node = node
        self.origin = node.origin if node is not None else origin
        self.at = at or self.origin
        self.values: dict[str, Node] = {}
        self.suggested: set[str] = set()  # keys offered by a did-you-mean; not reported missing again
        if node is None:
            return
        if node.kind != MAPPING:
            keys = ", ".join(self.allowed[:6]) + ("..." if len(self.allowed) > 6 else "")
            if where:
                message = f"{where} must be a mapping of keys ({keys}), not {node.describe()}"
                fix = f"write 'key: value' lines on the lines below '{where.rsplit('.', 1)[-1]}:', indented by two spaces"
            else:
                # the file's content is not quoted: it may be any file (a folder's, found by listing)
                what = "text" if node.kind == SCALAR and isinstance(node.value, str) else node.describe()
                message = f"the file must be made of 'key: value' lines ({keys}), not {what}"
                fix = f"start the file with keys at the left edge, e.g. '{self.allowed[0]}:'" if self.allowed else \
                    "write 'key: value' lines"
            problems.add(node.origin, message, fix)
            return
        self.values = node.value
        for key in node.value:
            if key not in self.allowed:
                close = did_you_mean_key(key, self.allowed)
                if close and close not in node.value:
                    self.suggested.add(close)
                place = f" in {where}" if where else ""
                problems.add(
                    node.key_origins[key],
                    f"unknown key '{key}'{place}",
                    f"did you mean '{close}'?" if close else (
                        f"allowed keys are: {', '.join(self.allowed)}" if self.allowed else "remove it"),
                )

    @property
    def ok(self) -> bool:
        return self.node is not None and self.node.kind == MAPPING

    def has(self, key: str) -> bool:
        value = self.values.get(key)
        return value is not None and not (value.kind == SCALAR and value.value is None)

    def get(self, key: str) -> Node | None:
        return self.values.get(key) if self.has(key) else None

    def key_origin(self, key: str) -> Origin:
        if self.node is not None and key in self.node.key_origins:
            return self.node.key_origins[key]
        return self.origin

    def declared(self, key: str) -> FieldSpec:
        spec = self.spec.field_for(key) if self.spec is not None else None
        return spec if spec is not None else FieldSpec("text")

    def _missing(self, key: str, required: bool, example: str) -> None:
        if key in self.values:  # written, but with nothing after the colon
            if required:
                self.problems.add(self.key_origin(key), f"{join(self.where, key)} is empty; it is required",
                                  f"write a value after '{key}:'" + (f", e.g. '{key}: {example}'" if example else ""))
            return
        if required and key not in self.suggested:
            place = self.where or "the file"
            self.problems.add(
                self.at,
                f"{place} is missing the required key '{key}'",
                f"add a line like '{key}: {example}'" if example else f"add a line '{key}: ...'",
            )

    def read(self, key: str) -> Any:
        """The value of ``key``, checked by its declared type: None (or the declared default)
        when it is absent or wrong, with the problem recorded. A mapping gives its :class:`Fields`,
        a list its item nodes."""
        spec = self.declared(key)
        node = self.get(key)
        if node is None:
            self._missing(key, spec.required, spec.example)
            return spec.default if spec.type not in ("length", "mapping", "map", "list") else None
        if spec.type in ("mapping", "map"):
            return self.mapping(key, spec)
        if spec.type == "list":
            return self.sequence(key)
        value = read_value(node, spec, join(self.where, key), self.problems)
        return spec.default if value is None and spec.type in ("boolean", "choice") else value

    def mapping(self, key: str, allowed: Iterable[str] | FieldSpec | None = None, required: bool | None = None,
                example: str = "") -> "Fields | None":
        spec = self.declared(key)
        node = self.get(key)
        if node is None:
            self._missing(key, spec.required if required is None else required, example or spec.example)
            return None
        fields = Fields(node, self.problems, join(self.where, key), spec if allowed is None else allowed,
                        node.origin, at=self.key_origin(key))
        return fields if fields.ok else None

    def sequence(self, key: str, required: bool | None = None, example: str = "",
                 allow_single: bool | None = None) -> list[Node] | None:
        spec = self.declared(key)
        node = self.get(key)
        if node is None:
            self._missing(key, spec.required if required is None else required, example or spec.example)
            return None
        if node.kind == SEQUENCE:
            return node.value
        if (spec.single if allow_single is None else allow_single) and node.kind == SCALAR:
            return [node]
        self.problems.add(node.origin, f"{join(self.where, key)} must be a list (lines starting with '- '), not "
                          f"{node.describe()}", f"write each item on its own line under '{key}:', starting with '- '")
        return None

    def text_list(self, key: str, required: bool | None = None, allow_single: bool | None = None) -> list[Text]:
        items = self.sequence(key, required=required, allow_single=allow_single) or []
        item = self.declared(key).item or FieldSpec("text")
        texts = (read_text(node, join(join(self.where, key), i + 1), self.problems, item.limit)
                 for i, node in enumerate(items))
        return [t for t in texts if t is not None]


def read_value(node: Node, spec: FieldSpec, field: str, problems: Problems) -> Any:
    """One scalar value (text, number, true/false, choice, length, colour, date) by its declared type."""
    kind = spec.type
    if kind == "integer":
        return read_integer(node, field, problems, spec.min, spec.max, spec.example)
    if kind in ("number", "size"):
        return read_number(node, field, problems, spec.min, spec.max,
                           "a size in points" if kind == "size" else "a number")
    if kind == "boolean":
        return read_boolean(node, field, problems)
    if kind == "choice":
        return read_choice(node, field, problems, spec.choices)
    if kind == "length":
        return read_length(node, field, problems, spec.min, spec.max)
    if kind == "colour":
        return read_color(node, field, problems)
    if kind == "url":
        return read_url(node, field, problems, spec.limit)
    if kind == "date":
        if node.kind == SCALAR and node.problem is not None and DATE_LIKE.match(str(node.source or "")):
            problems.add(node.origin, *node.problem)  # 2025-13-45
            return None
        if node.kind == SCALAR and isinstance(node.value, datetime.date) and node.source is None:
            return Text(node.value.isoformat()[:10], node.origin, field)
    return read_text(node, field, problems, spec.limit)
