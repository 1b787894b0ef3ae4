"""The parsed-font cache (kitbuilder.source.fontcache): it saves time and never changes
what is printed: a cached font is the font ReportLab would parse; a corrupt, foreign or
stale cache file, or one written by other library versions, is ignored and rewritten;
concurrent writers leave one valid file; a font that is refused is never cached."""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from kitbuilder.source import fontcache
from pdfread import embedded_fonts, pdf_text

FONTS = Path(fontcache.__file__).resolve().parent.parent / "fonts"
SERIF = FONTS / "NotoSerif-Regular.ttf"
SANS = FONTS / "NotoSans-Bold.ttf"
SAMPLE = "Last Train Home — cinéma vérité, Zhang Qin"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of the test's own, and nothing remembered in memory."""
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    fontcache._in_memory.clear()
    return tmp_path / "cache"


class Parser:
    """The slow path, counted."""

    def __init__(self, path: Path, name: str):
        self.path, self.name, self.calls = path, name, 0

    def __call__(self) -> TTFont:
        self.calls += 1
        stream = io.BytesIO(self.path.read_bytes())
        stream.name = self.name
        return TTFont(self.name, stream)


def load(path: Path, name: str) -> tuple[TTFont, Parser]:
    parser = Parser(path, name)
    return fontcache.parsed_font(name, path.read_bytes(), parser), parser


def forget() -> None:
    fontcache._in_memory.clear()  # as a new process would start


def test_a_cached_font_is_the_font_reportlab_parses(cache, tmp_path):
    fresh, parser = load(SERIF, "cache-test-serif")
    assert parser.calls == 1 and len(list((cache / "fonts").glob("*.bin"))) == 1
    forget()
    cached, parser = load(SERIF, "cache-test-serif")
    assert parser.calls == 0, "a second process must read the cache, not parse"
    assert sorted(vars(cached)) == sorted(vars(fresh))
    fresh_face, cached_face = vars(fresh.face), vars(cached.face)
    assert sorted(cached_face) == sorted(fresh_face)
    for key, value in fresh_face.items():
        if key != "_pdfScale":
            assert cached_face[key] == value, key
            assert type(cached_face[key]) is type(value), key
    assert cached.face.fullName.ustr == fresh.face.fullName.ustr
    assert cached.stringWidth(SAMPLE, 11) == fresh.stringWidth(SAMPLE, 11)
    assert cached.shapable == fresh.shapable and cached._asciiReadable == fresh._asciiReadable

    # and it prints: embedded, subset, the text read back
    pdfmetrics.registerFont(cached)
    target = tmp_path / "cached.pdf"
    page = canvas.Canvas(str(target), initialFontName="cache-test-serif")
    page.setFont("cache-test-serif", 14)
    page.drawString(72, 700, SAMPLE)
    page.save()
    assert SAMPLE in pdf_text(target)
    embedded = embedded_fonts(target)
    assert embedded and all(embedded.values()) and any("NotoSerif" in name for name in embedded), embedded


def test_one_parse_per_process(cache):
    load(SERIF, "cache-test-a")
    (cache / "fonts").rename(cache / "gone")  # even without the disk copy
    font, parser = load(SERIF, "cache-test-b")
    assert parser.calls == 0 and font.fontName == "cache-test-b" and font.face.filename == "cache-test-b"


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "garbage", "empty", "other payload"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(cache, damage):
    fresh, _ = load(SERIF, "cache-test-serif")
    (stored,) = (cache / "fonts").glob("*.bin")
    good = stored.read_bytes()
    damaged = {
        "truncated": good[: len(good) // 2],
        "flipped byte": good[:-100] + bytes([good[-100] ^ 0xFF]) + good[-99:],
        "garbage": b"\x00\xff" * 5000,
        "empty": b"",
        # a well-formed file whose content is another font's
        "other payload": None,
    }[damage]
    if damaged is None:
        forget()
        load(SANS, "cache-test-sans")
        (other,) = [p for p in (cache / "fonts").glob("*.bin") if p != stored]
        damaged = other.read_bytes()
    stored.write_bytes(damaged)
    forget()
    font, parser = load(SERIF, "cache-test-serif")
    assert parser.calls == 1, "a damaged cache file must not be used"
    assert font.face.charWidths == fresh.face.charWidths and font.face.name == fresh.face.name
    assert stored.read_bytes() == good, "the damaged file is replaced by a good one"


def test_other_library_versions_parse_afresh(cache, monkeypatch):
    load(SERIF, "cache-test-serif")
    forget()
    monkeypatch.setattr(fontcache, "_versions", lambda: "1-rl99.0-py3.11-kb0.1.0")
    _, parser = load(SERIF, "cache-test-serif")
    assert parser.calls == 1
    assert len(list((cache / "fonts").glob("*.bin"))) == 2  # one file per set of versions

    # a file whose name matches but whose content says other versions is not used either
    (stored,) = [p for p in (cache / "fonts").glob("*.bin") if p == fontcache.cache_file(_digest(SERIF))]
    monkeypatch.setattr(fontcache, "_versions", lambda: "1-rl98.0-py3.11-kb0.1.0")
    stored.rename(fontcache.cache_file(_digest(SERIF)))
    forget()
    _, parser = load(SERIF, "cache-test-serif")
    assert parser.calls == 1


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(blocker / "cache"))
    fontcache._in_memory.clear()
    font, parser = load(SERIF, "cache-test-serif")
    assert parser.calls == 1 and font.stringWidth(SAMPLE, 10) > 0


