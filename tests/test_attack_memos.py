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
        print(round(start), round(peak()), logo.CHECKED.weight)
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    start, end, kept = map(int, proc.stdout.split())
    assert end - start < 100, f"peak grew from {start} to {end} MiB over 60 logos"  # ~330 MiB before the bound
    from kitbuilder.model import logo

    assert kept <= logo.MAX_KEPT_BYTES


def test_the_logo_memo_forgets_the_oldest_logos_and_prints_the_same(tmp_path, monkeypatch):
    from kitbuilder.model import logo

    from kitbuilder.memo import Memo

    monkeypatch.setattr(logo, "CHECKED", Memo(max_weight=1_000_000))
    paths = []
    for i in range(6):
        _noise_png(tmp_path / f"logo{i}.png", 300)  # ~270 KB each, ~360 KB kept with its gray copy
        paths.append(logo._find_and_check(f"logo{i}.png", Origin(str(tmp_path / "event.yaml")), Problems()))
        kept = dict((path, entry[0]) for path, entry in logo.CHECKED._entries.items())
        assert logo.CHECKED.weight == sum(checked.weight for checked in kept.values()) <= 1_000_000
        assert list(kept)[-1] == paths[-1]  # the one just checked is kept
    assert paths[0] not in kept and paths[-1] in kept
    again = logo.prepared(paths[0])  # forgotten: read and checked again, the same picture
    logo.CHECKED.clear()
    assert logo.prepared(paths[0]).picture == again.picture
    # a logo heavier than the whole bound is not kept, and is still checked and printed
    monkeypatch.setattr(logo, "CHECKED", Memo(max_weight=1000))
    assert logo._find_and_check("logo1.png", Origin(str(tmp_path / "event.yaml")), Problems()) == paths[1]
    assert len(logo.CHECKED) == 0 and logo.prepared(paths[1]).picture is not None


# ---------------------------------------------------------------------------
# 2 and 4. fonts: every layout prints its own family, and a font file's current content

KIT = ROOT / "kit" / "last-train-home.yaml"
FONTS = ROOT / "src" / "kitbuilder" / "fonts"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def _in_process(kit: Path, out: Path, *layouts: str) -> dict[str, bytes]:
    from kitbuilder.build import BuildOptions, build_kit

    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    build_kit(kit, BuildOptions(layouts=list(layouts), out_dir=out, force=True, workers=1))
    return {p.name: p.read_bytes() for p in out.rglob("*.pdf")}


