"""Typography per language: quotation marks, apostrophes, ellipses and the spaces that
must not break, applied to the text the reader sees (so the PDF and HTML editions agree).

The rules are data, one entry per language in ``labels/_typography.yaml``;
:func:`typeset_document` applies them to every paragraph, heading and running text of
a composed document. Links are left as they are, and so is anything inside a paragraph
that reads as a web or e-mail address.

What changes, in every language:

- straight double and single quotes become the language's marks, and a straight
  apostrophe the typographic one (``l'aise`` -> ``l’aise``); ``...`` becomes ``…``;
- invisible characters pasted with the text (zero-width space, joiners, direction
  marks, variation selectors: see :mod:`kitbuilder.source.invisible`) are removed;
- white space at either end of a field is not typeset (a block scalar's final newline
  would otherwise print as a space before a closing quote mark);
- a date never breaks inside, and a number stays with its unit
  (:mod:`kitbuilder.compose.nobreak`).

In French (``space_before``, ``wide_space_before``, ``space_inside``): a narrow no-break
space (U+202F) before ``; ! ?`` and inside « », a full no-break space (U+00A0) before ``:``,
replacing any space typed there (none in times such as 19:30). The PDF draws the narrow
one as a fine space that never breaks (:mod:`kitbuilder.render.pdf.markup`).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import itertools
import re
from pathlib import Path

from kitbuilder.compose.blocks import Document, Heading, Link, Para, Run
from kitbuilder.compose.cjk import is_cjk
from kitbuilder.compose.inline import runs_text
from kitbuilder.compose.memo import Memo
from kitbuilder.compose.nobreak import NBSP, no_break_spaces, protected
from kitbuilder.source.datacache import yaml_data
from kitbuilder.source.invisible import REMOVED, is_removed

NNBSP = "\u202f"  # narrow no-break space
RULES_FILE = "_typography.yaml"
DEFAULT = "en"
EVERY_LANGUAGE = "_every_language"  # the entry whose word lists every language adds to its own

OPENERS = "([{\u2014\u2013-/\u00ab\u201e\u201c\u2018\u201a\u2039\u300c\u300e\uff08"  # a quote after these opens
SPACES = " \t\n\r" + NBSP + NNBSP + "\u2009"


@dataclasses.dataclass(frozen=True)
class Rules:
    """How one language sets text (see ``labels/_typography.yaml`` for each field)."""

    language: str
    quotes: tuple[str, str]
    inner_quotes: tuple[str, str]
    apostrophe: str
    space_before: str
    space_inside: str
    wide_space_before: str
    hyphenation: str | None
    line_break: str
    no_break_before: str = ""
    no_break_after: str = ""
    number_words: tuple[str, ...] = ()
    before_number: tuple[str, ...] = ()
    date_words: tuple[str, ...] = ()
    elisions: tuple[str, ...] = ()
    latin_quotes: tuple[str, str] = ("\u201c", "\u201d")
    latin_inner_quotes: tuple[str, str] = ("\u2018", "\u2019")
    ellipsis: str = "\u2026"
    no_space_after: str = ""
    no_space_before: str = ""

    @property
    def cjk(self) -> bool:
        return self.line_break == "cjk"


@functools.cache
def _table() -> dict:
    folder = Path(importlib.import_module("kitbuilder.labels").__file__).parent
    return yaml_data((folder / RULES_FILE).read_bytes(), "typography")  # read once per machine


@functools.cache
def rules_for(language: str | None) -> Rules:
    """The rules of a BCP 47 tag: its own entry (``pt-BR``), else its language's (``pt``), else English."""
    table = _table()
    tag = str(language or DEFAULT)
    parts = tag.replace("_", "-").split("-")
    candidates = [tag, "-".join(parts[:2]), parts[0].lower(), DEFAULT]
    entry = next(table[c] for c in candidates if c in table)
    every = table.get(EVERY_LANGUAGE, {})

    def words(key: str) -> tuple[str, ...]:
        return tuple(sorted({*every.get(key, ()), *entry.get(key, ())}, key=len, reverse=True))

    return Rules(tag, tuple(entry["quotes"]), tuple(entry["inner_quotes"]), entry["apostrophe"],
                 entry.get("space_before") or "", entry.get("space_inside") or "",
                 entry.get("wide_space_before") or "", entry.get("hyphenation"),
                 entry.get("line_break", "western"), entry.get("no_break_before") or "",
                 entry.get("no_break_after") or "",
                 words("number_words"), words("before_number"), words("date_words"),
                 tuple(w.casefold() for w in words("elisions")),
                 tuple(entry.get("latin_quotes") or entry["quotes"]),
                 tuple(entry.get("latin_inner_quotes") or entry["inner_quotes"]),
                 entry.get("ellipsis") or "\u2026", entry.get("no_space_after") or "",
                 entry.get("no_space_before") or "")


