"""Per-process memos held to their promise: a build in a long-lived process (a batch worker,
``kitbuilder watch``) prints exactly what a fresh process prints, and no memo grows without
bound. Each test here failed before its fix (the attack on the memos, round 10).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kitbuilder.diagnostics import Origin, Problems

ROOT = Path(__file__).resolve().parents[1]


def _noise_png(path: Path, side: int) -> None:
    """A PNG of random pixels: it compresses to nothing, so the file is as large as its pixels."""
    from PIL import Image

    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, compress_level=0)


# ---------------------------------------------------------------------------
# 1. the logo memo is bounded


def test_many_large_logos_in_one_process_stay_within_the_logo_memos_bound(tmp_path):
    """Sixty events, each naming another hard link of one 4 MB logo (another path: another
    entry), checked in one process: its peak stays near one logo's worth, not sixty."""
    _noise_png(tmp_path / "logo.png", 1150)  # ~4 MB
    for i in range(60):
        os.link(tmp_path / "logo.png", tmp_path / f"logo{i}.png")
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from kitbuilder.diagnostics import Origin, Problems
        from kitbuilder.model import logo
        def peak():
            with open("/proc/self/status") as status:
                return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
        folder = Path(sys.argv[1])
        logo._find_and_check("logo.png", Origin(str(folder / "event.yaml")), Problems())
        start = peak()
        for i in range(60):
            problems = Problems()
            assert logo._find_and_check(f"logo{i}.png", Origin(str(folder / f"ev{i}.yaml")), problems), problems
        print(round(start), round(peak()), getattr(logo, "_kept_bytes", 0))
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    start, end, kept = map(int, proc.stdout.split())
    assert end - start < 100, f"peak grew from {start} to {end} MiB over 60 logos"  # ~330 MiB before the bound
    from kitbuilder.model import logo

    assert kept <= logo.MAX_KEPT_BYTES


def test_the_logo_memo_forgets_the_oldest_logos_and_prints_the_same(tmp_path, monkeypatch):
    from kitbuilder.model import logo

    monkeypatch.setattr(logo, "_checked", type(logo._checked)())
    monkeypatch.setattr(logo, "_kept_bytes", 0)
    monkeypatch.setattr(logo, "MAX_KEPT_BYTES", 1_000_000)
    paths = []
    for i in range(6):
        _noise_png(tmp_path / f"logo{i}.png", 300)  # ~270 KB each, ~360 KB kept with its gray copy
        paths.append(logo._find_and_check(f"logo{i}.png", Origin(str(tmp_path / "event.yaml")), Problems()))
        assert logo._kept_bytes == sum(kept.weight for kept in logo._checked.values()) <= logo.MAX_KEPT_BYTES
        assert next(reversed(logo._checked)) == paths[-1]  # the one just checked is kept
    assert paths[0] not in logo._checked and paths[-1] in logo._checked
    again = logo.prepared(paths[0])  # forgotten: read and checked again, the same picture
    monkeypatch.setattr(logo, "_checked", type(logo._checked)())
    assert logo.prepared(paths[0]).picture == again.picture
    # a logo larger than the bound is still kept while it is the newest (its build prints it)
    monkeypatch.setattr(logo, "MAX_KEPT_BYTES", 1000)
    assert logo._find_and_check("logo1.png", Origin(str(tmp_path / "event.yaml")), Problems())
    assert list(logo._checked) == [paths[1]]
