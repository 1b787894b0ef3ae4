"""Typography per language (compose/typography.py, labels/_typography.yaml): quotation
marks, apostrophes, ellipses, no-break spaces, French spacing, CJK line breaking,
addresses that break only after / . - @, and right-to-left text refused by field."""

from __future__ import annotations

import functools
import re
import unicodedata
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

import kitbuilder
import kitbuilder.labels

from kitbuilder.build import BuildOptions, prepare, render_fitted
from kitbuilder.compose.blocks import Heading, Para, walk
from kitbuilder.compose.document import build_document
from kitbuilder.compose.cjk import is_cjk
from kitbuilder.compose.marks import NNBSP
from kitbuilder.compose.nobreak import NBSP
from kitbuilder.compose.typography import rules_for, typeset

from hostile import assert_refused, run_child
from pdfread import as_typed

KITS = Path(__file__).parent / "kits"
LABELS = Path(kitbuilder.labels.__file__).parent
ROOT = Path(__file__).parent.parent
CJK_NO_LINE_START = "，。、：；！？）」』"
FRENCH_NO_LINE_START = "?!:;»"
LONG_URL = "https://long-road-to-transparent-reporting.example.org/dossiers/le-dernier-train-discussion.html"


def compositions(kit: Path, language: str, layouts=("guide",)):
    """The kit composed for ``layouts`` with the test event (the kit names ``language``)."""
    comps = prepare(kit, BuildOptions(layouts=list(layouts), event_path=KITS / "typo-event.yaml"))
    assert all(comp.labels.language == language and comp.styles.language == language for comp in comps)
    return comps


