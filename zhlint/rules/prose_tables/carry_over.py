"""ZL207 carry-over-vs-table: a stated 结余结转 against a zero 01表 年末结转和结余."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from zhlint.claims.extract import Amount, Claims, Role
from zhlint.diagnostics import Severity
from zhlint.document.segment import Cell
from zhlint.read.numbers import (
    ZERO,
    Verdict,
    amounts_agree,
    fmt,
)
from zhlint.read.text import compact
from zhlint.rules.base import FINAL_OR_UNKNOWN, Finding, LintContext, RelatedSpan, rule
from zhlint.rules.prose_tables._common import as_written
from zhlint.tables.model import (
    LineRole,
    TableKind,
    Tables,
)

# A 结余结转 of the year as the prose states it (`结余结转`, `年末结转和结余`, `2023年结转结余资金`);
# not `年初结转和结余`, `上年结转` (money brought in) or a project's `结余资金` alone.
_CARRY_LABEL = re.compile(
    r"(?:(?:19|20)\d{2}年度?)?(?:年末|年底)?(?:资金)?(?:结余结转|结转结余|结转和结余)(?:资金)?(?:金额)?"
)


_UNIT_SCALES = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


_CARRY_SUMMARY = (
    "收入支出决算总表\n收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n"
    "一、一般公共预算财政拨款收入\t1\t526.36\t一、一般公共服务支出\t32\t526.36\n"
    "本年收入合计\t27\t526.36\t本年支出合计\t58\t526.36\n"
    "年初结转和结余\t29\t0.00\t年末结转和结余\t60\t0.00\n"
    "总计\t31\t526.36\t总计\t62\t526.36\n\n"
    "项目支出绩效情况\n\n"
)


_CARRY_FLOW = "年中追加项目“生态补偿资金”，金额10万元，实际支出{}万元，结余结转{}万元。"


@rule(
    "ZL207",
    "carry-over-vs-table",
    Severity.WARNING,
    "正文写了当年的结余结转，而收入支出决算总表的年末结转和结余为 0。",
    """
    绩效自评报告的项目支出绩效情况逐项写出每笔资金或每个项目从预算到支出的情况（
    `…实际支出9.8万元，结余结转0.2万元`），情况说明也可能写出当年的结余结转或年末结转和结余。结转的资金
    在年末仍然留存，所以它属于收入支出决算总表（01表，总计一方）的年末结转和结余。正文所写的结转合计大于
    零而01表的年末结转和结余为 0.00 时，二者必有一处错误。每个所写的金额都会报告，并指向01表的单元格。
    01表无法读取、没有年末结转和结余一行或其余额不为零时（其中可能还有其他资金，两者之和不必相等）不作比
    较；0.01 的尾差不报告，年初结转和结余、上年结转以及其他年度的结转也不报告。
    """,
    bad=_CARRY_SUMMARY + _CARRY_FLOW.format("9.8", "0.2"),
    good=_CARRY_SUMMARY + _CARRY_FLOW.format("10", "0"),
    kinds=FINAL_OR_UNKNOWN,  # about the execution of a year: not on a 预算
    summary_en=(
        "The narrative states a 结余结转 of the year while the 收入支出决算总表's 年末结转和结余 is 0."
    ),
)
def carry_over_vs_table(context: LintContext) -> Iterator[Finding]:
    closing = _closing_balance(context.tables)
    if closing is None:
        return
    cell, table_value, name = closing
    if amounts_agree(table_value, ZERO, context.tolerance) is Verdict.WRONG:
        return  # a balance other than zero may hold other funds: the sums need not be equal
    carried = _carry_overs(context.claims, context.report_year)
    if not carried:
        return
    total = sum((amount.value * _UNIT_SCALES[amount.unit] for amount in carried), ZERO)
    if amounts_agree(total, table_value, context.tolerance) is not Verdict.WRONG:
        return  # nothing carried, or a 0.01 tail
    stated_amounts = [amount for amount in carried if amount.value != ZERO]
    stated = f"正文所列结余结转合计 {fmt(total)}万元，" if len(stated_amounts) > 1 else ""
    related = (RelatedSpan(cell.span, f"{name}“年末结转和结余” {cell.text}"),)
    for amount in stated_amounts:
        label = compact(amount.label).strip('“”"') or "结余结转"
        message = (
            f"正文中“{label}”为 {as_written(amount.number)}{amount.unit}，{stated}"
            f"而{name}“年末结转和结余”为 {fmt(table_value, 2)}万元：结转的资金年末仍在，"
            "应计入年末结转和结余，两处至少有一处有误"
        )
        yield Finding(amount.span, message, related=related)


def _closing_balance(tables: Tables) -> tuple[Cell, Decimal, str] | None:
    """The 年末结转和结余 cell of a readable 01表 (总计 side), its amount in 万元, the table's name."""
    table = tables.get(TableKind.SUMMARY)
    model = tables.balance(TableKind.SUMMARY)
    if table is None or model is None or table.problem is not None:
        return None
    line = model.line("expenditure", LineRole.CLOSING)
    if line is None or not line.cells:
        return None
    cell = line.cells[0][1]
    if cell.value is None:
        return None  # blank or unreadable: nothing to compare with
    return cell, cell.value * table.scale, table.name


def _carry_overs(claims: Claims, year: int | None) -> list[Amount]:
    """The year's carry-overs the prose states: each flow's 结余结转 and each plain 结余结转 amount."""
    flow_carried = {id(flow.carried): flow.carried for flow in claims.flows if flow.carried is not None}
    listed = {id(amount) for amount in claims.amounts}
    extra = [amount for key, amount in flow_carried.items() if key not in listed]
    found = []
    for amount in (*claims.amounts, *extra):
        if amount.unit not in _UNIT_SCALES or amount.role not in (Role.AMOUNT, Role.ACTUAL):
            continue
        if year is not None and amount.year not in (None, year):
            continue
        label = compact(amount.label).strip('“”"')
        if id(amount) in flow_carried or _CARRY_LABEL.fullmatch(label) is not None:
            found.append(amount)
    return found
