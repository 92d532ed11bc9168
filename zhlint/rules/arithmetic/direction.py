"""ZL105 direction-contradiction: 增加/减少, 大于/小于 against the amounts they compare."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from zhlint.claims.extract import (
    ChangeClaim,
    Direction,
    ExecutionClaim,
    Mark,
)
from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    ZERO,
    Verdict,
    amounts_agree,
)
from zhlint.rules.arithmetic._common import (
    amount_text,
    number_text,
    one_statement_unit,
    related_spans,
    words_disagree,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule

_WORDS = {Direction.MORE: "增加", Direction.LESS: "减少", Direction.SAME: "持平"}


_COMPARE_WORDS = {Direction.MORE: "大于", Direction.LESS: "小于", Direction.SAME: "等于"}


@rule(
    "ZL105",
    "direction-contradiction",
    Severity.ERROR,
    "方向用语（大于/小于/等于、增加/减少、持平）与数字或与其他用语相矛盾。",
    """
    检查“决算数大于/小于/等于（年初）预算数”是否与所写的预算数和决算数相符；增减额前的用语与增减率前的用
    语是否一致（增加X万元，减少Z%）；原因分句所说的方向是否与增减方向相同（增长9.68万元…持平的主要原因
    是…）。
    """,
    bad="年初预算为532.93万元，支出决算为418.68万元，决算数大于年初预算数的主要原因是…",
    good="年初预算为532.93万元，支出决算为418.68万元，决算数小于年初预算数的主要原因是…",
    summary_en=(
        "A direction word (大于/小于/等于, 增加/减少, 持平) contradicts the numbers or the other words."
    ),
)
def direction_contradiction(context: LintContext) -> Iterator[Finding]:
    claims = context.claims
    for execution in claims.executions:
        yield from _comparison_word(execution)
    text = context.document.source.text
    for change in claims.changes:
        yield from _change_words(change, text)


def _comparison_word(execution: ExecutionClaim) -> Iterator[Finding]:
    budget, actual, mark = execution.budget, execution.actual, execution.comparison
    if budget is None or actual is None or mark is None or not one_statement_unit(budget, actual):
        return
    truth = _direction_between(actual.value, budget.value)
    if _fits(truth, actual.value, budget.value, mark.direction):
        return
    message = (
        f"写的是“{mark.text}”，但决算 {amount_text(actual)} "
        f"{_COMPARE_WORDS[truth]}预算 {amount_text(budget)}，"
        f"应为“决算数{_COMPARE_WORDS[truth]}预算数”"
    )
    yield Finding(mark.span, message, related=related_spans((budget, "预算数"), (actual, "决算数")))


def _direction_between(first: Decimal, second: Decimal) -> Direction:
    """The word the numbers call for: 等于 when they agree within rounding tails."""
    if amounts_agree(first, second) is not Verdict.WRONG:
        return Direction.SAME
    return Direction.MORE if first > second else Direction.LESS


def _fits(truth: Direction, first: Decimal, second: Decimal, stated: Direction) -> bool:
    """Does the stated word fit? Two amounts a rounding tail apart (2.22 and 2.23) may be called
    equal, or be compared as written: only the opposite word is wrong."""
    if truth is stated:
        return True
    if truth is not Direction.SAME or first == second:
        return False
    return stated is (Direction.MORE if first > second else Direction.LESS)


def _change_words(change: ChangeClaim, text: str = "") -> Iterator[Finding]:
    stated = change.direction or change.flat
    related = related_spans((change.amount, "变动额"), (change.current, "本年金额"))
    # `2023年执行数为X万元，2024年预算安排Y万元，比2023年执行数增加Z%`: the word before the rate
    # states the direction when no change amount is written
    yield from _direction_against_previous(change, stated or change.rate_direction, related, text)
    if words_disagree(change):
        assert change.direction is not None and change.rate_direction is not None
        message = (
            f"变动额前写“{change.direction.text}”，变动率前却写“{change.rate_direction.text}”，两者方向相反"
        )
        yield Finding(change.rate_direction.span, message, related=related)
    if stated is None or change.reason is None:
        return
    truth = stated.direction
    if change.amount is not None and change.amount.value == ZERO:
        truth = Direction.SAME
    if change.reason.direction is truth:
        return
    yield Finding(change.reason.span, _reason_message(change, stated, truth), related=related)


def _direction_against_previous(
    change: ChangeClaim, stated: Mark | None, related: tuple[RelatedSpan, ...], text: str = ""
) -> Iterator[Finding]:
    """`本年X万元，上年Y万元，与上年相比增加…` when X < Y."""
    current, previous = change.current, change.previous
    if stated is None or current is None or previous is None or not one_statement_unit(current, previous):
        return
    if _compares_other_figure(
        text[max(0, stated.span.start - _COMPARED_REACH) : stated.span.start], previous.label
    ):
        return
    truth = _direction_between(current.value, previous.value)
    if _fits(truth, current.value, previous.value, stated.direction):
        return
    message = (
        f"写的是“{stated.text}”，但本年 {amount_text(current)}、上年 {amount_text(previous)}，"
        f"应为“{_WORDS[truth]}”"
    )
    yield Finding(stated.span, message, related=(*related, RelatedSpan(previous.span, "上年金额")))


# The 比/较 phrase right before a direction word (`比2024年预算减少5.00%`, `较上年预算下降`).
_COMPARED_REACH = 20
_COMPARED = re.compile(r"(?:比|较)(?P<what>[^，,。；;比较]{0,16})$")


def _kind_of_figure(words: str) -> str:
    """`执行` for an 执行数/决算数, `预算` for a budget without 执行, "" when the words say neither."""
    if "执行" in words or "决算" in words:
        return "执行"
    return "预算" if "预算" in words else ""


def _compares_other_figure(before: str, previous_label: str) -> bool:
    """Does the 比/较 phrase before the word compare with another figure of last year than the one
    stated (`2024年预算执行数为54.00万元，2025年预算安排57.00万元，比2024年预算减少5.00%`: last
    year's 预算, not its 执行数)? Then the stated amounts cannot judge the word: silence."""
    found = _COMPARED.search(before)
    if found is None:
        return False
    compared, stated = _kind_of_figure(found.group("what")), _kind_of_figure(previous_label)
    return bool(compared and stated) and compared != stated


def _reason_message(change: ChangeClaim, stated: Mark, truth: Direction) -> str:
    reason = change.reason
    assert reason is not None
    if change.amount is not None:
        return (
            f"说的是“{reason.text}的主要原因”，但前文写“{stated.text}{number_text(change.amount)}万元”，"
            f"应为“{_WORDS[truth]}的主要原因”"
        )
    return f"说的是“{reason.text}的主要原因”，但前文写“{stated.text}”，应为“{_WORDS[truth]}的主要原因”"
