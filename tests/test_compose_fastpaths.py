"""Shortcuts of compose that must never change a result: the stretches set_marks copies whole
(compose/marks.py) and the text without asterisks that inline.spans does not scan."""

import random
import re

import pytest

from kitbuilder.compose import inline, marks
from kitbuilder.compose.typography import rules_for

PIECES = list("ab Z1 .'\"\t:;!?«»“”‘’…-—()[]/,\u00a0\u202f\u200b\u200d\ufe0f。「」（）：注漢字かな") + [
    "https://example.org/it's", "www.e.com", "a@b.com", "...", "don't", " ' ", ' " ', "l'aise", "'90s", "19:30"]


def texts(seed: int, count: int = 3000):
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(count)]


@pytest.mark.parametrize("language", ["en", "fr", "de-CH", "es", "ja", "zh", "pt-BR"])
def test_copying_stretches_whole_sets_the_same_marks(language, monkeypatch):
    rules = rules_for(language)
    samples = texts(len(language)) + ["Il a dit : « Bonjour ! » ... et l'autre ? « Oui ».",
                                      '他说："这是我的家。" She said "home" and \'left\'.']
    fast = [marks.set_marks(text, rules) for text in samples]
    monkeypatch.setattr(marks, "_copied", lambda rules: re.compile(r"[^\s\S]"))  # every character on its own
    assert [marks.set_marks(text, rules) for text in samples] == fast


def test_text_without_asterisks_is_one_plain_span():
    for text in texts(3) + ["", "plain", "two  spaces\nand a line"]:
        if "*" in text:
            continue
        scanned = [(s, False, e) for s, e in inline._emphasis_spans(text)] if not inline._strong_matches(text) else None
        assert inline.spans(text) == [span for span in scanned if span[0]]
