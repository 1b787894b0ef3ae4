"""The redesign's promises that are about the code's shape, checked from outside:
one copy of units and colours, data flowing one way (no stage changes an earlier one's
values), errors that cross the process pool whole, the document deciding every word
(PDF properties and the running footer from labels), and no English for readers in Python.
"""

from __future__ import annotations

import pickle
import re
import subprocess
from pathlib import Path

import yaml
from conftest import EVENT, KIT, run_cli

import kitbuilder
from kitbuilder import build as build_module
from kitbuilder.compose.composition import compose
from kitbuilder.compose.document import build_document
from kitbuilder.diagnostics import Origin, Problem
from kitbuilder.model.event import EVENT_KEYS, Event, load_event
from kitbuilder.model.kit import load_kit
from kitbuilder.model.layout import load_layout
from kitbuilder.model.layoutstyles import DEFAULT_COLORS
from kitbuilder.source.spec import load_spec
from kitbuilder.units import length_points, to_gray

SRC = Path(kitbuilder.__file__).parent


def test_kitbuilder_errors_pickle_whole():
    error = build_module.LayoutFailed([Problem(Origin("kit.yaml", 3, 4), "too long", "shorten it")], hidden=2)
    error.written = [Path("out/guide.pdf")]
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is build_module.LayoutFailed and str(copy) == str(error)
    assert copy.problems == error.problems and copy.hidden == 2 and copy.written == error.written


def test_the_command_line_printing_options_make_a_new_layout():
    event = load_event(None)
    options = build_module.BuildOptions(bleed=9.0, crop_marks=True, grayscale=True)
    layout = build_module.load_layout_for("guide", event, [], options)
    assert (layout.grayscale, layout.bleed, layout.crop_marks) == (True, 9.0, True)
    again = load_layout("guide")
    assert (again.grayscale, again.bleed, again.crop_marks) == (False, 0.0, False)


def test_base_layout_is_parsed_once_for_several_layouts(monkeypatch, tmp_path):
    from kitbuilder.model import layoutfiles

    layoutfiles._PARSED.clear()
    read = []
    real = layoutfiles.load_file
    monkeypatch.setattr(layoutfiles, "load_file", lambda path, *a, **k: read.append(Path(path).name) or real(path, *a, **k))
    build_module.prepare(KIT, build_module.BuildOptions(layouts=["handout", "guide", "facilitator", "booklet"]))
    assert read.count("_base.yaml") == 1, read


def test_an_overflow_names_the_sections_from_the_block_tree(tmp_path):
    kit = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    kit["questions"] = [f"Question {i}: " + "what did the journey home mean to each of them? " * 6 for i in range(60)]
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(kit, allow_unicode=True), encoding="utf-8")
    result = run_cli("build", path, "--layout", "handout", "--out", tmp_path / "out")
    assert result.exit_code == 1
    overflowing = re.search(r"overflowing: ([a-z_, ]+)", result.output).group(1).split(", ")
    sections = load_spec("layout").section_types
    assert overflowing and all(name in sections for name in overflowing), overflowing  # section types, in order


