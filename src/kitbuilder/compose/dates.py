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
"""

from __future__ import annotations

import datetime
import re

from babel import Locale
from babel.dates import format_date, format_time

from kitbuilder.model.language import locale_of
from kitbuilder.source.text import Text

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
    return _as_typed(format_date(day, format="full", locale=date_locale(labels.language)), value)


def readable_time(value, labels) -> str | None:
    """'19:30' -> the short time in the labels' language (label ``event.clock_time``); else as typed."""
    if not value:
        return value
    match = CLOCK_TIME.fullmatch(str(value).strip())
    if not match:
        return value
    clock = format_time(datetime.time(int(match.group(1)), int(match.group(2))), format="short",
                        locale=date_locale(labels.language))
    return _as_typed(labels.text("event.clock_time", time=clock), value)
