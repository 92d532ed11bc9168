"""The narrative-claims layer: what the prose of a report states, as typed claims.

Pipeline: each paragraph's normalised text is cut into clauses; a keyword check lets only
clauses that may hold a claim reach the Lark grammar (``grammars/claims.lark``, LALR, compiled
once); the transformer turns each parse into an atom and ``zhlint.claims.build`` assembles the
atoms into claims. Claims are computed once per document (``LintContext.claims``).

The claim classes (see ``zhlint.claims.model``) say what quantity they are about (``subject``),
in which role (budget / actual / amount / share / change) and carry each number as a
:class:`zhlint.read.numbers.Number` with its source span, so that rules, including the prose-vs-table
rules, can match them to table cells without reading text.
"""

from __future__ import annotations

from zhlint.claims.build import canonical_subject, extract_claims
from zhlint.claims.model import (
    Amount,
    BreakdownClaim,
    ChangeClaim,
    Claim,
    Claims,
    CostItem,
    CountClaim,
    Direction,
    ExecutionClaim,
    FlowClaim,
    Mark,
    Reference,
    Role,
    ShareClaim,
)
from zhlint.claims.parse import grammar_path
from zhlint.read.numbers import Number
from zhlint.read.source import Source

__all__ = [
    "Amount",
    "BreakdownClaim",
    "ChangeClaim",
    "Claim",
    "Claims",
    "CostItem",
    "CountClaim",
    "Direction",
    "ExecutionClaim",
    "FlowClaim",
    "Mark",
    "Reference",
    "Role",
    "ShareClaim",
    "canonical_subject",
    "extract_claims",
    "format_claims",
    "grammar_path",
]


# ---------------------------------------------------------------------------------------------
# Display (`zhlint claims FILE`)


def _at(source: Source, number: Number | None) -> str:
    if number is None:
        return "—"
    line, column = source.position(number.span.start)
    return f"{number.raw.strip()}@{line}:{column}"


def _amount(source: Source, amount: Amount | None) -> str:
    if amount is None:
        return "—"
    subject = amount.subject or "?"
    scope = f"[{amount.scope}]" if amount.scope else ""
    unit = "" if amount.unit == "万元" else amount.unit
    return f"{subject}{scope}.{amount.role.value}={_at(source, amount.number)}{unit}"


def _mark(source: Source, mark: Mark | None) -> str:
    if mark is None:
        return "—"
    line, column = source.position(mark.span.start)
    return f"{mark.text}({mark.direction.value})@{line}:{column}"


def format_claims(claims: Claims, source: Source) -> str:
    """One line per claim, each number with its line:column, for `zhlint claims`."""
    lines = []
    for execution in claims.executions:
        parent = f" item-of=#{execution.parent}" if execution.parent is not None else ""
        if execution.subject_span is not None:
            line, column = source.position(execution.subject_span.start)
            parent += f" named@{line}:{column}"
        lines.append(
            f"execution  {execution.subject or '?'}: budget {_amount(source, execution.budget)}, "
            f"actual {_amount(source, execution.actual)}, rate {_at(source, execution.rate)}%, "
            f"says {_mark(source, execution.comparison)}{parent}"
        )
    for breakdown in claims.breakdowns:
        parts = "; ".join(
            f"{_amount(source, part)}" + (f" 占{_at(source, share)}%" if share is not None else "")
            for part, share in zip(breakdown.parts, breakdown.shares, strict=True)
        )
        lines.append(f"breakdown  {_amount(source, breakdown.total)} = {parts}")
    for share in claims.shares:
        part = _amount(source, share.part) if share.part else share.part_label
        base = _amount(source, share.base) if share.base else (share.base_label or "?")
        lines.append(f"share      {part} 占 {base}: {_at(source, share.percent)}%")
    for change in claims.changes:
        amount = f"{_mark(source, change.direction)} {_at(source, change.amount)}"
        rate = f"{_mark(source, change.rate_direction)} {_at(source, change.rate)}%"
        lines.append(
            f"change     {change.subject or '?'} vs {change.reference.value}: "
            f"now {_amount(source, change.current)}, {amount}, {rate}, "
            f"flat {_mark(source, change.flat)}, reason {_mark(source, change.reason)}"
        )
    for flow in claims.flows:
        initial = " + ".join(_at(source, amount.number) for amount in flow.initial)
        items = ", ".join(_at(source, amount.number) for amount in flow.item_spending)
        budgets = ", ".join(_at(source, amount.number) for amount in flow.item_budgets)
        lines.append(
            f"flow       年初 {initial}; 调增 {_amount(source, flow.increase)}; "
            f"调减 {_amount(source, flow.decrease)}; 实际支出 {_amount(source, flow.spent)}; "
            f"结余结转 {_amount(source, flow.carried)}; "
            f"项目预算 [{budgets}]; 项目支出 [{items}]"
        )
    for item in claims.cost_items:
        line, column = source.position(item.event_span.start)
        costs = "; ".join(_amount(source, cost) for cost in item.costs)
        lines.append(f"cost       {item.event}@{line}:{column} = {costs}")
    return "\n".join(lines) + ("\n" if lines else "")
