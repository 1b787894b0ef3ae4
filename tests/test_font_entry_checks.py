"""An entry of the parsed-font cache is checked when used (kitbuilder.source.fontchecks): it must
describe the font file it is used for (table directory, glyph count, units per em), its small
values must have the parser's types, and each large table, when unpacked, must be what the
parser makes. An entry that is not is unusable: the font is parsed from its file (and the entry
rewritten), the same widths and glyphs as ever; never a traceback."""

from __future__ import annotations

import io
import marshal
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from kitbuilder.source import cachefiles, fontcache, fontchecks

FONTS = Path(fontcache.__file__).resolve().parent.parent / "fonts"
SANS, SERIF = FONTS / "NotoSans-Regular.ttf", FONTS / "NotoSerif-Regular.ttf"
SAMPLE = "Last Train Home — cinéma vérité"


def _parsed(path: Path):
    stream = io.BytesIO(path.read_bytes())
    stream.name = "entry-check"
    return TTFont("entry-check", stream).face


@pytest.mark.parametrize("path", sorted(FONTS.glob("*.ttf")), ids=lambda p: p.stem)
def test_every_bundled_fonts_entry_is_usable(path):
    face = _parsed(path)
    stored = fontcache._attributes(face)
    assert fontchecks.small_values_usable(face)
    assert fontchecks.of_this_file(face, stored["packed"], face._ttf_data)
    for name, packed in stored["packed"].items():
        assert fontchecks.usable_table(face, name, packed) == getattr(face, name), name


def test_an_entry_describes_its_own_file_only():
    sans, serif = _parsed(SANS), _parsed(SERIF)
    packed = fontcache._attributes(sans)["packed"]
    assert fontchecks.of_this_file(sans, packed, sans._ttf_data)
    assert not fontchecks.of_this_file(sans, packed, serif._ttf_data), "another font's file"
    assert not fontchecks.of_this_file(sans, packed, sans._ttf_data[:60_000]), "tables past the end of the file"
    assert not fontchecks.of_this_file(sans, packed, b""), "no file at all"
    sans.numGlyphs += 1
    assert not fontchecks.of_this_file(sans, packed, sans._ttf_data), "another glyph count"


DAMAGES = {
    "charToGlyph": [{65: 1.0}, {65: "1"}, {"A": 1}, {65: 10**6}, {65: -1}, [1, 2]],
    "charWidths": [{65: "wide"}, {65: None}, {65: float("inf")}, {65: 1j}, {"A": 500}],
    "glyphPos": ["short", [0, 1, 2], None],
    "hmetrics": ["short", [(1, 2, 3)], [(1, "2")]],
    "glyphToChar": [{1: 65}, {1: ["A"]}, {10**6: [65]}],
    "table": [{"head": {"tag": "head"}}, [1]],
    "bbox": [[1, 2, 3], ["a", 1, 2, 3]],
}


@pytest.mark.parametrize("name, value", [(n, v) for n, values in DAMAGES.items() for v in values])
def test_a_table_not_as_the_parser_makes_it_is_unusable(name, value):
    face = _parsed(SANS)
    if value == "short":
        value = getattr(face, name)[:-1]
    elif name in ("glyphPos", "hmetrics") and isinstance(value, list) and len(value) < 4:
        value = getattr(face, name)[:-len(value)] + value
    assert fontchecks.usable_table(face, name, marshal.dumps(value)) is None
    assert fontchecks.usable_table(face, name, b"\xff not marshal") is None


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    fontcache._in_memory.clear()
    yield tmp_path / "cache"
    fontcache._in_memory.clear()


class Parser:
    def __init__(self, path: Path):
        self.path, self.calls = path, 0

    def __call__(self) -> TTFont:
        self.calls += 1
        stream = io.BytesIO(self.path.read_bytes())
        stream.name = "entry-check"
        return TTFont("entry-check", stream)


def _planted(change) -> None:
    """The entry of the sans font, changed and written back as kitbuilder writes one."""
    path = fontcache.cache_file(fontcache.hashlib.sha256(SANS.read_bytes()).hexdigest())
    found, value = cachefiles.read_entry(path, fontcache.MAGIC, fontcache.MAX_BYTES)
    assert found
    change(value["face"])
    cachefiles.write_entry(path, value, fontcache.MAGIC, None, fontcache.MAX_FILES)
    fontcache._in_memory.clear()


PLANTS = {
    "widths of strings": lambda face: face["packed"].update(
        charWidths=marshal.dumps({code: "wide" for code in marshal.loads(face["packed"]["charWidths"])})),
    "glyph positions short": lambda face: face["packed"].update(
        glyphPos=marshal.dumps(marshal.loads(face["packed"]["glyphPos"])[:10])),
    "ascent a string": lambda face: face["face"].update(ascent="high"),
    "font name a number": lambda face: face["face"].update(name=5, subfontNameX=7),
    "a method's name": lambda face: face["packed"].update(makeSubset=marshal.dumps([])),
    "another glyph count": lambda face: face["face"].update(numGlyphs=face["face"]["numGlyphs"] - 1),
}


@pytest.mark.parametrize("deferred", [True, False], ids=["deferred", "at once"])
@pytest.mark.parametrize("plant", list(PLANTS))
def test_a_planted_entry_is_parsed_from_the_file_instead(cache, plant, deferred):
    expected = TTFont("entry-check-expected", str(SANS))
    first = Parser(SANS)
    fontcache.parsed_font("entry-check", SANS.read_bytes(), first)
    assert first.calls == 1
    _planted(PLANTS[plant])
    parser = Parser(SANS)
    font = fontcache.parsed_font("entry-check", SANS.read_bytes(), parser, deferred=deferred)
    assert font.stringWidth(SAMPLE, 11) == expected.stringWidth(SAMPLE, 11)
    assert font.face.glyphPos == expected.face.glyphPos and font.face.ascent == expected.face.ascent
    assert font.face.makeSubset([65, 66]) == expected.face.makeSubset([65, 66])
    assert parser.calls == 1, "parsed from its file"
    fontcache._in_memory.clear()
    again = Parser(SANS)  # the entry was rewritten: a new process reads it
    font = fontcache.parsed_font("entry-check", SANS.read_bytes(), again, deferred=deferred)
    assert font.stringWidth(SAMPLE, 11) == expected.stringWidth(SAMPLE, 11) and again.calls == 0


class Refusing(Parser):
    """A parser that refuses the file (as kitbuilder's does a damaged font, with its located error)."""

    def __call__(self) -> TTFont:
        self.calls += 1
        raise ValueError("font file 'x.ttf' cannot be used")


def test_a_font_refused_when_a_planted_table_is_found_unusable_is_refused_again(cache):
    """Asked again (the next build of a watch session or batch uses the same face), the font is
    refused again with the same error, never an AttributeError for the table."""
    fontcache.parsed_font("entry-check", SANS.read_bytes(), Parser(SANS))
    _planted(PLANTS["widths of strings"])
    refusing = Refusing(SANS)
    font = fontcache.parsed_font("entry-check", SANS.read_bytes(), refusing, deferred=True)
    for attempt in (1, 2):
        with pytest.raises(ValueError, match="cannot be used"):
            font.face.charWidths  # noqa: B018
        assert refusing.calls == attempt
