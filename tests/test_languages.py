"""The kit's ``language:``: labels, dates and times, /Lang and the HTML lang in that language;
a club's own labels file; an unknown language refused.

French, German, Spanish and Japanese test kits (tests/kits/*.yaml) are each built once,
with every shipped layout and an event with a date and a 24-hour time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import KIT, ROOT
from hostile import assert_refused, run_child
from pdfread import pdf_text
from pypdf import PdfReader

from kitbuilder.build import BuildOptions, build_kit
from kitbuilder.compose.blocks import Para, walk
from kitbuilder.compose.composition import compose
from kitbuilder.compose.document import build_document
from kitbuilder.labels import FOLDER as LABELS, SHIPPED
from kitbuilder.model.event import load_event
from kitbuilder.model.kit import load_kit
from kitbuilder.model.language import fallbacks
from kitbuilder.model.layout import load_layout

KITS = Path(__file__).resolve().parent / "kits"
EVENT = KITS / "event.yaml"  # 2026-12-12 at "19:30"
LAYOUTS = sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml") if not p.stem.startswith("_"))
ENGLISH = yaml.safe_load((LABELS / "en.yaml").read_text(encoding="utf-8"))

# How each language writes the event's date and time (CLDR, by Babel).
WHEN = {
    "fr": "samedi 12 décembre 2026, 19 h 30",  # French printing usage (labels time.pattern)
    "de": "Samstag, 12. Dezember 2026, 19:30 Uhr",
    "es": "sábado, 12 de diciembre de 2026, 19:30",
    "ja": "2026年12月12日（土） 19:30",  # labels date.pattern
}


def flat(text: str) -> str:
    """Text as read, with every kind of space (and line ends) as one plain space."""
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text).strip()


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Each test language built once: every shipped layout as PDF, the handout as HTML too."""
    out = tmp_path_factory.mktemp("languages")
    built = {}
    for language in WHEN:
        result = build_kit(KITS / f"{language}.yaml",
                           BuildOptions(layouts=LAYOUTS, out_dir=out, event_path=EVENT, formats=("pdf", "html")))
        built[language] = {path.name: path for path in result.written}
    return built


def english_phrases(language: str) -> list[str]:
    """The words of every English label that the language writes differently (placeholders cut out)."""
    own = yaml.safe_load((LABELS / f"{language}.yaml").read_text(encoding="utf-8"))
    phrases = []
    for name, english in ENGLISH.items():
        if own[name] == english or name.startswith(("document.", "text.", "date.", "time.")):  # properties,
            continue  # CLDR patterns; the texts are checked below
        for piece in re.split(r"\{[a-z_.]*\}", english):
            piece = piece.strip(" ,.:()\u2014\u00b7")
            if len(piece) >= 3 and re.search(r"[A-Za-z]{3}", piece) and piece.casefold() not in own[name].casefold():
                phrases.append(piece)
    return phrases


@pytest.mark.parametrize("language", list(WHEN))
def test_every_layout_prints_the_language_s_words_and_no_english_label(editions, language):
    text = flat("\n".join(pdf_text(path) for name, path in editions[language].items() if name.endswith(".pdf")))
    assert len([n for n in editions[language] if n.endswith(".pdf")]) == len(LAYOUTS)
    left = [p for p in english_phrases(language)  # as written, or in capitals (a kicker)
            if any(re.search(r"(?<![\w])" + re.escape(form) + r"(?![\w])", text) for form in (p, p.upper()))]
    assert not left, f"English labels left in the {language} edition: {left}"
    own = yaml.safe_load((LABELS / f"{language}.yaml").read_text(encoding="utf-8"))
    for name in ("heading.questions", "event.venue", "feedback.rate_film", "heading.ground_rules"):
        assert flat(own[name]).casefold() in text.casefold(), (language, name)
    # the facilitator packet's own texts, in the language (their first words)
    assert flat(own["text.ground_rules"])[2:20].casefold() in text.casefold()


