"""The fast paths of typesetting and markup give what the slow, character-by-character
paths give, on any text: plain ASCII, Latin-1, Chinese and Japanese, and mixtures, with the
marks each language's rules act on (quotes, ellipses, French spacing, invisibles)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kitbuilder.compose.blocks import Run
from kitbuilder.compose.nobreak import no_break_spaces
from kitbuilder.compose.typography import _set_marks, _trimmed, _unchanged, is_cjk, rules_for, typeset, typeset_runs
from kitbuilder.render.pdf.markup import _fallback_runs, _with_fallback

LANGUAGES = ["en", "fr", "de", "ja", "zh-Hans"]
ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
LATIN_1 = st.characters(min_codepoint=0xA0, max_codepoint=0xFF)
CJK = st.sampled_from("归途列车回家の電車です「」（）：、。！？…")
MARKS = st.sampled_from(['"', "'", "...", " ", ":", ";", "!", "?", "«", "»", "\u200b", "\ufe0f", "19:30", "www.example.org/x"])
PIECE = st.one_of(st.text(ASCII, max_size=12), st.text(LATIN_1, max_size=4), st.text(CJK, max_size=6), MARKS)
TEXT = st.lists(PIECE, max_size=12).map("".join)


def slow_typeset(text: str, rules) -> str:
    return "".join(char for char, _ in _set_marks(no_break_spaces(text, rules), rules))


@settings(max_examples=50, deadline=None)
@given(text=TEXT, language=st.sampled_from(LANGUAGES))
def test_text_the_fast_path_passes_is_unchanged_by_the_slow_path(text, language):
    rules = rules_for(language)
    if _unchanged(text, rules):
        assert _set_marks(text, rules) == [(char, i) for i, char in enumerate(text)]
    assert typeset(text, rules) == slow_typeset(text, rules)


@settings(max_examples=50, deadline=None)
@given(texts=st.lists(TEXT, min_size=1, max_size=4), language=st.sampled_from(LANGUAGES))
def test_runs_set_by_the_fast_path_match_the_slow_path(texts, language):
    rules = rules_for(language)
    runs = tuple(Run(text, key="field") for text in texts)
    trimmed = _trimmed(runs)
    owner = [k for k, text in enumerate(trimmed) for _ in text]
    pieces = [""] * len(runs)
    for char, index in _set_marks(no_break_spaces("".join(trimmed), rules), rules):
        pieces[owner[index]] += char
    assert [run.text for run in typeset_runs(runs, rules)] == [piece for piece in pieces if piece]


def test_plain_english_takes_the_fast_path_and_quotes_do_not():
    rules = rules_for("en")
    assert _unchanged("A train home, 85 min, at 19:30.", rules)
    assert not _unchanged('She said "go".', rules)
    assert not _unchanged("Wait...", rules)
    assert not _unchanged("zero\u200bwidth", rules)
    assert not _unchanged("Quoi ?", rules_for("fr"))


def fake_fallback(char: str) -> str | None:
    """A fallback as a layout's fonts give it: CJK in one font, two symbols in another."""
    if is_cjk(char):
        return "CJK-Font"
    return "Symbols" if char in "★→" else None


@settings(max_examples=50, deadline=None)
@given(text=st.lists(st.one_of(PIECE, st.sampled_from("★→*")), max_size=12).map("".join),
       strong=st.booleans(), emphasis=st.booleans(), upright=st.sampled_from([None, "Upright"]))
def test_markup_fast_path_matches_the_character_by_character_markup(text, strong, emphasis, upright):
    slow = _fallback_runs(text, lambda char: None if char.isspace() else fake_fallback(char),
                          strong, emphasis, "&#160;", upright)
    assert _with_fallback(text, fake_fallback, strong, emphasis, "&#160;", upright) == slow


def test_markup_asks_the_fallback_once_per_distinct_character():
    asked = []
    markup = _with_fallback("the train home, the train", lambda char: asked.append(char), emphasis=True)
    assert markup == "<i>the train home, the train</i>"
    assert sorted(asked) == sorted(set("thetrainhome,"))
