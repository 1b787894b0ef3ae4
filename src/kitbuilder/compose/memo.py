"""Bounded per-process memos for compose's pure functions of text.

A batch (one kit for forty events, or three layouts of one kit) composes the same
paragraphs again and again: reading their emphasis (:func:`kitbuilder.compose.inline.runs`)
and setting their typography (:func:`kitbuilder.compose.typography.typeset_runs`) give the
same result each time for the same text, language rules and look. A :class:`Memo` keeps
those results, keyed by *everything* they depend on (the text itself, never the identity
of an object that may die and be reused), and holds only immutable values (tuples of
frozen :class:`~kitbuilder.compose.blocks.Run`), so a result handed out twice can never be
changed by one of its users. The values hold plain strings, never a
:class:`~kitbuilder.source.text.Text`: a text typed in one place is never handed back as
if it had been typed in another.

Each memo is bounded both in entries and in characters of text, and forgets the least
recently used entries first, so a long batch keeps a few megabytes at most.
"""

from __future__ import annotations

from typing import Any, Hashable

_MISSING = object()
MEMOS: list["Memo"] = []  # every memo of the process, for clear_all()


class Memo:
    """A least-recently-used map of at most ``entries`` entries and ``chars`` characters of
    text (the weight each entry is stored with: about the size of its key and value)."""

    def __init__(self, entries: int = 4096, chars: int = 2_000_000):
        self.entries = entries
        self.chars = chars
        self._data: dict[Hashable, tuple[Any, int]] = {}
        self._weight = 0
        MEMOS.append(self)

    def __len__(self) -> int:
        return len(self._data)

    @property
    def weight(self) -> int:
        return self._weight

    def get(self, key: Hashable, default: Any = None) -> Any:
        found = self._data.pop(key, _MISSING)
        if found is _MISSING:
            return default
        self._data[key] = found  # now the most recently used
        return found[0]

    def put(self, key: Hashable, value: Any, weight: int) -> None:
        """Keep ``value`` under ``key``; an entry heavier than the whole budget is not kept."""
        if weight > self.chars:
            return
        old = self._data.pop(key, None)
        if old is not None:
            self._weight -= old[1]
        self._data[key] = (value, weight)
        self._weight += weight
        while len(self._data) > self.entries or self._weight > self.chars:
            oldest = next(iter(self._data))
            self._weight -= self._data.pop(oldest)[1]

    def clear(self) -> None:
        self._data.clear()
        self._weight = 0


def clear_all() -> None:
    """Forget every memoised result (the tests compare a cold build with a warm one)."""
    for memo in MEMOS:
        memo.clear()
