"""The spaces that must not break in western text: inside a date ("samedi 12 décembre 2026",
"Saturday, December 12, 2026": weekday and month names from CLDR through Babel, the
language's ``date_words`` such as Spanish "de"), and between a number and what belongs to
it, never any other word: a unit, time word or currency after it (``number_words``, e.g.
"85 min", "7:30 pm", "19:30 Uhr"), a word such as "Nr." before it (``before_number``),
and a short unit between two numbers ("19 h 30"). The lists are data per language in
``labels/_typography.yaml``; web and e-mail addresses are left as typed.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from kitbuilder.source.datacache import remembered

if TYPE_CHECKING:
    from kitbuilder.compose.typography import Rules

NBSP = "\u00a0"
DIGIT = re.compile(r"\d")

# Addresses are printed exactly as typed: a web address (with a scheme, or www., or a
# bare domain followed by a path) or an e-mail address.
ADDRESS = re.compile(
    r"(?:\b(?:https?://|mailto:|www\.)[^\s<>\"]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/[^\s<>\"]*)", re.IGNORECASE)


def protected(text: str) -> list[bool]:
    """For each character of ``text``, whether it is part of a web or e-mail address."""
    inside = [False] * len(text)
    for match in ADDRESS.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in ".,;:!?)»”’\"'":  # sentence punctuation after it
            end -= 1
        for i in range(match.start(), end):
            inside[i] = True
    return inside


@functools.cache
def _calendar_names(language: str, kind: str) -> tuple[str, ...]:
    """Month or day names (``kind``: months, days), wide and abbreviated, in the language,
    from CLDR through Babel (worked out once per machine and Babel installation: source/datacache)."""
    from kitbuilder.model.language import babel_source

    return remembered("calendar", babel_source(), _cldr_calendar_names, language, kind, check=_names_usable)


def _names_usable(found) -> bool:
    """Whether names read from the cache have the shape :func:`_cldr_calendar_names` gives."""
    return isinstance(found, tuple) and all(type(name) is str and name for name in found)


def _cldr_calendar_names(language: str, kind: str) -> tuple[str, ...]:
    try:
        from babel import Locale
        locale = Locale.parse(language.replace("-", "_"))
    except Exception:  # noqa: BLE001 - an unknown locale only loses this refinement
        return ()
    names = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            names.update(getattr(locale, kind)[context][width].values())
    return tuple(sorted((n.rstrip(".") for n in names if n.strip(".").isalpha()), key=len, reverse=True))


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in words)


@functools.cache
def _date_pattern(rules: Rules) -> tuple[re.Pattern, re.Pattern] | None:
    """A date as words: weekday and month names, day and year numbers and the language's
    date words, one space (and perhaps a comma or dot) apart, holding a month or weekday name."""
    months, days = _calendar_names(rules.language, "months"), _calendar_names(rules.language, "days")
    if not months:
        return None
    name = rf"(?:{_alternatives(months + days)})\.?"
    token = rf"(?:{name}|\d{{1,4}}(?:\.|er|º)?|{_alternatives(rules.date_words) or '(?!)'})"
    comma = r"(?:(?:(?<=[^\W\d_])|(?<=[^\W\d_]\.)),|,(?= \d{4}(?!\w)))?"  # after a name, or before a year
    return (re.compile(rf"(?<!\w){token}(?:{comma}[ ]{token})+(?!\w)", re.IGNORECASE),
            re.compile(rf"(?<!\w){name}(?!\w)", re.IGNORECASE))


@functools.cache
def _number_patterns(rules: Rules) -> tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]:
    """The language's patterns of a number and its word, built once: a word after a number,
    a word before one, a unit between two numbers (None where the language lists no words)."""
    after = between = before = None
    if rules.number_words:
        words = _alternatives(rules.number_words)
        after = re.compile(rf"(?<=\d) (?:{words})(?![^\W\d_])", re.IGNORECASE)
        between = re.compile(rf"(?<=\d)[ \u00a0](?:{words})( )(?=\d)")
    if rules.before_number:
        before = re.compile(rf"(?<!\w)(?:{_alternatives(rules.before_number)}) (?=\d)")
    return after, before, between


def no_break_spaces(text: str, rules: Rules) -> str:
    """No-break spaces after numbers, around month names and in "19 h 30" (the spaces are
    replaced one for one, so the text keeps its length)."""
    if rules.cjk:
        return text
    if not DIGIT.search(text):  # every pattern below needs a digit: most text has none
        return str(text)
    chars = list(text)
    after, before, between = _number_patterns(rules)
    for match in after.finditer(text) if after else ():  # 85 min, 7:30 pm, 19:30 Uhr, 20 %
        chars[match.start()] = NBSP
    for match in before.finditer(text) if before else ():  # Nr. 5, € 12
        chars[match.end() - 1] = NBSP
    for match in between.finditer(text) if between else ():  # 19 h 30: a unit between two numbers
        chars[match.start(1)] = NBSP
    date, name = _date_pattern(rules) or (None, None)
    for match in date.finditer(text) if date else ():
        if any(c.isdigit() for c in match.group()) and name.search(match.group()):
            for i in range(match.start(), match.end()):
                chars[i] = NBSP if text[i] == " " else chars[i]
    inside = protected(text)
    if True not in inside:  # no address: nothing to put back as typed
        return "".join(chars)
    return "".join(c if not inside[i] else text[i] for i, c in enumerate(chars))
