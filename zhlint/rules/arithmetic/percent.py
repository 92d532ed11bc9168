"""ZL101 percent-mismatch: a stated 执行率, share or growth rate against its amounts."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from zhlint.claims.build import PART_FAMILIES, canonical_subject
from zhlint.claims.extract import (
    ChangeClaim,
    Claims,
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
    "所写的百分比与据以计算的金额不符。",
    """
    检查每一个执行率（完成年初预算的Z%、执行率Z%、控制率Z% = 决算 ÷ 预算）、每一个占比（占a% = 部分 ÷ 总
    数，总数是“其中”之前的金额或“占…的”所指的金额；`占“三公”经费的a%` 而正文没有三公总数时，取它所列三项
    之和）以及每一个增减率（增长Z% = X ÷ 上年数；“增加”之后上年数 = 本年数 − X，“减少”之后上年数 = 本年
    数 + X，或取句中写明的上年数：`2023年执行数为…，2024年预算安排…，比2023年预算执行数增加Z%`）。
    所写数值等于计算值按所写小数位数四舍五入的结果时为正确，并考虑每个金额自带的 0.005 万元舍入误差。所
    写数值是计算值截断而非四舍五入的结果（把 102.637% 写成 102.63%）时，报告为警告。
    """,
    bad="年初预算为23.89万元，支出决算为24.52万元，完成年初预算的101.5%。",
    good="年初预算为23.89万元，支出决算为24.52万元，完成年初预算的102.64%。",
    summary_en="A stated percentage does not follow from the amounts it is computed from.",
)
def percent_mismatch(context: LintContext) -> Iterator[Finding]:
    claims = context.claims
    tolerance = context.tolerance
    for execution in claims.executions:
        yield from _execution_rate(execution, tolerance)
    for share in claims.shares:
        yield from _share_rate(share, tolerance)
    yield from _shares_of_implied_total(claims, tolerance)
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


def _rate_from_both_years(change: ChangeClaim, tolerance: Tolerance) -> Iterator[Finding]:
    """`2023年执行数为X万元，2024年预算安排Y万元，比2023年…增加Z%`: Z = (Y − X) ÷ X."""
    current, previous, rate = change.current, change.previous, change.rate
    if current is None or previous is None or rate is None or previous.value <= ZERO:
        return
    if change.rate_direction is None or not one_statement_unit(current, previous):
        return
    difference = current.value - previous.value
    direction = change.rate_direction.direction
    if direction is Direction.SAME or (difference < ZERO) != (direction is Direction.LESS):
        return  # a word against the numbers is ZL105's; 0 against 0 says nothing here
    how = (
        f"（本年 {amount_text(current)} − 上年 {amount_text(previous)}）÷ 上年 {amount_text(previous)} × 100"
    )
    error = _change_tolerance(tolerance)
    check = check_percent(rate.value, rate.places, abs(difference), previous.value, error)
    related = related_spans((current, "本年金额"), (previous, "上年金额"))
    yield from _verdict_finding(check, rate, f"{change.subject or ''}变动率", how, related)


def _shares_of_implied_total(claims: Claims, tolerance: Tolerance) -> Iterator[Finding]:
    """`因公出国（境）费支出110万元，占“三公”经费的a%；公务用车…占…b%；公务接待费…占…c%` with no
    三公 total in the prose: when the shares name every part of the total, it is their sum."""
    for run in _runs_without_base(claims.shares):
        base_subject = canonical_subject(run[0].base_label)
        family = PART_FAMILIES.get(base_subject)
        parts = [share.part for share in run if share.part is not None]
        if family is None or len(parts) != len(run) or {part.subject for part in parts} != family:
            continue
        if len(parts) != len(family) or not one_statement_unit(*parts):
            continue
        base = sum((part.value for part in parts), ZERO)
        if base == ZERO:
            continue
        # The base is the sum of the rounded parts: it carries each one's rounding.
        implied = attrs.evolve(tolerance, amount_error=tolerance.amount_error * len(parts))
        terms = " + ".join(number_text(part.number) for part in parts)
        for share, part in zip(run, parts, strict=True):
            check = check_percent(share.percent.value, share.percent.places, part.value, base, implied)
            how = (
                f"{part.subject} {amount_text(part)} ÷ {base_subject}（各项之和 {terms} = {fmt(base)}）× 100"
            )
            related = tuple(RelatedSpan(other.span, other.subject) for other in parts if other is not part)
            yield from _verdict_finding(check, share.percent, f"{part.subject}所占比例", how, related)


def _runs_without_base(shares: tuple[ShareClaim, ...]) -> Iterator[list[ShareClaim]]:
    """Consecutive shares of one section naming the same base that the prose never states."""
    run: list[ShareClaim] = []
    for share in shares:
        if share.base is None and share.base_label and share.part is not None:
            if run and (run[0].base_label != share.base_label or run[0].section != share.section):
                yield run
                run = []
            run.append(share)
            continue
        if run:
            yield run
            run = []
    if run:
        yield run


def _change_rate(change: ChangeClaim, tolerance: Tolerance) -> Iterator[Finding]:
    if change.amount is None:
        yield from _rate_from_both_years(change, tolerance)
        return
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
