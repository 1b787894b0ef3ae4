"""Bad inputs: each is refused with exit status 1, a message ``file:line:col: error: ...``
followed by a ``fix:`` line, no traceback, and no PDF written or changed.

The small bad files live in ``tests/bad_inputs/`` (kits, events, layouts); they are
copied to a temporary folder before use. The large or binary ones (alias bomb, 2 MiB
file, deep nesting, bytes that are not UTF-8) are generated here at run time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import traceback
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import KIT, ROOT
from hostile import snapshot
from kitbuilder.cli import main
from kitbuilder.model.kit import load_kit
from kitbuilder.diagnostics import KitbuilderError

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
DEFAULT_LAYOUTS = ("handout", "guide", "facilitator")
ERROR_LINE = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+)(?::(?P<column>\d+))?)?: error: (?P<message>.*)$")


# ---------------------------------------------------------------------------
# helpers


@dataclass
class Reported:
    file: str
    line: int | None
    column: int | None
    message: str
    fix: str


def reported(output: str) -> list[Reported]:
    """The problems in kitbuilder's output; every located one must be followed by a fix: line."""
    lines = output.splitlines()
    found = []
    for index, text in enumerate(lines):
        if text.startswith("error: ") and "more problem(s) not shown" in text:
            continue
        match = ERROR_LINE.match(text)
        if not match:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        assert following.startswith("    fix: ") and len(following) > len("    fix: ") + 5, (
            f"no fix: line after {text!r}\n{output}")
        found.append(Reported(
            match["file"], int(match["line"]) if match["line"] else None,
            int(match["column"]) if match["column"] else None, match["message"], following[len("    fix: "):],
        ))
    assert found, f"no 'file:line:col: error:' message in the output:\n{output}"
    return found



def plant_earlier_pdfs(out: Path, kit_stem: str, event_stem: str | None = None,
                       layouts=DEFAULT_LAYOUTS) -> dict[str, bytes]:
    """PDFs from an 'earlier build' at every path this build could write; they must survive as they are."""
    folder = out / kit_stem / event_stem if event_stem else out / kit_stem
    folder.mkdir(parents=True, exist_ok=True)
    for name in layouts:
        (folder / f"{name}.pdf").write_bytes(b"%PDF-1.4\n% an earlier build of " + name.encode() + b"\n%%EOF\n")
    return snapshot(out)


