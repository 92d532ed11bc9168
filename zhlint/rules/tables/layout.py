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
    "标准表的版式不规整（栏次行错位、单元格多出、数值偏离其标签）。",
    """
    文本提取和手工制作的模板会使单元格错位：栏次行的数字没有对齐金额列，数据行的数字比表头的列多（科目代
    码与名称合并在一个单元格里），合计的数值落在标签的下一行，空表中有的单元格为 0.00、有的为空白。
    zhlint 照样读取这些表；这条提示指出版式哪里需要整理。（有金额的表下面写着表为空的说明，见 ZL601。）
    """,
    bad=EXPENDITURE_HEADER.replace("\n科目代码", "\n栏次\t1\t2\t3\t4\t5\t6\t\n科目代码", 0)
    + "栏次\t1\t2\t3\t4\t5\t6\t\n201\t一般公共服务支出\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00",
    good=EXPENDITURE_HEADER
    + "栏次\t\t1\t2\t3\t4\t5\t6\n201\t一般公共服务支出\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00",
    summary_en=(
        "A standard table's layout is irregular (shifted 栏次 row, surplus cells, values off their labels)."
    ),
)
def table_layout_irregular(context: LintContext) -> Iterator[Finding]:
    for table in context.tables.standard:
        for note in table.layout:
            yield Finding(note.span, f"{table.name}：{note.message}")
