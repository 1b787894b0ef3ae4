"""Read validated values out of YAML :class:`~kitbuilder.source.yamlsource.Node` trees.

Loaders for kits, events and layouts describe their files with :class:`Fields`,
one mapping at a time. Every problem (missing key, wrong type, unknown key with a
did-you-mean) is recorded in a shared :class:`~kitbuilder.diagnostics.Problems` list
with its location, so one run reports every mistake in the file.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from typing import Iterable

from kitbuilder.diagnostics import Origin, Problems, did_you_mean
from kitbuilder.source.places import Span, locate
from kitbuilder.source.yamlsource import MAPPING, SCALAR, SEQUENCE, Node

# The longest text each kind of field may hold, in characters: beyond this a text cannot be
# printed well, and refusing it early keeps a huge value from slowing the build down.
# The kind is the field's last key (``film.title`` -> ``title``, ``questions[3]`` -> ``questions``).
HEADING_LIMIT = 1_000
URL_LIMIT = 4_000
PARAGRAPH_LIMIT = 20_000
TEXT_LIMITS: dict[str, int] = {
    **dict.fromkeys(["title", "original_title", "name", "heading", "tagline", "director", "attribution", "source",
                     "asked_by", "host", "date", "time", "facilitator", "item", "agenda", "credit", "logo",
                     "description", "left", "center", "right", "label"], HEADING_LIMIT),
    "url": URL_LIMIT,
}
# Every other text field (summary, question, body, notes, ...) holds paragraphs.

# Whole numbers as people write them: YAML 1.1 would also read 010 (8), 0x1F (31), 1_000 and 1:30 (90).
_PLAIN_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# What YAML reads as a date (YYYY-MM-DD, optionally with a time).
_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


class Text(str):
    """A string from the user's file that remembers where it came from.

    ``field`` is the dotted path shown in messages, e.g. ``questions[3].text``.
    ``span`` (when the text was read from a file) finds the place of any one of its
    characters: see :meth:`locate`.
    """

    origin: Origin
    field: str
    span: Span | None

    def __new__(cls, value: str, origin: Origin, field: str, span: Span | None = None) -> "Text":
        text = super().__new__(cls, value)
        text.origin = origin
        text.field = field
        text.span = span
        return text

    def locate(self, index: int) -> Origin:
        """The file:line:col of the character ``self[index]``, inside blocks and quotes too.

        Never raises: when the place cannot be told, the text's own origin is returned.
        """
        return locate(str(self), index, getattr(self, "span", None), self.origin)


def text_limit(field: str) -> int:
    """The most characters the field (a dotted path such as ``themes.items[2].title``) may hold."""
    last = field.rsplit(".", 1)[-1].split("[", 1)[0]
    return TEXT_LIMITS.get(last, PARAGRAPH_LIMIT)


def join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


class Fields:
    """The keys of one YAML mapping, read one at a time with type checks."""

    def __init__(self, node: Node | None, problems: Problems, where: str, allowed: Iterable[str], origin: Origin,
                 at: Origin | None = None):
        """``at`` is where the mapping is named (its key in the parent), for 'missing key' messages."""
        self.problems = problems
        self.where = where
        self.allowed = list(allowed)
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
                message = f"the file must be made of 'key: value' lines ({keys}), not {node.describe()}"
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

    def _wrong(self, key: str, node: Node, expected: str, fix: str = "") -> None:
        self.problems.add(
            node.origin,
            f"{join(self.where, key)} must be {expected}, not {node.describe()}",
            fix or f"write {expected} after '{key}:'",
        )

    def text(self, key: str, required: bool = False, example: str = "") -> Text | None:
        node = self.get(key)
        if node is None:
            self._missing(key, required, example)
            return None
        return read_text(node, join(self.where, key), self.problems)

    def integer(self, key: str, required: bool = False, minimum: int | None = None,
                maximum: int | None = None, example: str = "") -> int | None:
        node = self.get(key)
        if node is None:
            self._missing(key, required, example)
            return None
        return read_integer(node, join(self.where, key), self.problems, minimum, maximum, example)

    def number(self, key: str, minimum: float | None = None, maximum: float | None = None) -> float | None:
        node = self.get(key)
        if node is None:
            return None
        value = node.value
        if _unusual_number(node, _PLAIN_NUMBER):
            self.problems.add(node.origin, f"{join(self.where, key)} is written '{_shown(node.source)}', which is not "
                              "a plain number (YAML would read it as something else)",
                              "write the number with plain digits and at most one '.', e.g. 10.5")
            return None
        if node.kind == SCALAR and node.problem is not None:
            self.problems.add(node.origin, *node.problem)
            return None
        if node.kind != SCALAR or isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            self._wrong(key, node, "a number")
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.problems.add(node.origin, f"{join(self.where, key)} is {value}; it must be between {minimum} and {maximum}",
                              "choose a value in that range")
            return None
        return float(value)

    def boolean(self, key: str, default: bool) -> bool:
        node = self.get(key)
        if node is None:
            return default
        if node.kind != SCALAR or not isinstance(node.value, bool):
            self._wrong(key, node, "true or false")
            return default
        return node.value

    def choice(self, key: str, choices: Iterable[str], default: str | None) -> str | None:
        choices = list(choices)
        node = self.get(key)
        if node is None:
            return default
        value = node.value
        if node.kind != SCALAR or not isinstance(value, str) or value.lower() not in choices:
            hint = did_you_mean(str(value), choices) if node.kind == SCALAR else ""
            self.problems.add(
                node.origin,
                f"{join(self.where, key)} must be one of {', '.join(choices)}, not {node.describe()}",
                hint or f"write one of: {', '.join(choices)}",
            )
            return default
        return value.lower()

    def date(self, key: str) -> Text | None:
        """A date, kept as the text the user wrote (YYYY-MM-DD dates are checked)."""
        node = self.get(key)
        if node is None:
            return None
        if node.kind == SCALAR and node.problem is not None and _DATE_LIKE.match(str(node.source or "")):
            self.problems.add(node.origin, *node.problem)  # 2025-13-45
            return None
        if node.kind == SCALAR and isinstance(node.value, (datetime.date, datetime.datetime)) and node.source is None:
            return Text(node.value.isoformat()[:10], node.origin, join(self.where, key))
        return read_text(node, join(self.where, key), self.problems)

    def mapping(self, key: str, allowed: Iterable[str], required: bool = False, example: str = "") -> "Fields | None":
        node = self.get(key)
        if node is None:
            self._missing(key, required, example)
            return None
        fields = Fields(node, self.problems, join(self.where, key), allowed, node.origin, at=self.key_origin(key))
        return fields if fields.ok else None

    def sequence(self, key: str, required: bool = False, example: str = "", allow_single: bool = False) -> list[Node] | None:
        node = self.get(key)
        if node is None:
            self._missing(key, required, example)
            return None
        if node.kind == SEQUENCE:
            return node.value
        if allow_single and node.kind == SCALAR:
            return [node]
        self._wrong(key, node, "a list (lines starting with '- ')",
                    f"write each item on its own line under '{key}:', starting with '- '")
        return None

    def text_list(self, key: str, required: bool = False, allow_single: bool = False) -> list[Text]:
        items = self.sequence(key, required=required, allow_single=allow_single) or []
        texts = (read_text(item, join(join(self.where, key), i + 1), self.problems) for i, item in enumerate(items))
        return [t for t in texts if t is not None]


def read_text(node: Node, field: str, problems: Problems) -> Text | None:
    """The text of a value exactly as written in the file (YAML 1.1 would read 1:54 as 114,
    yes as true and 2009-10-01 as a date; a text field prints what the user typed)."""
    value = node.value
    if node.kind == SCALAR and value is None:
        problems.add(node.origin, f"{field} is empty", "write the text, or delete the line")
        return None
    if node.kind == SCALAR and node.source is not None:
        text = node.source
    elif node.kind != SCALAR or isinstance(value, (bool, datetime.date)):
        if node.kind == SCALAR:
            fix = "put the text in quotes, e.g. \"yes\""
        elif node.kind == SEQUENCE:
            fix = "write plain text here, not a list; put text containing ', ' or '[' in quotes"
        else:
            fix = "write plain text here; put text containing ': ' in quotes"
        problems.add(node.origin, f"{field} must be text, not {node.describe()}", fix)
        return None
    else:
        text = str(value)
    limit = text_limit(field)
    if len(text) > limit:
        problems.add(node.origin, f"{field} is {len(text):,} characters long; the limit for this field is "
                     f"{limit:,} characters", "shorten it" + (
                         "; split long text into shorter paragraphs or leave part of it out"
                         if limit >= PARAGRAPH_LIMIT else "; this is meant to be a short line"))
        return None
    if not text.strip():
        problems.add(node.origin, f"{field} is empty", "write the text, or remove the key")
        return None
    return Text(text, node.origin, field, node.span)


def read_integer(node: Node, field: str, problems: Problems, minimum: int | None = None,
                 maximum: int | None = None, example: str = "") -> int | None:
    value = node.value
    sample = example or (str(minimum) if minimum is not None else "3")
    if _unusual_number(node, _PLAIN_INTEGER) or (node.kind == SCALAR and isinstance(value, float)):
        problems.add(node.origin, f"{field} is written '{_shown(node.source)}', which is not a plain whole number "
                     "(YAML would read it as something else)",
                     f"write plain digits only, e.g. {sample} (no leading 0, no '.', ':', '_' or '0x')")
        return None
    if node.kind == SCALAR and node.problem is not None:  # 2009-13-45, or a number too long to read
        problems.add(node.origin, *node.problem)
        return None
    if node.kind != SCALAR or isinstance(value, bool) or not isinstance(value, int):
        problems.add(node.origin, f"{field} must be a whole number, not {node.describe()}",
                     f"write digits only, e.g. {sample}")
        return None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        low = "" if minimum is None else f" at least {minimum}"
        high = "" if maximum is None else f" at most {maximum}"
        joiner = " and" if low and high else ""
        problems.add(node.origin, f"{field} is {value}; it must be{low}{joiner}{high}", "correct the number")
        return None
    return value


def _unusual_number(node: Node, plain: re.Pattern) -> bool:
    """A number YAML read from something other than plain digits (0x1F, 010, 1_000, 1:30, .inf)."""
    value = node.value
    return (node.kind == SCALAR and node.source is not None and isinstance(value, (int, float))
            and not isinstance(value, bool) and not plain.fullmatch(node.source))


def _shown(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= 40 else text[:37] + "..."


def did_you_mean_key(word: str, choices: Iterable[str]) -> str:
    """The allowed key closest to a mistyped one ('titel' -> 'title'), or ''."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else ""
