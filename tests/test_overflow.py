"""The handout's page limit: shrink to fit down to the layout's floor, or refuse and say what to cut.

Nothing is ever cut silently: a kit far too long for the handout is refused (exit 1,
nothing written, a message naming the overflowing sections and the guide as the
alternative) and builds in full with the guide; a kit a little too long is set
smaller, never below ``fit.min_font_size``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
import yaml

from conftest import KIT
from kitbuilder.model.layout import load_layout
from pdfread import page_count
from test_properties import KIT_NAME, missing_items, run_build, shown_items, text_off_page, write_kit

LTH = yaml.safe_load(KIT.read_text(encoding="utf-8"))

def ten_times_too_long() -> dict:
    """Last Train Home with the summary ten times over and 60 long questions."""
    kit = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    kit["summary"] = "\n\n".join([LTH["summary"].strip()] * 10)
    texts = [q["text"] if isinstance(q, dict) else q for q in LTH["questions"]]
    kit["questions"] = [f"{texts[i % len(texts)]} {texts[(i + 1) % len(texts)]} (variant {i + 1})" for i in range(60)]
    return kit


def with_extra_questions(count: int) -> dict:
    kit = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    kit["questions"] = LTH["questions"] + [
        f"Extra question {i + 1}: what did the film show you about the journey home that you had not seen before?"
        for i in range(count)]
    return kit


def pdfs_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf")) if folder.exists() else []


def char_sizes(pdf: Path) -> list[float]:
    with pdfplumber.open(str(pdf)) as doc:
        return [round(c["size"], 3) for page in doc.pages for c in page.chars if not c["text"].isspace()]


def test_a_kit_ten_times_too_long_for_the_handout_is_refused(tmp_path):
    kit_path, out = write_kit(tmp_path, ten_times_too_long()), tmp_path / "out"
    # the real command in its own process: what a user sees on the terminal
    proc = subprocess.run([sys.executable, "-m", "kitbuilder", "build", str(kit_path), "--layout", "handout",
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    message = proc.stderr + proc.stdout
    assert "Traceback" not in message, message
    assert proc.returncode == 1, message
    assert f"{KIT_NAME}.yaml" in message and "error:" in message, message
    assert "handout" in message and "does not fit" in message, message
    assert "questions" in message or "summary" in message, f"which section overflows? {message}"
    assert re.search(r"\b\d+ pages?\b", message), f"by how much? {message}"
    assert "guide" in message, f"the guide is the alternative: {message}"
    assert pdfs_in(out) == [], "nothing is written"


def test_the_same_kit_builds_in_full_with_the_guide(tmp_path):
    kit = ten_times_too_long()
    kit_path, out = write_kit(tmp_path, kit), tmp_path / "out"
    result = run_build(kit_path, out, "guide")
    assert result.exit_code == 0, result.output
    pdf = out / KIT_NAME / "guide.pdf"
    assert page_count(pdf) > 10
    items = shown_items(kit, "guide")
    assert len(items) > 100
    assert missing_items(pdf, items) == []
    assert text_off_page(pdf) == []


@pytest.fixture(scope="module")
def slightly_too_long(tmp_path_factory):
    """Last Train Home plus the fewest extra questions that make the handout 3 pages at full size."""
    folder = tmp_path_factory.mktemp("slightly")
    limit = load_layout("handout").page.max_pages
    for extra in range(1, 20):
        kit = with_extra_questions(extra)
        out = folder / f"natural-{extra}"
        # no page limit, so nothing is shrunk: the natural page count at 100 %
        result = run_build(write_kit(folder, kit), out, "handout", extra=("--set", "page.max_pages=99"))
        assert result.exit_code == 0, result.output
        natural = out / KIT_NAME / "handout.pdf"
        if page_count(natural) > limit:
            assert page_count(natural) == limit + 1
            return kit, natural
    pytest.fail("twenty extra questions still fit the handout at full size")


def test_a_kit_slightly_too_long_is_shrunk_to_fit_but_not_below_the_floor(slightly_too_long, tmp_path):
    kit, natural = slightly_too_long
    out = tmp_path / "out"
    result = run_build(write_kit(tmp_path, kit), out, "handout")
    assert result.exit_code == 0, result.output
    pdf = out / KIT_NAME / "handout.pdf"
    layout = load_layout("handout")
    assert page_count(pdf) == layout.page.max_pages == 2
    sizes = char_sizes(pdf)
    assert min(sizes) >= layout.min_font_size - 1e-3, f"text at {min(sizes)} pt, below the {layout.min_font_size} pt floor"
    body_size = Counter(sizes).most_common(1)[0][0]
    assert body_size < Counter(char_sizes(natural)).most_common(1)[0][0], "the text was not shrunk"
    assert missing_items(pdf, shown_items(kit, "handout")) == []


def test_the_floor_is_the_one_the_base_layout_declares():
    base = yaml.safe_load((Path(__file__).resolve().parent.parent / "layouts" / "_base.yaml").read_text())
    assert load_layout("handout").min_font_size == base["fit"]["min_font_size"] == 8.5
