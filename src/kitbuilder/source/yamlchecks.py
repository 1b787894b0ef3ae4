"""The checks of a YAML file's bytes and text before it is parsed, and the wording of syntax errors.

Used by :mod:`kitbuilder.source.yamlsource`: the file must be UTF-8 (a UTF-16 or UTF-32
file is named as such), within the size limit, free of characters YAML refuses
and of tabs used for indentation; PyYAML's syntax errors are reworded for
volunteers, at the place where the mistake was made; values that YAML reads
otherwise than meant (a date that is not real, 'key: #...' read as a comment) are
described in the same words.
"""

from __future__ import annotations

import codecs
import datetime
import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.source.places import Document, Span

MAX_BYTES = 1024 * 1024
# Longer plain scalars are never converted to numbers: PyYAML's int and float constructors are
# quadratic in the length ('1:1:1:...', 480 KB, took 12 s) and no real number is this long.
MAX_NUMBER_CHARACTERS = 100
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_TEXT_TAG = "tag:yaml.org,2002:str"

# A tab among the spaces that start a line.
_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)

# The characters YAML refuses (the same set PyYAML's reader checks).
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")

SYNTAX_FIX = ("check the indentation and quoting on this line and the one before; "
              "text containing ': ' or starting with a special character needs quotes")

# Byte-order marks of the encodings that are not UTF-8. UTF-32 LE starts like UTF-16 LE,
# so it must be tried first.
_OTHER_ENCODINGS = [
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
]


# A value left empty because what follows the key is a comment: 'accent_color: #1f5e3f'.
_COMMENT_AFTER_KEY = re.compile(r"[ \t]+(#.*)")


def _origin(path: str, mark) -> Origin:
    return Origin(path, mark.line + 1, mark.column + 1)




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


def show_tag(tag: str) -> str:
    """The tag as the user wrote it: '!!python/object' rather than 'tag:yaml.org,2002:python/object'."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def check_bytes(data: bytes, path: str) -> str:
    if len(data) > MAX_BYTES:
        raise too_big(path, len(data))
    for mark, encoding in _OTHER_ENCODINGS:
        if data.startswith(mark):
            raise KitbuilderError.single(
                Origin(path, 1, 1),
                f"the file is not UTF-8 text: it starts with the bytes {mark.hex(' ')}, the mark of {encoding} text",
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


def too_big(path: str, size: int | None) -> KitbuilderError:
    amount = f"{size:,} bytes" if size is not None else f"larger than {MAX_BYTES:,} bytes"
    return KitbuilderError.single(
        Origin(path),
        f"the file is too large: {amount}; the limit is {MAX_BYTES:,} bytes (1 MiB)",
        "check that this is the right file; a discussion kit is far smaller than this",
    )


def check_text(text: str, path: str) -> None:
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


def syntax_error(exc: yaml.MarkedYAMLError, path: str, text: str = "") -> KitbuilderError:
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




def scalar_value(loader: yaml.SafeLoader, event) -> tuple[Any, tuple[str, str] | None]:
    """A scalar event's value as YAML reads it without tags, and why it cannot be read as what it
    looks like (None when it can). ``loader`` only resolves and builds scalars, never a document."""
    if event.tag is None or event.tag == "!":
        tag = loader.resolve(ScalarNode, event.value, event.implicit)
    else:
        tag = _TEXT_TAG  # a tag is refused by the caller; read as text so the rest can be checked
    if tag == _TEXT_TAG:  # most values: the text as written, which is what the loader would build
        return event.value, None
    if tag in _NUMBER_TAGS and len(event.value) > MAX_NUMBER_CHARACTERS:
        # Kept as text: text fields print it as written, number fields report this problem.
        return event.value, bad_scalar(event.value, tag, ValueError("too long"))
    build = loader.yaml_constructors.get(tag)
    if build is None:  # e.g. '=' resolves to the YAML 'value' type: keep what was written
        return event.value, None
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return build(loader, node), None
    except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
        # Text fields still print it as written; number and date fields report this.
        return event.value, bad_scalar(event.value, tag, exc)


def bad_scalar(written: str, tag: str, exc: Exception) -> tuple[str, str]:
    """What is wrong with a value YAML cannot read as what it looks like, and the fix."""
    shown = written if len(written) <= 40 else written[:37] + "..."
    if tag.endswith(":timestamp"):
        detail = str(exc).split("\n")[0]
        return (f"'{shown}' looks like a date but is not a real one ({detail})",
                "write the date as YYYY-MM-DD, e.g. 2025-03-14, or put it in quotes to keep it as text")
    if tag.endswith((":int", ":float")):
        return (f"the number '{shown}' is too long to read",
                "write a shorter number, or put it in quotes to keep it as text")
    return f"the value '{shown}' cannot be read", "put the value in quotes to keep it as text"


def comment_as_value(document: Document, key: str, empty: Span) -> tuple[Origin, str, str] | None:
    """When the empty value ``empty`` of ``key`` is followed on its line by a '#' comment
    ('accent_color: #1f5e3f'), the problem to report: place, message and fix."""
    start = document.offset(empty.line, empty.column)
    line_end = document.text.find("\n", start)
    rest = document.text[start: line_end if line_end >= 0 else len(document.text)].rstrip("\r")
    match = _COMMENT_AFTER_KEY.match(rest)
    if not match:
        return None
    comment = match.group(1).rstrip()
    quoted = comment if len(comment) <= 40 else comment[:37] + "..."
    if len(comment) > 1 and " " not in comment[:8]:
        fix = f"put it in quotes: {key}: \"{quoted}\""
    else:
        fix = (f"write the value before the comment ('{key}: value  {quoted}') or delete the line; "
               f"if '{quoted}' is the value, put it in quotes")
    return (document.origin(start + match.start(1)),
            f"the value after '{key}:' starts with '#', so YAML read it as a comment", fix)
