"""Imposition for the copy shop, read back from the imposed PDFs: booklet spreads that meet at
the fold, bleed and marks only on the sheet's outer edges, the sheet's boxes, 2-up cut marks."""

import io
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from conftest import KIT, ROOT, run_cli
from kitbuilder.render.pdf.imposition import booklet_order, impose, two_up_order
from kitbuilder.units import MM

W, H = 396.0, 612.0  # a half-letter page
BLEED = 3 * MM
OFFSET = BLEED + 10 * MM  # bleed plus room for marks, as the document renderer leaves it
COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.6, 0.1), (0.1, 0.1, 0.9), (0.9, 0.7, 0.0), (0.6, 0.0, 0.6), (0.0, 0.6, 0.6)]


def set_page_boxes(canvas, bleed: float, offset: float) -> None:
    """The trim and bleed boxes of a page drawn ``offset`` in from the paper's edge (none at 0)."""
    if offset:
        canvas.setTrimBox((offset, offset, offset + W, offset + H))
        canvas.setBleedBox((offset - bleed, offset - bleed, offset + W + bleed, offset + H + bleed))


def laid_out(pages: int, bleed: float = BLEED, offset: float = OFFSET, own_marks: bool = False,
             fill: bool = True) -> bytes:
    """A PDF as the document renderer makes it: each page a colour filling its bleed box and
    its number in the middle; with ``own_marks``, thick crop marks of its own outside the bleed
    at the trim's bottom edge (cut away on a sheet)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(W + 2 * offset, H + 2 * offset), invariant=1)
    for number in range(1, pages + 1):
        set_page_boxes(canvas, bleed, offset)
        canvas.setFillColorRGB(*COLOURS[(number - 1) % len(COLOURS)])
        if fill:
            canvas.rect(offset - bleed, offset - bleed, W + 2 * bleed, H + 2 * bleed, stroke=0, fill=1)
            canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont("Helvetica", 40)  # standard-14 font: these are test PDFs read in memory, never written
        canvas.drawCentredString(offset + W / 2, offset + H / 2, f"P{number}")
        if own_marks:
            canvas.setLineWidth(4)
            canvas.line(0, offset, offset - bleed - 1, offset)
            canvas.line(offset + W + bleed + 1, offset, W + 2 * offset, offset)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def boxes(page):
    return {name: [round(float(v), 2) for v in getattr(page, name)] for name in ("mediabox", "trimbox", "bleedbox")}


def labels_by_half(pdf_bytes: bytes) -> list[tuple[str, str]]:
    """The page numbers printed on each sheet's left and right half."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            middle = page.width / 2
            left = "".join(c["text"] for c in page.chars if c["x1"] <= middle)
            right = "".join(c["text"] for c in page.chars if c["x0"] >= middle)
            found.append((left, right))
    return found


def pixels(pdf_bytes: bytes, index: int, scale: float = 2.0):
    page = pypdfium2.PdfDocument(pdf_bytes)[index]
    return page.render(scale=scale).to_pil().convert("RGB"), scale


def near(rgb, colour, tolerance=30):
    return all(abs(a - round(b * 255)) <= tolerance for a, b in zip(rgb, colour))


def test_booklet_sheet_boxes_are_the_spread_with_bleed_and_room_for_marks():
    sheets = PdfReader(io.BytesIO(impose(laid_out(8), booklet_order, fold=True, marks=True))).pages
    assert len(sheets) == 4, "8 pages: 4 sheet sides"
    for sheet in sheets:
        b = boxes(sheet)
        x0, y0, x1, y1 = b["trimbox"]
        assert (round(x1 - x0, 2), round(y1 - y0, 2)) == (2 * W, H), "TrimBox: the two pages side by side"
        assert b["bleedbox"] == [round(v, 2) for v in (x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED)]
        m = b["mediabox"]
        assert m[0] <= b["bleedbox"][0] - 6 * MM and m[2] >= b["bleedbox"][2] + 6 * MM, "room for the marks"
        assert m[1] <= b["bleedbox"][1] - 6 * MM and m[3] >= b["bleedbox"][3] + 6 * MM


