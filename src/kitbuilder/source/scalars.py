"""Read one YAML value as the type its declaration names, or say exactly what is wrong.

One reader per declared type (text, whole number, number, true/false, choice, length,
colour): every file kitbuilder reads checks its values here, so a type or a range is
checked, and worded, the same way everywhere. Each reader adds a located problem
(``file:line:col`` + ``fix``) and returns None when the value cannot be used.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Iterable

from kitbuilder.diagnostics import Problems, did_you_mean
from kitbuilder.source.spec import PARAGRAPH_LIMIT
from kitbuilder.source.text import Text
from kitbuilder.source.yamlsource import SCALAR, SEQUENCE, Node
from kitbuilder.units import HEX_COLOR, INCH, MAX_LENGTH, length_points

# Whole numbers as people write them: YAML 1.1 would also read 010 (8), 0x1F (31), 1_000 and 1:30 (90).
PLAIN_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# What YAML reads as a date (YYYY-MM-DD, optionally with a time).
DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


def read_text(node: Node, field: str, problems: Problems, limit: int = PARAGRAPH_LIMIT) -> Text | None:
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


def range_words(minimum: float | None, maximum: float | None) -> str:
    """'from 1 to 4', 'at least 1' or 'at most 8': how every range is worded."""
    if minimum is not None and maximum is not None:
        return f"from {minimum:g} to {maximum:g}"
    return f"at least {minimum:g}" if minimum is not None else f"at most {maximum:g}"


def _out_of_range(value: float, minimum: float | None, maximum: float | None) -> bool:
    return (minimum is not None and value < minimum) or (maximum is not None and value > maximum)


def read_integer(node: Node, field: str, problems: Problems, minimum: int | None = None,
                 maximum: int | None = None, example: str = "") -> int | None:
    value = node.value
    sample = example or (str(minimum) if minimum is not None else "3")
    if unusual_number(node, PLAIN_INTEGER) or (node.kind == SCALAR and isinstance(value, float)):
        problems.add(node.origin, f"{field} is written '{shown(node.source)}', which is not a plain whole number "
                     "(YAML would read it as something else)",
                     f"write plain digits only, e.g. {sample} (no leading 0, no '.', ':', '_' or '0x')")
        return None
    if node.kind == SCALAR and node.problem is not None:  # 2009-13-45, or a number too long to read
        problems.add(node.origin, *node.problem)
        return None
    if node.kind != SCALAR or isinstance(value, bool) or not isinstance(value, int):
        within = f" {range_words(minimum, maximum)}" if minimum is not None and maximum is not None else ""
        problems.add(node.origin, f"{field} must be a whole number, not {node.describe()}",
                     f"write a whole number{within}, e.g. {sample}" if within else f"write digits only, e.g. {sample}")
        return None
    if _out_of_range(value, minimum, maximum):
        words = range_words(minimum, maximum)
        problems.add(node.origin, f"{field} is {value}; it must be {words}", f"write a whole number {words}")
        return None
    return value


def read_number(node: Node, field: str, problems: Problems, minimum: float | None = None,
                maximum: float | None = None, what: str = "a number") -> float | None:
    """A number; ``what`` names it in messages ('a size in points')."""
    value = node.value
    if unusual_number(node, PLAIN_NUMBER):
        problems.add(node.origin, f"{field} is written '{shown(node.source)}', which is not a plain number "
                     "(YAML would read it as something else)",
                     "write the number with plain digits and at most one '.', e.g. 10.5")
        return None
    if node.kind == SCALAR and node.problem is not None:
        problems.add(node.origin, *node.problem)
        return None
    wrong = node.kind != SCALAR or isinstance(value, bool) or not isinstance(value, (int, float)) \
        or not math.isfinite(value)
    if what != "a number" and (wrong or _out_of_range(value, minimum, maximum)):  # the range is part of what
        problems.add(node.origin, f"{field} must be {what} {_between(minimum, maximum)}, not {node.describe()}",
                     "write a number, e.g. 10.5")
        return None
    if wrong:
        problems.add(node.origin, f"{field} must be a number, not {node.describe()}", f"write a number after "
                     f"'{field.rsplit('.', 1)[-1]}:'")
        return None
    if _out_of_range(value, minimum, maximum):
        problems.add(node.origin, f"{field} is {value:g}; it must be {_between(minimum, maximum)}",
                     "choose a value in that range")
        return None
    return float(value)


def _between(minimum, maximum) -> str:
    if minimum is not None and maximum is not None:
        return f"between {minimum:g} and {maximum:g}"
    return range_words(minimum, maximum)


def read_boolean(node: Node, field: str, problems: Problems) -> bool | None:
    if node.kind != SCALAR or not isinstance(node.value, bool):
        problems.add(node.origin, f"{field} must be true or false, not {node.describe()}",
                     f"write true or false after '{field.rsplit('.', 1)[-1]}:'")
        return None
    return node.value


def read_choice(node: Node, field: str, problems: Problems, choices: Iterable[str]) -> str | None:
    choices = list(choices)
    value = node.value
    if node.kind != SCALAR or not isinstance(value, str) or value.lower() not in choices:
        hint = did_you_mean(str(value), choices) if node.kind == SCALAR else ""
        problems.add(node.origin, f"{field} must be one of {', '.join(choices)}, not {node.describe()}",
                     hint or f"write one of: {', '.join(choices)}")
        return None
    return value.lower()


def parse_length(node: Node, field_name: str, problems: Problems) -> float | None:
    """A length in points, from a number (points) or a text such as 0.75in, 18mm, 2cm or 12pt."""
    value = node.value
    if node.kind == SCALAR and isinstance(value, (int, float)) and not isinstance(value, bool) \
            and math.isfinite(value) and abs(value) <= MAX_LENGTH:
        return float(value)
    if node.kind == SCALAR and isinstance(value, str) and (points := length_points(value)) is not None:
        return points
    problems.add(node.origin, f"{field_name} must be a length like 12pt, 0.75in, 18mm or 2cm, not {node.describe()}",
                 "write a number followed by pt, in, mm or cm")
    return None


def read_length(node: Node, field: str, problems: Problems, minimum: float | None = None,
                maximum: float | None = None) -> float | None:
    """A length (see :func:`parse_length`) within the declared range, in points."""
    if unusual_number(node, PLAIN_NUMBER):  # 1:00 would be 60 points, 0x10 16
        problems.add(node.origin, f"{field} is written '{shown(node.source)}', which is not a plain length "
                     "(YAML would read it as something else)", "write a number followed by pt, in, mm or cm, e.g. 6pt")
        return None
    length = parse_length(node, field, problems)
    if length is None or minimum is None and maximum is None or not _out_of_range(length, minimum, maximum):
        return length
    low = "" if minimum is None else f"{minimum:g}pt"
    high = "" if maximum is None else f"{maximum:g}pt ({maximum / INCH:g}in)"
    words = f"from {low} to {high}" if low and high else (f"at least {low}" if low else f"at most {high}")
    problems.add(node.origin, f"{field} is {length:g}pt; it must be {words}",
                 "choose a length in that range")
    return None


# A link is printed and encoded in a QR code: only the web and e-mail are safe to follow.
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
SAFE_SCHEMES = ("http:", "https:", "mailto:")


def read_url(node: Node, field: str, problems: Problems, limit: int) -> Text | None:
    """A web address (https://, http://, or a bare one such as example.org/page) or an
    e-mail address (mailto:). Other schemes (javascript:, file:, pdf:, ...) are refused."""
    url = read_text(node, field, problems, limit)
    if url is None:
        return None
    scheme = SCHEME.match(url)
    if scheme and scheme.group().lower() not in SAFE_SCHEMES:
        problems.add(node.origin, f"{field} is a '{scheme.group()[:-1]}' address; only web addresses (https://...) "
                     "and e-mail addresses (mailto:...) can be printed as links",
                     "write the address starting with https://, or mailto: for an e-mail address")
        return None
    if any(c.isspace() for c in url.strip()) or url.strip() != url:
        problems.add(node.origin, f"{field} contains a space; an address cannot",
                     "remove the spaces (write %20 where the address really has one)")
        return None
    return url


def read_color(node: Node, field_name: str, problems: Problems) -> str | None:
    if node.kind == SCALAR and isinstance(node.value, str) and HEX_COLOR.fullmatch(node.value.strip()):
        return node.value.strip().lower()
    problems.add(node.origin, f"{field_name} must be a colour like \"#2a6f97\", not {node.describe()}",
                 "write '#' and six hex digits, in quotes (YAML treats an unquoted # as a comment)")
    return None


def unusual_number(node: Node, plain: re.Pattern) -> bool:
    """A number YAML read from something other than plain digits (0x1F, 010, 1_000, 1:30, .inf)."""
    value = node.value
    return (node.kind == SCALAR and node.source is not None and isinstance(value, (int, float))
            and not isinstance(value, bool) and not plain.fullmatch(node.source))


def shown(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= 40 else text[:37] + "..."


def did_you_mean_key(word: str, choices: Iterable[str]) -> str:
    """The allowed key closest to a mistyped one ('titel' -> 'title'), or ''."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    import difflib  # only when a key is mistyped

    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else ""
