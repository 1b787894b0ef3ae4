import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit" / "last-train-home.yaml"
EVENT = ROOT / "events" / "example-club.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def runner():
    return CliRunner()


def run_cli(*args):
    from kitbuilder.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The Last Train Home kit built once with the three default layouts."""
    out = tmp_path_factory.mktemp("built")
    result = run_cli("build", KIT, "--out", out)
    assert result.exit_code == 0, result.output
    return {Path(line).stem: Path(line) for line in result.stdout.split()}


@pytest.fixture
def kit_copy(tmp_path):
    """A writable copy of the first kit, for tests that edit it."""
    target = tmp_path / "kit.yaml"
    shutil.copy(KIT, target)
    return target
