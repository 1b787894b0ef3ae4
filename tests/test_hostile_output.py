"""Writing the PDFs (issue 7): the set is replaced whole or not at all, even under SIGKILL;
names stay inside --out; modes follow the umask; command-line mistakes exit 1 with a fix;
validate fails wherever build would; a layout that does not fit does not stop the others.
"""

from __future__ import annotations

import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import KIT, check_pdfs_under, pdf_problems, run_cli
from hostile import assert_refused, run_child, snapshot
from kitbuilder import build as build_module
from kitbuilder.write import output as output_module
from kitbuilder.diagnostics import KitbuilderError

THREE = ["--layout", "handout", "--layout", "guide", "--layout", "feedback"]
NAMES = ["feedback.pdf", "guide.pdf", "handout.pdf"]
CREATED = re.compile(rb"/CreationDate \(D(?::|\\072)(\d{14})")  # pypdf writes ':' as \072



def build(out: Path, *extra, epoch: int | None = None, monkeypatch=None):
    if epoch is not None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    return run_cli("build", KIT, "--out", out, *THREE, *extra)


def problems_in(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


@pytest.fixture
def old_set(tmp_path, monkeypatch):
    """Three PDFs from an earlier build in tmp_path/out/last-train-home."""
    out = tmp_path / "out"
    result = build(out, epoch=1_000_000_000, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the next build makes different bytes
    return out, out / "last-train-home", snapshot(out)


# ---------------------------------------------------------------------------
# the set is atomic


def test_a_pdf_path_that_is_a_folder_changes_nothing_and_says_so(tmp_path, monkeypatch):
    out = tmp_path / "out"
    folder = out / "last-train-home"
    (folder / "guide.pdf").mkdir(parents=True)
    (folder / "handout.pdf").write_bytes(b"%PDF-1.4\n% an earlier handout\n%%EOF\n")
    before = snapshot(out)
    result = build(out)
    assert result.exit_code == 1
    assert "guide.pdf: error: cannot write the PDF here: a folder has this name" in result.output
    assert "disk space" not in result.output and "Traceback" not in result.output
    assert result.output.rstrip().endswith("1 problem; nothing was written.")
    assert snapshot(out) == before and sorted(os.listdir(folder)) == ["guide.pdf", "handout.pdf"]


def test_an_out_folder_that_is_a_file_is_named(tmp_path):
    (tmp_path / "out").write_text("a file, not a folder")
    result = build(tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "out/last-train-home: error: cannot make this folder for the PDFs: a file has its name" in result.output
    assert (tmp_path / "out").read_text() == "a file, not a folder"


def test_a_full_disk_while_writing_temporaries_changes_nothing(old_set, monkeypatch):
    out, folder, before = old_set
    real_fsync, calls = os.fsync, []

    def disk_full_on_second_file(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(output_module.os, "fsync", disk_full_on_second_file)
    result = build(out)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "free some disk space" in result.output
    assert result.output.rstrip().endswith("nothing was written.")
    assert snapshot(out) == before, "old PDFs untouched, no temporary left"


def test_a_rename_failing_half_way_names_exactly_what_changed(old_set, monkeypatch):
    out, folder, before = old_set
    real_replace, renamed = os.replace, []

    def fail_on_second_pdf(src, dst):
        if str(dst).endswith(".pdf"):
            renamed.append(dst)
            if len(renamed) == 2:
                raise OSError(5, "Input/output error", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(output_module.os, "replace", fail_on_second_pdf)
    result = build(out)
    assert result.exit_code == 1
    last = result.output.rstrip().splitlines()[-1]
    assert "nothing was written" not in result.output
    assert last == f"1 problem; written: {folder / 'handout.pdf'}; no other file was changed.", last
    after = snapshot(out)
    assert sorted(os.listdir(folder)) == NAMES, "no temporary or journal left behind"
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["last-train-home/handout.pdf"]


def test_stale_temporaries_of_interrupted_runs_are_removed(old_set):
    out, folder, _ = old_set
    (folder / ".handout.pdf.x8k2_q0a.tmp").write_bytes(b"%PDF-1.4 half written")  # the name mkstemp gave
    (folder / ".guide.pdf.abcdefgh.tmp").write_bytes(b"")
    (folder / "notes.txt").write_text("mine")  # not ours: kept
    result = build(out)
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(folder)) == NAMES + ["notes.txt"]


def test_a_committed_journal_is_finished_by_the_next_run(old_set, monkeypatch):
    """Killed after the journal was written: the next run into the folder rolls forward first."""
    out, folder, before = old_set
    real_replace = os.replace

    def killed_after_journal(src, dst):
        if str(dst).endswith(".pdf"):
            raise SystemExit(137)  # stands for the SIGKILL of test_sigkill_leaves_all_old_or_all_new_pdfs
        return real_replace(src, dst)

    monkeypatch.setattr(output_module, "recover", lambda folder: [])  # the killed run cannot recover
    monkeypatch.setattr(output_module.os, "replace", killed_after_journal)
    with pytest.raises(SystemExit):
        output_module.write_all({folder / name: f"%PDF new {name}".encode() for name in NAMES})
    assert (folder / output_module.JOURNAL).exists() and snapshot(out) != before
    monkeypatch.undo()
    finished = output_module.recover(folder)
    assert sorted(p.name for p in finished) == NAMES
    assert sorted(os.listdir(folder)) == NAMES
    assert all((folder / name).read_bytes() == f"%PDF new {name}".encode() for name in NAMES)


def test_a_journal_from_elsewhere_never_moves_files_out_of_the_folder(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("private")
    (folder / ".x.pdf.aaaaaaaa.tmp").write_text("x")
    (folder / output_module.JOURNAL).write_text(
        '{"files": [{"temporary": "../secret.txt", "target": "x.pdf", "sha256": "0"},'
        ' {"temporary": ".x.pdf.aaaaaaaa.tmp", "target": "../../x.pdf", "sha256": "0"}]}')
    assert output_module.recover(folder) == []
    assert os.listdir(folder) == [] and (tmp_path / "secret.txt").read_text() == "private"


def creation_dates(folder: Path) -> dict[str, bytes]:
    dates = {}
    for name in NAMES:
        data = (folder / name).read_bytes()
        assert data.rstrip().endswith(b"%%EOF"), f"{name} is incomplete"
        dates[name] = CREATED.search(data).group(1)
    return dates


# The write phase of a build on its own, in a child: the three PDFs of one build as bytes.
WRITE_ONLY = """
import sys
from pathlib import Path
from kitbuilder.write.output import write_all
folder, source, was, date = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].encode(), sys.argv[4].encode()
write_all({folder / name: (source / name).read_bytes().replace(was, date) for name in sys.argv[5:]})
"""


def kill_while_writing(command: list[str], folder: Path, env: dict, rng: random.Random) -> None:
    """Start the command, wait for its first temporary, SIGKILL it after a random moment."""
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while child.poll() is None and time.monotonic() < deadline:
        if any(name.endswith(".tmp") for name in os.listdir(folder)):
            break
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.3))  # with the test hook the write takes 7 x 0.03 s
    child.send_signal(signal.SIGKILL)
    child.wait()


def test_sigkill_leaves_all_old_or_all_new_pdfs(old_set, tmp_path):
    """SIGKILL while writing, 15 times: 5 real builds, then 10 runs of the write phase alone (faster).

    Right after a kill the old PDFs are either untouched (killed before the journal was
    complete) or the journal is there. The next run into the folder first calls
    :func:`kitbuilder.write.output.recover`, called here after each kill: then the folder holds
    all old or all new PDFs and nothing else. The last round checks a real following build.
    """
    out, folder, _ = old_set
    source = tmp_path / "source"  # one build's PDFs, for the write-only rounds to write with new dates
    assert run_cli("build", KIT, "--out", source, *THREE).exit_code == 0
    [was] = set(creation_dates(source / "last-train-home").values())
    state = set(creation_dates(folder).values())
    assert len(state) == 1
    rng = random.Random(7)
    outcomes = []
    for round_number in range(15):
        epoch = 1_700_000_000 + 86_400 * round_number
        new = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), output_module.DELAY_HOOK: "0.03",
               "PYTHONDONTWRITEBYTECODE": "1"}
        if round_number < 5:
            command = [sys.executable, "-m", "kitbuilder", "build", str(KIT), "--out", str(out), *THREE]
        else:
            command = [sys.executable, "-c", WRITE_ONLY, str(folder), str(source / "last-train-home"),
                       was.decode(), new.decode(), *NAMES]
        kill_while_writing(command, folder, env, rng)
        if round_number == 14:
            result = run_cli("build", KIT, "--out", out, "--layout", "guide")  # a following real run
            assert result.exit_code == 0, result.output
            (folder / "guide.pdf").unlink()  # its own new guide; what matters is the other two
            assert sorted(os.listdir(folder)) == ["feedback.pdf", "handout.pdf"]
            dates = {CREATED.search((folder / n).read_bytes()).group(1) for n in ("feedback.pdf", "handout.pdf")}
            assert len(dates) == 1 and dates <= state | {new}, dates
            break
        output_module.recover(folder)
        assert sorted(os.listdir(folder)) == NAMES, f"round {round_number}: stray files {os.listdir(folder)}"
        dates = set(creation_dates(folder).values())
        assert len(dates) == 1, f"round {round_number}: a mix of old and new PDFs: {creation_dates(folder)}"
        assert dates <= state | {new}
        outcomes.append("new" if dates == {new} else "old")
        state = dates
    for name in ("feedback.pdf", "handout.pdf"):
        assert len(PdfReader(str(folder / name)).pages) >= 1
    print("outcomes:", outcomes)


# ---------------------------------------------------------------------------
# modes


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_pdfs_follow_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        result = run_cli("build", KIT, "--out", tmp_path, "--layout", "handout")
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "last-train-home" / "handout.pdf").stat().st_mode) == mode


