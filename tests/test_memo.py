"""The paragraph memos (kitbuilder.render.pdf.memo) save time in a batch and never change a PDF:
a document rendered after other kits, languages, events and layouts have filled the memos is
byte for byte the document rendered with empty memos; splitting a paragraph whose lines are
shared changes no other paragraph; a result is never handed back for another text, style or
width; the memos stay within their bounds."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from conftest import EVENT, KIT, ROOT
from kitbuilder.build import BuildOptions, prepare, render_one
from kitbuilder.compose.document import build_document
from kitbuilder.render.pdf import memo
from kitbuilder.render.pdf.memo import Memo, MemoParagraph, style_key

TEST_EVENT = ROOT / "tests" / "kits" / "event.yaml"
LAYOUTS = ["handout", "guide", "facilitator", "booklet", "large-print"]


def pdfs(kit: Path, event: Path | None, layouts=LAYOUTS) -> list[bytes]:
    options = BuildOptions(layouts=layouts, out_dir=Path("unused"), event_path=event)
    return [render_one(comp, build_document(comp))[0] for comp in prepare(kit, options)]


def kit(name: str) -> Path:
    return KIT if name == "last-train-home" else ROOT / "tests" / "kits" / f"{name}.yaml"


@pytest.mark.parametrize("name", ["last-train-home", "fr", "ja", "long"])
def test_a_warm_memo_renders_what_an_empty_one_does(name):
    event = EVENT if name == "last-train-home" else TEST_EVENT
    memo.clear()
    cold = pdfs(kit(name), event)
    for other in ("last-train-home", "fr", "ja", "long", "short"):  # other kits and languages, with and without an event
        pdfs(kit(other), None, ["guide", "facilitator", "handout"])
    pdfs(kit(name), None)  # the same kit's paragraphs without the event, in every layout
    assert len(memo.PARSED) and len(memo.BROKEN)
    assert pdfs(kit(name), event) == cold


# --- paragraphs split while their lines are shared --------------------------------------

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12.5, alignment=TA_JUSTIFY,
                      hyphenationLang="en_GB", embeddedHyphenation=0, uriWasteReduce=0.3, splitLongWords=1,
                      allowWidows=0, allowOrphans=0)
CJK = ParagraphStyle("cjk", parent=BODY, wordWrap="CJK", hyphenationLang="", fontName="HeiseiMin-W3")
WORDS = ("The distributor sends one film to forty clubs, each with its own event file; a library "
         "plans a season of ten films. Incomprehensibilities notwithstanding, extraordinarily "
         "long words are hyphenated where they do not fit. ")
TEXTS = [
    WORDS * 4,  # one run: hyphenated by the language's patterns
    (WORDS + "<b>bold " + WORDS + "</b><i>" + WORDS + "</i>") * 2,  # several runs
    ("soft\u00adhyphen\u00adated words every\u00adwhere " * 30),  # soft hyphens
    "x" * 400 + " " + WORDS,  # a word wider than the line
]


def lines_of(paragraph) -> list:
    """Everything a paragraph's broken lines show, classes of the words included."""
    bl = paragraph.blPara
    if bl.kind == 0:
        return [(round(extra, 6), [(type(w).__name__, str(w)) for w in words]) for extra, words in bl.lines]
    return [(round(line.extraSpace, 6), [(type(f).__name__, getattr(f, "text", ""), f.fontName) for f in line.words])
            for line in bl.lines]


def parts_of(paragraph, width: float, height: float) -> list:
    paragraph.wrap(width, 1e6)
    parts = paragraph.split(width, height)
    shown = []
    for part in parts:
        part.wrap(width, 1e6)
        shown.append(lines_of(part))
    return shown


@pytest.mark.parametrize("text", TEXTS + ["\u65e5\u672c\u8a9e\u306e\u6587\u7ae0\u3067\u3059\u3002" * 40],
                         ids=["one-run", "runs", "soft-hyphens", "long-word", "cjk"])
