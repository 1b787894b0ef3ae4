"""Last print details (issue 10, print reviews R-print1 and R-print2), read back from the PDFs.

Each test builds the case the reviewer named and measures the printed page with pdfplumber.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from conftest import KIT, ROOT, run_cli
from test_print_design import read_pages

LONG = ROOT / "tests" / "kits" / "long.yaml"
ITEM_START = re.compile(r"^(•|\d+\.)\s")


def build(kit: Path, layout: str, out: Path, *options: str) -> Path:
    result = run_cli("build", kit, "--layout", layout, "--out", out, "--force", *options)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.split()[0])


def body_lines(page):
    """The text lines between the running head and the folio, top to bottom."""
    return sorted((line for line in page.lines if 40 < line.top < page.height - 50), key=lambda l: l.top)


def continued_item(previous, page):
    """(lines of a list item at the foot of ``previous``, lines of it at the head of ``page``) when
    the item goes on across the break, else None. A list item's later lines are indented to its
    text, past the number or bullet, where a paragraph would start at the column's edge."""
    lines = body_lines(page)
    if not lines or ITEM_START.match(lines[0].text):
        return None
    left = min(line.x0 for line in lines)
    if lines[0].x0 < left + 3:
        return None
    head = 0
    for line in lines:
        if ITEM_START.match(line.text) or line.x0 < left + 3:
            break
        head += 1
    tail = 0
    for line in reversed(body_lines(previous)):
        tail += 1
        if ITEM_START.match(line.text):
            return tail, head
    return None


@pytest.fixture(scope="module")
def long_guide(tmp_path_factory):
    return build(LONG, "guide", tmp_path_factory.mktemp("long-guide"))


def test_a_ways_item_keeps_its_text_address_and_qr_code_on_one_page(long_guide):
    """R-print1 item 2: the long guide on Letter opened page 4 with the URL of Ways item 2 alone."""
    pages = read_pages(long_guide, "none")
    for number, url_start in ((2, "https://mapping-together.example.net/"), (1, "https://www.example.org/")):
        text_page = next(p.number for p in pages if any(
            l.text.startswith(f"{number}. ") and ("Support" in l.text or "Find out" in l.text) for l in p.lines))
        url_page = next(p.number for p in pages if any(l.text.startswith(url_start) for l in p.lines))
        assert text_page == url_page, (number, text_page, url_page)
        with pdfplumber.open(long_guide) as pdf:  # the QR code's modules are drawn on the same page
            assert len(pdf.pages[url_page - 1].rects) > 40, url_page
    for previous, page in zip(pages, pages[1:]):
        first = body_lines(page)[0].text
        assert not first.startswith("https://"), f"page {page.number} opens with an address alone: {first}"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_list_item_split_over_a_page_keeps_two_lines_each_side(tmp_path, paper, long_guide):
    """R-print2 item 3: a Film Facts item across booklet pages left one line (or its source) alone."""
    cases = [(build(KIT, "booklet", tmp_path, "--set", f"paper={paper}"), "booklet")]
    if paper == "letter":
        cases.append((long_guide, "none"))
    for path, imposition in cases:
        pages = read_pages(path, imposition)
        for previous, page in zip(pages, pages[1:]):
            split = continued_item(previous, page)
            if split:
                tail, head = split
                assert tail >= 2 and head >= 2, (path.name, page.number, tail, head, body_lines(page)[0].text)


def test_a_long_title_in_the_running_head_is_shortened_not_shrunk_below_8pt(tmp_path):
    """R-print2 item 10: the long kit's title set the booklet's running head at 7.6 pt."""
    pages = read_pages(build(LONG, "booklet", tmp_path), "booklet")
    heads = [line for page in pages[1:-1] for line in page.lines if line.top < 40]
    assert heads
    assert min(line.size for line in heads) >= 8.0, sorted({line.size for line in heads})
    titles = [line.text for line in heads if line.text.startswith("The Long Afternoon")]
    assert titles and all(title.endswith("\u2026") for title in titles), titles


