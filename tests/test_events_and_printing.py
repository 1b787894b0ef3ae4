"""Per-event customisation and print production, read back from the PDFs."""

import io
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import EVENT, KIT, run_cli
from conftest import build_pdfs as build
from kitbuilder.model.kit import load_kit
from kitbuilder.model.event import load_event
from kitbuilder.compose.qr import qr_matrix
from kitbuilder.render.pdf.markup import plain
from kitbuilder.render.pdf.imposition import booklet_order
from pdfread import body_text, contains, normalise, pdf_text

kit = load_kit(KIT)
event = load_event(EVENT)
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


@pytest.fixture(scope="module")
def event_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("event")
    layouts = ["handout", "guide", "facilitator", "booklet", "handout-2up", "feedback", "large-print"]
    args = [a for name in layouts for a in ("--layout", name)]
    return build(out, "--event", EVENT, *args)


def size(path, index=0):
    box = PdfReader(str(path)).pages[index].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_event_output_goes_to_kit_and_event_folder(event_build):
    for name, path in event_build.items():
        assert path.parent.name == "example-club" and path.parent.parent.name == "last-train-home"


def test_event_details_are_printed(event_build):
    guide = pdf_text(event_build["guide"])
    for value in (event.host, event.title, event.venue, event.address, event.facilitator, event.accessibility,
                  event.content_note, "Saturday, 12 December 2026", event.time):
        assert contains(guide, value), value
    assert contains(guide, event.credit), "the credit line is in the footer"
    handout = pdf_text(event_build["handout"])
    assert contains(handout, plain(event.welcome)) and contains(handout, event.host)


def test_agenda_is_in_the_facilitator_packet_only(event_build):
    packet = pdf_text(event_build["facilitator"])
    for item in event.agenda:
        assert contains(packet, item.item) and contains(packet, item.time)
    assert not contains(pdf_text(event_build["handout"]), event.agenda[2].item)


def test_only_the_chosen_questions_are_printed(event_build):
    chosen = {number for number, _ in event.questions}
    for layout in ("handout", "guide", "facilitator"):
        text = normalise(body_text(event_build[layout]))
        for question in kit.questions:
            shown = normalise(plain(question.text)) in text
            assert shown == (question.number in chosen), (layout, question.number)


def test_chosen_questions_keep_the_event_order(tmp_path):
    out = build(tmp_path, "--set", "questions=[7, 2]", "--layout", "handout")
    text = normalise(body_text(out["handout"]))
    seventh, second = normalise(plain(kit.questions[6].text)), normalise(plain(kit.questions[1].text))
    assert text.index(seventh) < text.index(second)


def test_paper_follows_the_event_and_set_overrides_it(event_build, tmp_path):
    assert size(event_build["guide"]) == A4
    assert size(build(tmp_path / "a", "--layout", "guide")["guide"]) == LETTER
    overridden = build(tmp_path / "b", "--event", EVENT, "--set", "paper=letter", "--layout", "guide")
    assert size(overridden["guide"]) == LETTER


def test_a4_reflows_rather_than_scales(event_build, tmp_path):
    letter = build(tmp_path, "--layout", "guide", "--set", "questions=[1, 2, 3, 5, 7, 10]")["guide"]
    a4_lines = pdf_text(event_build["guide"]).splitlines()
    letter_lines = pdf_text(letter).splitlines()
    assert a4_lines != letter_lines, "line breaks differ: the text was re-flowed for the narrower A4 column"
    assert min(c["size"] for c in _chars(event_build["guide"])) == pytest.approx(min(c["size"] for c in _chars(letter)))


def _chars(path):
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [c for page in pdf.pages for c in page.chars]


def test_accent_colour_from_event_and_set(event_build, tmp_path):
    assert _has_fill(event_build["guide"], "#2a6f97")
    out = build(tmp_path, "--layout", "guide", "--set", "accent_color=#444444")
    assert _has_fill(out["guide"], "#444444") and not _has_fill(out["guide"], "#9a3412")


def _colours(path):
    found = set()
    for page in PdfReader(str(path)).pages:
        data = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", data):
            found.add(tuple(round(float(v) * 255) for v in (r, g, b)))
    return found


def _has_fill(path, hex_colour):
    rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return any(all(abs(a - b) <= 1 for a, b in zip(rgb, c)) for c in _colours(path))


