"""The running line's texts measured once per process (render/pdf/running.py): on every page
the page number changes one text of the line; the others are shared, and each line is set
as it would be with nothing memoised."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from kitbuilder.render.pdf import memo, running


def lines(pages, texts, width=300.0):
    style = ParagraphStyle("running-test", fontName="Helvetica", fontSize=9, leading=11)
    refused = []
    out = [running.set_line({side: text.format(page=page) for side, text in texts.items()}, lambda t: t, style,
                            0.0, width, lambda *a: refused.append(a)) for page in pages]
    return out, refused


def placed(line):
    return [(para.text, round(x, 6), round(running.natural_width(para), 6), para.style.fontSize) for para, x in line]


def test_a_line_is_set_as_without_the_memo():
    texts = {"left": "Last Train Home \u00b7 Discussion Guide", "center": "{page}", "right": "Film Club {page}"}
    memo.clear()
    warm, _ = lines(range(1, 6), texts)
    cold = []
    for page in range(1, 6):
        memo.clear()
        cold += lines([page], texts)[0]
    assert [placed(line) for line in warm] == [placed(line) for line in cold]
    assert warm[1][0][0] is warm[2][0][0], "the text without the page number is shared"


def test_a_line_too_wide_shrinks_and_shortens_as_without_the_memo():
    texts = {"left": "A very long film title that goes on and on " * 2, "right": "Page {page} of the packet"}
    memo.clear()
    warm, refused = lines(range(1, 4), texts, width=200.0)
    cold = []
    for page in range(1, 4):
        memo.clear()
        cold += lines([page], texts, width=200.0)[0]
    assert [placed(line) for line in warm] == [placed(line) for line in cold]
    assert any(para.style.fontSize < 9 for line in warm for para, _ in line) and not refused


def test_the_running_memos_are_bounded():
    assert running.SIDES.max_entries and running.SIDES.max_weight
    assert running.FITTED.max_entries <= 200
