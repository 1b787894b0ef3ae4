"""Findings of the second attack pass (labels, placeholders and the HTML edition).

- placeholders that multiply text: 25 KB of input made a 266 MB HTML file (39 s, 2.4 GB);
- date labels with too few words crashed any build of an event with a date (IndexError);
- a layout's label with a name no label has was ignored without a word;
- an address too long for a QR code crashed the HTML edition (the PDF refused it).
"""

from __future__ import annotations

import pytest

from conftest import EVENT, KIT
from hostile import assert_refused, run_child


def test_placeholders_cannot_multiply_text_without_limit(tmp_path):
    event = tmp_path / "event.yaml"
    event.write_text("venue: " + "v" * 19_000 + "\n")
    layout = tmp_path / "amp.yaml"
    layout.write_text("extends: guide\nlabels:\n  heading.summary: \"" + "{event.venue}" * 70 + "\"\n"
                      "text:\n  t: \"" + "{label.heading.summary}" * 200 + "\"\n")
    out = tmp_path / "out"
    for command in (("build", KIT, "--event", event, "--layout", layout, "--format", "pdf,html", "--out", out),
                    ("validate", KIT, "--event", event, "--layout", layout)):
        run = run_child(*command)
        assert_refused(run, out, words="with its placeholders filled in, this text is 1,330,000 characters long")
        assert "amp.yaml:3:" in run.stderr, run.stderr


@pytest.mark.parametrize("label, words", [("date.months", "Jan Feb"), ("date.weekdays", "Mon")])
def test_date_words_are_not_labels(tmp_path, label, words):
    """Dates are written by CLDR in the kit's language: a layout's old month or weekday names are refused."""
    layout = tmp_path / "dates.yaml"
    layout.write_text(f"extends: handout\nlabels:\n  {label}: {words}\n")
    out = tmp_path / "out"
    run = run_child("build", KIT, "--event", EVENT, "--layout", layout, "--out", out)
    assert_refused(run, out, words=f"unknown label '{label}'")
    assert "dates.yaml:3:" in run.stderr


def test_an_unknown_label_name_is_reported_with_a_suggestion(tmp_path):
    layout = tmp_path / "typo.yaml"
    layout.write_text("extends: guide\nlabels:\n  heading.about_the_fim: About\n")
    out = tmp_path / "out"
    run = run_child("build", KIT, "--layout", layout, "--out", out)
    assert_refused(run, out, words="unknown label 'heading.about_the_fim'")
    assert "did you mean 'heading.about_the_film'?" in run.stderr


@pytest.mark.parametrize("formats", ["html", "pdf"])
def test_an_address_too_long_for_a_qr_code_is_refused_in_every_format(tmp_path, formats):
    kit = tmp_path / "kit.yaml"
    kit.write_text("film: {title: T, director: D}\nsummary: S.\nquestions: [Q?]\n"
                   "about:\n  name: Club\n  url: example.org/" + "a" * 2_400 + "\n")
    out = tmp_path / "out"
    run = run_child("build", kit, "--layout", "handout", "--format", formats, "--out", out)
    assert_refused(run, out, words="about.url is too long to print as a QR code")
    assert "kit.yaml:6:" in run.stderr


@pytest.mark.parametrize("labels, words", [
    ('heading.summary: "{film.titel}"', "unknown placeholder '{film.titel}' in label heading.summary"),
    ('heading.summary: "Résumé 💩"', "cannot be printed"),
    ('quote.attribution: "{attribution} {source}"', "unknown placeholder '{source}' in label quote.attribution"),
    ("date.months: a b", "unknown label 'date.months'"),
])
def test_a_layout_checked_on_its_own_is_composed_as_a_build_would(tmp_path, labels, words):
    """`validate --layout x.yaml` (no kit) said "ok" to layouts every build refuses: it now
    composes the layout with the sample kit and event shipped for this (every key present)."""
    layout = tmp_path / "alone.yaml"
    layout.write_text(f"extends: guide\nlabels:\n  {labels}\n", encoding="utf-8")
    assert_refused(run_child("validate", "--layout", layout), words=words)
    assert_refused(run_child("validate", layout), words=words)


def test_every_shipped_layout_passes_validate_on_its_own():
    from conftest import ROOT

    names = [p for p in sorted((ROOT / "layouts").glob("*.yaml")) if not p.name.startswith("_")]
    run = run_child("validate", *[a for p in names for a in ("--layout", p)])
    assert run.code == 0, run.output
    assert run.stdout.count(": ok") == len(names)
