import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit" / "last-train-home.yaml"
EVENT = ROOT / "events" / "example-club.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parent))
# Incremental builds keep their stamps in the user's cache folder; the tests keep theirs apart.
os.environ.setdefault("KITBUILDER_CACHE_DIR", tempfile.mkdtemp(prefix="kitbuilder-test-cache-"))

# Property tests and fuzzing try the same examples on every run, so a red run is always this
# change's doing; HYPOTHESIS_PROFILE=explore searches new examples (run it when working on
# the parsers, and turn what it finds into a test of its own).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("fixed", derandomize=True, database=None)
_hypothesis_settings.register_profile("explore", derandomize=False)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))


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
    problems = check_pdfs_under(out)
    assert not problems, "\n".join(problems)
    return {Path(line).stem: Path(line) for line in result.stdout.split()}


@pytest.fixture
def kit_copy(tmp_path):
    """A writable copy of the first kit, for tests that edit it."""
    target = tmp_path / "kit.yaml"
    shutil.copy(KIT, target)
    return target


@pytest.fixture
def own_kit(kit_copy, tmp_path, monkeypatch):
    """A writable copy of the first kit, built with a cache folder (stamps, fonts) of its own."""
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    return kit_copy


def handout_and_guide(tmp_path, **more):
    """Build options for the handout and the guide into ``tmp_path / "out"``."""
    from kitbuilder.build import BuildOptions

    return BuildOptions(layouts=["handout", "guide"], out_dir=tmp_path / "out", **more)


SAMPLES = Path(__file__).resolve().parent.parent / "src" / "kitbuilder" / "model" / "samples"


@pytest.fixture
def season(tmp_path, monkeypatch):
    """A working folder with its own stamp cache; kitbuilder runs from it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def build_pdfs(out, *args, kit=KIT) -> dict[str, Path]:
    """Build ``kit`` into ``out`` (must succeed): the written files by layout name."""
    result = run_cli("build", kit, "--out", out, *args)
    assert result.exit_code == 0, result.output
    return {Path(line).stem: Path(line) for line in result.stdout.split()}


def ok(result):
    """``result`` of a CLI run, which must have succeeded."""
    assert result.exit_code == 0, result.output
    return result


# ---------------------------------------------------------------------------
# Every PDF the test suite writes must pass `qpdf --check`, and `pdffonts` must list
# no font that is not embedded. Checked after each test that used tmp_path, for the
# session's `built` folder, and at the end for anything else under the session's
# temporary folder. Files that do not start with %PDF or are under 1 KB are the
# deliberately fake "earlier PDFs" some tests plant; they are not checked. Without
# qpdf or pdffonts installed the check is skipped (CI installs both, see .ci/run).

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

QPDF = shutil.which("qpdf")
PDFFONTS = shutil.which("pdffonts")
_checked: dict[Path, tuple[int, int]] = {}  # path -> (size, mtime_ns) when it passed


def pdf_problems(path: Path) -> list[str]:
    """What qpdf --check and pdffonts find wrong with one PDF ([] when nothing)."""
    found = []
    check = subprocess.run([QPDF, "--check", str(path)], capture_output=True, text=True)
    if check.returncode != 0:
        found.append(f"{path}: qpdf --check exit {check.returncode}:\n{check.stdout[-1500:]}{check.stderr[-1500:]}")
    fonts = subprocess.run([PDFFONTS, str(path)], capture_output=True, text=True)
    if fonts.returncode != 0:
        found.append(f"{path}: pdffonts exit {fonts.returncode}: {fonts.stderr[-500:]}")
    else:
        lines = fonts.stdout.splitlines()
        # The columns are as wide as the dashes under the header; 'emb' is the fourth.
        rule = next((i for i, line in enumerate(lines) if line.startswith("---")), None)
        if rule is not None:
            starts = [i for i, c in enumerate(lines[rule]) if c == "-" and (i == 0 or lines[rule][i - 1] == " ")]
            for line in lines[rule + 1:]:
                emb = line[starts[3]:starts[4]].strip() if len(starts) > 4 else ""
                if emb != "yes":
                    found.append(f"{path}: a font is not embedded: {line.strip()}")
    return found


def _real_pdf(path: Path) -> bool:
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size < 1024:
            return False
        with open(path, "rb") as stream:
            return stream.read(4) == b"%PDF"
    except OSError:
        return False


def check_pdfs_under(folder: Path) -> list[str]:
    """Check every real PDF under ``folder`` not checked before as it is now."""
    if not (QPDF and PDFFONTS) or not folder.is_dir():
        return []
    todo = []
    for path in folder.rglob("*.pdf"):
        if not _real_pdf(path):
            continue
        info = path.stat()
        if _checked.get(path) != (info.st_size, info.st_mtime_ns):
            todo.append((path, (info.st_size, info.st_mtime_ns)))
    if not todo:
        return []
    with ThreadPoolExecutor(max_workers=min(8, 2 * (os.cpu_count() or 1))) as pool:
        results = list(pool.map(lambda item: pdf_problems(item[0]), todo))
    found = []
    for (path, stamp), problems in zip(todo, results):
        if problems:
            found.extend(problems)
        else:
            _checked[path] = stamp
    return found


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a test that used tmp_path (itself or through a fixture), check the PDFs it wrote."""
    result = yield
    folder = getattr(item, "funcargs", {}).get("tmp_path")
    if folder is not None:
        problems = check_pdfs_under(folder)
        if problems:
            pytest.fail("a PDF written by this test is not valid or has a font that is not embedded:\n"
                        + "\n".join(problems), pytrace=False)
    return result


@pytest.fixture(scope="session", autouse=True)
def _session_pdfs_pass_qpdf_and_pdffonts(tmp_path_factory):
    yield
    problems = check_pdfs_under(tmp_path_factory.getbasetemp())
    if problems:
        pytest.fail("a PDF written by the test suite is not valid or has a font that is not embedded:\n"
                    + "\n".join(problems), pytrace=False)