@functools.cache
def built(kit_name: str, language: str, layout: str = "guide", folder: str = "") -> tuple[Path, object, tuple[str, str]]:
    comp = compositions(KITS / kit_name, language, (layout,))[0]
    document = build_document(comp)
    out = Path(folder) / f"{Path(kit_name).stem}-{language}-{layout}.pdf"
    out.write_bytes(render_fitted(comp, document).data)
    return out, document, (comp.labels.text("quote.open"), comp.labels.text("quote.close"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("typography"))


def texts(document) -> list[str]:
    return [b.text for b in walk(document) if isinstance(b, (Para, Heading))]


def baseline(char: dict) -> int:
    """The baseline a character is drawn on (its box's bottom depends on its size: a fine
    space is set smaller than the letters around it)."""
    return round(char["matrix"][5])


def rows_by_baseline(page) -> list[list]:
    """The page's characters by baseline, each row left to right (rows in drawing order)."""
    rows: dict[int, list] = {}
    for char in page.chars:
        rows.setdefault(baseline(char), []).append(char)
    return [sorted(row, key=lambda c: c["x0"]) for row in rows.values()]


def line_segments(path: Path) -> list[str]:
    """Every line of text as drawn, a column at a time: characters on one baseline, split where
    a gap wider than two ems separates them (side-by-side columns, a sidebar)."""
    segments = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for row in rows_by_baseline(page):
                current = ""
                for previous, char in zip([None] + row[:-1], row):
                    if previous is not None and char["x0"] - previous["x1"] > 2 * char["size"]:
                        segments.append(current)
                        current = ""
                    current += char["text"]
                segments.append(current)
    return [s.strip() for s in segments if s.strip()]


# --- the rules, one text at a time ------------------------------------------------------

def test_english_quotes_apostrophes_and_ellipsis():
    en = rules_for("en")
    assert typeset('She said "don\'t go..." and left.', en) == "She said \u201cdon\u2019t go\u2026\u201d and left."
    assert typeset("the '90s and the Zhangs' home", en) == "the \u201990s and the Zhangs\u2019 home"


def test_addresses_are_never_changed():
    fr = rules_for("fr")
    text = "Voir https://example.org/a'b...c?x=1:2 ou club@example.org : merci !"
    out = typeset(text, fr)
    assert "https://example.org/a'b...c?x=1:2" in out and "club@example.org" in out
    assert out.endswith(f"club@example.org{NBSP}: merci{NNBSP}!")


def test_french_spacing():
    fr = rules_for("fr")
    assert typeset("mal à l'aise ?", fr) == f"mal à l\u2019aise{NNBSP}?"
    assert typeset('Il dit : "Non !" à 19:30', fr) == f"Il dit{NBSP}: \u00ab{NNBSP}Non{NNBSP}!{NNBSP}\u00bb à 19:30"
    assert typeset("«  rentrer  »", fr) == f"\u00ab{NNBSP}rentrer{NNBSP}\u00bb"
    assert typeset("Quoi ?!", fr) == f"Quoi{NNBSP}?!"


def test_german_and_japanese_marks():
    assert typeset('Qin sagt: "Ich will frei sein."', rules_for("de")) == "Qin sagt: \u201eIch will frei sein.\u201c"
    assert typeset('"帰る"とは', rules_for("ja")) == "\u300c帰る\u300dとは"
    assert rules_for("pt-BR").quotes == ("\u201c", "\u201d") and rules_for("pt").quotes == ("\u00ab", "\u00bb")
    assert rules_for("fr-CA").language == "fr-CA" and rules_for("fr-CA").space_before == ";:!?"
    assert rules_for("zh-Hans").cjk and not rules_for("xx").cjk


def test_numbers_dates_and_times_do_not_break():
    en = rules_for("en")
    assert typeset("It runs 85 min.", en) == f"It runs 85{NBSP}min."
    # a date never breaks inside, weekday included
    assert typeset("Saturday 12 December 2026, 7:30 pm at 12 Mill Lane", en) == \
        f"Saturday{NBSP}12{NBSP}December{NBSP}2026, 7:30{NBSP}pm at 12 Mill Lane"
    assert typeset("Saturday, December 12, 2026", en) == f"Saturday,{NBSP}December{NBSP}12,{NBSP}2026"
    assert typeset("samedi 12 décembre 2026, 19 h 30", rules_for("fr")) == \
        f"samedi{NBSP}12{NBSP}décembre{NBSP}2026, 19{NBSP}h{NBSP}30"
    assert typeset("Samstag, 12. Dezember 2026, 19:30 Uhr", rules_for("de")) == \
        f"Samstag,{NBSP}12.{NBSP}Dezember{NBSP}2026, 19:30{NBSP}Uhr"
    assert typeset("sábado, 12 de diciembre de 2026", rules_for("es")) == \
        f"sábado,{NBSP}12{NBSP}de{NBSP}diciembre{NBSP}de{NBSP}2026"


def test_a_number_binds_only_what_belongs_to_it():
    de = rules_for("de")
    assert typeset("Der Film lief 2026 um 19:30 Uhr, 2009 wurde er gedreht, Nr. 5 mit 85 Min. und 20 %", de) == \
        f"Der Film lief 2026 um 19:30{NBSP}Uhr, 2009 wurde er gedreht, Nr.{NBSP}5 mit 85{NBSP}Min. und 20{NBSP}%"
    assert typeset("130 million workers in 2009 went home at 12 Mill Lane", rules_for("en")) == \
        f"130{NBSP}million workers in 2009 went home at 12 Mill Lane"
    assert typeset("au 12 rue du Moulin, 3 euros", rules_for("fr")) == f"au 12 rue du Moulin, 3{NBSP}euros"


def test_a_word_initial_apostrophe_is_an_apostrophe():
    de = rules_for("de")
    assert typeset("Das ist 'ne Sache, 's ist so. Hab' ich gesagt. Er sagte 'nein' dazu.", de) == \
        "Das ist \u2019ne Sache, \u2019s ist so. Hab\u2019 ich gesagt. Er sagte \u201anein\u2018 dazu."
    assert typeset("rock 'n' roll and 'em, 'go home'", rules_for("en")) == \
        "rock \u2019n\u2019 roll and \u2019em, \u2018go home\u2019"


def gaps_before_punctuation(path: Path) -> dict[str, list[float]]:
    """The gap (points, from the letter before to the mark; per em of the text size) drawn
    before each ; : ! ? » and after each «, where a no-break space is drawn between them."""
    gaps: dict[str, list[float]] = {}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = page.chars
            for before, space, after in zip(chars, chars[1:], chars[2:]):
                mark = after["text"] if after["text"] in ";:!?\u00bb" else before["text"] if before["text"] == "\u00ab" else ""
                if space["text"] in " \u00a0" and mark in ";:!?\u00bb\u00ab" and baseline(before) == baseline(after):
                    gaps.setdefault(mark, []).append((after["x0"] - before["x1"]) / after["size"])
    return gaps


def test_french_fine_space_is_drawn_narrow_and_never_breaks(folder):
    path, _, _ = built("typo-fr.yaml", "fr", "guide", folder)
    gaps = gaps_before_punctuation(path)
    assert set(gaps) >= set(";:!?\u00ab\u00bb"), gaps
    for mark in ";!?\u00ab\u00bb":  # a fine space: 1.2 to 1.6 points at 10 points
        assert all(0.12 <= gap <= 0.16 for gap in gaps[mark]), (mark, gaps[mark])
    assert all(0.24 <= gap <= 0.28 for gap in gaps[":"]), gaps[":"]  # a full no-break space before a colon
    lines = line_segments(path)
    assert not [s for s in lines if s[0] in FRENCH_NO_LINE_START] and not [s for s in lines if s.endswith("\u00ab")]


# --- whole documents, read back from the PDF ---------------------------------------------

def test_french_guide(folder):
    path, document, marks = built("typo-fr.yaml", "fr", "guide", folder)
    composed = "\n".join(texts(document))
    # the quote typed in its own marks is not wrapped twice, nor left with the block scalar's newline
    quote = next(t for t in texts(document) if "Nous avons" in t)
    assert quote.count("\u00ab") + quote.count("\u201c") == 1 and quote.rstrip()[-1] in "\u00bb\u201d", quote
    assert f"gouvernement{NNBSP}!" in quote and " \u00bb" not in quote and " \u201d" not in quote
    opening, closing = marks  # the labels' marks (« » once the kit's language: fr gives French labels)
    opening, closing = opening.rstrip(), closing.lstrip()
    assert quote.startswith(opening + NNBSP * (opening == "\u00ab") + "Nous avons"), quote
    assert quote.endswith(f"gouvernement{NNBSP}!" + NNBSP * (closing == "\u00bb") + closing), quote
    assert opening == "\u00ab" and closing == "\u00bb"  # the kit says language: fr
    assert "c\u2019est" in composed and "Oui\u2026" in composed and "19:30" in composed
    assert LONG_URL in composed.replace("\n", "")
    segments = line_segments(path)
    starts = [s for s in segments if s[0] in FRENCH_NO_LINE_START]
    assert not starts, starts
    assert not any(s.endswith(("85", "130", "19")) for s in segments)
    drawn = " ".join(segments).replace(NBSP, " ")  # the narrow no-break space is drawn as a small U+00A0 (markup.fine_space)
    assert "Pourquoi partent-ils ?" in drawn and "l\u2019histoire de Qin ?" in drawn and "Qin dit : " in drawn


def test_a_long_address_in_running_text_stays_on_the_page(tmp_path):
    """ReportLab's own address splitting leaves the rest of a long address unsplit (it ran off
    the page); a paragraph holding one is set without it, and every character stays on the page."""
    address = "https://example.com/" + "/".join(["abcdefghi"] * 30)
    kit = tmp_path / "kit.yaml"
    source = (KITS / "typo-fr.yaml").read_text(encoding="utf-8")
    kit.write_text(source.replace("Voir https://", f"Voir {address} et https://"), encoding="utf-8")
    comp = compositions(kit, "fr", ("guide",))[0]
    result = render_fitted(comp, build_document(comp))
    assert result.missing == []
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(result.data)
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            assert all(0 <= c["x0"] and c["x1"] <= page.width for c in page.chars)
        # the address's lines in reading order, the text column only (not the sidebar beside it)
        first = next(line for page in document.pages for line in page.extract_text_lines()
                     if line["text"].startswith("Voir https://example.com"))
        lines = [line["text"] for page in document.pages
                 for line in page.crop((0, 0, first["x1"] + 1, page.height)).extract_text_lines()
                 if "abcdefghi" in line["text"]]
    assert address in "".join(lines).replace(" ", "")


def test_german_marks_in_the_pdf(folder):
    path, document, marks = built("typo-de.yaml", "de", "handout", folder)
    composed = "\n".join(texts(document))
    assert "\u201eIch will frei sein.\u201c" in composed and "Meinung\u2026" in composed
    assert "\u201eHeimat\u201c" in "".join(line_segments(path))


@pytest.mark.parametrize("layout", ["guide", "large-print"])
def test_japanese_pull_quote_and_line_breaks(folder, layout):
    path, document, marks = built("typo-ja.yaml", "ja", layout, folder)
    segments = line_segments(path)
    assert not [s for s in segments if s[0] in CJK_NO_LINE_START]
    if (LABELS / "ja.yaml").exists():  # the Japanese labels give the pull quote its 「 」
        assert any(t.startswith("\u300c私たちは") and t.endswith("\u300d") for t in texts(document))


@pytest.mark.parametrize("layout", ["guide", "handout"])
def test_chinese_last_train_home_has_no_line_starting_with_closing_punctuation(folder, layout):
    path, _, _ = built("typo-zh-last-train-home.yaml", "zh-Hans", layout, folder)
    segments = line_segments(path)
    chinese = [s for s in segments if any("\u4e00" <= c <= "\u9fff" for c in s)]
    assert len(chinese) > 5  # the summary was set, in many lines
    assert not [s for s in chinese if s[0] in CJK_NO_LINE_START]


def test_right_to_left_text_is_refused_once_per_field(tmp_path):
    kit = tmp_path / "kit.yaml"
    source = (KITS / "typo-de.yaml").read_text(encoding="utf-8")
    source = source.replace("title: Der letzte Zug", "title: القطار الأخير")
    source = source.replace("director: Lixin Fan", "director: ליקסין פאן")
    source = source.replace("Jedes Jahr fahren", "كل عام يسافر أكثر من مئة مليون عامل مهاجر. Jedes Jahr fahren")
    kit.write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--out", out)
    assert_refused(run, out)
    messages = [line for line in run.output.splitlines() if "right-to-left" in line and "error:" in line]
    assert len(messages) == 3, run.output
    assert any("film.title is written in Arabic" in m for m in messages)
    assert any("film.director is written in Hebrew" in m for m in messages)
    assert any("summary" in m and "Arabic" in m for m in messages)
    assert "fix:" in run.output


def test_pdftotext_layout_has_no_french_line_start(folder):
    path, _, _ = built("typo-fr.yaml", "fr", "handout", folder)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    for line in text.splitlines():
        for column in [c.strip() for c in line.split("   ") if c.strip()]:
            assert column[0] not in FRENCH_NO_LINE_START, line


@pytest.mark.parametrize("pasted", ["\\u200B", "\\u200C", "\\u200D", "\\u200E", "\\u200F", "\\u2060", "\\uFEFF", "\\uFE0F"])
def test_invisible_characters_pasted_with_the_text_are_left_out_with_one_warning(pasted, tmp_path):
    kit = tmp_path / "kit.yaml"
    source = (KITS / "typo-de.yaml").read_text(encoding="utf-8")
    source = source.replace("title: Der letzte Zug", f'title: "Der{pasted} letzte{pasted} Zug"')
    source = source.replace("  - \"Was bedeutet", f"  - \"Was{pasted} bedeutet")
    kit.write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--layout", "guide", "--out", out)
    assert run.code == 0, run.output
    warnings = [line for line in run.output.splitlines() if "warning:" in line and "invisible" in line]
    assert len(warnings) == 2 and any("film.title" in w for w in warnings), run.output  # once per field, not per layout
    for pdf in out.rglob("*.pdf"):
        with pdfplumber.open(pdf) as document:
            drawn = "".join(c["text"] for page in document.pages for c in page.chars)
        assert not any(unicodedata.category(c) == "Cf" or 0xFE00 <= ord(c) <= 0xFE0F for c in drawn)
        assert "Der letzte Zug" in drawn.replace("\u00a0", " ") or "Derletzte" not in drawn


def test_a_soft_hyphen_is_honoured_and_invisible_characters_in_an_address_are_refused(tmp_path):
    kit = tmp_path / "kit.yaml"
    source = (KITS / "typo-fr.yaml").read_text(encoding="utf-8")
    kit.write_text(source.replace("Chaque année", "Chaque an\u00adnée"), encoding="utf-8")
    out = tmp_path / "out"
    assert run_child("build", kit, "--layout", "handout", "--out", out).code == 0
    kit.write_text(source.replace("url: https://long-road", 'url: "https://long\\u200B-road').replace(".html", '.html"'),
                   encoding="utf-8")
    run = run_child("build", kit, "--layout", "handout", "--out", tmp_path / "refused")
    assert_refused(run, tmp_path / "refused")
    assert "about.url" in run.output and "invisible formatting character" in run.output


@pytest.mark.parametrize("layout", ["handout", "guide"])
def test_a_long_link_breaks_after_a_slash_dot_hyphen_or_at_with_one_annotation(folder, layout):
    path, document, _ = built("typo-fr.yaml", "fr", layout, folder)
    url = "https://long-road-to-transparent-reporting.example.org/cine-club/seances-de-decembre/le-dernier-train.html"
    reader = PdfReader(str(path))
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    to_url = [a for a in annotations if a["/A"]["/URI"] == url]
    printed = [a for a in to_url if "/QuadPoints" in a]  # the other one is the QR code beside it
    assert len(printed) == 1 and len(to_url) <= 2
    segments = line_segments(path)
    index = next(i for i, s in enumerate(segments) if s.startswith("https://long-road"))
    drawn, lines = segments[index], 1
    while drawn != url:
        assert url.startswith(drawn) and drawn[-1] in "/.-@", f"the link breaks after {drawn!r}"
        index += 1
        drawn, lines = drawn + segments[index], lines + 1
    assert lines >= 2 and len(printed[0]["/QuadPoints"]) == 8 * lines  # one annotation covering every line


def test_the_bundled_cjk_font_covers_common_chinese_and_japanese():
    """Every ideograph of GB 2312 (Simplified Chinese, both levels) and JIS X 0208 (Japanese,
    both levels), and the kana, are in the bundled fallback font."""
    from reportlab.pdfbase.ttfonts import TTFont
    font = TTFont("cjk-coverage", str(Path(kitbuilder.__file__).parent / "fonts" / "DroidSansFallback-subset.ttf"))
    covered = set(font.face.charToGlyph)

    def ideographs(codec: str, rows: range) -> set[str]:
        found = set()
        for high in rows:
            for low in range(0xA1, 0xFF):
                try:
                    char = bytes([high, low]).decode(codec)
                except UnicodeDecodeError:
                    continue
                if len(char) == 1 and "\u4e00" <= char <= "\u9fff":
                    found.add(char)
        return found

    chinese, japanese = ideographs("gb2312", range(0xB0, 0xF8)), ideographs("euc_jp", range(0xB0, 0xF5))
    assert len(chinese) == 6763 and len(japanese) > 6000
    kana = [chr(c) for c in range(0x3041, 0x3095)] + [chr(c) for c in range(0x30A1, 0x30F7)]
    assert [c for c in sorted(chinese | japanese) + kana if ord(c) not in covered] == []


def test_justified_text_is_hyphenated_by_the_language_and_nothing_is_lost(tmp_path):
    layout = tmp_path / "justified.yaml"
    layout.write_text("extends: handout\nstyles:\n  lead: {align: justify}\n  body: {align: justify}\n", encoding="utf-8")
    kit = tmp_path / "long.yaml"
    summary = ("Die Wanderarbeiterfamilie verbringt Neujahrsfeierlichkeiten traditionsgemäß gemeinsam; "
               "Eisenbahnverkehrsunternehmen transportieren Hunderttausende Heimkehrende. ") * 6
    source = (KITS / "typo-de.yaml").read_text(encoding="utf-8")
    kit.write_text(source.replace("  Jedes Jahr fahren", f"  {summary}\n\n  Jedes Jahr fahren"), encoding="utf-8")
    comp = compositions(kit, "de", (str(layout),))[0]
    assert comp.styles["lead"].hyphenationLang == "de_DE"
    result = render_fitted(comp, build_document(comp))
    assert result.missing == []  # the placement log found every word drawn, hyphenated lines included
    pdf = tmp_path / "justified.pdf"
    pdf.write_bytes(result.data)
    lines = line_segments(pdf)
    hyphenated = [s for s in lines if s.endswith("-") and s[-2].isalpha()]
    assert len(hyphenated) >= 3, lines  # long German words are split by the de_DE patterns
    words = "".join(lines).replace("-", "")
    assert words.count("Eisenbahnverkehrsunternehmen") == 6 and words.count("Neujahrsfeierlichkeiten") == 6


# --- paragraphs that go on in the next column or page ---------------------------------------

def drawn_words(path: Path) -> set[str]:
    """Every word drawn (pdfplumber's lines, typographic marks as typed); a word broken at a
    hyphen at a line end counts both ways: ``low-`` + ``wage`` reads as ``low-wage`` (a typed
    hyphen) and as ``lowwage`` (one the hyphenation added). pdftotext joins only the second
    way, so "lowwage" in its output is not a lost word."""
    words: set[str] = set()
    with pdfplumber.open(path) as pdf:
        lines = [line for page in pdf.pages for line in as_typed(page.extract_text() or "").splitlines()]
    for line, following in zip(lines, lines[1:] + [""]):
        tokens = line.split()
        words.update(tokens)
        if tokens and tokens[-1].endswith("-") and following.split():
            words.update({tokens[-1] + following.split()[0], tokens[-1][:-1] + following.split()[0]})
    return words


def drawn_lines(path: Path) -> list[str]:
    """The characters drawn on each baseline, left to right, spaces only where a space
    character is drawn (pdfplumber's text adds one at every gap, e.g. between table cells)."""
    lines = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines += ["".join(c["text"] for c in row) for row in rows_by_baseline(page)]
    return lines


def long_paragraphs(document, minimum: int = 300) -> list[str]:
    return [as_typed(b.text) for b in walk(document) if isinstance(b, Para) and len(b.text) >= minimum]


CJK_GAP = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60] +[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60]")


