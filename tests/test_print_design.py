"""A print designer's checks, measured from the PDFs (issue 10, "Done when").

Every shipped layout x Letter/A4 x {Last Train Home, a short kit, a long kit} x {no
event, an event with a wide 600x120 logo} is built once (one build per kit, paper and
event, all layouts in it) and read back with pdfplumber, page by page (an imposed
sheet is cut back into its pages). Each test is one check on one layout and reports
every failure in every PDF of that layout in one message.

Checks: median body line 55-80 characters (lines of 20 or more); no text outside the margins; no text on
other text or on the logo; pages filled (60%, the last one 25%; covers, Notes and form
pages excepted); no page ending in a heading or starting with the last line of a
paragraph; imposed sheets' boxes; every font embedded.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import statistics
import struct
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import EVENT, KIT, ROOT
from pdfread import embedded_fonts

from kitbuilder.build import BuildOptions, build_kit
from kitbuilder.diagnostics import KitbuilderError
from kitbuilder.model.layout import load_layout
from kitbuilder.render.pdf.imposition import booklet_order
from kitbuilder.units import MM

LAYOUTS = ("guide", "handout", "facilitator", "booklet", "handout-2up", "feedback", "large-print")
KITS = {"lth": KIT, "short": ROOT / "tests" / "kits" / "short.yaml", "long": ROOT / "tests" / "kits" / "long.yaml"}
PAPERS = ("letter", "a4")
EVENTS = ("none", "wide-logo")
CHECKS = ("line_length", "margins", "overlap", "fill", "breaks", "fonts")

# (layout, check) pairs another engineer is still fixing; remove a line once it passes.
# strict=False: an entry that starts passing does not fail the suite.
IN_PROGRESS = {
    ("large-print", "fill"): "P3a (open): the About block now stays whole (keep_together, full width without a QR code), "
                             "so no last page holds its last lines (was 4-22%); with a banner logo Last Train Home's "
                             "page 5 is then 56% (Letter) / 41% (A4) full before it",
}

# Builds the 2-up refuses by design (F1's decision, issue 10): with all their questions and a
# banner logo these need a third side at 9 pt on Letter; the 2-up is never set under 9 pt and
# never abridges a user's words, so it refuses with a fix (test_two_up_refuses_what_needs_a_third_side).
TWO_UP_REFUSED = {("lth", "letter", "wide-logo"), ("long", "letter", "wide-logo")}

# Why the line-length check does not apply to some layouts.
NO_MEASURE = {
    "handout-2up": "half-size cards: a 3.8 in column at 9 pt holds about 70 characters only when nothing is "
                   "indented; their lists (questions, ways) are what the measure is about and they are shorter",
    "feedback": "a form: its lines are prompts and writing lines, not running text",
    "large-print": "18 pt type: a readable large-print line is 40-60 characters, shorter by design",
}
FORM_LABELS = ("Notes", "Sign-in Sheet", "How would you rate the film?")  # pages to write on
MIN_EDGE = 5 * MM  # no text closer to the trimmed edge than this (office printers' unprintable band)
TOLERANCE = 1.5  # points: glyph boxes overhang their advance a little


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class PageView:
    """One printed page (a half sheet cut out of an imposed one), in its own coordinates."""

    number: int
    width: float
    height: float
    words: list[dict]
    lines: list[Line]
    images: list[tuple[float, float, float, float]]
    rules: list[float] = field(default_factory=list)  # heights of writing lines (an inch long or more)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class Built:
    path: Path | None
    layout: object = None
    error: str = ""
    pages: list[PageView] = field(default_factory=list)


def wide_logo_event(folder: Path) -> Path:
    """The example club's event with a 600x120 PNG banner as its logo and all questions."""
    width, height = 600, 120
    row = b"\x00" + bytes([42, 111, 151] * (width // 3) + [200, 90, 40] * (width - width // 3))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    (folder / "wide.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))
    lines = [line for line in EVENT.read_text(encoding="utf-8").splitlines() if not line.startswith("questions:")]
    text = "\n".join(lines).replace("riverside-logo.svg", "wide.png")
    (folder / "wide.yaml").write_text(text + "\n", encoding="utf-8")
    return folder / "wide.yaml"


def group_lines(words: list[dict]) -> list[Line]:
    """Words into lines: same baseline, split where a gap is wider than a column gap."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        last = lines[-1] if lines else None
        if (last and abs(last.bottom - word["bottom"]) < 1.5 and 0 <= word["x0"] - last.x1 < 1.2 * word["size"]):
            last.text += " " + word["text"]
            last.x1, last.top = word["x1"], min(last.top, word["top"])
            last.bold = last.bold and "Bold" in word["fontname"]
            continue
        lines.append(Line(word["text"], word["x0"], word["x1"], word["top"], word["bottom"], round(word["size"], 1),
                          "Bold" in word["fontname"]))
    return sorted(lines, key=lambda l: (l.x0 > 0 and round(l.top), l.x0))


def read_pages(path: Path, imposition: str) -> list[PageView]:
    with pdfplumber.open(path) as pdf:
        sheets = pdf.pages
        halves: list[tuple[int, object, float]] = []  # (page number, sheet, x offset)
        if imposition == "none":
            halves = [(i + 1, sheet, 0.0) for i, sheet in enumerate(sheets)]
        elif imposition == "two_up":
            halves = [(i + 1, sheet, 0.0) for i, sheet in enumerate(sheets)]  # both copies are the same
        else:
            order = booklet_order(2 * len(sheets))
            for sheet, (left, right) in zip(sheets, order):
                for index, offset in ((left, 0.0), (right, float(sheet.width) / 2)):
                    if index is not None:
                        halves.append((index + 1, sheet, offset))
        views = []
        for number, sheet, offset in sorted(halves, key=lambda h: h[0]):
            width = float(sheet.width) / (1 if imposition == "none" else 2)
            part = sheet.crop((offset, 0, offset + width, float(sheet.height)))
            words = part.extract_words(extra_attrs=["size", "fontname"], use_text_flow=False, keep_blank_chars=False)
            for word in words:
                word["x0"] -= offset
                word["x1"] -= offset
            images = [(i["x0"] - offset, i["top"], i["x1"] - offset, i["bottom"]) for i in part.images]
            rules = [line["top"] for line in part.lines if line["x1"] - line["x0"] >= 72 and line["top"] == line["bottom"]]
            views.append(PageView(number, width, float(sheet.height), words, group_lines(words), images, rules))
        return views


BUILD_SECONDS = 40  # a build of all layouts that takes longer is stopped and told as hung
LAYOUT_SECONDS = 15  # and then each layout alone, so that the hung one is named


def _build_in_child(conn, kit: Path, options: BuildOptions) -> None:
    os.setsid()  # its own process group: a hung build is stopped with the workers it forked
    try:
        conn.send((build_kit(kit, options).written, {}))
    except KitbuilderError as exc:
        conn.send((getattr(exc, "written", []), {"": str(exc)}))
    except Exception as exc:  # noqa: BLE001 - a crash is reported against the layouts it stopped
        conn.send(([], {"": f"the build crashed: {type(exc).__name__}: {exc}"}))


def build_with_timeout(kit: Path, options: BuildOptions, seconds: float):
    """(written paths, errors by layout ("" for the whole build)), or None when it hung."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_build_in_child, args=(child, kit, options))
    process.start()
    outcome = parent.recv() if parent.poll(seconds) else None
    if outcome is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.join()
    return outcome


def build(kit: Path, options: BuildOptions) -> tuple[list[Path], dict[str, str]]:
    """All layouts in one build; when a problem stops the whole build (or it hangs), each
    layout alone, so that the others are still checked and each error is told against its
    own layout."""
    outcome = build_with_timeout(kit, options, BUILD_SECONDS)
    if outcome is not None and (outcome[0] or not outcome[1]):
        return outcome
    written, errors = [], {}
    for layout in options.layouts:
        alone = build_with_timeout(kit, replace(options, layouts=[layout]), LAYOUT_SECONDS)
        if alone is None:
            errors[layout] = f"the build did not finish in {LAYOUT_SECONDS} s (hung?)"
        else:
            written += alone[0]
            if alone[1]:
                errors[layout] = alone[1][""]
    return written, errors


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[tuple[str, str, str, str], Built]:
    """(kit, paper, event, layout) -> the built PDF read back, or why it was not built."""
    out = tmp_path_factory.mktemp("print-design")
    event_path = wide_logo_event(out)
    found: dict[tuple[str, str, str, str], Built] = {}
    for kit_name, kit in KITS.items():
        for paper in PAPERS:
            for event in EVENTS:
                folder = out / f"{kit_name}-{paper}-{event}"
                options = BuildOptions(layouts=list(LAYOUTS), out_dir=folder, settings=[("paper", paper)],
                                       event_path=event_path if event != "none" else None)
                written, errors = build(kit, options)
                by_layout = {Path(p).stem: Path(p) for p in written}
                for layout in LAYOUTS:
                    key = (kit_name, paper, event, layout)
                    if layout not in by_layout:
                        found[key] = Built(None, error=errors.get(layout) or errors.get("") or "not written")
                        continue
                    spec = load_layout(layout, [], paper=paper)
                    found[key] = Built(by_layout[layout], spec,
                                       pages=read_pages(by_layout[layout], spec.page.imposition))
    return found


# --- the checks: each returns what is wrong with one PDF ---------------------------------


def body_lines(built: Built, with_pages: bool = False) -> list:
    """Lines inside the text frame (no running header or footer), or (page number, line)."""
    m = built.layout.page.margins
    found = [(page.number, line) for page in built.pages for line in page.lines
             if line.top >= m.top - TOLERANCE and line.bottom <= page.height - m.bottom + TOLERANCE]
    return found if with_pages else [line for _, line in found]


def check_line_length(built: Built) -> list[str]:
    text_pages = {page.number for page in built.pages if not exempt(built, page)}
    lines = [line for page, line in body_lines(built, with_pages=True) if page in text_pages]
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    if not sizes:
        return ["no body text found"]
    body = sizes.most_common(1)[0][0]
    # running text only: lines under 20 characters are a panel's values or a paragraph's end
    lengths = [len(line.text) for line in lines if line.size == body and len(line.text) >= 20]
    if not lengths:
        return ["no body text found"]
    median = statistics.median(lengths)
    return [] if 55 <= median <= 80 else [f"median body line {median:g} characters at {body:g} pt (want 55-80)"]


def check_margins(built: Built) -> list[str]:
    m = built.layout.page.margins
    problems = []
    for page in built.pages:
        for word in page.words:
            outside = []
            if word["x0"] < m.left - TOLERANCE:
                outside.append(f"{m.left - word['x0']:.0f} pt into the left margin")
            if word["x1"] > page.width - m.right + TOLERANCE:
                outside.append(f"{word['x1'] - (page.width - m.right):.0f} pt into the right margin")
            if word["top"] < MIN_EDGE or word["bottom"] > page.height - MIN_EDGE:
                outside.append("within 5 mm of the top or bottom edge")
            if outside:
                problems.append(f"page {page.number}: {word['text']!r} {', '.join(outside)}")
                break
    return problems


def overlaps(a, b, margin: float = 1.0) -> bool:
    return a[0] + margin < b[2] and b[0] + margin < a[2] and a[1] + margin < b[3] and b[1] + margin < a[3]


def check_overlap(built: Built) -> list[str]:
    problems = []
    for page in built.pages:
        boxes = sorted(((w["x0"], w["top"], w["x1"], w["bottom"], w["text"]) for w in page.words),
                       key=lambda box: box[1])
        found = None
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if b[1] >= a[3]:
                    break
                # shrink each box to its x-height band: ascenders and descenders of close lines may touch
                if overlaps((a[0], a[1] + 2, a[2], a[3] - 2), (b[0], b[1] + 2, b[2], b[3] - 2)):
                    found = f"page {page.number}: {a[4]!r} overlaps {b[4]!r}"
                    break
            if found:
                break
        for image in page.images:
            hit = next((box for box in boxes if overlaps(box[:4], image)), None)
            if hit and not found:
                found = f"page {page.number}: the logo covers {hit[4]!r}"
        if found:
            problems.append(found)
    return problems


def exempt(built: Built, page: PageView) -> bool:
    """Covers, Notes and form pages are not text pages."""
    types = [s.type for s in built.layout.sections]
    if page.number == 1 and types[:1] == ["cover"]:
        return True
    if page.number == len(built.pages) and "back_cover" in types:
        return True
    head = " ".join(line.text for line in page.lines[:6])
    return any(label.casefold() in head.casefold() for label in FORM_LABELS)


def check_fill(built: Built) -> list[str]:
    m = built.layout.page.margins
    text_pages = [page for page in built.pages if not exempt(built, page)]
    problems = []
    for page in text_pages:
        frame_top, frame_bottom = m.top, page.height - m.bottom
        inside = [line.bottom for line in page.lines if frame_top - TOLERANCE <= line.top
                  and line.bottom <= frame_bottom + TOLERANCE]
        inside += [image[3] for image in page.images]
        inside += [top for top in page.rules if frame_top <= top <= frame_bottom + TOLERANCE]  # notes lines
        filled = (max(inside, default=frame_top) - frame_top) / (frame_bottom - frame_top)
        last = page is text_pages[-1]
        want = 0.25 if last else 0.60
        if filled < want:
            problems.append(f"page {page.number}{' (last)' if last else ''} {filled:.0%} filled (want {want:.0%})")
    return problems


def check_breaks(built: Built) -> list[str]:
    """No heading as the last line of a page; no page opening with one line that ends a
    paragraph begun on the page before (a widow)."""
    m = built.layout.page.margins
    lines_by_page = {}
    for page in built.pages:
        lines_by_page[page.number] = sorted(
            (line for line in page.lines if line.top >= m.top - TOLERANCE
             and line.bottom <= page.height - m.bottom + TOLERANCE), key=lambda l: (l.top, l.x0))
    sizes = Counter(line.size for lines in lines_by_page.values() for line in lines)
    body = sizes.most_common(1)[0][0] if sizes else 0
    column = {page.number: page.width - m.left - m.right for page in built.pages}
    problems = []
    for page in built.pages:
        if exempt(built, page):
            continue
        lines = lines_by_page[page.number]
        if not lines:
            continue
        last = max(lines, key=lambda l: l.bottom)
        writing_lines_below = last.text in FORM_LABELS  # a Notes heading over its ruled lines
        if last.bold and last.size > body and page.number < len(built.pages) and not writing_lines_below:
            problems.append(f"page {page.number} ends in the heading {last.text!r}")
        before = lines_by_page.get(page.number - 1) or []
        if page.number > 1 and before and len(lines) > 1:
            previous = max(before, key=lambda l: l.bottom)
            first, second = lines[0], lines[1]
            continues = previous.size == first.size == body and not previous.bold and \
                previous.x1 > m.left + 0.85 * column[page.number] and not previous.text.rstrip().endswith((".", "?", "!", ":"))
            short = first.x1 < m.left + 0.85 * column[page.number]
            if continues and short and (second.top - first.bottom) > 0.5 * first.size:
                problems.append(f"page {page.number} opens with the last line of a paragraph: {first.text!r}")
    return problems


def check_fonts(built: Built) -> list[str]:
    return [f"font {name} is not embedded" for name, embedded in embedded_fonts(built.path).items() if not embedded]


CHECK_FUNCTIONS = {"line_length": check_line_length, "margins": check_margins, "overlap": check_overlap,
                   "fill": check_fill, "breaks": check_breaks, "fonts": check_fonts}


def cases():
    for layout in LAYOUTS:
        for check in CHECKS:
            marks = []
            if check == "line_length" and layout in NO_MEASURE:
                marks.append(pytest.mark.skip(reason=NO_MEASURE[layout]))
            elif (layout, check) in IN_PROGRESS:
                marks.append(pytest.mark.xfail(strict=False, reason=IN_PROGRESS[(layout, check)]))
            yield pytest.param(layout, check, id=f"{layout}-{check}", marks=marks)


@pytest.mark.parametrize("layout, check", list(cases()))
def test_print_design(builds, layout, check):
    failures = []
    for (kit, paper, event, name), built in builds.items():
        if name != layout:
            continue
        where = f"{kit}/{paper}/{event}/{layout}.pdf"
        if layout == "handout-2up" and (kit, paper, event) in TWO_UP_REFUSED and built.path is None:
            continue  # refused by design: test_two_up_refuses_what_needs_a_third_side
        if built.path is None:
            failures.append(f"{where}: not built: {built.error.splitlines()[0] if built.error else ''}")
            continue
        found = CHECK_FUNCTIONS[check](built)
        if found:
            failures.append(f"{where}: " + "; ".join(found[:6]) + (f" (+{len(found) - 6} more)" if len(found) > 6 else ""))
    assert not failures, f"{check} on {layout}:\n" + "\n".join(failures)


# --- imposed sheets ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bled(tmp_path_factory) -> dict[str, Path]:
    """The imposed layouts of Last Train Home for a copy shop: 3 mm bleed and crop marks."""
    out = tmp_path_factory.mktemp("bleed")
    options = BuildOptions(layouts=["booklet", "handout-2up", "feedback"], out_dir=out, bleed=3 * MM,
                           crop_marks=True)
    return {Path(p).stem: Path(p) for p in build_kit(KIT, options).written}


def box(page, name: str) -> tuple[float, ...]:
    return tuple(round(float(v), 1) for v in page[name]) if name in page else ()


@pytest.mark.parametrize("layout", ["booklet", "handout-2up", "feedback"])
def test_imposed_sheet_boxes(bled, layout):
    """An imposed sheet is trimmed as one piece: TrimBox = the two pages side by side,
    BleedBox = the trim box plus the bleed on every side, inside the MediaBox."""
    width, height = load_layout(layout).page.size
    bleed = 3 * MM
    problems = []
    for number, page in enumerate(PdfReader(str(bled[layout])).pages, 1):
        x0, y0, x1, y1 = box(page, "/TrimBox") or box(page, "/MediaBox")
        if abs((x1 - x0) - 2 * width) > 1 or abs((y1 - y0) - height) > 1:
            problems.append(f"sheet {number}: trim box {x1 - x0:.0f} x {y1 - y0:.0f} pt, want two pages side by "
                            f"side, {2 * width:.0f} x {height:.0f}")
        bx0, by0, bx1, by1 = box(page, "/BleedBox") or (x0, y0, x1, y1)
        if any(abs(d - bleed) > 1 for d in (x0 - bx0, y0 - by0, bx1 - x1, by1 - y1)):
            problems.append(f"sheet {number}: bleed box {(bx0, by0, bx1, by1)} is not the trim box "
                            f"{(x0, y0, x1, y1)} plus 3 mm")
        mx0, my0, mx1, my1 = box(page, "/MediaBox")
        if bx0 < mx0 - 0.1 or by0 < my0 - 0.1 or bx1 > mx1 + 0.1 or by1 > my1 + 0.1:
            problems.append(f"sheet {number}: bleed box outside the media box")
    assert not problems, "\n".join(problems)


def test_booklet_has_covers_and_no_blank_page(builds):
    """The booklet opens on a cover without a running header, ends on a back cover with the
    presenting organisation, and what its multiple of 4 leaves is Notes pages, never blank."""
    problems = []
    for (kit, paper, event, layout), built in builds.items():
        if layout != "booklet" or built.path is None:
            continue
        where = f"{kit}/{paper}/{event}"
        pages = built.pages
        if len(pages) % 4:
            problems.append(f"{where}: {len(pages)} pages, not a multiple of 4")
        if any(not page.words for page in pages):
            problems.append(f"{where}: blank pages {[p.number for p in pages if not p.words]}")
        first, last = pages[0], pages[-1]
        if "Discussion guide".casefold() not in first.text.casefold():
            problems.append(f"{where}: the cover has no kicker")
        top = built.layout.page.margins.top
        if any(line.bottom < top for line in first.lines):
            problems.append(f"{where}: the cover has a running header")
        about = "Influence Film Club" if kit == "lth" else "Delta Documentary Circle" if kit == "long" else None
        if about and about not in last.text:
            problems.append(f"{where}: the back cover does not present {about}")
        if event != "none" and "Riverside Film Club" not in first.text:
            problems.append(f"{where}: the cover does not show the club")
        if event != "none" and "Ana Ruiz" not in last.text:
            problems.append(f"{where}: the back cover does not show the facilitator")
        if event != "none" and not first.images:
            problems.append(f"{where}: the cover has no logo")
    assert not problems, "\n".join(problems)


def test_booklet_about_text_at_least_9pt(builds):
    built = builds[("lth", "letter", "none", "booklet")]
    last = built.pages[-1]
    sizes = {line.size for line in last.lines if "Influence Film Club is a not-for-profit" in line.text}
    assert sizes and min(sizes) >= 9, sizes


def test_feedback_prompts_share_the_writing_space(builds):
    """Each open question of the feedback card gets about the same room to write in."""
    for (kit, paper, event, layout), built in builds.items():
        if layout != "feedback" or built.path is None:
            continue
        with pdfplumber.open(built.path) as pdf:
            page = pdf.pages[0]
            half = page.crop((0, 0, float(page.width) / 2, float(page.height)))
            rules = sorted({round(line["top"]) for line in half.lines if line["x1"] - line["x0"] > 100})
            prompts = [w["top"] for w in half.extract_words() if w["text"] in ("What",)]
        assert len(prompts) == 2, prompts
        first = [y for y in rules if prompts[0] < y < prompts[1]]
        second = [y for y in rules if y > prompts[1]]
        assert abs(len(first) - len(second)) <= 2 and len(first) >= 4, (kit, paper, event, first, second)


def test_two_up_keeps_ways_list_on_one_side(builds):
    """The 2-up's Ways to Influence list is never split across its two sides."""
    for (kit, paper, event, layout), built in builds.items():
        if layout != "handout-2up" or built.path is None:
            continue
        sides = [page.number for page in built.pages if "Ways to Influence" in page.text]
        if not sides and kit == "short":
            continue  # the short kit has no ways to influence
        # the list is the last section: begun on the last side, it cannot go on to another
        assert sides == [len(built.pages)], (kit, paper, event, sides)


def test_two_up_refuses_what_needs_a_third_side(builds):
    """Exactly the 2-up builds that need a third side at 9 pt are refused, each with file:line:col,
    the body size it was tried at (the layout's real floor, not the 8.5 pt default) and a fix."""
    refused = {(kit, paper, event) for (kit, paper, event, layout), built in builds.items()
               if layout == "handout-2up" and built.path is None}
    assert refused == TWO_UP_REFUSED
    for kit, paper, event in sorted(refused):
        error = builds[(kit, paper, event, "handout-2up")].error
        first, *rest = error.splitlines()
        assert first.startswith(str(KITS[kit])) and ": error: the content does not fit the 'handout-2up' layout" in first, error
        assert "smallest allowed body size (9 pt)" in first and "8.5" not in error, error
        assert any(line.strip().startswith("fix:") and "choose fewer questions" in line for line in rest), error
        assert "Traceback" not in error, error


def test_booklet_covers_are_never_scaled_and_say_each_fact_once(builds):
    """Review 2, item 1: the covers print each of the screening's details once (front: the
    event, date, venue; back: facilitator, access, content note), the logo on the front only,
    and nothing on them is set smaller than its style (title 30 pt, About text 9 pt)."""
    problems = []
    for (kit, paper, event, layout), built in builds.items():
        if layout != "booklet" or built.path is None:
            continue
        where = f"{kit}/{paper}/{event}"
        first, last = built.pages[0], built.pages[-1]
        title_size = max(line.size for line in first.lines)
        if title_size < 30:
            problems.append(f"{where}: cover title at {title_size} pt (want 30)")
        small = sorted({line.size for line in last.lines if line.size < 9})
        if small:
            problems.append(f"{where}: back cover text at {small} pt (want 9 or more)")
        if event != "none":
            both = first.text + " " + last.text
            for fact in ("12 Mill Lane", "Riverside Library, Room 2", "Ana Ruiz", "Saturday, 12 December 2026"):
                if both.count(fact) != 1:
                    problems.append(f"{where}: {fact!r} printed {both.count(fact)} times on the covers")
            if last.images:
                problems.append(f"{where}: the logo is on the back cover too")
    assert not problems, "\n".join(problems)


def test_back_cover_without_organisation_is_designed(builds):
    """Review 2, item 7: with nobody to present and no screening, the back cover names the
    film in a small colophon at its foot, not at its head over an empty page."""
    for paper in PAPERS:
        built = builds[("short", paper, "none", "booklet")]
        last = built.pages[-1]
        lines = [line for line in last.lines if line.text.strip()]
        assert lines and "Salt Road" in last.text, last.text
        assert min(line.top for line in lines) > 0.7 * last.height, [(l.text, l.top) for l in lines]


def test_feedback_card_names_the_film_once(builds):
    """Review 2, item 9: the card's heading names the film; the line under it names the
    screening only, and there is none without an event."""
    for (kit, paper, event, layout), built in builds.items():
        if layout != "feedback" or built.path is None or kit != "lth":
            continue
        half = [line.text for line in built.pages[0].lines if line.x0 < built.pages[0].width / 2]
        text = " ".join(half)
        assert text.count("Last Train Home") == 1, (paper, event, half[:4])
        assert ("December Screening" in text) == (event != "none"), (paper, event, half[:4])


@pytest.fixture(scope="module")
def tall_logo_covers(tmp_path_factory) -> dict[str, Path]:
    """The booklet and facilitator packet of Last Train Home for a club with a tall 100x400 PNG logo."""
    out = tmp_path_factory.mktemp("tall-logo")
    event = wide_logo_event(out)
    width, height = 100, 400
    row = b"\x00" + bytes([42, 111, 151] * width)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    (out / "wide.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))
    options = BuildOptions(layouts=["booklet", "facilitator"], out_dir=out / "out", event_path=event,
                           settings=[("paper", "a4")])
    return {Path(p).stem: Path(p) for p in build_kit(KIT, options).written}


@pytest.mark.parametrize("layout", ["booklet", "facilitator"])
def test_cover_logo_is_flush_with_the_text(tall_logo_covers, layout):
    """Review 2, item 8, review 1, item 12: a raster logo narrower than the column sits at
    the text's left edge, as the cover's text and an SVG logo do, not centred."""
    spec = load_layout(layout, [], paper="a4")
    pages = read_pages(tall_logo_covers[layout], spec.page.imposition)
    cover = pages[0]
    assert cover.images, "no logo on the cover"
    text_edge = min(line.x0 for line in cover.lines)
    for x0, _top, _x1, _bottom in cover.images:
        assert abs(x0 - text_edge) < 2, (x0, text_edge)


# --- review R-print1 (guide, handout, facilitator, large print) ---------------------------

MY_LAYOUTS = ("guide", "handout", "facilitator", "large-print")


def test_no_blank_page(builds):
    """A right-hand start adds at most one page, and that page is a Notes page: no page
    shows only its running header and footer (R-print1 defect 1: a Spacer carried over
    from the page before made an empty page count as begun)."""
    problems = []
    for (kit, paper, event, layout), built in builds.items():
        if layout not in MY_LAYOUTS or built.path is None:
            continue
        blank = [page.number for page in built.pages if not body_lines(built_page(built, page))]
        if blank:
            problems.append(f"{kit}/{paper}/{event}/{layout}: blank pages {blank}")
    assert not problems, "\n".join(problems)


def built_page(built: Built, page: PageView) -> Built:
    return Built(built.path, built.layout, pages=[page])


def test_shrink_stops_at_the_body_floor(builds):
    """Shrink-to-fit never sets the handout's body under 9.5 pt nor its panels under 9 pt,
    and large print is never shrunk (R-print1 defects 3 and 11)."""
    problems = []
    for (kit, paper, event, layout), built in builds.items():
        if layout not in ("handout", "large-print") or built.path is None:
            continue
        sizes = Counter()
        for line in body_lines(built):
            sizes[line.size] += len(line.text)
        body = sizes.most_common(1)[0][0]
        want = 18 if layout == "large-print" else 9.5
        if body < want - 0.05:
            problems.append(f"{kit}/{paper}/{event}/{layout}: body {body} pt (want at least {want})")
        if layout == "handout":
            panel = [line.size for line in body_lines(built) if len(line.text) > 40 and line.size < 9 - 0.05]
            if panel:
                problems.append(f"{kit}/{paper}/{event}/{layout}: lines at {min(panel)} pt (want at least 9)")
    assert not problems, "\n".join(problems)


def test_the_logo_never_narrows_the_title(builds):
    """The club's logo sits in the sidebar column or above the kicker: no text of the text
    column runs beside it, and the film's title is one line (R-print1 defect 4)."""
    problems = []
    for (kit, paper, event, layout), built in builds.items():
        if layout not in ("guide", "handout", "large-print") or event == "none" or built.path is None:
            continue
        page = built.pages[0]
        grid = built.layout.page
        column_right = page.width - grid.margins.right - (grid.sidebar + grid.column_gap if grid.sidebar else 0)
        where = f"{kit}/{paper}/{event}/{layout}"
        for x0, top, x1, bottom in page.images:
            if x0 >= column_right - TOLERANCE:
                continue  # in the sidebar column
            beside = [w["text"] for w in page.words if w["top"] < bottom and w["bottom"] > top]
            if beside:
                problems.append(f"{where}: the logo stands beside {' '.join(beside)[:60]!r} in the text column")
        size = max(line.size for line in page.lines)
        titles = sorted((line for line in page.lines if line.size == size), key=lambda line: line.top)
        for line, after in zip(titles, titles[1:]):  # a title breaks only where the measure is full
            word = min((w for w in page.words if abs(w["bottom"] - after.bottom) < 1.5), key=lambda w: w["x0"])
            if line.x1 + 0.3 * size + (word["x1"] - word["x0"]) < column_right:
                problems.append(f"{where}: the title breaks before {word['text']!r} with room left on its line")
    assert not problems, "\n".join(problems)
