"""Helpers shared by several ZL2xx rules: the example tables, how a match is reported, cost codes."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal

from zhlint.analysis.match import APPENDIX, Match, is_project_section
from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    ZERO,
    Number,
    Verdict,
    amounts_agree,
    fmt,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan
from zhlint.tables.model import (
    TableKind,
    Tables,
)

THREE_PUBLIC_TABLE = (
    "财政拨款“三公”经费支出决算表\n预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
    "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\n"
    "13.35\t0.00\t12.00\t0.00\t12.00\t1.35\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35\n\n"
)


BUDGET_TABLE = (
    "一般公共预算财政拨款支出决算表\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
    "合计\t\t47.76\t47.76\t0.00\n208\t社会保障和就业支出\t47.76\t47.76\t0.00\n"
    "20805\t行政事业单位养老支出\t47.76\t47.76\t0.00\n2080505\t机关事业单位基本养老保险缴费支出\t47.76\t47.76\t0.00\n\n"
)


def as_written(number: Number) -> str:
    """A prose number as written, without extraction artefacts (`526. 36` → 526.36)."""
    return number.canonical.strip()


def _report(match: Match) -> Finding | None:
    """A finding for a prose amount that no matching cell confirms exactly."""
    verdict = match.verdict
    if verdict is Verdict.OK:
        return None
    alternate = match.agreeing_alternate if verdict is Verdict.WRONG else None
    if alternate is not None and not match.strict:
        return None  # the text does not say its scope, and the other scope's table agrees
    target = match.agreeing or match.targets[0]
    written = as_written(match.amount.number)
    label = match.amount.label
    quoted = f"「{label}」" if "“" in label else f"“{label}”"
    named = f"{quoted}（{match.quantity}）" if label and label != match.quantity else match.quantity
    where = "绩效自评表中" if match.code == APPENDIX else "正文中"
    said = f"{where}{named}为 {written}万元，{target.label}为 {fmt(target.value, 2)}"
    severity: Severity | None
    if verdict is Verdict.ROUNDING:
        message, severity = f"{said}，相差在尾数误差范围内，仅供参考", Severity.INFO
    else:
        others = [t for t in match.targets[1:] if t is not target]
        also = "；".join(f"{t.label}为 {fmt(t.value, 2)}" for t in others[:2])
        message = f"{said}，两处不一致" + (f"（{also}）" if also else "")
        if match.hint:
            message += f"；{match.hint}"
        severity = Severity.WARNING if match.weak else None
        if alternate is not None:
            message += f"；与{alternate.label}（{fmt(alternate.value, 2)}）一致，正文所说的口径可能有误"
            severity = Severity.WARNING
    shown = (*match.targets[:3], *([alternate] if alternate is not None else []))
    related = tuple(RelatedSpan(t.cell.span, f"{t.label} {fmt(t.value, 2)}") for t in shown)
    return Finding(match.amount.span, message, severity=severity, related=related)


def findings(context: LintContext, code: str) -> Iterator[Finding]:
    for match in context.matches.matches:
        if match.code == code:
            finding = _report(match)
            if finding is not None:
                yield finding


COST_CODES = {"会议费": "30215", "培训费": "30216"}


@functools.lru_cache(maxsize=64)
def is_portion_section(section: str) -> bool:
    """A section whose 会议费/培训费 is a portion: a project's, or the 机关运行经费's (行政 units only).

    Kept per section: it is asked once per amount, and a section's title may be long."""
    return is_project_section(section) or "机关运行经费" in section


def paid_elsewhere(tables: Tables) -> bool:
    """May money other than 一般公共预算财政拨款基本支出 have paid for meetings and training?

    No only when the 合计 row of 03表 shows no spending but 基本支出 and the 05表's 基本支出 (its
    一般公共预算财政拨款 part) is all of it; when either table cannot be read, it may have.
    """
    expenditure = tables.coded(TableKind.EXPENDITURE)
    budget = tables.coded(TableKind.GENERAL_BUDGET)
    if expenditure is None or expenditure.total is None or budget is None or budget.total is None:
        return True
    for column in expenditure.part_columns:
        value = expenditure.total.value(column)
        if column != "基本支出" and value is not None and value != ZERO:
            return True
    project = budget.total.value("项目支出")
    if project is not None and project != ZERO:
        return True
    all_funds = _scaled(tables, TableKind.EXPENDITURE, expenditure.total.value("基本支出"))
    fiscal = _scaled(tables, TableKind.GENERAL_BUDGET, budget.total.value("基本支出"))
    return all_funds is None or fiscal is None or amounts_agree(all_funds, fiscal) is Verdict.WRONG


def _scaled(tables: Tables, kind: TableKind, value: Decimal | None) -> Decimal | None:
    table = tables.get(kind)
    return None if value is None or table is None else value * table.scale
