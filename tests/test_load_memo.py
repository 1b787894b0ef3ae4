"""What a process remembers between the builds of a batch (issue 11, one kit for many
events): the glyph coverage of texts already checked, the fallback font of characters
already seen, ... Each memo must give exactly what a fresh process gives (the same
bytes, the same errors on every build) and stay bounded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kitbuilder.render.pdf.glyphs as glyphs
import kitbuilder.render.pdf.typefaces as typefaces
from kitbuilder.build import BuildOptions, build_kit
from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.memo import Memo
from kitbuilder.source.text import Text

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit" / "last-train-home.yaml"


def text(value: str, field: str = "summary") -> Text:
    return Text(value, Origin("kit.yaml", 3, 5), field)


def event_file(folder: Path, n: int) -> Path:
    path = folder / f"club-{n}.yaml"
    path.write_text(f"host: Film Club {n}\ntitle: Screening {n}\ndate: 2027-0{n % 9 + 1}-10\nvenue: Hall {n}\n",
                    encoding="utf-8")
    return path


def build(kit: Path, out: Path, event: Path | None = None, layouts=("guide",)) -> dict[str, bytes]:
    build_kit(kit, BuildOptions(layouts=list(layouts), out_dir=out, event_path=event, workers=1, force=True))
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def fresh_build(kit: Path, out: Path, event: Path | None = None, layouts=("guide",)) -> dict[str, bytes]:
    """The same build in a new process, which remembers nothing."""
    args = [sys.executable, "-m", "kitbuilder", "build", str(kit), "--out", str(out), "--force"]
    args += ["--event", str(event)] if event else []
    for layout in layouts:
        args += ["--layout", layout]
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


# ---------------------------------------------------------------------------
# glyph coverage


def test_a_text_found_printable_is_not_checked_again_with_the_same_fonts(monkeypatch):
    monkeypatch.setattr(glyphs, "_printable", Memo(1000, 100_000))
    monkeypatch.setattr(glyphs, "_kinds", Memo(1000, 1000))
    asked = []

    def covered(char):
        asked.append(char)
        return True

    glyphs.check_texts([text("Ça va"), text("Ça va")], covered, ["serif"], ("fonts-a",))
    assert sorted(asked) == sorted(set("Çava")) and len(glyphs._printable) == 1
    asked.clear()
    glyphs.check_texts([text("Ça va", "about.text")], covered, ["serif"], ("fonts-a",))
    assert asked == []  # remembered
    # other fonts: checked again, and a character they lack is refused
    with pytest.raises(KitbuilderError) as caught:
        glyphs.check_texts([text("Ça va")], lambda char: char != "Ç", ["sans"], ("fonts-b",))
    assert "'Ç'" in caught.value.problems[0].message and str(caught.value.problems[0].origin) == "kit.yaml:3:5"


def test_a_text_with_a_problem_is_reported_on_every_check(monkeypatch):
    monkeypatch.setattr(glyphs, "_printable", Memo(1000, 100_000))
    for _ in range(3):
        with pytest.raises(KitbuilderError):
            glyphs.check_texts([text("bell \a here")], lambda char: True, ["serif"], ("fonts-a",))
        with pytest.raises(KitbuilderError):
            glyphs.check_texts([text("\u05e9\u05dc\u05d5\u05dd")], lambda char: True, ["serif"], ("fonts-a",))
    assert len(glyphs._printable) == 0
    # invisible characters pasted with the text: warned about, so never remembered as printable
    glyphs.check_texts([text("zero\u200bwidth")], lambda char: True, ["serif"], ("fonts-a",))
    assert len(glyphs._printable) == 0


def test_remembered_texts_are_bounded(monkeypatch):
    monkeypatch.setattr(glyphs, "_printable", Memo(100_000, 1000))
    for n in range(200):
        glyphs.check_texts([text(f"paragraph number {n} " * 3)], lambda char: True, ["serif"], ("fonts-a",))
        assert glyphs._printable.weight <= 1000
        assert sum(len(key[-1]) for key in glyphs._printable._entries) == glyphs._printable.weight
    assert glyphs._printable.get((("fonts-a",), False, "paragraph number 199 " * 3))  # the latest are kept


def test_a_kit_with_a_character_no_font_has_fails_after_printable_builds(tmp_path):
    """A batch: the kit builds, then a copy with an emoji in a paragraph the first one had
    (remembered as printable without it) is refused, then the first builds again."""
    source = KIT.read_text(encoding="utf-8")
    assert "questions:" in source
    bad = tmp_path / "bad.yaml"
    bad.write_text(source.replace("questions:", "questions:\n  - text: \"What did the \U0001F682 mean?\"", 1),
                   encoding="utf-8")
    build(KIT, tmp_path / "one")
    for _ in range(2):
        with pytest.raises(KitbuilderError) as caught:
            build(bad, tmp_path / "bad")
        assert any("U+1F682" in p.message and p.origin.line for p in caught.value.problems)
    assert not (tmp_path / "bad").exists()
    build(KIT, tmp_path / "two")


def test_a_batch_gives_the_bytes_of_fresh_processes(tmp_path, monkeypatch):
    """Several events and kits in one process (every memo warm after the first) against
    each built alone in a new process: the same bytes. The French kit shares the fonts but
    not the texts; the Japanese one needs the CJK fallback font throughout."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    kits = [KIT, ROOT / "tests" / "kits" / "fr.yaml", ROOT / "tests" / "kits" / "ja.yaml"]
    events = [None, event_file(tmp_path, 1), event_file(tmp_path, 2)]
    runs = [(kit, event) for event in events for kit in kits]
    batch = {n: build(kit, tmp_path / f"batch-{n}", event, ("guide", "handout")) for n, (kit, event) in enumerate(runs)}
    for n in (0, 4, 8):  # a sample, fresh processes are slow
        kit, event = runs[n]
        assert fresh_build(kit, tmp_path / f"fresh-{n}", event, ("guide", "handout")) == batch[n], runs[n]