def test_a_rebuilt_pdf_keeps_its_mode(old_set):
    out, folder, _ = old_set
    (folder / "guide.pdf").chmod(0o640)
    (folder / "handout.pdf").chmod(0o604)
    assert build(out).exit_code == 0
    assert stat.S_IMODE((folder / "guide.pdf").stat().st_mode) == 0o640
    assert stat.S_IMODE((folder / "handout.pdf").stat().st_mode) == 0o604


# ---------------------------------------------------------------------------
# names stay inside --out


@pytest.mark.parametrize("name", ["...yaml", "kit\n.yaml", "kit\x1b[2J.yaml", "x" * 230 + ".yaml"])
def test_a_kit_name_that_is_no_safe_file_name_is_refused(tmp_path, name):
    where = tmp_path / "work"
    (where / "out").mkdir(parents=True)
    kit = where / name
    kit.write_bytes(KIT.read_bytes())
    before = snapshot(tmp_path)
    result = run_cli("build", kit, "--out", where / "out", "--layout", "handout")
    assert result.exit_code == 1, result.output
    assert "the kit file's name cannot be used for the PDFs" in result.output and "fix: rename" in result.output
    assert "\x1b" not in result.output
    assert snapshot(tmp_path) == before, "nothing written, inside or outside --out"


