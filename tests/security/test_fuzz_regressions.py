"""Failures found by tests/security/test_fuzz_reports.py, each kept as a plain example.

Every test here failed on the code before its fix (the commit that added it says which).
"""

from __future__ import annotations

import pytest

import zhlint
from zhlint.config import Config
from zhlint.fix import fix_source
from zhlint.read.source import Source

SUMMARY_TABLE = (
    "2023年度\n株洲市示例服务中心\n部门决算\n\n收入支出决算总表\n\n公开01表\n金额单位：万元\n\n"
    "收入\t\t\t支出\t\t\n"
    "项目\t行次\t金额\t项目\t行次\t金额\n"
    "一、一般公共预算财政拨款收入\t{row}\t526.36\t一、一般公共服务支出\t32\t526.36\n"
    "本年收入合计\t27\t526.36\t本年支出合计\t58\t526.36\n"
)


@pytest.mark.parametrize("row", ["²", "①", "¹", "³²"])
def test_superscript_or_circled_row_number_is_not_a_rule_failure(row: str) -> None:
    """`²` in a 行次 cell: ``str.isdigit`` is true for it but ``int`` refuses it (ZL009 in 17 table rules)."""
    diagnostics = zhlint.lint_text(SUMMARY_TABLE.format(row=row), path="t.txt")
    assert [d.message for d in diagnostics if d.code == "ZL009"] == []


@pytest.mark.parametrize(
    "body",
    [
        "发挥作\r作\n用，推进工作。\n",  # one character doubled across the CR (ZL602, info)
        "推进长株潭\r长株潭\n一体化发展。\n",  # a phrase doubled across the CR (ZL602)
        "2023年度\r度\n株洲市。\n",  # as the fuzz found it: the cover's last character copied
    ],
)
def test_fix_does_not_join_cr_and_lf(body: str) -> None:
    """A ZL602 fix deleting everything between a CR and an LF made them one CRLF: a line vanished."""
    source = Source.from_text("2023年度\n株洲市测试中心部门决算\n\n" + body, "t.txt")
    fixed = fix_source(source, Config())
    assert len(fixed.source.line_starts) == len(source.line_starts)
    assert fixed.source.text.count("\r") == source.text.count("\r")