def test_fallback_fonts_found_are_shared_by_font_sets_of_the_same_files():
    from kitbuilder.build import prepare

    one = prepare(KIT, BuildOptions(layouts=["guide"]))[0].fonts
    two = prepare(KIT, BuildOptions(layouts=["handout"]))[0].fonts
    assert one.fallback_font_name("serif", "归") == two.fallback_font_name("serif", "归") is not None
    assert one.fallback_font_name("serif", "a") is None
    assert one.files_key("serif") == two.files_key("serif") != one.files_key("sans")
    assert typefaces._FALLBACK_NAMES.get((one.files_key("serif"), one.fallback_key(), "归")) == \
        one.fallback_font_name("serif", "归")


# ---------------------------------------------------------------------------
# YAML trees


def test_a_file_read_again_unchanged_gives_the_same_tree_and_a_changed_one_its_new_content(tmp_path):
    from kitbuilder.source.yamlsource import load_file

    path = tmp_path / "kit.yaml"
    path.write_text("title: One\nsummary: Two\n", encoding="utf-8")
    first = load_file(path, "kit")
    assert load_file(path, "kit") is first
    path.write_text("title: One\nsummary: Three\n", encoding="utf-8")
    assert load_file(path, "kit").value["summary"].value == "Three"
    moved = tmp_path / "other.yaml"  # the same text under another name: its own origins
    moved.write_text("title: One\nsummary: Three\n", encoding="utf-8")
    assert load_file(moved, "kit").value["title"].origin.file == str(moved)


def test_problems_of_a_file_are_reported_on_every_reading(tmp_path):
    from kitbuilder.diagnostics import Problems
    from kitbuilder.source.yamlsource import load_file

    path = tmp_path / "kit.yaml"
    path.write_text("title: One\ntitle: Two\nsummary: x\n", encoding="utf-8")
    for _ in range(3):
        problems = Problems()
        load_file(path, "kit", problems)
        assert [p.origin.line for p in problems.items] == [2]
        with pytest.raises(KitbuilderError):
            load_file(path, "kit")


def test_remembered_trees_are_bounded(tmp_path, monkeypatch):
    from kitbuilder.source import yamlsource

    from kitbuilder.memo import Memo

    monkeypatch.setattr(yamlsource, "TREES", Memo(max_weight=500))
    texts = [f"title: Film {n}\nsummary: {'word ' * 20}\n" for n in range(100)]
    for text in texts:
        yamlsource.parse(text, "kit.yaml")
        kept = [key for key in yamlsource.TREES._entries]
        assert yamlsource.TREES.weight == sum(len(text) for _, text in kept) <= 500
    assert ("kit.yaml", texts[-1]) in kept and ("kit.yaml", texts[0]) not in kept


