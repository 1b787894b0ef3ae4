"""Hostile logos (issue 7): SVGs that reach for other files, odd numbers, text, bombs; huge bitmaps;
paths that leave the event's folder; pipes. Each is refused in a child process within the
promise of tests/hostile.py, or (for big but honest pictures) printed quickly and small.
Valid logos still print, with no font that is not embedded, and in grayscale without colour.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from hostile import assert_refused, run_child, snapshot

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit" / "last-train-home.yaml"
CORPUS = ROOT / "tests" / "bad_inputs" / "logos"

# event file in the corpus -> words its message must have
CASES = {
    "image-dev-zero.yaml": "refers to '../../../../../../../../dev/zero' outside the logo",
    "image-outside.yaml": "refers to '../events/not-an-image.png' outside the logo",
    "image-url.yaml": "refers to 'https://example.org/logo.png'",
    "use-other-file.yaml": "refers to 'mark.svg#mark'",
    "css-url.yaml": "url('texture.png')",
    "style-import.yaml": "'@import' outside the logo",
    "entity.yaml": "declares XML entities",
    "width-nan.yaml": "<svg width> at line 1 of the SVG has the number 'nan'",
    "height-inf.yaml": "has the number 'inf'",
    "rect-1e308.yaml": "<rect width> at line 2 of the SVG has the number '1e308'",
    "width-1e-300.yaml": "has the number '1e-300'",
    "scale-1e308.yaml": "<g transform> at line 2 of the SVG has the number '1e308'",
    "huge-viewbox.yaml": "<svg viewBox> at line 1 of the SVG has the number '1e300'",
    "text.yaml": "contains text ('Club 俱乐部') at line 3 of the SVG",
    "data-gif.yaml": "not a base64 PNG or JPEG",
    "use-bomb.yaml": "the limit is 2,000",
    "image-href-id.yaml": "refers to '#r'; a picture in an SVG logo must be embedded in it as PNG or JPEG data",
    "absolute-path.yaml": "logo '/usr/share/pixmaps/club.png' is outside the folder of absolute-path.yaml",
    "dotdot-path.yaml": "logo '../events/broken.svg' is outside the folder of dotdot-path.yaml",
}


def build(*args, cwd=None):
    return run_child("build", KIT, *args, cwd=cwd)


def refused(event: Path, tmp_path: Path, words: str, *args, cwd=None) -> str:
    out = tmp_path / "out"
    run = build("--event", event, "--out", out, *args, cwd=cwd)
    assert_refused(run, out, {}, words)
    return run.output


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_logo_is_refused(name, tmp_path):
    output = refused(CORPUS / name, tmp_path, CASES[name])
    assert f"{name}:2:7: error: logo '" in output  # located at the logo: key of the event file
    if name == "text.yaml":
        assert "fix: convert the text to outlines/paths" in output and "export the logo as PNG" in output


def test_every_corpus_event_has_a_case():
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(CASES)


def _event(folder: Path, logo: str, name: str = "club.yaml") -> Path:
    event = folder / name
    event.write_text(f"host: Riverside Film Club\nlogo: {logo}\n", encoding="utf-8")
    return event


def _png(path: Path, size, mode="RGB", color=(200, 30, 30)) -> Path:
    from PIL import Image

    Image.new(mode, size, color).save(path, optimize=True)
    return path


def test_symlink_leaving_the_event_folder_is_refused(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    _png(private / "secret.png", (20, 20))
    club = tmp_path / "club"
    club.mkdir()
    (club / "logo.png").symlink_to(private / "secret.png")
    output = refused(_event(club, "logo.png"), tmp_path, "is a link that leads outside the folder of club.yaml")
    assert "copy the logo into the folder of club.yaml" in output


def test_fifo_as_logo_is_refused_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "logo.png")
    refused(_event(tmp_path, "logo.png"), tmp_path, "not a regular file")


def test_set_logo_is_confined_to_the_current_folder(tmp_path):
    here = tmp_path / "here"
    here.mkdir()
    _png(tmp_path / "outside.png", (20, 20))
    out = tmp_path / "out"
    run = build("--out", out, "--set", "logo=../outside.png", cwd=here)
    assert_refused(run, out, {}, "logo '../outside.png' is outside the current folder")
    run = build("--out", out, "--set", f"logo={tmp_path / 'outside.png'}", cwd=here)
    assert_refused(run, out, {}, "is outside the current folder")


def test_set_logo_in_the_current_folder_prints(tmp_path):
    _png(tmp_path / "club.png", (40, 20))
    run = build("--out", tmp_path / "out", "--set", "logo=club.png", "--layout", "guide", cwd=tmp_path)
    assert run.code == 0, run.output
    assert _images(next((tmp_path / "out").rglob("guide.pdf")))


def test_png_over_the_pixel_limit_is_refused_with_the_limit(tmp_path):
    _png(tmp_path / "huge.png", (8000, 8000), "L", 0)  # 64 million pixels in a small file
    refused(_event(tmp_path, "huge.png"), tmp_path, "8,000 x 8,000 pixels (64,000,000 pixels); "
            "the limit is 40,000,000 pixels")


def test_pixel_bomb_inside_an_svg_is_refused(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (7000, 7000), 0).save(buffer, "PNG", optimize=True)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    (tmp_path / "bomb.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">\n'
        f'<image width="100" height="100" href="data:image/png;base64,{data}"/>\n</svg>\n', encoding="utf-8")
    refused(_event(tmp_path, "bomb.svg"), tmp_path, "the limit is 40,000,000 pixels")


def test_big_png_is_shrunk_to_print_size_once(tmp_path):
    """A 6320 x 6320 PNG (a few hundred KB) printed in every layout: quick, small, at 300 dpi at most."""
    _png(tmp_path / "big.png", (6320, 6320))
    out = tmp_path / "out"
    run = build("--event", _event(tmp_path, "big.png"), "--out", out)
    assert run.code == 0, run.output
    assert run.seconds < 5 and run.megabytes < 500, (run.seconds, run.megabytes)
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        sizes = _images(pdf)
        assert sizes and max(max(size) for size in sizes) <= 2550, sizes
        assert pdf.stat().st_size < 2_000_000
        _qpdf_ok(pdf)


def _images(pdf: Path) -> list[tuple[int, int]]:
    sizes = []
    for page in PdfReader(str(pdf)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
            elif obj.get("/Subtype") == "/Form":
                for inner in (obj.get("/Resources", {}).get("/XObject", {}) or {}).values():
                    inner = inner.get_object()
                    if inner.get("/Subtype") == "/Image":
                        sizes.append((int(inner["/Width"]), int(inner["/Height"])))
    return sizes


def _qpdf_ok(pdf: Path) -> None:
    if shutil.which("qpdf"):
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def _unembedded_fonts(pdf: Path) -> list[str]:
    result = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = result.stdout.splitlines()[2:]
    return [row for row in rows if row.split()[-5] != "yes"]


def _coloured_pixels(pdf: Path, tmp_path: Path) -> int:
    from PIL import Image

    stem = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(stem)], check=True)
    page = next(tmp_path.glob("page*.png"))
    pixels = Image.open(page).convert("RGB").tobytes()
    page.unlink()
    return sum(1 for i in range(0, len(pixels), 3) if max(pixels[i:i + 3]) - min(pixels[i:i + 3]) > 8)


GRADIENT_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="120" height="120" viewBox="0 0 120 120">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#ff0000"/><stop offset="1" style="stop-color:#0000ff"/>
    </linearGradient>
  </defs>
  <rect width="120" height="60" fill="url(#sky)"/>
  <image x="10" y="65" width="60" height="40" xlink:href="data:image/png;base64,{png}"/>
  <circle cx="100" cy="90" r="15" fill="green"/>
</svg>
"""


