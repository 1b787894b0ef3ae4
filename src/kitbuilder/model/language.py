"""The kit's ``language:``: a BCP 47 tag (``fr``, ``fr-CA``, ``pt-BR``, ``zh-Hans``), checked
with Babel (CLDR), which also knows how that language writes dates and times.

:func:`read_language` validates the tag as written and normalises its case (``FR-ca`` ->
``fr-CA``); :func:`fallbacks` lists the label files that may serve it, most specific first.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from kitbuilder.diagnostics import Problems, did_you_mean
from kitbuilder.labels import ENGLISH, SHIPPED
from kitbuilder.source.datacache import remembered
from kitbuilder.source.text import Text

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
    return Locale.parse(tag, sep="-")


def fallbacks(tag: str) -> list[str]:
    """The tags whose label files may serve ``tag``, most specific first: ``fr-CA`` -> fr-CA, fr;
    ``zh-CN`` -> zh-CN, zh-Hans-CN, zh-Hans, zh (the script comes from CLDR's likely subtags)."""
    locale = locale_of(tag)
    script = locale.script or _likely_script(locale)
    found = [tag]
    for parts in ((locale.language, script, locale.territory), (locale.language, script),
                  (locale.language, locale.territory), (locale.language,)):
        if all(parts):
            found.append("-".join(parts))
    return list(dict.fromkeys(found))


def _likely_script(locale: Locale) -> str | None:
    """The script CLDR's likely subtags give the locale (Latn for en), once per machine and Babel
    version (source/datacache): the table takes some 4 ms to load."""
    import babel

    return remembered("script", f"babel {babel.__version__}", _cldr_likely_script, locale.language, locale.territory)


def _cldr_likely_script(language: str, territory: str | None) -> str | None:
    likely = get_global("likely_subtags")
    for key in (f"{language}_{territory}" if territory else None, language):
        if key and key in likely:
            parts = likely[key].split("_")
            return parts[1] if len(parts) > 2 else None
    return None


def read_language(value: Text | None, origin, problems: Problems) -> str:
    """The kit's language tag, normalised, keeping where it was written; English when absent.
    A tag Babel does not know is reported at ``origin`` with a suggestion."""
    if value is None:
        return DEFAULT_LANGUAGE
    tag = normalised(value)
    try:
        locale_of(tag)
    except (UnknownLocaleError, ValueError, TypeError):
        problems.add(origin, f"language '{value}' is not a language tag kitbuilder knows",
                     (_suggestion(str(value)) + " Otherwise w" if _suggestion(str(value)) else "W")
                     + "rite a BCP 47 tag such as fr, fr-CA, de, es, pt-BR or zh-Hans; "
                     f"kitbuilder has labels for: {', '.join(SHIPPED)}")
        return DEFAULT_LANGUAGE
    if tag.split("-")[0] in NO_LANGUAGE or not locale_of(tag).get_language_name(ENGLISH):
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
    names = {name.lower(): code for code, name in Locale.parse(ENGLISH).languages.items() if "_" not in code}
    for tag in SHIPPED:
        locale = locale_of(tag)
        for name in (locale.get_display_name(ENGLISH), locale.get_display_name(), locale.get_language_name(ENGLISH),
                     locale.get_language_name()):
            if name:
                names[name.lower()] = tag
    return names
