"""ZL206 meeting-training-vs-table: the prose's 会议费/培训费 against the 06表 rows 30215/30216."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from zhlint.claims.extract import Amount, Role
from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    Verdict,
    amounts_agree,
    fmt,
)
from zhlint.read.text import compact
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.rules.prose_tables._common import COST_CODES, as_written, is_portion_section, paid_elsewhere
from zhlint.tables.model import (
    EconomicItem,
    TableKind,
)

# The plain statement of the year's 会议费/培训费 (`培训费支出决算为…`, `本部门开支会议费…`); not
# `三类会议费`, `会议费、培训费共计`, a project's or another year's.
_PLAIN_COST_LABEL = re.compile(
    r"(?:(?:19|20)\d{2}年度?)?(?:本部门|本单位|我单位|我部门|单位|部门)?(?:全年)?(?:开支|支出)?"
    r"(?:会议费|培训费)(?:支出)?(?:决算数?)?"
)


_COST_DETAIL = (
    "一般公共预算财政拨款基本支出决算明细表\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t299.85\t302\t商品和服务支出\t216.71\n"
    "30101\t基本工资\t299.85\t30201\t办公费\t216.51\n"
    "\t\t\t30215\t会议费\t0.00\n\t\t\t30216\t培训费\t0.20\n"
    "人员经费合计\t\t299.85\t公用经费合计\t\t216.71\n\n"
    "十一、一般性支出情况说明\n\n"
)


@rule(
    "ZL206",
    "meeting-training-vs-table",
    Severity.WARNING,
    "The 会议费 or 培训费 of the narrative is less than the 基本支出决算明细表 holds, or differs from it "
    "where nothing else can have paid for it.",
    """
    The 一般性支出情况说明 gives the year's 会议费 and 培训费; the 一般公共预算财政拨款基本支出决算明细表
    (06表) holds the part paid from 基本支出 in rows 30215 会议费 and 30216 培训费. 项目支出 and
    other funds may pay for meetings and training too, so the prose figure may exceed the table;
    it cannot be smaller. A prose figure below the table is reported; one above it only when the
    unit has no 项目支出 or other spending (03表) and all its 基本支出 is 一般公共预算财政拨款 (05表),
    so that the table holds everything. The prose drops trailing zeros only (0.2 is 0.20, 0 is
    0.00), so `0万元` against a table's 0.44 is a difference; a 0.01 tail is silent;
    a 会议费 listed as a part of another amount (`机关运行经费…其中：会议费…`) or of a project is a
    portion and is not compared.
    """,
    bad=_COST_DETAIL + "培训费年初预算5万元，支出决算为0.1万元，完成年初预算的2%。",
    good=_COST_DETAIL + "培训费年初预算5万元，支出决算为0.2万元，完成年初预算的4%。",
)
def meeting_training_vs_table(context: LintContext) -> Iterator[Finding]:
    tables = context.tables
    economic = tables.economic()
    if economic is None:
        return
    detail = tables.get(TableKind.BASIC_DETAIL)
    scale = detail.scale if detail is not None else Decimal(1)
    name = detail.name if detail is not None else TableKind.BASIC_DETAIL.short
    elsewhere: bool | None = None  # may other money have paid? computed when first needed
    claims = context.claims
    # `机关运行经费…其中：会议费X万元`: a part of something else is a portion, not the year's figure.
    portions = {id(part) for breakdown in claims.breakdowns for part in breakdown.parts}
    for amount in claims.amounts:
        if id(amount) in portions or not _plain_cost(amount, context.report_year):
            continue
        item = economic.item(COST_CODES[amount.subject])
        if item is None or item.amount.value is None:
            continue
        table = item.value * scale
        if amounts_agree(amount.value, table, context.tolerance) is not Verdict.WRONG:
            continue  # equal (prose drops trailing zeros only: 0.2 is 0.20), or a 0.01 tail apart
        if amount.value > table:
            if elsewhere is None:
                elsewhere = paid_elsewhere(tables)
            if elsewhere:
                continue  # 项目支出 or other funds may have paid the difference
        yield _cost_finding(amount, item, table, name)


def _plain_cost(amount: Amount, year: int | None) -> bool:
    if amount.subject not in COST_CODES or amount.role not in (Role.ACTUAL, Role.AMOUNT):
        return False
    if amount.unit != "万元" or amount.scope not in ("", "财政拨款"):
        return False
    if is_portion_section(amount.section):
        return False
    if year is not None and amount.year not in (None, year):
        return False
    label = compact(amount.label).strip('“”"')
    return not label or _PLAIN_COST_LABEL.fullmatch(label) is not None


def _cost_finding(amount: Amount, item: EconomicItem, table: Decimal, name: str) -> Finding:
    written = as_written(amount.number)
    said = f"正文中{amount.subject}为 {written}万元，{name}“{item.title}”为 {fmt(table, 2)}万元"
    if amount.value < table:
        message = (
            f"{said}：正文的数小于表中仅由基本支出（一般公共预算财政拨款）开支的部分，两处至少有一处有误"
        )
    else:
        message = (
            f"{said}：本单位没有项目支出或其他资金的支出，{amount.subject}只能由基本支出开支，两处应当一致"
        )
    related = (RelatedSpan(item.amount.span, f"{item.title} {item.amount.text}"),)
    return Finding(amount.span, message, related=related)
