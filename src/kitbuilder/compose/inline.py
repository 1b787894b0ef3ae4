"""Inline text: the kit's two markups, ``*emphasis*`` and ``**strong**``, read into runs.

Everything else prints exactly as typed; an unbalanced asterisk prints literally.
This is the format-neutral half of the markup: each renderer escapes the runs for
its own format (``render/pdf/markup.py`` for ReportLab).
"""

from __future__ import annotations

from kitbuilder.compose.blocks import Run
from kitbuilder.memo import Memo

# The two inline markups, as the scanner below reads them (the same rules as the
# regular expressions r"\*\*(?=\S)(.+?)(?<=\S)\*\*" and
# r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", leftmost and shortest first).
# A backtracking regex engine takes quadratic time on text such as "*x " repeated
# (every asterisk opens a match that fails only at the end of the text), so each
# pass is one linear scan: the nearest closing marker at or after every position is
# computed once, from the right.


def _word(char: str) -> bool:  # what \w matches
    return char.isalnum() or char == "_"


def _strong_matches(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ``**strong**`` (markers included), left to right, without overlap."""
    n = len(text)
    closer = [-1] * (n + 2)  # closer[p]: the first k >= p where '**' at k closes (non-space before it)
    following = -1
    for k in range(n - 2, 0, -1):
        if text[k] == "*" and text[k + 1] == "*" and not text[k - 1].isspace():
            following = k
        closer[k] = following
    matches = []
    i = 0
    while i + 3 < n:
        if text[i] == "*" and text[i + 1] == "*" and not text[i + 2].isspace():
            k = closer[i + 3]
            if k < 0:
                break  # no closing marker anywhere further on: no later opener can close either
            matches.append((i, k + 2))
            i = k + 2
        else:
            i += 1
    return matches


def _emphasis_matches(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ``*emphasis*`` (markers included), left to right, without overlap."""
    n = len(text)

    def hugs(char: str) -> bool:  # [^\s*]
        return char != "*" and not char.isspace()

    closer = [-1] * (n + 2)  # closer[p]: the first k >= p where a '*' at k closes emphasis
    following = -1
    for k in range(n - 1, 0, -1):
        if text[k] == "*" and hugs(text[k - 1]) and (k + 1 == n or (text[k + 1] != "*" and not _word(text[k + 1]))):
            following = k
        closer[k] = following
    matches = []
    i = 0
    while i + 2 < n:
        if text[i] == "*" and hugs(text[i + 1]) and (i == 0 or (text[i - 1] != "*" and not _word(text[i - 1]))):
            k = closer[i + 2]
            if k < 0:
                break
            matches.append((i, k + 1))
            i = k + 1
        else:
            i += 1
    return matches


def spans(text: str) -> list[tuple[str, bool, bool]]:
    """Split text into (literal text, strong, emphasis) spans, in time linear in its length."""
    if "*" not in text:  # most text: no marker, one plain span (what the scans below would find)
        return [(text, False, False)] if text else []
    result: list[tuple[str, bool, bool]] = []
    position = 0
    for start, end in _strong_matches(text):
        result.extend((s, False, e) for s, e in _emphasis_spans(text[position:start]))
        result.extend((s, True, e) for s, e in _emphasis_spans(text[start + 2:end - 2]))
        position = end
    result.extend((s, False, e) for s, e in _emphasis_spans(text[position:]))
    return [span for span in result if span[0]]


def _emphasis_spans(text: str) -> list[tuple[str, bool]]:
    result = []
    position = 0
    for start, end in _emphasis_matches(text):
        result.append((text[position:start], False))
        result.append((text[start + 1:end - 1], True))
        position = end
    result.append((text[position:], False))
    return result


def plain(text: str) -> str:
    """The text as it reads in print: emphasis markers removed, nothing else changed."""
    return "".join(span for span, _, _ in spans(text))


def runs(text: str, key: str | None = None, parse: bool = True, **look) -> tuple[Run, ...]:
    """``text`` as runs: emphasis and strong read from its markers (``parse=False``: the
    text as typed, asterisks and all). ``key`` names the content field it shows;
    ``look`` (``style``, ``muted``, ``strong``) applies to every run."""
    text = str(text)  # a Text's origin stays with its paragraph; the runs hold plain strings
    memo_key = (text, key, parse, tuple(sorted(look.items()))) if type(key) in _PLAIN_KEYS else None
    found = _RUNS.get(memo_key) if memo_key else None
    if found is None:
        found = _runs(text, key, parse, **look)
        if memo_key:
            _RUNS.put(memo_key, found, 2 * len(text))
    return found


_PLAIN_KEYS = (str, type(None))  # a key of another kind (a Text) is not memoised: it would come back for another
_RUNS = Memo()  # (text, key, parse, look) -> runs: a batch reads the same paragraphs again and again


def _runs(text: str, key: str | None, parse: bool, **look) -> tuple[Run, ...]:
    strong_all = look.pop("strong", False)
    if not parse:
        return (Run(text, strong=strong_all, key=key, **look),) if text else ()
    return tuple(Run(span, strong=strong or strong_all, emphasis=emphasis, key=key, **look)
                 for span, strong, emphasis in spans(text))


def runs_text(items: tuple[Run, ...]) -> str:
    """What a sequence of runs reads as (a line break reads as a space)."""
    return "".join((" " if run.line_break else "") + run.text for run in items)
