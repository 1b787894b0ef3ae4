"""The grid and page make-up of the guide, handout, facilitator packet and large print
(issue 10, defects 3, 4, 7, 8 and 9), read back from the PDFs with pdfplumber:
the measure of the text column, the sidebar, page fill, the running header and footer,
the cover band, Notes pages instead of blank ones, and the large print's panels."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from conftest import EVENT, KIT, ROOT, run_cli
from kitbuilder.model.layout import load_layout
from kitbuilder.units import MM

LONG_KIT = ROOT / "tests" / "kits" / "long.yaml"
LAYOUTS = ("guide", "handout", "facilitator", "large-print")
CASES = {  # name -> (kit, paper, with the example event)
    "letter": (KIT, "letter", False),
    "letter-event": (KIT, "letter", True),
    "a4-event": (KIT, "a4", True),
}
if LONG_KIT.exists():  # the print design tests' long kit (tests/test_print_design.py)
    CASES["long-letter"] = (LONG_KIT, "letter", False)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(case, layout) -> the built PDF, each case built once with the four layouts."""
    found = {}
    for case, (kit, paper, event) in CASES.items():
        out = tmp_path_factory.mktemp(case)
        args = ["build", kit, "--out", out, "--set", f"paper={paper}"] + [a for layout in LAYOUTS
                                                                           for a in ("--layout", layout)]
        if event:
            args += ["--event", EVENT]
        result = run_cli(*args)
        assert result.exit_code == 0, result.output
        for line in result.stdout.split():
            found[(case, Path(line).stem)] = Path(line)
    return found


def margins(layout: str, paper: str):
    return load_layout(layout, overrides=[("page.paper", paper)]).page.margins


def lines_of(page) -> list[dict]:
    """Text lines of a page: words on one baseline, split where the gap is wider than a space."""
    lines: list[dict] = []
    for word in sorted(page.extract_words(extra_attrs=["size", "fontname"]), key=lambda w: (round(w["bottom"]), w["x0"])):
        last = lines[-1] if lines else None
        if last and abs(last["bottom"] - word["bottom"]) < 1.5 and 0 <= word["x0"] - last["x1"] < word["size"]:
            last["text"] += " " + word["text"]
            last["x1"] = word["x1"]
            continue
        lines.append({"text": word["text"], "x0": word["x0"], "x1": word["x1"], "top": word["top"],
                      "bottom": word["bottom"], "size": round(word["size"], 1), "bold": "Bold" in word["fontname"]})
    return lines


def body_lines(path: Path, layout: str, paper: str) -> list[list[dict]]:
    """Per page, the lines inside the text area (no running header or footer)."""
    m = margins(layout, paper)
    with pdfplumber.open(path) as pdf:
        return [[line for line in lines_of(page) if line["top"] >= m.top - 2 and line["bottom"] <= page.height - m.bottom + 2]
                for page in pdf.pages]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("layout", ["guide", "handout", "facilitator"])
def test_body_lines_are_55_to_80_characters(pdfs, case, layout):
    """The measure (defect 3): the median body line, as read back, is 55-80 characters
    (94 in the Letter guide, about 105 in the handout before the grid)."""
    paper = CASES[case][1]
    lines = [line for page in body_lines(pdfs[(case, layout)], layout, paper) for line in page]
    body = Counter(line["size"] for line in lines for _ in line["text"]).most_common(1)[0][0]
    median = statistics.median(len(line["text"]) for line in lines if line["size"] == body)
    assert 55 <= median <= 80, f"{layout} on {paper}: median body line {median} characters at {body} pt"


@pytest.mark.parametrize("case", ["letter", "letter-event", "a4-event"])
def test_guide_quote_and_details_sit_in_the_sidebar(pdfs, case):
    """One treatment of the pull quote, with and without an event: in the sidebar column,
    right of the text column, below the film details (defects 3 and 7)."""
    paper = CASES[case][1]
    layout = load_layout("guide", overrides=[("page.paper", paper)])
    width = 612 if paper == "letter" else 595.28
    page_ = layout.page
    text_right = width - page_.margins.right - page_.sidebar - page_.column_gap
    with pdfplumber.open(pdfs[(case, "guide")]) as pdf:
        words = [w for page in pdf.pages[:2] for w in page.extract_words()]
        quote = [w for w in words if w["text"].strip("“\"") == "We’re" or w["text"] == "patriotic"]
        director = [w for w in pdf.pages[0].extract_words() if w["text"] == "Director"]
        assert quote and director, "the quote and the film details are printed"
        assert all(w["x0"] > text_right for w in quote + director), "both in the sidebar column"
        body = [w for w in words if w["text"] == "extraordinary"]
        assert body and body[0]["x1"] < text_right, "the summary in the text column"


