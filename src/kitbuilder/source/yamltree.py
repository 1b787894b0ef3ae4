"""Build :class:`Node` trees from YAML text, checking every parser event before going on.

Only plain data is accepted: mappings, sequences and scalars. Anything that could
surprise a user or exhaust the machine is refused with a located error before any
value is built: aliases (so "billion laughs" bombs are never expanded), explicit
tags such as ``!!python/object``, duplicate keys (PyYAML would silently keep the
last), nesting that is too deep and too many values (the bytes and characters of the
text are checked first, by :mod:`kitbuilder.source.yamlchecks`).

The tree is built straight from the parser's events (libyaml's C parser when it
is installed), one event at a time, so the checks run before anything is
expanded and a 1 MiB file is read in a fraction of a second. Reading a file and
remembering its tree is :mod:`kitbuilder.source.yamlsource`.
"""

from __future__ import annotations

from dataclasses import field
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

from kitbuilder.diagnostics import KitbuilderError, Origin, Problems
from kitbuilder.records import record
from kitbuilder.source.places import Document, Span
from kitbuilder.source.yamlchecks import (SYNTAX_FIX, check_text, comment_as_value, describe_scalar, scalar_value,
                                          show_tag, syntax_error)

__all__ = ["MAPPING", "SCALAR", "SEQUENCE", "Node", "build_tree"]

MAX_DEPTH = 40
MAX_VALUES = 10_000  # a real kit holds a few hundred keys and values

SCALAR, SEQUENCE, MAPPING = "scalar", "sequence", "mapping"

# libyaml's parser is written in C and is some fifty times faster than PyYAML's. The two
# read the same events but for one thing: a '?' inside an unquoted text between [ ] or { }
# (libyaml keeps it in the text, PyYAML refuses the file). A text there with a ' ?' (French
# spacing) or starting with '?' is refused whichever is installed (_Builder.node), with the
# fix to put it in quotes, as is PyYAML's own refusal of a '?' there; a plain '[Why?]' is
# still read by libyaml alone.
_EventLoader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

@record
class Node:
    """A YAML value and where it stands. Mapping values are Nodes keyed by str."""

    kind: str
    value: Any
    origin: Origin
    key_origins: dict[str, Origin] = field(default_factory=dict)
    # For a scalar read from a file: the text exactly as written (YAML 1.1 would read 19:30 as
    # the number 1170 and 010 as 8; text fields print this instead), and where it stands.
    source: str | None = None
    span: Span | None = None
    # Why the value cannot be what it looks like ("2025-13-45 is not a real date"): reported
    # by the fields that want a number or a date, not by the ones that print text as written.
    problem: tuple[str, str] | None = None

    def describe(self) -> str:
        """The user's word for what this value is ('a list', 'the number 3', ...)."""
        if self.kind == SEQUENCE:
            return "a list"
        if self.kind == MAPPING:
            return "a mapping (key: value pairs)"
        if self.source is not None and isinstance(self.value, (int, float)) and not isinstance(self.value, bool):
            shown = self.source
            return f"the number {shown if len(shown) <= 40 else shown[:37] + '...'}"
        return describe_scalar(self.value)


def unquoted_question_mark(origin: Origin) -> KitbuilderError:
    """A '?' in an unquoted text between [ ] or { }: YAML readers disagree on it (see _EventLoader)."""
    return KitbuilderError.single(
        origin, "a text between [ ] or { } that holds a '?' must be in quotes (YAML readers cut it at "
        "the '?' or at a comma before it)",
        "put it in quotes, e.g. follow_ups: [\"Which one moved you, and why?\"]")


def _origin(path: str, mark) -> Origin:
    return Origin(path, mark.line + 1, mark.column + 1)


def _span(document: Document, event) -> Span:
    start, end = event.start_mark, event.end_mark
    return Span(document, start.line, start.column, end.line, end.column, event.style or "")


# ----------------------------------------------------------------------------
# text -> Node tree