def test_booklet_pages_meet_at_the_fold_and_bleed_only_outwards():
    imposed = impose(laid_out(8), booklet_order, fold=True, marks=True)
    assert labels_by_half(imposed) == [("P8", "P1"), ("P2", "P7"), ("P6", "P3"), ("P4", "P5")]
    image, scale = pixels(imposed, 0)
    sheet = PdfReader(io.BytesIO(imposed)).pages[0]
    x0, y0, x1, y1 = [float(v) for v in sheet.trimbox]
    top = float(sheet.mediabox.top)
    fold = (x0 + x1) / 2
    y = (top - (y0 + y1) / 2) * scale  # the middle of the page, in image rows
    # right up to the fold from both sides: no gap, and neither page's bleed prints over the other
    assert near(image.getpixel((int((fold - 2) * scale), int(y))), COLOURS[7 % 6]), "page 8 reaches the fold"
    assert near(image.getpixel((int((fold + 2) * scale), int(y))), COLOURS[0]), "page 1 starts at the fold"
    # the outer bleed is printed, nothing beyond it
    assert near(image.getpixel((int((x0 - BLEED / 2) * scale), int(y))), COLOURS[7 % 6])
    assert near(image.getpixel((int((x1 + BLEED / 2) * scale), int(y))), COLOURS[0])
    for x in (x0 - BLEED - 2, x1 + BLEED + 2):
        assert near(image.getpixel((int(x * scale), int(y))), (1, 1, 1)), "white outside the bleed"
    above = (top - (y1 + BLEED / 2)) * scale
    assert near(image.getpixel((int((fold + 20) * scale), int(above))), COLOURS[0]), "bleed above the trim too"


def test_a_pages_own_marks_do_not_reach_the_sheet():
    # white pages with their own thick crop marks beside the trim's bottom corners
    imposed = impose(laid_out(4, own_marks=True, fill=False), booklet_order, fold=True, marks=True)
    image, scale = pixels(imposed, 0)
    sheet = PdfReader(io.BytesIO(imposed)).pages[0]
    x0, y0, x1, y1 = [float(v) for v in sheet.trimbox]
    row = int((float(sheet.mediabox.top) - y0) * scale)
    fold = (x0 + x1) / 2
    # beside the fold, inside the other page's margin; and beyond the sheet's own crop marks
    for x in (fold - 20, fold + 20, 4, float(sheet.mediabox.right) - 4):
        assert near(image.getpixel((int(x * scale), row)), (1, 1, 1)), f"a page's own mark at x={x}"


def test_crop_and_fold_marks_lie_outside_the_bleed():
    imposed = impose(laid_out(4), booklet_order, fold=True, marks=True)
    with pdfplumber.open(io.BytesIO(imposed)) as pdf:
        for page, sheet in zip(pdf.pages, PdfReader(io.BytesIO(imposed)).pages):
            bx0, by0, bx1, by1 = [float(v) for v in sheet.bleedbox]
            tx0, ty0, tx1, ty1 = [float(v) for v in sheet.trimbox]
            lines = page.lines
            assert lines, "marks are drawn"
            for line in lines:
                # pdfplumber measures y from the top; turn it back into PDF coordinates
                low, high = page.height - line["bottom"], page.height - line["top"]
                outside = line["x1"] <= bx0 + 0.01 or line["x0"] >= bx1 - 0.01 or high <= by0 + 0.01 or low >= by1 - 0.01
                assert outside, f"a mark inside the bleed box: {line}"
            corner_xs = {round(x, 2) for line in lines for x in (line["x0"], line["x1"])}
            assert {round(tx0, 2), round(tx1, 2)} <= corner_xs, "crop marks continue the trim edges"
            fold = [line for line in lines if abs(line["x0"] - (tx0 + tx1) / 2) < 0.01 and line["x0"] == line["x1"]]
            assert len(fold) == 2, "a fold mark above and below the trim, at the centre"
            assert all(line["dash"] for line in fold), "the fold mark is dashed"
            assert not any(line["dash"] for line in lines if line not in fold), "crop marks are solid"


def test_booklet_without_bleed_or_marks_is_exactly_the_sheet():
    imposed = impose(laid_out(4, bleed=0, offset=0), booklet_order, fold=True, marks=False)
    reader = PdfReader(io.BytesIO(imposed))
    for sheet in reader.pages:
        b = boxes(sheet)
        assert b["mediabox"] == b["trimbox"] == b["bleedbox"] == [0, 0, 2 * W, H]
    with pdfplumber.open(io.BytesIO(imposed)) as pdf:
        assert not any(page.lines for page in pdf.pages), "no marks without crop marks"
    assert labels_by_half(imposed) == [("P4", "P1"), ("P2", "P3")]


