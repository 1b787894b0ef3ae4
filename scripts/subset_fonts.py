"""Rebuild the fonts bundled in src/kitbuilder/fonts/ (a maintainer tool, not used at run time).

The bundled files are subsets of Debian's fonts-noto-core (Noto Serif / Noto Sans,
SIL OFL 1.1, no Reserved Font Name) and fonts-droid-fallback (Droid Sans Fallback,
Apache-2.0).  Subsetting keeps the repository small and makes ReportLab parse each
font in a few milliseconds instead of tens (it parses the whole cmap in Python).

Usage, from the project root, with fontTools installed (``pip install fonttools``)
and the two Debian packages unpacked under SRC (``apt-get download`` + ``dpkg-deb -x``):

    python scripts/subset_fonts.py SRC
"""

import subprocess
import sys
from pathlib import Path

DEST = Path(__file__).resolve().parent.parent / "src" / "kitbuilder" / "fonts"

# Latin (with Vietnamese and IPA schwa), Greek, Cyrillic, punctuation, currency,
# letterlike symbols, arrows, a few maths signs, geometric shapes (bullets),
# ballot boxes, check marks and the f-ligatures.
LATIN = (
    "U+0020-007E,U+00A0-024F,U+0259,U+02B0-036F,U+0370-03FF,U+0400-04FF,"
    "U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,"
    "U+2215,U+2219,U+221E,U+2248,U+2260,U+2264,U+2265,U+25A0-25FF,"
    "U+2610-2612,U+2713,U+2714,U+FB00-FB04,U+FFFD"
)
NOTO = [
    f"Noto{family}-{style}"
    for family in ("Serif", "Sans")
    for style in ("Regular", "Bold", "Italic", "BoldItalic")
]


def _double_byte_charset(encoding, leads, trails):
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.update(bytes([lead, trail]).decode(encoding))
            except UnicodeDecodeError:
                pass
    return chars


def cjk_characters():
    """GB 2312 hanzi, Big5 level-1 hanzi, JIS X 0208 kanji, KS X 1001 hangul,
    CJK punctuation, kana, bopomofo and full-width forms: about 13,000 glyphs."""
    chars = _double_byte_charset("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))
    big5_trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    chars |= _double_byte_charset("big5", range(0xA4, 0xC7), big5_trails)
    chars |= _double_byte_charset("euc_jp", range(0xB0, 0xF5), range(0xA1, 0xFF))
    chars |= _double_byte_charset("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
    for first, last in ((0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F), (0xFF00, 0xFFEF)):
        chars.update(chr(code) for code in range(first, last + 1))
    return "".join(sorted(chars))


def subset(source, target, *selection):
    subprocess.run(
        ["pyftsubset", str(source), *selection, "--layout-features=",
         "--no-hinting", f"--output-file={target}"],
        check=True,
    )


def main(src):
    noto = Path(src) / "usr/share/fonts/truetype/noto"
    for name in NOTO:
        subset(noto / f"{name}.ttf", DEST / f"{name}.ttf", f"--unicodes={LATIN}")
    text_file = DEST / "cjk-characters.tmp"
    text_file.write_text(cjk_characters(), encoding="utf-8")
    try:
        droid = Path(src) / "usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf"
        subset(droid, DEST / "DroidSansFallback-subset.ttf", f"--text-file={text_file}")
    finally:
        text_file.unlink()


if __name__ == "__main__":
    main(sys.argv[1])
