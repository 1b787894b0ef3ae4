"""Quotation marks, apostrophes, ellipses and the spacing of punctuation, set in one text
character by character by the rules of its language (:class:`kitbuilder.compose.typography.Rules`);
:mod:`kitbuilder.compose.typography` applies them to a whole document."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from kitbuilder.compose.cjk import is_cjk
from kitbuilder.compose.nobreak import NBSP, protected
from kitbuilder.source.invisible import REMOVED, is_removed

if TYPE_CHECKING:
    from kitbuilder.compose.typography import Rules

NNBSP = "\u202f"  # narrow no-break space
OPENERS = "([{\u2014\u2013-/\u00ab\u201e\u201c\u2018\u201a\u2039\u300c\u300e\uff08"  # a quote after these opens
SPACES = " \t\n\r" + NBSP + NNBSP + "\u2009"


@functools.cache
def _changes(rules: Rules) -> re.Pattern:
    """What :func:`set_marks` may change in a text under ``rules``: a straight quote, an
    ellipsis, a mark of the language's spacing rules, a removed invisible character. A text
    holding none of them (most English text) comes out as it went in."""
    marks = "\"'" + rules.space_before + rules.space_inside + rules.no_space_after + rules.no_space_before
    invisible = "".join(sorted(REMOVED)) + "\ufe00-\ufe0f\U000e0100-\U000e01ef"
    return re.compile(rf"[{re.escape(marks)}{invisible}]|\.\.\.")


def unchanged(text: str, rules: Rules) -> bool:
    """Whether :func:`set_marks` would leave ``text`` as it is: then it need not run."""
    return _changes(rules).search(text) is None


@functools.cache
def _copied(rules: Rules) -> re.Pattern:
    """A stretch of characters :func:`set_marks` copies as they are under ``rules``: none of
    them is a quote, a dot, a mark of the language's spacing rules or a removed invisible
    character (nor, where full-width punctuation holds its own space, a space or a tab)."""
    marks = "\"'." + rules.space_inside + rules.space_before
    if rules.no_space_after or rules.no_space_before:
        marks += " \t"
    invisible = "".join(sorted(REMOVED)) + "\ufe00-\ufe0f\U000e0100-\U000e01ef"
    return re.compile(rf"[^{re.escape(marks)}{invisible}]+")


def set_marks(text: str, rules: Rules) -> list[tuple[str, int]]:
    """``text`` with straight quotes, apostrophes, ellipses and French spacing set,
    as (character, index of the source character it comes from); character by character,
    so only for a text it changes (see :func:`unchanged`)."""
    out: list[tuple[str, int]] = []
    in_address = protected(text)
    inner_open = False
    closing_mark = {'"': "", "'": ""}  # in CJK text: the mark that closes the open quotation, if any
    n = len(text)

    def previous() -> str:
        return out[-1][0] if out else ""

    def drop_spaces() -> None:
        while out and out[-1][0] in SPACES:
            out.pop()

    copied = _copied(rules)
    i = 0
    while i < n:
        plain = copied.match(text, i)
        if plain:  # characters no rule below changes: kept as they are
            out.extend(zip(text[i:plain.end()], range(i, plain.end())))
            i = plain.end()
            continue
        char = text[i]
        following = text[i + 1] if i + 1 < n else ""
        if is_removed(char):  # pasted invisible characters are not printed (source/invisible.py)
            pass
        elif in_address[i]:
            out.append((char, i))
        elif char in " \t" and (previous() and previous() in rules.no_space_after
                                or following and following in rules.no_space_before):
            pass  # full-width punctuation holds its own space: "注：在", "（質問者：ユキ）"
        elif text.startswith("...", i):
            cjk_text = is_cjk(previous()) or is_cjk(text[i + 3:i + 4])
            out += [(c, i) for c in (rules.ellipsis if cjk_text else "\u2026")]
            i += 3
            continue
        elif char in "\"'" and not _latin_apostrophe(previous(), following) \
                and (closing_mark[char] or _cjk_quote(char, previous(), following, rules)):
            out.append((_cjk_mark(text, i, closing_mark, rules), i))
        elif char == '"':
            opening = previous() == "" or previous() in SPACES or previous() in OPENERS
            mark = rules.latin_quotes[0 if opening else 1]
            _put_mark(out, mark, i, opening, rules)
            if opening and mark in rules.space_inside:
                while i + 1 < n and text[i + 1] in " \t":
                    i += 1
        elif char == "'":
            before = previous()
            if before.isalnum() and following.isalnum():
                out.append((rules.apostrophe, i))  # l'aise, don't
            elif (before == "" or before in SPACES or before in OPENERS) and following.isalpha() \
                    and not _elided(text, i + 1, rules) and _closes_later(text, i + 1):
                out.append((rules.latin_inner_quotes[0], i))
                inner_open = True
            elif inner_open and not following.isalnum():
                out.append((rules.latin_inner_quotes[1], i))
                inner_open = False
            else:
                out.append((rules.apostrophe, i))  # the '90s, the Zhangs'
        elif char in rules.space_inside and char in "\u00ab\u2039":
            _put_mark(out, char, i, True, rules)
            while i + 1 < n and text[i + 1] in SPACES:
                i += 1
        elif char in rules.space_inside:
            _put_mark(out, char, i, False, rules)
        elif char in rules.space_before:
            before = previous()
            time_or_ratio = char == ":" and before.isdigit() and following.isdigit()
            if before and not time_or_ratio and before not in rules.space_before:
                drop_spaces()
                if out:
                    out.append((NBSP if char in rules.wide_space_before else NNBSP, i))
            out.append((char, i))
        else:
            out.append((char, i))
        i += 1
    return out


def _cjk_quote(straight: str, before: str, following: str, rules: Rules) -> bool:
    """Whether a straight quote between ``before`` and ``following`` is set as in CJK text:
    next to a CJK character, or a double one in a Chinese or Japanese kit (these pair up in
    turn, whatever precedes them: 导演说："这是" opens after the colon). A single one in the
    Latin text of such a kit is read as in western text (the Zhangs' home)."""
    return is_cjk(before) or is_cjk(following) or (straight == '"' and rules.cjk)


def _latin_apostrophe(before: str, following: str) -> bool:
    """An apostrophe between two Latin letters (don't, l'aise)."""
    return before.isalnum() and following.isalnum() and not is_cjk(before) and not is_cjk(following)


def _cjk_mark(text: str, index: int, closing_mark: dict, rules: Rules) -> str:
    """The mark for the straight quote at ``index`` in CJK text: it closes the quotation
    it opened, else opens one; a quotation of Latin-script text (no CJK character before
    the next straight quote) takes ``latin_quotes`` (“ ” in a Japanese kit, not 「 」)."""
    straight = text[index]
    if closing_mark[straight]:
        mark, closing_mark[straight] = closing_mark[straight], ""
        return mark
    end = text.find(straight, index + 1)
    passage = text[index + 1:end if end >= 0 else len(text)]
    latin = any(c.isalpha() for c in passage) and not any(map(is_cjk, passage))
    if straight == '"':
        pair = rules.latin_quotes if latin else rules.quotes
    else:
        pair = rules.latin_inner_quotes if latin else rules.inner_quotes
    closing_mark[straight] = pair[1]
    return pair[0]


def _elided(text: str, start: int, rules: Rules) -> bool:
    """Whether the word at ``start`` is one that starts with an apostrophe ('ne, 's, 'em)."""
    word = re.match(r"[^\W\d_]+", text[start:])
    return bool(word) and word.group().casefold() in rules.elisions


def _closes_later(text: str, start: int) -> bool:
    """Whether a straight single quote after ``start`` can close a quotation (it follows a
    letter or punctuation and no letter follows it): else the one before is an apostrophe."""
    return re.search(r"(?<=[^\s'])'(?![^\W_])", text[start:]) is not None


def _put_mark(out: list[tuple[str, int]], mark: str, index: int, opening: bool, rules: Rules) -> None:
    if mark not in rules.space_inside:
        out.append((mark, index))
    elif opening:
        out += [(mark, index), (NNBSP, index)]
    else:
        while out and out[-1][0] in SPACES:
            out.pop()
        out += [(NNBSP, index), (mark, index)]
