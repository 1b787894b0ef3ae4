"""The Last Train Home kit, built with the three default layouts and read back."""

import pytest
from pypdf import PdfReader

from conftest import KIT
from kitbuilder.model.kit import load_kit, paragraphs
from kitbuilder.render.pdf.markup import plain
from pdfread import body_text, contains, embedded_fonts, normalise, page_count, pdf_text

kit = load_kit(KIT)


def participant_items():
    film = kit.film
    items = [film.title, film.director, *paragraphs(kit.summary)]
    items += [t.title for t in kit.themes.items]
    items += [q.text for q in kit.questions]
    items += [w.text for w in kit.ways_to_influence]
    return items


def guide_items():
    film = kit.film
    items = participant_items() + [film.original_title, film.director_note, str(film.year),
                                   f"{film.runtime_minutes} min"]
    items += paragraphs(kit.themes.intro)
    items += [p for t in kit.themes.items for p in paragraphs(t.body)]
    items += [kit.quote.text, kit.quote.attribution]
    items += [f.text for f in kit.facts] + [f.source for f in kit.facts if f.source]
    items += [kit.about.name, kit.about.tagline, kit.about.url, *paragraphs(kit.about.text)]
    return items


def facilitator_only_items():
    items = [f for q in kit.questions for f in q.follow_ups] + [q.notes for q in kit.questions if q.notes]
    items += list(kit.facilitator.notes)
    qa = kit.facilitator.director_qa
    items.append(qa.source)
    for item in qa.items:
        items += [item.question, item.asked_by, *paragraphs(item.answer)]
    return items


def missing(path, items):
    text = normalise(body_text(path))
    return [plain(i) for i in items if normalise(plain(i)) not in text]


def test_handout_shows_every_participant_item(built):
    assert missing(built["handout"], participant_items()) == []


def test_guide_shows_everything_but_facilitator_material(built):
    assert missing(built["guide"], guide_items()) == []
    text = normalise(pdf_text(built["guide"]))
    leaked = [i for i in facilitator_only_items() if len(i) > 20 and normalise(plain(i)) in text]
    assert leaked == []


def test_facilitator_packet_shows_everything(built):
    assert missing(built["facilitator"], guide_items() + facilitator_only_items()) == []


def test_handout_is_one_double_sided_sheet(built):
    assert page_count(built["handout"]) <= 2


def test_facilitator_packet_has_cover_how_to_and_notes_page(built):
    reader = PdfReader(str(built["facilitator"]))
    first = reader.pages[0].extract_text()
    assert contains(first, "Facilitator Packet") and "Last Train Home" in first
    assert "not for distribution" not in first, "the cover carries no running footer"
    full = pdf_text(built["facilitator"])
    assert contains(full, "How to Use This Packet") and contains(full, "Ground Rules")
    pages = [page.extract_text() or "" for page in reader.pages]
    assert any(text.rstrip().endswith("Notes") for text in pages), "a lined page headed Notes"
    assert any("Sign-in Sheet" in text for text in pages) and any("Feedback" in text for text in pages)
    assert len(reader.pages) % 2 == 0, "the packet pads to an even page count for duplex printing"


@pytest.mark.parametrize("layout", ["handout", "guide", "facilitator"])
def test_fonts_are_embedded_and_cover_the_chinese_title(built, layout):
    fonts = embedded_fonts(built[layout])
    assert fonts and all(fonts.values()), fonts
    assert any("NotoSerif" in name for name in fonts)
    if layout != "handout" or kit.film.original_title:
        assert "归途列车" in pdf_text(built[layout])
        assert any("DroidSansFallback" in name for name in fonts)


@pytest.mark.parametrize("layout", ["handout", "guide", "facilitator"])
def test_metadata_outline_and_links(built, layout):
    reader = PdfReader(str(built[layout]))
    meta = reader.metadata
    assert "Last Train Home" in meta.title
    assert meta.author and meta.subject and "Lixin Fan" in meta.subject
    assert reader.trailer["/Root"].get("/Lang") == "en"
    outline_titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline_titles, "the PDF has an outline of its sections"
    uris = [annot.get_object()["/A"].get("/URI") for page in reader.pages for annot in page.get("/Annots") or []
            if annot.get_object().get("/Subtype") == "/Link" and "/A" in annot.get_object()]
    assert "https://www.influencefilmclub.com" in uris


def test_guide_outline_names_its_sections(built):
    reader = PdfReader(str(built["guide"]))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    titles += [item.title for group in reader.outline if isinstance(group, list) for item in group]  # a level down
    for expected in ("Film Summary", "Film Themes", "Further Discussions", "Film Facts", "Ways to Influence"):
        assert expected in titles


def test_questions_are_numbered_in_the_guide(built):
    text = pdf_text(built["guide"])
    for number, question in enumerate(kit.questions, start=1):
        words = plain(question.text).split()[:3]
        assert contains(text, f"{number}. {' '.join(words)}") or contains(text, f"{number}.{' '.join(words)}")