@pytest.mark.parametrize("language", list(WHEN))
def test_the_date_and_time_are_written_as_the_language_writes_them(editions, language):
    text = flat("\n".join(pdf_text(path) for name, path in editions[language].items() if name.endswith(".pdf")))
    squeeze = (lambda s: s.replace(" ", "")) if language == "ja" else (lambda s: s)
    assert squeeze(WHEN[language]) in squeeze(text), text[:600]  # the handout's line under the title
    assert "December" not in text and "Saturday" not in text


@pytest.mark.parametrize("language", list(WHEN))
def test_the_pdf_and_html_name_the_language(editions, language):
    for name, path in editions[language].items():
        if name.endswith(".pdf"):
            assert PdfReader(str(path)).trailer["/Root"]["/Lang"] == language, name
    html = editions[language]["handout.html"].read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in html



def test_german_sets_a_spaced_en_dash_in_its_running_footer_kicker_and_document_title(editions):
    packet = editions["de"]["facilitator.pdf"]
    text = flat(pdf_text(packet))
    assert "Moderationsmappe \u2013 nicht zur Weitergabe" in text and "\u2014 nicht" not in text
    kicker = flat(pdf_text(editions["de"]["large-print.pdf"])).casefold()  # set in capitals, perhaps
    assert "filmgespräch \u2013 großdruck" in kicker or "filmgespräch \u2013 grossdruck" in kicker
    title = PdfReader(str(packet)).metadata.title
    assert title.startswith("Die Salzstraße \u2013 ") and "\u2014" not in title, title


def test_japanese_writes_the_year_with_nen_separates_with_a_full_width_slash_and_brackets_the_title(editions):
    handout = editions["ja"]["handout.pdf"]
    text = flat(pdf_text(handout)).replace(" ", "")
    assert "オコンクォ\uff0f2021年\uff0f62分" in text  # the film's line
    assert "KinoLumen\uff0f2026年" in text  # the screening's line
    assert PdfReader(str(handout)).metadata.title.startswith("『塩の道』"), PdfReader(str(handout)).metadata.title


@pytest.mark.parametrize("language, words", [
    ("fr", "Votre avis sur"), ("de", "Ihre Rückmeldung zu"), ("es", "Tu opinión sobre")])
def test_the_film_title_in_a_label_is_set_in_italics(editions, language, words):
    import pdfplumber
    title = {"fr": "La Route du sel", "de": "Die Salzstraße", "es": "El camino de la sal"}[language]
    with pdfplumber.open(str(editions[language]["feedback.pdf"])) as pdf:
        lines = pdf.pages[0].extract_text_lines(return_chars=True)
    heading = next(line for line in lines if words in line["text"])
    fonts = {c["fontname"].split("+")[-1] for c in heading["chars"] if c["text"].strip() and c["text"] in title}
    label = {c["fontname"].split("+")[-1] for c in heading["chars"][:3]}
    assert any("Italic" in f for f in fonts) and not any("Italic" in f for f in label), (fonts, label)


def test_every_shipped_language_has_exactly_the_english_label_names():
    assert {"en", "fr", "es", "de", "it", "pt", "nl", "zh-Hans", "ja", "pt-BR"} <= set(SHIPPED)
    for language in SHIPPED:
        names = yaml.safe_load((LABELS / f"{language}.yaml").read_text(encoding="utf-8"))
        if any(base in SHIPPED for base in fallbacks(language)[1:]):  # a region's file: what differs only
            assert set(names) < set(ENGLISH), (language, set(names) - set(ENGLISH))
        else:
            assert set(names) == set(ENGLISH), (language, set(names) ^ set(ENGLISH))
        # a label's own values ({name}, {date} ...) are the English label's; it may add layout placeholders
        for name, text in names.items():
            own, english = (set(re.findall(r"\{([a-z_.]+)\}", s)) for s in (text, ENGLISH[name]))
            assert own - english <= {"film.title", "film.director", "film.year"} and \
                {n for n in english - own if "." not in n} == set(), (language, name)


