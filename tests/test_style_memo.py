"""Paragraph styles built once per process (render/pdf/styles.py ``built``): renders share a
style only where everything it is built from is the same, and share nothing they could change."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from conftest import KIT
from kitbuilder.build import BuildOptions, prepare
from kitbuilder.render.pdf import memo, styles


def sheet(layout="guide", scale=1.0):
    comp = prepare(KIT, BuildOptions(layouts=[layout]))[0]
    return comp.with_scale(scale).styles if scale != 1.0 else comp.styles


def test_the_same_style_is_shared_and_another_is_not():
    a, b = sheet(), sheet()
    assert a is not b and a["body"] is b["body"] and a["heading"] is b["heading"]
    assert a["body"] is not a["heading"]
    tighter = sheet(scale=0.975)
    assert tighter["body"] is not a["body"] and tighter["body"].fontSize < a["body"].fontSize
    assert sheet("large-print")["body"].fontSize != a["body"].fontSize


def test_a_size_of_another_type_is_another_style():
    ten = styles.built("t", {"fontName": "Helvetica", "fontSize": 10})
    ten_float = styles.built("t", {"fontName": "Helvetica", "fontSize": 10.0})
    assert ten is not ten_float and type(ten_float.fontSize) is float
    assert styles.built("t", {"fontName": "Helvetica", "fontSize": 10}) is ten


def test_a_built_style_has_the_values_of_one_made_directly():
    comp = prepare(KIT, BuildOptions(layouts=["guide"]))[0]
    body = comp.styles["body"]
    made = ParagraphStyle(body.name, **{k: v for k, v in body.__dict__.items() if k not in ("name", "parent")})
    assert memo.style_values(made) == memo.style_values(body)
    cjk = comp.styles.for_text("body", "日本語の文章です。日本語の文章です。")
    old = ParagraphStyle(f"{body.name}-cjk", parent=body, wordWrap="CJK", hyphenationLang="")
    assert cjk.name == old.name and memo.style_values(cjk) == memo.style_values(old)
    assert comp.styles.for_text("body", "日本語の文章です。日本語の文章です。") is cjk


def test_the_styles_built_are_bounded():
    styles.BUILT.clear()
    for n in range(styles.BUILT.max_entries + 100):
        styles.built("bounded", {"fontName": "Helvetica", "fontSize": 5.0 + n / 1000})
    assert len(styles.BUILT) == styles.BUILT.max_entries
    styles.BUILT.clear()
