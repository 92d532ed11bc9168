"""ZL210 basic-data-vs-tables: the 基础数据表's 经费控制情况 against the 三公 table and the 06表.

ZL210 compares the 基础数据表's 经费控制情况 block (:func:`zhlint.tables.appendix.control_blocks_of`)
with the 三公 table (or, when it cannot be read, the prose's 三公 amounts) and the 06表.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from zhlint.claims.extract import Amount, Role
from zhlint.diagnostics import Severity, Span
from zhlint.read.numbers import (
    ZERO,
    Verdict,
    amounts_agree,
    fmt,
)
from zhlint.read.text import compact
from zhlint.rules.base import FINAL_OR_UNKNOWN, Finding, LintContext, RelatedSpan, rule
from zhlint.rules.prose_tables._common import (
    COST_CODES,
    THREE_PUBLIC_TABLE,
    as_written,
    is_portion_section,
    paid_elsewhere,
)
from zhlint.tables.appendix import ControlFigure, Figure
from zhlint.tables.model import (
    TableKind,
)

# The 三公 table's field for each 三公 row of the 基础数据表 (zhlint.tables.recognise.ThreePublicGroup).
_CONTROL_FIELDS = {
    "三公经费": "total",
    "公务用车购置及运行维护费": "vehicles",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "因公出国（境）费": "abroad",
    "公务接待费": "reception",
}


_MEETINGS = "会议费、培训费"


_BASIC_DATA = (
    "第五部分 附件\n\n附件1\n\n2023年度部门整体支出绩效评价基础数据表\n\n"
    "财政供养人员情况（人）\t编制数\t2023年实际在职人数\t控制率\n\t21\t20\t95.24%\n"
    "经费控制情况（万元）\t2022年决算数\t2023年预算数\t2023年决算数\n"
    "三公经费\t15.00\t{}\t13.35\n1、公务用车购置和维护经费\t12.00\t12.00\t12.00\n2、出国经费\t\t\t\n"
    "3、公务接待\t3.00\t{}\t1.35\n\n"
)


@attrs.frozen
class _Other:
    """The other statement of a 基础数据表 figure: a table cell or a prose amount."""

    where: str  # how the message names it (`公开09表 预算数“公务接待费”`, `正文中公务接待费的预算`)
    value: Decimal
    span: Span
    written: str


@rule(
    "ZL210",
    "basic-data-vs-tables",
    Severity.WARNING,
    "A 三公 or 会议费、培训费 figure of the 基础数据表 (附件) differs from the 三公 table, the "
    "narrative or the 基本支出决算明细表.",
    """
    Hunan reports append a 部门整体支出绩效评价基础数据表 whose 经费控制情况 block restates the year's
    三公经费 (and its rows 公务用车购置和维护经费, 公车购置, 公车运行维护, 出国经费, 公务接待) and
    会议费、培训费, each as 预算数 and 决算数 of the report year. The columns are found by the header's
    words and year (`2023年预算数`, `2023年决算数`), never by position. The 三公 figures are compared
    with the 三公 table's 预算数 and 决算数 when it can be read, else with what the narrative states
    (`“三公”经费财政拨款支出预算为…`, `公务接待费支出决算…`; silent when any statement agrees). The
    会议费、培训费 决算数 is compared with rows 30215 会议费 + 30216 培训费 of the 06表; as with ZL206, a
    figure above the table is reported only when nothing but 一般公共预算财政拨款基本支出 can have
    paid for meetings and training. A blank cell is not a zero and is not compared.

    Reported as a warning, not an error: the 基础数据表 is filled in separately from the standard
    tables and its 预算数 may be another budget figure (the 年初预算 where the 三公 table gives the
    adjusted 全年预算数), so the message says so; but the document does not say which it is, and the
    same year's budget stated twice with two values is what a reader will notice.
    """,
    bad=THREE_PUBLIC_TABLE + _BASIC_DATA.format("17.00", "5.00"),
    good=THREE_PUBLIC_TABLE + _BASIC_DATA.format("13.35", "1.35"),
    kinds=FINAL_OR_UNKNOWN,  # about the execution of a year: not on a 预算
)
def basic_data_vs_tables(context: LintContext) -> Iterator[Finding]:
    blocks = context.control_blocks
    if not blocks:
        return
    for block in blocks:
        for figure in block.figures:
            if figure.subject == _MEETINGS:
                finding = _meetings_finding(context, block.year, figure)
                if finding is not None:
                    yield finding
                continue
            for role, stated in ((Role.BUDGET, figure.budget), (Role.ACTUAL, figure.actual)):
                if stated is not None:
                    finding = _three_public_finding(context, block.year, figure, role, stated)
                    if finding is not None:
                        yield finding


def _control_said(figure: ControlFigure, year: int, column: str, stated: Figure) -> str:
    return f"附件基础数据表“{compact(figure.label.text)}”{year}年{column}为 {compact(stated.cell.text)}万元"


def _three_public_finding(
    context: LintContext, year: int, figure: ControlFigure, role: Role, stated: Figure
) -> Finding | None:
    others = _three_public_others(context, figure.subject, role)
    if not others or any(
        amounts_agree(stated.value, other.value, context.tolerance) is not Verdict.WRONG for other in others
    ):
        return None  # nothing to compare with, or a statement that agrees
    other = others[0]
    column = "预算数" if role is Role.BUDGET else "决算数"
    message = (
        f"{_control_said(figure, year, column, stated)}，{other.where}为 {other.written}万元，两处不一致"
    )
    if role is Role.BUDGET:
        # The reviewers' caveat: the form may give the 年初预算 where the others give the adjusted one.
        message += "；两者可能是不同口径的预算数（如年初预算数与调整后的全年预算数），但文件没有说明"
    related = (RelatedSpan(other.span, f"{other.where} {other.written}"),)
    return Finding(stated.cell.span, message, related=related)


def _three_public_others(context: LintContext, subject: str, role: Role) -> list[_Other]:
    """The 三公 table's cell for ``subject`` when the table can be read, else the prose amounts."""
    tables = context.tables
    table = tables.get(TableKind.THREE_PUBLIC)
    model = tables.three_public()
    if table is not None and model is not None and table.readable and table.problem is None:
        group = model.budget if role is Role.BUDGET else model.actual
        if group is not None:
            cell = group.cell(_CONTROL_FIELDS[subject])
            if cell.value is None:
                return []  # blank in the table: nothing stated there either
            label = "预算数" if role is Role.BUDGET else "决算数"
            where = f"{table.name} {label}“{subject}”"
            return [_Other(where, cell.value * table.scale, cell.span, cell.text.strip())]
    words = "预算" if role is Role.BUDGET else "决算"
    return [
        _Other(f"正文中{subject}的{words}", amount.value, amount.span, as_written(amount.number))
        for amount in context.claims.amounts
        if amount.subject == subject
        and amount.role is role
        and _plain_three_public(amount, context.report_year)
    ]


