"""ZL307 table-layout-irregular: a shifted 栏次 row, surplus cells, values off their labels."""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.rules.base import Finding, LintContext, rule
from zhlint.rules.tables._common import EXPENDITURE_HEADER


@rule(
    "ZL307",
    "table-layout-irregular",
    Severity.INFO,
    "A standard table's layout is irregular (shifted 栏次 row, surplus cells, values off their labels).",
    """
    Extraction and hand-made templates shift cells: a 栏次 row whose numbers do not sit over the
    amount columns, data rows with more numbers than the header has columns (a code and its
    name merged into one cell), totals whose values stand on the line after their labels, an
    empty table with some cells 0.00 and others blank. zhlint reads such tables anyway; this
    note says where the layout should be tidied. A note that says the table is empty
    (`本表无数据`, `故本表为空表`) under a table that has amounts is an error: a template's note
    left in, which contradicts the table.
    """,
    bad=EXPENDITURE_HEADER.replace("\n科目代码", "\n栏次\t1\t2\t3\t4\t5\t6\t\n科目代码", 0)
    + "栏次\t1\t2\t3\t4\t5\t6\t\n201\t一般公共服务支出\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00",
    good=EXPENDITURE_HEADER
    + "栏次\t\t1\t2\t3\t4\t5\t6\n201\t一般公共服务支出\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00",
)
def table_layout_irregular(context: LintContext) -> Iterator[Finding]:
    for table in context.tables.standard:
        for note in table.layout:
            yield Finding(note.span, f"{table.name}：{note.message}")
        if table.empty_note is not None:
            yield Finding(
                table.empty_note,
                f"说明称{table.name}为空表（无数据），但表中列有金额：说明与表格矛盾，疑为模板说明未删",
                severity=Severity.ERROR,
            )
