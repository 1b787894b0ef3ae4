"""The shrink-to-fit search (kitbuilder.fitting.largest_fitting): bisection finds the scale a walk
down from full size in 2.5% steps would stop at (the largest that fits), in fewer renders."""

from __future__ import annotations

from pathlib import Path

import yaml

import kitbuilder.fitting as fitting
from conftest import KIT
from kitbuilder.compose.composition import compose
from kitbuilder.compose.document import build_document
from kitbuilder.model.event import load_event
from kitbuilder.model.kit import load_kit
from kitbuilder.model.layout import load_layout

LTH = yaml.safe_load(KIT.read_text(encoding="utf-8"))


def handout_for(tmp_path: Path, extra: int):
    kit = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    kit["questions"] = LTH["questions"] + [
        f"Extra question {i + 1}: what did the film show you about the journey home that you had not seen before?"
        for i in range(extra)]
    path = tmp_path / "long-kit.yaml"
    path.write_text(yaml.safe_dump(kit, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the floor of _base (8.5 pt), not the handout's 9.5 pt body floor: room for several steps
    comp = compose(load_kit(path), load_event(None), load_layout("handout", [("fit.min_body_size", "8.5")]))
    return comp, build_document(comp)


def test_bisection_stops_where_the_walk_down_stops(tmp_path, monkeypatch):
    comp, document = handout_for(tmp_path, 8)  # fits only two steps above the floor
    limit = comp.layout.page.max_pages
    scales = fitting.fit_scales(comp)
    assert len(scales) > 4
    pages = {scale: fitting.render_pdf(comp.with_scale(scale), document).pages for scale in scales}
    assert pages[scales[0]] > limit, "the test kit must overflow the handout at full size"
    assert pages[scales[-1]] <= limit, "and fit it at the floor"
    walked = next(scale for scale in scales if pages[scale] <= limit)  # the old search

    renders = []
    real = fitting.render_pdf
    monkeypatch.setattr(fitting, "render_pdf", lambda c, *a, **k: renders.append(c) or real(c, *a, **k))
    smallest = real(comp.with_scale(scales[-1]), document)
    found = fitting.largest_fitting(comp, document, scales, smallest)
    assert found.pages <= limit
    assert found.data == real(comp.with_scale(walked), document).data, "not the render at the largest scale that fits"
    assert len(renders) <= len(scales).bit_length(), f"{len(renders)} renders for {len(scales)} scales"
