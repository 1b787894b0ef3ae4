"""The attack findings on the workflow, the caches and loading (/tmp/scratch/attack-findings.md),
each held: folders listed are confined like files named, the project's set: is confined and
located, stamps and watch know the club's labels, watch survives a looping link, --serve
answers numbers and local hosts only, the font cache reads only its own regular files, and
the YAML loader reads the same with or without libyaml."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from conftest import KIT, SAMPLES, ok, run_cli
from hostile import assert_refused, run_child
from pdfread import pdf_text



# --- 3. the club's labels are inputs of the build ------------------------------------------------

def test_a_changed_club_labels_file_rebuilds_and_watch_watches_it(season):
    from kitbuilder.build import BuildOptions
    from kitbuilder.workflow.watch import watched_files

    (season / "k").mkdir()
    kit = season / "k" / "t.yaml"
    kit.write_text("language: fr\n" + KIT.read_text(encoding="utf-8"), encoding="utf-8")
    labels = season / "k" / "labels" / "fr.yaml"
    labels.parent.mkdir()
    labels.write_text("title.handout: PREMIER\n", encoding="utf-8")
    args = ("build", kit, "--layout", "handout", "--out", season / "out")
    ok(run_cli(*args))
    pdf = season / "out" / "t" / "handout.pdf"
    assert "PREMIER" in pdf_text(pdf)
    labels.write_text("title.handout: DEUXIEME\n", encoding="utf-8")
    ok(run_cli(*args))
    assert "DEUXIEME" in pdf_text(pdf) and "PREMIER" not in pdf_text(pdf)
    # a file of the fallback chain not written yet is watched too (fr-CA's club file, say)
    assert labels.resolve() in watched_files(kit, BuildOptions(layouts=["handout"], out_dir=season / "out"))


# --- 4. watch survives a looping link -----------------------------------------------------------

def test_the_watch_filter_survives_a_symbolic_link_that_loops(season):
    from kitbuilder.build import BuildOptions
    from kitbuilder.workflow import watch

    kit = season / "k.yaml"
    kit.write_text((SAMPLES / "kit.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink("loop.yaml", season / "loop.yaml")
    assert watch._resolved(str(season / "loop.yaml")) is None
    kit.unlink()
    os.symlink("k.yaml", kit)  # the kit itself now loops
    assert isinstance(watch.watched_files(kit, BuildOptions(layouts=["handout"])), set)


# --- 7. --serve answers page numbers and this computer only --------------------------------------

def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_serve_answers_only_short_ascii_page_numbers_and_local_host_names(tmp_path, capfd):
    from kitbuilder.workflow.serve import Preview, serve

    picture = tmp_path / "handout-1.png"
    picture.write_bytes(b"\x89PNG fake")
    preview = Preview("t")
    preview.update([picture], "built")
    server = serve(preview, 0)
    port = server.server_address[1]
    try:
        def get(path: bytes, host: bytes = b"127.0.0.1") -> bytes:
            return _raw(port, b"GET " + path + b" HTTP/1.0\r\nHost: " + host + b"\r\n\r\n")

        assert get(b"/page/0").startswith(b"HTTP/1.0 200") and get(b"/page/0").endswith(b"\x89PNG fake")
        assert get(b"/page/0", b"localhost:8765").startswith(b"HTTP/1.0 200")
        for path in (b"/page/" + b"9" * 5000, "/page/\u00b2".encode(), b"/page/\xb2", b"/page/1234567", b"/page/-1"):
            assert get(path).startswith(b"HTTP/1.0 404"), path[:20]
        for host in (b"evil.example", b"evil.example:8765", b"127.0.0.1.evil.example"):
            assert get(b"/", host).startswith(b"HTTP/1.0 403"), host
        _raw(port, b"\xff\xfe garbage\r\n\r\n")
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


# --- 8. the font cache reads its own regular files only -----------------------------------------

@pytest.mark.parametrize("swap", ["fifo", "dev-zero", "too-large"])
def test_a_font_cache_entry_that_is_not_a_regular_file_is_ignored_and_rewritten(tmp_path, monkeypatch, swap):
    from reportlab.pdfbase.ttfonts import TTFont

    from kitbuilder.source import fontcache

    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    fontcache._in_memory.clear()
    font = Path(fontcache.__file__).resolve().parent.parent / "fonts" / "NotoSerif-Regular.ttf"
    data = font.read_bytes()
    calls = []

    def parse():
        calls.append(1)
        return TTFont("attack-serif", str(font))

    fontcache.parsed_font("attack-serif", data, parse)
    entry = next((tmp_path / "cache" / "fonts").glob("*.bin"))
    entry.unlink()
    if swap == "fifo":
        os.mkfifo(entry)
    elif swap == "dev-zero":
        os.symlink("/dev/zero", entry)
    else:
        monkeypatch.setattr(fontcache, "MAX_BYTES", 1000)
        entry.write_bytes(b"x" * 5000)
    fontcache._in_memory.clear()
    again = fontcache.parsed_font("attack-serif", data, parse)
    assert len(calls) == 2 and again.stringWidth("Hello", 10) > 0
    assert entry.is_file() and not entry.is_symlink() and entry.read_bytes().startswith(fontcache.MAGIC)


# --- 1, 2, 10. a project's folders, set: and paths ------------------------------------------------

def _project(folder: Path, text: str) -> Path:
    (folder / "kit").mkdir(exist_ok=True)
    (folder / "private").mkdir(exist_ok=True)
    secret = (SAMPLES / "kit.yaml").read_text(encoding="utf-8").replace("Sample Film", "SECRET-hunter2")
    (folder / "private" / "diary.yaml").write_text(secret, encoding="utf-8")
    (folder / "kit" / "a.yaml").write_text((SAMPLES / "kit.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "kitbuilder.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_folder_of_kits_refuses_links_that_lead_out_and_never_shows_their_content(tmp_path):
    folder = _project(tmp_path, "kits: [kit/]\nlayouts: [handout]\n")
    os.symlink(folder / "private" / "diary.yaml", folder / "kit" / "zz.yaml")
    os.symlink("/etc/passwd", folder / "kit" / "pw.yaml")
    os.symlink("loop.yaml", folder / "kit" / "loop.yaml")
    out = folder / "output"
    for args in (("build",), ("build", "kit/", "--layout", "handout")):
        run = run_child(*args, cwd=folder)
        assert_refused(run, words="kit/zz.yaml")
        assert "kit/pw.yaml" in run.output and "kit/loop.yaml" in run.output
        assert "SECRET" not in run.output and "root:" not in run.output
        # refused by name, never read: only the folder's own kit is built
        assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == ["a/handout.pdf"]


def test_a_file_that_is_not_a_kit_is_reported_without_its_content(tmp_path):
    folder = _project(tmp_path, "kits: [kit/]\nlayouts: [handout]\n")
    (folder / "kit" / "notes.yaml").write_text("root:x:0:0:root:/root:/bin/bash\nsecond line\n", encoding="utf-8")
    run = run_child("build", cwd=folder)  # the other kit is built: one failing kit never stops the others
    assert_refused(run, words="kit/notes.yaml:1:1")
    assert "root:x" not in run.output and "/bin/bash" not in run.output


@pytest.mark.parametrize("value", ["../private/secret.ttf", "/usr/share/fonts/secret.ttf"])
def test_a_project_set_path_is_confined_to_the_project_folder_and_located_there(tmp_path, value):
    folder = _project(tmp_path, f"kits: [kit/]\nlayouts: [handout]\nset:\n  fonts.sans.regular: {value}\n")
    run = run_child("build", cwd=folder)
    assert_refused(run, folder / "output", {}, words="kitbuilder.yaml:4:23: error: font")
    assert "--set:" not in run.output


def test_project_paths_mistakes_are_located_with_a_fix_that_works(tmp_path):
    folder = _project(tmp_path, "kits: [kit/, kit/missing.yaml]\nlayouts: [handout]\n")
    # a missing kit fails its own combinations only: located, exit 1, the folder's kit still written
    run = run_child("build", cwd=folder)
    assert_refused(run, words="kitbuilder.yaml:1:14: error: kit file not found ('kit/missing.yaml')")
    assert run.output.strip().splitlines()[-1] == f"1 built, 0 up to date, 1 failed ({Path('kit/missing.yaml')})"
    assert (folder / "output" / "a" / "handout.pdf").is_file()
    (folder / "kitbuilder.yaml").write_text("kits: [kit/missing.yaml]\nlayouts: [handout]\n", encoding="utf-8")
    shutil.rmtree(folder / "output")
    assert_refused(run_child("build", cwd=folder), folder / "output", {}, words="kitbuilder.yaml:1:8: error: kit file")
    (folder / "kitbuilder.yaml").write_text("kits: [kit/]\nout: ..\n", encoding="utf-8")
    run = run_child("build", cwd=folder)
    assert_refused(run, folder / "output", {}, words="kitbuilder.yaml:2:6")
    assert "'out: ..'" not in run.output and "'out: output'" in run.output
    (folder / "kitbuilder.yaml").write_text("kits: [.]\nlayouts: [handout]\n", encoding="utf-8")
    run = run_child("build", cwd=folder)  # the project file itself is no kit: '.' holds none
    assert_refused(run, folder / "output", {}, words="holds no kit files")
    (folder / "kitbuilder.yaml").write_text("kits: [kit/]\nlayouts: [handout]\nset:\n  extends: guide\n",
                                            encoding="utf-8")
    assert_refused(run_child("build", cwd=folder), folder / "output", {}, words="kitbuilder.yaml:4:12: error: --set extends")


def test_set_extends_on_the_command_line_is_refused_not_ignored(tmp_path):
    run = run_child("build", KIT, "--layout", "handout", "--set", "extends=guide", "--out", tmp_path / "out")
    assert_refused(run, tmp_path / "out", {}, words="--set: error: --set extends")


# --- 5. preview holds one page at a time ----------------------------------------------------------

_PREVIEW_CHILD = """
import resource, sys
from pathlib import Path
from pypdf import PdfWriter
pdf = Path(sys.argv[1])
writer = PdfWriter()
for number in range(60):
    writer.add_blank_page(612, 792)
