"""ZL309 performance-execution-rate: a 绩效自评表's 执行率 (and its score) against 全年执行数/全年预算数."""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    HUNDRED,
    ZERO,
    Tolerance,
    Verdict,
    check_percent,
    fmt,
    round_half_up,
)
from zhlint.rules.base import FINAL_OR_UNKNOWN, Finding, LintContext, RelatedSpan, rule
from zhlint.tables.appendix import Figure, FundRow

_FUND_HEAD = "年度预算申请（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"


@rule(
    "ZL309",
    "performance-execution-rate",
    Severity.WARNING,
    "绩效自评表中，执行率不等于 全年执行数 / 全年预算数，或得分不等于 分值 × 执行率（控制率同理）。",
    """
    部门整体支出和项目支出绩效自评表的年度资金总额行写有年初预算数、全年预算数、全年执行数、分值、执行率
    和得分。表中规定 执行率 = 全年执行数 / 全年预算数（其备注有说明），这一行的得分 = 分值 × 执行率（不
    超过分值）。按年初预算数算出的执行率会报告，并给出表中要求的比率；单纯算错的比率会报告，并给出计算过
    程。得分不等于 分值 × 执行率 时，除非表中备注写明这一规则，否则只作提示（有的表按档次打分）。这一行
    按表头的列读取；某个数字不在表头所指的位置时，不作检查。基础数据表的控制率（
    `编制数 | 实际在职人数 | 控制率`）按同样方式检查：实际在职人数 / 编制数。
    """,
    bad=_FUND_HEAD + "\t年度资金总额\t635.78\t526.36\t526.36\t10\t82.79%\t8.3",
    good=_FUND_HEAD + "\t年度资金总额\t635.78\t526.36\t526.36\t10\t100.00%\t10",
    kinds=FINAL_OR_UNKNOWN,  # about the execution of a year: not on a 预算
    summary_en=(
        "In a 绩效自评表, 执行率 is not 全年执行数 / 全年预算数, or 得分 is not 分值 × 执行率 (also 控制率)."
    ),
)
def performance_execution_rate(context: LintContext) -> Iterator[Finding]:
    for block in context.fund_blocks:
        row = block.total
        rate = row.get("执行率")
        if rate is None:
            continue
        yield from _execution_rate(row, rate, context.tolerance)
        yield from _score_by_rate(row, rate, block.score_by_rate)
    for staff in context.staff_rates:
        check = check_percent(staff.rate.value, staff.rate.places, staff.staff.value, staff.quota.value)
        if check.verdict in (Verdict.OK, Verdict.UNDEFINED):
            continue
        yield Finding(
            staff.rate.cell.span,
            f"基础数据表控制率 {staff.rate.cell.text}，而实际在职人数 {staff.staff.cell.text} / 编制数 "
            f"{staff.quota.cell.text} = {fmt(check.exact or ZERO, staff.rate.places)}%"
            + ("（表中是截断而非舍入）" if check.verdict is Verdict.TRUNCATED else "，数字不一致"),
            severity=Severity.INFO if check.verdict is Verdict.TRUNCATED else None,
            related=(
                RelatedSpan(staff.staff.cell.span, "实际在职人数"),
                RelatedSpan(staff.quota.cell.span, "编制数"),
            ),
        )


def _execution_rate(row: FundRow, rate: Figure, tolerance: Tolerance) -> Iterator[Finding]:
    budget, executed, planned = row.get("全年预算数"), row.get("全年执行数"), row.get("年初预算数")
    if budget is None or executed is None:
        return
    check = check_percent(rate.value, rate.places, executed.value, budget.value, tolerance)
    formula = f"全年执行数 {executed.cell.text} / 全年预算数 {budget.cell.text}"
    related = (RelatedSpan(executed.cell.span, "全年执行数"), RelatedSpan(budget.cell.span, "全年预算数"))
    if check.verdict is Verdict.OK:
        return
    if check.verdict is Verdict.UNDEFINED:
        yield Finding(rate.cell.span, f"绩效自评表执行率 {rate.cell.text}，但全年预算数为 0，执行率无从计算")
        return
    expected = f"{fmt(check.exact or ZERO, rate.places)}%"
    if check.verdict is Verdict.TRUNCATED:
        yield Finding(
            rate.cell.span,
            f"绩效自评表执行率 {rate.cell.text}：{formula} = {fmt(check.exact or ZERO, rate.places + 2)}%，"
            f"四舍五入应为 {expected}（表中是截断而非舍入）",
            severity=Severity.INFO,
            related=related,
        )
        return
    if planned is not None and planned.value != budget.value:
        against = check_percent(rate.value, rate.places, executed.value, planned.value, tolerance)
        if against.verdict is Verdict.OK:
            weight = row.get("分值")
            score = (
                f"，得分相应为 {fmt(weight.value * min(check.exact or ZERO, HUNDRED) / HUNDRED, 2)}"
                if weight is not None
                else ""
            )
            yield Finding(
                rate.cell.span,
                f"绩效自评表执行率 {rate.cell.text} 是全年执行数 {executed.cell.text} / 年初预算数 "
                f"{planned.cell.text}；按表式，执行率 = 全年执行数 / 全年预算数 = {executed.cell.text} / "
                f"{budget.cell.text} = {expected}{score}",
                related=(*related, RelatedSpan(planned.cell.span, "年初预算数")),
            )
            return
    yield Finding(
        rate.cell.span,
        f"绩效自评表执行率 {rate.cell.text}，而 {formula} = {expected}，数字不一致",
        related=related,
    )


def _score_by_rate(row: FundRow, rate: Figure, stated_rule: bool) -> Iterator[Finding]:
    weight, score = row.get("分值"), row.get("得分")
    if weight is None or score is None:
        return
    expected = weight.value * min(rate.value, HUNDRED) / HUNDRED
    if round_half_up(expected, score.places) == score.value or expected == score.value:
        return
    yield Finding(
        score.cell.span,
        f"绩效自评表得分 {score.cell.text}，而分值 {weight.cell.text} × 执行率 {rate.cell.text} = "
        f"{fmt(round_half_up(expected, max(score.places, 2)))}"
        + ("，与表注“得分 = 分值 × 执行率”不符" if stated_rule else "（若按分值 × 执行率计分）"),
        severity=None if stated_rule else Severity.INFO,
        related=(RelatedSpan(weight.cell.span, "分值"), RelatedSpan(rate.cell.span, "执行率")),
    )
