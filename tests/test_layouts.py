"""Layouts are data: shipped layouts, extends:, static text with placeholders, glyph checks."""

from pathlib import Path

import pytest
import yaml

from conftest import KIT, run_cli
from kitbuilder.model.layout import SECTION_TYPES, available_layouts, load_layout
from kitbuilder.compose.context import COMPOSERS as RENDERERS
import kitbuilder.compose.document  # noqa: F401 (registers the composers)
from pdfread import contains, pdf_text

SHIPPED = ["handout", "guide", "facilitator", "booklet", "handout-2up", "feedback", "large-print"]


def test_every_section_type_has_a_renderer():
    assert set(RENDERERS) == set(SECTION_TYPES)


def test_layouts_command_lists_the_shipped_layouts():
    result = run_cli("layouts")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == sorted(SHIPPED) and "_base" not in names
    assert all(len(line.split(maxsplit=1)) == 2 for line in result.stdout.splitlines()), "each has a description"


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_layouts_load_and_inherit(name):
    layout = load_layout(name)
    assert layout.extends_chain[0] == "_base" and layout.extends_chain[-1] == name
    assert set(available_layouts()) == set(SHIPPED)


def write(path: Path, data) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_user_layout_extends_a_shipped_one_and_overrides_only_what_differs(tmp_path):
    layout = write(tmp_path / "club-sheet.yaml", {
        "extends": "handout",
        "description": "Our club's sheet",
        "colors": {"accent": "#0b6e4f"},
        "text": {"house_rules": "Thanks for coming to *{film.title}* by {film.director}. Tea is {{free}}."},
        "sections": ["title_block", {"type": "text", "heading": "Before we start", "text": "house_rules"},
                     {"type": "questions", "heading": "Talk about it"}],
    })
    result = run_cli("build", KIT, "--out", tmp_path / "out", "--layout", layout)
    assert result.exit_code == 0, result.output
    pdf = Path(result.stdout.split()[0])
    assert pdf.name == "club-sheet.pdf"
    text = pdf_text(pdf)
    assert contains(text, "Thanks for coming to Last Train Home by Lixin Fan. Tea is {free}.")
    assert contains(text, "Talk about it") and not contains(text, "Ways to Influence")
    resolved = load_layout(str(layout))
    assert resolved.page.max_pages == 2, "inherited from handout"
    assert resolved.colors["accent"] == "#0b6e4f" and resolved.colors["muted"] == load_layout("handout").colors["muted"]
    assert resolved.styles["body"].values["size"] == load_layout("handout").styles["body"].values["size"]


def test_a_layout_can_extend_a_sibling_file(tmp_path):
    write(tmp_path / "base-club.yaml", {"extends": "guide", "colors": {"accent": "#333333"}})
    child = write(tmp_path / "child.yaml", {"extends": "base-club", "title": "Club Guide"})
    layout = load_layout(str(child))
    assert layout.extends_chain == ["_base", "guide", "base-club", "child"]
    assert layout.colors["accent"] == "#333333" and layout.title == "Club Guide"


def test_circular_extends_is_an_error(tmp_path):
    write(tmp_path / "a.yaml", {"extends": "b"})
    write(tmp_path / "b.yaml", {"extends": "a"})
    result = run_cli("build", KIT, "--out", tmp_path, "--layout", tmp_path / "a.yaml")
    assert result.exit_code == 1 and "circle" in result.output and "Traceback" not in result.output


def test_unknown_placeholder_is_an_error_with_did_you_mean(tmp_path):
    layout = write(tmp_path / "bad.yaml", {"extends": "handout", "footer": {"left": "{film.titel}"}})
    result = run_cli("build", KIT, "--out", tmp_path, "--layout", layout)
    assert result.exit_code == 1
    assert f"{layout}:" in result.output and "film.titel" in result.output and "film.title" in result.output


def test_unknown_layout_name_lists_the_layouts(tmp_path):
    result = run_cli("build", KIT, "--out", tmp_path, "--layout", "gide")
    assert result.exit_code == 1
    assert "unknown layout 'gide'" in result.output and "did you mean 'guide'" in result.output
    for name in SHIPPED:
        assert name in result.output


def test_a_character_no_font_has_is_refused_naming_it_and_its_field(tmp_path):
    data = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    data["questions"][1] = "Which scene stayed with you? 🎬"
    kit = write(tmp_path / "kit.yaml", data)
    result = run_cli("build", kit, "--out", tmp_path / "out", "--layout", "guide")
    assert result.exit_code == 1
    assert "U+1F3AC" in result.output and "questions[2]" in result.output and str(kit) in result.output
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_section_options_are_validated(tmp_path):
    layout = write(tmp_path / "bad.yaml", {"extends": "guide", "sections": [
        {"type": "questions", "numbred": True}, {"type": "themes", "quote": "side"}, "sumary"]})
    result = run_cli("build", KIT, "--out", tmp_path, "--layout", layout)
    assert result.exit_code == 1
    assert "numbred" in result.output and "numbered" in result.output
    assert "sidebar" in result.output and "summary" in result.output
    assert "3 problems" in result.output


def _lines(page):
    """Text lines of a page body (running header and footer left out): (top, chars)."""
    rows: dict[int, list] = {}
    for char in page.chars:
        if char["text"].strip() and 36 < char["top"] < page.height - 36:
            rows.setdefault(round(char["top"]), []).append(char)
    return [rows[top] for top in sorted(rows)]


def _is_heading(chars, body_size):
    return all("Sans-Bold" in c["fontname"] for c in chars) and min(c["size"] for c in chars) > body_size + 1


@pytest.mark.parametrize("name", ["handout", "guide", "facilitator", "booklet", "large-print"])
def test_no_heading_is_left_alone_at_the_foot_of_a_page(tmp_path, name):
    import pdfplumber

    result = run_cli("build", KIT, "--out", tmp_path, "--layout", name, "--set", "page.imposition=none"
                     if name == "booklet" else "paper=letter")
    assert result.exit_code == 0, result.output
    body_size = load_layout(name).styles["body"].values["size"]
    with pdfplumber.open(result.stdout.split()[0]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = _lines(page)
            if lines:
                last = "".join(c["text"] for c in lines[-1])
                at_foot = lines[-1][0]["top"] > page.height / 2  # (a lined Notes page has only its heading)
                assert not (_is_heading(lines[-1], body_size) and at_foot), \
                    f"page {number} ends with the heading {last!r}"
