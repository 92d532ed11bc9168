"""ZL301 table-row-identity: a row's 合计 against its columns, and the fund identities.

The tables that could not be read are reported here too, once each, as ZL004.
"""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    ZERO,
    Tolerance,
)
from zhlint.rules.base import Finding, LintContext, rule
from zhlint.rules.tables._common import (
    EXPENDITURE_HEADER,
    Part,
    adds_up,
    readable_tables,
    sum_finding,
    value_of,
)
from zhlint.tables.model import (
    BalanceTable,
    CodedTable,
    StandardTable,
    TableKind,
)


@rule(
    "ZL301",
    "table-row-identity",
    Severity.ERROR,
    "标准表的某一行中，合计列不等于各组成列之和。",
    """
    收入决算表每一行的 本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + …；支出决算表的 本年支出
    合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出；一般公共预算财政拨款支出
    决算表的 小计 = 基本支出 + 项目支出；财政拨款收入支出决算总表的 合计 = 一般公共预算 + 政府性基金 +
    国有资本经营；预算的收支预算总表把支出分列时，合计 = 人员经费 + 公用经费 + 项目支出。不满足这些等式的
    行中有单元格录错了。每个金额舍入到 0.01 万元就能解释的差额报告为提示。
    本规则也会（以 ZL004）报告无法读取的标准表及其原因。
    """,
    bad=EXPENDITURE_HEADER + "201\t一般公共服务支出\t428.48\t418.68\t19.80\t0.00\t0.00\t0.00",
    good=EXPENDITURE_HEADER + "201\t一般公共服务支出\t428.48\t418.68\t9.80\t0.00\t0.00\t0.00",
    summary_en="In a row of a standard table, the total column is not the sum of its parts.",
)
def table_row_identity(context: LintContext) -> Iterator[Finding]:
    yield from unreadable_tables(context)
    for table in readable_tables(context):
        if isinstance(table.model, CodedTable):
            yield from _coded_row_identities(table, table.model, context.tolerance)
        elif isinstance(table.model, BalanceTable) and table.kind is TableKind.FISCAL_SUMMARY:
            yield from _fund_identities(table, table.model, context.tolerance)
        elif isinstance(table.model, BalanceTable) and len(table.model.expenditure_columns) > 1:
            # a 收支预算总表 whose expenditure side is split (合计 = 人员经费 + 公用经费 + 项目支出)
            yield from _fund_identities(table, table.model, context.tolerance, "各列之和")


def unreadable_tables(context: LintContext) -> Iterator[Finding]:
    for table in context.tables.standard:
        if table.problem is None:
            continue
        named = table.name if table.kind_title in table.name else f"{table.name}（{table.kind_title}）"
        yield Finding(
            table.table.span if not table.table.rows else table.table.rows[0].span,
            f"{named}无法完整读取：{table.problem}。与之有关的检查已跳过",
            code="ZL004",
        )


def _coded_row_identities(table: StandardTable, model: CodedTable, tolerance: Tolerance) -> Iterator[Finding]:
    if not model.part_columns:
        return  # a table with one amount column: no row identity to check
    for row in (model.total, *model.rows) if model.total else model.rows:
        total = row.cell(model.total_column)
        if total is None or adds_up(total, (value_of(row.cell(column)) for column in model.part_columns)):
            continue
        parts = [
            Part(column, row.cell(column), value_of(row.cell(column)))
            for column in model.part_columns
            if row.cell(column) is not None
        ]
        finding = sum_finding(
            f"{table.name} {row.title}", model.total_column, total, parts, tolerance, "各列之和"
        )
        if finding is not None:
            yield finding


def _fund_identities(
    table: StandardTable, model: BalanceTable, tolerance: Tolerance, parts_name: str = "三项资金之和"
) -> Iterator[Finding]:
    total_column, *fund_columns = model.expenditure_columns
    for line in model.expenditure:
        total = line.cell(total_column)
        if total is None or not fund_columns:
            continue
        if adds_up(total, (line.value(column) or ZERO for column in fund_columns)):
            continue
        parts = [Part(column, line.cell(column), line.value(column) or ZERO) for column in fund_columns]
        finding = sum_finding(f"{table.name} {line.label}", total_column, total, parts, tolerance, parts_name)
        if finding is not None:
            yield finding
