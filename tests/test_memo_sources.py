"""The trees of YAML files and the checked logos are remembered in kitbuilder.memo.Memo objects:
clear_all() forgets them too, a build after it prints the same bytes, and each keeps its bound."""

from __future__ import annotations

from pathlib import Path

from conftest import EVENT, KIT
from kitbuilder import memo
from kitbuilder.build import BuildOptions, prepare, render_one
from kitbuilder.compose.document import build_document
from kitbuilder.diagnostics import Origin, Problems
from kitbuilder.model import logo
from kitbuilder.source import yamlsource


def pdfs() -> list[bytes]:
    options = BuildOptions(layouts=["handout", "guide"], out_dir=Path("unused"), event_path=EVENT)
    return [render_one(comp, build_document(comp))[0] for comp in prepare(KIT, options)]


def test_clear_all_forgets_the_yaml_trees_and_the_checked_logos_and_prints_the_same():
    warm = pdfs()
    assert len(yamlsource.TREES) and len(logo.CHECKED)
    assert any(key[0] == str(KIT) for key in yamlsource.TREES._entries)
    memo.clear_all()
    assert len(yamlsource.TREES) == 0 and yamlsource.TREES.weight == 0
    assert len(logo.CHECKED) == 0 and logo.CHECKED.weight == 0
    assert pdfs() == warm
    assert len(yamlsource.TREES) and len(logo.CHECKED)  # read again, and remembered again


def test_the_bounds_are_the_modules_own():
    assert (yamlsource.TREES.max_weight, logo.CHECKED.max_weight) == (yamlsource.MAX_TREE_CHARS, logo.MAX_KEPT_BYTES)
    assert yamlsource.MAX_TREE_CHARS == 1_000_000 and logo.MAX_KEPT_BYTES == 48 * 1024 * 1024


def test_a_text_longer_than_the_bound_is_read_and_not_kept(monkeypatch):
    monkeypatch.setattr(yamlsource, "TREES", memo.Memo(max_weight=100))
    long = "title: " + "word " * 40 + "\n"
    short = "title: Film\n"
    assert yamlsource.parse(long, "kit.yaml").value["title"].value.startswith("word")
    assert yamlsource.parse(short, "kit.yaml") is yamlsource.parse(short, "kit.yaml")
    assert len(yamlsource.TREES) == 1 and yamlsource.TREES.weight == len(short)


def test_a_remembered_logo_is_checked_again_after_clear_all(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    (tmp_path / "logo.svg").write_text(svg, encoding="utf-8")
    origin = Origin(str(tmp_path / "event.yaml"), 3, 7)
    path = logo._find_and_check("logo.svg", origin, Problems())
    first = logo.prepared(path)
    assert logo.CHECKED.get(path) is first
    memo.clear_all()
    again = logo.prepared(path)  # read and checked again: a new, equal result
    assert again is not first and again.data == first.data and logo.CHECKED.get(path) is again
