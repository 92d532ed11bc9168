"""ZL101 percent-mismatch: a stated 执行率, share or growth rate against its amounts."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from zhlint.claims.extract import (
    ChangeClaim,
    Direction,
    ExecutionClaim,
    ShareClaim,
)
from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    ZERO,
    Number,
    PercentCheck,
    Tolerance,
    Verdict,
    check_percent,
    fmt,
)
from zhlint.rules.arithmetic._common import (
    amount_text,
    number_text,
    one_statement_unit,
    previous_value,
    related_spans,
    words_disagree,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule


def _pct(value: Decimal, places: int) -> str:
    """A computed percentage shown two digits finer than the stated one (102.637)."""
    return fmt(value, places + 2)


def _change_tolerance(tolerance: Tolerance) -> Tolerance:
    """Last year's amount is derived from two rounded amounts, so it carries twice the error."""
    return attrs.evolve(tolerance, amount_error=tolerance.amount_error * 2)


@rule(
    "ZL101",
    "percent-mismatch",
    Severity.ERROR,
    "A stated percentage does not follow from the amounts it is computed from.",
    """
    Checks every execution rate (完成年初预算的Z% = 决算 ÷ 预算), every share (占a% = part ÷ total,
    the total being the amount before 其中 or the one named in 占…的) and every change rate
    (增长Z% = X ÷ last year, last year = current − X after 增加 and current + X after 减少).
    The stated figure is right when it is the computed value rounded half-up to the stated
    number of decimals, allowing for the 0.005 万元 rounding each amount carries. A figure that
    is the computed value cut off instead of rounded (102.63% for 102.637%) is a warning.
    """,
    bad="年初预算为23.89万元，支出决算为24.52万元，完成年初预算的101.5%。",
    good="年初预算为23.89万元，支出决算为24.52万元，完成年初预算的102.64%。",
)
def percent_mismatch(context: LintContext) -> Iterator[Finding]:
    claims = context.claims
    tolerance = context.tolerance
    for execution in claims.executions:
        yield from _execution_rate(execution, tolerance)
    for share in claims.shares:
        yield from _share_rate(share, tolerance)
    for change in claims.changes:
        yield from _change_rate(change, tolerance)


def _verdict_finding(
    check: PercentCheck, stated: Number, what: str, how: str, related: tuple[RelatedSpan, ...]
) -> Iterator[Finding]:
    if (
        check.verdict not in (Verdict.WRONG, Verdict.TRUNCATED)
        or check.exact is None
        or check.expected is None
    ):
        return
    exact = _pct(check.exact, stated.places)
    expected = fmt(check.expected)
    if check.verdict is Verdict.TRUNCATED:
        message = (
            f"{what}写作 {number_text(stated)}%，按 {how} = {exact}%，四舍五入应为 {expected}%；"
            f"这里是截断而不是四舍五入"
        )
        yield Finding(stated.span, message, severity=Severity.WARNING, related=related)
        return
    message = f"{what}写作 {number_text(stated)}%，但按 {how} = {exact}%，应为 {expected}%"
    yield Finding(stated.span, message, related=related)


def _execution_rate(execution: ExecutionClaim, tolerance: Tolerance) -> Iterator[Finding]:
    budget, actual, rate = execution.budget, execution.actual, execution.rate
    if budget is None or actual is None or rate is None or budget.value == ZERO:
        return
    if not one_statement_unit(budget, actual):
        return
    check = check_percent(rate.value, rate.places, actual.value, budget.value, tolerance)
    how = f"决算 {amount_text(actual)} ÷ 预算 {amount_text(budget)} × 100"
    related = related_spans((budget, "预算数"), (actual, "决算数"))
    yield from _verdict_finding(check, rate, f"{execution.subject or ''}完成预算的比例", how, related)


def _share_rate(share: ShareClaim, tolerance: Tolerance) -> Iterator[Finding]:
    part, base = share.part, share.base
    if part is None or base is None or base.value == ZERO or not one_statement_unit(part, base):
        return
    check = check_percent(share.percent.value, share.percent.places, part.value, base.value, tolerance)
    how = f"{part.subject or '该项'} {amount_text(part)} ÷ {base.subject or '合计'} {amount_text(base)} × 100"
    related = related_spans((part, "部分金额"), (base, "合计金额"))
    yield from _verdict_finding(check, share.percent, f"{part.subject or '该项'}所占比例", how, related)


def _change_rate(change: ChangeClaim, tolerance: Tolerance) -> Iterator[Finding]:
    previous = previous_value(change)
    if previous is None or previous <= ZERO or change.rate is None or change.amount is None:
        return
    if words_disagree(change):
        return  # contradicting words: ZL105
    assert change.current is not None and change.direction is not None
    sign = "−" if change.direction.direction is Direction.MORE else "+"
    base_name = "年初预算" if change.reference.value == "budget" else "上年"
    how = (
        f"变动额 {number_text(change.amount)} ÷ {base_name}数（{number_text(change.current.number)} "
        f"{sign} {number_text(change.amount)}"
        f" = {fmt(previous)}）× 100"
    )
    check = check_percent(
        change.rate.value, change.rate.places, change.amount.value, previous, _change_tolerance(tolerance)
    )
    related = related_spans((change.current, "本年金额"), (change.amount, "变动额"))
    yield from _verdict_finding(check, change.rate, f"{change.subject or ''}变动率", how, related)
