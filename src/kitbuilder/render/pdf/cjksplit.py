"""Where a paragraph set with ReportLab's CJK line breaking (Chinese, Japanese, or any
text of a ``ja``/``zh`` kit) goes on in the next column or page, no character is lost or added.

ReportLab builds the rest of a split paragraph from the lines it has already broken:

- with one run of text it joins the remaining lines with nothing between them, so an
  English sentence in a Japanese kit lost the space at every line end ("growth,especially",
  "themigrant");
- with several runs (emphasis, a fallback font) it puts a space after every line that
  does not end with one, so Japanese, broken between characters, gained stray gaps.

Here the rest is taken from the paragraph's own text instead: the single run is cut
where the lines before the split end in it (spaces as typed), and the runs of the
remaining lines are kept as they are (each line keeps the spaces it was broken at).
Paragraphs with western line breaking keep ReportLab's own splitting.
"""

from __future__ import annotations

from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import Paragraph

from kitbuilder.render.pdf import kinsoku

_reportlab_split_function = Paragraph._get_split_blParaFunc


def _end_of_lines(text: str, lines, count: int) -> int | None:
    """The index in ``text`` just after the first ``count`` lines (each one string, as the
    single-run CJK breaking makes them, without the spaces it broke at), or None if the
    lines are not the text's characters in order."""
    position = 0
    for _, (line,) in lines[:count]:
        for char in line:
            while position < len(text) and text[position] != char and text[position].isspace():
                position += 1
            if position >= len(text) or text[position] != char:
                return None
            position += 1
    return position


def _split_single_run(blPara, start: int, stop: int):
    """The frag holding lines ``start``..``stop`` of a one-run CJK paragraph, cut from its text."""
    text = blPara.text if hasattr(blPara, "text") else "".join(getattr(blPara, "words", []))
    begin = _end_of_lines(text, blPara.lines, start)
    end = _end_of_lines(text, blPara.lines, stop) if stop < len(blPara.lines) else len(text)
    if begin is None or end is None or not all(len(words) == 1 for _, words in blPara.lines):
        return rl_paragraph._split_blParaSimple(blPara, start, stop)
    frag = blPara.clone()
    for name in ("lines", "kind", "words"):
        if hasattr(frag, name):
            delattr(frag, name)
    frag.text = text[begin:end].lstrip() if start else text[begin:end]
    return [frag]


def _split_runs(blPara, start: int, stop: int):
    """The runs of lines ``start``..``stop`` of a CJK paragraph of several runs, as broken
    (copies: ReportLab's own version changes them)."""
    return [word.clone() if hasattr(word, "clone") else word
            for line in blPara.lines[start:stop] for word in line.words]


def _split_function(self):
    if getattr(self.style, "wordWrap", None) != "CJK":
        return _reportlab_split_function(self)
    return _split_single_run if self.blPara.kind == 0 else _split_runs


def install() -> None:
    """Make every Paragraph with CJK line breaking split by this module, and break its
    lines by :mod:`kitbuilder.render.pdf.kinsoku` (idempotent)."""
    Paragraph._get_split_blParaFunc = _split_function
    kinsoku.install()