@pytest.mark.parametrize("pages, sides", [(5, 4), (6, 4), (7, 4), (9, 6)])
def test_booklet_pads_with_blank_pages_at_the_end(pages, sides):
    imposed = impose(laid_out(pages), booklet_order, fold=True, marks=True)
    halves = labels_by_half(imposed)
    assert len(halves) == sides
    printed = [label for side in halves for label in side if label]
    assert sorted(printed) == sorted(f"P{n}" for n in range(1, pages + 1)), "every page once"
    order = booklet_order(pages)
    blanks = [slot for side, want in zip(halves, order) for slot, index in zip(side, want) if index is None]
    assert blanks and all(label == "" for label in blanks)


def test_two_up_copies_meet_at_one_cut_with_cut_marks():
    imposed = impose(laid_out(2), two_up_order, fold=False, marks=True)
    assert labels_by_half(imposed) == [("P1", "P1"), ("P2", "P2")]
    with pdfplumber.open(io.BytesIO(imposed)) as pdf:
        for page, sheet in zip(pdf.pages, PdfReader(io.BytesIO(imposed)).pages):
            tx0, _, tx1, _ = [float(v) for v in sheet.trimbox]
            bx0, by0, bx1, by1 = [float(v) for v in sheet.bleedbox]
            assert round(tx1 - tx0, 2) == 2 * W
            cut = [line for line in page.lines if abs(line["x0"] - (tx0 + tx1) / 2) < 0.01 and line["x0"] == line["x1"]]
            assert len(cut) == 2, "cut marks between the copies, above and below"
            for line in cut:
                low, high = page.height - line["bottom"], page.height - line["top"]
                assert high <= by0 or low >= by1, "cut marks outside the bleed"
    sheet = PdfReader(io.BytesIO(imposed)).pages[0]
    assert set(sheet["/Resources"]["/Font"].keys()) == set(PdfReader(io.BytesIO(laid_out(2))).pages[0]["/Resources"]["/Font"].keys()), \
        "the marks add no font"


def test_two_up_without_marks_has_a_cut_line_and_no_font_for_it():
    imposed = impose(laid_out(1, bleed=0, offset=0), two_up_order, fold=False, marks=False)
    sheet = PdfReader(io.BytesIO(imposed)).pages[0]
    assert boxes(sheet)["mediabox"] == [0, 0, 2 * W, H]
    with pdfplumber.open(io.BytesIO(imposed)) as pdf:
        lines = pdf.pages[0].lines
    assert any(abs(line["x0"] - W) < 0.01 and line["height"] >= H - 1 for line in lines), "a line to cut along"


# --- the shipped layouts, built -------------------------------------------------------


@pytest.fixture(scope="module")
def copy_shop(tmp_path_factory):
    out = tmp_path_factory.mktemp("copyshop")
    result = run_cli("build", KIT, "--out", out, "--layout", "booklet", "--layout", "handout-2up",
                     "--bleed", "3mm", "--crop-marks")
    assert result.exit_code == 0, result.output
    return {Path(line).stem: Path(line) for line in result.stdout.split()}


def test_built_booklet_spreads_meet_at_the_fold(copy_shop):
    from kitbuilder.model.layout import load_layout

    layout = load_layout("booklet")
    reader = PdfReader(str(copy_shop["booklet"]))
    width, height = layout.page.size
    margins = layout.page.margins
    assert len(reader.pages) * 2 % 4 == 0
    with pdfplumber.open(str(copy_shop["booklet"])) as pdf:
        for page, sheet in zip(pdf.pages, reader.pages):
            b = boxes(sheet)
            x0, y0, x1, y1 = b["trimbox"]
            assert round(x1 - x0, 1) == round(2 * width, 1) and round(y1 - y0, 1) == round(height, 1)
            assert b["bleedbox"] == [round(v, 2) for v in (x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED)]
            fold = (x0 + x1) / 2
            left = [c for c in page.chars if c["x1"] <= fold]
            right = [c for c in page.chars if c["x0"] >= fold]
            assert not [c for c in page.chars if c["x0"] < fold < c["x1"]], "no text across the fold"
            # each page's text keeps its inner margin from the fold, not a margin plus a gap
            if left:
                assert fold - max(c["x1"] for c in left) >= margins.right - 0.5
                assert fold - max(c["x1"] for c in left) <= margins.right + 72
            if right:
                assert abs(min(c["x0"] for c in right) - (fold + margins.left)) < 1.0, "page text starts a margin from the fold"
    first = pdf_first_sheet_text(copy_shop["booklet"])
    assert "Last Train Home" in first[1], "page 1 right of the fold on the first sheet"


