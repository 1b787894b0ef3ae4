"""Contact sheets of every shipped layout: docs/contact-<layout>.png.

Builds the Last Train Home kit for the example club's screening with every shipped
layout (into a temporary folder), draws each PDF's pages with PDFium (pypdfium2) and
puts them side by side, small and numbered, one PNG per layout. Imposed layouts
(booklet, handout-2up, feedback) show their printed sheets, as they come out of the
printer. Run it after a change to a layout and commit the pictures:

    python scripts/contact_sheet.py            # all shipped layouts into docs/
    python scripts/contact_sheet.py booklet    # just these
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit" / "last-train-home.yaml"
EVENT = ROOT / "events" / "example-club.yaml"
DOCS = ROOT / "docs"

DPI = 40  # a Letter page is 340 x 440 pixels: enough to see the page make-up
COLUMNS = 4
GAP = 14
LABEL_HEIGHT = 16
BACKGROUND = (222, 222, 222)
MAX_BYTES = 300_000  # each sheet is committed: keep the repository small


def page_pictures(pdf: Path, dpi: int) -> list:
    """Every page of ``pdf`` as a PIL image (kitbuilder's preview module draws them when it is there)."""
    try:
        from kitbuilder.write.preview import page_pictures as draw
        return draw(pdf, dpi)
    except ImportError:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(pdf))
        try:
            return [document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))]
        finally:
            document.close()


def contact_sheet(pictures: list, label: str):
    """The pages in rows of :data:`COLUMNS`, each numbered below it, the layout named on top."""
    from PIL import Image, ImageDraw

    width = max(p.width for p in pictures)
    height = max(p.height for p in pictures)
    columns = min(COLUMNS if height > width else COLUMNS // 2, len(pictures))  # imposed sheets are wide
    rows = -(-len(pictures) // columns)
    sheet = Image.new("RGB", (GAP + columns * (width + GAP),
                              LABEL_HEIGHT + GAP + rows * (height + LABEL_HEIGHT + GAP)), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP, 4), label, fill=(40, 40, 40))
    for index, picture in enumerate(pictures):
        x = GAP + (index % columns) * (width + GAP)
        y = LABEL_HEIGHT + GAP + (index // columns) * (height + LABEL_HEIGHT + GAP)
        sheet.paste(picture, (x, y))
        draw.text((x, y + picture.height + 2), str(index + 1), fill=(60, 60, 60))
    return sheet


def save_small(sheet, path: Path) -> int:
    """Save as an indexed-colour PNG (a few dozen colours print-preview well); its size in bytes."""
    from PIL import Image

    for colors in (96, 48, 24):
        sheet.quantize(colors=colors, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        if path.stat().st_size <= MAX_BYTES:
            break
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    from kitbuilder.build import BuildOptions, build_kit
    from kitbuilder.model.layoutfiles import available_layouts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("layouts", nargs="*", help="layouts to draw (default: every shipped layout)")
    parser.add_argument("--out", type=Path, default=DOCS, help="folder for the contact sheets (default: docs/)")
    args = parser.parse_args(argv)
    layouts = args.layouts or list(available_layouts())
    with tempfile.TemporaryDirectory() as folder:
        result = build_kit(KIT, BuildOptions(layouts=layouts, out_dir=Path(folder), event_path=EVENT))
        for pdf in sorted(result.written):
            pictures = page_pictures(Path(pdf), DPI)
            label = f"{Path(pdf).stem}: {len(pictures)} PDF page{'s' if len(pictures) > 1 else ''}"
            target = args.out / f"contact-{Path(pdf).stem}.png"
            size = save_small(contact_sheet(pictures, label), target)
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
                  f"{len(pictures)} pages, {size // 1000} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
