"""The kit's ``language:``: a BCP 47 tag (``fr``, ``fr-CA``, ``pt-BR``, ``zh-Hans``), checked
with Babel (CLDR), which also knows how that language writes dates and times.

:func:`read_language` validates the tag as written and normalises its case (``FR-ca`` ->
``fr-CA``); :func:`fallbacks` lists the label files that may serve it, most specific first.

What CLDR says of a tag (known or not, its language, its fallbacks, whether it names a
language) is worked out once per machine and Babel installation (source/datacache,
:func:`facts`), so that a build whose tags are known imports no Babel (some 2 ms) and
loads no locale data (some 9 ms for a tag written in the kit).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from kitbuilder.diagnostics import Problems, did_you_mean
from kitbuilder.labels import ENGLISH, SHIPPED
from kitbuilder.source.datacache import remembered
from kitbuilder.source.text import Text

if TYPE_CHECKING:
    from babel import Locale

DEFAULT_LANGUAGE = ENGLISH
# tags Babel accepts that name no language: CLDR's shared base data, and 'undetermined'
# (which Babel turns into English by its likely-subtags table)
NO_LANGUAGE = {"root": "CLDR's name for the data all languages share", "und": "the code for 'undetermined language'"}


def normalised(tag: str) -> str:
    """``tag`` with the case BCP 47 recommends: language lower, Script title, REGION upper."""
    parts = str(tag).strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


@functools.cache
def locale_of(tag: str) -> Locale:
    """Babel's locale for a checked, normalised tag (raises for an unknown one)."""
    from babel import Locale

    return Locale.parse(tag, sep="-")


@functools.cache
def babel_source() -> str:
    """What names the installed Babel and its CLDR data for the data cache, found without
    importing it: the path, size and modification time of its ``__init__.py`` (which holds its
    version; installing another version rewrites it), as the stamps take it."""
    import os
    from importlib.util import find_spec

    spec = find_spec("babel")
    origin = spec.origin if spec is not None else None
    status = os.stat(origin) if origin else None
    return f"babel {origin} {status and (status.st_size, status.st_mtime_ns)}"


@functools.cache
def facts(tag: str) -> dict | None:
    """What CLDR says of the normalised ``tag`` (None when Babel does not know it): its
    ``language`` subtag, its ``fallbacks`` and whether it ``named`` a language (its English
    name), worked out once per machine and Babel installation (source/datacache)."""
    return remembered("language", babel_source(), _cldr_facts, tag, check=functools.partial(_usable, tag))


def _usable(tag: str, found) -> bool:
    """Whether ``found``, read from the cache, has the shape :func:`_cldr_facts` gives for ``tag``
    (an unknown tag, None, is asked of Babel again: only a kit refused for it takes that path)."""
    if found is None:
        return _cldr_facts(tag) is None
    return (isinstance(found, dict) and set(found) == {"language", "fallbacks", "named"}
            and type(found["language"]) is str and type(found["named"]) is bool
            and type(found["fallbacks"]) is list and bool(found["fallbacks"]) and found["fallbacks"][0] == tag
            and all(type(part) is str and part for part in found["fallbacks"]))


def _cldr_facts(tag: str) -> dict | None:
    """:func:`facts` from Babel (all its work is here: the cache key holds this function's code)."""
    from babel import UnknownLocaleError
    from babel.core import get_global

    try:
        locale = locale_of(tag)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    script = locale.script
    if not script:  # CLDR's likely subtags: Latn for en
        likely = get_global("likely_subtags")
        for key in (f"{locale.language}_{locale.territory}" if locale.territory else None, locale.language):
            if key and key in likely:
                parts = likely[key].split("_")
                script = parts[1] if len(parts) > 2 else None
                break
    found = [tag]
    for parts in ((locale.language, script, locale.territory), (locale.language, script),
                  (locale.language, locale.territory), (locale.language,)):
        if all(parts):
            found.append("-".join(parts))
    named = tag.split("-")[0] not in NO_LANGUAGE and bool(locale.get_language_name(ENGLISH))
    return {"language": locale.language, "fallbacks": list(dict.fromkeys(found)), "named": named}


def fallbacks(tag: str) -> list[str]:
    """The tags whose label files may serve ``tag``, most specific first: ``fr-CA`` -> fr-CA, fr;
    ``zh-CN`` -> zh-CN, zh-Hans-CN, zh-Hans, zh (the script comes from CLDR's likely subtags).
    Raises as Babel does for a tag it does not know."""
    known = facts(tag)
    if known is None:
        locale_of(tag)  # Babel's own error
        raise ValueError(f"unknown language tag {tag!r}")
    return list(known["fallbacks"])


def language_of(tag: str) -> str:
    """The language subtag of a checked, normalised tag, as CLDR reads it (``zh-Hant`` -> ``zh``)."""
    known = facts(tag)
    return locale_of(tag).language if known is None else known["language"]


def read_language(value: Text | None, origin, problems: Problems) -> str:
    """The kit's language tag, normalised, keeping where it was written; English when absent.
    A tag Babel does not know is reported at ``origin`` with a suggestion."""
    if value is None:
        return DEFAULT_LANGUAGE
    tag = normalised(value)
    known = facts(tag)
    if known is None:
        problems.add(origin, f"language '{value}' is not a language tag kitbuilder knows",
                     (_suggestion(str(value)) + " Otherwise w" if _suggestion(str(value)) else "W")
                     + "rite a BCP 47 tag such as fr, fr-CA, de, es, pt-BR or zh-Hans; "
                     f"kitbuilder has labels for: {', '.join(SHIPPED)}")
        return DEFAULT_LANGUAGE
    if not known["named"]:
        meaning = NO_LANGUAGE.get(tag.split("-")[0], "a code without a language name")
        problems.add(origin, f"language '{value}' names no particular language (it is {meaning}), so "
                     "kitbuilder cannot know which words, dates and quotation marks to print",
                     "write the tag of the language the kit is written in, such as en, fr, fr-CA, de, es, "
                     f"pt-BR or zh-Hans; kitbuilder has labels for: {', '.join(SHIPPED)}")
        return DEFAULT_LANGUAGE
    return Text(tag, value.origin, value.field, None) if isinstance(value, Text) else tag


def _suggestion(written: str) -> str:
    """'did you mean ...' for a near-miss tag, or for a language written by name ('French', 'Deutsch')."""
    names = _language_names()
    if written.strip().lower() in names:
        return f"did you mean '{names[written.strip().lower()]}'?"
    return did_you_mean(normalised(written), list(SHIPPED) + [t.replace("_", "-") for t in _identifiers()])


@functools.cache
def _identifiers() -> tuple[str, ...]:
    from babel.localedata import locale_identifiers
    return tuple(locale_identifiers())


@functools.cache
def _language_names() -> dict[str, str]:
    """Language names, in English and in the language itself, to their tags (shipped ones win)."""
    from babel import Locale

    names = {name.lower(): code for code, name in Locale.parse(ENGLISH).languages.items() if "_" not in code}
    for tag in SHIPPED:
        locale = locale_of(tag)
        for name in (locale.get_display_name(ENGLISH), locale.get_display_name(), locale.get_language_name(ENGLISH),
                     locale.get_language_name()):
            if name:
                names[name.lower()] = tag
    return names
