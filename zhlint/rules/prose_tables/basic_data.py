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
    "基础数据表（附件）中的三公经费或会议费、培训费与三公经费表、正文或基本支出决算明细表不符。",
    """
    湖南的报告附有部门整体支出绩效评价基础数据表，其“经费控制情况”部分复述当年的三公经费（及公务用车购置
    和维护经费、公车购置、公车运行维护、出国经费、公务接待各行）和会议费、培训费，各有报告年度的预算数和
    决算数。这些列按表头的文字和年度（`2023年预算数`、`2023年决算数`）找到，从不按位置。三公经费的数字在
    三公经费表可读时与它的预算数和决算数比较，否则与正文所写的数字比较（
    `“三公”经费财政拨款支出预算为…`、`公务接待费支出决算…`；只要有一处所写数字相符就不报告）。会议费、培
    训费的决算数与06表的 30215 会议费 + 30216 培训费 两行比较；与 ZL206 一样，只有在会议和培训只能由一般
    公共预算财政拨款基本支出支付时，大于表中数才报告。空白单元格不是零，不比较。

    报告为警告而不是错误：基础数据表与标准表分开填写，其预算数可能是另一个预算数（三公经费表给出调整后的
    全年预算数时，它可能是年初预算），提示信息会说明这一点；但文档并未说明它是哪一个，而同一年度的预算写
    了两处、数值不同，读者一定会注意到。
    """,
    bad=THREE_PUBLIC_TABLE + _BASIC_DATA.format("17.00", "5.00"),
    good=THREE_PUBLIC_TABLE + _BASIC_DATA.format("13.35", "1.35"),
    kinds=FINAL_OR_UNKNOWN,  # about the execution of a year: not on a 预算
    summary_en=(
        "A 三公 or 会议费、培训费 figure of the 基础数据表 (附件) differs from the 三公 table, the "
        "narrative or the 基本支出决算明细表."
    ),
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
