"""Output is reproducible and atomic: same inputs, same bytes; a failed build changes nothing."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EVENT, KIT, run_cli
from kitbuilder import build as build_module
from kitbuilder.write import output as output_module

LAYOUTS = ["--layout", "guide", "--layout", "booklet", "--layout", "handout-2up"]


def build(out, *extra):
    result = run_cli("build", KIT, "--event", EVENT, "--out", out, *LAYOUTS, *extra)
    assert result.exit_code == 0, result.output
    return [Path(p) for p in result.stdout.split()]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    first = snapshot_of(build(tmp_path / "one"), tmp_path / "one")
    second = snapshot_of(build(tmp_path / "two"), tmp_path / "two")
    assert first == second and len(first) == 3


def snapshot_of(paths, root):
    return {str(p.relative_to(root)): p.read_bytes() for p in paths}


def test_source_date_epoch_sets_the_creation_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    [guide] = [p for p in build(tmp_path) if p.stem == "guide"]
    assert PdfReader(str(guide)).metadata["/CreationDate"].startswith("D:20231114221320")


def test_without_source_date_epoch_the_date_is_fixed(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    [guide] = [p for p in build(tmp_path) if p.stem == "guide"]
    assert PdfReader(str(guide)).metadata["/CreationDate"].startswith("D:2000")


def test_a_build_failing_half_way_leaves_earlier_pdfs_untouched(tmp_path, monkeypatch):
    build(tmp_path)
    before = snapshot(tmp_path)
    calls = []
    real = build_module.render_one

    def fail_on_second(comp, document):
        calls.append(comp.layout.name)
        if len(calls) == 2:
            raise RuntimeError("simulated crash while rendering")
        return real(comp, document)

    monkeypatch.setattr(build_module, "render_one", fail_on_second)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 1)  # serial, so the patch applies
    with pytest.raises(RuntimeError):
        build_module.build_kit(KIT, build_module.BuildOptions(  # force: the PDFs are up to date
            layouts=["guide", "booklet", "handout-2up"], out_dir=tmp_path, event_path=EVENT, force=True))
    assert snapshot(tmp_path) == before, "nothing written, nothing left behind"


def test_an_interrupted_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    build(tmp_path)
    before = snapshot(tmp_path)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(output_module.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_module.build_kit(KIT, build_module.BuildOptions(
            layouts=["guide"], out_dir=tmp_path, event_path=EVENT, force=True))
    assert snapshot(tmp_path) == before


def test_one_file_is_replaced_by_one_rename_without_a_journal(tmp_path, monkeypatch):
    build(tmp_path)
    before = snapshot(tmp_path)
    monkeypatch.setattr(output_module, "_write_journal", lambda *args: pytest.fail("a journal for one file"))
    options = build_module.BuildOptions(layouts=["guide"], out_dir=tmp_path, event_path=EVENT, force=True)

    def interrupted(source, target):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:  # interrupted at the rename: the old file and nothing else
        patch.setattr(output_module.os, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            build_module.build_kit(KIT, options)
    assert snapshot(tmp_path) == before
    inodes = {path: path.stat().st_ino for path in tmp_path.rglob("*.pdf")}
    build_module.build_kit(KIT, options)
    assert sorted(snapshot(tmp_path)) == sorted(before)  # no temporary, no journal left
    assert [path.name for path in inodes if path.stat().st_ino != inodes[path]] == ["guide.pdf"]  # renamed into place


def test_a_disk_error_is_reported_without_traceback(tmp_path, monkeypatch):
    build(tmp_path)
    before = snapshot(tmp_path)

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output_module.os, "replace", disk_full)
    result = run_cli("build", KIT, "--event", EVENT, "--out", tmp_path, "--layout", "guide", "--force")
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert snapshot(tmp_path) == before
