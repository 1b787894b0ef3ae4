"""From one kit to a season: new, preview, validate of a layout, batches of kits x events,
the project file, incremental builds and command-line mistakes (watch: test_workflow_watch.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import KIT, SAMPLES, ok, run_cli
from kitbuilder.model.layoutfiles import available_layouts
from kitbuilder.write.output import recover_folder
from kitbuilder.source.json_schema import schema_text
from kitbuilder.source.spec import load_spec
from pdfread import page_count



def printed(result) -> list[Path]:
    return [Path(line) for line in result.stdout.splitlines() if line.strip()]


def mtimes(paths) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in paths}


# --- new ---------------------------------------------------------------------------------------

def test_new_writes_a_kit_and_an_event_that_validate_and_build_with_every_layout(season):
    assert printed(ok(run_cli("new", "my-film"))) == [Path("kit/my-film.yaml")]
    assert printed(ok(run_cli("new", "--event", "riverside"))) == [Path("events/riverside.yaml")]
    kit, event = season / "kit" / "my-film.yaml", season / "events" / "riverside.yaml"
    for path, model in ((kit, "kit"), (event, "event")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert json.loads(schema.read_text(encoding="utf-8")) == json.loads(schema_text(model))
        for key, declared in load_spec(model).root.fields.items():  # every key, with its help as a comment
            assert f"\n{key}:" in text or f"\n# {key}:" in text, key
            assert not declared.help or f"# {declared.help}" in text, key
    assert yaml.safe_load(kit.read_text(encoding="utf-8"))["film"]["title"] == "My Film"
    ok(run_cli("validate", kit, "--event", event))
    layouts = list(available_layouts())
    result = ok(run_cli("build", kit, "--event", event, *[f"--layout={name}" for name in layouts]))
    assert printed(result) == [Path("output/my-film/riverside") / f"{name}.pdf" for name in layouts]
    assert all(page_count(path) >= 1 for path in printed(result))


def test_new_never_writes_over_a_file(season):
    ok(run_cli("new", "my-film"))
    path = season / "kit" / "my-film.yaml"
    path.write_text("# mine\n", encoding="utf-8")
    result = run_cli("new", "my-film")
    assert result.exit_code == 1
    assert "kit/my-film.yaml: error: this file already exists" in result.stderr and "    fix: " in result.stderr
    assert path.read_text(encoding="utf-8") == "# mine\n"
    bad = run_cli("new", "../elsewhere")
    assert bad.exit_code == 1 and "fix:" in bad.stderr and not (season.parent / "elsewhere.yaml").exists()


# --- preview -----------------------------------------------------------------------------------

def test_preview_writes_one_png_per_page_at_the_page_size_and_a_contact_sheet(season):
    from PIL import Image

    result = ok(run_cli("preview", KIT, "--layout", "handout", "--layout", "guide", "--set", "paper=a4"))
    paths = printed(result)
    for pdf in (p for p in paths if p.suffix == ".pdf"):
        pages = PdfReader(pdf).pages
        pictures = [pdf.with_name(f"{pdf.stem}-{n}.png") for n in range(1, len(pages) + 1)]
        assert [p for p in paths if p.name.startswith(f"{pdf.stem}-") and p.stem[len(pdf.stem) + 1:].isdigit()] \
            == pictures
        for page, picture in zip(pages, pictures):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert Image.open(picture).size == (round(width * 100 / 72), round(height * 100 / 72))  # 100 dpi
        assert not pdf.with_name(f"{pdf.stem}-{len(pages) + 1}.png").exists()
        sheet = Image.open(pdf.with_name(f"{pdf.stem}-pages.png"))
        assert sheet.width > 260 * min(len(pages), 4)
    assert Image.open(Path("output/last-train-home/handout-1.png")).size == (827, 1169)  # A4 at 100 dpi


# --- validate a layout -------------------------------------------------------------------------

def test_validate_with_the_handout_refuses_a_kit_too_long_for_it(season):
    kit = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    kit["summary"] = "\n\n".join([kit["summary"].strip()] * 8)
    texts = [q["text"] if isinstance(q, dict) else q for q in kit["questions"]]
    kit["questions"] = [f"{texts[i % len(texts)]} (variant {i + 1})" for i in range(60)]
    path = season / "long.yaml"
    path.write_text(yaml.safe_dump(kit, allow_unicode=True), encoding="utf-8")
    result = run_cli("validate", path, "--layout", "handout")
    assert result.exit_code == 1, result.output
    assert "does not fit the 'handout' layout" in result.stderr and "    fix: " in result.stderr
    assert not (season / "output").exists()
    ok(run_cli("validate", path, "--layout", "guide"))


# --- many kits x many events -------------------------------------------------------------------

def make_season(folder: Path, kits=("alpha", "beta", "gamma"), events=("club-a", "club-b")) -> None:
    (folder / "kit").mkdir()
    (folder / "events").mkdir()
    for name in kits:
        (folder / "kit" / f"{name}.yaml").write_text((SAMPLES / "kit.yaml").read_text(encoding="utf-8")
                                                     .replace("Sample Film", name.title()), encoding="utf-8")
    for name in events:
        (folder / "events" / f"{name}.yaml").write_text((SAMPLES / "event.yaml").read_text(encoding="utf-8")
                                                        .replace("A Film Club", name), encoding="utf-8")


def expected(kits=("alpha", "beta", "gamma"), events=("club-a", "club-b"), layout="handout") -> list[Path]:
    return [Path("output") / kit / event / f"{layout}.pdf" for kit in kits for event in events]


def test_a_batch_builds_every_kit_for_every_event_and_then_only_what_changed(season):
    make_season(season)
    batch = ("build", "kit/alpha.yaml", "kit/beta.yaml", "kit/gamma.yaml",
             "--event", "events/club-a.yaml", "-e", "events/club-b.yaml", "--layout", "handout")
    first = ok(run_cli(*batch))
    assert printed(first) == expected()
    assert first.stderr.strip().splitlines()[-1] == "6 built, 0 up to date, 0 failed"
    assert all(page_count(path) >= 1 for path in expected())
    assert "Beta" in PdfReader(expected()[2]).pages[0].extract_text()
    before = mtimes(expected())

    second = ok(run_cli(*batch))  # nothing changed: nothing rebuilt, every path printed all the same
    assert printed(second) == expected()
    assert second.stderr.strip().splitlines()[-1] == "0 built, 6 up to date, 0 failed"
    assert mtimes(expected()) == before

    club_b = season / "events" / "club-b.yaml"
    club_b.write_text(club_b.read_text(encoding="utf-8").replace("title: A Screening", "title: The Late Screening"),
                      encoding="utf-8")
    third = ok(run_cli(*batch))
    assert third.stderr.strip().splitlines()[-1] == "3 built, 3 up to date, 0 failed"
    after = mtimes(expected())
    assert [path for path in expected() if after[path] != before[path]] == expected()[1::2]  # club-b's only
    assert "The Late Screening" in PdfReader(expected()[1]).pages[0].extract_text()

    forced = ok(run_cli(*batch, "--force"))
    assert forced.stderr.strip().splitlines()[-1] == "6 built, 0 up to date, 0 failed"


def test_folders_of_kits_and_events_and_a_changed_option_rebuild(season):
    make_season(season, kits=("alpha", "beta"), events=("club-a",))
    ok(run_cli("build", "kit", "-e", "events", "--layout", "handout"))
    before = mtimes(expected(("alpha", "beta"), ("club-a",)))
    again = ok(run_cli("build", "kit", "-e", "events", "--layout", "handout", "--grayscale"))
    assert again.stderr.strip().splitlines()[-1] == "2 built, 0 up to date, 0 failed"  # another option: rebuilt
    assert mtimes(before) != before


def test_one_broken_kit_leaves_the_others_written_and_exits_1_naming_it(season):
    make_season(season, kits=("alpha", "beta"), events=("club-a", "club-b"))
    (season / "kit" / "broken.yaml").write_text("film:\n  titel: Oops\n  director: X\nsummary: S\n"
                                                "questions: [Why?]\n", encoding="utf-8")
    result = run_cli("build", "kit", "-e", "events", "--layout", "handout")
    assert result.exit_code == 1, result.output
    assert printed(result) == expected(("alpha", "beta"))
    assert all(path.is_file() for path in expected(("alpha", "beta")))
    assert not (season / "output" / "broken").exists()
    assert f"{Path('kit/broken.yaml')}:2:3: error: unknown key 'titel'" in result.stderr
    assert "    fix: did you mean 'title'?" in result.stderr
    assert result.stderr.count("unknown key 'titel'") == 1  # once, not once per event
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("4 built, 0 up to date, 2 failed") and "broken.yaml" in last


def test_a_missing_kit_or_event_fails_its_own_combinations_and_the_rest_is_built(season):
    make_season(season, kits=("alpha", "beta"), events=("club-a",))
    result = run_cli("build", "kit/alpha.yaml", "kit/typo.yaml", "kit/beta.yaml", "-e", "events/club-a.yaml",
                     "-e", "events/club-z.yaml", "--layout", "handout")
    assert result.exit_code == 1, result.output
    assert printed(result) == expected(("alpha", "beta"), ("club-a",))
    assert all(path.is_file() for path in expected(("alpha", "beta"), ("club-a",)))
    assert f"{Path('kit/typo.yaml')}: error: kit file not found" in result.stderr
    assert f"{Path('events/club-z.yaml')}: error: event file not found" in result.stderr
    # the typo'd kit for 2 events and the missing event for 2 kits
    assert result.stderr.strip().splitlines()[-1].startswith("2 built, 0 up to date, 4 failed")
    # a path named twice is one problem; one file by two paths is one kit, not two with one name
    twice = run_cli("build", "kit/alpha.yaml", "kit/typo.yaml", "kit/typo.yaml", "kit/../kit/alpha.yaml",
                    "-e", "events/club-a.yaml", "--layout", "handout")
    assert twice.exit_code == 1 and "same name" not in twice.stderr
    assert twice.stderr.count("kit file not found") == 1
    assert twice.stderr.strip().splitlines()[-1] == f"0 built, 1 up to date, 1 failed ({Path('kit/typo.yaml')})"
    # events named but none found: nothing is built without one
    alone = run_cli("build", "kit/alpha.yaml", "-e", "events/club-z.yaml", "--layout", "handout", "--out", "other")
    assert alone.exit_code == 1 and not Path("other").exists()
    assert "nothing was written" in alone.stderr


def test_ctrl_c_stops_a_batch_at_once_and_leaves_no_half_file(season):
    import os
    import signal
    import subprocess
    import sys
    import time

    # 30 kits x 8 events: enough work to go on for many seconds if Ctrl-C did not stop it
    make_season(season, kits=(), events=tuple(f"club-{n}" for n in range(8)))
    long_kit = (Path(__file__).parent / "kits" / "long.yaml").read_text(encoding="utf-8")
    for n in range(30):
        (season / "kit" / f"k{n}.yaml").write_text(long_kit, encoding="utf-8")
    command = [sys.executable, "-m", "kitbuilder", "build", "kit", "-e", "events", "--layout", "guide",
               "--layout", "facilitator"]
    proc = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(Path("output").rglob("*.pdf")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    stopped = time.monotonic()
    proc.communicate(timeout=60)
    assert time.monotonic() - stopped < 3, "the batch went on building after Ctrl-C"
    assert proc.returncode != 0
    assert len(list(Path("output").rglob("*.pdf"))) < 480
    for folder in {path.parent for path in Path("output").rglob("*")}:  # what the next build does first
        recover_folder(folder)
    assert not [p for p in Path("output").rglob("*") if p.name.endswith(".tmp")]  # no temporary left behind


def test_two_kits_with_the_same_name_are_refused_before_anything_is_built(season):
    make_season(season, kits=("alpha",), events=())
    (season / "other").mkdir()
    (season / "other" / "alpha.yaml").write_text((season / "kit" / "alpha.yaml").read_text(), encoding="utf-8")
    result = run_cli("build", "kit/alpha.yaml", "other/alpha.yaml", "--layout", "handout")
    assert result.exit_code == 1 and "same name" in result.stderr and "    fix: " in result.stderr
    assert not (season / "output").exists()


# --- the project file --------------------------------------------------------------------------

def test_build_with_no_argument_builds_the_season_the_project_file_lists(season):
    make_season(season, kits=("alpha", "beta"), events=("club-a", "club-b"))
    (season / "kitbuilder.yaml").write_text(
        "kits: [kit/]\nevents: [events/club-a.yaml, events/club-b.yaml]\nlayouts: [handout]\n"
        "out: printouts\npaper: a4\n", encoding="utf-8")
    result = ok(run_cli("build"))
    paths = [Path("printouts") / kit / event / "handout.pdf" for kit in ("alpha", "beta")
             for event in ("club-a", "club-b")]
    assert printed(result) == paths
    page = PdfReader(paths[0]).pages[0]
    assert round(float(page.mediabox.width)) == 595  # the project's paper: A4
    assert result.stderr.strip().splitlines()[-1] == "4 built, 0 up to date, 0 failed"
    assert ok(run_cli("build")).stderr.strip().splitlines()[-1] == "0 built, 4 up to date, 0 failed"


def test_a_mistake_in_the_project_file_is_located_with_a_fix(season):
    (season / "kitbuilder.yaml").write_text("kits: [kit/]\nevnts: [events/]\nout: /tmp\n", encoding="utf-8")
    result = run_cli("build")
    assert result.exit_code == 1
    assert "kitbuilder.yaml:2:1: error: unknown key 'evnts'" in result.stderr
    assert "did you mean 'events'?" in result.stderr
    assert "kitbuilder.yaml:3:6: error: out '/tmp' is outside the folder of kitbuilder.yaml" in result.stderr


def test_no_kit_and_no_project_file_says_what_to_do(season):
    result = run_cli("build")
    assert result.exit_code == 1
    assert "no kit named, and no kitbuilder.yaml in this folder" in result.stderr
    assert "    fix: name a kit" in result.stderr


def test_the_project_schema_is_shipped_and_printed(season):
    shipped = Path(__file__).resolve().parent.parent / "src" / "kitbuilder" / "schemas" / "project.schema.json"
    assert ok(run_cli("schema", "project")).stdout == shipped.read_text(encoding="utf-8") == schema_text("project")


# --- single builds stay as they were, and are incremental too ----------------------------------

def test_a_single_build_prints_every_path_and_rebuilds_only_what_changed(season):
    layout = season / "mine.yaml"
    layout.write_text("extends: handout\n", encoding="utf-8")
    command = ("build", KIT, "--layout", "guide", "--layout", str(layout))
    first = printed(ok(run_cli(*command)))
    assert first == [Path("output/last-train-home/guide.pdf"), Path("output/last-train-home/mine.pdf")]
    assert ok(run_cli(*command)).stderr == ""  # one kit alone: paths only, as before
    before = mtimes(first)
    layout.write_text("extends: handout\ncolors: {accent: '#444444'}\n", encoding="utf-8")
    assert printed(ok(run_cli(*command))) == first
    after = mtimes(first)
    assert after[first[0]] == before[first[0]] and after[first[1]] != before[first[1]]
    first[1].write_bytes(b"damaged")  # an output changed by hand is made again
    ok(run_cli(*command))
    assert page_count(first[1]) >= 1


# --- command-line mistakes ---------------------------------------------------------------------

@pytest.mark.parametrize("args", [("build", "--no-such-option"), ("preview",), ("new",), ("frobnicate",)])
def test_a_command_line_mistake_exits_1_with_a_fix(season, args):
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert ": error: " in lines[0] and lines[1].startswith("    fix: "), result.stderr
    assert "Traceback" not in result.output