def test_splitting_a_paragraph_with_shared_lines_changes_no_other(text):
    style = CJK if text.startswith("\u65e5") else BODY
    if style is CJK:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    memo.clear()
    width = 200.0
    fresh = Paragraph(text, style)
    fresh.wrap(width, 1e6)
    expected_lines = lines_of(fresh)
    for height in (30, 55, 80, 130):
        expected_parts = parts_of(Paragraph(text, style), width, height)
        first = MemoParagraph(text, style)
        first.wrap(width, 1e6)
        assert lines_of(first) == expected_lines
        assert parts_of(first, width, height) == expected_parts
        for part in first.split(width, height)[1:]:  # the rest split again
            part.wrap(width, 1e6)
            part.split(width, height)
        second = MemoParagraph(text, copy.deepcopy(style))  # another style object of the same values
        second.wrap(width, 1e6)
        assert second.blPara is first.blPara or lines_of(second) == expected_lines
        assert lines_of(second) == expected_lines
        assert parts_of(second, width, height) == expected_parts
    assert len(memo.BROKEN) >= 1


def test_a_paragraph_broken_at_two_widths_keeps_what_reportlab_makes():
    memo.clear()
    text = TEXTS[1]
    expected = []
    plain = Paragraph(text, BODY)
    for width in (200.0, 150.0, 200.0):  # a second break starts from the words the first one left
        plain.wrap(width, 1e6)
        expected.append(lines_of(plain))
    for _ in range(2):  # the second time from the memo
        shared = MemoParagraph(text, BODY)
        got = []
        for width in (200.0, 150.0, 200.0):
            shared.wrap(width, 1e6)
            got.append(lines_of(shared))
        assert got == expected
        assert parts_of(shared, 200.0, 40) == parts_of(Paragraph(text, BODY), 200.0, 40)


def test_no_result_for_another_text_style_or_width():
    memo.clear()
    a = MemoParagraph(WORDS, BODY)
    a.wrap(200, 1e6)
    b = MemoParagraph(WORDS, ParagraphStyle("other", parent=BODY, fontSize=11))
    b.wrap(200, 1e6)
    c = MemoParagraph(WORDS, BODY)
    c.wrap(180, 1e6)
    d = MemoParagraph(WORDS + " more", BODY)
    d.wrap(200, 1e6)
    assert len({id(p.blPara) for p in (a, b, c, d)}) == 4
    for p, style, width in ((b, b.style, 200), (c, BODY, 180), (d, BODY, 200)):
        fresh = Paragraph(p.text, style)
        fresh.wrap(width, 1e6)
        assert lines_of(p) == lines_of(fresh)


def test_style_key_is_the_values():
    same = ParagraphStyle("another name", parent=BODY)
    assert style_key(same) == style_key(BODY)
    assert style_key(ParagraphStyle("x", parent=BODY, fontSize=10.0)) != style_key(BODY)  # 10 and 10.0 differ
    changed = copy.deepcopy(BODY)
    assert style_key(changed) == style_key(BODY)
    changed.firstLineIndent = 5  # a style changed after it was keyed is keyed again
    assert style_key(changed) != style_key(BODY)
    assert style_key(ParagraphStyle("f", parent=BODY, hyphenationLang=lambda word: [])) is None  # not memoised


def test_the_memos_are_bounded():
    small = Memo(max_entries=3, max_weight=10)
    for n in range(5):
        small.put(n, str(n), 2)
    assert len(small) == 3 and small.get(0) is None and small.get(4) == "4"
    small.put("big", "x", 11)  # heavier than the whole memo: not kept
    assert small.get("big") is None
    small.put("heavy", "y", 9)
    assert small.weight <= 10 and small.get("heavy") == "y"
    memo.clear()
    for n in range(memo.MAX_ENTRIES + 50):
        MemoParagraph(f"paragraph number {n}", BODY).wrap(200, 1e6)
    assert len(memo.PARSED) <= memo.MAX_ENTRIES and len(memo.BROKEN) <= memo.MAX_ENTRIES
    long_text = "word " * 40_000
    for n in range(int(memo.MAX_CHARACTERS / len(long_text)) + 3):
        MemoParagraph(f"{n} {long_text}", BODY)
    assert memo.PARSED.weight <= memo.MAX_CHARACTERS


