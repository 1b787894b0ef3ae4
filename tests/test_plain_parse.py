"""Plain paragraph text is parsed without ReportLab's tokenizer (render/pdf/plainparse) into the
very fragments ReportLab's parser makes, and a break that leaves a paragraph's fragments as
they were is found in the memo when the paragraph is broken again at the same widths
(render/pdf/memo): both change no line, no word and no fragment."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaParser

from kitbuilder.render.pdf import memo
from kitbuilder.render.pdf.memo import MemoParagraph
from kitbuilder.render.pdf.plainparse import is_plain, parse_plain

BODY = ParagraphStyle("body", fontName="Helvetica-Oblique", fontSize=10, leading=12.5, alignment=TA_JUSTIFY,
                      textColor=colors.HexColor("#1f1b16"), hyphenationLang="en_GB", embeddedHyphenation=0,
                      uriWasteReduce=0.3, splitLongWords=1)
UPPER = ParagraphStyle("upper", parent=BODY, textTransform="uppercase", fontName="Times-Bold")
TEXTS = [
    "", " ", "One film, forty clubs.", "  spaced\n  over\tlines  ", "soft\u00adhyphen\u00adated",
    "no\u00a0break 85\u00a0min", "www.example.org/a/b?c=d", "日本語の文章です。", "\u202f; « x »",
    "a " * 300, "quotes \" ' and > but no tag",
]


def fragments(frags) -> list:
    return [(type(f).__name__, sorted((k, repr(v)) for k, v in f.__dict__.items())) for f in frags]


def reportlab_parse(text: str, style):
    return ParaParser().parse(text, style)


@pytest.mark.parametrize("style", [BODY, UPPER], ids=["body", "uppercase"])
@pytest.mark.parametrize("text", TEXTS)
def test_a_plain_text_gives_the_fragments_reportlabs_parser_gives(text, style):
    assert is_plain(text)
    got_style, got, got_bullet = parse_plain(text, style, 1)
    want_style, want, want_bullet = reportlab_parse(text, style)
    assert got_style is want_style is style
    assert fragments(got) == fragments(want) and got_bullet == want_bullet


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="<&", blacklist_categories=("Cs",)), max_size=80))
def test_any_plain_text_gives_reportlabs_fragments(text):
    assert fragments(parse_plain(text, BODY, 0)[1]) == fragments(reportlab_parse(text, BODY)[1])


@pytest.mark.parametrize("text", ["<b>bold</b>", "a &amp; b", "x < y", "&nbsp;"])
def test_markup_with_a_tag_or_entity_is_left_to_reportlab(text):
    assert not is_plain(text)
    memo.clear()
    paragraph = MemoParagraph(text, BODY)
    assert fragments(paragraph.frags) == fragments(Paragraph(text, BODY).frags)


@pytest.mark.parametrize("style", [BODY, UPPER], ids=["body", "uppercase"])
@pytest.mark.parametrize("text", TEXTS + ["x" * 400 + " and a word wider than the line"])
def test_a_memoised_paragraph_is_set_as_reportlab_sets_it(text, style):
    memo.clear()
    for _ in range(2):  # empty memos, then warm
        ours, theirs = MemoParagraph(text, style), Paragraph(text, style)
        assert (ours.text, fragments(ours.frags)) == (theirs.text, fragments(theirs.frags))
        for width in (180.0, 180.0, 90.0, 180.0):
            assert ours.wrap(width, 1e6) == theirs.wrap(width, 1e6)
            assert lines(ours) == lines(theirs)


def lines(paragraph) -> list:
    bl = paragraph.blPara
    if bl.kind == 0:
        return [(round(extra, 6), list(words)) for extra, words in bl.lines]
    return [(round(line.extraSpace, 6), [getattr(f, "text", "") for f in line.words]) for line in bl.lines]


def test_breaking_a_one_fragment_paragraph_again_at_the_same_width_is_found_in_the_memo(monkeypatch):
    memo.clear()
    paragraph = MemoParagraph("Director of the film, and the words of the note. " * 3, BODY)
    broken = []
    real = Paragraph.breakLines

    def counted(self, width):
        broken.append(width)
        return real(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    paragraph.wrap(120, 1e6)
    first = lines(paragraph)
    paragraph.wrap(120, 1e6)  # a table measures a cell, then lays it out
    assert len(broken) == 1 and lines(paragraph) == first
    paragraph.wrap(80, 1e6)
    assert len(broken) == 2


def test_a_break_that_changes_the_fragments_still_counts():
    memo.clear()
    text = "plain <b>bold words</b> and <i>italic words</i> again " * 6
    expected = []
    plain = Paragraph(text, BODY)
    for width in (200.0, 200.0, 150.0, 200.0):  # each break starts from the words the one before left
        plain.wrap(width, 1e6)
        expected.append(lines(plain))
    for _ in range(2):
        shared = MemoParagraph(text, BODY)
        got = []
        for width in (200.0, 200.0, 150.0, 200.0):
            shared.wrap(width, 1e6)
            got.append(lines(shared))
        assert got == expected