@pytest.mark.parametrize("tag, shipped", [
    ("fr-CA", "fr"), ("pt-BR", "pt-BR"), ("pt-PT", "pt"), ("zh-CN", "zh-Hans"), ("zh-SG", "zh-Hans"), ("zh", "zh-Hans"), ("ja", "ja"),
    ("de-AT", "de"), ("zh-TW", None),  # Traditional Chinese is not Simplified: no file serves it yet
])
def test_a_regional_tag_is_served_by_the_most_specific_file(tag, shipped):
    candidates = fallbacks(tag)
    assert candidates[0] == tag
    assert next((t for t in candidates if t in SHIPPED), None) == shipped, candidates


def write_kit(folder: Path, language: str, labels: dict[str, str] | None = None) -> Path:
    """The short French test kit, with another language and, optionally, the club's labels file."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (KITS / "fr.yaml").read_text(encoding="utf-8").replace("language: fr", f"language: {language}")
    kit = folder / "kit.yaml"
    kit.write_text(text, encoding="utf-8")
    if labels is not None:
        (folder / "labels").mkdir(exist_ok=True)
        (folder / "labels" / f"{language}.yaml").write_text(
            "".join(f"{name}: {value}\n" for name, value in labels.items()), encoding="utf-8")
    return kit


def test_a_regional_tag_is_normalised_and_written_in_its_region_s_way(tmp_path):
    kit = load_kit(write_kit(tmp_path, "FR-ca"))
    assert kit.language == "fr-CA"
    comp = compose(kit, load_event(EVENT), load_layout("handout"))
    document = build_document(comp)
    assert document.lang == "fr-CA" and comp.labels.text("heading.questions") == "Questions pour la discussion"
    shown = flat(" ".join(b.text for b in walk(document) if isinstance(b, Para)))
    assert "samedi 12 décembre 2026, 19 h 30" in shown  # CLDR's Canadian French time



def shown_text(kit: Path, event: Path, layout: str) -> str:
    """The words of one layout's block tree (compose only, nothing drawn)."""
    comp = compose(load_kit(kit), load_event(event), load_layout(layout))
    return flat(" ".join(b.text for b in walk(build_document(comp)) if isinstance(b, Para)))


def test_agenda_times_and_the_event_date_placeholder_are_written_as_the_language_writes_them(tmp_path):
    event = tmp_path / "event.yaml"
    event.write_text(EVENT.read_text(encoding="utf-8") + "agenda:\n  - time: \"19:30\"\n    item: Projection\n"
                     "  - time: \"21:05\"\n    item: Discussion\n  - time: vers 22 h\n    item: Verre\n", encoding="utf-8")
    shown = shown_text(write_kit(tmp_path / "fr", "fr"), event, "facilitator")
    assert "21 h 05 Discussion" in shown and "vers 22 h Verre" in shown, shown  # a time in words: as typed
    assert "21:05" not in shown
    german = shown_text(write_kit(tmp_path / "de", "de"), event, "facilitator")
    assert "21:05 Uhr" in german
    comp = compose(load_kit(write_kit(tmp_path / "ja", "ja")), load_event(event), load_layout("handout"))
    assert comp.values["event.date"] == "2026年12月12日（土）" and comp.values["event.time"] == "19:30"


def test_a_club_s_date_pattern_that_babel_cannot_write_is_refused_at_its_label(tmp_path):
    kit = write_kit(tmp_path, "fr", {"time.pattern": "HHHHHH"})
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--event", EVENT, "--out", out)
    assert_refused(run, out, words="label time.pattern 'HHHHHH' is not a CLDR pattern")
    assert "labels/fr.yaml:1:" in run.stderr, run.stderr



