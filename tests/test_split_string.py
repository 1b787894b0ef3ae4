"""The codes of a drawn text's characters read back at once (render/pdf/subsets) are the pieces
ReportLab's own TTFont.splitString gives, and the codes it gives out are the same, in the same
order, in every document: texts of known and new characters, characters the font lacks, no-break
spaces, empty texts, more characters than one subset holds, two documents at once."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from kitbuilder.render.pdf import subsets

FONT = Path(subsets.__file__).parents[2] / "fonts" / "NotoSerif-Regular.ttf"
LATIN = "abcdefghij KLMNOP,.;:!?\u00a0\u00e9\u00e8\u2019"
TEXTS = st.lists(st.one_of(st.text(alphabet=LATIN, max_size=40),
                           st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2fff,
                                                          blacklist_categories=("Cs",)), max_size=12)),
                 max_size=40)


class Doc:
    """A document as splitString sees it (a key of the font's states)."""


def font(name: str) -> TTFont:
    return TTFont(name, str(FONT))


def pieces(split, texts, font_, docs) -> list:
    return [(split(font_, text, doc), sorted(font_.state[doc].assignments.items()), list(map(list, font_.state[doc].subsets)))
            for text in texts for doc in docs]


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_the_same_pieces_and_codes_as_reportlab(texts):
    docs_a, docs_b = (Doc(), Doc()), (Doc(), Doc())
    theirs = pieces(subsets._split_string, texts, font("a"), docs_a)
    ours = pieces(subsets.split_string, texts, font("b"), docs_b)
    assert ours == theirs


def test_a_text_read_back_whole_and_past_the_first_subset():
    texts = ["", "\u00a0", "plain text", "plain text", "text\u00a0with no-break", "\u4e00 lacked"]
    texts += [chr(c) * 2 for c in range(0x100, 0x260)] + ["\u0100\u0101 again plain", "plain text"]
    doc_a, doc_b = Doc(), Doc()
    assert pieces(subsets.split_string, texts, font("c"), [doc_a]) == pieces(subsets._split_string, texts, font("d"), [doc_b])


def test_installed_once():
    subsets.install()
    subsets.install()
    assert TTFont.splitString is subsets.split_string


def test_a_text_of_known_characters_is_read_back_without_reportlabs_loop(monkeypatch):
    font_, doc, calls = font("e"), Doc(), []
    real = subsets._split_string
    monkeypatch.setattr(subsets, "_split_string", lambda *args: calls.append(args[1]) or real(*args))
    first = subsets.split_string(font_, "plain text", doc)
    assert calls == ["plain text"], "new characters: ReportLab's own"
    assert subsets.split_string(font_, "text\u00a0plain", doc) == [(0, first[0][1][6:] + b" " + first[0][1][:5])]
    assert calls == ["plain text"], "every character known: read back at once"