def hyphenated_line_ends(text: str, width: float) -> list[int]:
    """The lines (counted from 1) that end inside a word cut by hyphenation."""
    from reportlab.platypus.paragraph import _SplitFrag, _SplitWord
    paragraph = Paragraph(text, BODY)
    paragraph.wrap(width, 1e6)
    bl = paragraph.blPara
    if bl.kind == 0:
        return [i + 1 for i, (_, words) in enumerate(bl.lines) if words and isinstance(words[-1], _SplitWord)]
    return [i + 1 for i in range(len(bl.lines) - 1) if isinstance(paragraph.frags[bl.lines[i + 1].sFW - 1], _SplitFrag)]


@pytest.mark.parametrize("text", TEXTS, ids=["one-run", "runs", "soft-hyphens", "long-word"])
def test_a_split_at_a_cut_word_leaves_the_shared_words_as_they_were(text):
    """ReportLab's split rewrites the class of the word cut at the end of the first part; the
    words another paragraph shares must not change (it breaks its lines again from them), and
    what the split paragraph breaks afterwards (from the changed words) is not shared."""
    width = 200.0
    for lines in hyphenated_line_ends(text, width)[:4]:
        memo.clear()
        height = lines * BODY.leading + 1
        first = MemoParagraph(text, BODY)
        first.wrap(width, 1e6)
        first.split(width, height)
        first.wrap(150.0, 1e6)  # broken again after the split: from the words the split changed
        second, plain = MemoParagraph(text, BODY), Paragraph(text, BODY)
        for w in (width, 150.0, 120.0, width):
            second.wrap(w, 1e6)
            plain.wrap(w, 1e6)
            assert lines_of(second) == lines_of(plain)
        assert parts_of(second, width, height) == parts_of(plain, width, height)


def test_running_lines_are_kept_only_when_set_whole():
    from kitbuilder.render.pdf import running
    from kitbuilder.render.pdf.markup import to_markup

    running.LINES.clear()
    style = ParagraphStyle("running", fontName="Helvetica", fontSize=9, leading=11)
    refused = []
    texts = {"left": "Last Train Home", "right": "Page 3"}
    line = running.set_line(texts, to_markup, style, 50, 550, lambda *a: refused.append(a))
    again = running.set_line(texts, to_markup, copy.deepcopy(style), 50, 550, lambda *a: refused.append(a))
    assert [x for _, x in again] == [x for _, x in line] and len(running.LINES) == 1
    assert running.set_line(texts, to_markup, style, 60, 550, None) != line  # another measure: set again
    long = {"left": "A film title of many words " * 3, "right": "Page 3"}
    shortened = running.set_line(long, to_markup, style, 50, 300, None)
    assert shortened[0][0].text.endswith("\u2026")
    assert running.set_line({"left": "word " * 200}, to_markup, style, 50, 300, lambda *a: refused.append(a)) == []
    assert len(running.LINES) == 2 and len(refused) == 1  # neither the shortened nor the refused line is kept


