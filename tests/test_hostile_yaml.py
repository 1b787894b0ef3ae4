"""YAML values that were wrong in silence (issue 7): text printed as typed, whole numbers
written plainly, '#' read as a comment, empty --set values, pipes and devices as input
files, UTF-32, per-field text limits, and the line:col of a character inside blocks and quotes.

Each bad input is refused with exit status 1, a ``file:line:col: error:`` message, a
``fix:`` line, no traceback and nothing written; the corpus files are in
``tests/bad_inputs/yaml/``, the big and special ones are made here at run time.
"""

from __future__ import annotations

import os
import shutil
import string
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import KIT
from hostile import assert_refused, run_child
from pdfread import contains, pdf_text
from test_bad_inputs import Case, Expect, check, invoke, refuse

from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.source.fields import PARAGRAPH_LIMIT, Text, read_text
from kitbuilder.source.spec import load_spec
from kitbuilder.source.yamlsource import parse

CORPUS = Path(__file__).resolve().parent / "bad_inputs" / "yaml"

KIT_TEXT = """\
film:
  title: Last Train Home
  director: Lixin Fan
summary: A family travels home for the New Year.
questions:
  - What did you notice?
"""


def copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copy(CORPUS / name, target)
    return target


# ---------------------------------------------------------------------------
# the corpus: each file refused at the right place, with the fix

CORPUS_CASES = [
    ("comment-colour.event.yaml", "--event", [
        Expect(2, 15, "the value after 'accent_color:' starts with '#', so YAML read it as a comment",
               'put it in quotes: accent_color: "#1f5e3f"')]),
    ("comment-colour.layout.yaml", "--layout", [
        Expect(3, 11, "the value after 'accent:' starts with '#', so YAML read it as a comment",
               'accent: "#1f5e3f"')]),
    ("numbers-not-plain.kit.yaml", None, [
        Expect(4, 9, "film.year is written '0x1F', which is not a plain whole number", "plain digits"),
        Expect(5, 20, "film.runtime_minutes is written '1:30', which is not a plain whole number", "plain digits")]),
    ("numbers-not-plain.event.yaml", "--event", [
        Expect(3, 5, "questions[1] is written '010'", "plain digits"),
        Expect(4, 5, "questions[2] is written '3.0'", "plain digits"),
        Expect(5, 5, "questions[3] is written '1_000'", "plain digits")]),
    ("numbers-not-plain.layout.yaml", "--layout", [
        Expect(3, 14, "page.max_pages is written '0x2'", "plain digits")]),
]


@pytest.mark.parametrize("name,option,expect", CORPUS_CASES, ids=[c[0] for c in CORPUS_CASES])
def test_corpus_file_is_refused_at_its_place(name, option, expect, tmp_path):
    path = copy(name, tmp_path)
    out = tmp_path / "out"
    args = [path] if option is None else [KIT, option, path]
    output = refuse("build", *args, "--out", out, out=out)
    check(output, Case(name, expect), name)
    for expected in expect:  # the fix: line that follows the message has the promised words
        lines = output.splitlines()
        at = next(i for i, line in enumerate(lines) if expected.words in line)
        assert expected.fix.lower() in lines[at + 1].lower(), lines[at + 1]


def test_a_comment_after_a_key_with_its_value_below_is_not_reported(tmp_path):
    """Only 'key: #...' with nothing else is the mistake; a comment above a nested value is fine."""
    event = tmp_path / "club.yaml"
    event.write_text("host: Club  # our club\nagenda:   # the evening\n  - Welcome\n", encoding="utf-8")
    code, output = invoke("validate", KIT, "--event", event)
    assert code == 0, output


