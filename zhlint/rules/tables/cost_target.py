"""ZL311 performance-cost-target: a 成本指标 target that is the budget with two digits swapped, or a floor."""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    fmt,
)
from zhlint.rules.base import FINAL_OR_UNKNOWN, Finding, LintContext, RelatedSpan, rule
from zhlint.tables.appendix import Figure

_PROJECT_HEAD = (
    "项目资金(万元)\t资金来源\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t5.76\t4.32\t4.32\t10\t100%\t10.00\n"
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
)


@rule(
    "ZL311",
    "performance-cost-target",
    Severity.WARNING,
    "成本指标的目标金额是表中预算数两位数字颠倒的结果，或被写成了下限。",
    """
    绩效自评表的成本指标（经费控制数、成本控制数）通常把当年预算定为工作成本的上限：
    `经费控制数 | ≤60.48 万元`，而年度资金总额行的年初预算数是 60.48。目标值等于同一张表的年初预算数或全
    年预算数两位相邻数字颠倒（把 5.76 写成 5.67），几乎肯定是笔误，报告为警告。成本控制目标写成下限（
    `≥448.03 万元`）时，怎么超支都算达标；它应是上限（≤），报告为提示。只读取成本指标（一级或二级：经济
    成本指标、…）之下的行；节约类目标（`节约成本 ≥5万元`、`降低成本`）写成下限是对的，不读取。其他目标不
    作判断。
    """,
    bad=_PROJECT_HEAD
    + "\t成本指标\t经济成本指标\t经费控制总额\t5.67 万元\t4.32 万元\t20\t20\n总分\t\t\t\t\t\t20\t20",
    good=_PROJECT_HEAD
    + "\t成本指标\t经济成本指标\t经费控制总额\t≤5.76 万元\t4.32 万元\t20\t20\n总分\t\t\t\t\t\t20\t20",
    kinds=FINAL_OR_UNKNOWN,  # about the execution of a year: not on a 预算
    summary_en="A 成本指标 target amount is the table's budget with two digits swapped, or is a floor.",
)
def performance_cost_target(context: LintContext) -> Iterator[Finding]:
    for block in context.fund_blocks:
        budgets = [
            (column, figure) for column in ("年初预算数", "全年预算数") if (figure := block.total.get(column))
        ]
        for target in block.cost_targets:
            values = {figure.value for _, figure in budgets}
            swapped = next(
                (
                    (column, figure)
                    for column, figure in budgets
                    if target.figure.value not in values and _transposed(target.figure, figure)
                ),
                None,
            )
            if swapped is not None:
                column, figure = swapped
                yield Finding(
                    target.figure.cell.span,
                    f"绩效自评表成本指标“{target.name}”的指标值 {target.figure.cell.text}，本表{column}为 "
                    f"{figure.cell.text}：两位数字颠倒，疑为笔误（应为 {figure.cell.text}）",
                    related=(RelatedSpan(figure.cell.span, column),),
                )
            if "≥" in target.figure.cell.text or ">" in target.figure.cell.text:
                yield Finding(
                    target.figure.cell.span,
                    f"绩效自评表成本指标“{target.name}”写作 {target.figure.cell.text}（下限）："
                    "成本控制应为上限（≤），否则超支也算达标",
                    severity=Severity.INFO,
                )


def _transposed(first: Figure, second: Figure) -> bool:
    """Are the two amounts, written at the same precision, the same digits with two neighbours swapped?"""
    places = max(first.places, second.places)
    a, b = fmt(first.value, places), fmt(second.value, places)
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )
