"""ZL622 table-caption-incomplete: a standard table without its 公开NN表 number or 金额单位 line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhlint.diagnostics import Severity, Span
from zhlint.rules.base import Finding, LintContext, rule
from zhlint.tables.model import StandardTable
from zhlint.tables.recognise import caption_texts, title_kind

_UNIT_LINE = re.compile(r"(?:金额)?单位\s*[：:]\s*万元")


def _title_span(standard: StandardTable) -> Span:
    """The caption line that names the table, or the table's first line."""
    for line in reversed(standard.table.caption):
        if title_kind(line.text.strip().lstrip("#* ")) is standard.kind:
            return Span(line.start, line.end)
    first = standard.table.rows[0] if standard.table.rows else None
    return first.span if first is not None else standard.table.span


@rule(
    "ZL622",
    "table-caption-incomplete",
    Severity.INFO,
    "某张标准表缺少其他表都有的“公开NN表”编号或“金额单位”行。",
    """
    九张表都带着编号（`公开01表`）和单位（`金额单位：万元`）公开。报告中其他表都有而某张表没有时，这张表
    无法按编号引用，单位也只能去猜。
    """,
    bad="收入支出决算总表（没有“公开01表”和“金额单位：万元”，其他表都有）",
    good="收入支出决算总表 公开01表 金额单位：万元",
    summary_en="A standard table lacks the 公开NN表 number or the 金额单位 line that the other tables carry.",
)
def table_caption_incomplete(context: LintContext) -> Iterator[Finding]:
    standard = [table for table in context.tables.standard if not table.empty]
    if len(standard) < 3:
        return
    numbered = [table.number is not None for table in standard]
    with_unit = [any(_UNIT_LINE.search(text) for text in caption_texts(table.table)) for table in standard]
    # Only where most tables have it: a region whose template has no numbers is not wrong.
    expect_number = sum(numbered) * 3 >= len(standard) * 2
    expect_unit = sum(with_unit) * 3 >= len(standard) * 2
    for table, has_number, has_unit in zip(standard, numbered, with_unit, strict=True):
        missing = []
        if expect_number and not has_number:
            missing.append(f"“公开{table.kind.value:02d}表”编号")
        if expect_unit and not has_unit:
            missing.append("“金额单位：万元”")
        if missing:
            yield Finding(
                _title_span(table),
                f"{table.title or table.kind.short}的表头缺少{'和'.join(missing)}，本报告的其他表都有",
            )
