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
    "A standard table lacks the 公开NN表 number or the 金额单位 line that the other tables carry.",
    """
    Each of the nine tables is published with its number (`公开01表`) and its unit
    (`金额单位：万元`). A table without them, where the other tables of the report have them,
    cannot be cited by number and leaves its unit to be guessed.
    """,
    bad="收入支出决算总表（没有“公开01表”和“金额单位：万元”，其他表都有）",
    good="收入支出决算总表 公开01表 金额单位：万元",
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
