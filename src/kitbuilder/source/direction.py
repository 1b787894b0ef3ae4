"""Right-to-left text (Arabic, Hebrew, Persian, Syriac, Thaana, N'Ko...): which characters
are written right to left, and what a field holding them is told.

kitbuilder cannot yet set right-to-left text (it would need shaping and the bidi
algorithm on every line it breaks); printed as left-to-right text its letters would
read backwards and unjoined. A field holding it is therefore refused, once, by name.
"""

from __future__ import annotations

import unicodedata

RIGHT_TO_LEFT_CLASSES = ("R", "AL")  # Unicode bidirectional classes of right-to-left letters

MESSAGE = "{field} is written in {scripts}, a right-to-left script; right-to-left text is not supported yet " \
          "(it would print with its letters in reverse order)"
FIX = "write this text in a left-to-right script (a transliteration or a translation), or leave it out"


def is_right_to_left(char: str) -> bool:
    """A right-to-left letter, digit or sign (not the invisible right-to-left mark U+200F)."""
    return unicodedata.bidirectional(char) in RIGHT_TO_LEFT_CLASSES and unicodedata.category(char) != "Cf"


def script_names(chars) -> str:
    """'Arabic', 'Hebrew' or 'Arabic and Hebrew': the scripts of right-to-left characters, by their names."""
    names = []
    for char in chars:
        first = unicodedata.name(char, "").split(" ")[0].title() or "a right-to-left script"
        if first not in names:
            names.append(first)
    return " and ".join(names[:3])