@pytest.mark.parametrize("kit, event, language, layout", [
    ("typo-ja-long.yaml", "typo-ja-event.yaml", "ja", "guide"),
    ("typo-ja-long.yaml", "typo-ja-event.yaml", "ja", "facilitator"),
    ("../../kit/last-train-home.yaml", None, "en", "guide"),
    ("../../kit/last-train-home.yaml", None, "en", "large-print"),
])
def test_every_word_of_a_paragraph_split_across_pages_is_drawn(kit, event, language, layout, tmp_path):
    comp = prepare(KITS / kit, BuildOptions(layouts=[layout], event_path=event and KITS / event))[0]
    assert comp.labels.language == language
    document = build_document(comp)
    result = render_fitted(comp, document)
    pdf = tmp_path / "split.pdf"
    pdf.write_bytes(result.data)
    drawn = drawn_words(pdf)
    paragraphs = long_paragraphs(document)
    assert len(paragraphs) >= 3
    for text in paragraphs:
        latin = [w.strip("*") for w in text.split() if not any(is_cjk(c) for c in w)]
        assert [w for w in latin if w and w not in drawn] == [], text[:60]
    typed = "\n".join(texts(document))
    gaps = [m.group() for line in drawn_lines(pdf) for m in CJK_GAP.finditer(line) if m.group() not in typed]
    assert gaps == []  # no space drawn between Chinese or Japanese characters


