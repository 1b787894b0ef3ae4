"""Blocks the reader writes on: lines for notes, a sign-in sheet, boxes to tick.

They are blocks like those of :mod:`kitbuilder.compose.blocks` (which counts them among its
``Block`` types and walks them), kept apart because they are the only ones that give the reader
space to write in rather than text to read (their labels and headings aside).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kitbuilder.compose.blockclass import block

if TYPE_CHECKING:
    from kitbuilder.compose.blocks import Para


@block
class RuledLines:
    """Lines to write on. ``count`` lines, or (``count`` 0) as many as fill the rest of
    the page, at least ``minimum``; ``spacing`` is the distance between lines in body
    lines (1.5 = one and a half lines of body text)."""

    count: int = 0
    minimum: int = 3
    spacing: float = 1.5
    share: float = 1.0  # with ``count`` 0: the part of the rest of the page they take (0.5: half)


@block
class SignInTable:
    """A sign-in sheet: a header row of ``columns`` (with their ``widths`` as
    fractions of the line) and ``rows`` empty rows to write in."""

    columns: tuple[Para, ...]
    widths: tuple[float, ...]
    rows: int


@block
class Rating:
    """A question answered by ticking one of ``scale`` boxes numbered 1..scale."""

    label: Para
    scale: int = 5
