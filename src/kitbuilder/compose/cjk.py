"""Which characters are Chinese or Japanese: the test the typography rules, the line breaking
and the font choice share (ideographs, kana, CJK punctuation and full-width forms)."""

from __future__ import annotations


def is_cjk(char: str) -> bool:
    """A Chinese or Japanese character or CJK punctuation (ideographs, kana, full-width forms);
    False for the empty string (no character)."""
    if not char:
        return False
    code = ord(char)
    return (0x3000 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x2FA1F)


FIRST_CJK = "\u3000"  # the lowest code point is_cjk accepts


def has_cjk(text: str) -> bool:
    """Whether any character of ``text`` is Chinese or Japanese (:func:`is_cjk`). Text with no
    character from U+3000 up (most of a Latin-script kit) is answered by one ``max`` in C; the
    rest stops at its first CJK character. (A regular expression of these ranges takes some
    1.5 ms to compile, in every build.)"""
    return bool(text) and max(text) >= FIRST_CJK and any(map(is_cjk, text))


def mostly_cjk(text: str) -> bool:
    """Whether most of the letters of ``text`` are Chinese or Japanese (it is then broken
    into lines between characters, as CJK text is, not at spaces)."""
    if not has_cjk(text):
        return False
    letters = [c for c in text if c.isalnum() or is_cjk(c)]
    return bool(letters) and sum(map(is_cjk, letters)) * 2 > len(letters)
