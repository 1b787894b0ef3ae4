"""A stamp describes the bytes the build actually read (kitbuilder.source.readstatus): an input
saved after the build read it, but before its statuses were noted or digested (while it
composes), leaves its outputs unstamped, whether they existed before or not, so the next build
makes them again. Kit, layout, font, and a club labels file created after the build looked for it."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import KIT
from kitbuilder import build as build_module
from kitbuilder.labels import ENGLISH, shipped_file
from kitbuilder.source import readstatus
from kitbuilder.source.fontcache import __file__ as fontcache_file
from kitbuilder.workflow import stamps

from pathlib import Path

NOTO = Path(fontcache_file).resolve().parent.parent / "fonts" / "NotoSans-Regular.ttf"


@pytest.fixture
def kit(tmp_path, monkeypatch):
    monkeypatch.setenv(stamps.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "kit.yaml"
    shutil.copy(KIT, path)
    font = tmp_path / "Mine.ttf"
    font.write_bytes(NOTO.read_bytes())
    (tmp_path / "mine.yaml").write_text("extends: handout\nfonts:\n  sans: Mine.ttf\n", encoding="utf-8")
    return path


def _options(tmp_path, workers):
    return build_module.BuildOptions(layouts=["guide", str(tmp_path / "mine.yaml")], out_dir=tmp_path / "out",
                                     workers=workers)


def _saved(path: Path) -> None:
    """Saved by an editor: the same or other bytes, in place."""
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Last Train Home", b"Last Train Home!", 1) if path.suffix == ".yaml" else data)


def _save_while_composing(monkeypatch, save) -> None:
    real = build_module.compose
    done = []

    def composed_then_saved(kit, event, layout):
        composition = real(kit, event, layout)
        if not done:
            done.append(save())
        return composition

    monkeypatch.setattr(build_module, "compose", composed_then_saved)


SAVES = {
    "kit": lambda folder: _saved(folder / "kit.yaml"),
    "layout": lambda folder: _saved(folder / "mine.yaml"),
    "font": lambda folder: _saved(folder / "Mine.ttf"),
    "labels created": lambda folder: (folder / "labels").mkdir() or shutil.copy(shipped_file(ENGLISH),
                                                                                 folder / "labels" / "en.yaml"),
}
ONLY_MINE = ("layout", "font")  # the guide is not made from them: it stays up to date


def _stale(what: str, result) -> list[str]:
    """The outputs made from the saved file that the result calls up to date."""
    return [path.name for path in result.up_to_date if what not in ONLY_MINE or path.name == "mine.pdf"]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("what", list(SAVES))
def test_an_input_saved_after_it_was_read_leaves_new_outputs_unstamped(kit, tmp_path, monkeypatch, what, workers):
    _save_while_composing(monkeypatch, lambda: SAVES[what](tmp_path))
    first = build_module.build_kit(kit, _options(tmp_path, workers))
    assert len(first.written) == 2 and not first.up_to_date
    monkeypatch.undo()
    monkeypatch.setenv(stamps.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    again = build_module.build_kit(kit, _options(tmp_path, workers))
    assert not _stale(what, again), f"the {what} saved after it was read: its outputs called up to date"
    third = build_module.build_kit(kit, _options(tmp_path, workers))
    assert len(third.up_to_date) == 2 and not third.written, "once built from what is there, they are stamped"


@pytest.mark.parametrize("what", list(SAVES))
def test_an_input_saved_after_it_was_read_leaves_existing_outputs_unstamped(kit, tmp_path, monkeypatch, what):
    """Outputs that exist and are up to date: the digest that decides it is of the files as read."""
    first = build_module.build_kit(kit, _options(tmp_path, 1))
    assert len(first.written) == 2
    _save_while_composing(monkeypatch, lambda: SAVES[what](tmp_path))
    second = build_module.build_kit(kit, _options(tmp_path, 1))
    assert not _stale(what, second), "an input changed since it was read: not up to date"
    monkeypatch.undo()
    monkeypatch.setenv(stamps.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    third = build_module.build_kit(kit, _options(tmp_path, 1))
    assert not _stale(what, third), f"the {what} saved after it was read: its outputs called up to date"


def test_unchanged_inputs_are_up_to_date(kit, tmp_path):
    first = build_module.build_kit(kit, _options(tmp_path, 1))
    again = build_module.build_kit(kit, _options(tmp_path, 1))
    assert sorted(again.up_to_date) == sorted(first.written) and not again.written


def test_what_the_build_read_is_what_counts(tmp_path):
    readstatus.new_build()
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n")
    before = os.stat(path)
    assert readstatus.unchanged_since_read(path, before), "not read by this build: judged by its status now"
    readstatus.note_read(path, before, os.stat(path))
    assert readstatus.unchanged_since_read(path, os.stat(path))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
    assert not readstatus.unchanged_since_read(path, os.stat(path))
    assert not readstatus.unchanged_since_read(tmp_path / "." / "a.yaml", os.stat(path)), "the same file"
    readstatus.note_read(path, os.stat(path))
    assert not readstatus.unchanged_since_read(path, os.stat(path)), "read at two statuses: changed"
    readstatus.new_build()
    readstatus.note_read(path, before, os.stat(path))
    assert not readstatus.unchanged_since_read(path, os.stat(path)), "written while it was read"
    readstatus.new_build()
    missing = tmp_path / "labels" / "fr.yaml"
    readstatus.note_missing(missing)
    assert readstatus.unchanged_since_read(missing, None)
    missing.parent.mkdir()
    missing.write_text("x: y\n")
    assert not readstatus.unchanged_since_read(missing, os.stat(missing))
    readstatus.new_build()
    assert readstatus.unchanged_since_read(missing, os.stat(missing))


def test_a_file_read_under_a_link_is_found_by_its_inode(tmp_path):
    readstatus.new_build()
    real = tmp_path / "real.yaml"
    real.write_text("a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    readstatus.note_read(link, os.stat(link), os.stat(link))
    assert readstatus.unchanged_since_read(real, os.stat(real))
    real.write_text("a: 2\n")
    assert not readstatus.unchanged_since_read(real, os.stat(real))


def test_notes_out_of_room_never_forget_a_change(tmp_path, monkeypatch):
    """Once the notes are full, what was noted (a change included) is kept, and no file read
    since is vouched for: its outputs go unstamped rather than risk a stale stamp."""
    monkeypatch.setattr(readstatus, "MAX_NOTED", 4)
    readstatus.new_build()
    changed, late = tmp_path / "changed.yaml", tmp_path / "late.yaml"
    changed.write_text("a: 1\n")
    late.write_text("b: 2\n")
    before = os.stat(changed)
    readstatus.note_read(changed, before)
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
    readstatus.note_read(changed, os.stat(changed))  # read at two statuses: changed
    for n in range(3):
        other = tmp_path / f"other-{n}.yaml"
        other.write_text("c: 3\n")
        readstatus.note_read(other, os.stat(other))
    readstatus.note_read(late, os.stat(late))  # no room left
    assert not readstatus.unchanged_since_read(changed, os.stat(changed)), "the change is not forgotten"
    assert not readstatus.unchanged_since_read(late, os.stat(late)), "read without room: not vouched for"
    readstatus.new_build()
    assert readstatus.unchanged_since_read(late, os.stat(late))
