"""Property tests: never crash, never lose a word.

Hypothesis writes kits full of arbitrary text the fonts cover (Latin with accents,
Greek, Cyrillic, typographic punctuation, Chinese), markup-like text, very long
words, long URLs and empty or absent optional sections, and runs the real
``kitbuilder build`` command on them. The only outcomes allowed:

- exit 0, every content item the layout shows is in the PDF's text, and no
  character is drawn outside the page (nor outside the side margins); or
- exit 1 with a located ``error:`` message naming the kit file, no traceback,
  and nothing written.

Bugs that these properties found are pinned, one case each, by the regression
tests at the end of this file.
"""

from __future__ import annotations

import os
import re
import string
import tempfile
import traceback
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from kitbuilder.cli import main
from kitbuilder.compose.composition import compose
from kitbuilder.compose.document import build_document, content_items
from kitbuilder.model.event import Event
from kitbuilder.model.kit import load_kit
from kitbuilder.model.layout import load_layout
from pdfread import body_text, normalise, page_count

KIT_NAME = "prop-kit"

# --- narrowing for known bugs (see the xfail regression tests below) --------------
#
# Generated film titles stay within one line of the running header; longer ones are
# refused with a message (test_regression_long_title_never_runs_off_the_page).

# --- text the bundled fonts cover ------------------------------------------------------

LATIN = string.ascii_letters + "àáâäãåçèéêëìíîïñòóôöõøùúûüýÿßæœÀÁÂÄÇÈÉÊÑÖØÜÆŒĳłŁšŠžŽčČ"
GREEK = "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώΑΒΓΔΕΘΛΞΠΣΦΨΩ"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
CJK = "归途列车的人们"
PUNCTUATION = "’‘“”–—….,;:!?()'\"-/&<>*[]{}#%@+=·•€£§©°"
LETTERS = LATIN + GREEK + CYRILLIC + CJK
MARKUPISH = ["<b>", "</b>", "</para>", "<para>", '<font name="x">', "</font>", "&amp;", "&", "&lt;", "&#169;",
             "&nbsp;", '<img src="x.png"/>', '<a href="https://example.com">', "</a>", "<br/>", "*", "**",
             "*emphasis*", "**strong**", "5 * 3", "*unclosed", "{film.title}", "{{", "}}"]

word = st.text(alphabet=LETTERS + PUNCTUATION + string.digits, min_size=1, max_size=12)
token = st.one_of(word, word, word, st.sampled_from(MARKUPISH))
long_word = st.text(alphabet=LETTERS, min_size=200, max_size=260)


@st.composite
def sentence(draw, max_tokens=16, long_words=True):
    """Words and markup-like tokens, with at most one very long word somewhere."""
    tokens = draw(st.lists(token, min_size=1, max_size=max_tokens))
    if long_words and draw(st.integers(0, 5)) == 0:
        tokens.insert(draw(st.integers(0, len(tokens))), draw(long_word))
    return " ".join(tokens)


@st.composite
def questions(draw, max_questions=60, max_tokens=16):
    """0 (now and then) to max_questions questions. Long lists repeat a few drawn
    questions (numbered, so each is distinct), keeping big kits cheap for Hypothesis."""
    if draw(st.sampled_from([False] * 4 + [True])):  # now and then a kit has none
        return []
    count = draw(st.integers(1, max_questions))
    pool = draw(st.lists(sentence(max_tokens), min_size=1, max_size=min(count, 6)))
    return [pool[i % len(pool)] + ("" if i < len(pool) else f" ({i + 1})") for i in range(count)]


def text_block(max_paragraphs=3, max_tokens=16):
    """One or more paragraphs separated by blank lines."""
    return st.lists(sentence(max_tokens), min_size=1, max_size=max_paragraphs).map("\n\n".join)


URL_CHARS = string.ascii_lowercase + string.digits + "-_~"
segment = st.text(alphabet=URL_CHARS, min_size=1, max_size=18)


