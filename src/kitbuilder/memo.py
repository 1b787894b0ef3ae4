"""Bounded per-process memos: what a batch or a watch session would otherwise work out again.

One kit for forty events, or three layouts of one kit, compose and set the same paragraphs
again and again. A :class:`Memo` keeps such results, keyed by *everything* they depend
on (never the identity of an object that may die and be reused); its users keep only
values nobody changes afterwards. Each memo is bounded both in entries and in a weight
its user gives every entry (about the characters or bytes it holds), and forgets the least
recently used entries first. Like ReportLab itself, memos serve one thread at a time.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from typing import Any, Hashable

_MEMOS: weakref.WeakSet = weakref.WeakSet()  # every Memo of the process (see clear_all)


class Memo:
    """A least-recently-used map bounded by its number of entries and their total weight."""

    def __init__(self, max_entries: int = 4096, max_weight: int = 2_000_000):
        self.max_entries = max_entries
        self.max_weight = max_weight
        self.weight = 0
        self._entries: OrderedDict = OrderedDict()
        _MEMOS.add(self)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Any:
        """The value kept under ``key`` (now the most recently used), or None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: Hashable, value: Any, weight: int) -> None:
        """Keep ``value`` (never None) under ``key``; an entry heavier than the whole memo is not kept."""
        if weight > self.max_weight:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.weight -= old[1]
        self._entries[key] = (value, weight)
        self.weight += weight
        while len(self._entries) > self.max_entries or self.weight > self.max_weight:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.weight -= dropped

    def clear(self) -> None:
        self._entries.clear()
        self.weight = 0


def clear_all() -> None:
    """Forget what every :class:`Memo` of the process keeps (tests compare a build with warm and
    with empty memos), the YAML trees and checked logos among them, and the font caches (parsed
    fonts' attributes and subsets, font files checked, glyph checks, fallback fonts found).
    Fonts already registered with ReportLab stay registered (one object per file content)."""
    for memo in list(_MEMOS):
        memo.clear()