def test_markup_is_never_served_for_another_look():
    """The markup of every paragraph of three kits in every layout (different fonts, fallback
    fonts, capitals, colours): made with a warm memo, as made with an empty one."""
    from kitbuilder.compose.blocks import walk
    from kitbuilder.render.pdf.runmarkup import MARKUP, RunMarkup

    def markups(cold: bool):
        made = []
        for name in ("last-train-home", "ja", "typo-zh-last-train-home"):
            options = BuildOptions(layouts=LAYOUTS + ["feedback"], out_dir=Path("unused"), event_path=TEST_EVENT)
            for comp in prepare(kit(name), options):
                runs = RunMarkup(comp)
                for block in walk(build_document(comp)):
                    if not hasattr(block, "runs"):
                        continue
                    for make in (lambda: runs.markup(block.runs, block.style), lambda: runs.text(block.text, "running")):
                        if cold:
                            memo.clear()  # an empty memo for each markup made
                        made.append(make())
        return made

    memo.clear()
    warm = markups(cold=False)
    assert len(MARKUP) > 0
    fresh = markups(cold=True)
    assert len(warm) > 500 and warm == fresh


class _Fonts:
    def __init__(self, fallback: str | None):
        self.fallback = fallback

    def fallback_font_name(self, family, char):
        return self.fallback if ord(char) > 0x3000 else None

    def font_name(self, family, bold=False, italic=False):
        return "Helvetica-Bold" if bold else "Helvetica"

    def files_key(self, family):
        return (family, "Helvetica")

    def fallback_key(self):
        return (("cjk", self.fallback),)


class _Styles:
    def __init__(self, uppercase: bool):
        self.upper = uppercase
        self.style = ParagraphStyle("body", fontName="Helvetica", fontSize=10)

    def __getitem__(self, name):
        return self.style

    def family(self, name):
        return "sans"

    def uppercase(self, name):
        return self.upper

    def spec(self, name):
        return {}


class _Comp:
    def __init__(self, fallback="HeiseiMin-W3", uppercase=False, muted="#777777"):
        from reportlab.lib.colors import HexColor
        self.fonts, self.styles = _Fonts(fallback), _Styles(uppercase)
        self.palette = {"muted": HexColor(muted)}


def test_markup_is_keyed_by_the_fonts_capitals_and_colour_it_depends_on():
    from kitbuilder.compose.blocks import Run
    from kitbuilder.render.pdf.runmarkup import RunMarkup

    runs = (Run("Tokyo \u6771\u4eac "), Run("station", emphasis=True), Run(" asked by", muted=True))
    looks = [_Comp(), _Comp(fallback="STSong-Light"), _Comp(uppercase=True), _Comp(muted="#333333")]
    memo.clear()
    warm = [(RunMarkup(c).markup(runs, "body"), RunMarkup(c).text("Tokyo \u6771\u4eac", "body")) for c in looks]
    fresh = []
    for c in looks:
        memo.clear()
        fresh.append((RunMarkup(c).markup(runs, "body"), RunMarkup(c).text("Tokyo \u6771\u4eac", "body")))
    assert warm == fresh and len(set(warm)) == len(looks)


def test_a_style_replaced_after_the_paragraph_is_made_is_the_one_it_breaks_in():
    """(mapping.sidebar gives a paragraph a style without space after once it is made)"""
    memo.clear()
    unhyphenated = ParagraphStyle("plain", parent=BODY, hyphenationLang="")
    for replaced in (True, False, True):
        shared, plain = MemoParagraph(TEXTS[1], BODY), Paragraph(TEXTS[1], BODY)
        for paragraph in (shared, plain):
            paragraph.wrap(200, 1e6)
            if replaced:
                paragraph.style = unhyphenated
            paragraph.wrap(180, 1e6)
        assert lines_of(shared) == lines_of(plain)
        assert parts_of(shared, 180, 40) == parts_of(plain, 180, 40)
    unkeyable = ParagraphStyle("f", parent=BODY, hyphenationLang=lambda word: [])
    shared, plain = MemoParagraph(TEXTS[1], BODY), Paragraph(TEXTS[1], BODY)
    for paragraph in (shared, plain):
        paragraph.wrap(200, 1e6)
        paragraph.style = unkeyable
        paragraph.wrap(150, 1e6)
    assert lines_of(shared) == lines_of(plain) and shared._kb_state is None
