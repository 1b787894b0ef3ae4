"""The fast paths of typesetting and markup give what the slow, character-by-character
paths give, on any text: plain ASCII, Latin-1, Chinese and Japanese, and mixtures, with the
marks each language's rules act on (quotes, ellipses, French spacing, invisibles); a file
name confined to a folder resolves as ``Path.resolve`` resolves it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from kitbuilder.compose.blocks import Run
from kitbuilder.compose.nobreak import no_break_spaces
from kitbuilder.compose.cjk import is_cjk
from kitbuilder.compose.marks import set_marks as _set_marks, unchanged as _unchanged
from kitbuilder.compose.typography import _trimmed, rules_for, typeset, typeset_runs
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


@settings(max_examples=50, deadline=None)
@given(text=st.lists(st.one_of(PIECE, st.sampled_from(["85 min", "19 h 30", "Nr. 5", "12 décembre 2026", " 20 %",
                                                        "https://a.example/85 min", "7:30 pm"])), max_size=10).map("".join),
       language=st.sampled_from(LANGUAGES))
def test_no_break_spaces_with_patterns_built_once_match_patterns_built_per_text(text, language):
    rules = rules_for(language)
    assert no_break_spaces(text, rules) == reference_no_break_spaces(text, rules)


def reference_no_break_spaces(text: str, rules) -> str:
    """compose.nobreak.no_break_spaces as it was, building its patterns for every text."""
    import re
    from kitbuilder.compose.nobreak import NBSP, _alternatives, _date_pattern, protected
    if rules.cjk:
        return text
    chars = list(text)
    if rules.number_words:
        after = rf"(?<=\d) (?:{_alternatives(rules.number_words)})(?![^\W\d_])"
        for match in re.finditer(after, text, re.IGNORECASE):
            chars[match.start()] = NBSP
    if rules.before_number:
        for match in re.finditer(rf"(?<!\w)(?:{_alternatives(rules.before_number)}) (?=\d)", text):
            chars[match.end() - 1] = NBSP
    if rules.number_words:
        for match in re.finditer(rf"(?<=\d)[ \u00a0](?:{_alternatives(rules.number_words)})( )(?=\d)", text):
            chars[match.start(1)] = NBSP
    date, name = _date_pattern(rules) or (None, None)
    for match in date.finditer(text) if date else ():
        if any(c.isdigit() for c in match.group()) and name.search(match.group()):
            for i in range(match.start(), match.end()):
                chars[i] = NBSP if text[i] == " " else chars[i]
    inside = protected(text)
    return "".join(c if not inside[i] else text[i] for i, c in enumerate(chars))


@settings(max_examples=50, deadline=None)
@given(text=st.one_of(TEXT, st.text(max_size=20)))
def test_has_cjk_finds_what_is_cjk_finds_character_by_character(text):
    from kitbuilder.compose.cjk import has_cjk
    assert has_cjk(text) == any(map(is_cjk, text))


def test_a_name_confined_to_a_folder_resolves_as_path_resolve_does(tmp_path):
    from kitbuilder.source.assets import _resolved_in

    folder = (tmp_path / "club").resolve()
    (folder / "sub").mkdir(parents=True)
    (folder / "logo.png").write_bytes(b"x")
    (folder / "sub" / "font.ttf").write_bytes(b"x")
    (tmp_path / "elsewhere.ttf").write_bytes(b"x")
    (folder / "out.ttf").symlink_to(tmp_path / "elsewhere.ttf")
    (folder / "in.ttf").symlink_to("sub/font.ttf")
    (folder / "dangling.ttf").symlink_to(tmp_path / "gone.ttf")
    (folder / "folder-link").symlink_to(tmp_path)
    for name in ("logo.png", "missing.ttf", "out.ttf", "in.ttf", "dangling.ttf", "sub", "sub/font.ttf",
                 "folder-link/elsewhere.ttf", "folder-link", "./logo.png", "sub/../logo.png"):
        assert _resolved_in(folder, Path(name)) == (folder / name).resolve(), name
