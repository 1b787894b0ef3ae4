"""The neutral document (block tree) and labels as data (issue 8)."""

from pathlib import Path

import pytest

from conftest import KIT, run_cli
from kitbuilder.compose.blocks import Heading, ItemList, Link, QrCode, WithQr, walk
from kitbuilder.compose.composition import compose, select_questions
from kitbuilder.compose.context import COMPOSERS, href
from kitbuilder.compose.document import build_document, content_items
from kitbuilder.compose.dates import readable_date
from kitbuilder.compose.labels import Labels, shipped_labels
from kitbuilder.model.event import Event, load_event
from kitbuilder.model.kit import load_kit, paragraphs
from kitbuilder.model.layout import available_layouts, load_layout
from kitbuilder.render.pdf.flowables import QrCode as QrFlowable
from kitbuilder.render.pdf.mapping import PdfMapper
from pdfread import body_text, normalise, pdf_text

ROOT = Path(__file__).resolve().parent.parent
EVENT = ROOT / "events" / "example-club.yaml"
SHIPPED = [name for name in available_layouts() if not name.startswith("_")]


def document_for(layout_name: str, event: Event | None = None, kit_path: Path = KIT):
    comp = compose(load_kit(kit_path), event or Event(), load_layout(layout_name))
    return build_document(comp)


def headings(document) -> list[str]:
    return [block.text for block in walk(document) if isinstance(block, Heading)]


@pytest.mark.parametrize("with_event", [False, True])
@pytest.mark.parametrize("layout_name", SHIPPED)
def test_every_content_item_of_the_kit_is_in_the_tree(layout_name, with_event):
    kit = load_kit(KIT)
    event = load_event(EVENT) if with_event else Event()
    document = document_for(layout_name, event)
    items = dict(content_items(document))
    types = {section.type for section in load_layout(layout_name).sections}
    expected = {}
    if types & {"title_block", "cover"}:
        expected["film.title"] = kit.film.title
    if "summary" in types:
        expected.update({f"summary#{i}": p for i, p in enumerate(paragraphs(kit.summary))})
    if "questions" in types:
        expected.update({f"questions[{q.number}].text": q.text for q in select_questions(kit, event)})
    if "ways_to_influence" in types:
        expected.update({f"ways_to_influence[{i}].url": w.url
                         for i, w in enumerate(kit.ways_to_influence, 1) if w.url})
    if "facts" in types:
        expected.update({f"facts[{i}].source": f.source for i, f in enumerate(kit.facts, 1) if f.source})
    for key, text in expected.items():
        assert key in items, f"{layout_name}: {key} missing from the document"
        assert normalise(items[key]) == normalise(text.replace("*", "")), key
    assert document.lang == "en"
    assert all(section.type in COMPOSERS for section in document.sections)


def test_the_pdf_shows_every_content_item_of_its_document(tmp_path):
    assert run_cli("build", KIT, "--event", EVENT, "--layout", "guide", "--layout", "facilitator",
                   "--out", tmp_path).exit_code == 0
    event = load_event(EVENT)
    for name in ("guide", "facilitator"):
        text = normalise(body_text(tmp_path / KIT.stem / EVENT.stem / f"{name}.pdf"))
        lost = [key for key, shown in content_items(document_for(name, event)) if normalise(shown) not in text]
        assert lost == [], f"{name}: {lost}"


def test_labels_come_from_the_shipped_data():
    labels = shipped_labels("en")
    guide = headings(document_for("guide"))
    assert labels["heading.summary"] in guide and labels["heading.themes"] in guide
    facilitator = document_for("facilitator", load_event(EVENT))
    assert labels["heading.director_qa"] in headings(facilitator)
    details = [p.text for p in walk(facilitator) if getattr(p, "key", None) == "film.details"]
    assert details and details[0].startswith(labels["film.directed_by"].split("{")[0])


def test_readable_date_is_written_in_the_labels_language():
    assert readable_date("2026-12-12", Labels()) == "Saturday, 12 December 2026"
    assert readable_date("soon", Labels()) == "soon"
    assert readable_date("2026-12-12", Labels(language="fr")) == "samedi 12 décembre 2026"


def write_layout(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_layout_labels_override_changes_the_printed_heading(tmp_path):
    base = write_layout(tmp_path, "our-guide", "extends: guide\nlabels:\n  heading.summary: Our Story\n"
                        "  fact.source: \"From: {source}\"\n")
    child = write_layout(tmp_path, "our-child", "extends: our-guide\n")  # inherited through extends:
    for layout in (base, child):
        out = tmp_path / layout.stem
        result = run_cli("build", KIT, "--layout", layout, "--out", out)
        assert result.exit_code == 0, result.output
        text = pdf_text(out / KIT.stem / f"{layout.stem}.pdf")
        assert "Our Story" in text and "Film Summary" not in text
        assert "From:" in text and "Source:" not in text


def test_a_label_with_an_unknown_placeholder_is_refused(tmp_path):
    layout = write_layout(tmp_path, "bad", "extends: guide\nlabels:\n  film.directed_by: By {film.directr}\n")
    result = run_cli("build", KIT, "--layout", layout, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "bad.yaml:3:" in result.output and "film.director" in result.output


def kit_with_addresses(tmp_path: Path) -> Path:
    text = KIT.read_text(encoding="utf-8").replace("ways_to_influence:", (
        "ways_to_influence:\n"
        "  - text: Write to the club.\n"
        "    url: mailto:club@example.org\n"
        "  - text: Read more.\n"
        "    url: example.org/more\n"), 1)
    path = tmp_path / "addresses.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_email_qr_code_and_link_lead_to_mailto(tmp_path):
    assert href("mailto:club@example.org") == "mailto:club@example.org"
    assert href("example.org/more") == "https://example.org/more"
    assert href("http://example.org") == "http://example.org"
    comp = compose(load_kit(kit_with_addresses(tmp_path)), Event(), load_layout("handout"))
    document = build_document(comp)
    codes = {block.url: block.href for block in walk(document) if isinstance(block, QrCode)}
    links = {block.url: block.href for block in walk(document) if isinstance(block, Link)}
    assert codes["mailto:club@example.org"] == links["mailto:club@example.org"] == "mailto:club@example.org"
    assert codes["example.org/more"] == links["example.org/more"] == "https://example.org/more"
    mapper = PdfMapper(comp)
    drawn = [mapper.map_QrCode(block)[0] for block in walk(document) if isinstance(block, QrCode)]
    assert all(isinstance(f, QrFlowable) for f in drawn)
    assert "mailto:club@example.org" in [f.payload for f in drawn]
    assert not any(f.payload.startswith("https://mailto:") for f in drawn)


def test_feedback_form_and_card_are_one_composer_with_two_headings():
    assert COMPOSERS["feedback_form"] is COMPOSERS["feedback_card"]
    labels = shipped_labels("en")
    facilitator = headings(document_for("facilitator"))
    assert labels["heading.feedback_form"] in facilitator


def test_questions_are_numbered_from_one_when_an_event_chooses_some(tmp_path):
    event_file = tmp_path / "pick.yaml"
    event_file.write_text("host: A club\nquestions: [2, 5]\n", encoding="utf-8")
    document = document_for("handout", load_event(event_file))
    lists = [b for b in walk(document) if isinstance(b, ItemList) and b.style == "question"]
    assert lists and lists[0].numbers == (1, 2)  # participants see no gap; the facilitator packet gives (kit 5)
    with_qr = [b for b in walk(document) if isinstance(b, WithQr)]
    assert with_qr, "the handout prints QR codes for its addresses"
