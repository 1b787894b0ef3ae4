"""PNG and JPEG pictures (logos, and pictures embedded in SVG logos): checked, shrunk, grayed.

A picture is decoded once, when the event is read: its pixel count is checked from
the header before any pixel is decoded (a small file can unpack to gigabytes), then
it is shrunk to print resolution, so ReportLab never holds more pixels than the page
can show. A logo is printed at most :data:`PRINT_INCHES` (width, height) in size, and
:data:`PRINT_DPI` dots per inch is all a printer resolves.
"""

from __future__ import annotations

import io
import warnings

from kitbuilder.records import record

MAX_PIXELS = 40_000_000
PRINT_DPI = 300
PRINT_INCHES = (8.5, 2.0)  # no layout prints a logo wider than the paper or taller than 2 inches
MAX_SIZE = (int(PRINT_INCHES[0] * PRINT_DPI), int(PRINT_INCHES[1] * PRINT_DPI))
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # an MPO is a JPEG with extra frames


class PictureProblem(Exception):
    """Why a picture cannot be printed, in words for the volunteer; ``too_big`` when over the pixel limit."""

    def __init__(self, message: str, too_big: bool = False):
        super().__init__(message)
        self.too_big = too_big


@record(frozen=True)
class Picture:
    """A picture ready for ReportLab: ``data`` in colour and ``gray`` without colour, both small."""

    data: bytes
    gray: bytes
    size: tuple[int, int]  # pixels, after shrinking
    original_size: tuple[int, int]


def prepare(data: bytes, kinds: tuple[str, ...] = ("PNG", "JPEG")) -> Picture:
    """Decode, check and shrink one PNG or JPEG; raise :class:`PictureProblem` if it cannot be printed."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                kind = FORMATS.get(picture.format or "")
                if kind not in kinds:
                    raise PictureProblem(f"it is a {picture.format or 'unknown'} picture, not "
                                         + " or ".join(kinds))
                width, height = picture.size
                if not width or not height:
                    raise PictureProblem("it has no pixels")
                if width * height > MAX_PIXELS:
                    raise PictureProblem(f"it is {width:,} x {height:,} pixels ({width * height:,} pixels); "
                                         f"the limit is {MAX_PIXELS:,} pixels", too_big=True)
                shrink = width > MAX_SIZE[0] or height > MAX_SIZE[1]
                if shrink:
                    picture.draft(None, MAX_SIZE)  # JPEG: decode at a fraction of the size, cheaply
                picture.load()
                normal = _normal(picture)
                if shrink:
                    normal.thumbnail(MAX_SIZE, Image.Resampling.LANCZOS)
                keep = not shrink and normal is picture and kind in ("PNG", "JPEG")
                colour = data if keep else _encode(normal, kind)
                gray = _encode(_gray(normal), "PNG")
                return Picture(colour, gray, normal.size, (width, height))
    except PictureProblem:
        raise
    except Image.DecompressionBombError:
        raise PictureProblem(f"it has far more pixels than the limit of {MAX_PIXELS:,}", too_big=True) from None
    except Image.DecompressionBombWarning:
        raise PictureProblem(f"it has far more pixels than the limit of {MAX_PIXELS:,}", too_big=True) from None
    except MemoryError:
        raise PictureProblem(f"it is too large to decode (the limit is {MAX_PIXELS:,} pixels)", too_big=True) from None
    except Exception as exc:  # Pillow raises many kinds for a broken image
        raise PictureProblem(str(exc).split("\n")[0] or type(exc).__name__) from None


def _normal(picture):
    """The picture in one of the modes every PDF reader prints alike: L, LA, RGB or RGBA."""
    mode = picture.mode
    if mode in ("L", "LA", "RGB", "RGBA"):
        return picture
    if mode == "1":
        return picture.convert("L")
    if mode.startswith("I") or mode == "F":  # 16-bit or float gray: scale to 8 bits instead of clipping
        top = max(picture.getextrema()[1], 1)
        return picture.convert("F").point(lambda value: value * 255.0 / top).convert("L")
    transparent = "A" in picture.getbands() or "a" in picture.getbands() or "transparency" in picture.info
    if mode in ("CMYK", "YCbCr", "LAB", "HSV"):
        return picture.convert("RGB")
    return picture.convert("RGBA" if transparent else "RGB")


def _gray(picture):
    return picture.convert("LA" if "A" in picture.getbands() else "L")


def _encode(picture, kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "JPEG" and picture.mode in ("L", "RGB"):
        picture.save(buffer, format="JPEG", quality=92)
    else:
        picture.save(buffer, format="PNG")
    return buffer.getvalue()
