"""render/pdf/widths.py: a width ReportLab's paragraphs ask for again comes from the table, and
is always the width ReportLab itself measures for the font the name stands for now."""

from __future__ import annotations

import marshal
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kitbuilder.render.pdf import widths
from kitbuilder.source import cachefiles, fontcache

FONTS = Path(widths.__file__).resolve().parents[2] / "fonts"
SANS = FONTS / "NotoSans-Regular.ttf"


def test_a_repeated_width_is_the_one_reportlab_measures():
    pdfmetrics.registerFont(TTFont("kb-test-widths", str(SANS)))
    for text in ("the", " ", "the", "Zugfahrt", b"caf\xc3\xa9", "caf\u00e9"):
        measured = pdfmetrics.stringWidth(text, "kb-test-widths", 10.5)
        assert widths.string_width(text, "kb-test-widths", 10.5) == measured
        assert widths.string_width(text, "kb-test-widths", 10.5) == measured  # from the table
    assert ("the", "kb-test-widths", 10.5, "utf8") in widths._widths


def test_a_name_that_stands_for_another_font_now_is_measured_again(monkeypatch):
    pdfmetrics.registerFont(TTFont("kb-test-widths-2", str(SANS)))
    narrow = widths.string_width("MMMM", "kb-test-widths-2", 12)
    # (ReportLab's registerFont keeps the first font of a name; the table of names is open to all)
    monkeypatch.setitem(pdfmetrics._fonts, "kb-test-widths-2", TTFont("kb-test-widths-2", str(FONTS / "NotoSerif-Bold.ttf")))
    wide = widths.string_width("MMMM", "kb-test-widths-2", 12)
    assert wide == pdfmetrics.stringWidth("MMMM", "kb-test-widths-2", 12) and wide != narrow


def test_widths_measured_with_a_planted_entry_are_forgotten_when_the_font_is_read_from_its_file(
        tmp_path, monkeypatch, request):
    """An entry of the font cache whose widths pass their checks but whose glyph positions do
    not: once the font is parsed from its file instead, no width measured before is given back."""
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path))
    fontcache._in_memory.clear()
    request.addfinalizer(fontcache._in_memory.clear)
    data = SANS.read_bytes()
    fontcache.parsed_font("kb-planted", data, lambda: TTFont("kb-planted", str(SANS)))
    entry = fontcache.cache_file(fontcache.hashlib.sha256(data).hexdigest())
    value = cachefiles.read_entry(entry, fontcache.MAGIC, fontcache.MAX_BYTES)[1]
    packed = value["face"]["packed"]
    packed["charWidths"] = marshal.dumps({code: 2 * width for code, width in marshal.loads(packed["charWidths"]).items()})
    packed["glyphPos"] = marshal.dumps(marshal.loads(packed["glyphPos"])[:10])
    cachefiles.write_entry(entry, value, fontcache.MAGIC, None, fontcache.MAX_FILES)
    fontcache._in_memory.clear()
    font = fontcache.parsed_font("kb-planted", data, lambda: TTFont("kb-planted", str(SANS)), deferred=True)
    monkeypatch.setitem(pdfmetrics._fonts, "kb-planted", font)
    planted = widths.string_width("Train", "kb-planted", 10)
    font.face.glyphPos  # noqa: B018 - unusable: the font is parsed from its file
    true = TTFont("kb-true", str(SANS)).stringWidth("Train", 10)
    assert planted == 2 * true and widths.string_width("Train", "kb-planted", 10) == true


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
