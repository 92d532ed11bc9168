"""ZL206 meeting-training-vs-table: the prose's 会议费/培训费 against the 06表 rows 30215/30216."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from zhlint.claims.extract import Amount, Role
from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    Verdict,
    amounts_agree,
    fmt,
)
from zhlint.read.patterns import lazy_compile
from zhlint.read.text import compact
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.rules.prose_tables._common import COST_CODES, as_written, is_portion_section, paid_elsewhere
from zhlint.tables.model import (
    EconomicItem,
    TableKind,
)

# The plain statement of the year's 会议费/培训费 (`培训费支出决算为…`, `本部门开支会议费…`); not
# `三类会议费`, `会议费、培训费共计`, a project's or another year's.
# On first use: a check of report 000 never uses it; compiling took 0.4 ms CPU (issue 12).
_PLAIN_COST_LABEL = lazy_compile(
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
    "正文中的会议费或培训费小于基本支出决算明细表中的数，或在没有其他资金来源时与之不符。",
    """
    一般性支出情况说明给出当年的会议费和培训费；一般公共预算财政拨款基本支出决算明细表（06表）在 30215
    会议费和 30216 培训费两行中列出由基本支出支付的部分。项目支出和其他资金也可能支付会议和培训，所以正
    文数可以大于表中数，但不能更小。正文数小于表中数时报告；大于表中数时，只有在单位没有项目支出或其他支
    出（03表）且全部基本支出都是一般公共预算财政拨款（05表）、因而表中已包含全部时才报告。正文只会省略末
    尾的零（0.2 即 0.20，0 即 0.00），所以 `0万元` 对表中的 0.44 是差异；0.01 的尾差不报告；作为另一金额
    组成部分（`机关运行经费…其中：会议费…`）或某个项目组成部分的会议费只是一部分，不比较。
    """,
    bad=_COST_DETAIL + "培训费年初预算5万元，支出决算为0.1万元，完成年初预算的2%。",
    good=_COST_DETAIL + "培训费年初预算5万元，支出决算为0.2万元，完成年初预算的4%。",
    summary_en=(
        "The 会议费 or 培训费 of the narrative is less than the 基本支出决算明细表 holds, or "
        "differs from it where nothing else can have paid for it."
    ),
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
