"""CJK typography (issue 9, Japanese and Chinese reviews): where lines may break
(render/pdf/kinsoku.py), quotation marks and ellipses in Chinese and Japanese text,
label joins, upright CJK in italic runs, and the separators of detail lines."""

from __future__ import annotations

from pathlib import Path

import pytest

import kitbuilder
from kitbuilder.compose.typography import rules_for

OPENING = "（「『【〔《〈“‘"
CLOSING = "，。、：；！？）」』"
JAPANESE = ("張夫妻の娘（チン）は「家に帰りたい」と言いました。父は『最後の列車』に乗り、"
            "【注】春節（旧正月）の帰省は《一年に一度》だけです。〈彼ら〉は“中国制造”の工場で働き、"
            "‘回家’を夢見ています……真是！帰りたい……。")


def _font() -> str:
    from kitbuilder.diagnostics import Origin
    from kitbuilder.source.fontfiles import register_font
    return register_font(Path(kitbuilder.__file__).parent / "fonts" / "DroidSansFallback-subset.ttf", Origin("test"))


def _lines(text: str, width: float, runs: int) -> list[str]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph
    from kitbuilder.render.pdf import styles  # noqa: F401 - installs the CJK line breaking (kinsoku.py)
    style = ParagraphStyle("cjk", fontName=_font(), fontSize=10, leading=12, wordWrap="CJK")
    markup = text if runs == 1 else "".join(f"<b>{c}</b>" if k % 7 == 3 else c for k, c in enumerate(text))
    paragraph = Paragraph(markup, style)
    paragraph.wrap(width, 10000)
    return [line[1][0] if isinstance(line, (tuple, list)) else "".join(f.text for f in line.words)
            for line in paragraph.blPara.lines]


@pytest.mark.parametrize("runs", [1, 2])
def test_no_cjk_line_ends_with_an_opening_mark_or_starts_with_a_closing_one(runs):
    assert set(OPENING) <= set(rules_for("ja").no_break_after) and set(OPENING) <= set(rules_for("zh").no_break_after)
    bad = []
    for width in range(40, 160, 3):  # every break position is tried at one width or another
        lines = _lines(JAPANESE, width, runs)
        assert "".join(lines) == JAPANESE
        bad += [(width, a, b) for a, b in zip(lines, lines[1:]) if a[-1] in OPENING or b[0] in CLOSING + "…"]
    assert bad == []


@pytest.mark.parametrize("typed, language, printed", [
    ('导演说："这是...真是！"', "zh-Hans", "导演说：“这是……真是！”"),  # opens after ：, …… in Chinese
    ('对"中国制造"的', "zh-Hans", "对“中国制造”的"),  # opens after a CJK character
    ("对'回家'的", "zh-Hans", "对‘回家’的"),
    ('（"回家"）', "zh-Hans", "（“回家”）"),
    ('彼は"家に帰りたい"と言った', "ja", "彼は「家に帰りたい」と言った"),
    ('彼は"I want to go home..."と言った', "ja", "彼は“I want to go home…”と言った"),  # Latin text: “ ” and …
    ("He said \"don't\" and 'yes' at the Zhangs' home", "ja", "He said “don’t” and ‘yes’ at the Zhangs’ home"),
    ('He said "wait..." and left', "en", "He said “wait…” and left"),
])
def test_straight_quotes_and_ellipses_in_chinese_and_japanese(typed, language, printed):
    from kitbuilder.compose.typography import typeset
    assert typeset(typed, rules_for(language)) == printed


KITS = Path(__file__).parent / "kits"


def _document_texts(kit: str, event: str | None, layout: str) -> list[str]:
    from kitbuilder.build import BuildOptions, prepare
    from kitbuilder.compose.blocks import Heading, Para, walk
    from kitbuilder.compose.document import build_document
    comp, = prepare(KITS / kit, BuildOptions(layouts=[layout], event_path=KITS / event if event else None))
    return [b.text for b in walk(build_document(comp)) if isinstance(b, (Para, Heading))]


def test_no_half_width_space_after_a_full_width_colon_or_before_an_opening_bracket():
    texts = _document_texts("typo-ja-long.yaml", "typo-ja-event.yaml", "facilitator") \
        + _document_texts("typo-ja-long.yaml", "typo-ja-event.yaml", "handout")
    joined = "\n".join(texts)
    assert "バリアフリー情報：日本語字幕" in joined  # a label and its value, joined by the code with a space
    assert "（質問者：" in joined
    assert not [t for t in texts if "： " in t or " （" in t or "： " in t]


