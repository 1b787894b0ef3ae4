"""Speed-ups that must not change what is printed (issue 11): the placement log's character
count, renders the fit and the make-up throw away (stopped early, never written out as a PDF),
and the same build giving the same bytes twice (bookmark names no longer come from id())."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdf
from hypothesis import given, settings
from hypothesis import strategies as st

import kitbuilder.fitting as fitting
import kitbuilder.render.pdf.makeup as makeup
from conftest import KIT
from kitbuilder.build import BuildOptions, build_kit, prepare
from kitbuilder.compose.document import build_document
from kitbuilder.render.pdf.document import render_pdf
from kitbuilder.render.pdf.paragraphs import _visible_chars

ROOT = Path(__file__).resolve().parent.parent
SHORT = ROOT / "tests" / "kits" / "short.yaml"


def per_character(text: str) -> int:
    """The placement log's definition, one character at a time (the slow original)."""
    return sum(1 for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(" \t\n\u00a0\u202f\u3000\u00ad\u200b\u2060\ufeff"
                                                                    "é日本語")), max_size=60))
def test_visible_characters_are_counted_as_one_at_a_time(text):
    assert _visible_chars(text) == per_character(text)


def club_event(tmp_path: Path) -> Path:
    """An event whose two extra lines leave the guide with a nearly empty last page."""
    path = tmp_path / "club.yaml"
    path.write_text("host: Film Club 7\ntitle: Screening number 7\ndate: 2027-08-08\nvenue: Hall 7\n"
                    "credit: Guide for club 7\n", encoding="utf-8")
    return path


def test_a_stopped_render_says_it_needs_more_pages_and_lost_content():
    comp = prepare(KIT, BuildOptions(layouts=["guide"]))[0]
    document = build_document(comp)
    full = render_pdf(comp, document)
    assert full.pages >= 3 and not full.missing
    stopped = render_pdf(comp, document, stop_after=full.pages - 1)
    # what the make-up and the fit read from a trial: as many pages as the full render, not all placed
    assert stopped.pages == full.pages
    assert stopped.missing


def test_only_the_render_kept_is_written_out(tmp_path, monkeypatch):
    """The guide with the club event is rebalanced (laid out twice): one PDF is written out,
    and it is the tighter render, with every word placed, one page shorter."""
    comp = prepare(KIT, BuildOptions(layouts=["guide"], event_path=club_event(tmp_path)))[0]
    document = build_document(comp)
    makeup.REBALANCED.clear()  # not guessed from an earlier build (decided dry: tests/test_dry_makeup.py)
    renders = []

    def counted(*args, **kwargs):
        renders.append(render_pdf(*args, **kwargs))
        return renders[-1]

    monkeypatch.setattr(fitting, "render_pdf", counted)
    monkeypatch.setattr(makeup, "render_pdf", counted)
    result = fitting.render_fitted(comp, document)
    assert len(renders) == 2, "the club guide is expected to be rebalanced"
    assert result is renders[1] and result.pages == renders[0].pages - 1 and not result.missing
    assert renders[0].unsaved is not None, "the render thrown away was written out as a PDF"
    data = result.data
    assert result.data is data and result.unsaved is None
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == result.pages


def test_the_same_build_gives_the_same_bytes(tmp_path, monkeypatch):
    """Bookmark names were 'kb-' + id(paragraph): a freed trial split's id came back for another
    heading, which moved that bookmark (an outline entry went missing in some runs)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    event = club_event(tmp_path)
    pdfs = []
    for run in range(4):  # twice in this process, twice in fresh ones (other addresses)
        out = tmp_path / str(run)
        if run < 2:
            build_kit(SHORT, BuildOptions(layouts=["facilitator"], out_dir=out, event_path=event, workers=1, force=True))
        else:
            subprocess.run([sys.executable, "-m", "kitbuilder", "build", str(SHORT), "--layout", "facilitator",
                            "--event", str(event), "--out", str(out)], check=True, capture_output=True)
        pdfs.append(next(out.rglob("facilitator.pdf")).read_bytes())
    assert pdfs[0] == pdfs[1] == pdfs[2] == pdfs[3]
    reader = pypdf.PdfReader(io.BytesIO(pdfs[0]))
    titles = []

    def walk(entries):
        for entry in entries:
            walk(entry) if isinstance(entry, list) else titles.append(entry.title)

    walk(reader.outline)
    for heading in ("The Screening", "Discussion Guide", "Film Summary", "Sign-in Sheet", "Feedback"):
        assert titles.count(heading) == 1, (heading, titles)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


def test_a_paragraph_measured_twice_keeps_its_hyphen(tmp_path):
    """A paragraph is wrapped again at the same width (a heading measures what follows, the
    frame measures it to place it); ReportLab breaking 'repetitive-labor' at its hyphen a
    second time lost the hyphen ('repetitivelabor' in the booklet with the example event).
    The lines are now broken once per width."""
    import pdfplumber

    result = build_kit(KIT, BuildOptions(layouts=["booklet"], out_dir=tmp_path, event_path=ROOT / "tests" / "kits" /
                                         "event.yaml", workers=1, force=True))
    with pdfplumber.open(result.written[0]) as pdf:
        words = [word["text"] for page in pdf.pages for word in page.extract_words()]
    assert not any("repetitivelabor" in word for word in words)
    assert "repetitive-labor" in words or any(a == "repetitive-" and b.startswith("labor")
                                              for a, b in zip(words, words[1:]))