def test_a_kit_changed_between_builds_is_located_in_its_new_text(tmp_path):
    """Build, then the same file with an emoji on a known line, then as it was: the error
    names the new line and column; the first text builds again."""
    kit = tmp_path / "kit.yaml"
    source = KIT.read_text(encoding="utf-8")
    kit.write_text(source, encoding="utf-8")
    build(kit, tmp_path / "one")
    lines = source.splitlines(keepends=True)
    line = next(n for n, l in enumerate(lines) if l.lstrip().startswith("summary:"))
    lines.insert(line, "# a comment moves everything below it\n")
    changed = "".join(lines).replace("summary: ", "summary: \U0001F682 ", 1)
    kit.write_text(changed, encoding="utf-8")
    with pytest.raises(KitbuilderError) as caught:
        build(kit, tmp_path / "two")
    [problem] = caught.value.problems
    assert (problem.origin.line, problem.origin.column) == (line + 2, len("summary: ") + 1), problem
    kit.write_text(source, encoding="utf-8")
    build(kit, tmp_path / "three")


# ---------------------------------------------------------------------------
# logos and font subsets


def test_the_logo_limit_is_the_svg_checkers():
    from kitbuilder.model import logo
    from kitbuilder.source import svgsafe

    assert logo.MAX_SVG_BYTES == svgsafe.MAX_BYTES


def test_a_logo_is_checked_again_when_its_bytes_change(tmp_path):
    """The same SVG again is not checked again; a changed one is, and its problem is reported
    (on every build), and the first one is accepted again after it."""
    from kitbuilder.diagnostics import Problems
    from kitbuilder.model import logo

    good = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    path = tmp_path / "logo.svg"
    origin = Origin(str(tmp_path / "event.yaml"), 4, 7)
    path.write_text(good, encoding="utf-8")
    assert logo._find_and_check("logo.svg", origin, Problems()) == path.resolve()
    first = logo.CHECKED.get(path.resolve())
    assert logo._find_and_check("logo.svg", origin, Problems()) == path.resolve()
    assert logo.CHECKED.get(path.resolve()) is first
    path.write_text(good.replace("<rect", '<text x="1" y="9">Club</text><rect'), encoding="utf-8")
    for _ in range(2):
        problems = Problems()
        assert logo._find_and_check("logo.svg", origin, problems) is None
        assert [str(p.origin) for p in problems.items] == [str(origin)] and "text" in problems.items[0].message
    path.write_text(good, encoding="utf-8")
    assert logo._find_and_check("logo.svg", origin, Problems()) == path.resolve()


def test_font_subsets_are_made_once_per_font_and_characters(monkeypatch):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from kitbuilder.model.layoutfiles import fonts_dir
    from kitbuilder.source import fontcache
    from kitbuilder.source.fontfiles import register_font

    monkeypatch.setattr(fontcache, "_SUBSETS", Memo(4096, fontcache.MAX_SUBSET_BYTES))
    sans = pdfmetrics.getFont(register_font(fonts_dir() / "NotoSans-Regular.ttf", Origin("test"))).face
    serif = pdfmetrics.getFont(register_font(fonts_dir() / "NotoSerif-Regular.ttf", Origin("test"))).face
    alone = TTFont("subset-test-sans", str(fonts_dir() / "NotoSans-Regular.ttf")).face  # not remembered
    codes = [0] + [ord(c) for c in "Last Train Home"]
    made = sans.makeSubset(codes)
    assert sans.makeSubset(list(codes)) is made and len(fontcache._SUBSETS) == 1
    assert made == alone.makeSubset(codes) and alone not in fontcache._digests
    assert serif.makeSubset(codes) != made  # another font file: its own subset
    assert sans.makeSubset(codes[::-1]) == alone.makeSubset(codes[::-1]) != made  # the order numbers the glyphs
    assert len(fontcache._SUBSETS) == 3
    monkeypatch.setattr(fontcache, "_SUBSETS", Memo(4096, 3 * len(made)))
    for n in range(1, 40):
        sans.makeSubset(codes[:n % len(codes) + 1])
        kept = [subset for subset, _ in fontcache._SUBSETS._entries.values()]
        assert fontcache._SUBSETS.weight == sum(map(len, kept)) <= 3 * len(made)