def test_brazilian_portuguese_quotes_in_its_own_marks_and_reads_the_rest_from_portuguese(tmp_path):
    kit = write_kit(tmp_path, "pt-BR")
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--layout", "feedback", "--event", EVENT, "--out", out)
    assert run.code == 0 and "warning" not in run.stderr, run.stderr  # nothing falls back to English
    text = flat(pdf_text(next(out.rglob("handout.pdf"))))
    assert "\u201cOn ne marche pas" in text and "villages.\u201d" in text and "\u00ab" not in text
    portuguese = yaml.safe_load((LABELS / "pt.yaml").read_text(encoding="utf-8"))
    assert flat(portuguese["heading.questions"]) in text  # not in pt-BR.yaml: Portuguese, not English
    assert "Suas respostas nos ajudam" in flat(pdf_text(next(out.rglob("feedback.pdf"))))  # Brazil's own wording


def test_a_club_s_labels_file_corrects_one_entry(tmp_path):
    kit = write_kit(tmp_path, "fr", {"heading.questions": "À vous la parole"})
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--event", EVENT, "--out", out)
    assert run.code == 0 and "warning" not in run.stderr, run.stderr
    text = flat(pdf_text(next(out.rglob("handout.pdf"))))
    assert "À vous la parole" in text and "Pistes de lecture" in text  # the rest: the shipped French


def test_a_label_missing_from_a_new_language_falls_back_to_english_with_one_warning_per_group(tmp_path):
    kit = write_kit(tmp_path, "sv", {"heading.about_the_film": "Om filmen", "kicker.handout": "Samtalsblad"})
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--event", EVENT, "--out", out)
    assert run.code == 0, run.output
    warnings = [line for line in run.stderr.splitlines() if ": warning: " in line]
    groups = {name.split(".")[0] for name in ENGLISH}
    assert len(warnings) == len(groups), warnings  # every group has a label still in English
    assert all(line.startswith(str(tmp_path / "labels" / "sv.yaml") + ":1:1: warning: ") for line in warnings)
    heading_line = next(line for line in warnings if "heading.themes" in line)
    assert "heading.about_the_film" not in heading_line and "heading.themes_to_watch" in heading_line
    text = flat(pdf_text(next(out.rglob("handout.pdf"))))
    assert "Om filmen" in text and "SAMTALSBLAD" in text.upper() and "Themes to Watch For" in text
    assert PdfReader(str(next(out.rglob("handout.pdf")))).trailer["/Root"]["/Lang"] == "sv"


@pytest.mark.parametrize("written, words", [
    ("klingon", "language 'klingon' is not a language tag kitbuilder knows"),
    ("Français", "did you mean 'fr'?"),
    ("fr-XX", "language 'fr-XX' is not a language tag"),
    ("sv", "kitbuilder has no labels in the language 'sv' (Swedish)"),
])
def test_an_unknown_or_unserved_language_is_refused_at_its_key(tmp_path, written, words):
    kit = write_kit(tmp_path, written)
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--out", out)
    assert_refused(run, out, words=words)
    assert f"{kit}:3:11: error:" in run.stderr, run.stderr
    assert ", ".join(SHIPPED) in run.stderr  # the fix lists the shipped languages


def test_a_club_s_labels_file_with_an_unknown_label_is_refused_with_a_suggestion(tmp_path):
    kit = write_kit(tmp_path, "fr", {"heading.questons": "Questions"})
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--out", out)
    assert_refused(run, out, words="did you mean 'heading.questions'?")
    assert "labels/fr.yaml:1:1: error: unknown label 'heading.questons'" in run.stderr


def test_a_labels_folder_that_leads_out_of_the_kit_s_folder_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "fr.yaml").write_text("heading.questions: Ailleurs\n", encoding="utf-8")
    kit = write_kit(tmp_path / "club", "fr")
    (tmp_path / "club" / "labels").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    assert_refused(run_child("build", kit, "--layout", "handout", "--out", out), out, words="leads outside")


def test_the_document_subject_names_the_layout_once():
    comp = compose(load_kit(KIT), load_event(None), load_layout("guide"))
    subject = build_document(comp).metadata["subject"]
    assert subject == "Discussion Guide for Last Train Home, a film by Lixin Fan", subject