JAPANESE_RUN = "張夫妻は幼い子どもたちを農村の祖父母に預け、都会の工場へ働きに出ました。20年近く、家族を支えるために長時間働き、帰省は年に一度、春節のときだけです。"
ENGLISH_RUN = ("The migrant workers who manufacture goods quickly and cheaply drive China’s rapid economic growth, "
               "especially in its exports. The great profit does not go to the migrant workers, while low prices "
               "in western nations like the U.S. obscure the high human cost.")


@pytest.mark.parametrize("text", [JAPANESE_RUN, ENGLISH_RUN])
@pytest.mark.parametrize("runs", [1, 2])
def test_a_cjk_wrapped_paragraph_split_twice_keeps_every_space_and_adds_none(text, runs):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph
    from kitbuilder.render.pdf import styles  # noqa: F401 - installs the CJK split (render/pdf/cjksplit.py)
    from kitbuilder.source.fontfiles import register_font
    from kitbuilder.diagnostics import Origin
    font = register_font(Path(kitbuilder.__file__).parent / "fonts" / "DroidSansFallback-subset.ttf", Origin("test"))
    style = ParagraphStyle("cjk", fontName=font if text is JAPANESE_RUN else "Helvetica", fontSize=10, leading=12,
                           wordWrap="CJK")
    markup = text if runs == 1 else text.replace(text[30:40], f"<b>{text[30:40]}</b>")
    width = 100 if text is JAPANESE_RUN else 150
    first, rest = Paragraph(markup, style).split(width, 40)
    rest.wrap(width, 1000)
    second, last = rest.split(width, 40)
    last.wrap(width, 1000)

    def lines(paragraph) -> list[str]:  # a line is (space left, [text]) or a FragLine of runs
        return [line[1][0] if isinstance(line, tuple) else "".join(f.text for f in line.words)
                for line in paragraph.blPara.lines]

    drawn = [line.strip() for part in (first, second, last) for line in lines(part)]
    separator = "" if text is JAPANESE_RUN else " "
    assert len(drawn) > 7 and separator.join(drawn) == text