def _wrapped(markup: str, width: float, cjk: bool) -> list[str]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph
    from kitbuilder.render.pdf import styles  # noqa: F401 - installs the CJK line breaking (kinsoku.py)
    style = ParagraphStyle("line", fontName=_font() if cjk else "Helvetica", fontSize=10, leading=12,
                           wordWrap="CJK" if cjk else None)
    paragraph = Paragraph(markup, style)
    paragraph.wrap(width, 10000)
    return [line[1][0] if isinstance(line, (tuple, list)) else " ".join(w if isinstance(w, str) else w.text
                                                                        for w in line.words)
            for line in paragraph.blPara.lines]


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "it", "pt", "nl", "zh-Hans"])
def test_a_detail_separator_never_starts_a_line(language):
    """The print review's "· Saturday, 12 December 2026" at a line start (large print, every event)."""
    import yaml
    from kitbuilder.labels import shipped_file
    labels = yaml.safe_load(shipped_file(language).read_text(encoding="utf-8"))
    items = ["December screening", "Riverside Film Club", "Saturday, 12 December 2026", "7:30 pm",
             "Riverside Library", "Room 2", "Ana Ruiz"] if language != "zh-Hans" else \
        ["十二月放映会", "河畔电影俱乐部", "2026年12月12日", "19:30", "河畔图书馆", "第二会议室"]
    for key in ("event.line_separator", "film.details_separator"):
        separator = labels[key]
        text = separator.join(items)
        for width in range(60, 400, 7):
            lines = _wrapped(text, width, language == "zh-Hans")
            assert not [line for line in lines[1:] if line.lstrip().startswith("\u00b7")], (key, width, lines)


@pytest.mark.parametrize("typed, language, bound, free", [
    ("the farm covers 700 hectares of land", "en", ["700\u00a0hectares"], ["hectares of"]),
    ("about 3000 RMB (460 US) a month", "en", ["3000\u00a0RMB", "460\u00a0US"], ["RMB (460"]),
    ("it took him about 2 years and 16 years away", "en", ["2\u00a0years", "16\u00a0years"], ["years and"]),
    ("in 2009 the 3 children", "en", [], ["2009 the", "3 children"]),  # never an arbitrary word
    ("pendant 16 ans et 3 jours", "fr", ["16\u00a0ans", "3\u00a0jours"], []),
    ("seit 16 Jahren, 700 Hektar", "de", ["16\u00a0Jahren", "700\u00a0Hektar"], []),
    ("durante 16 años y 700 hectáreas", "es", ["16\u00a0años", "700\u00a0hectáreas"], []),
])
def test_a_number_stays_with_its_unit_or_counted_noun(typed, language, bound, free):
    from kitbuilder.compose.typography import typeset
    printed = typeset(typed, rules_for(language))
    assert all(b in printed for b in bound) and all(f in printed for f in free), printed


def test_chinese_and_japanese_text_is_never_set_in_italic(tmp_path):
    """The Japanese review: the welcome box (an italic style) printed 12月 and 10分 with italic digits."""
    import pdfplumber
    from kitbuilder.build import BuildOptions, prepare, render_fitted
    from kitbuilder.compose.document import build_document
    from kitbuilder.compose.cjk import is_cjk
    comp, = prepare(KITS / "typo-ja-long.yaml", BuildOptions(layouts=["handout"], event_path=KITS / "typo-ja-event.yaml"))
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(render_fitted(comp, build_document(comp)).data)
    with pdfplumber.open(pdf) as document:
        chars = document.pages[0].chars
    italic = [k for k, c in enumerate(chars) if "Italic" in c["fontname"]]
    assert italic  # the English text of the pull quote and the welcome's Latin words stay italic
    in_cjk = [chars[k]["text"] for k in italic
              if is_cjk(chars[k]["text"]) or any(is_cjk(chars[j]["text"]) for j in (k - 1, k + 1) if 0 <= j < len(chars))]
    assert in_cjk == []
    welcome = "".join(c["text"] for c in chars if c["text"].isdigit() and "Italic" not in c["fontname"])
    assert "12" in welcome and "10" in welcome
