"""PDF hygiene for preflight, read back with pypdf: document information, XMP, /Lang,
DisplayDocTitle and an outline with levels, on plain and on imposed PDFs; fonts all
embedded and all used."""

import re

import pytest
import yaml
from pypdf import PdfReader

from conftest import EVENT, KIT
from conftest import build_pdfs as build


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("meta")
    layouts = ["guide", "handout", "facilitator", "booklet", "handout-2up", "feedback"]
    return build(out, *[a for name in layouts for a in ("--layout", name)], "--bleed", "3mm", "--crop-marks")


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every outline entry, in order."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item)))
    walk(reader.outline, 0)
    return found


@pytest.mark.parametrize("name", ["guide", "booklet", "handout-2up", "feedback"])
def test_every_pdf_has_lang_xmp_and_shows_its_title(pdfs, name):
    reader = PdfReader(str(pdfs[name]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf BooleanObject)
    info, xmp = reader.metadata, reader.xmp_metadata
    assert root["/Metadata"]["/Type"] == "/Metadata" and root["/Metadata"]["/Subtype"] == "/XML"
    assert xmp.dc_title == {"x-default": info.title} and "Last Train Home" in info.title
    assert xmp.dc_creator == [info.author] == ["Influence Film Club"]
    assert xmp.dc_language == ["en"]
    assert xmp.pdf_producer == info.producer and "kitbuilder" in info.producer
    assert xmp.pdf_keywords == info["/Keywords"]
    assert xmp.xmp_create_date == info.creation_date.replace(tzinfo=None) and xmp.xmp_modify_date is not None


def test_imposed_pdfs_ask_for_short_edge_duplex(pdfs):
    for name in ("booklet", "handout-2up"):
        preferences = PdfReader(str(pdfs[name])).trailer["/Root"]["/ViewerPreferences"]
        assert preferences["/Duplex"] == "/DuplexFlipShortEdge"


def test_keywords_name_the_layout(pdfs):
    guide, handout = PdfReader(str(pdfs["guide"])).metadata, PdfReader(str(pdfs["handout"])).metadata
    for meta, title in ((guide, "Discussion Guide"), (handout, "Discussion Handout")):
        keywords = [k.strip() for k in meta["/Keywords"].split(",")]
        assert keywords[0] == title and "Last Train Home" in keywords
        assert len(keywords) == len(set(keywords))
    assert guide["/Keywords"] != handout["/Keywords"], "keywords per layout"


def test_outline_has_chapters_and_their_sections(pdfs):
    guide = outline(PdfReader(str(pdfs["guide"])))
    assert guide[0][:2] == (0, "Discussion Guide")
    assert [level for level, _, _ in guide[1:]] == [1] * (len(guide) - 1), "the guide's sections under its title"
    assert "Film Summary" in [title for _, title, _ in guide]
    packet = outline(PdfReader(str(pdfs["facilitator"])))
    chapters = [title for level, title, _ in packet if level == 0]
    expected = ["Facilitator Packet", "Discussion Guide", "Questions, Follow-ups and Notes", "Sign-in Sheet"]
    assert [title for title in chapters if title in expected] == expected  # (Notes pages may come between)
    under_guide = packet[[t for _, t, _ in packet].index("Discussion Guide") + 1]
    assert under_guide[0] == 1 and under_guide[1] == "Film Summary"
    small = {"a", "an", "and", "the", "of", "for", "to", "from", "in", "on", "with", "by", "at", "or", "this"}
    for level, title, _ in guide + packet:  # one capitalisation: English title case
        words = [w for w in re.findall(r"[^\s,\u2014]+", title)][1:]
        assert all(w[0].isupper() or w in small for w in words), f"outline entry {title!r}"


def test_imposed_outline_points_at_the_sheets(pdfs):
    flat = outline(PdfReader(str(pdfs["guide"])))
    reader = PdfReader(str(pdfs["booklet"]))
    imposed = outline(reader)
    assert [(level, title) for level, title, _ in imposed] == [(level, title) for level, title, _ in flat]
    sheets = len(reader.pages)
    assert all(0 <= sheet < sheets for _, _, sheet in imposed)
    assert imposed[0][2] == 0, "page 1 is on the first sheet"
    summary = next(sheet for _, title, sheet in imposed if title == "Film Summary")
    text = reader.pages[summary].extract_text()
    assert "Film Summary" in text or "FILM SUMMARY" in text
    two_up = outline(PdfReader(str(pdfs["handout-2up"])))
    assert two_up and all(sheet in (0, 1) for _, _, sheet in two_up)


@pytest.fixture(scope="module")
def with_svg_logo(tmp_path_factory):
    """Imposed layouts with the example event's SVG logo (svglib drawings once brought a stray Helvetica)."""
    return build(tmp_path_factory.mktemp("logo"), "--event", EVENT, "--layout", "handout-2up", "--layout", "feedback")


def test_fonts_are_embedded_and_used(pdfs, with_svg_logo):
    for name, path in list(pdfs.items()) + [("event " + k, v) for k, v in with_svg_logo.items()]:
        listed, used = {}, set()
        for page in PdfReader(str(path)).pages:
            content = page.get_contents().get_data().decode("latin-1")
            for key, font in page["/Resources"].get("/Font", {}).items():
                font = font.get_object()
                listed[font["/BaseFont"]] = font
                if re.search(re.escape(key) + r"\s+[\d.]+\s+Tf", content):
                    used.add(font["/BaseFont"])
        assert listed, name
        for base, font in listed.items():
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = (descendant.get("/FontDescriptor") or {}).get_object() if "/FontDescriptor" in descendant else {}
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name}: {base} not embedded"
        assert set(listed) == used, f"{name}: fonts listed but never drawn: {set(listed) - used}"


def test_author_is_the_presenting_organisation_never_the_director(tmp_path):
    data = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    del data["about"]
    kit = tmp_path / "no-about.yaml"
    kit.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plain = build(tmp_path / "out", "--layout", "handout", kit=kit)
    meta = PdfReader(str(plain["handout"])).metadata
    assert not meta.author and "Lixin Fan" not in (meta.author or "")
    assert PdfReader(str(plain["handout"])).xmp_metadata.dc_creator in (None, [])
    hosted = build(tmp_path / "out2", "--layout", "handout", "--event", EVENT, kit=kit)
    assert PdfReader(str(hosted["handout"])).metadata.author == yaml.safe_load(EVENT.read_text())["host"]
