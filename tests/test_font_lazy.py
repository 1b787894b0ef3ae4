"""Fonts are read when used (kitbuilder.source.fontcache, deferred faces): a layout's font
whose parsed data is in the cache folder is registered at once, and its tables are read
from the cache the first time anything asks for them. A fallback font no text needs is
never read; a font some text needs is; the PDFs are the same bytes either way; and a
font file that cannot be used is still refused with its located message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.source import fontcache, fontfiles

ROOT = Path(__file__).resolve().parent.parent
FONTS = Path(fontcache.__file__).resolve().parent.parent / "fonts"
SERIF = FONTS / "NotoSerif-Regular.ttf"
TABLES = ("charToGlyph", "charWidths", "glyphPos", "hmetrics", "glyphToChar")

# Builds a kit in this one process (no forked copy) and says which tables of the fallback
# font and of the sans bold italic (which no layout of the build sets text in) were read.
BUILD = """
import json, sys
from pathlib import Path
from reportlab.pdfbase import pdfmetrics
from kitbuilder.build import BuildOptions, build_kit
from kitbuilder.model.layoutfiles import fonts_dir
from kitbuilder.source import fontcache, fontfiles
build_kit(sys.argv[1], BuildOptions(layouts=["handout", "guide"], out_dir=Path(sys.argv[2]), force=True, workers=1))
seen = {}
for file in ("DroidSansFallback-subset.ttf", "NotoSans-BoldItalic.ttf"):
    font = pdfmetrics.getFont(fontfiles.registered_name(fonts_dir() / file))
    seen[file] = [table for table in %r if fontcache.is_loaded(font, table)]
print(json.dumps(seen))
""" % (TABLES,)


def _build(kit: Path, out: Path, cache: Path) -> dict[str, list[str]]:
    env = dict(os.environ, KITBUILDER_CACHE_DIR=str(cache), SOURCE_DATE_EPOCH="1700000000")
    done = subprocess.run([sys.executable, "-c", BUILD, str(kit), str(out)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def _pdfs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def test_an_english_kit_never_reads_the_fallback_font(tmp_path):
    kit = ROOT / "tests" / "kits" / "fr.yaml"  # French: no character the Noto fonts lack
    cold = _build(kit, tmp_path / "cold", tmp_path / "cache")  # the fonts are parsed, and cached
    assert cold["DroidSansFallback-subset.ttf"], "parsed at once when nothing is cached"
    warm = _build(kit, tmp_path / "warm", tmp_path / "cache")
    assert warm["DroidSansFallback-subset.ttf"] == [], "no text needs the fallback font: never read"
    assert "glyphToChar" not in warm["NotoSans-BoldItalic.ttf"]  # only what is asked for is unpacked
    assert _pdfs(tmp_path / "warm") == _pdfs(tmp_path / "cold") != {}


def test_a_japanese_kit_reads_the_fallback_font(tmp_path):
    kit = ROOT / "tests" / "kits" / "ja.yaml"
    _build(kit, tmp_path / "cold", tmp_path / "cache")
    warm = _build(kit, tmp_path / "warm", tmp_path / "cache")
    assert {"charToGlyph", "charWidths", "glyphPos", "hmetrics"} <= set(warm["DroidSansFallback-subset.ttf"])
    assert _pdfs(tmp_path / "warm") == _pdfs(tmp_path / "cold") != {}


@pytest.fixture
def new_process(tmp_path, monkeypatch):
    """A cache folder of the test's own; calling the fixture's value forgets what this process
    registered, as a new process would start (the cache folder stays)."""
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))

    def forget():
        monkeypatch.setattr(fontfiles, "_by_digest", {})
        monkeypatch.setattr(fontfiles, "_current", {})
        fontcache._in_memory.clear()
    forget()
    return forget


def _unique_copy(folder: Path, name: str, source: Path = SERIF) -> Path:
    """A copy of ``source`` with bytes of its own (padding after the last table): a font
    file this process has not seen."""
    path = folder / name
    path.write_bytes(source.read_bytes() + b"\0\0\0\0" + os.urandom(8))
    return path


def test_a_deferred_font_is_read_on_first_use_and_prints_the_same(tmp_path, new_process):
    from reportlab.pdfbase import pdfmetrics

    path = _unique_copy(tmp_path, "Mine.ttf")
    parsed = pdfmetrics.getFont(fontfiles.register_font(path, Origin("layout.yaml", 3, 5)))
    assert fontcache.is_loaded(parsed)
    new_process()
    font = pdfmetrics.getFont(fontfiles.register_font(path, Origin("layout.yaml", 3, 5)))
    assert font is not parsed and font.fontName == parsed.fontName
    assert not any(fontcache.is_loaded(font, table) for table in TABLES)
    assert font.stringWidth("Last Train Home", 11) == parsed.stringWidth("Last Train Home", 11)
    assert fontcache.is_loaded(font, "charWidths") and not fontcache.is_loaded(font, "hmetrics")
    codes = [0] + [ord(c) for c in "Last Train Home"]
    assert font.face.makeSubset(codes) == parsed.face.makeSubset(codes)
    assert not fontcache.is_loaded(font, "glyphToChar")


def test_an_entry_found_unusable_on_first_use_is_parsed_then_and_rewritten(tmp_path, new_process, monkeypatch):
    from reportlab.pdfbase import pdfmetrics

    path = _unique_copy(tmp_path, "Mine.ttf")
    parsed = pdfmetrics.getFont(fontfiles.register_font(path, Origin("layout.yaml", 3, 5)))
    (entry,) = (tmp_path / "cache" / "fonts").glob("*.bin")
    good = entry.read_bytes()
    new_process()
    font = pdfmetrics.getFont(fontfiles.register_font(path, Origin("layout.yaml", 3, 5)))
    entry.write_bytes(good[:-100] + bytes([good[-100] ^ 0xFF]) + good[-99:])  # damaged after the layout was read
    assert font.face.charWidths == parsed.face.charWidths
    assert font.face.glyphPos == parsed.face.glyphPos
    assert entry.read_bytes() == good, "the damaged entry is replaced by a good one"


def test_a_damaged_font_is_refused_with_its_message_even_behind_a_planted_entry(tmp_path, new_process):
    from reportlab.pdfbase import pdfmetrics

    damaged = tmp_path / "Damaged.ttf"
    damaged.write_bytes(SERIF.read_bytes()[:5000])
    origin = Origin("layout.yaml", 7, 9)
    with pytest.raises(KitbuilderError) as refused:
        fontfiles.register_font(damaged, origin)  # nothing cached: parsed and refused at its line
    assert not list((tmp_path / "cache").rglob("*.bin")), "a refused font is never cached"
    message = refused.value.problems[0]
    assert str(message.origin) == str(origin) and "cannot be used" in message.message

    # Someone writes a file where the damaged font's entry would be: it is not trusted.
    import hashlib

    planted = fontcache.cache_file(hashlib.sha256(damaged.read_bytes()).hexdigest())
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(fontcache.MAGIC + b"\0" * 32 + b"not an entry" * 100)
    new_process()
    font = pdfmetrics.getFont(fontfiles.register_font(damaged, origin))
    with pytest.raises(KitbuilderError) as again:
        font.face.charToGlyph  # noqa: B018 - the first use reads the entry, finds it bad and parses
    problem = again.value.problems[0]
    assert (str(problem.origin), problem.message, problem.fix) == (str(message.origin), message.message, message.fix)
    with pytest.raises(KitbuilderError):  # and so on every use, never a half-filled face
        font.face.charWidths  # noqa: B018
