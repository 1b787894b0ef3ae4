"""Compose's memos (kitbuilder.memo) save time in a batch and never change what is
composed: a document composed after other kits, languages and events have filled the memos is
the document composed with empty memos, block for block, origins included; a result is never
handed back for another text, key, look or language; the memos stay within their bounds."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EVENT, KIT, ROOT
from kitbuilder.build import BuildOptions, build_kit, prepare
from kitbuilder import memo
from kitbuilder.compose.blocks import Run
from kitbuilder.compose.document import build_document, context_of
from kitbuilder.compose.inline import _RUNS, runs
from kitbuilder.compose.typography import _PARAGRAPHS, rules_for, typeset_runs
from kitbuilder.source.text import Text

KITS = [KIT] + [ROOT / "tests" / "kits" / f"{name}.yaml" for name in ("fr", "de", "ja", "short", "long")]
TEST_EVENT = ROOT / "tests" / "kits" / "event.yaml"
LAYOUTS = ["handout", "guide", "facilitator", "booklet"]


def documents(kit: Path, event: Path | None):
    options = BuildOptions(layouts=LAYOUTS, out_dir=Path("unused"), event_path=event)
    return [build_document(comp) for comp in prepare(kit, options)]


def shape(value):
    """Everything a block holds, origins and the exact type of each string included
    (dataclass equality leaves origins out, and a Text equals its plain string)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple((f.name, shape(getattr(value, f.name)))
                                                for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list)):
        return tuple(shape(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, shape(v)) for k, v in value.items())
    if isinstance(value, str):
        return (type(value).__name__, str(value), str(getattr(value, "origin", "")))
    return value


@pytest.mark.parametrize("kit", KITS, ids=lambda p: p.stem)
def test_a_warm_memo_composes_what_an_empty_one_does(kit):
    event = EVENT if kit == KIT else TEST_EVENT
    memo.clear_all()
    cold = [shape(doc) for doc in documents(kit, event)]
    for other in KITS:  # every other kit, language and event, with and without an event
        documents(other, None)
        documents(other, EVENT if other == KIT else TEST_EVENT)
    assert len(_RUNS) and len(_PARAGRAPHS)
    assert [shape(doc) for doc in documents(kit, event)] == cold


def test_each_paragraph_keeps_its_own_origin():
    """Two fields with the same words: each paragraph points at its own place."""
    first, second = Text("Same *words*", "kit.yaml:3:1", "summary"), Text("Same *words*", "kit.yaml:9:5", "themes[0]")
    ctx = context_of(prepare(KIT, BuildOptions(layouts=["guide"], out_dir=Path("unused")))[0])
    for origin, text in (("kit.yaml:3:1", first), ("kit.yaml:9:5", second)):
        para = ctx.para(text, "body", "summary#0")
        assert para.origin == origin
        assert all(type(run.text) is str for run in para.runs)


def test_a_result_is_never_handed_back_for_another_key_look_or_language():
    memo.clear_all()
    assert runs("*x*", key="a") != runs("*x*", key="b")
    assert runs("*x*") == (Run("x", emphasis=True),)
    assert runs("*x*", parse=False) == (Run("*x*"),)
    assert runs("*x*", muted=True) == (Run("x", emphasis=True, muted=True),)
    assert runs("*x*", strong=True) == (Run("x", strong=True, emphasis=True),)
    said = (Run('Il a dit "oui" : bien'),)
    assert typeset_runs(said, rules_for("en"))[0].text == "Il a dit \u201coui\u201d : bien"
    assert typeset_runs(said, rules_for("fr"))[0].text == "Il a dit \u00ab\u202foui\u202f\u00bb\u00a0: bien"
    assert typeset_runs(said, rules_for("de"))[0].text == "Il a dit \u201eoui\u201c : bien"
    strong = (Run('"oui"', strong=True),)
    assert typeset_runs(strong, rules_for("en")) == (Run("\u201coui\u201d", strong=True),)


