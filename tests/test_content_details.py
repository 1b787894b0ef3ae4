"""Content details a print designer checks (issue 10, defects 5, 6, 7 and 12): question
numbers with an event, logos of any shape, the film's details said once, QR code size."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from conftest import EVENT, KIT, run_cli
from pdfread import pdf_text
from kitbuilder.compose.qr import MIN_MODULE, qr_matrix
from kitbuilder.compose.sections.title_block import LOGO_HEIGHT, LOGO_WIDTH
from kitbuilder.units import MM

PRINTED = ["handout", "guide", "handout-2up", "booklet", "large-print"]
TOLERANCE = 0.6  # points: rounding in the PDF's numbers


def _event_with_logo(folder: Path, logo: str, **changes) -> Path:
    data = yaml.safe_load(EVENT.read_text(encoding="utf-8"))
    data.update(logo=logo, **changes)
    path = folder / "event.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _build(tmp_path: Path, kit: Path, *args) -> dict[str, Path]:
    result = run_cli("build", kit, "--out", tmp_path / "out", *args)
    assert result.exit_code == 0, result.output
    return {Path(line).stem: Path(line) for line in result.stdout.split()}


def _overlaps(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] - TOLERANCE and b["x0"] < a["x1"] - TOLERANCE and \
        a["top"] < b["bottom"] - TOLERANCE and b["top"] < a["bottom"] - TOLERANCE


# --- defect 6: logos of any shape -------------------------------------------------------

@pytest.mark.parametrize("size", [(500, 100), (100, 500)], ids=["wide-banner", "tall"])
def test_a_logo_of_any_shape_fits_its_box_and_never_covers_text(tmp_path, size):
    from PIL import Image

    Image.new("RGB", size, (200, 40, 40)).save(tmp_path / "logo.png")
    event = _event_with_logo(tmp_path, "logo.png", questions=[1, 2, 5])  # the 2-up's two pages hold three
    layouts = [arg for name in PRINTED for arg in ("--layout", name)]
    built = _build(tmp_path, KIT, "--event", event, *layouts)
    assert set(built) == set(PRINTED)
    for name, path in built.items():
        logos = 0
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                for image in page.images:
                    logos += 1
                    where = f"{name} page {number}"
                    width, height = image["x1"] - image["x0"], image["bottom"] - image["top"]
                    assert width / height == pytest.approx(size[0] / size[1], rel=0.02), f"{where}: proportions kept"
                    assert 0 <= image["x0"] and image["x1"] <= page.width and 0 <= image["top"], where
                    assert image["bottom"] <= page.height, where
                    if number == 1 and name != "booklet":  # beside the title: in the title's logo box
                        assert width <= LOGO_WIDTH + TOLERANCE and height <= LOGO_HEIGHT + TOLERANCE, where
                        assert max(width / LOGO_WIDTH, height / LOGO_HEIGHT) == pytest.approx(1, abs=0.02), \
                            f"{where}: fills its box by width or by height"
                    covered = [c["text"] for c in page.chars if c["text"].strip() and _overlaps(c, image)]
                    assert not covered, f"{where}: the logo covers {''.join(covered)!r}"
        assert logos, f"{name} prints the club's logo"
        assert "Last Train Home" in pdf_text(path).replace("\n", " "), name


def test_a_banner_is_drawn_within_its_box_in_the_html_edition(tmp_path):
    from PIL import Image

    Image.new("RGB", (500, 100), (200, 40, 40)).save(tmp_path / "logo.png")
    event = _event_with_logo(tmp_path, "logo.png")
    built = _build(tmp_path, KIT, "--event", event, "--layout", "handout", "--format", "html")
    page = built["handout"].read_text(encoding="utf-8")
    tag = page[page.index('<img class="logo'):]
    style = tag[tag.index('style="') + 7:].split('"', 1)[0]
    assert "max-height" in style and "max-width" in style, style


# --- defect 5: event questions numbered 1 ... n -----------------------------------------

def test_an_events_questions_are_numbered_from_one_and_the_packet_gives_the_kits_number(tmp_path):
    built = _build(tmp_path, KIT, "--event", EVENT, "--layout", "handout", "--layout", "facilitator")
    kit = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    chosen = [1, 2, 3, 5, 7, 10]
    assert yaml.safe_load(EVENT.read_text(encoding="utf-8"))["questions"] == chosen
    for name, path in built.items():
        with pdfplumber.open(path) as pdf:
            lines = [line.strip() for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
        for shown, number in enumerate(chosen, start=1):
            start = " ".join(kit["questions"][number - 1]["text"].split()[:4])
            found = [line for line in lines if start in line]
            assert found, f"{name}: question {number} printed"
            expected = f"{shown}." if name == "handout" or shown == number else f"{shown}. (kit {number})"
            assert found[0].startswith(expected), f"{name}: {found[0]!r} should start {expected!r}"
        assert not any(line.startswith(("7.", "10.")) for line in lines if "kit" not in line.casefold() and
                       any(" ".join(q["text"].split()[:4]) in line for q in kit["questions"])), name


# --- defect 7: the film's details said once, runtime called Runtime ---------------------

def _words(path: Path, page_number: int = 0) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return pdf.pages[page_number].extract_words(keep_blank_chars=False)


def test_the_guide_says_the_films_details_once_with_runtime(tmp_path):
    guide = _build(tmp_path, KIT, "--event", EVENT, "--layout", "guide")["guide"]
    text = pdf_text(guide)
    assert "Directed by" not in text, "the film panel holds director, year and runtime"
    assert text.count("85 min") == 1
    words = _words(guide)
    line_of = {w["text"]: w for w in reversed(words)}  # each word's first occurrence
    assert "Runtime" in line_of, "the film's length is its runtime"
    time = [w for w in words if w["text"] == "Time"]
    assert len(time) == 1 and abs(time[0]["top"] - line_of["7:00"]["top"]) < 2, "Time is the screening's only"
    content, note = line_of["Content"], line_of["note"]
    assert abs(content["top"] - note["top"]) < 1, "the label 'Content note' is on one line"


def test_the_screening_and_film_panels_in_one_column_share_their_label_column(tmp_path):
    layout = tmp_path / "details.yaml"
    layout.write_text("extends: _base\ndescription: Details panels.\ntitle: Details\n"
                      "labels: {event.accessibility: Access for wheelchair users}\n"
                      "sections: [{type: title_block, event: false}, event_details, film_details]\n", encoding="utf-8")
    built = _build(tmp_path, KIT, "--event", EVENT, "--layout", layout)
    words = _words(built["details"])
    line_of = {w["text"]: w for w in reversed(words)}
    screening_value, film_value = line_of["December"], line_of["Lixin"]
    assert screening_value["x0"] == pytest.approx(film_value["x0"], abs=0.5), "the values line up"
    label = [w for w in words if w["text"] in ("Access", "wheelchair", "users")]
    assert len({round(w["top"]) for w in label}) == 1, "the longest label is on one line"
    assert max(w["x1"] for w in label) < screening_value["x0"]


def test_the_handout_says_them_under_the_title(tmp_path):
    handout = _build(tmp_path, KIT, "--layout", "handout")["handout"]
    assert pdf_text(handout).count("Directed by Lixin Fan") == 1


def test_an_original_title_equal_to_the_title_prints_once(tmp_path):
    data = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    data["film"]["original_title"] = " last train  HOME "
    kit = tmp_path / "kit.yaml"
    kit.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    built = _build(tmp_path, kit, "--layout", "handout", "--layout", "facilitator")
    for name in built:
        first = PdfReader(str(built[name])).pages[0].extract_text().casefold().splitlines()
        assert [line.strip() for line in first].count("last train home") == 1, (name, first[:6])


# --- defect 12: QR codes sized by their module count ------------------------------------

def test_a_qr_code_for_a_long_address_has_modules_of_half_a_millimetre(tmp_path):
    url = "https://example.org/screening-guides/long-road-to-transparent-supply-chains/"
    url += "k" * (150 - len(url))
    assert len(url) == 150
    data = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    data["ways_to_influence"][2]["url"] = url
    kit = tmp_path / "kit.yaml"
    kit.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    built = _build(tmp_path, kit, "--layout", "handout", "--format", "pdf,html")
    handout = built["handout"].with_suffix(".pdf")  # and the HTML edition beside it
    codes = []
    for index, page in enumerate(PdfReader(str(handout)).pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            rect = [float(v) for v in annot["/Rect"]]
            if annot.get("/A") and abs((rect[2] - rect[0]) - (rect[3] - rect[1])) < 0.5:
                codes.append((index, rect, str(annot["/A"]["/URI"])))
    long_code = [c for c in codes if c[2] == url]
    assert long_code, "the long address has its QR code"
    index, rect, _ = long_code[0]
    modules = len(qr_matrix(url))
    module = (rect[2] - rect[0]) / modules
    assert module >= MIN_MODULE - 0.01 and MIN_MODULE == pytest.approx(0.5 * MM)
    assert modules <= 45, "a long address is encoded at level L (fewer, larger modules)"
    page_html = handout.with_suffix(".html").read_text(encoding="utf-8")
    widths = [float(mm) for mm in re.findall(r'<div class="qr" style="width:max\(6rem,([\d.]+)mm\)">', page_html)]
    assert max(widths) >= (modules + 8) * 0.5 - 0.05, "printed from a browser, modules of 0.5 mm too"
    with pdfplumber.open(handout) as pdf:
        page = pdf.pages[index]
        quiet = 4 * module
        box = {"x0": rect[0] - quiet, "x1": rect[2] + quiet,
               "top": page.height - rect[3] - quiet, "bottom": page.height - rect[1] + quiet}
        covered = [c["text"] for c in page.chars if c["text"].strip() and _overlaps(c, box)]
        assert not covered, f"text in the QR code or its quiet zone: {''.join(covered)!r}"


def test_a_short_address_keeps_error_correction_m_at_the_usual_size():
    from reportlab.graphics.barcode import qrencoder

    url = "https://www.influencefilmclub.com"
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    assert len(qr_matrix(url)) == code.getModuleCount()
