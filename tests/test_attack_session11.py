"""Attacks on what changed in session 11 (lazy fonts, stamps taken beside the rendering,
the two processes of a build, Memo). Each test fails on the code as it was attacked."""

from __future__ import annotations

import hashlib
import marshal
import os
import signal
import time
from pathlib import Path

import pytest

from conftest import KIT
from kitbuilder import parallel

ROOT = Path(__file__).resolve().parent.parent


# --- 1. stamps: an edit saved after the kit was read but before the statuses are noted: in
# tests/test_build_stamps_later.py (test_a_kit_edited_while_it_is_built_is_built_again_next_time)


# --- 2. a copy killed (out of memory) while it sends a large outcome through the pipe ------------

def _killed_midway(tmp_path):
    pid_file = tmp_path / "copy.pid"

    def run(job):
        if job == "copy":  # in the forked copy: an outcome larger than the pipe can hold (1 MiB)
            pid_file.write_text(str(os.getpid()))
            return b"x" * (8 << 20)
        deadline = time.monotonic() + 20  # in this process: the system kills the copy while it writes
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(1.0)  # the copy has filled the pipe and waits for this process to read
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
        return "mine"
    return run


def test_a_copy_killed_while_sending_is_reported_as_stopped_not_as_a_pickle_error(tmp_path):
    """_receive unpickles whatever arrived: half an outcome raises pickle's UnpicklingError
    (a traceback for the user) instead of WorkerStopped ("a process ... stopped unexpectedly")."""
    with pytest.raises(parallel.WorkerStopped):
        parallel.run_all(["mine", "copy"], _killed_midway(tmp_path), [10.0, 1.0], 2)


# --- 3. the cache folder shared or synced: an entry written by someone else -----------------------

from hostile import assert_refused, run_child  # noqa: E402

from kitbuilder.source import cachefiles, fontcache  # noqa: E402

NOTO = Path(fontcache.__file__).resolve().parent.parent / "fonts" / "NotoSans-Regular.ttf"


@pytest.fixture
def font_folder(tmp_path, monkeypatch):
    """A cache folder of the test's own, a font file of its own (Good.ttf), its layout, and the
    font's entry (written by a first build)."""
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    good = tmp_path / "Good.ttf"
    good.write_bytes(NOTO.read_bytes() + b"\0\0\0\0" + os.urandom(8))
    (tmp_path / "good.yaml").write_text("extends: handout\nfonts:\n  sans: Good.ttf\n", encoding="utf-8")
    first = run_child("build", KIT, "--layout", tmp_path / "good.yaml", "--out", tmp_path / "first")
    assert first.code == 0, first.output
    return tmp_path


def _entry_of(data: bytes) -> tuple[Path, dict]:
    path = fontcache.cache_file(hashlib.sha256(data).hexdigest())
    found, value = cachefiles.read_entry(path, fontcache.MAGIC, fontcache.MAX_BYTES)
    assert found
    return path, value


def _plant(path: Path, value: dict) -> None:
    """Written as kitbuilder writes an entry: right magic, right checksum."""
    cachefiles.write_entry(path, value, fontcache.MAGIC, None, fontcache.MAX_FILES)


@pytest.mark.parametrize("table, damage", [
    ("charWidths", lambda packed: b"\xff not marshal data"),
    ("charWidths", lambda packed: marshal.dumps({code: "wide" for code in marshal.loads(packed)})),
    ("glyphPos", lambda packed: marshal.dumps(marshal.loads(packed)[:10])),
], ids=["not-marshal", "widths-of-strings", "glyph-positions-short"])
def test_a_planted_entry_whose_table_is_unusable_is_never_a_traceback(font_folder, table, damage):
    """A face filled from the cache folder unpacks each table on first use (fontcache._Table)
    without checking it: a table that is no marshal, of the wrong types or too short raises
    ValueError / RuntimeError / IndexError from the renderer (a traceback), where the entry
    should have been found unusable and the font parsed (or refused on its layout line)."""
    path, value = _entry_of((font_folder / "Good.ttf").read_bytes())
    packed = value["face"]["packed"]
    packed[table] = damage(packed[table])
    _plant(path, value)
    out = font_folder / "out"
    run = run_child("build", KIT, "--layout", font_folder / "good.yaml", "--out", out)
    assert "Traceback" not in run.output, run.output[-1500:]
    assert run.code == 0 or (run.code == 1 and ": error: " in run.output), run.output[-1500:]


def test_a_good_fonts_entry_planted_under_a_damaged_fonts_name_does_not_let_it_print(font_folder):
    """An entry exists only for a font that passed the checks, so a cached font is never checked
    again: a truncated font whose digest names a planted entry (a good font's attributes) is
    accepted and embedded; the PDF is written with a font no viewer can load (poppler: "Couldn't
    create a font"), its glyphs substituted or missing. It must be refused on its layout line."""
    cut = font_folder / "Cut.ttf"
    cut.write_bytes((font_folder / "Good.ttf").read_bytes()[:60_000])
    (font_folder / "cut.yaml").write_text("extends: handout\nfonts:\n  sans: Cut.ttf\n", encoding="utf-8")
    out = font_folder / "out"
    refused = run_child("build", KIT, "--layout", font_folder / "cut.yaml", "--out", out)
    assert_refused(refused, out, {}, words="font file 'Cut.ttf' cannot be used")  # nothing cached: refused

    _, value = _entry_of((font_folder / "Good.ttf").read_bytes())
    value["digest"] = hashlib.sha256(cut.read_bytes()).hexdigest()
    _plant(fontcache.cache_file(value["digest"]), value)
    planted = run_child("build", KIT, "--layout", font_folder / "cut.yaml", "--out", out)
    assert_refused(planted, out, {}, words="font file 'Cut.ttf' cannot be used")
