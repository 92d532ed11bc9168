"""ZL303 summary-table-balance: the 收入支出决算总表's sides and grand totals."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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
    Part,
    adds_up,
    as_findings,
    readable_tables,
    sum_finding,
    summary_example,
    value_of,
)
from zhlint.tables.model import (
    BalanceLine,
    BalanceTable,
    LineRole,
    StandardTable,
)


@rule(
    "ZL303",
    "summary-table-balance",
    Severity.ERROR,
    "收入支出决算总表不平衡：合计或总计行不等于其各行之和。",
    """
    在收入支出决算总表（01）和财政拨款收入支出决算总表（04）中：本年收入合计是各收入行之和，本年支出合计
    是各类行之和；收入方 总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余，支出方 总计 = 本年支
    出合计 + 结余分配 + 年末结转和结余；两个总计相等。舍入能解释的差额报告为提示。
    """,
    bad=summary_example("526.36", "536.36"),
    good=summary_example("526.36", "526.36"),
    summary_en="The 收入支出决算总表 does not balance: 合计 or 总计 lines are not the sum of their lines.",
)
def summary_table_balance(context: LintContext) -> Iterator[Finding]:
    for table in readable_tables(context):
        if isinstance(table.model, BalanceTable):
            yield from _balance(table, table.model, context.tolerance)


def _balance(table: StandardTable, model: BalanceTable, tolerance: Tolerance) -> Iterator[Finding]:
    name = table.name
    sides = (
        ("收入", model.income, model.income_columns, (LineRole.USED_BALANCE, LineRole.OPENING)),
        ("支出", model.expenditure, model.expenditure_columns, (LineRole.DISTRIBUTION, LineRole.CLOSING)),
    )
    for side, lines, columns, balance_roles in sides:
        current = _first(lines, LineRole.CURRENT_TOTAL)
        grand = _first(lines, LineRole.GRAND_TOTAL)
        items = [line for line in lines if line.role is LineRole.ITEM]
        if current is None and grand is not None and _items_only(lines):
            # A budget 总表 (收入总计 / 支出总计 right below the items): the total is their sum.
            for column in columns:
                if grand.cell(column) is not None:
                    parts = [_line_part(line, column) for line in items]
                    yield from as_findings(
                        sum_finding(
                            f"{name} {side}方{column}", grand.label, _cell(grand, column), parts, tolerance
                        )
                    )
            continue
        for column in columns:
            if (
                current is not None
                and items
                and current.cell(column) is not None
                and not adds_up(_cell(current, column), (line.value(column) or ZERO for line in items))
            ):
                parts = [_line_part(line, column) for line in items]
                found = sum_finding(
                    f"{name} {side}方{column}", current.label, _cell(current, column), parts, tolerance
                )
                yield from as_findings(found)
            if grand is not None and current is not None and grand.cell(column) is not None:
                balance = [line.value(column) or ZERO for line in lines if line.role in balance_roles]
                if adds_up(_cell(grand, column), [current.value(column) or ZERO, *balance]):
                    continue
                parts = [_line_part(current, column)] + [
                    _line_part(line, column) for line in lines if line.role in balance_roles
                ]
                found = sum_finding(
                    f"{name} {side}方{column}", "总计", _cell(grand, column), parts, tolerance
                )
                yield from as_findings(found)
    opening = _first(model.income, LineRole.OPENING)
    opening_parts = [line for line in model.income if line.role is LineRole.OPENING_PART]
    if opening is not None and opening_parts:
        parts = [_line_part(line, model.income_columns[0]) for line in opening_parts]
        column = model.income_columns[0]
        yield from as_findings(
            sum_finding(f"{name} 收入方", opening.label, _cell(opening, column), parts, tolerance)
        )
    yield from _grand_totals_agree(model, name, tolerance)


def _grand_totals_agree(model: BalanceTable, name: str, tolerance: Tolerance) -> Iterator[Finding]:
    income = _first(model.income, LineRole.GRAND_TOTAL)
    expenditure = _first(model.expenditure, LineRole.GRAND_TOTAL)
    if income is None or expenditure is None:
        return
    income_cell = income.cells[0][1] if income.cells else None
    expenditure_cell = expenditure.cells[0][1] if expenditure.cells else None
    if income_cell is None or expenditure_cell is None:
        return
    verdict = amounts_agree(value_of(income_cell), value_of(expenditure_cell), tolerance)
    if verdict is Verdict.OK:
        return
    rounding = verdict is Verdict.ROUNDING
    yield Finding(
        expenditure_cell.span,
        f"{name} 收入方总计 {fmt(value_of(income_cell))} 与支出方总计 "
        f"{fmt(value_of(expenditure_cell))} 不相等"
        + ("，相差在尾数误差范围内，仅供参考" if rounding else "，收支总计应当相等"),
        severity=Severity.INFO if rounding else None,
        related=(RelatedSpan(income_cell.span, f"收入方总计 {fmt(value_of(income_cell))}"),),
    )


def _items_only(lines: Sequence[BalanceLine]) -> bool:
    """Only items (and their parts) above the total: no 结转 line and no 合计 or 小计 among them."""
    return all(
        line.role in (LineRole.ITEM, LineRole.ITEM_PART, LineRole.GRAND_TOTAL, LineRole.OTHER)
        and "合计" not in line.label
        and "小计" not in line.label
        and "结转" not in line.label
        for line in lines
    )


def _first(lines: Sequence[BalanceLine], role: LineRole) -> BalanceLine | None:
    return next((line for line in lines if line.role is role), None)


def _line_part(line: BalanceLine, column: str) -> Part:
    return Part(line.label, line.cell(column), line.value(column) or ZERO)


def _cell(line: BalanceLine, column: str) -> Cell:
    cell = line.cell(column)
    return cell if cell is not None else line.label_cell