def test_pdf_properties_and_running_texts_come_from_the_document(tmp_path):
    layout = tmp_path / "mine.yaml"
    layout.write_text("extends: guide\nlabels:\n  document.subject: Gespräch über {film.title}\n"
                      "footer:\n  left: 'Seite {page} {{page}}'\n  right: '{event.credit}'\n", encoding="utf-8")
    event = load_event(EVENT)
    comp = compose(load_kit(KIT), event, load_layout(str(layout)))
    document = build_document(comp)
    assert document.metadata["subject"] == "Gespräch über Last Train Home"
    assert document.footer == {"left": ("Seite ", " {page}"), "right": (str(event.credit),)}
    result = run_cli("build", KIT, "--layout", layout, "--event", EVENT, "--format", "pdf,html", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    pdf = next((tmp_path / "o").rglob("mine.pdf"))
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    assert re.search(r"Subject: +Gespräch über Last Train Home", info), info
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert "Seite 2 {page}" in text
    html = next((tmp_path / "o").rglob("mine.html")).read_text(encoding="utf-8")
    assert str(event.credit) in html.split("<footer")[1] and "Seite" not in html  # no page numbers on the web


def test_units_and_colours_have_one_copy():
    assert length_points("3mm") == 3 * 72 / 25.4 and length_points("0.5in") == 36 and length_points("3 furlongs") is None
    assert to_gray("#ffffff") == "#ffffff" and to_gray("#000000") == "#000000"
    declared = load_spec("layout").at("colors").default
    assert DEFAULT_COLORS == declared
    from kitbuilder.model.layoutfiles import builtin_dir

    base = yaml.safe_load((builtin_dir() / "_base.yaml").read_text(encoding="utf-8"))
    assert "colors" not in base
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "units.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("0.299", "0.587", "72.0 / 25.4", '"#1f1b16"', "612.0, 792.0"):
            if needle in text:
                offenders.append(f"{path.relative_to(SRC)}: {needle}")
    assert offenders == []


def test_bleed_limit_is_the_declared_one(tmp_path):
    most = load_spec("layout").at("print.bleed").max
    result = run_cli("build", KIT, "--bleed", f"{most + 1}pt", "--out", tmp_path)
    assert result.exit_code == 1 and f"at most {most / 72:g}in" in result.output
    assert run_cli("build", KIT, "--bleed", f"{most}pt", "--layout", "handout", "--out", tmp_path).exit_code == 0


def test_event_fields_come_from_the_declaration():
    assert EVENT_KEYS == list(load_spec("event").root.fields)
    event = Event()
    assert all(hasattr(event, key) for key in EVENT_KEYS)


def test_no_english_for_readers_in_python():
    pattern = re.compile(r"Directed by|asked by|Source:|Discussion \{|for the film")
    found = [f"{path.relative_to(SRC)}:{number}" for path in SRC.rglob("*.py")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert found == []


def test_the_details_panel_lists_the_labelled_event_fields(tmp_path):
    """Which event fields the details panel lists is data: a label event.KEY adds a row."""
    from kitbuilder.compose.blocks import Details, walk

    layout = tmp_path / "mine.yaml"
    layout.write_text("extends: guide\nlabels:\n  event.credit: Credit\n", encoding="utf-8")
    event = load_event(EVENT)
    document = build_document(compose(load_kit(KIT), event, load_layout(str(layout))))
    [details] = [block for block in walk(document) if isinstance(block, Details) and block.kind == "facts"
                 and any(row.value.key == "event.host" for row in block.rows)]
    keys = [row.value.key for row in details.rows]
    assert keys[:2] == ["event.title", "event.host"] and keys[-1] == "event.credit"


def test_page_break_keep_together_and_space_for_notes_do_what_they_say(tmp_path):
    """Options no shipped layout uses, kept because they are tested here."""
    import pdfplumber

    layout = tmp_path / "worksheet.yaml"
    layout.write_text("extends: guide\npage: {sidebar: 0pt}\nheader: {}\nfooter: {}\nsections:\n  - summary\n"
                      "  - page_break\n"
                      "  - {type: facts, keep_together: true}\n  - page_break\n"
                      "  - {type: questions, space_for_notes: 3}\n", encoding="utf-8")
    result = run_cli("build", KIT, "--layout", layout, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    with pdfplumber.open(next((tmp_path / "out").rglob("worksheet.pdf"))) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
        lines = [len(page.lines) + len([r for r in page.rects if r["height"] < 1.5]) for page in pdf.pages]
    facts = [i for i, text in enumerate(texts) if "Film Facts" in text]
    questions = [i for i, text in enumerate(texts) if "Questions for Discussion" in text]
    assert "Film Summary" in texts[0] and "Film Facts" not in texts[0]  # page_break
    assert len(facts) == 1 and not any("Film Facts" in t for t in texts[facts[0] + 1:questions[0]])
    kit = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    last_fact = kit["facts"][-1]["text"] if isinstance(kit["facts"][-1], dict) else kit["facts"][-1]
    assert last_fact.split()[0] in texts[facts[0]]  # keep_together: the facts on one page
    assert questions[0] > facts[0]  # the second page_break
    assert sum(lines[questions[0]:]) >= 3 * len(kit["questions"])  # space_for_notes: 3 ruled lines each


def test_every_declared_section_type_has_one_composer():
    from kitbuilder.compose.context import COMPOSERS
    from kitbuilder.compose import sections  # noqa: F401  (imports every module in compose/sections/)

    assert sorted(COMPOSERS) == sorted(load_spec("layout").section_types)
