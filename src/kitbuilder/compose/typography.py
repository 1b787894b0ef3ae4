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
one as a fine space that never breaks (:mod:`kitbuilder.render.pdf.markup`). The marks are
set in :mod:`kitbuilder.compose.marks`.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import itertools
from pathlib import Path

from kitbuilder.compose.blocks import Document, Heading, Link, Para, Run
from kitbuilder.compose.inline import runs_text
from kitbuilder.compose.marks import set_marks as _set_marks, unchanged as _unchanged
from kitbuilder.memo import Memo
from kitbuilder.records import record
from kitbuilder.compose.nobreak import no_break_spaces
from kitbuilder.source.datacache import yaml_data

RULES_FILE = "_typography.yaml"
DEFAULT = "en"
EVERY_LANGUAGE = "_every_language"  # the entry whose word lists every language adds to its own


@record(frozen=True)
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
    # a run whose text comes out as it went in is kept (frozen: the copy would be the same)
    return tuple(run if type(run.text) is str and run.text == piece else dataclasses.replace(run, text=piece)
                 for run, piece in zip(runs, pieces) if piece or run.line_break)


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
