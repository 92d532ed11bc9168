"""Helpers shared by several ZL1xx rules: how amounts are written, units, tolerances, related spans."""

from __future__ import annotations

from decimal import Decimal

from zhlint.claims.extract import (
    Amount,
    ChangeClaim,
    Direction,
)
from zhlint.read.numbers import (
    Number,
)
from zhlint.rules.base import RelatedSpan


def number_text(number: Number) -> str:
    """A number as written, without extraction artefacts."""
    return number.canonical.strip()


def amount_text(amount: Amount) -> str:
    return f"{number_text(amount.number)}{amount.unit}"


# 元 beside 万元 in one statement is a unit slip (`年初预算为26.53元，支出决算为26.53万元，完成…100.0%`):
# the sentence's own rate and words show the figures are meant in one unit, so the arithmetic
# is checked as written in that unit and the slip is left to the unit rules (ZL5xx).
_SLIP_UNITS = frozenset({"元", "万元"})


def one_statement_unit(*amounts: Amount | None) -> bool:
    """Can a rate or direction word be checked: one unit, or a 元/万元 slip inside the sentence?"""
    units = {amount.unit for amount in amounts if amount is not None}
    return len(units) <= 1 or units <= _SLIP_UNITS


def related_spans(*pairs: tuple[Amount | Number | None, str]) -> tuple[RelatedSpan, ...]:
    found = []
    for item, message in pairs:
        if item is not None:
            found.append(RelatedSpan(item.span, message))
    return tuple(found)


def words_disagree(change: ChangeClaim) -> bool:
    """增加X万元，减少Z%: the word before the amount and the word before the rate differ."""
    if change.direction is None or change.rate_direction is None:
        return False
    return change.rate_direction.direction is not change.direction.direction


def previous_value(change: ChangeClaim) -> Decimal | None:
    """Last year's (or the budget's) amount: current − X after 增加, current + X after 减少."""
    if change.current is None or change.amount is None or change.direction is None:
        return None
    if change.direction.direction is Direction.MORE:
        return change.current.value - change.amount.value
    if change.direction.direction is Direction.LESS:
        return change.current.value + change.amount.value
    return None
