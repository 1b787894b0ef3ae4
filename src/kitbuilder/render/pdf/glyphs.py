"""Which characters of the user's text can be printed, and what to say about the others.

A character is refused when it is

- a control character (e.g. U+0007 from a ``"\\a"`` escape in double quotes, or U+0085),
  or a lone surrogate: it has no glyph in any font;
- an invisible formatting character other than those pasted text brings (bidi
  overrides and isolates, U+034F...): it would print as nothing or as a box. The pasted
  ones (zero-width space U+200B, joiners U+200C/U+200D, direction marks U+200E/U+200F,
  word joiner U+2060, U+FEFF, variation selectors) are removed by compose, with one
  warning per field, and the soft hyphen U+00AD is honoured (:mod:`kitbuilder.source.invisible`);
  in an address they are refused, since every character of an address counts;
- not a character at all: unassigned, a noncharacter such as U+FFFF, or private use;
- a character no font of the layout (main or fallback) has a glyph for.

A field holding right-to-left letters (Arabic, Hebrew, Persian...) is refused as such,
in one message (:mod:`kitbuilder.source.direction`): it would print backwards.

Problems are reported once per field (an Arabic paragraph is one problem, not sixty),
naming the first few characters, located at the first of them.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import Callable

from kitbuilder.diagnostics import Origin, Problems
from kitbuilder.memo import Memo
from kitbuilder.source.direction import FIX as RIGHT_TO_LEFT_FIX
from kitbuilder.source.direction import MESSAGE as RIGHT_TO_LEFT_MESSAGE
from kitbuilder.source.direction import is_right_to_left, script_names
from kitbuilder.source.fields import Text
from kitbuilder.source.invisible import SOFT_HYPHEN, is_address, is_removed

# Characters that never need a glyph: line breaks are handled by the paragraph
# layout, and tabs and spaces are drawn as spaces.
WHITESPACE = frozenset("\n\r\t ")
SHOWN = 3  # characters named in one problem

CONTROL, INVISIBLE, NOT_A_CHARACTER, NO_FONT = "control", "invisible", "not a character", "no font"


def kind_of(char: str, address: bool = False) -> str | None:
    """Why ``char`` cannot be printed regardless of fonts, or None (``address``: in a web
    or e-mail address, where even the characters compose removes from text are refused)."""
    category = unicodedata.category(char)
    code = ord(char)
    if not address and (char == SOFT_HYPHEN or is_removed(char)):
        return None
    if category in ("Cc", "Cs"):
        return CONTROL
    if category == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code in (0x034F, 0x115F, 0x1160,
                                                                                                0x3164, 0xFFA0):
        return INVISIBLE
    if category in ("Cn", "Co"):
        return NOT_A_CHARACTER
    return None


REASONS = {
    CONTROL: "a control character",
    INVISIBLE: "an invisible formatting character",
    NOT_A_CHARACTER: "not a printable character (unassigned, private use or a noncharacter)",
    NO_FONT: "no font of the layout has it",
}


def _fix(kinds: list[str], fonts: list[str], pictograph: bool) -> str:
    fixes = []
    if CONTROL in kinds:
        fixes.append("delete the control character: in a double-quoted \"...\" value remove the backslash escape "
                     "that makes it (such as \\a or \\x85), or retype the text in a plain-text editor")
    if INVISIBLE in kinds:
        fixes.append("delete the invisible character (it comes with text copied from web pages or word "
                     "processors): retype the text around it, or paste it through a plain-text editor")
    if NOT_A_CHARACTER in kinds:
        fixes.append("delete the character: it is not a letter or symbol any font can show")
    if NO_FONT in kinds:
        fixes.append("delete it or replace it with plain text" + (
            " (emoji and pictographs cannot be printed with the bundled fonts)" if pictograph
            else "; or add a TrueType font that has it to the layout's fonts: and list it under fonts.fallback"))
    return "; ".join(fixes)


# Texts found printable, per set of fonts, for the rest of the process: a batch (one kit for
# many events) checks each distinct text once. Keyed by the text itself (not its origin: a
# printable text has nothing to report) and by ``fonts_key``, which names every font file
# the check consulted; only texts with nothing to say (no problem, no warning) are kept,
# so every problem and warning is still reported on every build. Bounded in characters.
MAX_REMEMBERED_CHARS = 2_000_000  # a few MB; the least recently used forgotten first
_printable = Memo(max_entries=200_000, max_weight=MAX_REMEMBERED_CHARS)  # (fonts_key, address, text) -> True
_kinds = Memo(max_entries=200_000, max_weight=200_000)  # (fonts_key, char) -> why it cannot be printed, or ""


def check_texts(texts: list[Text], covered: Callable[[str], bool], fonts: list[str],
                fonts_key: tuple | None = None) -> None:
    """Raise one problem per field of ``texts`` holding characters that cannot be printed.

    ``covered(char)`` says whether some font of the layout has a glyph for it; ``fonts``
    names the layout's font families for the message. ``fonts_key``, when given, names
    exactly the fonts ``covered`` consults (the same key, the same answers for the rest of
    the process): what was checked is then remembered for the next build with those fonts.
    """
    problems = Problems()
    cache: dict[str, str | None] = {}  # char -> why it cannot be printed (None: it can)

    def why(char: str) -> str | None:
        kind = None if fonts_key is None else _kinds.get((fonts_key, char))
        if kind is None:
            kind = kind_of(char) or ("" if char == SOFT_HYPHEN or covered(char) else NO_FONT)
            if fonts_key is not None:
                _kinds.put((fonts_key, char), kind, 1)
        return kind or None

    # Outside addresses, a text all of whose characters are known to be fine (no problem, no
    # warning) has nothing to say: decided per character once, then per text in one test.
    known, fine = set(WHITESPACE), set(WHITESPACE)
    for text in texts:
        address = is_address(getattr(text, "field", ""))
        if fonts_key is not None:
            seen = (fonts_key, address, str(text))
            if _printable.get(seen):
                continue
        if not address:
            chars = set(text)
            if not chars <= known:
                for char in dict.fromkeys(text):  # in the order first met, as below
                    if char not in known:
                        known.add(char)
                        if is_right_to_left(char) or is_removed(char):
                            continue
                        if char not in cache:
                            cache[char] = why(char)
                        if cache[char] is None:
                            fine.add(char)
            if chars <= fine:
                if fonts_key is not None:
                    _printable.put(seen, True, len(text))
                continue
        bad: dict[str, str] = {}  # in the order first met
        backwards = [char for char in dict.fromkeys(text) if is_right_to_left(char)]
        if backwards:  # one message for the field, whatever else it holds: it could not be printed the right way round
            problems.add(char_origin(text, text.index(backwards[0])),
                         RIGHT_TO_LEFT_MESSAGE.format(field=text.field, scripts=script_names(backwards)),
                         RIGHT_TO_LEFT_FIX)
            continue
        removed = []
        for char in dict.fromkeys(text):
            if char in WHITESPACE:
                continue
            if address and kind_of(char, address=True):
                bad[char] = kind_of(char, address=True)
                continue
            if not address and is_removed(char):
                removed.append(char)
                continue
            if char not in cache:
                cache[char] = why(char)
            if cache[char]:
                bad[char] = cache[char]
        if removed:
            warn_removed(text, removed)
        if not bad:
            if fonts_key is not None and not removed:
                _printable.put(seen, True, len(text))
            continue
        first = min(text.index(c) for c in bad)
        named = sorted(bad, key=text.index)[:SHOWN]
        more = len(bad) - len(named)
        kinds = list(dict.fromkeys(bad.values()))
        reasons = {**REASONS, NO_FONT: f"no font of the layout has it ({', '.join(fonts)})"}
        if len(bad) == 1:
            message = f"the character {describe_char(named[0])} in {text.field} cannot be printed: " \
                      f"{reasons[bad[named[0]]]}"
        else:
            groups = {}
            for char in named:
                groups.setdefault(bad[char], []).append(describe_char(char))
            parts = [f"{', '.join(chars)}: {reasons[kind]}" for kind, chars in groups.items()]
            message = (f"{text.field} has {len(bad)} different characters that cannot be printed: "
                       + "; ".join(parts) + (f"; and {more} more" if more else ""))
        problems.add(char_origin(text, first), message,
                     _fix(kinds, fonts, any(is_pictograph(c) for c in bad)))
    problems.raise_if_any()


_WARNED: set[tuple[str, str]] = set()  # (field, place) warned about in this build: once per build, not per layout


def new_build() -> None:
    """Start a build's warnings afresh (:func:`kitbuilder.build.prepare`): a rebuild in
    ``kitbuilder watch`` or the next build of a batch worker warns as a fresh process would."""
    _WARNED.clear()


def warn_removed(text: Text, chars: list[str]) -> None:
    """Say once that invisible characters pasted into a field are left out of the print."""
    place = char_origin(text, text.index(chars[0]))
    if (text.field, str(place)) in _WARNED:
        return
    _WARNED.add((text.field, str(place)))
    named = ", ".join(describe_char(c) for c in chars[:SHOWN])
    if len(chars) > SHOWN:
        named += f" and {len(chars) - SHOWN} more"
    message = f"{text.field} holds invisible characters pasted with the text ({named}); they are left out of the print"
    print(f"{place}: warning: {message}", file=sys.stderr, flush=True)


def is_pictograph(char: str) -> bool:
    return unicodedata.category(char) == "So" and ord(char) >= 0x2600


def describe_char(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = "control character"
    shown = ascii(char) if unicodedata.category(char).startswith(("C", "Z")) or kind_of(char) else f"'{char}'"
    return f"{shown} (U+{ord(char):04X}{' ' + name if name else ''})"


def char_origin(text: Text, index: int) -> Origin:
    """The line and column of ``text[index]`` in the user's file, as well as it is known."""
    locate = getattr(text, "locate", None)
    if locate is not None:
        try:
            return locate(index)
        except Exception:  # noqa: BLE001 - a place is a help, never a reason to fail
            pass
    origin = text.origin
    if "\n" not in text[:index] and origin.line:
        return Origin(origin.file, origin.line, origin.column + index)
    return origin