class _Builder:
    """Builds Nodes from parser events, checking each event before going on."""

    def __init__(self, text: str, path: str, problems: Problems):
        self.events = _EventLoader(text)
        self.path = path
        self.file_text = Document(path, text)
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

    def node(self, depth: int, in_flow: bool = False) -> Node:
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
                f"YAML tag '{show_tag(tag)}' is not allowed",
                "remove the tag (the word starting with '!'); put text in quotes if it starts with '!'",
            )
        if isinstance(event, ScalarEvent):
            value_text = event.value
            if in_flow and not event.style and (" ?" in value_text or value_text.startswith("?")):
                from kitbuilder.source.places import locate

                span = _span(self.file_text, event)
                # plain (style None or ''): libyaml keeps the '?', PyYAML stops there; a comma before it
                # has already cut a French sentence in two ("Laquelle ..., et pourquoi ?")
                raise unquoted_question_mark(locate(value_text, value_text.index("?"), span, origin))
            value, problem = self.scalar(event, origin)
            return Node(SCALAR, value, origin, source=event.value, span=_span(self.file_text, event), problem=problem)
        if isinstance(event, SequenceStartEvent):
            items = []
            while not self.events.check_event(SequenceEndEvent):
                items.append(self.node(depth + 1, in_flow or bool(event.flow_style)))
            self.events.get_event()
            return Node(SEQUENCE, items, origin)
        if isinstance(event, MappingStartEvent):
            return self.mapping(origin, depth, in_flow or bool(event.flow_style))
        raise KitbuilderError.single(origin, "unsupported YAML structure", "write plain data")  # pragma: no cover

    def mapping(self, origin: Origin, depth: int, in_flow: bool = False) -> Node:
        values: dict[str, Node] = {}
        key_origins: dict[str, Origin] = {}
        while not self.events.check_event(MappingEndEvent):
            key_event = self.events.peek_event()
            key_origin = _origin(self.path, key_event.start_mark)
            key_node = self.node(depth + 1, in_flow)
            value = self.node(depth + 1, in_flow)
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
            self._comment_for_value(key, key_event, value)
        self.events.get_event()
        return Node(MAPPING, values, origin, key_origins)

    def _comment_for_value(self, key: str, key_event, value: Node) -> None:
        """'accent_color: #1f5e3f' leaves the value empty: YAML reads '#...' as a comment. Say so."""
        if value.kind != SCALAR or value.value is not None or value.source or value.span is None \
                or value.span.style or value.span.line != key_event.end_mark.line:
            return
        found = comment_as_value(self.file_text, key, value.span)
        if found:
            self.problems.add(*found)

    def scalar(self, event: ScalarEvent, origin: Origin) -> tuple[Any, tuple[str, str] | None]:
        """The value of a scalar as YAML reads it without tags (text, number, boolean, date or empty)
        and, when it cannot be read as what it looks like, why (see :attr:`Node.problem`)."""
        value, problem = scalar_value(self.scalars, event)
        if isinstance(value, bytes):  # pragma: no cover - !!binary needs a tag, which is refused
            raise KitbuilderError.single(origin, "binary values are not allowed", "write text instead")
        return value, problem


def build_tree(text: str, path: str, problems: Problems | None) -> tuple[Node | None, bool]:
    """The tree of ``text`` (None for an empty document), and whether it was read without any
    problem. Problems that do not stop the reading are added to ``problems`` (so the tree must
    not be shared: they are reported again on every reading), or raised at the end without it;
    a tag is always raised, once every tag and duplicate in the text has been found."""
    own = problems is None
    found = Problems()
    check_text(text, path)
    builder = _Builder(text, path, found)
    try:
        root = builder.document()
    except yaml.MarkedYAMLError as exc:
        if _EventLoader is yaml.SafeLoader and "got '?'" in str(exc.problem) and exc.problem_mark is not None:
            raise unquoted_question_mark(_origin(path, exc.problem_mark)) from None  # as libyaml's reading is
        raise syntax_error(exc, path, text) from None
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
    return root, not found.items