def test_an_event_named_dot_dot_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    event = tmp_path / "...yaml"
    event.write_text("host: The Club\n")
    result = run_cli("build", KIT, "--event", event, "--out", tmp_path / "out", "--layout", "handout")
    assert result.exit_code == 1
    assert "...yaml: error: the event file's name cannot be used" in result.output
    assert list((tmp_path / "out").iterdir()) == [] and not (tmp_path / "handout.pdf").exists()


def test_validate_refuses_the_name_too(tmp_path):
    kit = tmp_path / "...yaml"
    kit.write_bytes(KIT.read_bytes())
    result = run_cli("validate", kit, "--layout", "handout")
    assert result.exit_code == 1 and "name cannot be used" in result.output


def test_two_layouts_with_one_file_name_are_refused(tmp_path):
    club = tmp_path / "club"
    club.mkdir()
    (club / "handout.yaml").write_text("extends: guide\n")
    result = run_cli("build", KIT, "--out", tmp_path / "out", "--layout", "handout", "--layout", club / "handout.yaml")
    assert result.exit_code == 1
    [line] = problems_in(result.output)
    assert "'handout' and" in line and "club/handout.yaml' would both be written to handout.pdf" in line
    assert not (tmp_path / "out").exists()


def test_one_layout_file_named_twice_is_built_once(tmp_path):
    from kitbuilder.model.layoutfiles import builtin_dir

    shipped = builtin_dir() / "handout.yaml"  # the installed copy: the same file the name 'handout' means
    result = run_cli("build", KIT, "--out", tmp_path, "--layout", "handout", "--layout", shipped)
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(tmp_path / "last-train-home" / "handout.pdf")]