writer.write(pdf)
start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from kitbuilder.write.preview import write_previews
written = write_previews(pdf)
print(len(written), (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start) // 1024)
"""


def test_preview_draws_saves_and_lets_go_of_one_page_at_a_time(tmp_path):
    import subprocess
    import sys

    from PIL import Image

    done = subprocess.run([sys.executable, "-c", _PREVIEW_CHILD, tmp_path / "long.pdf"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, grown = map(int, done.stdout.split())
    assert count == 61  # 60 pages and the contact sheet
    # 60 Letter pages at 100 dpi are 60 x 2.8 MB = 168 MB held together; one at a time, a few pages' worth
    assert grown < 60, f"memory grew by {grown} MiB while drawing 60 pages"
    with Image.open(tmp_path / "long-pages.png") as sheet:
        assert sheet.width == 4 * 260 + 5 * 16 and sheet.height > 15 * 300


# --- 9. one YAML reading, with or without libyaml -------------------------------------------------

@pytest.mark.parametrize("parser", ["libyaml", "pure"])
@pytest.mark.parametrize("text, column", [
    ("follow_ups: [Laquelle vous a le plus touché, et pourquoi ?]\n", 58),
    ("follow_ups: [Vraiment ?]\n", 23),
    ("film: {title: Pourquoi ?}\n", 24),
])
def test_a_question_mark_in_an_unquoted_flow_text_is_refused_by_either_parser(monkeypatch, parser, text, column):
    import yaml

    from kitbuilder.diagnostics import KitbuilderError
    from kitbuilder.source import yamlsource, yamltree

    if parser == "libyaml" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml is not installed")
    monkeypatch.setattr(yamltree, "_EventLoader", yaml.CSafeLoader if parser == "libyaml" else yaml.SafeLoader)
    with pytest.raises(KitbuilderError) as refused:
        yamlsource.parse(text, "k.yaml")
    message = str(refused.value)
    assert message.startswith(f"k.yaml:1:{column}: error: ") and "put it in quotes" in message
    quoted = text.replace("[", '["').replace("]", '"]') if "[" in text else text.replace("Pourquoi ?", '"Pourquoi ?"')
    assert "?" in str(yamlsource.parse(quoted, "k.yaml").value)


def test_the_french_test_kit_keeps_its_follow_up_whole():
    from kitbuilder.source.yamlsource import parse

    kit = Path(__file__).resolve().parent / "kits" / "fr.yaml"
    question = parse(kit.read_text(encoding="utf-8"), str(kit)).value["questions"].value[0]
    assert [node.value for node in question.value["follow_ups"].value] == ["Laquelle vous a le plus touché, et pourquoi ?"]


# --- 6. an over-long kit is refused quickly, and located ---------------------------------------

def _over_long_kit(folder: Path, questions: int = 200) -> Path:
    """The shipped kit with ``questions`` long questions, each with long notes, in place of its own."""
    text = KIT.read_text(encoding="utf-8")
    head, _, rest = text.partition("\nquestions:\n")
    lines = rest.splitlines(keepends=True)
    after = next(n for n, line in enumerate(lines) if line.strip() and not line.startswith((" ", "#")))
    long = " ".join(["How did the film change the way you think about work, family and the cost of things?"] * 12)
    items = "".join(f"  - text: >-\n      {long}\n    notes: >-\n      {long}\n" for _ in range(questions))
    kit = folder / "long.yaml"
    kit.write_text(head + "\nquestions:\n" + items + "".join(lines[after:]), encoding="utf-8")
    return kit


def test_an_over_long_kit_is_refused_within_the_time_limit_and_located(tmp_path):
    kit = _over_long_kit(tmp_path)
    startup = run_child("--version").seconds
    run = run_child("build", kit, "--out", tmp_path / "out", cwd=tmp_path)
    assert_refused(run, tmp_path / "out", words="200 pages", startup=startup)
    # the handout's refusal points at the kit's longest section (its first question) and says
    # how far it was counted, not a count laid out page by page to the end
    handout = next(line for line in run.stderr.splitlines() if "'handout' layout" in line)
    assert handout.startswith(f"{kit}:{_first_question_line(kit)}:"), handout
    assert "needs more than 8 pages" in handout and "overflowing: questions" in handout


def _first_question_line(kit: Path) -> int:
    """The line of the kit's first question text."""
    return kit.read_text(encoding="utf-8").splitlines().index("questions:") + 2


# --- 10. new refuses names that make bad or invisible files; a folder says what it skips --------

@pytest.mark.parametrize("name, why, suggested", [
    ("_draft", "begins with '_'", "draft"),
    (".hidden", "begins with '.'", "hidden"),
    (" ", "only spaces", "my-film"),
    ("con", "device on Windows", "con-film"),
    ("NUL", "device on Windows", "NUL-film"),
    ("com1", "device on Windows", "com1-film"),
    ("a:b", "':'", "a-b"),
    ('what?"', "Windows does not allow", "what"),
    ("film.", "ends with a '.'", "film"),
])
def test_new_refuses_names_that_make_hidden_or_unportable_files(season, name, why, suggested):
    result = run_cli("new", name)
    assert result.exit_code == 1, result.output
    assert why in result.output and f"fix: give a plain name such as '{suggested}'" in result.output, result.output
    assert "Traceback" not in result.output
    assert not (season / "kit").exists() or not any((season / "kit").iterdir())
    ok(run_cli("new", suggested))  # the name offered works


def test_building_a_folder_says_which_files_it_skips(season):
    (season / "kits").mkdir()
    text = KIT.read_text(encoding="utf-8")
    for name in ("film.yaml", "_draft.yaml", ".hidden.yaml"):
        (season / "kits" / name).write_text(text, encoding="utf-8")
    result = ok(run_cli("build", "kits", "--layout", "handout", "--out", season / "out"))
    warning = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warning) == 1 and warning[0].startswith("kits: warning: skipped "), result.stderr
    assert ".hidden.yaml" in warning[0] and "_draft.yaml" in warning[0]
    assert [p.name for p in (season / "out").iterdir()] == ["film"]


@pytest.mark.parametrize("tag", ["root", "und"])
def test_a_language_tag_that_names_no_language_is_explained(tmp_path, tag):
    kit = tmp_path / "k.yaml"
    kit.write_text(f"language: {tag}\n" + KIT.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("validate", kit)
    assert result.exit_code == 1, result.output
    assert f"{kit}:1:11: error: language '{tag}' names no particular language" in result.output, result.output
    assert "(None)" not in result.output and "fix: write the tag of the language" in result.output
