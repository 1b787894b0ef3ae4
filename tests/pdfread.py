"""Reading built PDFs back for assertions: text, pages, fonts, metadata."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


# The typography (compose/typography.py) sets typed quotes, apostrophes and "..." as the
# language's marks; a comparison with the text as typed folds them back.
MARKS_AS_TYPED = str.maketrans({**dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u300c\u300d", '"'),
                                **dict.fromkeys("\u2018\u2019\u201a", "'"), "\u2026": "...",
                                "\u00a0": " ", "\u202f": " "})


def as_typed(text: str) -> str:
    """Text with typographic quotes, apostrophes, ellipses and no-break spaces as typed on a keyboard."""
    return text.translate(MARKS_AS_TYPED)


def normalise(text: str) -> str:
    """Lower-case, no whitespace, no soft breaks or hyphen splits, typographic marks as typed."""
    text = as_typed(text.replace("\u200b", "").replace("\u00ad", ""))
    return re.sub(r"\s+", "", text).casefold()


def pdf_text(path: Path | str) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def body_text(path: Path | str, edge: float = 50.0) -> str:
    """Text of all pages without the running header and footer (text within ``edge`` points
    of the top or bottom edge), so a paragraph split across pages reads continuously."""
    parts = []
    for page in PdfReader(str(path)).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, parts=parts, height=height):
            y = cm[5] + tm[5] * cm[3] + tm[4] * cm[1]
            if edge < y < height - edge:
                parts.append(text)

        page.extract_text(visitor_text=visit)
        parts.append("\n")
    return "".join(parts)


def page_texts(path: Path | str) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def page_count(path: Path | str) -> int:
    return len(PdfReader(str(path)).pages)


def fonts(path: Path | str) -> set[str]:
    """Base font names used on any page (subset prefixes removed)."""
    found = set()
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources") or {}
        font_dict = resources.get("/Font") or {}
        for ref in font_dict.values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", ""))
            found.add(name.split("+", 1)[-1].lstrip("/"))
    return found


def embedded_fonts(path: Path | str) -> dict[str, bool]:
    """Font name -> whether a font file is embedded (pdffonts' 'emb' column)."""
    result = {}
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "")).lstrip("/")
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            result[name] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return result


def contains(haystack: str, needle: str) -> bool:
    return normalise(needle) in normalise(haystack)