def invoke(*args) -> tuple[int, str]:
    """Run the CLI in-process; a Python exception escaping it fails the test with its traceback."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"kitbuilder crashed instead of reporting the problem:\n{trace}")
    return result.exit_code, result.output


def refuse(*args, out: Path, before: dict[str, bytes] | None = None) -> str:
    """Run a build or validate that must be refused; check the exit code, traceback and output folder."""
    if before is None:
        before = snapshot(out)
    code, output = invoke(*args)
    assert code == 1, f"exit status {code}, expected 1:\n{output}"
    assert "Traceback" not in output
    assert "error:" in output
    after = snapshot(out)
    assert after == before, f"the --out folder changed: {sorted(set(after) ^ set(before)) or 'a PDF was rewritten'}"
    new_pdfs = {p for p in after if p.endswith(".pdf")} - set(before)
    assert not new_pdfs
    return output


@dataclass
class Expect:
    """One problem the output must report: line, column (None: not checked) and words in the message."""

    line: int | None
    column: int | None
    words: str
    fix: str = ""  # words the fix: line must contain


@dataclass
class Case:
    path: str  # under tests/bad_inputs/
    expect: list[Expect]
    exact: bool = False  # the output reports exactly these problems, in this order
    fixes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.path


def check(output: str, case: Case, shown_name: str) -> None:
    problems = reported(output)
    in_file = [p for p in problems if Path(p.file).name == shown_name]
    for expected in case.expect:
        matching = [
            p for p in in_file
            if p.line == expected.line
            and (expected.column is None or p.column == expected.column)
            and expected.words.lower() in p.message.lower()
            and expected.fix.lower() in p.fix.lower()
        ]
        assert matching, (f"expected {shown_name}:{expected.line}:{expected.column or '*'} with "
                          f"{expected.words!r} (fix {expected.fix!r}); got:\n{output}")
    if case.exact:
        got = [(p.line, p.column) for p in problems]
        assert got == [(e.line, e.column) for e in case.expect], output
    for words in case.fixes:
        assert words in output, output


def copy_corpus(kind: str, tmp_path: Path) -> Path:
    """A copy of tests/bad_inputs/<kind> in tmp_path (so the files beside each case come along)."""
    target = tmp_path / kind
    shutil.copytree(CORPUS / kind, target)
    return target


# ---------------------------------------------------------------------------
# kits


KIT_CASES = [
    Case("unclosed-quote.yaml", [Expect(2, 10, "never closed", "closing quote")]),
    Case("unclosed-list.yaml", [Expect(5, 12, "never closed with ']'", "']'")]),
    Case("bad-indentation.yaml", [Expect(3, 12, "syntax error", "indentation")]),
    Case("colon-in-text.yaml", [Expect(6, None, "syntax error", "quotes")]),
    Case("two-documents.yaml", [Expect(7, 1, "second YAML document", "---")]),
    Case("top-level-list.yaml", [Expect(1, 1, "not a list", "film:")]),
    Case("top-level-scalar.yaml", [Expect(1, 1, "'key: value' lines", "film:")]),
    Case("empty.yaml", [Expect(1, 1, "empty")]),
    Case("comments-only.yaml", [Expect(1, 1, "empty")]),
    Case("tab-indent.yaml", [Expect(3, 1, "tab is used for indentation", "spaces")]),
    Case("missing-required.yaml", [
        Expect(2, 1, "film is missing the required key 'director'", "director:"),
        Expect(2, 1, "missing the required key 'summary'", "summary:"),
        Expect(2, 1, "missing the required key 'questions'", "questions:"),
    ], exact=True),
    Case("wrong-types.yaml", [
        Expect(3, 13, "film.director must be text, not a list"),
        Expect(4, 9, "film.year must be a whole number, not the text 'two thousand'", "2009"),
        Expect(7, 12, "questions must be a list", "- "),
        Expect(9, 3, "facts must be a list"),
    ], exact=True),
    Case("unknown-keys.yaml", [
        Expect(2, 3, "unknown key 'titel' in film", "did you mean 'title'?"),
        Expect(4, 1, "unknown key 'sumary'", "did you mean 'summary'?"),
        Expect(7, 5, "unknown key 'folow_ups' in questions[1]", "did you mean 'follow_ups'?"),
        Expect(8, 1, "unknown key 'colour'", "allowed keys are"),
    ], exact=True),  # no extra "missing title/summary": the did-you-mean already says it
    Case("duplicate-keys.yaml", [
        Expect(4, 3, "duplicate key 'title' (first given at line 2)", "keep one"),
        Expect(8, 1, "duplicate key 'summary' (first given at line 5)"),
    ], exact=True),
    Case("python-tag.yaml", [Expect(2, 10, "tag '!!python/object/apply:os.system' is not allowed", "remove the tag")]),
    Case("custom-tag.yaml", [
        Expect(3, 13, "tag '!person' is not allowed"),
        Expect(4, 10, "tag '!!str' is not allowed"),
    ], exact=True),
    Case("alias.yaml", [Expect(4, 10, "alias '*title' is not allowed", "in full")]),
    Case("merge-key.yaml", [Expect(4, 3, "merge keys")]),
    Case("empty-values.yaml", [
        Expect(3, 3, "film.director is empty", "director:"),
        Expect(7, None, "questions[2] is empty", "delete the line"),
    ], exact=False),
    Case("bad-date-like.yaml", [Expect(4, 9, "'2009-13-45' looks like a date but is not a real one")]),
    Case("numbers-out-of-range.yaml", [
        Expect(4, 9, "film.year is 1492"),
        Expect(5, 20, "film.runtime_minutes is 0"),
    ], exact=True),
    Case("several-problems.yaml", [
        Expect(3, 3, "unknown key 'titel'", "did you mean 'title'?"),
        Expect(5, 9, "whole number"),
        Expect(7, 3, "duplicate key 'title'"),
        Expect(8, 10, "summary must be text, not a list"),
        Expect(11, 5, "unknown key 'folow_ups'"),
        Expect(12, 1, "quote is missing the required key 'text'"),
    ], exact=True),  # reported together, in file order
]


@pytest.mark.parametrize("case", KIT_CASES, ids=lambda c: c.id)
def test_bad_kit_is_refused(case, tmp_path):
    kits = copy_corpus("kits", tmp_path)
    kit = kits / case.path
    out = tmp_path / "out"
    output = refuse("build", kit, "--out", out, out=out)
    check(output, case, kit.name)


def test_bad_kit_leaves_earlier_pdfs_alone(tmp_path):
    kit = copy_corpus("kits", tmp_path) / "several-problems.yaml"
    out = tmp_path / "out"
    before = plant_earlier_pdfs(out, kit.stem)
    refuse("build", kit, "--out", out, out=out, before=before)


def test_too_many_problems_are_cut_at_the_limit(tmp_path):
    kit = copy_corpus("kits", tmp_path) / "too-many-problems.yaml"
    out = tmp_path / "out"
    output = refuse("build", kit, "--out", out, out=out)
    problems = reported(output)
    assert len(problems) == 20
    assert [p.line for p in problems] == list(range(4, 24)), "the first twenty, in file order"
    assert "10 more problem(s) not shown" in output


def test_missing_kit_file(tmp_path):
    out = tmp_path / "out"
    output = refuse("build", tmp_path / "no-such-kit.yaml", "--out", out, out=out)
    assert "no-such-kit.yaml: error: kit file not found" in output
    assert "fix:" in output


def test_kit_path_is_a_folder(tmp_path):
    folder = tmp_path / "kit.yaml"
    folder.mkdir()
    out = tmp_path / "out"
    output = refuse("build", folder, "--out", out, out=out)
    assert "kit.yaml: error:" in output and "folder" in output


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_kit(kit_copy, tmp_path):
    kit_copy.chmod(0)
    try:
        out = tmp_path / "out"
        output = refuse("build", kit_copy, "--out", out, out=out)
        assert "kit.yaml: error:" in output and "permission" in output
    finally:
        kit_copy.chmod(0o644)


@pytest.mark.parametrize("kind", ["kit", "event", "layout"])
def test_unreadable_file_even_as_root(kind, kit_copy, tmp_path, monkeypatch):
    """Permission denied, simulated (the tests may run as root, who can read anything)."""
    target = tmp_path / f"locked-{kind}.yaml"
    target.write_text("extends: guide\n" if kind == "layout" else "host: Club\n", encoding="utf-8")
    real_open = Path.open

    def locked_open(self, *args, **kwargs):
        if self.name == target.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked_open)
    args = [target] if kind == "kit" else [kit_copy, f"--{kind}", target]
    out = tmp_path / "out"
    output = refuse("build", *args, "--out", out, out=out)
    assert f"locked-{kind}.yaml: error: the {kind} file cannot be read: permission denied" in output


@pytest.mark.parametrize("kind", ["logo", "font"])
def test_unreadable_asset(kind, kit_copy, tmp_path, monkeypatch):
    """A logo or font file that exists but cannot be read (permission denied, simulated)."""
    from PIL import Image

    if kind == "logo":
        asset = tmp_path / "logo.png"
        Image.new("RGB", (20, 10), "red").save(asset)
        named = tmp_path / "club.yaml"
        named.write_text("host: Club\nlogo: logo.png\n", encoding="utf-8")
        args, expected = ["--event", named], Expect(2, 7, "logo.png' cannot be read: permission denied")
    else:
        asset = tmp_path / "Mine.ttf"
        asset.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 60)
        named = tmp_path / "mine.yaml"
        named.write_text("extends: guide\nfonts:\n  sans: Mine.ttf\n", encoding="utf-8")
        args, expected = ["--layout", named], Expect(3, 9, "cannot read font file 'Mine.ttf': Permission denied")
    real_open = Path.open

    def locked_open(self, *a, **k):
        if self.name == asset.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *a, **k)

    monkeypatch.setattr(Path, "open", locked_open)
    real_os_open = os.open

    def locked_os_open(path, *a, **k):  # assets.read_limited opens with os.open
        if Path(path).name == asset.name:
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *a, **k)

    monkeypatch.setattr(os, "open", locked_os_open)
    out = tmp_path / "out"
    output = refuse("build", kit_copy, *args, "--out", out, out=out)
    check(output, Case("", [expected]), named.name)


def test_kit_not_utf8_names_the_byte(kit_copy, tmp_path):
    text = kit_copy.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if "cinéma" in line)
    column = lines[number].index("é") + 1
    data = text.encode("utf-8").replace("cinéma".encode("utf-8"), b"cin\xe9ma", 1)  # Latin-1 'é'
    kit_copy.write_bytes(data)
    out = tmp_path / "out"
    output = refuse("build", kit_copy, "--out", out, out=out)
    check(output, Case("", [Expect(number + 1, column, "not UTF-8 text: byte 0xe9", "UTF-8")]), "kit.yaml")


def test_kit_in_utf16(kit_copy, tmp_path):
    kit_copy.write_bytes(kit_copy.read_text(encoding="utf-8").encode("utf-16"))
    out = tmp_path / "out"
    output = refuse("build", kit_copy, "--out", out, out=out)
    check(output, Case("", [Expect(1, 1, "UTF-16", "UTF-8")]), "kit.yaml")


def test_control_character_in_kit(kit_copy, tmp_path):
    text = kit_copy.read_text(encoding="utf-8").replace("title: Last Train Home", "title: Last\x07Train Home", 1)
    kit_copy.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    output = refuse("build", kit_copy, "--out", out, out=out)
    check(output, Case("", [Expect(4, 14, "control character U+0007", "delete")]), "kit.yaml")


def test_edited_kit_copy_reports_every_problem(kit_copy, tmp_path):
    """The shipped kit with several mistakes typed into it: all are reported in one run, in file order."""
    text = kit_copy.read_text(encoding="utf-8")
    text = text.replace("  year: 2009\n", "  year: two thousand\n", 1)
    text = text.replace("  director: Lixin Fan\n", "  directer: Lixin Fan\n", 1)
    text = text.replace("quote:\n", "quote:\n  colour: red\n", 1)
    kit_copy.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    before = plant_earlier_pdfs(out, "kit")
    output = refuse("build", kit_copy, "--out", out, out=out, before=before)
    check(output, Case("", [
        Expect(6, 3, "unknown key 'directer' in film", "did you mean 'director'?"),
        Expect(7, 9, "film.year must be a whole number, not the text 'two thousand'"),
        Expect(60, 3, "unknown key 'colour' in quote"),
    ], exact=True), "kit.yaml")


def test_a_real_earlier_pdf_is_byte_identical_after_a_failed_build(kit_copy, tmp_path):
    out = tmp_path / "out"
    code, output = invoke("build", kit_copy, "--layout", "handout", "--out", out)
    assert code == 0, output
    earlier = snapshot(out)
    assert list(earlier) == [str(Path("kit") / "handout.pdf")]
    kit_copy.write_text(kit_copy.read_text(encoding="utf-8").replace("summary: |", "sumary: |", 1), encoding="utf-8")
    output = refuse("build", kit_copy, "--layout", "handout", "--out", out, out=out, before=earlier)
    assert "unknown key 'sumary'" in output


# ---------------------------------------------------------------------------
# sizes and bombs: refused quickly, with bounded memory, never expanded


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"  # 9**10 (3.5 billion) strings if expanded


def timed_refusal(path: Path, bound: float) -> tuple[KitbuilderError, float, int]:
    """Load ``path`` as a kit; it must be refused within ``bound`` seconds. Returns the error, time, peak bytes."""
    start = time.perf_counter()
    with pytest.raises(KitbuilderError) as caught:
        load_kit(path)
    elapsed = time.perf_counter() - start
    assert elapsed < bound, f"took {elapsed:.2f} s"
    tracemalloc.start()
    try:
        with pytest.raises(KitbuilderError):
            load_kit(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return caught.value, elapsed, peak


def test_alias_bomb_is_refused_fast_and_never_expanded(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    error, elapsed, peak = timed_refusal(bomb, bound=1.0)
    assert "bomb.yaml:2:10: error: YAML alias '*a0' is not allowed" in str(error)
    assert peak < 20 * 1024 * 1024
    out = tmp_path / "out"
    output = refuse("build", bomb, "--out", out, out=out)
    assert "alias" in output


@pytest.mark.parametrize("kind", ["event", "layout"])
def test_alias_bomb_in_an_event_or_a_layout(kind, kit_copy, tmp_path):
    bomb = tmp_path / f"bomb-{kind}.yaml"
    bomb.write_text(("extends: guide\n" if kind == "layout" else "") + alias_bomb(), encoding="utf-8")
    out = tmp_path / "out"
    start = time.perf_counter()
    output = refuse("build", kit_copy, f"--{kind}", bomb, "--out", out, out=out)
    assert time.perf_counter() - start < 2.0, "refused before any rendering"
    line = 3 if kind == "layout" else 2
    check(output, Case("", [Expect(line, 10, "alias '*a0' is not allowed")]), bomb.name)


def test_two_mebibyte_file_is_refused_fast(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("film:\n  title: x\nsummary: |\n" + ("  " + "word " * 20 + "\n") * 21_000, encoding="utf-8")
    assert big.stat().st_size > 2 * 1024 * 1024
    error, elapsed, peak = timed_refusal(big, bound=1.0)
    assert "too large" in str(error) and "1 MiB" in str(error)
    assert peak < 8 * 1024 * 1024, "only the first MiB (and a byte) is ever read"
    out = tmp_path / "out"
    output = refuse("build", big, "--out", out, out=out)
    assert "big.yaml: error: the file is too large" in output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_file_is_refused_without_reading_it_all(tmp_path):
    start = time.perf_counter()
    with pytest.raises(KitbuilderError, match="not a regular file"):  # a device: refused before it is opened
        load_kit("/dev/zero")
    assert time.perf_counter() - start < 1.0


def test_deep_nesting_is_refused_fast(tmp_path):
    flow = tmp_path / "flow.yaml"
    flow.write_text("film: " + "[" * 400_000 + "]" * 400_000 + "\n", encoding="utf-8")  # under 1 MiB
    error, elapsed, peak = timed_refusal(flow, bound=1.0)
    assert "nested more than 40 levels deep" in str(error) and "flow.yaml:1:" in str(error)
    block = tmp_path / "block.yaml"
    block.write_text("".join("  " * depth + f"level{depth}:\n" for depth in range(300)), encoding="utf-8")
    error, elapsed, peak = timed_refusal(block, bound=1.0)
    assert "block.yaml:40:" in str(error) and "nested" in str(error)
    out = tmp_path / "out"
    refuse("build", block, "--out", out, out=out)


def test_a_mebibyte_of_tiny_values_is_refused_fast(tmp_path):
    wide = tmp_path / "wide.yaml"
    wide.write_text("questions:\n" + "  - q\n" * 170_000, encoding="utf-8")
    assert wide.stat().st_size < 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(KitbuilderError, match="more than 10,000 keys and values"):
        load_kit(wide)  # stops at the limit: the rest is never read into values
    assert time.perf_counter() - start < 2.0


# ---------------------------------------------------------------------------
# events


EVENT_CASES = [
    Case("syntax-error.yaml", [Expect(3, 8, "never closed", "closing quote")]),
    Case("top-level-list.yaml", [Expect(1, 1, "not a list", "host:")]),
    Case("empty.yaml", [Expect(1, 1, "event file is empty")]),
    Case("tab-indent.yaml", [Expect(4, 1, "tab is used for indentation")]),
    Case("unknown-keys.yaml", [
        Expect(1, 1, "unknown key 'hots'", "did you mean 'host'?"),
        Expect(3, 1, "unknown key 'venu'", "did you mean 'venue'?"),
        Expect(5, 5, "unknown key 'tim' in agenda[1]", "did you mean 'time'?"),
    ], exact=True),
    Case("wrong-types.yaml", [
        Expect(2, 8, "paper must be one of letter, a4, not the text 'a5'"),
        Expect(3, 15, "accent_color must be a colour", "#"),
        Expect(4, 16, "questions[2] must be a whole number, not the text 'two'"),
        Expect(5, 9, "agenda must be a list"),
    ], exact=True),
    Case("duplicate-keys.yaml", [Expect(3, 1, "duplicate key 'host' (first given at line 1)")], exact=True),
    Case("custom-tag.yaml", [Expect(1, 7, "tag '!club' is not allowed")]),
    Case("alias.yaml", [Expect(2, 9, "alias '*club' is not allowed")]),
    Case("bad-date.yaml", [Expect(2, 7, "'2025-13-45' looks like a date but is not a real one", "YYYY-MM-DD")]),
    Case("missing-logo.yaml", [Expect(2, 7, "logo file 'riverside-logo.png' not found", "beside the event file")]),
    Case("logo-not-an-image.yaml", [Expect(2, 7, "logo 'not-an-image.png' is not a valid PNG image", "export")]),
    Case("logo-wrong-format.yaml", [Expect(2, 7, "must be a PNG, JPEG or SVG file")]),
    Case("logo-broken-svg.yaml", [Expect(2, 7, "not a valid SVG image")]),
    Case("question-out-of-range.yaml", [Expect(2, 19, "question 99 does not exist")]),
]


@pytest.mark.parametrize("case", EVENT_CASES, ids=lambda c: c.id)
def test_bad_event_is_refused(case, kit_copy, tmp_path):
    event = copy_corpus("events", tmp_path) / case.path
    out = tmp_path / "out"
    before = plant_earlier_pdfs(out, "kit", event.stem)
    output = refuse("build", kit_copy, "--event", event, "--out", out, out=out, before=before)
    check(output, case, event.name)


def test_missing_event_file(kit_copy, tmp_path):
    out = tmp_path / "out"
    output = refuse("build", kit_copy, "--event", tmp_path / "club.yaml", "--out", out, out=out)
    assert "club.yaml: error: event file not found" in output


def test_logo_that_is_a_truncated_png(kit_copy, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), "red").save(logo)
    logo.write_bytes(logo.read_bytes()[:60])  # the header survives, the pixels do not
    event = tmp_path / "club.yaml"
    event.write_text("host: Riverside Film Club\nlogo: logo.png\n", encoding="utf-8")
    out = tmp_path / "out"
    output = refuse("build", kit_copy, "--event", event, "--layout", "handout", "--out", out, out=out)
    check(output, Case("", [Expect(2, 7, "logo 'logo.png' is not a valid PNG image")]), "club.yaml")


def test_bad_kit_and_bad_event_are_reported_together(tmp_path):
    kit = copy_corpus("kits", tmp_path) / "unknown-keys.yaml"
    event = copy_corpus("events", tmp_path) / "wrong-types.yaml"
    out = tmp_path / "out"
    output = refuse("build", kit, "--event", event, "--out", out, out=out)
    files = {Path(p.file).name for p in reported(output)}
    assert files == {"unknown-keys.yaml", "wrong-types.yaml"}
    assert "8 problems; nothing was written." in output


def test_bad_set_value_is_refused(kit_copy, tmp_path):
    out = tmp_path / "out"
    output = refuse("build", kit_copy, "--set", "paper=a5", "--out", out, out=out)
    assert "--set: error: paper must be one of letter, a4, not the text 'a5'" in output


def test_set_colour_with_hash_is_a_colour_not_a_comment():
    from kitbuilder.model.event import load_event

    assert load_event(None, [("accent_color", "#444444")]).accent_color == "#444444"


# ---------------------------------------------------------------------------
# layouts


LAYOUT_CASES = [
    Case("syntax-error.yaml", [Expect(5, 9, "not closed with '}'", "'}'")]),
    Case("top-level-list.yaml", [Expect(1, 1, "not a list", "extends")]),
    Case("empty.yaml", [Expect(1, 1, "layout file is empty")]),
    Case("tab-indent.yaml", [Expect(3, 1, "tab is used for indentation")]),
    Case("unknown-keys.yaml", [
        Expect(3, 3, "unknown key 'papr' in page", "did you mean 'paper'?"),
        Expect(4, 1, "unknown key 'stiles'", "did you mean 'styles'?"),
        Expect(7, 5, "unknown section type 'summray'", "did you mean 'summary'?"),
        Expect(9, 5, "unknown key 'numbred' in sections[2]", "did you mean 'numbered'?"),
    ], exact=True),
    Case("wrong-types.yaml", [
        Expect(3, 10, "page.paper must be one of letter, a4"),
        Expect(4, 12, "page.margins must be a length", "pt, in, mm or cm"),
        Expect(5, 14, "page.max_pages must be a whole number"),
        Expect(7, 11, "colors.accent must be a colour"),
        Expect(9, 16, "styles.body.size must be a size in points"),
        Expect(9, 28, "styles.body.bold must be true or false"),
        Expect(12, 14, "sections[1].columns must be a whole number"),
    ], exact=True),
    Case("duplicate-keys.yaml", [Expect(4, 3, "duplicate key 'paper'")], exact=True),
    Case("python-tag.yaml", [Expect(2, 8, "tag '!!python/name:os.system' is not allowed")]),
    Case("missing-font.yaml", [Expect(4, 14, "font file 'MissingSerif-Regular.ttf' not found", "NotoSerif")],
         exact=True),  # and no echo from every style that uses the family
    Case("garbage-font.yaml", [Expect(4, 14, "'garbage.ttf' is not a TrueType font", "TrueType")], exact=True),
    Case("otf-font.yaml", [Expect(3, 9, "PostScript (CFF) outlines, not a TrueType font", ".ttf")], exact=True),
    Case("unknown-extends.yaml", [Expect(1, 10, "unknown layout 'gide'", "did you mean 'guide'?")],
         fixes=["handout", "guide", "facilitator"]),
    Case("missing-extends-file.yaml", [Expect(1, 10, "layout file 'my-base-layout.yaml' not found")]),
    Case("circular-a.yaml", [Expect(1, 10, "extend each other in a circle")]),
    Case("undefined-text-block.yaml", [Expect(5, 5, "text block 'house_rule' is not defined",
                                              "did you mean 'house_rules'?")]),
    Case("negative-margin.yaml", [Expect(3, 29, "page.margins.left is negative")]),
    Case("too-many-columns.yaml", [Expect(4, 14, "columns is 50; it must be from 1 to 4")]),
]


@pytest.mark.parametrize("case", LAYOUT_CASES, ids=lambda c: c.id)
def test_bad_layout_is_refused(case, kit_copy, tmp_path):
    layout = copy_corpus("layouts", tmp_path) / case.path
    out = tmp_path / "out"
    before = plant_earlier_pdfs(out, "kit", layouts=[layout.stem])
    output = refuse("build", kit_copy, "--layout", layout, "--out", out, out=out, before=before)
    shown = "circular-b.yaml" if case.path == "circular-a.yaml" else layout.name  # where the circle closes
    check(output, case, shown)


def test_unknown_layout_name_lists_the_available_ones(kit_copy, tmp_path):
    out = tmp_path / "out"
    output = refuse("build", kit_copy, "--layout", "handot", "--out", out, out=out)
    check(output, Case("", [Expect(None, None, "unknown layout 'handot'", "did you mean 'handout'?")]), "--layout")
    fix = reported(output)[0].fix
    for name in ("handout", "guide", "facilitator"):
        assert name in fix


def test_missing_layout_file(kit_copy, tmp_path):
    out = tmp_path / "out"
    output = refuse("build", kit_copy, "--layout", tmp_path / "mine.yaml", "--out", out, out=out)
    assert "mine.yaml: error: layout file" in output and "not found" in output


def test_layout_written_in_tmp_path_with_several_mistakes(kit_copy, tmp_path):
    layout = tmp_path / "my-guide.yaml"
    layout.write_text(
        "extends: guide\n"
        "page:\n"
        "  paper: A5\n"
        "fonts:\n"
        "  serif: {regular: nowhere.ttf}\n"
        "styles:\n"
        "  body: {font: serif, size: 3}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    before = plant_earlier_pdfs(out, "kit", layouts=["my-guide"])
    output = refuse("build", kit_copy, "--layout", layout, "--out", out, out=out, before=before)
    check(output, Case("", [
        Expect(3, 10, "page.paper must be one of letter, a4"),
        Expect(5, 20, "font file 'nowhere.ttf' not found"),
        Expect(7, 29, "styles.body.size must be a size in points between 4 and 200"),
    ], exact=True), "my-guide.yaml")


def test_font_file_that_is_a_folder_or_unreadable(kit_copy, tmp_path):
    (tmp_path / "Folder.ttf").mkdir()
    layout = tmp_path / "fonts.yaml"
    layout.write_text("extends: guide\nfonts:\n  sans: Folder.ttf\n", encoding="utf-8")
    out = tmp_path / "out"
    output = refuse("build", kit_copy, "--layout", layout, "--out", out, out=out)
    check(output, Case("", [Expect(3, 9, "font file 'Folder.ttf' not found")]), "fonts.yaml")


def test_content_that_cannot_fit_the_page_limit_is_refused(kit_copy, tmp_path):
    layout = tmp_path / "one-page.yaml"
    layout.write_text("extends: guide\npage:\n  max_pages: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    before = plant_earlier_pdfs(out, "kit", layouts=["one-page"])
    output = refuse("build", kit_copy, "--layout", layout, "--out", out, out=out, before=before)
    assert re.search(r"kit\.yaml:\d+:\d+: error: the content does not fit the 'one-page' layout", output), output


def test_long_list_in_columns_never_crashes(tmp_path):
    """Regression: a long facts list in two columns raised ReportLab's LayoutError (a traceback)."""
    kit = tmp_path / "facts.yaml"
    kit.write_text("film: {title: T, director: D}\nsummary: S\nquestions: [Q?]\nfacts:\n" + "".join(
        f"  - Fact {i} is a sentence long enough to wrap over a few lines in a column.\n" for i in range(60)),
        encoding="utf-8")
    layout = tmp_path / "two-columns.yaml"
    layout.write_text("extends: guide\nsections:\n  - type: facts\n    columns: 2\n", encoding="utf-8")
    code, output = invoke("build", kit, "--layout", layout, "--out", tmp_path / "out")
    assert code in (0, 1) and "Traceback" not in output
    if code == 1:
        reported(output)