def test_guide_page_one_has_no_running_header(pdfs):
    """The title opens page 1; the running header starts on page 2 (defect 7)."""
    m = margins("guide", "letter")
    with pdfplumber.open(pdfs[("letter", "guide")]) as pdf:
        above = [w["text"] for w in pdf.pages[0].extract_words() if w["bottom"] < m.top - 4]
        assert above == []
        assert [w for w in pdf.pages[1].extract_words() if w["bottom"] < m.top - 4], "page 2 has it"


@pytest.mark.parametrize("case", ["letter-event", "a4-event"])
def test_footer_texts_never_wrap(pdfs, case):
    """The event's credit and 'not for distribution' each stay on one line (defect 8): fitted
    or shortened, never wrapped; the credit has a line of its own (print review: side by side
    the two read as one sentence)."""
    paper = CASES[case][1]
    m = margins("facilitator", paper)
    with pdfplumber.open(pdfs[(case, "facilitator")]) as pdf:
        for number, page in enumerate(pdf.pages[1:], start=2):  # page 1 is the cover
            footer = [w for w in page.extract_words() if w["top"] > page.height - m.bottom + 2]
            assert footer, f"page {number} has a footer"
            lines: dict[int, str] = {}
            for w in sorted(footer, key=lambda w: w["x0"]):
                lines[round(w["bottom"])] = (lines.get(round(w["bottom"]), "") + " " + w["text"]).strip()
            assert len(lines) <= 2, f"page {number}: footer on {len(lines)} lines"
            marked = [text for text in lines.values() if "distribution" in text]
            assert len(marked) <= 1 and all("not for" in text for text in marked), f"page {number}: {lines}"
            if len(lines) == 2:  # the credit's own line holds the whole credit
                credit = [text for text in lines.values() if "distribution" not in text]
                assert credit and credit[0].rstrip(" 0123456789").endswith("permission."), f"page {number}: {lines}"
            assert min(w["x0"] for w in footer) >= m.left - 1 and max(w["x1"] for w in footer) <= page.width - m.right + 1


def test_feedback_form_in_the_packet_is_not_marked_confidential(pdfs):
    with pdfplumber.open(pdfs[("letter", "facilitator")]) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    form = [i for i, text in enumerate(texts)  # the feedback form and the sign-in sheet go round the room
            if ("Feedback" in text and "How would you rate" in text) or "Sign-in Sheet" in text]
    assert form, "the packet has its feedback form"
    assert all("not for distribution" not in texts[i] for i in form)
    assert sum("not for distribution" in text for text in texts) >= len(texts) - len(form) - 1  # all but cover


@pytest.mark.parametrize("case", [case for case in ("letter", "long-letter", "a4-event") if case in CASES])
def test_guide_in_packet_starts_on_a_right_page_and_no_page_is_blank(pdfs, case):
    """The guide chapter opens on an odd page; a left-hand page left over before it, and
    any page added to make the count even, is a Notes page, never a blank one (defect 4)."""
    with pdfplumber.open(pdfs[(case, "facilitator")]) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
        ruled = [len(page.lines) for page in pdf.pages]
    guide = [i + 1 for i, text in enumerate(texts) if "DISCUSSION GUIDE" in text]
    assert guide and guide[0] % 2 == 1, f"the guide starts on page {guide}"
    assert len(texts) % 2 == 0
    for number, (text, lines) in enumerate(zip(texts, ruled), start=1):
        words = text.split()
        assert len(words) > 8 or ("Notes" in words and lines > 10), f"page {number} is (nearly) blank: {text!r}"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("layout", ["guide", "handout", "large-print"])