@st.composite
def url(draw):
    host = draw(st.sampled_from(["example.org", "www.influencefilmclub.com", "pov.org", "sub.domain.example.co.uk"]))
    path = "/".join(draw(st.lists(segment, max_size=40)))
    query = "&".join(f"{k}={v}" for k, v in draw(st.lists(st.tuples(segment, segment), max_size=4)))
    address = host + ("/" + path if path else "") + ("?" + query if query else "")
    if draw(st.booleans()):
        address = "https://" + address
    return address


def optional(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def kits(draw, max_questions=60, max_items=4, max_tokens=16, max_paragraphs=3):
    """A kit as plain data; None values and empty lists are dropped or kept at random."""
    short = sentence(max_tokens=6)
    film = {
        "title": draw(st.lists(st.text(alphabet=LETTERS + PUNCTUATION, min_size=1, max_size=10),
                               min_size=1, max_size=6).map(" ".join)),
        "director": draw(sentence(max_tokens=5)),
        "original_title": draw(optional(sentence(max_tokens=5))),
        "year": draw(optional(st.integers(1870, 2200))),
        "runtime_minutes": draw(optional(st.integers(1, 2000))),
        "director_note": draw(optional(sentence(max_tokens))),
    }
    kit = {"film": film, "summary": draw(text_block(max_paragraphs, max_tokens))}
    if draw(st.booleans()):
        kit["themes"] = {
            "intro": draw(optional(text_block(2, max_tokens))),
            "items": draw(st.lists(st.fixed_dictionaries({"title": short}, optional={
                "body": text_block(2, max_tokens)}), min_size=1, max_size=max_items)),
        }
    if draw(st.booleans()):
        kit["quote"] = {"text": draw(sentence(max_tokens)), "attribution": draw(optional(short))}
    kit_questions = draw(questions(max_questions, max_tokens))
    if kit_questions or draw(st.booleans()):
        kit["questions"] = kit_questions  # an empty list, or no key at all: both must be refused
    kit["facts"] = draw(st.lists(st.fixed_dictionaries({"text": sentence(max_tokens)}, optional={"source": short}),
                                 max_size=max_items))
    kit["ways_to_influence"] = draw(st.lists(st.fixed_dictionaries({"text": sentence(max_tokens)},
                                                                   optional={"url": url()}), max_size=max_items))
    if draw(st.booleans()):
        kit["about"] = draw(st.fixed_dictionaries({"name": short}, optional={
            "tagline": short, "text": text_block(2, max_tokens), "url": url()}))
    # absent and empty optional sections both occur
    kit["film"] = {k: v for k, v in film.items() if v is not None}
    for key in ("themes", "quote"):
        if key in kit:
            kit[key] = {k: v for k, v in kit[key].items() if v is not None}
    for key in ("facts", "ways_to_influence"):
        if not kit[key] and draw(st.booleans()):
            del kit[key]
    return kit


# --- what a layout shows -------------------------------------------------------------


@lru_cache(maxsize=None)
def layout_info(name: str):
    return load_layout(name)


def shown_items(kit: dict, layout_name: str) -> list[tuple[str, str]]:
    """(field, printed text) of every kit item the layout's sections show, read from the
    composed document (the block tree the renderers draw)."""
    with tempfile.TemporaryDirectory() as tmp:
        kit_path = write_kit(Path(tmp), kit)
        composition = compose(load_kit(kit_path), Event(), load_layout(layout_name))
    return content_items(build_document(composition))


# --- running the CLI and reading the PDFs back -------------------------------------------


def write_kit(folder: Path, kit: dict) -> Path:
    path = folder / f"{KIT_NAME}.yaml"
    path.write_text(yaml.safe_dump(kit, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return path


def run_build(kit_path: Path, out: Path, *layouts: str, extra: tuple[str, ...] = ()):
    """``kitbuilder build`` in-process; an unexpected exception is kept in result.exception."""
    args = ["build", str(kit_path), "--out", str(out), *extra]
    for layout in layouts:
        args += ["--layout", layout]
    return CliRunner().invoke(main, args, catch_exceptions=True)


def crash(result) -> str | None:
    """The traceback when the command raised anything but a clean exit, else None."""
    exc = result.exception
    if exc is None or isinstance(exc, SystemExit):
        return None
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def pdfs_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf")) if folder.exists() else []


def assert_refused(result, out: Path, *phrases: str) -> None:
    message = result.output
    assert result.exit_code == 1, message
    assert crash(result) is None, crash(result)
    assert "Traceback" not in message
    assert f"{KIT_NAME}.yaml" in message and "error:" in message, message
    for phrase in phrases:
        assert phrase in message, message
    assert pdfs_in(out) == [], "a refused build writes nothing"


def missing_items(pdf: Path, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    text = normalise(body_text(pdf))
    return [(field, shown) for field, shown in items if normalise(shown) not in text]


def text_off_page(pdf: Path, margins=None) -> list[str]:
    """Characters drawn outside the page box: x0 >= 0, x1 <= width, top >= 0, bottom <= height.

    Given the layout's margins, also characters in the left or right margin (half a point
    of slack): long words and URLs must wrap inside the text column, not just the paper.
    """
    bad = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            for c in page.chars:
                if not c["text"].strip():  # a space at a line's end prints no ink, wherever it falls
                    continue
                where = (f"page {number}: {c['text']!r} at x0={c['x0']:.1f} x1={c['x1']:.1f} "
                         f"top={c['top']:.1f} bottom={c['bottom']:.1f}")
                if c["x0"] < -0.01 or c["x1"] > page.width + 0.01 or c["top"] < -0.01 or c["bottom"] > page.height + 0.01:
                    bad.append(f"off the page: {where}")
                elif margins and (c["x0"] < margins.left - 0.5 or c["x1"] > page.width - margins.right + 0.5):
                    bad.append(f"in a side margin: {where}")
    return bad


def assert_built_completely(pdf: Path, kit: dict, layout_name: str) -> None:
    assert pdf.exists(), f"{pdf} was not written"
    lost = missing_items(pdf, shown_items(kit, layout_name))
    assert lost == [], f"{layout_name}: content missing from the PDF: {lost}"
    layout = layout_info(layout_name)
    outside = text_off_page(pdf, layout.page.margins)
    assert outside == [], f"{layout_name}: text drawn outside the page or its text column: {outside[:5]}"
    if layout.page.max_pages:
        assert page_count(pdf) <= layout.page.max_pages


def describe(kit: dict) -> None:
    note(yaml.safe_dump(kit, allow_unicode=True, sort_keys=False, width=100))


# A deeper search: KITBUILDER_PROPERTY_EXAMPLES=300 python -m pytest tests/test_properties.py
EXAMPLES = int(os.environ.get("KITBUILDER_PROPERTY_EXAMPLES", "15"))
PROPERTY_SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                    HealthCheck.function_scoped_fixture])


# --- the properties -------------------------------------------------------------------------

@PROPERTY_SETTINGS
@given(kit=kits(max_questions=60))
def test_build_guide_and_handout_never_crashes_nor_loses_a_word(kit):
    describe(kit)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        kit_path, out = write_kit(folder, kit), folder / "out"
        result = run_build(kit_path, out, "guide", "handout")
        assert crash(result) is None, crash(result)
        if not kit.get("questions"):
            event("refused: no questions")
            assert_refused(result, out, "question")
            return
        if result.exit_code == 1:
            event("refused: the handout does not fit")
            # the guide has no page limit: only the handout may refuse, and it says why;
            # the guide, which fits, is written all the same (issue 7), the handout is not
            assert_refused(result, out / KIT_NAME / "handout.pdf", "does not fit", "handout")
            assert pdfs_in(out) == [out / KIT_NAME / "guide.pdf"], result.output
            assert_built_completely(out / KIT_NAME / "guide.pdf", kit, "guide")
            return
        assert result.exit_code == 0, result.output
        event("built guide and handout")
        for layout in ("guide", "handout"):
            assert str(Path(KIT_NAME) / f"{layout}.pdf") in result.output
            assert_built_completely(out / KIT_NAME / f"{layout}.pdf", kit, layout)


def test_a_kit_without_questions_is_refused_with_a_clear_message(tmp_path):
    kit = {"film": {"title": "T", "director": "D"}, "summary": "S", "questions": []}
    out = tmp_path / "out"
    result = run_build(write_kit(tmp_path, kit), out, "guide", "handout")
    assert_refused(result, out, "question")
    assert re.search(r"at least one question|questions? is empty|no questions", result.output), result.output


# --- regression tests for bugs the properties found ----------------------------------------
# The xfail ones are open bugs (strict: they fail as XPASS once fixed; then remove the mark
# and let the strategies above generate those inputs again).


def _build_one(tmp_path: Path, kit: dict, *layouts: str):
    out = tmp_path / "out"
    return run_build(write_kit(tmp_path, kit), out, *layouts), out


def test_regression_handout_overflow_is_refused_not_crashed(tmp_path):
    """Found by these properties: build.render_fitted called comp.styles.with_scale, which
    StyleSheet did not have, so any kit that overflowed the handout crashed (fixed in 16ca356)."""
    kit = {"film": {"title": "T", "director": "D"}, "summary": "S",
           "questions": [f"Question {i} " + "word " * 60 for i in range(40)]}
    result, out = _build_one(tmp_path, kit, "handout")
    assert crash(result) is None, crash(result)
    assert_refused(result, out, "does not fit")


@pytest.mark.parametrize("where", ["ways_to_influence.url", "summary"])
def test_regression_long_url_with_scheme_stays_on_the_page(tmp_path, where):
    address = "https://example.com/" + "/".join(["abcdefghi"] * 30)
    kit = {"film": {"title": "T", "director": "D"}, "summary": "Read more.", "questions": ["Q?"]}
    if where == "summary":
        kit["summary"] = f"Read more at {address} today."
    else:
        kit["ways_to_influence"] = [{"text": "Go", "url": address}]
    result, out = _build_one(tmp_path, kit, "guide")
    assert result.exit_code == 0, result.output
    assert text_off_page(out / KIT_NAME / "guide.pdf") == []


@pytest.mark.parametrize("layout", ["guide", "handout"])
def test_regression_long_title_never_runs_off_the_page(tmp_path, layout):
    """A title too long for two lines of the running header/footer is refused with a
    message that says which and how to fix it; a long one that fits stays on the page."""
    kit = {"film": {"title": " ".join(["Extraordinary"] * 40), "director": "D"}, "summary": "S",
           "questions": ["Q?"]}
    result, out = _build_one(tmp_path, kit, layout)
    assert crash(result) is None, crash(result)
    assert_refused(result, out, "running")
    assert "--set" in result.output
    kit["film"]["title"] = " ".join(["Extraordinary"] * 6)
    result, out = _build_one(tmp_path, kit, layout)
    assert result.exit_code == 0, result.output
    assert text_off_page(out / KIT_NAME / f"{layout}.pdf") == []


def test_regression_url_too_long_for_a_qr_code_is_refused_clearly(tmp_path):
    kit = {"film": {"title": "T", "director": "D"}, "summary": "S", "questions": ["Q?"],
           "about": {"name": "N", "url": "example.org/" + "x" * 2400}}
    result, out = _build_one(tmp_path, kit, "guide")
    assert crash(result) is None, crash(result)
    assert_refused(result, out, "QR code")
    assert "about.url" in result.output