# ---------------------------------------------------------------------------
# command-line values


@pytest.mark.parametrize("args, where, words", [
    (["--set", "paper"], "--set", "'paper' is not KEY=VALUE"),
    (["--set", "=a4"], "--set", "is not KEY=VALUE"),
    (["--bleed", "1m"], "--bleed", "'1m' is not a length"),
    (["--bleed", "2in"], "--bleed", "more than any printer asks for"),
])
def test_a_bad_option_value_exits_1_with_a_fix(tmp_path, args, where, words):
    result = run_cli("build", KIT, "--out", tmp_path, *args)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{where}: error: "))
    assert words in lines[index] and lines[index + 1].startswith("    fix: ")
    assert "Usage:" not in result.output and list(tmp_path.iterdir()) == []


def test_an_unknown_set_key_is_one_message_across_event_and_layout_keys(tmp_path):
    result = run_cli("build", KIT, "--out", tmp_path, "--set", "papr=a4", "--set", "colour.accent=#444444")
    assert result.exit_code == 1
    assert problems_in(result.output) == [
        "--set: error: --set papr: 'papr' is neither an event key nor a layout key",
        "--set: error: --set colour.accent: 'colour' is neither an event key nor a layout key",
    ], result.output
    assert "did you mean 'paper'?" in result.output and "did you mean 'colors'?" in result.output


def test_a_wrong_layout_path_in_set_is_reported_once(tmp_path):
    result = run_cli("build", KIT, "--out", tmp_path, "--set", "colors.acent=#444444")
    assert result.exit_code == 1
    assert len(problems_in(result.output)) == 1 and "did you mean 'accent'?" in result.output


def test_no_sections_writes_no_pdf(tmp_path):
    result = run_cli("build", KIT, "--out", tmp_path, "--layout", "guide", "--set", "sections=[]")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert list(tmp_path.rglob("*.pdf")) == []


def test_the_build_never_writes_a_document_without_pages(tmp_path, monkeypatch):
    """The build's own guard, behind the layout and document checks: a 0-page result is refused."""
    from kitbuilder.render.pdf.document import RenderedPdf

    monkeypatch.setattr(build_module, "render_fitted", lambda comp, document: RenderedPdf(b"%PDF-1.4\n", 0, [], {}, {}))
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 1)
    with pytest.raises(KitbuilderError, match="no pages"):
        build_module.build_kit(KIT, build_module.BuildOptions(layouts=["guide"], out_dir=tmp_path))
    assert list(tmp_path.rglob("*")) == []


# ---------------------------------------------------------------------------
# a layout that does not fit; validate as strict as build