def test_pages_are_filled(pdfs, case, layout):
    """Every page but the last at least 60 % filled and the last at least 25 % (defect 4:
    the Letter guide's page 5 held only the About box, large print's page 5 three lines)."""
    if layout == "large-print" and case in ("letter", "letter-event"):
        pytest.xfail("large print is no longer shrunk to save a page (R-print1 defect 11); its page make-up "
                     "(About block kept together, fill, defect 6) is still open")
    paper = CASES[case][1]
    m = margins(layout, paper)
    path = pdfs[(case, layout)]
    with pdfplumber.open(path) as pdf:
        height = float(pdf.pages[0].height)
    pages = body_lines(path, layout, paper)
    frame = height - m.top - m.bottom
    for number, lines in enumerate(pages, start=1):
        filled = (max((line["bottom"] for line in lines), default=m.top) - m.top) / frame
        want = 0.25 if number == len(pages) else 0.60
        assert filled >= want, f"{layout} {case} page {number} of {len(pages)} is {filled:.0%} filled"


@pytest.mark.parametrize("case", CASES)
def test_handout_stays_one_sheet(pdfs, case):
    with pdfplumber.open(pdfs[(case, "handout")]) as pdf:
        assert len(pdf.pages) <= 2


def test_facilitator_notes_at_body_size_in_text_colour(pdfs):
    """A host reads the notes in a dim room: body size and text colour, not 9 pt grey (defect 3)."""
    layout = load_layout("facilitator")
    body = layout.styles["body"].values["size"]
    with pdfplumber.open(pdfs[("letter", "facilitator")]) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    start = text.find("In the POV live chat")
    assert start >= 0, "a note of the kit is printed"
    note = chars[start:start + 40]
    assert {round(c["size"], 1) for c in note} == {body}
    colours = {tuple(round(v, 2) for v in c["non_stroking_color"]) for c in note}
    assert all(max(colour) < 0.2 for colour in colours), colours  # near black, as the body text


@pytest.mark.parametrize("case", ["letter", "letter-event"])
def test_question_without_note_keeps_its_space(pdfs, case):
    """Each question in the packet is set off from the next by at least its own space after,
    also when it ends with follow-ups and has no note (Q6 and Q7 collided)."""
    with pdfplumber.open(pdfs[(case, "facilitator")]) as pdf:
        for page in pdf.pages:
            lines = sorted(lines_of(page), key=lambda line: line["top"])
            for before, line in zip(lines, lines[1:]):
                number = re.fullmatch(r"\d+\.", line["text"]) and line["bold"]  # a question's number
                if number and before["top"] < line["top"] - 2:
                    gap = line["top"] - before["bottom"]
                    assert gap >= 5, f"{line['text'][:30]!r} is {gap:.1f} pt under the line before"


def test_large_print_text_on_the_margin_and_nothing_small(pdfs):
    """Large print's untinted panels do not indent their text off the margin; no text under 16 pt
    in the body (defect 9)."""
    m = margins("large-print", "letter")
    with pdfplumber.open(pdfs[("letter", "large-print")]) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
        lefts = Counter(round(line["x0"]) for page in pdf.pages for line in lines_of(page))
    assert min(c["size"] for c in chars) >= 16 - 0.01
    about = [c for c in chars if c["text"] == "I"]  # "Influence Film Club" in the About panel
    assert about and min(c["x0"] for c in about) == pytest.approx(m.left, abs=1.5)
    assert all(abs(x - m.left) < 1.5 or x > m.left + 8 for x in lefts), "text starts on the margin or a list indent"


@pytest.mark.parametrize("layout", ["facilitator", "guide"])
def test_cover_band_and_colour_stay_inside_the_printable_area(pdfs, layout):
    """Without bleed nothing is printed within 6 mm of the paper's edge (defect 8)."""
    with pdfplumber.open(pdfs[("letter", layout)]) as pdf:
        for page in pdf.pages:
            for rect in page.rects:
                if rect.get("fill"):
                    assert rect["x0"] >= 6 * MM - 0.5 and rect["top"] >= 6 * MM - 0.5
                    assert rect["x1"] <= page.width - 6 * MM + 0.5 and rect["bottom"] <= page.height - 6 * MM + 0.5


def test_about_panel_is_set_apart_from_the_ways_list(pdfs):
    """The About panel starts at least half a line below the Ways list (it sat 4 pt under it)."""
    with pdfplumber.open(pdfs[("letter", "guide")]) as pdf:
        for page in pdf.pages:
            panels = [r for r in page.rects if r.get("fill") and r["width"] > 200 and r["height"] > 40]
            lines = lines_of(page)
            for panel in panels:
                above = [line for line in lines if line["bottom"] <= panel["top"] + 1 and line["x0"] < panel["x1"]]
                if above:
                    assert panel["top"] - max(line["bottom"] for line in above) >= 7