@pytest.fixture(scope="module")
def gradient_event(tmp_path_factory):
    from PIL import Image

    folder = tmp_path_factory.mktemp("gradient")
    buffer = io.BytesIO()
    Image.new("P", (60, 40), 0).save(buffer, "PNG")  # a palette picture: red
    picture = Image.open(io.BytesIO(buffer.getvalue()))
    picture.putpalette([220, 30, 30] * 256)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    (folder / "sky.svg").write_text(GRADIENT_LOGO.format(png=png), encoding="utf-8")
    return _event(folder, "sky.svg")


@pytest.mark.parametrize("grayscale", [False, True], ids=["colour", "grayscale"])
def test_svg_with_gradient_and_picture_prints(gradient_event, grayscale, tmp_path):
    out = tmp_path / "out"
    run = build("--event", gradient_event, "--out", out, "--layout", "guide", *(["--grayscale"] if grayscale else []))
    assert run.code == 0, run.output
    pdf = next(out.rglob("guide.pdf"))
    _qpdf_ok(pdf)
    assert _unembedded_fonts(pdf) == []
    content = b"".join(page.get_contents().get_data() for page in PdfReader(str(pdf)).pages[:1])
    assert b"BI /W 60 /H 40" in content, "the embedded picture is printed (inline, at its size)"
    coloured = _coloured_pixels(pdf, tmp_path)
    if grayscale:
        assert coloured == 0, f"{coloured} coloured pixels in a grayscale build"
    else:
        assert coloured > 0


@pytest.mark.parametrize("mode", ["P", "CMYK", "RGBA", "LA", "I;16", "1"])
def test_every_kind_of_bitmap_has_a_gray_version(mode):
    from PIL import Image

    from kitbuilder.source.bitmaps import prepare

    picture = Image.new("RGB", (90, 60), (20, 160, 40)).convert(mode)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG" if mode == "CMYK" else "PNG")
    gray = Image.open(io.BytesIO(prepare(buffer.getvalue()).gray))
    assert gray.mode in ("L", "LA") and gray.size == (90, 60)


def test_grayscale_cmyk_jpeg_logo_has_no_colour(tmp_path):
    """A CMYK JPEG (kept as it is in a colour build) is printed gray with --grayscale."""
    from PIL import Image

    Image.new("RGB", (90, 60), (20, 160, 40)).convert("CMYK").save(tmp_path / "logo.jpg")
    out = tmp_path / "out"
    run = build("--event", _event(tmp_path, "logo.jpg"), "--out", out, "--layout", "guide", "--grayscale")
    assert run.code == 0, run.output
    pdf = next(out.rglob("guide.pdf"))
    _qpdf_ok(pdf)
    assert _coloured_pixels(pdf, tmp_path) == 0


def test_example_event_prints_only_embedded_fonts(tmp_path):
    out = tmp_path / "out"
    run = build("--event", ROOT / "events" / "example-club.yaml", "--out", out)
    assert run.code == 0, run.output
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        assert _unembedded_fonts(pdf) == [], pdf.name
        _qpdf_ok(pdf)


def test_nothing_written_beside_the_logo(tmp_path):
    """Refusing a logo leaves an existing output folder exactly as it was."""
    out = tmp_path / "out"
    (out / "last-train-home" / "text").mkdir(parents=True)
    (out / "last-train-home" / "text" / "guide.pdf").write_bytes(b"%PDF-old")
    before = snapshot(out)
    shutil.copy(CORPUS / "text.svg", tmp_path / "text.svg")
    event = _event(tmp_path, "text.svg", "text.yaml")
    assert_refused(build("--event", event, "--out", out), out, before, "contains text")
