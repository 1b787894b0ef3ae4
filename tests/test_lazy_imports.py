"""What a plain build does not need is imported only where it is needed, and every path that
needs it still works from a fresh process (where nothing else has imported it first).

- Babel's date formats (``babel.dates``, which loads the time zones): only where an event's
  date or time is written (compose/dates.py);
- ``difflib``: only for a did-you-mean on a mistyped key (source/scalars.py, diagnostics.py);
- the logo renderer (render/pdf/images.py, which imports ReportLab's graphics): only for a logo.

Each case runs in its own interpreter: in this one, other tests have imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit" / "last-train-home.yaml"
KITS = ROOT / "tests" / "kits"
LAZY = ("babel.dates", "difflib", "reportlab.graphics.shapes", "kitbuilder.render.pdf.images")


def fresh(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """``code`` run by a new interpreter in the project folder (its own cache folder)."""
    env = dict(os.environ, KITBUILDER_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_default_build_imports_none_of_them(tmp_path):
    """With the cache folder filled by a first build (as on a user's machine from the second
    build on: the first works out CLDR's month names with Babel's date module, once)."""
    code = f"""
import json, sys
from kitbuilder.build import BuildOptions, build_kit
result = build_kit({str(KIT)!r}, BuildOptions(out_dir={str(tmp_path / "out")!r}, force=True, workers=1))
print(json.dumps([len(result.written), [name for name in {LAZY!r} if name in sys.modules]]))
"""
    first, second = fresh(code, tmp_path), fresh(code, tmp_path)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    written, imported = json.loads(second.stdout.splitlines()[-1])
    assert written == 3 and imported == []


def test_an_event_s_date_and_time_are_written_from_a_fresh_process(tmp_path):
    code = f"""
from kitbuilder.compose.blocks import Para, walk
from kitbuilder.compose.composition import compose
from kitbuilder.compose.document import build_document
from kitbuilder.model.event import load_event
from kitbuilder.model.kit import load_kit
from kitbuilder.model.layout import load_layout
comp = compose(load_kit({str(KITS / "fr.yaml")!r}), load_event({str(KITS / "event.yaml")!r}), load_layout("handout"))
print(" ".join(b.text for b in walk(build_document(comp)) if isinstance(b, Para)))
"""
    done = fresh(code, tmp_path)
    assert done.returncode == 0, done.stderr
    shown = " ".join(done.stdout.replace("\u202f", " ").replace("\u00a0", " ").split())
    assert "samedi 12 décembre 2026, 19 h 30" in shown


def test_a_mistyped_key_gets_its_did_you_mean_from_a_fresh_process(tmp_path):
    kit = tmp_path / "kit.yaml"
    kit.write_text(KIT.read_text(encoding="utf-8").replace("\n  title:", "\n  titel:", 1), encoding="utf-8")
    code = f"""
import sys
from kitbuilder.cli import main
sys.argv = ["kitbuilder", "build", {str(kit)!r}, "--out", {str(tmp_path / "out")!r}]
main()
"""
    done = fresh(code, tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "unknown key 'titel' in film" in done.stderr and "did you mean 'title'?" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_png_logo_is_drawn_from_a_fresh_process(tmp_path):
    from PIL import Image

    Image.new("RGB", (120, 60), (200, 30, 30)).save(tmp_path / "logo.png")
    event = tmp_path / "event.yaml"
    event.write_text("host: Kino Lumen\nlogo: logo.png\n", encoding="utf-8")
    code = f"""
from kitbuilder.build import BuildOptions, build_kit
result = build_kit({str(KIT)!r}, BuildOptions(layouts=["handout"], out_dir={str(tmp_path / "out")!r},
                   event_path={str(event)!r}, workers=1))
print(*result.written)
"""
    done = fresh(code, tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = Path(done.stdout.split()[-1])
    assert pdf.suffix == ".pdf" and b"/Subtype /Image" in pdf.read_bytes()