def test_a_refused_font_is_never_cached(cache, tmp_path):
    from kitbuilder.diagnostics import KitbuilderError, Origin
    from kitbuilder.source.fontfiles import register_font

    damaged = tmp_path / "damaged.ttf"
    damaged.write_bytes(SERIF.read_bytes()[:5000])
    with pytest.raises(KitbuilderError):
        register_font(damaged, Origin("layout.yaml", 3, 5))
    assert not list(cache.rglob("*.bin"))


def _write_in_child(cache_folder: str, queue) -> None:
    import os

    os.environ["KITBUILDER_CACHE_DIR"] = cache_folder
    fontcache._in_memory.clear()
    font, _ = load(FONTS / "DroidSansFallback-subset.ttf", "cache-test-cjk")
    queue.put(font.stringWidth("归途列车", 10))


def test_concurrent_writers_leave_one_good_file(cache):
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    queue = context.Queue()
    children = [context.Process(target=_write_in_child, args=(str(cache), queue)) for _ in range(4)]
    for child in children:
        child.start()
    widths = [queue.get(timeout=60) for _ in children]
    for child in children:
        child.join(60)
        assert child.exitcode == 0
    assert len(set(widths)) == 1 and widths[0] > 0
    files = list((cache / "fonts").iterdir())
    assert [p.suffix for p in files] == [".bin"], "no temporary file is left behind"
    forget()
    font, parser = load(FONTS / "DroidSansFallback-subset.ttf", "cache-test-cjk")
    assert parser.calls == 0 and font.stringWidth("归途列车", 10) == widths[0]


def test_the_folder_keeps_the_fonts_used_most_recently(cache, monkeypatch):
    import os

    monkeypatch.setattr(fontcache, "MAX_FILES", 3)
    folder = cache / "fonts"
    folder.mkdir(parents=True)
    for n in range(4):  # older cache files of fonts used long ago
        stale = folder / f"{n:064x}-old.bin"
        stale.write_bytes(b"x")
        os.utime(stale, (1_000_000 + n, 1_000_000 + n))
    load(SERIF, "cache-test-serif")
    kept = sorted(p.name for p in folder.glob("*.bin"))
    assert len(kept) == 3 and fontcache.cache_file(_digest(SERIF)).name in kept
    assert f"{3:064x}-old.bin" in kept and f"{2:064x}-old.bin" in kept  # the two used last
    forget()
    _, parser = load(SERIF, "cache-test-serif")
    assert parser.calls == 0


def test_an_unchanged_font_file_is_read_once_per_process_and_a_changed_one_again(cache, tmp_path, monkeypatch):
    import os
    import shutil

    from kitbuilder.diagnostics import Origin, Problems
    from kitbuilder.source import fontfiles

    font = tmp_path / "MyFont.ttf"
    shutil.copyfile(SERIF, font)
    reads = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: reads.append(self.name) or real_open(self, *a, **k))
    origin = Origin("layout.yaml", 4, 3)
    for _ in range(3):
        problems = Problems()
        assert fontfiles._checked_font(font, "MyFont.ttf", os.stat(font), origin, problems) == font
        assert not problems.items
    assert reads.count("MyFont.ttf") == 1

    font.write_bytes(b"wOFF" + b"\0" * 2000)  # replaced by a web font: checked again, and refused
    problems = Problems()
    assert fontfiles._checked_font(font, "MyFont.ttf", os.stat(font), origin, problems) is None
    assert "web font" in problems.items[0].message