def _fresh(kit: Path, out: Path, *layouts: str) -> dict[str, bytes]:
    args = [sys.executable, "-m", "kitbuilder", "build", str(kit), "--force", "--out", str(out)]
    for layout in layouts:
        args += ["--layout", layout]
    proc = subprocess.run(args, capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {p.name: p.read_bytes() for p in out.rglob("*.pdf")}


def _fonts_in(pdf: bytes) -> set[str]:
    import re

    return {name.split("+")[-1] for name in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", pdf) for name in [name.decode()]}


def test_a_layout_sharing_a_regular_font_prints_its_own_bold_and_italic(tmp_path, monkeypatch):
    """club.yaml's serif family is NotoSerif-Regular with NotoSans bold and italics; the guide's
    is all NotoSerif. Built together, in either order, each prints what it prints alone."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    club = tmp_path / "club.yaml"
    club.write_text("extends: guide\nfonts:\n  serif:\n    regular: NotoSerif-Regular.ttf\n    bold: NotoSans-Bold.ttf\n"
                    "    italic: NotoSans-Italic.ttf\n    bold_italic: NotoSans-BoldItalic.ttf\n", encoding="utf-8")
    alone = {**_fresh(KIT, tmp_path / "g", "guide"), **_fresh(KIT, tmp_path / "c", str(club))}
    assert "NotoSerif-Italic" in _fonts_in(alone["guide.pdf"]) and "NotoSerif-Italic" not in _fonts_in(alone["club.pdf"])
    assert _fresh(KIT, tmp_path / "both", "guide", str(club)) == alone
    assert _in_process(KIT, tmp_path / "1", "guide", str(club)) == alone
    assert _in_process(KIT, tmp_path / "2", str(club)) == {"club.pdf": alone["club.pdf"]}
    assert _in_process(KIT, tmp_path / "3", "guide") == {"guide.pdf": alone["guide.pdf"]}


def test_a_style_name_is_its_familys_own_and_stands_for_the_files_font_object():
    from reportlab.lib.fonts import ps2tt, tt2ps
    from reportlab.pdfbase import pdfmetrics

    from kitbuilder.render.pdf.typefaces import family_names
    from kitbuilder.source.fontfiles import register_font

    files = {style: register_font(FONTS / f"NotoSerif-{suffix}.ttf", Origin("test"))
             for style, suffix in (("regular", "Regular"), ("bold", "Bold"), ("italic", "Italic"),
                                   ("bold_italic", "BoldItalic"))}
    other = {**files, "italic": register_font(FONTS / "NotoSans-Italic.ttf", Origin("test"))}
    serif, mixed = family_names(files), family_names(other)
    assert serif["regular"] != mixed["regular"]
    for names in (serif, mixed):
        family = ps2tt(names["regular"])[0]
        assert tt2ps(family, 0, 1) == names["italic"] and tt2ps(family, 1, 1) == names["bold_italic"]
        assert ps2tt(names["bold"]) == (family, 1, 0)
    # one font object per file: a file in two families is embedded once
    assert pdfmetrics.getFont(serif["regular"]) is pdfmetrics.getFont(mixed["regular"]) is pdfmetrics.getFont(files["regular"])


def test_a_font_file_replaced_in_place_is_printed_as_it_is_now(tmp_path, monkeypatch):
    """kitbuilder watch: the layout's F.ttf overwritten (the same file, even the same size and
    time: NotoSans Regular and Bold are both 113,724 bytes) is printed as a fresh process prints it."""
    import shutil

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    font = tmp_path / "F.ttf"
    shutil.copyfile(FONTS / "NotoSerif-Regular.ttf", font)
    layout = tmp_path / "F.yaml"
    layout.write_text("extends: guide\nfonts:\n  serif:\n    regular: F.ttf\n", encoding="utf-8")
    first = _in_process(KIT, tmp_path / "1", str(layout))
    assert "NotoSerif-Regular" in _fonts_in(first["F.pdf"])
    for replacement in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        status = font.stat()
        shutil.copyfile(FONTS / replacement, font)  # in place: the same inode
        if replacement == "NotoSans-Bold.ttf":
            assert font.stat().st_size == status.st_size
            os.utime(font, ns=(status.st_atime_ns, status.st_mtime_ns))  # and the same time
        again = _in_process(KIT, tmp_path / replacement, str(layout))
        assert again == _fresh(KIT, tmp_path / f"fresh-{replacement}", str(layout))
        assert replacement[:-4] in _fonts_in(again["F.pdf"])


# ---------------------------------------------------------------------------
# 3. warnings: those of a fresh process, on every build


def test_a_warning_is_given_on_every_build_once(tmp_path, capsys):
    text = KIT.read_text(encoding="utf-8").replace("begins with a simple fact", "begins with a\u200b simple fact", 1)
    kit = tmp_path / "kit" / "last-train-home.yaml"
    kit.parent.mkdir()
    kit.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kitbuilder", "build", str(kit), "--force", "--out", str(tmp_path / "f")],
                          capture_output=True, text=True, env=ENV, timeout=120)
    fresh = [line for line in proc.stderr.splitlines() if "warning:" in line]
    assert len(fresh) == 1 and "U+200B" in fresh[0], proc.stderr
    capsys.readouterr()
    for n in range(2):  # a watch session's rebuilds: the same warning each time
        _in_process(kit, tmp_path / str(n), "handout", "guide", "facilitator")
        assert [line for line in capsys.readouterr().err.splitlines() if "warning:" in line] == fresh
