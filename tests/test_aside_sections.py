"""A section that turns pages (a back cover's filler pages, a Notes page) set as an aside
stays in the text column: the sidebar column holds only what is drawn (found by the random
layouts of test_hostile_layouts: a traceback, 'FillPages' object has no attribute 'width')."""

import pytest

from conftest import KIT, run_cli


@pytest.mark.parametrize("section", ["back_cover", "notes_page"])
def test_a_page_turning_section_as_an_aside_builds(tmp_path, section):
    layout = tmp_path / "with-aside.yaml"
    layout.write_text(f"extends: facilitator\nsections:\n  - type: {section}\n    aside: true\n", encoding="utf-8")
    result = run_cli("build", KIT, "--layout", layout, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / KIT.stem / "with-aside.pdf").stat().st_size > 1000
