"""Findings of the attack pass after the hardening round: layout lengths that pushed text
off the page or took seconds, YAML 1.1 numbers in layouts, and link addresses with
schemes a PDF viewer would follow (javascript:, file:, pdf:, document:).

Each file in tests/bad_inputs/attack/ is refused with exit 1, a located message and a
fix, nothing written, quickly (tests/hostile.py), and the editor schema refuses it too.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import KIT, ROOT
from hostile import assert_refused, run_child

CORPUS = Path(__file__).resolve().parent / "bad_inputs" / "attack"
SCHEMAS = ROOT / "src" / "kitbuilder" / "schemas"

LAYOUT_CASES = [
    ("negative-indent.yaml", "3:23", "left_indent is -300pt; it must be from 0pt to 144pt"),
    ("negative-space-after.yaml", "3:23", "space_after is -700pt"),
    ("huge-space-before.yaml", "3:24", "space_before is 2000pt; it must be from 0pt to 72pt"),
    ("yaml11-section-options.yaml", "3:33", "rows is written '1:30', which is not a plain whole number"),
    ("yaml11-style-values.yaml", "3:16", "size is written '0xC'"),
]


@pytest.mark.parametrize("name, place, words", LAYOUT_CASES, ids=[c[0] for c in LAYOUT_CASES])
def test_layout_values_that_misplace_text_are_refused(tmp_path, name, place, words):
    layout = tmp_path / name
    shutil.copy(CORPUS / name, layout)
    out = tmp_path / "out"
    run = run_child("build", KIT, "--layout", layout, "--out", out)
    assert_refused(run, out, words=words)
    assert f"{name}:{place}: error:" in run.stderr, run.stderr
    validate = run_child("validate", "--layout", layout)
    assert validate.code == 1 and words in validate.stderr, validate.stderr


def test_a_style_length_read_as_sexagesimal_is_refused(tmp_path):
    layout = tmp_path / "layout.yaml"
    layout.write_text("extends: guide\nstyles:\n  body: {left_indent: 1:00}\n")
    run = run_child("validate", "--layout", layout)
    assert_refused(run, words="left_indent is written '1:00', which is not a plain length")


def test_set_margin_read_as_sexagesimal_is_refused(tmp_path):
    out = tmp_path / "out"
    run = run_child("build", KIT, "--layout", "guide", "--set", "page.margins=1:00", "--out", out)
    assert_refused(run, out, words="page.margins is written '1:00'")


def test_set_reaches_a_declared_key_the_layout_does_not_write(tmp_path):
    """`--set print.bleed=...` on a layout without `print:` is checked, not 'not a key of the layout'."""
    out = tmp_path / "out"
    run = run_child("build", KIT, "--layout", "guide", "--set", "print.bleed=1in", "--out", out)
    assert_refused(run, out, words="print.bleed is 72pt; it must be from 0pt to 36pt")
    ok = run_child("build", KIT, "--layout", "guide", "--set", "print.bleed=3mm", "--out", out)
    assert ok.code == 0, ok.stderr


@pytest.mark.parametrize("name, expected", [
    ("unsafe-url-schemes.yaml", ["9:10: error: ways_to_influence[1].url is a 'pdf' address",
                                 "11:10: error: ways_to_influence[2].url is a 'javascript' address",
                                 "13:10: error: ways_to_influence[3].url is a 'file' address"]),
    ("document-url.yaml", ["9:10: error: ways_to_influence[1].url is a 'document' address"]),
])
def test_links_other_than_web_and_email_are_refused(tmp_path, name, expected):
    kit = tmp_path / name
    shutil.copy(CORPUS / name, kit)
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--out", out)
    assert_refused(run, out, words="only web addresses (https://...) and e-mail addresses (mailto:...)")
    for line in expected:
        assert f"{name}:{line}" in run.stderr, run.stderr


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=1", True), ("http://example.org", True), ("mailto:club@example.org", True),
    ("example.org/page", True), ("javascript:alert(1)", False), ("file:///etc/passwd", False),
    ("pdf://host/x.pdf", False), ("HTTPS://EXAMPLE.ORG", True), ("https://exa mple.org", False),
])
def test_validator_and_editor_schema_agree_on_addresses(tmp_path, url, ok):
    data = {"film": {"title": "T", "director": "D"}, "summary": "S.", "questions": ["Q?"],
            "ways_to_influence": [{"text": "Go", "url": url}]}
    kit = tmp_path / "kit.yaml"
    kit.write_text(yaml.safe_dump(data))
    run = run_child("validate", kit)
    assert (run.code == 0) == ok, run.output
    schema = json.loads((SCHEMAS / "kit.schema.json").read_text())
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert (not errors) == ok, errors
