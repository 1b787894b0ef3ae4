"""The stamps' digests of outputs that do not exist yet are taken beside the rendering (by the
process with the smallest share), of the inputs as the build read them: an input edited while
the build runs leaves its outputs unstamped, so the next build makes them again."""

from __future__ import annotations

import os

import pytest

from conftest import handout_and_guide
from kitbuilder import build as build_module
from kitbuilder.workflow import stamps


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("step", ["compose", "_rendered"])
def test_a_kit_edited_while_it_is_built_is_built_again_next_time(own_kit, tmp_path, monkeypatch, workers, step):
    """Saved in the editor after the build read the kit: while it composes (before the statuses
    are noted; attack 11, finding 1) or while its layouts render. The PDFs hold the text read
    before, so the next build must not call them up to date."""
    real = getattr(build_module, step)

    def edited_meanwhile(*args):
        outcome = real(*args)
        with open(own_kit, "a", encoding="utf-8") as kit:
            kit.write(f"\n# edited by {os.getpid()}\n")
        return outcome

    monkeypatch.setattr(build_module, step, edited_meanwhile)
    first = build_module.build_kit(own_kit, handout_and_guide(tmp_path, workers=workers))
    assert len(first.written) == 2
    monkeypatch.setattr(build_module, step, real)
    again = build_module.build_kit(own_kit, handout_and_guide(tmp_path, workers=workers))
    assert again.written == first.written and not again.up_to_date


@pytest.mark.parametrize("workers", [1, 2])
def test_outputs_made_in_one_build_are_up_to_date_in_the_next(own_kit, tmp_path, workers):
    first = build_module.build_kit(own_kit, handout_and_guide(tmp_path, workers=workers))
    assert len(first.written) == 2
    again = build_module.build_kit(own_kit, handout_and_guide(tmp_path, workers=workers))
    assert not again.written and again.up_to_date == first.written
    forced = build_module.build_kit(own_kit, handout_and_guide(tmp_path, workers=workers, force=True))
    assert forced.written == first.written


def test_a_missing_output_is_made_again_though_its_stamp_is_current(own_kit, tmp_path):
    first = build_module.build_kit(own_kit, handout_and_guide(tmp_path, workers=2))
    first.written[0].unlink()
    again = build_module.build_kit(own_kit, handout_and_guide(tmp_path, workers=2))
    assert again.written == first.written[:1] and again.up_to_date == first.written[1:]


def test_digests_taken_later_equal_those_taken_at_once(own_kit, tmp_path):
    comps = build_module.prepare(own_kit, handout_and_guide(tmp_path))
    files = stamps.input_files(comps[0].kit, comps[0].event, comps[0].layout, str(comps[0].layout.path))
    options = build_module.stamp_options(handout_and_guide(tmp_path), "handout", "pdf")
    as_read = stamps.statuses(files)
    digests, file_digests = stamps.later_digests({"out": (files, options, as_read)})
    assert digests == {"out": stamps.inputs_digest(files, options)}
    assert all(isinstance(value, str) for value in file_digests.values())
    own_kit.write_text(own_kit.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert stamps.later_digests({"out": (files, options, as_read)})[0] == {"out": None}


def test_a_removed_stamp_is_not_an_error(own_kit, tmp_path):
    target = tmp_path / "x.pdf"
    stamps.record(target, None)  # no stamp yet: nothing to remove
    target.write_bytes(b"%PDF")
    stamps.record(target, "digest", b"%PDF")
    assert stamps.is_current(target, "digest")
    stamps.record(target, None)
    assert not stamps.is_current(target, "digest")
