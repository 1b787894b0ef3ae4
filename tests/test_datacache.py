"""The on-disk cache of plain data (source/datacache.py): a kept value is the value made afresh,
a damaged or foreign entry is never used, and the folder stays bounded."""

import os
from pathlib import Path

import pytest
import yaml

from kitbuilder.source import datacache
from kitbuilder.source.datacache import remembered


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "data"


def counting(value):
    calls = []

    def make():
        calls.append(1)
        return value
    return make, calls


def test_a_value_is_made_once_then_read_back_equal(cache):
    value = {"a": [1, 2.5, True, None], "b": ("x", "y"), "c": {"d": "é\u00a0"}}
    make, calls = counting(value)
    assert remembered("test", b"source", make) == value
    again = remembered("test", b"source", make)
    assert again == value and len(calls) == 1
    assert type(again["a"][2]) is bool and type(again["b"]) is tuple
    assert remembered("test", b"other source", make) == value and len(calls) == 2  # keyed by what it is made from
    assert remembered("other", b"source", make) == value and len(calls) == 3  # and by its kind


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign", "link", "fifo", "huge"])
def test_a_damaged_or_foreign_entry_is_never_used(cache, tmp_path, damage, monkeypatch):
    make, calls = counting(["kept"])
    remembered("test", b"source", make)
    [entry] = list(cache.glob("*.bin"))
    blob = entry.read_bytes()
    entry.unlink()
    if damage == "truncate":
        entry.write_bytes(blob[:-3])
    elif damage == "flip":
        entry.write_bytes(blob[:-2] + bytes([blob[-2] ^ 1]) + blob[-1:])
    elif damage == "foreign":  # a well-made entry of another key put in its place
        other = tmp_path / "other"
        monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(other))
        remembered("test", b"another source", lambda: ["foreign"])
        monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
        entry.write_bytes(next((other / "data").glob("*.bin")).read_bytes())
    elif damage == "link":
        target = tmp_path / "target.bin"
        target.write_bytes(blob)
        entry.symlink_to(target)
    elif damage == "fifo":
        os.mkfifo(entry)
    elif damage == "huge":
        monkeypatch.setattr(datacache, "MAX_BYTES", len(blob) - 1)
        entry.write_bytes(blob)
    assert remembered("test", b"source", make) == ["kept"]
    assert len(calls) == 2


def test_a_changed_function_is_not_answered_by_what_the_old_one_made(cache):
    def make():
        return "old"
    first = make

    def make():  # noqa: F811 - the same function, changed
        return "new"
    assert remembered("test", b"source", first) == "old"
    assert remembered("test", b"source", make) == "new"
    assert remembered("test", b"source", first) == "old"


def test_the_arguments_are_part_of_the_key(cache):
    def upper(text):
        return text.upper()
    assert remembered("test", b"source", upper, "a") == "A"
    assert remembered("test", b"source", upper, "b") == "B"


def test_what_marshal_cannot_store_is_made_each_time(cache):
    import datetime

    make, calls = counting({"when": datetime.date(2026, 12, 12)})
    assert remembered("test", b"source", make) == {"when": datetime.date(2026, 12, 12)}
    assert remembered("test", b"source", make) == {"when": datetime.date(2026, 12, 12)}
    assert len(calls) == 2 and not list(cache.glob("*.bin"))


def test_a_folder_that_cannot_be_written_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(blocker / "cache"))
    assert remembered("test", b"source", lambda: [1]) == [1]


def test_the_folder_keeps_the_entries_used_most_recently(cache, monkeypatch):
    monkeypatch.setattr(datacache, "MAX_FILES", 3)
    made = []

    def number(n):
        made.append(n)
        return n
    for n in range(6):
        remembered("test", f"source {n}", number, n)
        for entry in cache.glob("*.bin"):  # each older than the one written after it
            os.utime(entry, ns=(entry.stat().st_mtime_ns - 10**9,) * 2)
    assert len(list(cache.glob("*.bin"))) == 3
    assert remembered("test", "source 5", number, 5) == 5 and made == list(range(6))  # the newest is kept
    assert remembered("test", "source 0", number, 0) == 0 and made[-1] == 0  # the oldest was removed


def test_shipped_data_read_through_the_cache_is_what_yaml_reads(cache):
    """The declarations and the typography rules, cold and warm, equal a plain reading of the files."""
    from kitbuilder.compose import typography
    from kitbuilder.source import spec

    folder = Path(spec.__file__).resolve().parent.parent
    files = [folder / "model" / "specs" / f"{n}.yaml" for n in ("kit", "event", "layout", "project")]
    files.append(folder / "labels" / "_typography.yaml")
    for path in files:
        plain = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert datacache.yaml_data(path.read_bytes(), "spec") == plain  # made
        assert datacache.yaml_data(path.read_bytes(), "spec") == plain  # read back
    assert spec.read_declaration("layout") == yaml.safe_load(files[2].read_text(encoding="utf-8"))
    assert typography._table.__wrapped__() == yaml.safe_load(files[-1].read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", ["en", "fr", "de", "pt-BR", "es"])
def test_calendar_names_read_back_are_babels(cache, language):
    from kitbuilder.compose import nobreak

    for kind in ("months", "days"):
        fresh = nobreak._cldr_calendar_names(language, kind)
        assert fresh
        assert nobreak._calendar_names.__wrapped__(language, kind) == fresh  # made and kept
        assert nobreak._calendar_names.__wrapped__(language, kind) == fresh  # read back
    assert len(list(cache.glob("calendar-*.bin"))) == 2


@pytest.mark.parametrize("tag", ["en", "zh-CN", "zh-TW", "pt-BR", "sr", "ja"])
def test_the_language_facts_read_back_are_cldrs(cache, tag):
    from kitbuilder.model import language

    fresh = language._cldr_facts(tag)
    assert language.facts.__wrapped__(tag) == fresh  # made and kept
    assert language.facts.__wrapped__(tag) == fresh  # read back
    assert language.fallbacks(tag)[0] == tag
    assert len(list(cache.glob("language-*.bin"))) == 1


def test_the_key_of_a_function_with_a_set_literal_is_the_same_in_every_process():
    """A set constant's repr follows the hash seed, which changes from process to process."""
    import subprocess
    import sys

    program = ("from kitbuilder.source.datacache import _code_text\n"
               "def make(word):\n    return word in {'alpha', 'beta', 'gamma', 'delta', 'epsilon'}\n"
               "print(_code_text(make.__code__).hex())")
    keys = {subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in (1, 2, 3, 4)}
    assert len(keys) == 1


def test_temporaries_left_by_killed_writers_are_removed(tmp_path):
    import os
    import time

    from kitbuilder.source.cachefiles import STALE_SECONDS, write_entry

    stale, fresh = tmp_path / ".entry-old.tmp", tmp_path / ".entry-new.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half")
    os.utime(stale, (time.time() - STALE_SECONDS - 60,) * 2)
    write_entry(tmp_path / "a.bin", {"plain": 1}, b"magic\n", 1024, 10)
    assert not stale.exists() and fresh.exists()  # one still being written is left alone
