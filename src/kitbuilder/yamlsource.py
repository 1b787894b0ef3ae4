"""Read a YAML file safely into :class:`Node` trees that remember file, line and column.

Only plain data is accepted: mappings, sequences and scalars. Anything that could
surprise a user or exhaust the machine is refused with a located error before any
value is built: aliases (so "billion laughs" bombs are never expanded), explicit
tags such as ``!!python/object``, duplicate keys (PyYAML would silently keep the
last), tabs in indentation, bytes that are not UTF-8, files that are too large and
nesting that is too deep.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import KitbuilderError, Origin

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40

SCALAR, SEQUENCE, MAPPING = "scalar", "sequence", "mapping"


@dataclass
class Node:
    """A YAML value and where it stands. Mapping values are Nodes keyed by str."""

    kind: str
    value: Any
    origin: Origin
    key_origins: dict[str, Origin] = field(default_factory=dict)

    def describe(self) -> str:
        """The user's word for what this value is ('a list', 'the number 3', ...)."""
        if self.kind == SEQUENCE:
            return "a list"
        if self.kind == MAPPING:
            return "a mapping (key: value pairs)"
        return describe_scalar(self.value)


def describe_scalar(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value.isoformat()}"
    return f"the text {str(value)[:40]!r}"


def _origin(path: str, mark) -> Origin:
    return Origin(path, mark.line + 1, mark.column + 1)


class _SafeComposer(yaml.SafeLoader):
    """SafeLoader that refuses aliases, explicit tags and deep nesting while composing."""

    def __init__(self, stream, path: str):
        super().__init__(stream)
        self._path = path
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        origin = _origin(self._path, event.start_mark)
        if isinstance(event, AliasEvent):
            raise KitbuilderError.single(
                origin,
                f"YAML alias '*{event.anchor}' is not allowed",
                "write the value out in full; kitbuilder files may not use anchors (&) or aliases (*)",
            )
        if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent)):
            if event.tag not in (None, "!"):
                raise KitbuilderError.single(
                    origin,
                    f"YAML tag '{event.tag}' is not allowed",
                    "remove the tag (the word starting with '!'); put text in quotes if it starts with '!'",
                )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise KitbuilderError.single(
                origin, f"the data is nested more than {MAX_DEPTH} levels deep", "flatten the structure"
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _check_bytes(data: bytes, path: str) -> str:
    if len(data) > MAX_BYTES:
        raise KitbuilderError.single(
            Origin(path),
            f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}",
            "split the content or shorten it; a discussion kit is far smaller than this",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise KitbuilderError.single(
            Origin(path, line, column),
            f"the file is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
            "save the file as UTF-8 in your editor (\"Save As\" -> encoding UTF-8)",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            raise KitbuilderError.single(
                Origin(path, number, indent.index("\t") + 1),
                "a tab is used for indentation",
                "YAML indents with spaces only; replace the tab with spaces",
            )
    return text


def parse(text: str, path: str) -> Node:
    """Parse YAML text into a Node tree, raising KitbuilderError with a location."""
    loader = _SafeComposer(text, path)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        origin = _origin(path, mark) if mark else Origin(path)
        problem = exc.problem or exc.context or "invalid YAML"
        raise KitbuilderError.single(
            origin,
            f"YAML syntax error: {problem}",
            "check the indentation and quoting on this line and the one before; "
            "text containing ': ' or starting with a special character needs quotes",
        ) from None
    except yaml.YAMLError as exc:
        raise KitbuilderError.single(Origin(path), f"YAML error: {exc}", "check the file's syntax") from None
    finally:
        loader.dispose()
    if root is None:
        raise KitbuilderError.single(
            Origin(path, 1, 1), "the file is empty", "write the file's content (see the examples in kit/ and events/)"
        )
    return _convert(root, loader, path)


def _convert(node, loader: _SafeComposer, path: str) -> Node:
    origin = _origin(path, node.start_mark)
    if isinstance(node, ScalarNode):
        try:
            value = loader.construct_object(node)
        except yaml.YAMLError as exc:
            raise KitbuilderError.single(origin, f"invalid value: {exc}", "put the value in quotes") from None
        if isinstance(value, bytes):  # !!binary resolved implicitly never happens, but be explicit
            raise KitbuilderError.single(origin, "binary values are not allowed", "write text instead")
        return Node(SCALAR, value, origin)
    if isinstance(node, SequenceNode):
        return Node(SEQUENCE, [_convert(item, loader, path) for item in node.value], origin)
    if isinstance(node, MappingNode):
        mapping: dict[str, Node] = {}
        key_origins: dict[str, Origin] = {}
        for key_node, value_node in node.value:
            key_origin = _origin(path, key_node.start_mark)
            if not isinstance(key_node, ScalarNode):
                raise KitbuilderError.single(key_origin, "a key must be a plain word", "write the key as text")
            if key_node.value == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                raise KitbuilderError.single(key_origin, "YAML merge keys ('<<') are not allowed", "write the keys out")
            key = str(key_node.value)
            if key in mapping:
                first = key_origins[key]
                raise KitbuilderError.single(
                    key_origin,
                    f"duplicate key '{key}' (first given at line {first.line})",
                    "keep one of the two; YAML would otherwise silently use only the last",
                )
            key_origins[key] = key_origin
            mapping[key] = _convert(value_node, loader, path)
        return Node(MAPPING, mapping, origin, key_origins)
    raise KitbuilderError.single(origin, "unsupported YAML node", "write plain data")


def load_file(path: Path | str, what: str = "file") -> Node:
    """Read and parse ``path``. ``what`` names the file kind in messages ('kit', 'layout')."""
    path = Path(path)
    shown = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KitbuilderError.single(
            Origin(shown), f"{what} file not found", "check the path and the spelling of the file name"
        ) from None
    except IsADirectoryError:
        raise KitbuilderError.single(Origin(shown), f"the {what} path is a folder, not a file", "name a .yaml file") from None
    except OSError as exc:
        raise KitbuilderError.single(
            Origin(shown), f"cannot read the {what} file: {exc.strerror}", "check the file's permissions"
        ) from None
    text = _check_bytes(data, shown)
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        raise KitbuilderError.single(
            Origin(shown, 1, 1), f"the {what} file is empty", "write its content (see the examples shipped with kitbuilder)"
        )
    return parse(text, shown)