def test_a_text_key_is_not_memoised():
    """A key that is a Text would come back with another place's origin: it is not kept."""
    memo.clear_all()
    key = Text("summary#0", "kit.yaml:1:1", "summary")
    assert runs("words", key=key)[0].key is key
    assert len(_RUNS) == 0


def test_memos_are_bounded_in_entries_and_characters():
    small = memo.Memo(max_entries=3, max_weight=100)
    for n in range(10):
        small.put(n, str(n), 10)
    assert len(small) == 3 and [small.get(n) for n in (7, 8, 9)] == ["7", "8", "9"]
    small.get(7)  # now the most recent: 8 and 9 go first
    small.put("heavy", "x", 90)
    assert small.get(8) is None and small.get(9) is None
    assert small.get(7) == "7" and small.get("heavy") == "x" and small.weight == 100
    small.put("too heavy", "y", 101)
    assert small.get("too heavy") is None and small.weight <= 100
    small.put("heavy", "z", 5)  # replacing an entry replaces its weight
    assert small.weight == 10 + 5 and small.get("heavy") == "z"


def test_a_long_batch_stays_within_the_memos_bounds():
    memo.clear_all()
    for n in range(_RUNS.max_entries + 500):
        text = f"Paragraph {n}: " + "words " * (n % 50)
        typeset_runs(runs(text, key=f"summary#{n}"), rules_for("fr"))
    for each in (_RUNS, _PARAGRAPHS):
        assert len(each) <= each.max_entries and each.weight <= each.max_weight
    memo.clear_all()
    assert len(_RUNS) == len(_PARAGRAPHS) == 0


def test_pdfs_built_after_other_content_are_the_pdfs_of_a_fresh_process(tmp_path, monkeypatch):
    """One process builds a kit, then a copy with one paragraph changed that shares the rest:
    the copy's PDFs are those a fresh process builds from it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    changed = tmp_path / "kit" / "changed.yaml"
    changed.parent.mkdir()
    text = (ROOT / "tests" / "kits" / "short.yaml").read_text(encoding="utf-8")
    assert "summary: |\n" in text
    changed.write_text(text.replace("summary: |\n", 'summary: |\n  A new first paragraph, "quoted"...\n\n', 1),
                       encoding="utf-8")
    layouts = ["guide", "handout"]
    build_kit(ROOT / "tests" / "kits" / "short.yaml",
              BuildOptions(layouts=layouts, out_dir=tmp_path / "first", event_path=TEST_EVENT, workers=1, force=True))
    build_kit(changed, BuildOptions(layouts=layouts, out_dir=tmp_path / "warm", event_path=TEST_EVENT,
                                    workers=1, force=True))
    subprocess.run([sys.executable, "-m", "kitbuilder", "build", str(changed), "--event", str(TEST_EVENT),
                    *[a for layout in layouts for a in ("--layout", layout)], "--out", str(tmp_path / "fresh")],
                   check=True, capture_output=True, cwd=tmp_path)
    warm = sorted((tmp_path / "warm").rglob("*.pdf"))
    fresh = sorted((tmp_path / "fresh").rglob("*.pdf"))
    assert len(warm) == len(fresh) == 2
    for a, b in zip(warm, fresh):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_the_qr_encoder_loaded_on_its_own_encodes_as_reportlabs_module():
    """compose.qr loads ReportLab's QR encoder without its package (which registers every
    barcode): the codes are those of the module imported the usual way."""
    from reportlab.graphics.barcode import qrencoder

    from kitbuilder.compose import qr

    for payload in ("https://example.org", "mailto:club@example.org", "https://example.org/" + "x" * 300):
        for level in (qrencoder.QRErrorCorrectLevel.M, qrencoder.QRErrorCorrectLevel.L):
            code = qrencoder.QRCode(None, level)
            code.addData(payload)
            code.make()
            count = code.getModuleCount()
            expected = tuple(tuple(bool(code.isDark(r, c)) for c in range(count)) for r in range(count))
            assert qr._encode(payload, level) == expected
