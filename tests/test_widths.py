"""render/pdf/widths.py: a width ReportLab's paragraphs ask for again comes from the table, and
is always the width ReportLab itself measures for the font the name stands for now."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kitbuilder.render.pdf import widths

FONTS = Path(widths.__file__).resolve().parents[2] / "fonts"


def test_a_repeated_width_is_the_one_reportlab_measures():
    widths.install()
    pdfmetrics.registerFont(TTFont("kb-test-widths", str(FONTS / "NotoSans-Regular.ttf")))
    for text in ("the", " ", "the", "Zugfahrt", b"caf\xc3\xa9", "caf\u00e9"):
        measured = pdfmetrics.stringWidth(text, "kb-test-widths", 10.5)
        assert widths.string_width(text, "kb-test-widths", 10.5) == measured
        assert widths.string_width(text, "kb-test-widths", 10.5) == measured  # from the table
    assert ("the", "kb-test-widths", 10.5, "utf8") in widths._widths


def test_a_name_that_stands_for_another_font_now_is_measured_again():
    pdfmetrics.registerFont(TTFont("kb-test-widths-2", str(FONTS / "NotoSans-Regular.ttf")))
    narrow = widths.string_width("MMMM", "kb-test-widths-2", 12)
    # (ReportLab's registerFont keeps the first font of a name; the table of names is open to all)
    pdfmetrics._fonts["kb-test-widths-2"] = TTFont("kb-test-widths-2", str(FONTS / "NotoSerif-Bold.ttf"))
    wide = widths.string_width("MMMM", "kb-test-widths-2", 12)
    assert wide == pdfmetrics.stringWidth("MMMM", "kb-test-widths-2", 12) and wide != narrow


def test_the_table_is_bounded_in_answers_and_keeps_only_short_texts(monkeypatch):
    monkeypatch.setattr(widths, "MAX_WIDTHS", 5)
    widths._widths.clear()
    for n in range(12):
        widths.string_width(f"word{n}", "Helvetica", 10)
    assert len(widths._widths) <= 5
    widths._widths.clear()
    long = "x" * (widths.MAX_KEPT_CHARS + 1)
    assert widths.string_width(long, "Helvetica", 10) == pdfmetrics.stringWidth(long, "Helvetica", 10)
    assert not widths._widths


def test_paragraphs_measure_through_the_table_once_installed():
    import reportlab.platypus.paragraph as paragraph

    widths.install()
    widths.install()  # once per process, however often asked
    assert paragraph.stringWidth is widths.string_width
    assert widths._string_width is pdfmetrics.stringWidth
