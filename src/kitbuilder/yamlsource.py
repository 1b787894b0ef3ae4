"""Read a YAML file safely into :class:`Node` trees that remember file, line and column.

Only plain data is accepted: mappings, sequences and scalars. Anything that could
surprise a user or exhaust the machine is refused with a located error before any
value is built: aliases (so "billion laughs" bombs are never expanded), explicit
tags such as ``!!python/object``, duplicate keys (PyYAML would silently keep the
last), tabs in indentation, bytes that are not UTF-8, control characters, files
that are too large and nesting that is too deep.

The tree is built straight from the parser's events (libyaml's C parser when it
is installed), one event at a time, so the checks run before anything is
expanded and a 1 MiB file is read in a fraction of a second.

Problems that do not stop the reading (a duplicate key, a tag, a merge key) are
collected, so one run reports all of them; pass a
:class:`~kitbuilder.errors.Problems` to :func:`load_file` or :func:`parse` to
have them reported together with the checks of the file's content.
"""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from .errors import KitbuilderError, Origin, Problems

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 10_000  # a real kit holds a few hundred keys and values

SCALAR, SEQUENCE, MAPPING = "scalar", "sequence", "mapping"

# libyaml's parser is written in C and is some fifty times faster than PyYAML's;
# both produce the same events.
_EventLoader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

# A tab among the spaces that start a line.
_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)

# The characters YAML refuses (the same set PyYAML's reader checks).
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")

SYNTAX_FIX = ("check the indentation and quoting on this line and the one before; "
              "text containing ': ' or starting with a special character needs quotes")


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
        shown = str(value)
        return f"the number {shown if len(shown) <= 40 else shown[:37] + '...'}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value.isoformat()}"
    return f"the text {str(value)[:40]!r}"


def _origin(path: str, mark) -> Origin:
    return Origin(path, mark.line + 1, mark.column + 1)