def test_booklet_pages_are_imposed_in_folding_order(event_build):
    # the booklet's pages in reading order, as laid out before imposition
    from kitbuilder.build import render_fitted
    from kitbuilder.compose.composition import compose
    from kitbuilder.model.layout import load_layout

    layout = load_layout("booklet", paper=event.paper, accent=event.accent_color)
    flat = PdfReader(io.BytesIO(render_fitted(compose(kit, event, layout)).data))
    flat_pages = [normalise(p.extract_text()) for p in flat.pages]
    imposed = PdfReader(str(event_build["booklet"]))
    half = float(imposed.pages[0].mediabox.width) / 2
    assert size(event_build["booklet"]) == (A4[1], A4[0]), "landscape A4 sheets"
    assert len(imposed.pages) * 2 % 4 == 0 and len(imposed.pages) * 2 >= len(flat_pages)

    def halves(page):
        parts = {0: [], 1: []}
        page.extract_text(visitor_text=lambda text, cm, tm, *_: parts[int((cm[4] + tm[4]) >= half)].append(text))
        return normalise("".join(parts[0])), normalise("".join(parts[1]))

    sides = [halves(page) for page in imposed.pages]
    order = booklet_order(len(flat_pages))
    for (left, right), (expect_left, expect_right) in zip(sides, order):
        assert left == (flat_pages[expect_left] if expect_left is not None else "")
        assert right == (flat_pages[expect_right] if expect_right is not None else "")
    # fold the stack: outer sheet first; fronts then backs read 1, 2, 3 ...
    reading = []
    sheets = len(order) // 2
    for s in range(sheets):
        reading += [order[2 * s][1], order[2 * s + 1][0]]
    for s in reversed(range(sheets)):
        reading += [order[2 * s + 1][1], order[2 * s][0]]
    assert [i for i in reading if i is not None] == list(range(len(flat_pages)))
    assert all(i is None for i in reading[len(flat_pages):]), "blank pages only at the end"


@pytest.mark.parametrize("pages", [1, 2, 3, 4, 5, 8, 13])
def test_booklet_order_pads_to_multiple_of_four(pages):
    order = booklet_order(pages)
    slots = [i for side in order for i in side]
    assert len(slots) % 4 == 0 and sorted(i for i in slots if i is not None) == list(range(pages))


def test_two_up_puts_two_copies_on_each_sheet(event_build):
    reader = PdfReader(str(event_build["handout-2up"]))
    width = float(reader.pages[0].mediabox.width)
    assert size(event_build["handout-2up"]) == (A4[1], A4[0])
    assert len(reader.pages) <= 2, "one sheet, both sides"
    for page in reader.pages:
        parts = {0: [], 1: []}
        page.extract_text(visitor_text=lambda text, cm, tm, *_: parts[int((cm[4] + tm[4]) >= width / 2)].append(text))
        left, right = normalise("".join(parts[0])), normalise("".join(parts[1]))
        assert left and left == right
    cards = PdfReader(str(event_build["feedback"]))
    assert len(cards.pages) == 1 and contains(cards.pages[0].extract_text(), "December Screening")


def test_facilitator_packet_is_duplex_ready(event_build):
    pages = [p.extract_text() or "" for p in PdfReader(str(event_build["facilitator"])).pages]
    assert len(pages) % 2 == 0
    for chapter in ("Questions, Follow-ups and Notes", "Background from the Director"):
        number = next(i for i, text in enumerate(pages, start=1) if chapter in text)
        assert number % 2 == 1, f"{chapter} starts on a right-hand (odd) page, not page {number}"


def test_forms_are_prefilled_with_the_event(event_build):
    pages = [p.extract_text() or "" for p in PdfReader(str(event_build["facilitator"])).pages]
    sign_in = next(t for t in pages if "Sign-in Sheet" in t)
    feedback = next(t for t in pages if "Feedback" in t and "excellent" in t)
    for form in (sign_in, feedback):
        assert contains(form, "December Screening") and contains(form, "12 December 2026")


