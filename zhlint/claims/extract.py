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

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

import attrs

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
from zhlint.diagnostics import Span
from zhlint.read.numbers import Number
from zhlint.read.source import Source

__all__ = [
    "Amount",
    "BreakdownClaim",
    "ChangeClaim",
    "Claim",
    "ClaimRow",
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
    "align_columns",
    "canonical_subject",
    "claim_rows",
    "claims_json",
    "extract_claims",
    "format_claims",
    "grammar_path",
]


# ---------------------------------------------------------------------------------------------
# Display (`zhlint claims FILE`): one row per number of each claim, as a table or as JSON

KIND_LABELS = {
    "execution": "预算执行",
    "breakdown": "构成",
    "share": "占比",
    "change": "变动",
    "flow": "资金收支",
    "cost": "会议培训费",
    "count": "次数",
}
ROLE_LABELS = {
    "budget": "预算数",
    "actual": "决算数",
    "amount": "金额",
    "previous": "上年数",
    "rate": "完成率",
    "comparison": "比较",
    "balance": "结余",
    "total": "总额",
    "part": "组成",
    "share": "占比",
    "base": "基数",
    "current": "本年数",
    "change": "变动额",
    "change_rate": "变动率",
    "flat": "持平",
    "reason": "原因",
    "initial": "年初预算",
    "increase": "调增",
    "decrease": "调减",
    "spent": "实际支出",
    "carried": "结余结转",
    "item_budget": "项目预算",
    "item_spending": "项目支出",
    "cost": "费用",
    "count": "次数",
}
CLAIM_HEADER = ("陈述", "类型", "主体", "角色", "数值", "位置")


@attrs.frozen
class ClaimRow:
    """One number (or direction word) of one claim: what it is about, its role, as written, where."""

    claim: int  # 1-based, in the order of the rows
    kind: str  # a key of KIND_LABELS
    subject: str
    role: str  # a key of ROLE_LABELS
    text: str  # as written (`532.93`, `78.6`, `小于`)
    unit: str  # 万元 / 元 / % / "" (a direction word)
    line: int
    column: int
    value: Decimal | None = None  # None for a direction word

    def to_json(self) -> dict[str, object]:
        value = None if self.value is None else str(self.value)
        return {
            "role": self.role,
            "subject": self.subject,
            "text": self.text,
            "value": value,
            "unit": self.unit,
            "line": self.line,
            "column": self.column,
        }


class _Rows:
    """Collects the rows of one claim after another (each claim numbered in turn)."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.rows: list[ClaimRow] = []
        self.claim = 0
        self.kind = ""
        self.subject = ""

    def start(self, kind: str, subject: str) -> None:
        self.claim, self.kind, self.subject = self.claim + 1, kind, subject

    def amount(self, role: str, amount: Amount | None) -> None:
        if amount is not None:
            subject = amount.subject or amount.label or self.subject
            if amount.scope and amount.scope not in subject:
                subject += f"（{amount.scope}）"
            self.number(role, amount.number, amount.unit, subject)

    def number(self, role: str, number: Number | None, unit: str, subject: str | None = None) -> None:
        if number is not None:
            self._add(role, number.canonical.strip(), unit, number.span, subject, number.value)

    def mark(self, role: str, mark: Mark | None) -> None:
        if mark is not None:
            self._add(role, mark.text, "", mark.span, None, None)

    def _add(
        self, role: str, text: str, unit: str, span: Span, subject: str | None, value: Decimal | None
    ) -> None:
        line, column = self.source.position(span.start)
        who = subject if subject is not None else self.subject
        self.rows.append(ClaimRow(self.claim, self.kind, who or "?", role, text, unit, line, column, value))


def claim_rows(claims: Claims, source: Source) -> list[ClaimRow]:
    """Every claim as rows, in the order of the claim kinds, each claim's numbers as written."""
    rows = _Rows(source)
    for execution in claims.executions:
        rows.start("execution", execution.subject)
        rows.amount("budget", execution.budget)
        rows.amount("actual", execution.actual)
        rows.number("rate", execution.rate, "%")
        rows.mark("comparison", execution.comparison)
        rows.amount("balance", execution.balance)
    for breakdown in claims.breakdowns:
        rows.start("breakdown", breakdown.total.subject)
        rows.amount("total", breakdown.total)
        for listed, share in zip(breakdown.parts, breakdown.shares, strict=True):
            rows.amount("part", listed)
            rows.number("share", share, "%", listed.subject or listed.label)
    for share_claim in claims.shares:
        part = share_claim.part
        rows.start("share", part.subject if part else share_claim.part_label)
        rows.amount("part", part)
        rows.amount("base", share_claim.base)
        rows.number("share", share_claim.percent, "%")
    for change in claims.changes:
        rows.start("change", change.subject)
        rows.amount("current", change.current)
        rows.amount("previous", change.previous)
        rows.mark("comparison", change.direction)
        rows.number("change", change.amount, change.current.unit if change.current else "万元")
        rows.mark("comparison", change.rate_direction)
        rows.number("change_rate", change.rate, "%" if change.rate_marked else "")
        rows.mark("flat", change.flat)
        rows.mark("reason", change.reason)
    for flow in claims.flows:
        rows.start("flow", flow.spent.subject)
        for initial in flow.initial:
            rows.amount("initial", initial)
        rows.amount("increase", flow.increase)
        rows.amount("decrease", flow.decrease)
        rows.amount("spent", flow.spent)
        rows.amount("carried", flow.carried)
        for budget in flow.item_budgets:
            rows.amount("item_budget", budget)
        for spending in flow.item_spending:
            rows.amount("item_spending", spending)
    for item in claims.cost_items:
        rows.start("cost", item.event)
        for cost in item.costs:
            rows.amount("cost", cost)
    for count in claims.counts:
        rows.start("count", count.what)
        rows.number("count", count.number, count.unit)
    return rows.rows


def claims_json(claims: Claims, source: Source) -> list[dict[str, object]]:
    """The claims as JSON objects: kind, subject and the numbers (docs/usage.md, `zhlint claims`)."""
    found: dict[int, dict[str, object]] = {}
    for row in claim_rows(claims, source):
        claim = found.setdefault(row.claim, {"kind": row.kind, "subject": row.subject, "numbers": []})
        numbers = claim["numbers"]
        assert isinstance(numbers, list)
        numbers.append(row.to_json())
    return list(found.values())


def format_claims(claims: Claims, source: Source) -> str:
    """A table of every number of every claim (claim, kind, subject, role, value, place)."""
    body = [
        (
            str(row.claim),
            KIND_LABELS[row.kind],
            row.subject,
            ROLE_LABELS[row.role],
            row.text + row.unit,
            f"{row.line}:{row.column}",
        )
        for row in claim_rows(claims, source)
    ]
    return align_columns([CLAIM_HEADER, *body]) if body else ""


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def align_columns(rows: Sequence[Sequence[str]], gap: int = 2) -> str:
    """Rows of cells in columns padded to the widest cell (by display width), one line each."""
    widths = [max(display_width(row[index]) for row in rows) for index in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (width - display_width(cell)) for cell, width in zip(row, widths, strict=True)]
        lines.append((" " * gap).join(cells).rstrip())
    return "\n".join(lines) + "\n"
