"""ZL304 cross-table-mismatch: the same total or 类 in two standard tables."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from zhlint.diagnostics import Severity
from zhlint.document.segment import Cell
from zhlint.read.numbers import (
    ZERO,
    Tolerance,
    Verdict,
    amounts_agree,
    fmt,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.rules.tables._common import (
    CONTRIBUTION_PAIRS,
    EXPENDITURE_HEADER,
    Part,
    as_findings,
    same_unit,
    sum_finding,
    summary_example,
    table_name,
    value_of,
)
from zhlint.tables.model import (
    CATEGORY_NAMES,
    BalanceTable,
    CodedTable,
    LineRole,
    StandardTable,
    TableKind,
)


@rule(
    "ZL304",
    "cross-table-mismatch",
    Severity.ERROR,
    "同一金额在两张标准表中不一致。",
    """
    各表互相复述：01表本年收入合计 = 02表合计，01表本年支出合计 = 03表合计，01表每一类 = 03表同一类；
    04表一般公共预算财政拨款 = 05表（合计及每一类）；06表 人员经费合计 + 公用经费合计 = 05表基本支出。
    03/05表只列项时，类取其下各项之和。舍入能解释的差额报告为提示。06表中通常等于05表某一项的缴费项目（
    30108 = 2080505，30109 = 2080506，30113 住房公积金 = 2210201 …）也会比较，但只作提示：它们并非严格相
    等。
    """,
    bad=summary_example("57.76", "57.76", "八、社会保障和就业支出\t39")
    + "\n\n"
    + EXPENDITURE_HEADER
    + "208\t社会保障和就业支出\t47.76\t47.76\t0.00\t0.00\t0.00\t0.00",
    good=summary_example("47.76", "47.76", "八、社会保障和就业支出\t39")
    + "\n\n"
    + EXPENDITURE_HEADER
    + "208\t社会保障和就业支出\t47.76\t47.76\t0.00\t0.00\t0.00\t0.00",
    summary_en="The same amount differs between two standard tables.",
)
def cross_table_mismatch(context: LintContext) -> Iterator[Finding]:
    tables = context.tables
    pairs = (
        (TableKind.SUMMARY, "金额", TableKind.EXPENDITURE, "本年支出合计"),
        (TableKind.FISCAL_SUMMARY, "一般公共预算财政拨款", TableKind.GENERAL_BUDGET, "小计"),
    )
    for summary_kind, summary_column, coded_kind, coded_column in pairs:
        summary, coded = tables.get(summary_kind), tables.get(coded_kind)
        if summary is None or coded is None or not summary.readable or not coded.readable:
            continue
        if summary.scale != coded.scale:
            continue  # one table in 元, the other in 万元: not compared cell by cell
        assert isinstance(summary.model, BalanceTable) and isinstance(coded.model, CodedTable)
        if not coded.model.rows:
            continue  # a total line without rows by code (a budget's 支出预算总表): no 类 to compare
        yield from _categories_agree(
            summary, summary.model, summary_column, coded, coded.model, coded_column, context.tolerance
        )
    yield from _totals_agree(context)


def _categories_agree(
    summary: StandardTable,
    balance: BalanceTable,
    column: str,
    coded: StandardTable,
    model: CodedTable,
    coded_column: str,
    tolerance: Tolerance,
) -> Iterator[Finding]:
    for line in balance.expenditure:
        cell = line.cell(column)
        if line.category is None or cell is None:
            continue
        parts = category_parts(model, line.category, coded_column)
        if parts is None:
            if value_of(cell) != ZERO:
                yield Finding(
                    cell.span,
                    f"{summary.name} {line.label} 为 {fmt(value_of(cell))}，"
                    f"{coded.name}中没有 {line.category} {CATEGORY_NAMES[line.category]} 的行",
                    severity=Severity.WARNING,
                )
            continue
        label = f"{coded.name} {line.category}"
        found = sum_finding(
            f"{summary.name} {line.label}与{label}", f"{summary.name}为", cell, parts, tolerance, coded.name
        )
        yield from as_findings(found)


def category_parts(model: CodedTable, category: str, column: str) -> list[Part] | None:
    """A 类 amount in a table by code: its own row, or the sum of its top-level rows (only 项 listed)."""
    row = model.row(category)
    if row is not None:
        return [Part(row.title, row.cell(column), row.value(column) or ZERO)]
    _, top = model.children_by_parent()
    rows = [row for row in top if row.code and row.code.startswith(category)]
    if not rows:
        return None
    return [Part(row.code or "", row.cell(column), row.value(column) or ZERO) for row in rows]


def _totals_agree(context: LintContext) -> Iterator[Finding]:
    tables = context.tables
    checks = (
        (TableKind.SUMMARY, "income", "金额", TableKind.INCOME, "本年收入合计"),
        (TableKind.SUMMARY, "expenditure", "金额", TableKind.EXPENDITURE, "本年支出合计"),
        (TableKind.FISCAL_SUMMARY, "expenditure", "一般公共预算财政拨款", TableKind.GENERAL_BUDGET, "小计"),
        (TableKind.FISCAL_SUMMARY, "income", "金额", TableKind.INCOME, "财政拨款收入"),
    )
    for summary_kind, side, column, coded_kind, coded_column in checks:
        balance, coded = tables.balance(summary_kind), tables.coded(coded_kind)
        if balance is None or coded is None or coded.total is None:
            continue
        if not same_unit(context, summary_kind, coded_kind):
            continue
        line = balance.line(side, LineRole.CURRENT_TOTAL)
        other = coded.total.cell(coded_column)
        cell = line.cell(column) if line else None
        if line is None or cell is None or other is None:
            continue
        summary_name = table_name(context, summary_kind)
        coded_name = table_name(context, coded_kind)
        yield from _two_cells(
            f"{summary_name} {line.label}（{column}）",
            cell,
            f"{coded_name} 合计行“{coded_column}”",
            other,
            context.tolerance,
        )
    yield from _economic_total_agrees(context)
    yield from _contribution_pairs(context)


def _contribution_pairs(context: LintContext) -> Iterator[Finding]:
    tables = context.tables
    economic, budget = tables.economic(), tables.coded(TableKind.GENERAL_BUDGET)
    if economic is None or budget is None:
        return
    if not same_unit(context, TableKind.BASIC_DETAIL, TableKind.GENERAL_BUDGET):
        return
    name_06, name_05 = (
        table_name(context, TableKind.BASIC_DETAIL),
        table_name(context, TableKind.GENERAL_BUDGET),
    )
    for item_code, row_codes in CONTRIBUTION_PAIRS:
        item = economic.item(item_code)
        rows = [row for code in row_codes if (row := budget.row(code)) is not None]
        if item is None or len(rows) != 1:
            continue
        cell = rows[0].cell("基本支出")
        if cell is None or rows[0].value("基本支出") != rows[0].value("小计"):
            continue  # partly 项目支出: the 06表 item holds only the 基本支出 part
        if amounts_agree(item.value, value_of(cell), context.tolerance) is Verdict.OK:
            continue
        yield Finding(
            item.amount.span,
            f"{name_06} {item.title} 为 {fmt(item.value)}，{name_05} {rows[0].title} 为 "
            f"{fmt(value_of(cell))}，两者通常相等（不是严格的勾稽关系，仅供核对）",
            severity=Severity.INFO,
            related=(RelatedSpan(cell.span, f"{name_05} {rows[0].title} {fmt(value_of(cell))}"),),
        )


def _economic_total_agrees(context: LintContext) -> Iterator[Finding]:
    tables = context.tables
    economic, budget = tables.economic(), tables.coded(TableKind.GENERAL_BUDGET)
    if economic is None or budget is None or budget.total is None:
        return
    if not same_unit(context, TableKind.BASIC_DETAIL, TableKind.GENERAL_BUDGET):
        return
    basic = budget.total.cell("基本支出")
    if basic is None or economic.personnel_total is None or economic.public_total is None:
        return
    parts = [
        Part("人员经费合计", economic.personnel_total, value_of(economic.personnel_total)),
        Part("公用经费合计", economic.public_total, value_of(economic.public_total)),
    ]
    name_06, name_05 = (
        table_name(context, TableKind.BASIC_DETAIL),
        table_name(context, TableKind.GENERAL_BUDGET),
    )
    found = sum_finding(
        f"{name_06} 人员经费合计 + 公用经费合计与{name_05} 基本支出",
        f"{name_05} 合计行基本支出",
        basic,
        parts,
        context.tolerance,
        name_06,
    )
    if found is not None:
        # Reported at the 06表 totals, where the difference arises; the 05表 cell is related.
        related = (RelatedSpan(basic.span, f"{name_05} 基本支出 {fmt(value_of(basic))}"), *found.related)
        yield attrs.evolve(found, span=economic.personnel_total.span, related=related)


def _two_cells(
    first_label: str, first: Cell, second_label: str, second: Cell, tolerance: Tolerance
) -> Iterator[Finding]:
    verdict = amounts_agree(value_of(first), value_of(second), tolerance)
    if verdict is Verdict.OK:
        return
    rounding = verdict is Verdict.ROUNDING
    yield Finding(
        first.span,
        f"{first_label} 为 {fmt(value_of(first))}，{second_label} 为 {fmt(value_of(second))}，"
        + ("相差在尾数误差范围内，仅供参考" if rounding else "两表应当一致"),
        severity=Severity.INFO if rounding else None,
        related=(RelatedSpan(second.span, f"{second_label} {fmt(value_of(second))}"),),
    )
