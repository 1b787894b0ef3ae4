"""A hyphen the user typed is printed, wherever the line breaks (found by the property test:
ReportLab's embedded hyphenation dropped it when it broke a narrow sidebar line again)."""

from pathlib import Path

import pdfplumber
import yaml

from kitbuilder.cli import main

LONG = "A" * 197


def test_a_typed_hyphen_in_a_narrow_column_is_printed(tmp_path: Path):
    kit = {
        "film": {"title": "Hyphens", "director": "Someone"},
        "summary": f"{LONG} 0",
        "themes": {"items": [{"title": f"{LONG} <b> h-kF\u0429"}]},
        "questions": [f"{LONG} 0"],
    }
    path = tmp_path / "hyphens.yaml"
    path.write_text(yaml.safe_dump(kit, allow_unicode=True), encoding="utf-8")
    try:
        main(["build", str(path), "--layout", "handout", "--out", str(tmp_path / "out")], standalone_mode=False)
    except SystemExit as stop:
        assert stop.code in (0, None), f"build refused: exit {stop.code}"
    with pdfplumber.open(tmp_path / "out" / "hyphens" / "handout.pdf") as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "h-kF" in text.replace("\n", "")
