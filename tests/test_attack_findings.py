"""Holes an attack pass found after issue 7's hardening (findings 01, 02, 05, 06, 10, 11, 12).

Each case runs the CLI in a child process (tests/hostile.py) and holds it to its promise:
SVG dash patterns and flattening transforms print as a browser shows them; every other
hostile logo, and a YAML number hundreds of kilobytes long, is refused quickly with a
located message and a fix; the writer removes only its own stale temporaries, and a
failed write leaves no new folder behind.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import KIT, ROOT, pdf_problems
from hostile import ChildRun, assert_refused, run_child, snapshot

PRINTABLE = ROOT / "tests" / "bad_inputs" / "logos" / "printable"
SVG_START = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'


def _event(folder: Path, svg: str | bytes | Path) -> Path:
    logo = folder / "logo.svg"
    if isinstance(svg, Path):
        logo.write_bytes(svg.read_bytes())
    else:
        logo.write_bytes(svg.encode() if isinstance(svg, str) else svg)
    event = folder / "club.yaml"
    event.write_text("host: Riverside Film Club\nlogo: logo.svg\n", encoding="utf-8")
    return event


def _refused(tmp_path: Path, svg: str, words: str) -> str:
    out = tmp_path / "out"
    run = run_child("build", KIT, "--event", _event(tmp_path, svg), "--layout", "handout", "--out", out)
    assert_refused(run, out, {}, words)
    assert "club.yaml:2:7: error: logo 'logo.svg' cannot be printed: " in run.output
    return run.output


def _drawing(svg: Path):
    from kitbuilder.render.pdf.images import svg_drawing
    from kitbuilder.source.svgsafe import check

    return svg_drawing(check(svg.read_bytes()).root)


def _shapes(node, found=None) -> list:
    found = [] if found is None else found
    contents = getattr(node, "contents", None)
    if contents is None:
        found.append(node)
    for child in contents or []:
        _shapes(child, found)
    return found


# ---------------------------------------------------------------------------
# 01, 02: what ReportLab refuses to draw is drawn as a browser draws it


@pytest.mark.parametrize("name", ["zero-dash.svg", "negative-dash.svg", "css-dash.svg", "singular-matrix.svg",
                                  "singular-group.svg", "singular-css.svg", "scale-zero-beside-shape.svg"])
def test_svg_that_reportlab_cannot_draw_prints_as_a_browser_shows_it(name, tmp_path):
    out = tmp_path / "out"
    run = run_child("build", KIT, "--event", _event(tmp_path, PRINTABLE / name), "--layout", "handout",
                    "--out", out)
    assert run.code == 0 and "Traceback" not in run.output, run.output[-3000:]
    assert run.seconds < 5
    pdfs = list(out.rglob("handout.pdf"))
    assert len(pdfs) == 1 and pdf_problems(pdfs[0]) == []


@pytest.mark.parametrize("name", ["zero-dash.svg", "negative-dash.svg", "css-dash.svg"])
def test_a_dash_pattern_of_zeros_or_negatives_is_a_solid_line(name):
    """SVG: a pattern summing to zero draws a solid stroke; a negative length makes the pattern invalid."""
    (rect,) = _shapes(_drawing(PRINTABLE / name))
    assert rect.strokeColor is not None and not rect.strokeDashArray


def test_a_shape_flattened_to_nothing_is_left_out_and_the_rest_is_drawn():
    """SVG: an element whose transform cannot be inverted is not rendered; its visible sibling is."""
    from reportlab.graphics.shapes import Rect

    shapes = _shapes(_drawing(PRINTABLE / "scale-zero-beside-shape.svg"))
    assert [(type(s), s.width, s.height) for s in shapes] == [(Rect, 30, 20)]


# ---------------------------------------------------------------------------
# 05: an <image> holds a data: picture, nothing else


def test_an_image_pointing_at_an_element_is_refused(tmp_path):
    svg = (ROOT / "tests" / "bad_inputs" / "logos" / "image-href-id.svg").read_text()
    _refused(tmp_path, svg, "<image href> at line 1 of the SVG refers to '#r'; a picture in an SVG logo must be "
                            "embedded in it as PNG or JPEG data")


# ---------------------------------------------------------------------------
# 11: style sheets are bounded


def test_eight_thousand_css_rules_are_refused_by_size(tmp_path):
    rules = "".join(f"rect:nth-child({i}n){{fill:red}}" for i in range(1, 8001))
    _refused(tmp_path, SVG_START + f"<style>{rules}</style>" + '<rect width="1" height="1"/>' * 1900 + "</svg>",
             "style sheets (<style>) are 246,893 characters long; the limit is 20,000")


def test_two_megabytes_of_selector_lists_are_refused(tmp_path):
    rules = "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z{fill:red}" * 34000
    _refused(tmp_path, SVG_START + f"<style>{rules}</style>" + '<rect width="1" height="1"/></svg>',
             "the limit is 20,000")


def test_a_short_style_sheet_that_is_slow_to_apply_is_refused(tmp_path):
    rules = "".join(f"rect:nth-child({i}n){{fill:red}}" for i in range(1, 200))  # 5 KB, 199 rules
    _refused(tmp_path, SVG_START + f"<style>{rules}</style>" + '<rect width="1" height="1"/>' * 1900 + "</svg>",
             "need more than 500,000 checks")


@pytest.mark.parametrize("css, words", [
    ("rect{fill:red}" * 201, "more than 200 rules; the limit is 200"),
    (":not(" * 30 + "a" + ")" * 30 + "{fill:red}", "brackets nested more than 20 deep"),
    ("g rect, g circle{fill:red}" * 30, "too much work to apply"),
])
def test_style_sheet_limits_are_stated(css, words, tmp_path):
    body = "<g>" * 10 + '<rect width="1" height="1"/>' * 1000 + "</g>" * 10
    _refused(tmp_path, SVG_START + f"<style>{css}</style>{body}</svg>", words)


def test_a_style_copied_by_use_is_refused(tmp_path):
    _refused(tmp_path, SVG_START + '<defs><g id="s"><style>rect{fill:red}</style><rect width="1" height="1"/></g>'
             "</defs>" + '<use href="#s"/>' * 3 + "</svg>", "copies a <style> element")


def test_a_style_sheet_as_drawing_programs_write_it_prints(tmp_path):
    classes = "".join(f".st{i}{{fill:#{i:02x}3366;stroke:#000;stroke-width:0.5}}" for i in range(40))
    shapes = "".join(f'<rect class="st{i % 40}" x="{i % 50}" y="{i // 50}" width="1" height="1"/>' for i in range(1500))
    out = tmp_path / "out"
    run = run_child("build", KIT, "--event", _event(tmp_path, SVG_START + f"<style>{classes}</style>"
                                                    f"<g><g>{shapes}</g></g></svg>"), "--layout", "handout",
                    "--out", out)
    assert run.code == 0, run.output[-3000:]
    assert run.seconds < 5


# ---------------------------------------------------------------------------
# 12: path commands count, through <use>; elements deep in groups count


def test_a_million_close_path_commands_used_fifty_times_are_refused(tmp_path):
    svg = SVG_START + '<defs><path id="p" d="M1 1' + "z" * 1_000_000 + '"/></defs>' + '<use href="#p"/>' * 50 + "</svg>"
    _refused(tmp_path, svg, "more than 50,000 numbers and path commands")


def test_path_commands_count_through_use(tmp_path):
    svg = SVG_START + '<defs><path id="p" d="M1 1' + "z" * 30_000 + '"/></defs>' + '<use href="#p"/>' * 2 + "</svg>"
    _refused(tmp_path, svg, "each <use> copy counted); the limit is 50,000")


def test_many_shapes_deep_inside_groups_are_refused(tmp_path):
    """svglib looks up each inherited style through every group around a shape: 1,890 shapes 99 deep took 9 s."""
    svg = SVG_START + "<g>" * 99 + '<rect width="1" height="1"/>' * 1890 + "</g>" * 99 + "</svg>"
    _refused(tmp_path, svg, "too deep inside groups for their number")


# ---------------------------------------------------------------------------
# 06: the writer removes only what it made


def _output_folder(out: Path) -> Path:
    (pdf,) = out.rglob("handout.pdf")
    return pdf.parent


def test_only_kitbuilders_own_stale_temporaries_are_removed(tmp_path):
    out = tmp_path / "out"
    run = run_child("build", KIT, "--layout", "handout", "--out", out)
    assert run.code == 0, run.output[-3000:]
    folder = _output_folder(out)
    foreign = [".thesis.docx.abcdefgh.tmp", ".x.12345678.tmp", ".notes.txt.abcdefgh.tmp", ".handout.pdf.tmp",
               ".handout.pdf.abcdefgh.tmp.bak"]
    ours = [".handout.pdf.x8k2_q0a.tmp", ".guide.html.abcdefgh.tmp", ".kitbuilder-pending.abcd1234.tmp"]
    for name in foreign + ours:
        (folder / name).write_bytes(b"someone's work")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".handout.pdf.abcdefgh.tmp").write_bytes(b"not in a folder kitbuilder writes to")
    run = run_child("build", KIT, "--layout", "handout", "--out", out)
    assert run.code == 0, run.output[-3000:]
    assert sorted(p.name for p in folder.iterdir()) == sorted(foreign + ["handout.pdf"])
    assert all((folder / name).read_bytes() == b"someone's work" for name in foreign)
    assert (elsewhere / ".handout.pdf.abcdefgh.tmp").exists()


def _run_with_file_size_limit(*args, limit: int) -> ChildRun:
    """The CLI in a child whose writes fail past ``limit`` bytes (EFBIG), as on a full disk."""

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", "from kitbuilder.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, timeout=60, preexec_fn=small_files,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    return ChildRun(proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - started, 0.0)


def test_a_failed_write_leaves_no_new_folder(tmp_path):
    out = tmp_path / "out" / "deeper"
    run = _run_with_file_size_limit("build", KIT, "--layout", "handout", "--out", out, limit=20_000)
    assert_refused(run, tmp_path, {}, "cannot write the PDFs")
    assert run.output.rstrip().endswith("nothing was written.")
    assert list(tmp_path.iterdir()) == [], "the folders the failed write made are gone"


def test_a_failed_write_keeps_folders_that_were_there(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("kept")
    before = snapshot(tmp_path)
    run = _run_with_file_size_limit("build", KIT, "--layout", "handout", "--out", out, limit=20_000)
    assert_refused(run, tmp_path, before, "cannot write the PDFs")
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]


# ---------------------------------------------------------------------------
# 10: a plain scalar hundreds of kilobytes long that looks like a number


@pytest.mark.parametrize("where, words", [
    ("summary", "summary is 480,001 characters long"),
    ("year", "the number '1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1...' is too long to read"),
])
def test_a_long_sexagesimal_scalar_is_handled_quickly(where, words, tmp_path):
    number = "1:" * 240_000 + "1"
    film = f"{{title: T, director: D, year: {number}}}" if where == "year" else "{title: T, director: D}"
    summary = number if where == "summary" else "A summary."
    kit = tmp_path / "kit.yaml"
    kit.write_text(f"film: {film}\nsummary: {summary}\nquestions: [Q]\n", encoding="utf-8")
    startup = run_child("--version").seconds
    run = run_child("validate", kit)
    assert_refused(run, words=words, startup=startup)
    assert run.seconds - startup < 2.0, f"took {run.seconds - startup:.1f} s"
    assert "kit.yaml:" in run.output and "fix: " in run.output