# ---------------------------------------------------------------------------
# validate, and the real command line


def test_validate_refuses_a_bad_kit(tmp_path):
    kit = copy_corpus("kits", tmp_path) / "wrong-types.yaml"
    output = refuse("validate", kit, out=tmp_path / "out")
    check(output, KIT_CASES[[c.path for c in KIT_CASES].index("wrong-types.yaml")], kit.name)


def test_validate_refuses_a_bad_event(kit_copy, tmp_path):
    event = copy_corpus("events", tmp_path) / "unknown-keys.yaml"
    output = refuse("validate", kit_copy, "--event", event, out=tmp_path / "out")
    assert "unknown key 'hots'" in output


def test_validate_accepts_the_good_kit():
    code, output = invoke("validate", KIT)
    assert code == 0, output
    assert "ok" in output and "error" not in output


@pytest.mark.parametrize("args", [
    ["build", "{corpus}/kits/python-tag.yaml"],
    ["build", str(KIT), "--event", "{corpus}/events/logo-not-an-image.yaml", "--layout", "handout"],
], ids=["kit-tag", "event-logo"])
def test_real_command_line_prints_no_traceback(args, tmp_path):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    out = tmp_path / "out"
    argv = [a.replace("{corpus}", str(tmp_path / "corpus")) for a in args] + ["--out", str(out)]
    result = subprocess.run([sys.executable, "-m", "kitbuilder", *argv], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stdout == "", "nothing was written, so no path is printed"
    reported(result.stderr)
    assert result.stderr.rstrip().endswith("1 problem; nothing was written.")
    assert not out.exists() or not list(out.rglob("*.pdf"))


@pytest.mark.parametrize("text, line, shown", [
    ("film:\n  title: X\n  director Lixin Fan\n  year: 2009\nsummary: s\nquestions: [a]\n", 3, "director Lixin Fan"),
    ("film: {title: X, director: Y}\nsummary: s\nquestions:\n  - one\n  two?\n", 5, "two?"),
])
def test_a_line_without_colon_or_dash_is_reported_on_that_line(tmp_path, text, line, shown):
    kit = tmp_path / "kit.yaml"
    kit.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(kit)])
    assert result.exit_code == 1
    assert f"{kit}:{line}:3: error:" in result.output and shown in result.output and "fix:" in result.output
