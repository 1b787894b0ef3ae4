"""Dates and times in the kit's language, as CLDR (through Babel) writes them: the one place
that turns an event's date or time into words. No month names are kept here or in the labels.

- an ISO date (``2026-12-12``) -> the locale's full date: "samedi 12 décembre 2026",
  "Samstag, 12. Dezember 2026", "2026年12月12日土曜日"; anything else is printed as typed;
- a 24-hour time ``HH:MM`` (``19:30``) -> the locale's short time ("19:30", fr-CA "19 h 30",
  en-US "7:30 PM"), worded by the label ``event.clock_time`` (German: "{time} Uhr"); any other
  time text ("doors 7pm") is printed as typed.

English without a region (``en``, the default) is written as CLDR's en-GB writes it
("Saturday, 12 December 2026", "19:30"): kits travel the world, and a spelled-out month
and a 24-hour clock read the same everywhere. ``en-US`` asks for the American style.

Where a language's printing usage differs from CLDR's default, its labels file says so as
data: the labels ``date.pattern`` and ``time.pattern`` hold a CLDR pattern (French
``H 'h' mm`` -> "19 h 30"; Japanese ``y年M月d日（EEE）`` -> "2026年12月12日（土）"), or a
CLDR width (``full`` date and ``short`` time: the locale's own format, as English asks).
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from kitbuilder.diagnostics import KitbuilderError
from kitbuilder.model.language import locale_of
from kitbuilder.source.text import Text

if TYPE_CHECKING:
    from babel import Locale

BARE_ENGLISH = "en-GB"  # the CLDR locale whose dates and times 'en' prints
CLOCK_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def date_locale(language: str) -> Locale:
    return locale_of(BARE_ENGLISH if str(language) == "en" else str(language))


def _as_typed(result: str, value) -> str:
    """``result`` keeping the place ``value`` was written, so that a problem can point at it."""
    return Text(result, value.origin, value.field) if isinstance(value, Text) else result


def readable_date(value, labels) -> str | None:
    """'2026-12-12' -> the full date in the labels' language; anything else as typed."""
    if not value:
        return value
    try:
        day = datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return value
    from babel.dates import format_date  # only where a date is written: it loads Babel's time zones

    return _as_typed(_formatted(format_date, day, labels, "date.pattern", "full"), value)


def readable_time(value, labels) -> str | None:
    """'19:30' -> the short time in the labels' language (label ``event.clock_time``); else as typed."""
    if not value:
        return value
    match = CLOCK_TIME.fullmatch(str(value).strip())
    if not match:
        return value
    from babel.dates import format_time  # only where a time is written: it loads Babel's time zones

    clock = _formatted(format_time, datetime.time(int(match.group(1)), int(match.group(2))), labels,
                       "time.pattern", "short")
    return _as_typed(labels.text("event.clock_time", time=clock), value)


def _formatted(format_with, value, labels, pattern_label: str, default: str) -> str:
    """``value`` written by Babel's ``format_with`` in the CLDR pattern the label ``pattern_label``
    holds (a width such as ``full`` is the locale's own format), or ``default`` without the label."""
    pattern = labels.text(pattern_label).strip() if pattern_label in labels else ""
    try:
        return format_with(value, format=pattern or default, locale=date_locale(labels.language))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:  # Babel's word on a bad pattern
        raise KitbuilderError.single(
            getattr(labels.templates[pattern_label], "origin", None),
            f"label {pattern_label} '{pattern}' is not a CLDR pattern Babel can write ({error})",
            "write a CLDR pattern such as 'EEEE d MMMM y' or 'H:mm' (quote literal words: 'H \\'h\\' mm'), "
            "or 'full' / 'short' for the language's usual format") from None