@pytest.fixture(scope="module")
def huge_kit(tmp_path_factory) -> Path:
    """The first kit with 60 more questions: too long for the two-page handout."""
    text = KIT.read_text(encoding="utf-8")
    extra = "".join(f'  - "Extra question {n}: what did the long journey home show you about your own family, '
                    f'your work and the people you leave behind when you go?"\n' for n in range(60))
    path = tmp_path_factory.mktemp("huge") / "huge.yaml"
    path.write_text(text.replace("\nquestions:\n", "\nquestions:\n" + extra, 1), encoding="utf-8")
    return path


def test_validate_fails_where_the_build_would_not_fit(huge_kit):
    result = run_cli("validate", huge_kit)
    assert result.exit_code == 1
    [line] = problems_in(result.output)
    assert "does not fit the 'handout' layout" in line
    assert run_cli("validate", huge_kit, "--layout", "guide", "--layout", "booklet").exit_code == 0


def test_a_layout_that_does_not_fit_leaves_the_others_written(huge_kit, tmp_path):
    folder = tmp_path / "huge"
    folder.mkdir()
    (folder / "handout.pdf").write_bytes(b"%PDF-1.4\n% the earlier handout\n%%EOF\n")
    result = run_cli("build", huge_kit, "--out", tmp_path)
    assert result.exit_code == 1
    [line] = problems_in(result.output)
    assert "does not fit the 'handout' layout" in line
    written = [folder / "guide.pdf", folder / "facilitator.pdf"]
    assert result.output.rstrip().splitlines()[-1] == (
        f"1 problem; written: {written[0]}, {written[1]}; no other file was changed.")
    assert (folder / "handout.pdf").read_bytes() == b"%PDF-1.4\n% the earlier handout\n%%EOF\n"
    assert sorted(os.listdir(folder)) == ["facilitator.pdf", "guide.pdf", "handout.pdf"]
    assert len(PdfReader(str(written[0])).pages) > 4


# ---------------------------------------------------------------------------
# the suite's own PDF check (tests/conftest.py)


@pytest.mark.skipif(not (check_pdfs_under.__globals__["QPDF"] and check_pdfs_under.__globals__["PDFFONTS"]),
                    reason="qpdf or pdffonts not installed")
def test_the_pdf_check_finds_unembedded_fonts_and_broken_files(tmp_path, built):
    from reportlab.pdfgen.canvas import Canvas

    bad = tmp_path / "bad"
    bad.mkdir()
    canvas = Canvas(str(bad / "helvetica.pdf"))
    canvas.drawString(72, 720, "Helvetica, not embedded " * 40)
    canvas.save()
    assert any("not embedded: Helvetica" in p for p in pdf_problems(bad / "helvetica.pdf"))
    data = built["guide"].read_bytes()
    (bad / "cut.pdf").write_bytes(data[: len(data) // 2])
    assert any("qpdf --check" in p for p in pdf_problems(bad / "cut.pdf"))
    assert pdf_problems(built["guide"]) == []
    for path in bad.iterdir():
        path.unlink()  # not left for the check after this test


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_paths_that_cannot_be_printed_end_with_a_message_not_a_traceback(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "kitbuilder", "build", str(KIT), "--layout", "handout",
                               "--out", str(tmp_path)], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "error: cannot write to the terminal or file: No space left on device" in done.stderr
    assert (tmp_path / "last-train-home" / "handout.pdf").is_file()  # the PDF itself was written


def test_a_pipe_put_in_place_of_an_up_to_date_pdf_is_refused_never_waited_on(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", KIT, "--layout", "handout", "--out", out).exit_code == 0
    pdf = out / "last-train-home" / "handout.pdf"
    pdf.unlink()
    os.mkfifo(pdf)
    run = run_child("build", KIT, "--layout", "handout", "--out", out, timeout=30)  # no --force: the stamp is read
    assert_refused(run, words="not a file")
    assert stat.S_ISFIFO(os.lstat(pdf).st_mode)