def _plain_three_public(amount: Amount, year: int | None) -> bool:
    """The unit's own 三公 figure of the year: in 万元, of all funds or 财政拨款, not a project's."""
    if amount.unit != "万元" or amount.scope not in ("", "财政拨款") or is_portion_section(amount.section):
        return False
    return year is None or amount.year in (None, year)


def _meetings_finding(context: LintContext, year: int, figure: ControlFigure) -> Finding | None:
    stated = figure.actual
    tables = context.tables
    detail = tables.get(TableKind.BASIC_DETAIL)
    economic = tables.economic()
    if stated is None or detail is None or economic is None or detail.problem is not None:
        return None
    items = [economic.item(code) for code in COST_CODES.values()]
    if any(item is None or item.amount.value is None for item in items):
        return None  # an item missing or blank: the sum is not known
    found = [item for item in items if item is not None]
    table = sum((item.value for item in found), ZERO) * detail.scale
    if amounts_agree(stated.value, table, context.tolerance) is not Verdict.WRONG:
        return None
    if stated.value > table and paid_elsewhere(tables):
        return None  # other money may have paid the difference (as ZL206)
    names = "与".join(f"“{item.title}”" for item in found)
    said = _control_said(figure, year, "决算数", stated)
    message = f"{said}，{detail.name}{names}合计为 {fmt(table, 2)}万元，两处不一致"
    if stated.value < table:
        message += "：附件的数小于表中仅由基本支出（一般公共预算财政拨款）开支的部分"
    related = tuple(RelatedSpan(item.amount.span, f"{item.title} {item.amount.text}") for item in found)
    return Finding(stated.cell.span, message, related=related)