def pdf_first_sheet_text(path):
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        middle = page.width / 2
        return (page.crop((0, 0, middle, page.height)).extract_text() or "",
                page.crop((middle, 0, page.width, page.height)).extract_text() or "")


def test_built_two_up_has_boxes_and_cut_marks(copy_shop):
    reader = PdfReader(str(copy_shop["handout-2up"]))
    with pdfplumber.open(str(copy_shop["handout-2up"])) as pdf:
        for page, sheet in zip(pdf.pages, reader.pages):
            b = boxes(sheet)
            x0, y0, x1, y1 = b["trimbox"]
            assert b["bleedbox"] == [round(v, 2) for v in (x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED)]
            middle = (x0 + x1) / 2
            marks = [line for line in page.lines if line["x0"] == line["x1"] and abs(line["x0"] - middle) < 0.01]
            assert len(marks) == 2 and all(line["bottom"] < page.height - y1 or line["top"] > page.height - y0
                                           for line in marks), "cut marks at the centre, outside the trim"


# --- links and other annotations on the sheets ------------------------------------------


def linked(pages: int, bleed: float = BLEED, offset: float = OFFSET) -> bytes:
    """Pages whose label ``P<n>`` (near the page's right edge, so that a link left where it was
    on the page would miss it on the sheet) is a link to ``https://example.org/<n>`` with
    QuadPoints, and a link to a bookmark at the top of page 1."""
    from reportlab.pdfbase.pdfdoc import PDFArray

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(W + 2 * offset, H + 2 * offset), invariant=1)
    for number in range(1, pages + 1):
        set_page_boxes(canvas, bleed, offset)
        if number == 1:
            canvas.bookmarkPage("top", fit="XYZ", left=offset + 20, top=offset + H - 20)
        canvas.setFont("Helvetica", 20)  # standard-14 font: these are test PDFs read in memory, never written
        x, y = offset + W - 80, offset + 100 + 10 * number
        canvas.drawString(x, y, f"P{number}")
        right = x + canvas.stringWidth(f"P{number}", "Helvetica", 20)
        quad = PDFArray([x, y + 16, right, y + 16, x, y - 4, right, y - 4])
        canvas.linkURL(f"https://example.org/{number}", (x, y - 4, right, y + 16), relative=0, thickness=0,
                       QuadPoints=quad)
        canvas.linkAbsolute("to the top", "top", (offset + 10, offset + 10, offset + 60, offset + 30), thickness=0)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def sheet_links(pdf_bytes: bytes) -> list[list[dict]]:
    """Each sheet's link annotations: uri (or the sheet and x, y a page link goes to), rect, quads."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    sheets = []
    for sheet in reader.pages:
        found = []
        for annotation in sheet.get("/Annots") or []:
            annotation = annotation.get_object()
            assert annotation["/P"].get_object().indirect_reference == sheet.indirect_reference, "/P is its sheet"
            action = annotation.get("/A", {})
            target = action.get("/URI")
            if target is None:
                destination = annotation.get("/Dest") or action["/D"]
                target = (reader.get_page_number(destination[0].get_object()), *map(float, destination[2:4]))
            points = [float(v) for v in annotation.get("/QuadPoints", [])]
            found.append(dict(target=target, rect=[float(v) for v in annotation["/Rect"]],
                              quads=[points[i:i + 8] for i in range(0, len(points), 8)]))
        sheets.append(found)
    return sheets


def text_under(page, box) -> str:
    """The characters whose centre lies in ``box`` (x0, y0, x1, y1 in PDF coordinates)."""
    x0, y0, x1, y1 = box
    return "".join(c["text"] for c in page.chars
                   if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and y0 <= page.height - (c["top"] + c["bottom"]) / 2 <= y1)


def quad_box(quad: list[float]) -> tuple[float, float, float, float]:
    return min(quad[0::2]), min(quad[1::2]), max(quad[0::2]), max(quad[1::2])


@pytest.mark.parametrize("order, fold, bleed, offset", [
    (booklet_order, True, BLEED, OFFSET), (booklet_order, True, 0, 0), (two_up_order, False, BLEED, OFFSET)])
def test_each_link_lies_over_its_own_text_on_the_sheet(order, fold, bleed, offset):
    pages = 6
    imposed = impose(linked(pages, bleed, offset), order, fold=fold, marks=bool(offset))
    links = sheet_links(imposed)
    with pdfplumber.open(io.BytesIO(imposed)) as pdf:
        for page, found, (left, right) in zip(pdf.pages, links, order(pages)):
            uris = [link for link in found if isinstance(link["target"], str)]
            placed = [index for index in (left, right) if index is not None]
            assert sorted(link["target"] for link in uris) == sorted(f"https://example.org/{i + 1}" for i in placed), \
                "each page placed on the sheet brings its own link, once"
            for link in uris:
                label = "P" + link["target"].rsplit("/", 1)[1]
                assert text_under(page, link["rect"]) == label, f"Rect over {label}"
                assert [text_under(page, quad_box(quad)) for quad in link["quads"]] == [label], "QuadPoints too"
            if left is not None and right is not None:  # one link in each half
                middle = page.width / 2
                assert sorted(link["rect"][0] < middle for link in uris) == [False, True]
            # the link to page 1's top: on the sheet where page 1 is, at its shifted position
            for link in found:
                if isinstance(link["target"], tuple):
                    sheet, x, y = link["target"]
                    first = next(n for n, side in enumerate(order(pages)) if 0 in side)
                    shift = offset + (W if order(pages)[first].index(0) == 1 else 0)
                    assert (sheet, round(x, 2), round(y, 2)) == (first, round(shift + 20, 2), round(H + offset - 20, 2))
            assert len([link for link in found if isinstance(link["target"], tuple)]) == len(placed)


@pytest.fixture(scope="module")
def long_copy_shop(tmp_path_factory):
    """The long kit (long addresses, QR codes) as booklet and 2-up, with and without bleed."""
    built = {}
    for bleed in ((), ("--bleed", "3mm", "--crop-marks")):
        out = tmp_path_factory.mktemp("longcopyshop")
        result = run_cli("build", ROOT / "tests" / "kits" / "long.yaml", "--out", out,
                         "--layout", "booklet", "--layout", "handout-2up", *bleed)
        assert result.exit_code == 0, result.output
        for line in result.stdout.split():
            built[(Path(line).stem, bool(bleed))] = Path(line)
    return built


@pytest.mark.parametrize("name, bleed", [("booklet", False), ("booklet", True), ("handout-2up", False),
                                         ("handout-2up", True)])
def test_built_links_lie_over_their_address_and_qr_code(long_copy_shop, name, bleed):
    path = long_copy_shop[(name, bleed)]
    links = sheet_links(path.read_bytes())
    assert sum(len(found) for found in links) >= 4, "the long kit prints addresses and QR codes"
    with pdfplumber.open(str(path)) as pdf:
        for page, found in zip(pdf.pages, links):
            middle = page.width / 2
            keys = [(link["target"], tuple(round(v, 1) for v in link["rect"])) for link in found]
            assert len(keys) == len(set(keys)), "no link twice"
            for link in found:
                x0, y0, x1, y1 = link["rect"]
                assert x1 <= middle + 0.5 or x0 >= middle - 0.5, "a link stays on its own page"
                if link["quads"]:  # an address, over one or more lines
                    assert "".join(text_under(page, quad_box(q)) for q in link["quads"]) == link["target"]
                    assert all(x0 - 0.01 <= v <= x1 + 0.01 for q in link["quads"] for v in q[0::2])
                else:  # a QR code: its dark modules fill the link's square
                    modules = [r for r in page.rects if r["fill"] and x0 - 0.5 <= r["x0"] and r["x1"] <= x1 + 0.5
                               and y0 - 0.5 <= page.height - r["bottom"] and page.height - r["top"] <= y1 + 0.5]
                    assert len(modules) > 20, f"no QR code under the link at {link['rect']}"
                    assert abs(min(r["x0"] for r in modules) - x0) < 1 and abs(max(r["x1"] for r in modules) - x1) < 1
            if name == "handout-2up":  # the two copies: the same links, one page width apart
                width = float(PdfReader(str(path)).pages[0].trimbox.width) / 2
                left = sorted((link["target"], round(link["rect"][0], 1), round(link["rect"][1], 1))
                              for link in found if link["rect"][0] < middle)
                right = sorted((link["target"], round(link["rect"][0] - width, 1), round(link["rect"][1], 1))
                               for link in found if link["rect"][0] >= middle)
                assert left == right, "each copy has its own links, at the same place on its half"
