"""Helpers shared by several ZL3xx rules: parts, the sum finding, the readable tables, example headers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

from zhlint.diagnostics import Severity
from zhlint.document.segment import Cell
from zhlint.read.numbers import (
    ZERO,
    SumCheck,
    Tolerance,
    Verdict,
    check_sum,
    fmt,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan
from zhlint.tables.model import (
    StandardTable,
    TableKind,
)

MAX_LISTED_PARTS = 8  # longer sums are shown as the first parts and a count


# Small tables for the rules' examples (tab-separated, as the extracted reports have them).
EXPENDITURE_HEADER = (
    "支出决算表\n科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出\t"
    "上缴上级支出\t经营支出\t对附属单位补助支出\n"
)


def summary_example(item: str, total: str, label: str = "一、一般公共服务支出\t32") -> str:
    return (
        "收入支出决算总表\n收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n"
        f"一、一般公共预算财政拨款收入\t1\t{item}\t{label}\t{item}\n"
        f"本年收入合计\t27\t{item}\t本年支出合计\t58\t{item}\n"
        f"年初结转和结余\t29\t0.00\t年末结转和结余\t60\t0.00\n"
        f"总计\t31\t{total}\t总计\t62\t{item}"
    )


class Part(NamedTuple):
    """One addend of a checked sum: what it is and where it stands (a named tuple: the table
    rules check thousands of sums a report, and a tuple is built in half the time)."""

    label: str
    cell: Cell | None  # None when the amount is itself a sum (e.g. of 05表 rows)
    value: Decimal


def value_of(cell: Cell | None) -> Decimal:
    """A cell's amount; a blank cell in a listed row counts as zero."""
    return cell.value if cell is not None and cell.value is not None else ZERO


def sum_finding(
    subject: str,
    total_label: str,
    total: Cell,
    parts: Sequence[Part],
    tolerance: Tolerance,
    parts_label: str = "",
    listed: int | None = MAX_LISTED_PARTS,
) -> Finding | None:
    """A finding when ``parts`` do not add up to ``total``; None when they do exactly.

    The message shows at most :data:`MAX_LISTED_PARTS` addends; ``listed`` bounds the related
    spans (None: every non-zero part, so that a reviewer can step through all of them).
    """
    check = check_sum(value_of(total), [part.value for part in parts], tolerance)
    if check.verdict is Verdict.OK:
        return None
    return Finding(
        total.span,
        f"{subject}：{total_label} {fmt(value_of(total))}，{parts_label or '各部分之和'}为 "
        f"{fmt(check.computed)}（{_addition(parts)}），{_difference(check)}",
        severity=Severity.INFO if check.verdict is Verdict.ROUNDING else None,
        related=tuple(
            RelatedSpan(part.cell.span, f"{part.label} {fmt(part.value)}")
            for part in parts
            if part.cell is not None and part.value != ZERO
        )[:listed],
    )


def adds_up(total: Cell, values: Iterable[Decimal]) -> bool:
    """Do ``values`` add up to ``total`` exactly (:func:`check_sum`'s OK)? Most sums of a report
    do: checked first, so that their parts and messages are only built for sums that do not."""
    return sum(values, ZERO) == value_of(total)


def _addition(parts: Sequence[Part]) -> str:
    """`a 1.00 + b 2.00`; zero parts are only counted, long sums cut short."""
    shown = [f"{part.label} {fmt(part.value)}" for part in parts if part.value != ZERO]
    zeros = len(parts) - len(shown)
    text = " + ".join(shown[:MAX_LISTED_PARTS]) or "0"
    if len(shown) > MAX_LISTED_PARTS:
        text += f" + …（共 {len(shown)} 项非零）"
    if zeros:
        text += f"，另有 {zeros} 项为 0"
    return text


def _difference(check: SumCheck) -> str:
    difference = fmt(check.difference)
    if check.verdict is Verdict.ROUNDING:
        return (
            f"相差 {difference}，在尾数误差范围内（{len_of(check)} 个金额各舍入到 0.01，"
            f"最多可差 {fmt(check.allowed)}），仅供参考"
        )
    return f"相差 {difference}，超出尾数误差（最多 {fmt(check.allowed)}），数字不一致"


def len_of(check: SumCheck) -> int:
    return int(check.allowed / Decimal("0.005"))


def readable_tables(context: LintContext) -> Iterator[StandardTable]:
    for table in context.tables.standard:
        if table.model is not None and not table.empty:
            yield table


def as_findings(finding: Finding | None) -> Iterator[Finding]:
    if finding is not None:
        yield finding


# 06表 items that usually equal a 05表 项 paid entirely from 基本支出 (social-insurance and
# housing-fund contributions). Not a strict identity (retirees, several units), so only info.
CONTRIBUTION_PAIRS = (
    ("30108", ("2080505",)),
    ("30109", ("2080506",)),
    ("30111", ("2101103",)),
    ("30113", ("2210201",)),
    ("30110", ("2101101", "2101102")),
)


def same_unit(context: LintContext, first: TableKind, second: TableKind) -> bool:
    """Both tables in 万元 (or both in 元): only then are their cells compared directly."""
    tables = context.tables
    one, other = tables.get(first), tables.get(second)
    return one is not None and other is not None and one.scale == other.scale


def table_name(context: LintContext, kind: TableKind) -> str:
    table = context.tables.get(kind)
    return table.name if table is not None else kind.short
