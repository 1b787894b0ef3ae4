"""The glyph check decides once per character whether a text has anything to say: a text
whose characters were all found fine is passed in one test, and any other is checked
character by character as always. Checking many texts together reports exactly what
checking each alone reports (problems, their order and places, and warnings)."""

from __future__ import annotations

import pytest

from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.render.pdf import glyphs
from kitbuilder.source.text import Text

TEXTS = [
    "Hello, world", "Hello\u200b world",  # a zero-width space: warned about, left out
    "\u05e9\u05dc\u05d5\u05dd Hello",  # right-to-left
    "bell \a here", "Hello \u00ad again", "Ça va — 归途", "\u2603 snow", "Hello, world",
    "https://example.org/\u200bpage",  # in an address: refused
]
FIELDS = ["summary", "quote.text", "about.text", "notes", "summary", "title", "host", "credit", "about.url"]


def outcome(texts: list[Text], capsys) -> tuple[list, str]:
    try:
        glyphs.check_texts(texts, lambda char: char not in "归\u2603", ["serif"], None)
        problems = []
    except KitbuilderError as error:
        problems = [(str(p.origin), p.message, p.fix) for p in error.problems]
    glyphs.new_build()
    return problems, capsys.readouterr().err


@pytest.mark.parametrize("rounds", [1, 2])
def test_many_texts_report_what_each_reports_alone(capsys, rounds):
    texts = [Text(value, Origin("kit.yaml", n + 1, 3), field) for n, (value, field) in enumerate(zip(TEXTS, FIELDS))]
    alone = [outcome([t], capsys) for t in texts]
    together = outcome(texts * rounds, capsys)
    assert together[0] == [p for problems, _ in alone for p in problems]  # (the same problem twice is one)
    assert together[1] == "".join(err for _, err in alone)  # once per build
    assert [len(problems) for problems, _ in alone] == [0, 0, 1, 1, 0, 1, 1, 0, 1]
