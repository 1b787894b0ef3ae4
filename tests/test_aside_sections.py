"""A section that turns pages (a back cover's filler pages, a Notes page) or is wider than the
sidebar (a form's table) set as an aside stays in the text column (found by the random layouts
of test_hostile_layouts: tracebacks, 'FillPages' object has no attribute 'width' and a table
cell given a negative width)."""

import pytest

from conftest import KIT, run_cli


@pytest.mark.parametrize("base, section", [("facilitator", "back_cover"), ("facilitator", "notes_page"),
                                           ("handout", "feedback_card"), ("guide", "sign_in_sheet"),
                                           ("handout", "back_cover\n  - type: feedback_card")])
def test_a_section_the_sidebar_cannot_hold_as_an_aside_builds(tmp_path, base, section):
    layout = tmp_path / "with-aside.yaml"
    layout.write_text(f"extends: {base}\nsections:\n  - type: {section}\n    aside: true\n", encoding="utf-8")
    result = run_cli("build", KIT, "--layout", layout, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / KIT.stem / "with-aside.pdf").stat().st_size > 1000