def _show_tag(tag: str) -> str:
    """The tag as the user wrote it: '!!python/object' rather than 'tag:yaml.org,2002:python/object'."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


# ----------------------------------------------------------------------------
# bytes -> text


def _check_bytes(data: bytes, path: str) -> str:
    if len(data) > MAX_BYTES:
        raise _too_big(path, len(data))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise KitbuilderError.single(
            Origin(path, 1, 1),
            f"the file is not UTF-8 text: it starts with byte 0x{data[0]:02x}, the mark of UTF-16 text",
            "save the file as UTF-8 in your editor (\"Save As\" -> encoding UTF-8)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        # The column counts characters, as editors do, not bytes.
        column = len(data[line_start: exc.start].decode("utf-8", errors="replace")) + 1
        raise KitbuilderError.single(
            Origin(path, line, column),
            f"the file is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
            "save the file as UTF-8 in your editor (\"Save As\" -> encoding UTF-8)",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _too_big(path: str, size: int | None) -> KitbuilderError:
    amount = f"{size:,} bytes" if size is not None else f"larger than {MAX_BYTES:,} bytes"
    return KitbuilderError.single(
        Origin(path),
        f"the file is too large: {amount}; the limit is {MAX_BYTES:,} bytes (1 MiB)",
        "check that this is the right file; a discussion kit is far smaller than this",
    )


def _check_text(text: str, path: str) -> None:
    """Refuse tabs used for indentation and characters YAML does not allow, with their place."""
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        before = text[: bad.start()]
        line = before.count("\n") + 1
        column = bad.start() - (before.rfind("\n") + 1) + 1
        code = ord(bad.group())
        raise KitbuilderError.single(
            Origin(path, line, column),
            f"the file contains the control character U+{code:04X}, which YAML does not allow",
            "delete it (it is often invisible: retype the text around this place)",
        )
    for match in _TAB_INDENT.finditer(text):
        end = text.find("\n", match.start())
        rest = text[match.start(): end if end >= 0 else len(text)].strip()
        if rest and not rest.startswith("#"):
            raise KitbuilderError.single(
                Origin(path, text.count("\n", 0, match.start()) + 1, len(match.group(1)) + 1),
                "a tab is used for indentation",
                "YAML indents with spaces only; replace the tab with spaces",
            )


# ----------------------------------------------------------------------------
# text -> Node tree


class _Builder:
    """Builds Nodes from parser events, checking each event before going on."""

    def __init__(self, text: str, path: str, problems: Problems):
        self.events = _EventLoader(text)
        self.path = path
        self.problems = problems
        self.tag_problems = 0
        self.count = 0
        # Used only to decide and build scalar values (ints, dates, ...), never for documents.
        self.scalars = yaml.SafeLoader("")

    def close(self) -> None:
        for loader in (self.events, self.scalars):
            try:
                loader.dispose()
            except Exception:  # pragma: no cover - disposing never matters for the result
                pass

    def document(self) -> Node | None:
        self._expect(StreamStartEvent)
        if self.events.check_event(StreamEndEvent):
            return None
        self._expect(DocumentStartEvent)
        root = self.node(1)
        self._expect(DocumentEndEvent)
        if not self.events.check_event(StreamEndEvent):
            event = self.events.peek_event()
            raise KitbuilderError.single(
                _origin(self.path, event.start_mark),
                "the file holds a second YAML document (after a '---' or '...' line)",
                "a kitbuilder file is one document: remove the '---' or '...' line and merge or delete what follows",
            )
        return root

    def _expect(self, kind) -> None:
        event = self.events.get_event()
        if not isinstance(event, kind):  # pragma: no cover - the parser guarantees the order
            raise KitbuilderError.single(_origin(self.path, event.start_mark), "unexpected YAML structure",
                                         SYNTAX_FIX)

    def node(self, depth: int) -> Node:
        event = self.events.get_event()
        origin = _origin(self.path, event.start_mark)
        if isinstance(event, AliasEvent):
            raise KitbuilderError.single(
                origin,
                f"YAML alias '*{event.anchor}' is not allowed",
                "write the value out in full; kitbuilder files may not use anchors (&) or aliases (*)",
            )
        if depth > MAX_DEPTH:
            raise KitbuilderError.single(
                origin, f"the data is nested more than {MAX_DEPTH} levels deep",
                "flatten the structure; a kit needs only a few levels",
            )
        self.count += 1
        if self.count > MAX_VALUES:
            raise KitbuilderError.single(
                origin, f"the file holds more than {MAX_VALUES:,} keys and values",
                "check that this is the right file; a discussion kit holds a few hundred",
            )
        tag = event.tag
        if tag not in (None, "!"):
            self.tag_problems += 1
            self.problems.add(
                origin,
                f"YAML tag '{_show_tag(tag)}' is not allowed",
                "remove the tag (the word starting with '!'); put text in quotes if it starts with '!'",
            )
        if isinstance(event, ScalarEvent):
            return Node(SCALAR, self.scalar(event, origin), origin)
        if isinstance(event, SequenceStartEvent):
            items = []
            while not self.events.check_event(SequenceEndEvent):
                items.append(self.node(depth + 1))
            self.events.get_event()
            return Node(SEQUENCE, items, origin)
        if isinstance(event, MappingStartEvent):
            return self.mapping(origin, depth)
        raise KitbuilderError.single(origin, "unsupported YAML structure", "write plain data")  # pragma: no cover

    def mapping(self, origin: Origin, depth: int) -> Node:
        values: dict[str, Node] = {}
        key_origins: dict[str, Origin] = {}
        while not self.events.check_event(MappingEndEvent):
            key_event = self.events.peek_event()
            key_origin = _origin(self.path, key_event.start_mark)
            key_node = self.node(depth + 1)
            value = self.node(depth + 1)
            if key_node.kind != SCALAR:
                self.problems.add(key_origin, f"a key must be a plain word, not {key_node.describe()}",
                                  "write the key as text followed by ':'")
                continue
            raw = key_event.value
            if raw == "<<" and key_event.implicit[0]:
                self.problems.add(key_origin, "YAML merge keys ('<<') are not allowed",
                                  "write the keys out in full")
                continue
            key = raw if isinstance(raw, str) else str(raw)
            if key in values:
                first = key_origins[key]
                self.problems.add(
                    key_origin,
                    f"duplicate key '{key}' (first given at line {first.line})",
                    "keep one of the two; YAML would otherwise silently use only the last",
                )
                continue
            key_origins[key] = key_origin
            values[key] = value
        self.events.get_event()
        return Node(MAPPING, values, origin, key_origins)

    def scalar(self, event: ScalarEvent, origin: Origin) -> Any:
        """The value of a scalar as YAML reads it without tags: text, number, boolean, date or empty."""
        if event.tag is None or event.tag == "!":
            tag = self.scalars.resolve(ScalarNode, event.value, event.implicit)
        else:
            tag = "tag:yaml.org,2002:str"  # refused above; read as text so the rest can be checked
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        build = self.scalars.yaml_constructors.get(tag)
        if build is None:  # e.g. '=' resolves to the YAML 'value' type: keep what was written
            return event.value
        try:
            value = build(self.scalars, node)
        except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
            raise self._bad_scalar(event, origin, tag, exc) from None
        if isinstance(value, bytes):  # pragma: no cover - !!binary needs a tag, which is refused
            raise KitbuilderError.single(origin, "binary values are not allowed", "write text instead")
        return value

    def _bad_scalar(self, event: ScalarEvent, origin: Origin, tag: str, exc: Exception) -> KitbuilderError:
        shown = event.value if len(event.value) <= 40 else event.value[:37] + "..."
        if tag.endswith(":timestamp"):
            detail = str(exc).split("\n")[0]
            return KitbuilderError.single(
                origin, f"'{shown}' looks like a date but is not a real one ({detail})",
                "write the date as YYYY-MM-DD, e.g. 2025-03-14, or put it in quotes to keep it as text",
            )
        if tag.endswith((":int", ":float")):
            return KitbuilderError.single(origin, f"the number '{shown}' is too long to read",
                                          "write a shorter number, or put it in quotes to keep it as text")
        return KitbuilderError.single(origin, f"the value '{shown}' cannot be read",
                                      "put the value in quotes to keep it as text")


def parse(text: str, path: str, problems: Problems | None = None) -> Node:
    """Parse YAML text into a Node tree, raising KitbuilderError with a location.

    Problems that do not stop the reading (duplicate keys, for instance) are added
    to ``problems`` when given, so the caller reports them with its own checks;
    otherwise they are raised at the end. A tag always stops the file here, once
    every tag and duplicate in it has been found.
    """
    own = problems is None
    found = Problems()
    _check_text(text, path)
    builder = _Builder(text, path, found)
    try:
        root = builder.document()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path, text) from None
    except yaml.reader.ReaderError as exc:  # pragma: no cover - _check_text refuses these first
        raise KitbuilderError.single(Origin(path), f"the file contains a character YAML does not allow ({exc.reason})",
                                     "delete the character") from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error is marked
        raise KitbuilderError.single(Origin(path), f"YAML error: {exc}", "check the file's syntax") from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps far below the limit
        raise KitbuilderError.single(Origin(path), "the data is nested too deeply", "flatten the structure") from None
    finally:
        builder.close()
    if builder.tag_problems or own:
        found.raise_if_any()
    else:
        problems.items.extend(found.items)
    if root is None:
        return Node(SCALAR, None, Origin(path, 1, 1))
    return root


# What is left open when the file ends too early: (the context PyYAML names, what to say, the fix).
_UNCLOSED = [
    ("quoted scalar", "the quoted text that starts here is never closed",
     "add the closing quote at the end of the text; to use a quote inside text, quote the whole text "
     "with the other kind of quote"),
    ("flow sequence", "the list that starts here with '[' is never closed with ']'",
     "add the missing ']', or write the list with one '- item' per line; text containing ', ' needs quotes"),
    ("flow mapping", "the mapping that starts here with '{' is never closed with '}'",
     "add the missing '}', or write one 'key: value' per line"),
]


def _syntax_error(exc: yaml.MarkedYAMLError, path: str, text: str = "") -> KitbuilderError:
    mark = exc.problem_mark or exc.context_mark
    origin = _origin(path, mark) if mark else Origin(path)
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    context = (exc.context or "").strip()
    if exc.context and exc.problem and exc.context_mark is not None:
        started = exc.context_mark
        at_end = exc.problem_mark is not None and exc.problem_mark.index >= len(text.rstrip())
        for name, message, fix in _UNCLOSED:
            if name in context and (at_end or "end of stream" in problem):
                return KitbuilderError.single(_origin(path, started), f"YAML syntax error: {message}", fix)
        where = f"line {started.line + 1}, column {started.column + 1}"
        if "could not find expected ':'" in problem and "simple key" in context:
            # PyYAML notices on the next line; the mistake is on the line the key starts.
            line = text.splitlines()[started.line].strip() if text and started.line < len(text.splitlines()) else ""
            return KitbuilderError.single(
                _origin(path, started), f"YAML syntax error: {line[:40]!r} is neither 'key: value' nor a list item",
                "if it is a key, add ':' after it (e.g. 'director: Lixin Fan'); if it is more text or another list "
                "item, indent it like the text above or start it with '- '",
            )
        if "did not find expected" in problem:
            for name, message, fix in _UNCLOSED[1:]:
                if name in context:
                    opened = message.split(" that starts here")[0]
                    closer = "']'" if "'['" in message else "'}'"
                    return KitbuilderError.single(
                        origin, f"YAML syntax error: {opened} that starts at {where} is not closed with {closer} "
                        f"before this point", fix)
        problem = f"{problem} {context} that starts at {where}"
    return KitbuilderError.single(origin, f"YAML syntax error: {problem}", SYNTAX_FIX)


def parse_value(text: str, origin_name: str = "--set") -> Node:
    """A value given on the command line (``--set key=VALUE``), read as YAML.

    A value starting with '#' (a colour such as #444444) is taken as text: on the
    command line it cannot be meant as a YAML comment. An empty value is empty text.
    """
    stripped = text.strip()
    if not stripped:
        return Node(SCALAR, "", Origin(origin_name))
    if stripped.startswith("#"):
        return Node(SCALAR, stripped, Origin(origin_name))
    if "\n" not in text and len(text) > 10_000:
        raise KitbuilderError.single(Origin(origin_name), "the value is too long", "give a shorter value")
    return parse(text, origin_name)


def load_file(path: Path | str, what: str = "file", problems: Problems | None = None) -> Node:
    """Read and parse ``path``. ``what`` names the file kind in messages ('kit', 'layout').

    With ``problems``, problems that do not stop the reading are added to it (see :func:`parse`).
    """
    path = Path(path)
    shown = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)  # never more: /dev/zero or a huge file cannot exhaust memory
    except FileNotFoundError:
        raise KitbuilderError.single(
            Origin(shown), f"{what} file not found", "check the path and the spelling of the file name"
        ) from None
    except IsADirectoryError:
        raise KitbuilderError.single(Origin(shown), f"the {what} path is a folder, not a file", "name a .yaml file") from None
    except PermissionError:
        raise KitbuilderError.single(
            Origin(shown), f"the {what} file cannot be read: permission denied",
            "check the file's permissions (it must be readable by you)",
        ) from None
    except OSError as exc:
        raise KitbuilderError.single(
            Origin(shown), f"cannot read the {what} file: {exc.strerror or exc}", "check the file and its permissions"
        ) from None
    if len(data) > MAX_BYTES:
        try:
            size = path.stat().st_size if path.is_file() else None
        except OSError:  # pragma: no cover
            size = None
        raise _too_big(shown, size if size and size > MAX_BYTES else None)
    text = _check_bytes(data, shown)
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        raise KitbuilderError.single(
            Origin(shown, 1, 1), f"the {what} file is empty", "write its content (see the examples shipped with kitbuilder)"
        )
    root = parse(text, shown, problems)
    if root.kind == SCALAR and root.value is None:  # only '---' or '~', for instance
        raise KitbuilderError.single(
            Origin(shown, 1, 1), f"the {what} file has no content", "write its content (see the examples shipped with kitbuilder)"
        )
    return root
