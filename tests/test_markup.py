"""Content is literal: text that looks like markup prints exactly as typed.

The only inline formatting is ``*emphasis*`` and ``**strong**``; an unbalanced
asterisk prints literally. Unit tests for :mod:`kitbuilder.render.pdf.markup`, a property over
ReportLab's own paragraph parser, and end-to-end checks on built PDFs.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import unescape

import pdfplumber
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from conftest import run_cli
from kitbuilder.model.layout import load_layout
from kitbuilder.render.pdf.markup import plain, spans, to_markup
from pdfread import as_typed, body_text, pdf_text

# --- spans / plain -------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("plain text", [("plain text", False, False)]),
    ("a *b* c", [("a ", False, False), ("b", False, True), (" c", False, False)]),
    ("**s**", [("s", True, False)]),
    ("x **strong words** y", [("x ", False, False), ("strong words", True, False), (" y", False, False)]),
    ("**bold *both* bold**", [("bold ", True, False), ("both", True, True), (" bold", True, False)]),
    ("*one* and *two*", [("one", False, True), (" and ", False, False), ("two", False, True)]),
    ("*Last Train Home*, 2009", [("Last Train Home", False, True), (", 2009", False, False)]),
    ("", []),
])
def test_spans(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    "5 * 3 = 15",
    "*unclosed",
    "unclosed*",
    "**unclosed strong",
    "a*b*c",  # asterisks inside a word are not markup
    "2*3*4",
    "* spaced *",  # emphasis must hug its text
    "** spaced **",
    "*",
    "**",
    "***",
    "****",
    "footnote*",
    "<b>not bold</b> &amp; </para>",
])
def test_plain_keeps_text_that_is_not_markup(text):
    assert plain(text) == text
    assert all(not strong and not emphasis for _, strong, emphasis in spans(text))


@pytest.mark.parametrize("text, expected", [
    ("*emphasis*", "emphasis"),
    ("**strong**", "strong"),
    ("The *extraordinary* film", "The extraordinary film"),
    ("**Note:** 5 * 3", "Note: 5 * 3"),
    ("*a* **b** *c*", "a b c"),
    ("(*aside*)", "(aside)"),
])
def test_plain_removes_only_the_markers(text, expected):
    assert plain(text) == expected


# --- to_markup ----------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("<b>", "&lt;b&gt;"),
    ("</para>", "&lt;/para&gt;"),
    ("&amp;", "&amp;amp;"),
    ("a & b", "a &amp; b"),
    ('<font name="x">', '&lt;font name="x"&gt;'),
    ('<img src="x.png"/>', '&lt;img src="x.png"/&gt;'),
    ("*a* and **b**", "<i>a</i> and <b>b</b>"),
    ("*<b>*", "<i>&lt;b&gt;</i>"),
    ("5 * 3", "5 * 3"),
])
def test_to_markup_escapes_everything_but_the_two_markups(text, expected):
    assert to_markup(text) == expected


def test_to_markup_inline_false_keeps_asterisks():
    assert to_markup("*not emphasis* <b>", inline=False) == "*not emphasis* &lt;b&gt;"


def test_to_markup_uppercase():
    assert to_markup("*quiet* & calm", uppercase=True) == "<i>QUIET</i> &amp; CALM"


def _cjk_fallback(char: str) -> str | None:
    return "CJKFONT" if "\u4e00" <= char <= "\u9fff" else None


def test_to_markup_sets_fallback_runs_in_the_fallback_font():
    markup = to_markup("Last Train Home (归途列车) & *归途*", _cjk_fallback)
    assert '<font face="CJKFONT">归途列车</font>' in markup
    assert '<font face="CJKFONT">归途</font>' in markup  # Chinese and Japanese are never set in italic
    assert "&amp;" in markup
    assert unescape(re.sub(r"<[^>]+>", "", markup)) == "Last Train Home (归途列车) & 归途"


# --- property: ReportLab's parser sees literal text, never tags -----------------

MARKUPISH = ["<b>", "</b>", "</para>", "<para>", '<font name="x">', "</font>", "&amp;", "&", "&lt;", "&#169;",
             "&nbsp;", '<img src="x.png"/>', '<a href="http://e.com">', "</a>", "<br/>", "<super>", "]]>",
             "<!--", "-->", "<", ">", '"', "'", "*", "**", " ", "\n"]
WORDISH = st.text(alphabet="abcXYZéß αβΩ жЯ 归途 ’“”–—….,;:!?()", min_size=1, max_size=8)
MARKUP_TEXT = st.lists(st.one_of(st.sampled_from(MARKUPISH), WORDISH), min_size=1, max_size=12).map("".join)

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None)
@given(MARKUP_TEXT)
def test_reportlab_parses_markup_back_to_the_plain_text(text):
    """Whatever the user typed, the paragraph ReportLab builds holds exactly plain(text)."""
    para = Paragraph(to_markup(text), STYLE)
    parsed = "".join(getattr(frag, "text", "") for frag in para.frags)
    assert _squash(parsed) == _squash(plain(text))
    # emphasis and strong are the only formatting that can come out of user text
    for frag in para.frags:
        assert getattr(frag, "link", None) in (None, [], "")
        assert frag.fontName.startswith("Helvetica")


def _courier_for_cjk(char: str) -> str | None:
    return "Courier" if "\u4e00" <= char <= "\u9fff" else None


@settings(max_examples=150, deadline=None)
@given(MARKUP_TEXT)
def test_markup_fonts_follow_the_spans(text):
    """Each printed character is bold/italic exactly when its span is, CJK in the fallback font."""
    para = Paragraph(to_markup(text, _courier_for_cjk), STYLE)
    got = [(c, "Bold" in frag.fontName, "Oblique" in frag.fontName, frag.fontName.startswith("Courier"))
           for frag in para.frags for c in _squash(getattr(frag, "text", ""))]
    expected = [(c, strong, emphasis and _courier_for_cjk(c) is None, _courier_for_cjk(c) is not None)  # CJK: upright
                for span, strong, emphasis in spans(text) for c in _squash(span)]
    assert got == expected


# --- end to end: built PDFs ---------------------------------------------------

TITLE = '<i>Bold</i> & </para> <font name="x">Film'
SUMMARY_LITERALS = ["<b>", "</para>", '<font name="x">', "&amp;", '<img src="x.png"/>',
                    '<a href="https://example.com/">link</a>', "&#169;", "&nbsp;"]
QUESTION = 'Does <b> make this bold? Is &amp; an entity? </para> <img src="x.png"/>'
FACT = 'A fact with <font name="x"> and <a href=https://example.com>a link</a> &lt;3'
INTERPRETED = "It was *Wistful* and **Resolute** at once."
UNBALANCED = ["5 * 3 = 15", "*unclosed", "trailing*", "a*b*c"]


@pytest.fixture(scope="module")
def markup_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("markup")
    kit = {
        "film": {"title": TITLE, "director": 'Dir <b>Ector</b> & "Co"', "year": 2009},
        # each unbalanced example is its own paragraph ("*unclosed trailing*" would be emphasis)
        "summary": "\n\n".join([" ".join(SUMMARY_LITERALS), INTERPRETED, *UNBALANCED]),
        "questions": [QUESTION, "Plain question?"],
        "facts": [{"text": FACT, "source": "</b>Source & Co"}],
    }
    path = folder / "markup-kit.yaml"
    path.write_text(yaml.safe_dump(kit, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("build", path, "--layout", "guide", "--layout", "handout", "--out", folder / "out")
    assert result.exit_code == 0, result.output
    return {name: folder / "out" / "markup-kit" / f"{name}.pdf" for name in ("guide", "handout")}


def _spaced(text: str) -> str:
    """The text with any run of whitespace (a line break included) as one space."""
    return re.sub(r"\s+", " ", as_typed(text.replace("\u200b", "")))


@pytest.mark.parametrize("layout", ["guide", "handout"])
def test_markup_like_text_prints_exactly_as_typed(markup_pdfs, layout):
    text = _spaced(body_text(markup_pdfs[layout]))
    expected = [TITLE, *SUMMARY_LITERALS, QUESTION]
    if layout == "guide":  # the guide's film panel names the director; the handout says "Directed by"
        expected += [FACT, "Source: </b>Source & Co", 'Dir <b>Ector</b> & "Co"']
    else:
        expected += ['Directed by Dir <b>Ector</b> & "Co"']
    missing = [item for item in expected if _spaced(item) not in text]
    assert missing == []


@pytest.mark.parametrize("layout", ["guide", "handout"])
def test_markup_like_title_in_running_header_footer_and_metadata(markup_pdfs, layout):
    slots = list(load_layout(layout).header.values()) + list(load_layout(layout).footer.values())
    # the title block shows it once, the running text again (from page 2: page 1 opens with the title)
    if any("{film.title}" in slot for slot in slots) and len(PdfReader(str(markup_pdfs[layout])).pages) > 1:
        assert _spaced(pdf_text(markup_pdfs[layout])).count(_spaced(TITLE)) >= 2
    assert TITLE in PdfReader(str(markup_pdfs[layout])).metadata.title


def _words_with_fonts(path):
    with pdfplumber.open(str(path)) as pdf:
        return [(w["text"], w["fontname"].split("+", 1)[-1]) for page in pdf.pages
                for w in page.extract_words(extra_attrs=["fontname"])]


@pytest.mark.parametrize("layout", ["guide", "handout"])
def test_emphasis_and_strong_are_interpreted(markup_pdfs, layout):
    text = _spaced(body_text(markup_pdfs[layout]))
    assert "It was Wistful and Resolute at once." in text
    assert "*Wistful*" not in text and "**Resolute**" not in text
    fonts = dict(_words_with_fonts(markup_pdfs[layout]))
    assert fonts["Wistful"] == "NotoSerif-Italic"
    assert fonts["Resolute"] == "NotoSerif-Bold"
    assert fonts["It"] == "NotoSerif-Regular"


@pytest.mark.parametrize("layout", ["guide", "handout"])
def test_unbalanced_asterisks_print_literally(markup_pdfs, layout):
    text = _spaced(body_text(markup_pdfs[layout]))
    for literal in UNBALANCED:
        assert literal in text
    fonts = dict(_words_with_fonts(markup_pdfs[layout]))
    assert fonts["*unclosed"] == "NotoSerif-Regular"
    assert fonts["trailing*"] == "NotoSerif-Regular"


@pytest.mark.parametrize("text, font", [
    ("*归*", "Courier"), ("**归**", "Courier-Bold"), ("a **b 归 c** d", "Courier-Bold"),
])  # *归*: upright, Chinese and Japanese have no italic (the Japanese review); **: bold
def test_fallback_runs_keep_emphasis_and_strong(text, font):
    """Regression: '<i><font face=X>' printed upright (ReportLab resets bold/italic at <font face>)."""
    para = Paragraph(to_markup(text, _courier_for_cjk), STYLE)
    assert [f.fontName for f in para.frags if "归" in getattr(f, "text", "")] == [font]


def test_spaces_next_to_fallback_text_stay_in_the_main_font():
    """Regression: spaces joined the CJK run, and the bundled CJK font has no space glyph."""
    markup = to_markup("Home 归途 列车 by", _cjk_fallback)
    assert markup == 'Home <font face="CJKFONT">归途</font> <font face="CJKFONT">列车</font> by'


def test_spaces_between_chinese_words_print_as_spaces(tmp_path):
    kit = {"film": {"title": "T", "original_title": "归途 列车", "director": "D"},
           "summary": "Last Train Home 归途 列车 is 85 min; 的人们\u3000ideographic space.", "questions": ["Q?"]}
    path = tmp_path / "cjk.yaml"
    path.write_text(yaml.safe_dump(kit, allow_unicode=True), encoding="utf-8")
    result = run_cli("build", path, "--layout", "guide", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = body_text(tmp_path / "out" / "cjk" / "guide.pdf")
    assert "\x00" not in text, "a space drawn in a font without a space glyph"
    assert "Last Train Home 归途 列车 is 85 min; 的人们 ideographic space." in _spaced(text)
    assert "归途 列车" in _spaced(text)
