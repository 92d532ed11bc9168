"""ZL201–ZL204: the prose's totals, 类/款/项 items, 人员/公用经费 and 三公 amounts.

Each is compared with the cell that :mod:`zhlint.analysis.match` found for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.analysis.match import BASIC_DETAIL, CATEGORIES, THREE_PUBLIC, TOTALS
from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    ZERO,
    fmt,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.rules.prose_tables._common import BUDGET_TABLE, THREE_PUBLIC_TABLE, as_written, findings

_SUMMARY_TABLE = (
    "收入支出决算总表\n收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n"
    "一、一般公共预算财政拨款收入\t1\t526.36\t一、一般公共服务支出\t32\t526.36\n"
    "本年收入合计\t27\t526.36\t本年支出合计\t58\t526.36\n"
    "总计\t31\t526.36\t总计\t62\t526.36\n\n"
)


_DETAIL_TABLE = (
    "一般公共预算财政拨款基本支出决算明细表\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t299.85\t302\t商品和服务支出\t216.71\n"
    "人员经费合计\t\t299.85\t公用经费合计\t\t216.71\n\n"
)


_STRUCTURE = (
    "一般公共预算财政拨款支出决算结构情况\n\n"
    "2023年度财政拨款支出47.76万元，主要用于以下方面：社会保障和就业（类）支出{}万元，占100%。"
)


@rule(
    "ZL201",
    "prose-total-vs-table",
    Severity.ERROR,
    "A total in the narrative (收支总计, 本年收入/支出合计, 基本支出, 项目支出 …) differs from the table.",
    """
    The 情况说明 restates the tables: 收支总计 and 本年收入合计/本年支出合计 are in 01表 (and 02/03表),
    财政拨款 totals in 04/05表, 基本支出 and 项目支出 in the 合计 rows of 03表 (all funds) and 05表
    (一般公共预算财政拨款). An amount that matches none of the cells that hold its quantity is a
    typo in the text or in the table. The message says what each place says. Amounts about single
    projects (项目支出绩效情况) are not compared.
    """,
    bad=_SUMMARY_TABLE + "2023年度收、支总计536.36万元。",
    good=_SUMMARY_TABLE + "2023年度收、支总计526.36万元。",
)
def prose_total_vs_table(context: LintContext) -> Iterator[Finding]:
    yield from findings(context, TOTALS)


@rule(
    "ZL202",
    "prose-item-vs-table",
    Severity.ERROR,
    "A 类, 款 or 项 amount of the narrative differs from the table row of that name.",
    """
    The structure paragraph gives each 类 (`一般公共服务（类）支出428.48万元`) and the 具体情况 list
    each item (`一般公共服务（类）发展与改革事务（款）事业运行（项）…支出决算为418.68万元`, also written
    `一般公共服务支出-发展与改革事务-事业运行`). Each is matched by name to its row of 01/03/04/05表
    and compared. An item whose name is not in the table is reported (as a warning when the same
    amount stands under another name, as info when it is zero), and so is a 05表 项 with an amount
    that the list leaves out.
    """,
    bad=BUDGET_TABLE + _STRUCTURE.format("57.76"),
    good=BUDGET_TABLE + _STRUCTURE.format("47.76"),
)
def prose_item_vs_table(context: LintContext) -> Iterator[Finding]:
    found = context.matches
    yield from findings(context, CATEGORIES)
    for problem in found.item_problems:
        severity = Severity.WARNING if problem.amount.value != 0 else Severity.INFO
        related = [RelatedSpan(problem.amount.span, f"金额 {as_written(problem.amount.number)}万元")]
        cell = problem.row.cell("小计") if problem.row is not None else None
        if problem.row is not None and cell is not None:
            related.append(RelatedSpan(cell.span, f"{problem.row.title} {cell.text}"))
        span = problem.span or problem.amount.span
        yield Finding(span, problem.message, severity=severity, related=tuple(related))
    for omission in found.omissions:
        yield Finding(
            omission.anchor.span,
            f"逐项说明中没有 {omission.row.title}（{fmt(omission.cell.value or ZERO)}万元），"
            "而一般公共预算财政拨款支出决算表中有这一项",
            severity=Severity.WARNING,
            related=(RelatedSpan(omission.cell.span, f"{omission.row.title} {omission.cell.text}"),),
        )


@rule(
    "ZL203",
    "prose-basic-detail-vs-table",
    Severity.ERROR,
    "人员经费 or 公用经费 in the narrative differs from the 基本支出决算明细表.",
    """
    The 基本支出 paragraph gives 人员经费 and 公用经费; they are the 人员经费合计 and 公用经费合计 of the
    一般公共预算财政拨款基本支出决算明细表 (06表).
    """,
    bad=_DETAIL_TABLE + "人员经费299.85万元，公用经费226.71万元。",
    good=_DETAIL_TABLE + "人员经费299.85万元，公用经费216.71万元。",
)
def prose_basic_detail_vs_table(context: LintContext) -> Iterator[Finding]:
    yield from findings(context, BASIC_DETAIL)


@rule(
    "ZL204",
    "prose-three-public-vs-table",
    Severity.ERROR,
    "A 三公 budget or actual figure in the narrative differs from the 三公 table.",
    """
    The 三公 paragraphs give the budget (预算) and the actual (决算) of the total and of each
    component (因公出国（境）费, 公务用车购置费, 公务用车运行维护费, 公务接待费); the 三公 table holds
    the same figures in its 预算数 and 决算数 column groups. A table whose 预算数 merely repeat the
    决算数 while the text states other budgets is a common defect.
    """,
    bad=THREE_PUBLIC_TABLE + "“三公”经费财政拨款支出预算为17万元，支出决算为13.35万元，完成预算的78.5%。",
    good=THREE_PUBLIC_TABLE + "“三公”经费财政拨款支出预算为13.35万元，支出决算为13.35万元，完成预算的100%。",
)
def prose_three_public_vs_table(context: LintContext) -> Iterator[Finding]:
    yield from findings(context, THREE_PUBLIC)