def test_the_footer_credit_has_a_line_of_its_own_and_the_centre_text_stays_centred(tmp_path):
    """R-print1 item 7: the event's credit ran on into 'Facilitator packet — not for distribution'."""
    path = build(KIT, "facilitator", tmp_path, "--event", ROOT / "events" / "example-club.yaml")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[2]
        foot = [w for w in page.extract_words() if w["top"] > page.height - 60]
    credit = [w for w in foot if w["text"] in ("reprinted", "permission.")]
    centre = [w for w in foot if w["text"] in ("Facilitator", "distribution")]
    assert len(credit) == 2 and len(centre) == 2, foot
    assert abs(credit[0]["top"] - centre[0]["top"]) > 6  # not on one line
    middle = (centre[0]["x0"] + centre[1]["x1"]) / 2
    assert abs(middle - page.width / 2) < 20, middle  # centred between the margins (58 / 48 pt on A4)


@pytest.fixture(scope="module")
def club_packet_a4(tmp_path_factory):
    return build(KIT, "facilitator", tmp_path_factory.mktemp("club-packet"), "--event",
                 ROOT / "events" / "example-club.yaml", "--set", "paper=a4")


def form_page(pdf, word: str):
    """The last page that has ``word`` (the forms come last; a question may say 'excellent')."""
    return next(page for page in reversed(pdf.pages) if any(w["text"] == word for w in page.extract_words()))


def test_the_forms_in_the_packet_are_for_participants(club_packet_a4):
    """R-print1 item 13: the feedback page (copied for participants) carried the 'Facilitator
    Packet' running head; the sign-in table kept to the text column ('Group / organisation'
    wrapped); 'discussion?' ran to 6 pt from the first rating box."""
    with pdfplumber.open(club_packet_a4) as pdf:
        for word in ("excellent", "Sign-in"):  # the feedback form, the sign-in sheet
            page = form_page(pdf, word)
            head = " ".join(w["text"] for w in page.extract_words() if w["top"] < 40)
            assert "Last Train Home" in head and "Facilitator" not in head, (word, head)
        page = form_page(pdf, "Sign-in")
        words = page.extract_words()
        group = next(w for w in words if w["text"] == "Group")
        organisation = next(w for w in words if w["text"] == "organisation")
        assert abs(group["top"] - organisation["top"]) < 1, (group, organisation)  # on one line
        rules = [line for line in page.lines if line["x1"] - line["x0"] > 100]
        assert max(line["x1"] for line in rules) > page.width - 60, "the table stops short of the right margin"
        page = form_page(pdf, "excellent")
        words = page.extract_words()
        boxes = sorted(page.rects, key=lambda r: (r["top"], r["x0"]))
        firsts = [r for r in boxes if not any(abs(o["top"] - r["top"]) < 1 and o["x0"] < r["x0"] for o in boxes)]
        assert len(firsts) == 2, firsts
        for box in firsts:
            row = [w for w in words if w["bottom"] > box["top"] - 4 and w["top"] < box["bottom"] + 4
                   and w["x1"] < box["x0"]]
            assert row, box
            assert box["x0"] - max(w["x1"] for w in row) >= 12, (box, row)


def test_the_cover_band_is_centred_on_the_page(club_packet_a4):
    """R-print1 item 14: the cover band sat in the side margins, 57.6 pt left and 43.2 pt right."""
    with pdfplumber.open(club_packet_a4) as pdf:
        page = pdf.pages[0]
        band = min((r for r in page.rects if r["width"] > page.width / 2), key=lambda r: r["top"])
    assert abs(band["x0"] - (page.width - band["x1"])) < 0.5, (band["x0"], page.width - band["x1"])


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_headings_side_by_side_start_at_the_same_height(tmp_path, paper):
    """R-print1 item 8: on the handout 'Themes to Watch For' (sidebar) stood 11 pt above
    'About the Film' (text column): the sidebar's heading lost its space before."""
    with pdfplumber.open(build(KIT, "handout", tmp_path, "--set", f"paper={paper}")) as pdf:
        words = pdf.pages[0].extract_words()
    themes = next(w for w in words if w["text"] == "Themes")
    about = next(w for w in words if w["text"] == "About")
    assert themes["x0"] > about["x0"] + 200  # side by side
    assert abs(themes["top"] - about["top"]) < 0.5, (themes["top"], about["top"])
