"""The page make-up's layout pass that draws no text (render/pdf/makeup.py): where the last
document of a kit and layout was rebalanced, the next one is decided from a dry pass and
only the version kept is drawn. That pass must lay out exactly as a drawn render does, and
the document made must be the same byte for byte whichever way it was decided."""

from __future__ import annotations

from pathlib import Path

import pytest

import kitbuilder.fitting as fitting
import kitbuilder.render.pdf.makeup as makeup
from conftest import KIT
from kitbuilder.build import BuildOptions, prepare
from kitbuilder.compose.document import build_document
from kitbuilder.render.pdf import memo
from kitbuilder.render.pdf.document import render_pdf

ROOT = Path(__file__).resolve().parent.parent
KITS = ROOT / "tests" / "kits"


def club_event(tmp_path: Path, n: int = 7) -> Path:
    """An event whose two extra lines leave the guide with a nearly empty last page."""
    path = tmp_path / f"club-{n}.yaml"
    path.write_text(f"host: Film Club {n}\ntitle: Screening number {n}\ndate: 2027-08-08\nvenue: Hall {n}\n"
                    f"credit: Guide for club {n}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kit", [KIT, KITS / "long.yaml", KITS / "ja.yaml", KITS / "de.yaml",
                                 KITS / "typo-zh-last-train-home.yaml"], ids=lambda p: Path(p).stem)
@pytest.mark.parametrize("layout", ["guide", "facilitator", "booklet", "large-print"])
def test_a_dry_pass_lays_out_as_a_drawn_render(kit, layout, tmp_path):
    comp = prepare(kit, BuildOptions(layouts=[layout], event_path=club_event(tmp_path)))[0]
    document = build_document(comp)
    for scale in (1.0, 0.975):
        scaled = comp.with_scale(scale) if scale != 1.0 else comp
        drawn = render_pdf(scaled, document)
        dry = render_pdf(scaled, document, dry=True)
        assert (dry.pages, dry.last_page_fill, dry.missing, dry.pages_of) == \
               (drawn.pages, drawn.last_page_fill, drawn.missing, drawn.pages_of)
        assert dry.unsaved is None and dry.data == b"", "a dry pass is never written out"


def renders_of(monkeypatch) -> list:
    renders = []

    def counted(*args, **kwargs):
        renders.append(kwargs.get("dry", False))
        return render_pdf(*args, **kwargs)

    monkeypatch.setattr(makeup, "render_pdf", counted)
    return renders


def made(kit, layout, event, monkeypatch) -> tuple[bytes, list]:
    comp = prepare(kit, BuildOptions(layouts=[layout], event_path=event))[0]
    renders = renders_of(monkeypatch)
    return fitting.render_fitted(comp, build_document(comp)).data, renders


def test_a_rebalanced_document_is_the_same_decided_dry(tmp_path, monkeypatch):
    makeup.REBALANCED.clear()
    memo.clear()
    cold, renders = made(KIT, "guide", club_event(tmp_path, 7), monkeypatch)
    assert renders == [False, False], "the club guide is expected to be rebalanced"
    # the next event's guide is decided from a dry pass; drawn once
    other, renders = made(KIT, "guide", club_event(tmp_path, 8), monkeypatch)
    assert renders == [True, False]
    # the first one again, decided dry, with the memos warm and then cleared: the same bytes
    warm, renders = made(KIT, "guide", club_event(tmp_path, 7), monkeypatch)
    assert renders == [True, False] and warm == cold
    memo.clear()
    makeup.REBALANCED.put((str(prepare(KIT, BuildOptions(layouts=["guide"]))[0].layout.path), "guide",
                           str(KIT)), True, 1)
    again, renders = made(KIT, "guide", club_event(tmp_path, 7), monkeypatch)
    assert renders == [True, False] and again == cold and other != cold


def test_a_wrong_guess_costs_a_render_and_changes_nothing(tmp_path, monkeypatch):
    """Guessed rebalanced, but this document (no event) ends on a full enough page: drawn at
    full size after the dry pass, the same bytes as without the guess."""
    makeup.REBALANCED.clear()
    cold, renders = made(KIT, "guide", None, monkeypatch)
    assert renders == [False]
    comp = prepare(KIT, BuildOptions(layouts=["guide"]))[0]
    makeup.REBALANCED.put((str(comp.layout.path), comp.layout.name, str(comp.kit.path)), True, 1)
    guessed, renders = made(KIT, "guide", None, monkeypatch)
    assert renders == [True, False] and guessed == cold
    assert not makeup.REBALANCED.get((str(comp.layout.path), comp.layout.name, str(comp.kit.path)))


def test_the_guesses_are_bounded():
    makeup.REBALANCED.clear()
    for n in range(makeup.REBALANCED.max_entries + 50):
        makeup.REBALANCED.put(("layout", "guide", f"kit-{n}"), True, 1)
    assert len(makeup.REBALANCED) == makeup.REBALANCED.max_entries
    makeup.REBALANCED.clear()


def lines_of(para) -> list[str]:
    bl = para.blPara
    if bl.kind == 0:
        return [" ".join(words) for _, words in bl.lines]
    return ["".join(getattr(f, "text", "") for f in line.words) for line in bl.lines]


def test_a_split_probe_leaves_the_shared_lines_as_they_were():
    """A split of a paragraph holding shared lines first probes whether it cuts them: one that
    keeps the paragraph whole or moves it on reads them only; one that cuts breaks its own."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    memo.clear()
    style = ParagraphStyle("probe", fontName="Helvetica", fontSize=10, leading=12, allowOrphans=0, allowWidows=0)
    text = "A <b>long</b> paragraph of words that runs over several lines of a narrow column, " * 6
    first = memo.MemoParagraph(text, style)
    first.wrap(120, 1000)
    before = lines_of(first)
    plain = Paragraph(text, style)
    plain.wrap(120, 1000)
    assert lines_of(plain) == before
    probing = 0
    for height in (5, 13, 1000, 60, 5):  # no room, an orphan, all of it, a cut, no room
        shared = memo.MemoParagraph(text, style)
        shared.wrap(120, 1000)
        assert shared._kb_shared
        parts = shared.split(120, height)
        fresh = Paragraph(text, style)
        fresh.wrap(120, 1000)
        expected = fresh.split(120, height)
        assert len(parts) == len(expected)
        if len(parts) == 2:
            for part, want in zip(parts, expected):
                part.wrap(120, 1000)
                want.wrap(120, 1000)
                assert lines_of(part) == lines_of(want)
        else:
            probing += 1
            assert shared._kb_shared, "kept whole or moved on: its lines stay the shared ones"
        again = memo.MemoParagraph(text, style)
        again.wrap(120, 1000)
        assert lines_of(again) == before, "the memo's lines were changed by a split"
    assert probing == 4