def test_a_colour_comment_in_a_child_process_keeps_the_promise(tmp_path):
    event = copy("comment-colour.event.yaml", tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    run = run_child("build", KIT, "--event", event, "--out", out)
    assert_refused(run, out, {}, "so YAML read it as a comment")
    assert f"{event}:2:15: error:" in run.output


# ---------------------------------------------------------------------------
# text fields print what was typed


def test_text_fields_print_exactly_what_was_typed(tmp_path):
    kit = tmp_path / "numbers.yaml"
    kit.write_text("""\
film:
  title: 1:54
  original_title: 0x1F
  director: yes
  year: 2017
summary: |
  On 3.10 the train left at 1_000 past, on.
questions:
  - 010
  - text: 1e3 .inf
    follow_ups: [off]
about:
  name: 2009-10-01
""", encoding="utf-8")
    event = tmp_path / "club.yaml"
    event.write_text("""\
host: 0o17 Club
time: 19:30
date: 2026-12-12
agenda:
  - time: 7:00
    item: 1_000
""", encoding="utf-8")
    out = tmp_path / "out"
    code, output = invoke("build", kit, "--event", event, "--out", out)
    assert code == 0, output
    text = "\n".join(pdf_text(p) for p in sorted(out.rglob("*.pdf")))
    for typed in ("1:54", "0x1F", "yes", "On 3.10 the train left at 1_000 past, on.", "010", "1e3 .inf", "off",
                  "2009-10-01", "19:30", "7:00", "1_000"):
        assert contains(text, typed), typed
    for misread in ("114", "1170", "Saturday, 12 December 2026, 1170"):
        assert misread not in text, misread
    assert contains(text, "Saturday, 12 December 2026, 19:30")  # a date is still a date


def test_set_text_is_kept_as_typed(tmp_path):
    out = tmp_path / "out"
    code, output = invoke("build", KIT, "--layout", "guide", "--set", "time=19:30", "--set", "host=0x1F",
                          "--set", "header.left=1:54", "--out", out)
    assert code == 0, output
    text = pdf_text(next(out.rglob("guide.pdf")))
    assert contains(text, "19:30") and contains(text, "0x1F") and "1170" not in text
    assert contains(text, "1:54") and "114" not in text  # a layout key set as text, too


def test_a_date_that_is_not_real_is_still_refused_in_date_but_typed_in_a_text_field(tmp_path):
    event = tmp_path / "club.yaml"
    event.write_text("title: 2025-02-30\ndate: 2025-02-30\n", encoding="utf-8")
    out = tmp_path / "out"
    output = refuse("validate", KIT, "--event", event, out=out)
    check(output, Case("", [Expect(2, 7, "'2025-02-30' looks like a date but is not a real one", "YYYY-MM-DD")],
                       exact=True), "club.yaml")


# ---------------------------------------------------------------------------
# --set with nothing


@pytest.mark.parametrize("value", ["", "   ", "---", "...", "~", "null", "--- Club", "... x"])
def test_set_with_no_value_is_refused(value, tmp_path):
    out = tmp_path / "out"
    output = refuse("build", KIT, "--set", f"host={value}", "--out", out, out=out)
    assert "--set: error: --set host=" in output and "fix: " in output
    assert "no value" in output or "of a YAML document, not as a value" in output


# ---------------------------------------------------------------------------
# pipes, devices, UTF-32


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", ["build", "validate"])
@pytest.mark.parametrize("role", ["kit", "event"])
def test_a_pipe_as_kit_or_event_is_refused_without_waiting(command, role, tmp_path):
    pipe = tmp_path / "club.yaml"
    os.mkfifo(pipe)
    out = tmp_path / "out"
    out.mkdir()
    args = [pipe] if role == "kit" else [KIT, "--event", pipe]
    run = run_child(command, *args, *(["--out", out] if command == "build" else []), timeout=20)
    assert_refused(run, out, {}, "is not a regular file (a pipe")
    assert "not found" not in run.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_kit_is_refused_by_name(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run = run_child("build", "/dev/zero", "--out", out, timeout=20)
    assert_refused(run, out, {}, "/dev/zero' is not a regular file")


@pytest.mark.parametrize("encoding,mark", [("utf-32-le", "ff fe 00 00"), ("utf-32-be", "00 00 fe ff"),
                                           ("utf-16-le", "ff fe")])
def test_utf32_is_called_utf32(encoding, mark, tmp_path):
    kit = tmp_path / "kit.yaml"
    kit.write_bytes("\ufeff".encode(encoding) + KIT_TEXT.encode(encoding))
    out = tmp_path / "out"
    output = refuse("build", kit, "--out", out, out=out)
    name = "UTF-32" if "32" in encoding else "UTF-16"
    check(output, Case("", [Expect(1, 1, f"the mark of {name} text", "UTF-8")]), "kit.yaml")
    assert mark in output


# ---------------------------------------------------------------------------
# per-field limits


def test_every_limit_is_stated_in_the_declaration():
    kit = load_spec("kit")
    title, url = kit.at("film.title").limit, kit.at("about.url").limit
    assert title < url < PARAGRAPH_LIMIT == kit.at("summary").limit == kit.at("questions.text").limit
    problems_seen = []
    for field, limit in [("film.title", title), ("about.url", url),
                         ("summary", PARAGRAPH_LIMIT), ("questions[3]", PARAGRAPH_LIMIT)]:
        node = parse(f"x: {'a' * (limit + 1)}\n", "k.yaml").value["x"]
        from kitbuilder.diagnostics import Problems

        problems = Problems()
        assert read_text(node, field, problems, limit) is None
        assert f"the limit for this field is {limit:,} characters" in problems.items[0].message
        problems_seen.append(problems.items[0])
        node = parse(f"x: {'a' * limit}\n", "k.yaml").value["x"]
        assert read_text(node, field, Problems(), limit) == "a" * limit
    assert all(p.fix for p in problems_seen)


@pytest.mark.parametrize("field,size", [("summary", 200 * 1024), ("film.title", 900 * 1024)])
def test_a_huge_text_is_refused_quickly_with_the_field_and_limit(field, size, tmp_path):
    """A 200 KB paragraph and a 900 KB word (the file limit is 1 MiB) are refused in a moment."""
    word = "x" * size if field == "film.title" else ("word " * (size // 5)).strip()
    text = KIT_TEXT.replace("Last Train Home", word) if field == "film.title" else \
        KIT_TEXT.replace("A family travels home for the New Year.", word)
    kit = tmp_path / "kit.yaml"
    kit.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    run = run_child("build", kit, "--out", out)
    assert_refused(run, out, {}, f"{field} is {len(word):,} characters long; the limit for this field is")
    assert run.seconds < 5


# ---------------------------------------------------------------------------
# the place of a character inside the text


def _text(source: str, key: str = "x") -> Text:
    node = parse(source, "k.yaml").value[key]
    from kitbuilder.diagnostics import Problems

    text = read_text(node, key, Problems())
    assert text is not None
    return text


def _where(text: Text, char: str, nth: int = 0) -> tuple[int, int]:
    index = -1
    for _ in range(nth + 1):
        index = text.index(char, index + 1)
    origin = text.locate(index)
    return origin.line, origin.column


def test_locate_in_a_literal_block():
    source = "a: 1\nx: |\n  one\n  two\n\n    three four\n  five 😀 six\n  seven\n"
    text = _text(source)
    assert text.origin == Origin("k.yaml", 2, 4)
    assert _where(text, "😀") == (7, 8)
    assert _where(text, "t") == (4, 3)
    assert _where(text, "f") == (6, 11)  # more indented lines keep their extra spaces
    assert _where(text, "s", 1) == (8, 3)


def test_locate_in_a_folded_block_with_indicators_and_a_comment():
    source = "x: >-2  # a comment\n    one\n   two\n  three 😀\nb: 1\n"
    text = _text(source)
    assert _where(text, "😀") == (4, 9)
    assert _where(text, "w") == (3, 5)


def test_locate_in_the_summary_block_of_line_eight():
    """The issue's case: an emoji on line 8 of 'summary: |' is on line 8, not the block's first line."""
    lines = ["film:", "  title: T", "  director: D", "summary: |", "  one", "  two", "  three",
             "  eight has 😀 here", "questions:", "  - Q?"]
    node = parse("\n".join(lines) + "\n", "k.yaml").value["summary"]
    from kitbuilder.diagnostics import Problems

    text = read_text(node, "summary", Problems())
    assert text.locate(text.index("😀")) == Origin("k.yaml", 8, 13)


def test_locate_in_quoted_and_plain_text():
    source = "x: 'it''s 😀'\ny: \"tab\\there \\u00e9 😀\"\nz: plain 😀 text\n"
    assert _where(_text(source, "x"), "😀") == (1, 11)  # the doubled quote counts twice in the file
    assert _where(_text(source, "y"), "😀") == (2, 22)  # \t and \u00e9 are written with more characters
    assert _where(_text(source, "y"), "é") == (2, 15)  # an escape is found at its backslash
    assert _where(_text(source, "z"), "😀") == (3, 10)
    assert _where(_text(source, "x"), "i") == (1, 5)  # one column right of the opening quote


def test_locate_across_folded_lines_of_plain_and_quoted_text():
    source = "x: first line\n  second 😀 line\ny: \"a\n  b 😀\"\n"
    assert _where(_text(source, "x"), "😀") == (2, 10)
    assert _where(_text(source, "y"), "😀") == (4, 5)


def test_locate_with_windows_line_ends_and_in_a_flow_list():
    source = "x: |\r\n  one\r\n  two 😀\r\ny: [a, 'b 😀']\r\n"
    assert _where(_text(source, "x"), "😀") == (3, 7)
    node = parse(source, "k.yaml").value["y"].value[1]
    from kitbuilder.diagnostics import Problems

    text = read_text(node, "y[2]", Problems())
    assert text.locate(text.index("😀")) == Origin("k.yaml", 4, 11)


def test_locate_falls_back_to_the_origin_and_never_raises():
    origin = Origin("k.yaml", 3, 5)
    bare = Text("no place known", origin, "x")
    assert bare.locate(3) == origin and bare.locate(-1) == origin and bare.locate(10_000) == origin
    text = _text("x: abc\n")
    assert text.locate(99) == text.origin


_PRINTABLE = st.text(alphabet=st.sampled_from(list(string.ascii_letters + " '\"\\:#-é😀\t")), min_size=1,
                     max_size=30)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_PRINTABLE, style=st.sampled_from(["plain", "single", "double", "literal", "folded"]),
       indent=st.integers(0, 3))
def test_locate_points_at_the_same_character_in_the_file(body, style, indent):
    """Whatever the style, the place found holds the character (or the escape that writes it)."""
    lines = [line for line in body.replace("\t", " ").split("\n")]
    value = lines[0].strip() or "a"
    if style == "plain":
        written = value.replace("#", "").replace(":", "").replace("-", "").strip("'\" ") or "a"
        scalar = written
    elif style == "single":
        written = value
        scalar = "'" + value.replace("'", "''") + "'"
    elif style == "double":
        written = value
        scalar = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    else:
        written = value.strip() or "a"
        scalar = ("|" if style == "literal" else ">") + "\n" + " " * (indent + 2) + written
    source = "k: 1\n" + "x: " + scalar + "\n"
    try:
        node = parse(source, "k.yaml").value["x"]
    except KitbuilderError:
        return  # not every generated plain scalar is valid YAML; the others are checked
    from kitbuilder.diagnostics import Problems

    text = read_text(node, "x", Problems())
    if text is None:
        return
    file_lines = source.split("\n")
    for index, char in enumerate(text):
        origin = text.locate(index)
        assert origin.file == "k.yaml"
        at = file_lines[origin.line - 1][origin.column - 1:]
        if char.isspace():
            continue
        assert at.startswith(char) or at.startswith("\\") or (char == "'" and at.startswith("''")), \
            (source, index, char, origin)


def test_glyph_message_points_inside_the_block(tmp_path):
    """End to end: a character no font has, inside a block, is reported at its own line and column."""
    kit = tmp_path / "kit.yaml"
    kit.write_text("film:\n  title: T\n  director: D\nsummary: |\n  one\n  two\n  three\n"
                   "  eight has \U0001F99C here\nquestions:\n  - Q?\n", encoding="utf-8")
    out = tmp_path / "out"
    output = refuse("build", kit, "--layout", "handout", "--out", out, out=out)
    assert "kit.yaml:8:13: error:" in output, output


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
