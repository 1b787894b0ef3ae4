"""The ``kitbuilder`` program's garbage collector: rare for a one-shot command, as usual for
a caller of main(), a batch and a watch session (cli_parse.collect_rarely / collect_normally)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitbuilder import cli, cli_parse, cli_workflow

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit" / "last-train-home.yaml"


@pytest.fixture
def thresholds():
    """The collector and cli_parse's memory of it put back as they were after each test."""
    before, remembered = gc.get_threshold(), cli_parse._before
    yield before
    gc.set_threshold(*before)
    cli_parse._before = remembered


def test_main_called_by_a_program_leaves_the_collector_alone(tmp_path, thresholds):
    done = CliRunner().invoke(cli.main, ["build", str(KIT), "--layout", "handout", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert gc.get_threshold() == thresholds


def test_rarely_then_normally_gives_back_the_thresholds_found(thresholds):
    cli_parse.collect_normally()  # never raised: nothing to do
    assert gc.get_threshold() == thresholds
    cli_parse.collect_rarely()
    assert gc.get_threshold() == (cli_parse.RARELY, *thresholds[1:])
    cli_parse.collect_rarely()  # twice: still the first thresholds remembered
    cli_parse.collect_normally()
    assert gc.get_threshold() == thresholds


def test_a_batch_builds_with_the_collector_as_usual(monkeypatch, thresholds):
    import kitbuilder.workflow.batch as batch

    seen = []
    monkeypatch.setattr(batch, "run_batch", lambda combos, options, on_done=None: seen.append(gc.get_threshold()) or [])
    cli_parse.collect_rarely()
    cli.run_with_progress([], None)
    assert seen == [thresholds]


def test_a_watch_session_runs_with_the_collector_as_usual(monkeypatch, thresholds):
    seen = []

    def stop(*args):
        seen.append(gc.get_threshold())
        raise SystemExit(3)

    monkeypatch.setattr(cli_workflow, "single_plan", stop)
    cli_parse.collect_rarely()
    done = CliRunner().invoke(cli.main, ["watch", str(KIT)])
    assert done.exit_code == 3 and seen == [thresholds]


def test_the_program_collects_rarely_during_a_build_and_still_builds(tmp_path):
    child = (
        "import gc, sys\n"
        "import kitbuilder.build as build\n"
        "real = build.build_kit\n"
        "def spy(*a, **k):\n"
        "    sys.stderr.write('threshold %d\\n' % gc.get_threshold()[0])\n"
        "    return real(*a, **k)\n"
        "build.build_kit = spy\n"
        f"sys.argv = ['kitbuilder', 'build', {str(KIT)!r}, '--layout', 'handout', '--out', {str(tmp_path)!r}]\n"
        "from kitbuilder.cli import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert f"threshold {cli_parse.RARELY}" in done.stderr
    assert (tmp_path / "last-train-home" / "handout.pdf").exists()