def _qr_links(path):
    """(page index, rect, uri) for every square link annotation (the QR codes)."""
    found = []
    for index, page in enumerate(PdfReader(str(path)).pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            rect = [float(v) for v in annot["/Rect"]]
            if annot.get("/A") and abs((rect[2] - rect[0]) - (rect[3] - rect[1])) < 0.5:
                found.append((index, rect, annot["/A"]["/URI"]))
    return found


def _read_qr(path, index, rect, modules):
    """Sample the rendered QR code module by module (dark = True)."""
    import pypdfium2 as pdfium

    scale = 6
    pdf = pdfium.PdfDocument(str(path))
    image = pdf[index].render(scale=scale).to_pil().convert("L")
    height = float(pdf[index].get_height())
    x0, y0, x1, y1 = rect
    step = (x1 - x0) / modules
    return [[image.getpixel((int((x0 + (c + 0.5) * step) * scale), int((height - (y1 - (r + 0.5) * step)) * scale))) < 128
             for c in range(modules)] for r in range(modules)]


def test_every_url_in_the_handout_has_a_qr_code_that_encodes_it(tmp_path):
    data = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    data["ways_to_influence"][2]["url"] = "https://example.org/china-migrant-justice?ref=kit&lang=en"
    edited = tmp_path / "kit.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    handout = run_cli("build", edited, "--out", tmp_path, "--layout", "handout")
    assert handout.exit_code == 0, handout.output
    path = Path(handout.stdout.split()[0])
    codes = _qr_links(path)
    urls = {uri for _, _, uri in codes}
    assert urls == {"https://example.org/china-migrant-justice?ref=kit&lang=en", "https://www.influencefilmclub.com"}
    assert contains(pdf_text(path), "example.org/china-migrant-justice?ref=kit&lang=en"), "the URL is printed too"
    for index, rect, uri in codes:
        expected = qr_matrix(uri)
        assert _read_qr(path, index, rect, len(expected)) == expected, uri


def test_bleed_and_crop_marks_set_trim_and_bleed_boxes(tmp_path):
    out = build(tmp_path, "--layout", "facilitator", "--bleed", "3mm", "--crop-marks")
    page = PdfReader(str(out["facilitator"])).pages[0]
    mm = 72 / 25.4
    offset = 3 * mm + 10 * mm
    trim = [round(float(v), 2) for v in page.trimbox]
    bleed = [round(float(v), 2) for v in page.bleedbox]
    assert trim == [round(v, 2) for v in (offset, offset, offset + 612, offset + 792)]
    assert bleed == [round(v, 2) for v in (offset - 3 * mm, offset - 3 * mm, offset + 612 + 3 * mm, offset + 792 + 3 * mm)]
    assert [round(float(v), 2) for v in page.mediabox] == [0, 0, round(612 + 2 * offset, 2), round(792 + 2 * offset, 2)]
    # the cover's colour band runs into the bleed above the trim edge
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(out["facilitator"]))
    image = pdf[0].render(scale=2).to_pil().convert("RGB")
    x = int((offset + 306) * 2)
    y_in_bleed = int((10 * mm + 1.5 * mm) * 2)
    y_outside = int((10 * mm - 3 * mm) * 2)
    assert image.getpixel((x, y_in_bleed)) != (255, 255, 255)
    assert image.getpixel((x, y_outside)) == (255, 255, 255)


def test_grayscale_has_no_colour_anywhere(tmp_path):
    out = build(tmp_path, "--event", EVENT, "--layout", "guide", "--grayscale")
    colours = _colours(out["guide"])
    assert colours and all(max(c) - min(c) <= 1 for c in colours), colours
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(str(out["guide"]))[0].render(scale=1).to_pil().convert("RGB")
    pixels = image.tobytes()
    assert all(max(pixels[i:i + 3]) - min(pixels[i:i + 3]) <= 8 for i in range(0, len(pixels), 3)), "the logo is gray too"
    assert contains(pdf_text(out["guide"]), kit.film.title)


def test_large_print_is_16_pt_or_more_and_high_contrast(event_build):
    chars = [c for c in _chars(event_build["large-print"]) if c["text"].strip()]
    assert min(c["size"] for c in chars) >= 16 - 0.01
    body = [c for c in chars if "Serif" in c["fontname"]]
    assert max(c["size"] for c in body) >= 18
    colours = {tuple(round(v, 2) for v in (c["non_stroking_color"] or (0,))) for c in chars}
    assert colours <= {(0.0,), (0.0, 0.0, 0.0)}, colours
    # (the event's accent colour would have coloured the headings: all text is black instead)


def test_set_rejects_bad_values_like_the_event_file(tmp_path):
    result = run_cli("build", KIT, "--out", tmp_path, "--set", "paper=a3")
    assert result.exit_code == 1 and "--set" in result.output and "letter" in result.output
    result = run_cli("build", KIT, "--out", tmp_path, "--set", "colors.acent=#444444")
    assert result.exit_code == 1 and "accent" in result.output
    assert not list(tmp_path.rglob("*.pdf"))
