"""ZL201–ZL204: the prose's totals, 类/款/项 items, 人员/公用经费 and 三公 amounts.

Each is compared with the cell that :mod:`zhlint.analysis.match` found for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.analysis.match import BASIC_DETAIL, CATEGORIES, THREE_PUBLIC, TOTALS
from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    ZERO,
    Verdict,
    amounts_agree,
    fmt,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.rules.prose_tables._common import BUDGET_TABLE, THREE_PUBLIC_TABLE, as_written, findings
from zhlint.tables.model import TableKind

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
    "情况说明中的总数（收支总计、本年收入/支出合计、基本支出、项目支出等）与表中数字不符。",
    """
    情况说明复述各表的数字：收支总计和本年收入合计/本年支出合计在01表（以及02/03表），财政拨款总数在
    04/05表，基本支出和项目支出在03表（全部资金）和05表（一般公共预算财政拨款）的合计行。一个金额与存放
    该数量的所有单元格都对不上，说明正文或表中有笔误。提示信息会写明各处分别是多少。单个项目的金额（项目
    支出绩效情况）不比较。
    """,
    bad=_SUMMARY_TABLE + "2023年度收、支总计536.36万元。",
    good=_SUMMARY_TABLE + "2023年度收、支总计526.36万元。",
    summary_en=(
        "A total in the narrative (收支总计, 本年收入/支出合计, 基本支出, 项目支出 …) differs from the table."
    ),
)
def prose_total_vs_table(context: LintContext) -> Iterator[Finding]:
    yield from findings(context, TOTALS)


@rule(
    "ZL202",
    "prose-item-vs-table",
    Severity.ERROR,
    "正文中某个类、款或项的金额与表中同名行不符。",
    """
    支出结构段落给出每一类的金额（`一般公共服务（类）支出428.48万元`），“具体情况”列举给出每一项（
    `一般公共服务（类）发展与改革事务（款）事业运行（项）…支出决算为418.68万元`，也写作
    `一般公共服务支出-发展与改革事务-事业运行`）。每一项按名称找到01/03/04/05表中对应的行并比较。表中没
    有这个名称的项也会报告（同一金额出现在另一名称下时为警告，金额为零时为提示）；05表中有金额而列举漏掉
    的项同样报告。预算报告的财政拨款支出列举（`“X（类）Y（款）Z（项）”25.77万元，主要用于…`）按同样的名称
    与一般公共预算支出功能分类预算表比较（以元为单位的表按万元读，舍入后相同即为一致），不报告遗漏。一般公
    共预算财政拨款的类金额与04表一致、而05表的同一类差一个尾数时，作为提示报告。
    """,
    bad=BUDGET_TABLE + _STRUCTURE.format("57.76"),
    good=BUDGET_TABLE + _STRUCTURE.format("47.76"),
    summary_en="A 类, 款 or 项 amount of the narrative differs from the table row of that name.",
)
def prose_item_vs_table(context: LintContext) -> Iterator[Finding]:
    found = context.matches
    yield from findings(context, CATEGORIES)
    yield from _general_budget_tails(context)
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
    "正文中的人员经费或公用经费与基本支出决算明细表不符。",
    """
    基本支出段落给出人员经费和公用经费；它们就是一般公共预算财政拨款基本支出决算明细表（06表）中的人员经
    费合计和公用经费合计。
    """,
    bad=_DETAIL_TABLE + "人员经费299.85万元，公用经费226.71万元。",
    good=_DETAIL_TABLE + "人员经费299.85万元，公用经费216.71万元。",
    summary_en="人员经费 or 公用经费 in the narrative differs from the 基本支出决算明细表.",
)
def prose_basic_detail_vs_table(context: LintContext) -> Iterator[Finding]:
    yield from findings(context, BASIC_DETAIL)


@rule(
    "ZL204",
    "prose-three-public-vs-table",
    Severity.ERROR,
    "正文中三公经费的预算数或决算数与三公经费表不符。",
    """
    三公经费段落给出总数和各组成部分（因公出国（境）费、公务用车购置费、公务用车运行维护费、公务接待费）
    的预算数和决算数；三公经费表在“预算数”和“决算数”两组列中列出同样的数字。正文写了别的预算数，而表中的
    预算数只是照抄决算数，这是常见的缺陷。
    """,
    bad=THREE_PUBLIC_TABLE + "“三公”经费财政拨款支出预算为17万元，支出决算为13.35万元，完成预算的78.5%。",
    good=THREE_PUBLIC_TABLE + "“三公”经费财政拨款支出预算为13.35万元，支出决算为13.35万元，完成预算的100%。",
    summary_en="A 三公 budget or actual figure in the narrative differs from the 三公 table.",
)
def prose_three_public_vs_table(context: LintContext) -> Iterator[Finding]:
    yield from findings(context, THREE_PUBLIC)


def _general_budget_tails(context: LintContext) -> Iterator[Finding]:
    """A 类 amount of the 一般公共预算财政拨款 prose that agrees with the table it was matched with
    (04表, `卫生健康支出 236.63`) while the 一般公共预算财政拨款支出决算表 (05表), the table such a
    section restates, has the class 0.01 off (`210 卫生健康支出 236.64`): info, a tail between tables."""
    standard = context.tables.get(TableKind.GENERAL_BUDGET)
    budget = context.tables.coded(TableKind.GENERAL_BUDGET)
    if standard is None or budget is None:
        return
    spans = [standard.table.span, *(part.span for part in standard.parts)]
    classes = {row.name: row for row in budget.rows if row.code is not None and len(row.code) == 3}
    for match in context.matches.matches:
        if match.code != CATEGORIES or not match.targets or match.amount.scope != "财政拨款":
            continue
        target = match.targets[0]
        row = classes.get(match.amount.subject)
        cell = row.cell(budget.total_column) if row is not None else None
        if row is None or cell is None or cell.value is None:
            continue
        if any(span.start <= target.cell.start < span.end for span in spans):
            continue  # matched with the 05表 itself
        value = cell.value * standard.scale
        if amounts_agree(match.amount.value, target.value) is not Verdict.OK:
            continue  # the prose differs from its own table: reported above
        if amounts_agree(match.amount.value, value) is not Verdict.ROUNDING:
            continue
        yield Finding(
            match.amount.span,
            f"正文中{match.amount.subject} {as_written(match.amount.number)}万元 与{target.label}一致，"
            f"但{standard.name} {row.title} 为 {fmt(value)}，相差 {fmt(match.amount.value - value)}，"
            "在尾数误差范围内",
            severity=Severity.INFO,
            related=(RelatedSpan(cell.span, f"{standard.name} {row.title} {cell.text}"),),
        )
