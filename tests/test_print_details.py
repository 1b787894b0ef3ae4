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
