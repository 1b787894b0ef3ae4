"""The font caches of the process (parsed fonts' attributes and subsets, font files already
checked, glyph checks, fallback fonts found) are kitbuilder.memo.Memo objects: clear_all()
forgets them, a build after it prints the same bytes, and each keeps its bound."""

from __future__ import annotations

from pathlib import Path

from conftest import EVENT, KIT
from kitbuilder import memo
from kitbuilder.build import BuildOptions, prepare, render_one
from kitbuilder.compose.document import build_document
from kitbuilder.render.pdf import glyphs, typefaces
from kitbuilder.source import fontcache, fontfiles

CACHES = {
    "parsed fonts": lambda: fontcache._in_memory,
    "subsets": lambda: fontcache._SUBSETS,
    "checked font files": lambda: fontfiles._accepted,
    "printable texts": lambda: glyphs._printable,
    "characters checked": lambda: glyphs._kinds,
    "fallback fonts found": lambda: typefaces._FALLBACK_NAMES,
}


def pdfs() -> list[bytes]:
    options = BuildOptions(layouts=["handout", "guide"], out_dir=Path("unused"), event_path=EVENT)
    return [render_one(comp, build_document(comp))[0] for comp in prepare(KIT, options)]  # the seed kit: CJK too


def test_clear_all_forgets_the_font_caches_and_prints_the_same():
    warm = pdfs()
    assert [name for name, cache in CACHES.items() if not len(cache())] in ([], ["parsed fonts"])  # (see below)
    memo.clear_all()
    assert {name: (len(cache()), cache().weight) for name, cache in CACHES.items()} == dict.fromkeys(CACHES, (0, 0))
    assert pdfs() == warm
    # found again and remembered again; the fonts themselves stay registered, so their
    # attributes are not read again (a font registered anew is: the last test)
    assert [name for name, cache in CACHES.items() if not len(cache())] == ["parsed fonts"]


def test_the_bounds_are_the_modules_own():
    assert fontcache._SUBSETS.max_weight == fontcache.MAX_SUBSET_BYTES == 16 * 1024 * 1024
    assert fontfiles._accepted.max_entries == fontfiles.MAX_ACCEPTED == 1000
    assert glyphs._printable.max_weight == glyphs.MAX_REMEMBERED_CHARS == 2_000_000
    assert fontcache._in_memory.max_weight == 64 * 1024 * 1024


def test_a_parsed_font_forgotten_is_read_again_from_the_cache_folder(tmp_path, monkeypatch):
    from reportlab.pdfbase import pdfmetrics

    from kitbuilder.diagnostics import Origin

    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(fontfiles, "_by_digest", {})
    monkeypatch.setattr(fontfiles, "_current", {})
    font_file = tmp_path / "Mine.ttf"
    font_file.write_bytes((Path(fontcache.__file__).parent.parent / "fonts" / "NotoSans-Regular.ttf").read_bytes()
                          + b"\0\0\0\0mine")
    parsed = pdfmetrics.getFont(fontfiles.register_font(font_file, Origin("layout.yaml", 2, 3)))
    monkeypatch.setattr(fontfiles, "_by_digest", {})
    monkeypatch.setattr(fontfiles, "_current", {})
    font = pdfmetrics.getFont(fontfiles.register_font(font_file, Origin("layout.yaml", 2, 3)))
    memo.clear_all()  # after the font was registered, before its face was filled
    calls = []
    monkeypatch.setattr(fontcache, "_read", lambda digest, path=None, real=fontcache._read: calls.append(1) or real(digest, path))
    assert font.face.charWidths == parsed.face.charWidths and calls == [1]