@functools.cache
def _changes(rules: Rules) -> re.Pattern:
    """What :func:`_set_marks` may change in a text under ``rules``: a straight quote, an
    ellipsis, a mark of the language's spacing rules, a removed invisible character. A text
    holding none of them (most English text) comes out as it went in."""
    marks = "\"'" + rules.space_before + rules.space_inside + rules.no_space_after + rules.no_space_before
    invisible = "".join(sorted(REMOVED)) + "\ufe00-\ufe0f\U000e0100-\U000e01ef"
    return re.compile(rf"[{re.escape(marks)}{invisible}]|\.\.\.")


def _unchanged(text: str, rules: Rules) -> bool:
    """Whether :func:`_set_marks` would leave ``text`` as it is: then it need not run."""
    return _changes(rules).search(text) is None


def _set_marks(text: str, rules: Rules) -> list[tuple[str, int]]:
    """``text`` with straight quotes, apostrophes, ellipses and French spacing set,
    as (character, index of the source character it comes from); character by character,
    so only for a text it changes (see :func:`_unchanged`)."""
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

    i = 0
    while i < n:
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


def typeset(text: str, rules: Rules) -> str:
    """One text (a running header, a title) set by ``rules``."""
    spaced = no_break_spaces(text, rules)
    if _unchanged(spaced, rules):
        return spaced
    return "".join(c for c, _ in _set_marks(spaced, rules))


def _trimmed(runs: tuple[Run, ...]) -> list[str]:
    """The runs' texts with white space removed at both ends of each field they show."""
    texts = [r.text for r in runs]
    for i, run in enumerate(runs):
        if run.key is None:
            continue
        first = i == 0 or runs[i - 1].key != run.key or run.line_break
        last = i == len(runs) - 1 or runs[i + 1].key != run.key or runs[i + 1].line_break
        if first:
            texts[i] = texts[i].lstrip()
        if last:
            texts[i] = texts[i].rstrip()
    return texts


def typeset_runs(runs: tuple[Run, ...], rules: Rules) -> tuple[Run, ...]:
    """The runs of one paragraph set by ``rules``, read as one text (a quote mark that
    opens in one run and closes in another pairs up), each character kept in its run."""
    return _typeset_paragraph(runs, rules)[0]


_PARAGRAPHS = Memo()  # (rules, runs) -> (runs set, their text): a batch sets the same paragraphs again and again


def _typeset_paragraph(runs: tuple[Run, ...], rules: Rules) -> tuple[tuple[Run, ...], str]:
    """:func:`_typeset_runs` and what its result reads as, once per process for the same runs
    (all of their fields: text, look, key) under the same rules."""
    key = (rules, runs)
    found = _PARAGRAPHS.get(key)
    if found is None:
        typeset_ = _typeset_runs(runs, rules)
        found = (typeset_, runs_text(typeset_))
        _PARAGRAPHS.put(key, found, 2 * len(found[1]))
    return found


def _typeset_runs(runs: tuple[Run, ...], rules: Rules) -> tuple[Run, ...]:
    texts = _trimmed(runs)
    spaced = no_break_spaces("".join(texts), rules)
    if _unchanged(spaced, rules):  # each run keeps its own stretch of the text
        ends = list(itertools.accumulate(map(len, texts)))
        pieces = [spaced[end - len(t):end] for t, end in zip(texts, ends)]
    else:
        owner = [k for k, t in enumerate(texts) for _ in t]
        chars: list[list[str]] = [[] for _ in runs]
        for char, index in _set_marks(spaced, rules):
            chars[owner[index]].append(char)
        pieces = ["".join(piece) for piece in chars]
    return tuple(dataclasses.replace(run, text=piece) for run, piece in zip(runs, pieces)
                 if piece or run.line_break)


def _block(block, rules: Rules):
    if isinstance(block, (Para, Heading)):
        runs, text = _typeset_paragraph(block.runs, rules)
        return dataclasses.replace(block, runs=runs, text=text)
    if isinstance(block, Link) or not dataclasses.is_dataclass(block):
        return block
    changes = {}
    for field in dataclasses.fields(block):
        value = getattr(block, field.name)
        new = _value(value, rules)
        if new is not value:
            changes[field.name] = new
    return dataclasses.replace(block, **changes) if changes else block


def _value(value, rules: Rules):
    if isinstance(value, tuple):
        return tuple(_value(v, rules) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _block(value, rules)
    return value


def typeset_document(document: Document) -> Document:
    """The document with every paragraph, heading and running text set by its language's rules."""
    rules = rules_for(document.lang)
    sections = tuple(_block(section, rules) for section in document.sections)

    def running(slots: dict) -> dict:
        return {side: tuple(typeset(piece, rules) for piece in pieces) for side, pieces in slots.items()}

    return dataclasses.replace(document, sections=sections, header=running(document.header),
                               footer=running(document.footer))
