"""The rule documentation is Chinese (the reviewers read Chinese), the English summary kept."""

from __future__ import annotations

import io

import regex

from zhlint.cli import explain_text, run_rules
from zhlint.rules import registered_rules
from zhlint.rulesdoc import rules_reference, rules_table

HAN = regex.compile(r"\p{Han}")
# English function words: Chinese prose with English terms (UTF-8, BOM, PDF) has none of them.
ENGLISH_WORDS = regex.compile(r"\b(?:the|and|of|is|are|in|to|with|that|when)\b", regex.IGNORECASE)


def _prose(text: str) -> str:
    """The text without its quoted spans (`…`), which may hold option names and report text."""
    return regex.sub(r"`[^`]*`", "", text)


def test_explain_zl101_prints_chinese() -> None:
    text = explain_text("ZL101")
    assert text is not None
    for heading in ("规则说明：", "错误示例：", "正确示例："):
        assert heading in text
    assert "所写的百分比与据以计算的金额不符。" in text
    assert "所写数值等于计算值按所写小数位数四舍五入的结果时为正确" in text
    assert "英文摘要：A stated percentage does not follow from the amounts" in text


def test_every_rule_is_documented_in_chinese() -> None:
    for registered in registered_rules():
        meta = registered.meta
        assert HAN.search(meta.summary), meta.code
        # Chinese prose, not English prose with Chinese terms.
        assert not ENGLISH_WORDS.findall(_prose(meta.summary + "\n" + meta.explanation)), meta.code
        assert regex.search(r"[A-Za-z]{3,}", meta.summary_en), meta.code


def test_rules_list_and_reference_are_chinese() -> None:
    out = io.StringIO()
    run_rules(out)
    listing = out.getvalue().splitlines()
    assert len(listing) == len(list(registered_rules()))
    assert all(HAN.search(line.split(maxsplit=3)[3]) for line in listing)
    reference = rules_reference()
    for heading in (
        "# 规则说明",
        "**规则说明**",
        "**错误示例**",
        "**正确示例**",
        "## ZL1xx — 正文内部的计算",
    ):
        assert heading in reference
    assert "| 代码 | 名称 | 默认级别 | 摘要 |" in rules_table()
