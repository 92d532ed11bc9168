"""ZL2xx: prose against tables.

Every amount of the narrative that names a table quantity (收支总计, 基本支出, a 类, an item of
the 具体情况 list, 人员经费, a 三公 figure …) is compared with the cell that holds it; the claims
come from :mod:`zhlint.claims`, the cells from :mod:`zhlint.tables`, the matching from
:mod:`zhlint.tables_match`. A disagreement says what the prose says and what the table says, and
points at the cell (``related``). A 0.01 tail difference is info.

ZL208 compares a project's paragraph of the 绩效自评报告 with the appendix form of that project
(:func:`zhlint.tables_scores.project_index_of`). The claims do not carry a project's name, so it
reads those paragraphs' normalised text itself, with a few linear patterns.

ZL209 reads the items a paragraph says 人员经费 or 公用经费 `主要包括` the same way (the claims keep
amounts, not lists of names) and looks each name up among the 06表 items of its group.

ZL210 compares the 基础数据表's 经费控制情况 block (:func:`zhlint.tables_scores.control_blocks_of`)
with the 三公 table (or, when it cannot be read, the prose's 三公 amounts) and the 06表.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from zhlint.claims import Amount, Claims, Role, claims_of
from zhlint.diagnostics import Severity, Span
from zhlint.document import Cell, Paragraph
from zhlint.numbers import (
    ZERO,
    Number,
    Tolerance,
    Verdict,
    amounts_agree,
    check_percent,
    fmt,
    percents_agree,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.tables import (
    PERSONNEL_CODES,
    PUBLIC_CODES,
    EconomicItem,
    EconomicTable,
    LineRole,
    TableKind,
    Tables,
    tables_of,
)
from zhlint.tables_match import (
    APPENDIX,
    BASIC_DETAIL,
    CATEGORIES,
    THREE_PUBLIC,
    TOTALS,
    Match,
    is_project_section,
    matches_of,
)
from zhlint.tables_scores import (
    ControlFigure,
    Figure,
    FundBlock,
    FundRow,
    control_blocks_of,
    project_index_of,
)
from zhlint.tables_show import register_section
from zhlint.text import compact

_SUMMARY_TABLE = (
    "收入支出决算总表\n收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n"
    "一、一般公共预算财政拨款收入\t1\t526.36\t一、一般公共服务支出\t32\t526.36\n"
    "本年收入合计\t27\t526.36\t本年支出合计\t58\t526.36\n"
    "总计\t31\t526.36\t总计\t62\t526.36\n\n"
)
_THREE_PUBLIC_TABLE = (
    "财政拨款“三公”经费支出决算表\n预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
    "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\n"
    "13.35\t0.00\t12.00\t0.00\t12.00\t1.35\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35\n\n"
)
_DETAIL_TABLE = (
    "一般公共预算财政拨款基本支出决算明细表\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t299.85\t302\t商品和服务支出\t216.71\n"
    "人员经费合计\t\t299.85\t公用经费合计\t\t216.71\n\n"
)
_BUDGET_TABLE = (
    "一般公共预算财政拨款支出决算表\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
    "合计\t\t47.76\t47.76\t0.00\n208\t社会保障和就业支出\t47.76\t47.76\t0.00\n"
    "20805\t行政事业单位养老支出\t47.76\t47.76\t0.00\n2080505\t机关事业单位基本养老保险缴费支出\t47.76\t47.76\t0.00\n\n"
)


def _written(number: Number) -> str:
    """A prose number as written, without extraction artefacts (`526. 36` → 526.36)."""
    return number.canonical.strip()


_STRUCTURE = (
    "一般公共预算财政拨款支出决算结构情况\n\n"
    "2023年度财政拨款支出47.76万元，主要用于以下方面：社会保障和就业（类）支出{}万元，占100%。"
)


def _report(match: Match) -> Finding | None:
    """A finding for a prose amount that no matching cell confirms exactly."""
    verdict = match.verdict
    if verdict is Verdict.OK:
        return None
    alternate = match.agreeing_alternate if verdict is Verdict.WRONG else None
    if alternate is not None and not match.strict:
        return None  # the text does not say its scope, and the other scope's table agrees
    target = match.agreeing or match.targets[0]
    written = _written(match.amount.number)
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


def _findings(context: LintContext, code: str) -> Iterator[Finding]:
    for match in matches_of(context).matches:
        if match.code == code:
            finding = _report(match)
            if finding is not None:
                yield finding


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
    yield from _findings(context, TOTALS)


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
    bad=_BUDGET_TABLE + _STRUCTURE.format("57.76"),
    good=_BUDGET_TABLE + _STRUCTURE.format("47.76"),
)
def prose_item_vs_table(context: LintContext) -> Iterator[Finding]:
    found = matches_of(context)
    yield from _findings(context, CATEGORIES)
    for problem in found.item_problems:
        severity = Severity.WARNING if problem.amount.value != 0 else Severity.INFO
        related = [RelatedSpan(problem.amount.span, f"金额 {_written(problem.amount.number)}万元")]
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
    yield from _findings(context, BASIC_DETAIL)


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
    bad=_THREE_PUBLIC_TABLE + "“三公”经费财政拨款支出预算为17万元，支出决算为13.35万元，完成预算的78.5%。",
    good=_THREE_PUBLIC_TABLE + "“三公”经费财政拨款支出预算为13.35万元，支出决算为13.35万元，完成预算的100%。",
)
def prose_three_public_vs_table(context: LintContext) -> Iterator[Finding]:
    yield from _findings(context, THREE_PUBLIC)


@register_section
def _matched_claims(context: LintContext) -> Iterator[str]:
    """For `zhlint tables`: each prose amount and the cell it was compared with."""
    found = matches_of(context)
    if not found.matches:
        return
    yield "正文金额与表格单元格的对应："
    source = context.source
    for match in found.matches:
        line, column = source.position(match.amount.span.start)
        target = match.agreeing or match.targets[0]
        cell_line, cell_column = source.position(target.cell.span.start)
        verdict = {Verdict.OK: "一致", Verdict.ROUNDING: "尾数差"}.get(match.verdict, "不一致")
        yield (
            f"    {line}:{column} {match.quantity} {_written(match.amount.number)}"
            f" → {target.label} {target.cell.text} ({cell_line}:{cell_column}) {verdict}"
        )
    for problem in found.item_problems:
        line, column = source.position(problem.amount.span.start)
        yield f"    {line}:{column} {problem.message}"


_SELF_EVALUATION = (
    "2023年度部门整体支出绩效自评表\n\n"
    "年度预算申请（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t600.00\t526.36\t526.36\t10\t100%\t10\n"
    "\t其中：一般公共预算：526.36\t\t\t其中：基本支出：{}\t\t\t\n"
)


@rule(
    "ZL205",
    "appendix-table-vs-table",
    Severity.WARNING,
    "A figure of the 整体支出绩效自评表 differs from the standard tables.",
    """
    The 部门整体支出绩效自评表 of the appendix restates the year's money: 全年执行数 of 年度资金总额,
    `一般公共预算：…`, `基本支出：…`, `项目支出：…`. They are compared with 01/03/05表 (本年支出合计,
    一般公共预算财政拨款支出, 基本支出, 项目支出). Self-evaluation forms are often copied from the
    previous year's, so a whole set of last year's figures is a common find. Reported as a
    warning: the forms' definitions vary more than the tables'.
    """,
    bad=_BUDGET_TABLE.replace("47.76", "526.36") + _SELF_EVALUATION.format("516.56"),
    good=_BUDGET_TABLE.replace("47.76", "526.36") + _SELF_EVALUATION.format("526.36"),
)
def appendix_table_vs_table(context: LintContext) -> Iterator[Finding]:
    yield from _findings(context, APPENDIX)


# ---------------------------------------------------------------------------------------------
# ZL206 meeting-training-vs-table

_COST_CODES = {"会议费": "30215", "培训费": "30216"}
# The plain statement of the year's 会议费/培训费 (`培训费支出决算为…`, `本部门开支会议费…`); not
# `三类会议费`, `会议费、培训费共计`, a project's or another year's.
_PLAIN_COST_LABEL = re.compile(
    r"(?:(?:19|20)\d{2}年度?)?(?:本部门|本单位|我单位|我部门|单位|部门)?(?:全年)?(?:开支|支出)?"
    r"(?:会议费|培训费)(?:支出)?(?:决算数?)?"
)


@functools.lru_cache(maxsize=64)
def _is_portion_section(section: str) -> bool:
    """A section whose 会议费/培训费 is a portion: a project's, or the 机关运行经费's (行政 units only).

    Kept per section: it is asked once per amount, and a section's title may be long."""
    return is_project_section(section) or "机关运行经费" in section


_COST_DETAIL = (
    "一般公共预算财政拨款基本支出决算明细表\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t299.85\t302\t商品和服务支出\t216.71\n"
    "30101\t基本工资\t299.85\t30201\t办公费\t216.51\n"
    "\t\t\t30215\t会议费\t0.00\n\t\t\t30216\t培训费\t0.20\n"
    "人员经费合计\t\t299.85\t公用经费合计\t\t216.71\n\n"
    "十一、一般性支出情况说明\n\n"
)


@rule(
    "ZL206",
    "meeting-training-vs-table",
    Severity.WARNING,
    "The 会议费 or 培训费 of the narrative is less than the 基本支出决算明细表 holds, or differs from it "
    "where nothing else can have paid for it.",
    """
    The 一般性支出情况说明 gives the year's 会议费 and 培训费; the 一般公共预算财政拨款基本支出决算明细表
    (06表) holds the part paid from 基本支出 in rows 30215 会议费 and 30216 培训费. 项目支出 and
    other funds may pay for meetings and training too, so the prose figure may exceed the table;
    it cannot be smaller. A prose figure below the table is reported; one above it only when the
    unit has no 项目支出 or other spending (03表) and all its 基本支出 is 一般公共预算财政拨款 (05表),
    so that the table holds everything. The prose drops trailing zeros only (0.2 is 0.20, 0 is
    0.00), so `0万元` against a table's 0.44 is a difference; a 0.01 tail is silent;
    a 会议费 listed as a part of another amount (`机关运行经费…其中：会议费…`) or of a project is a
    portion and is not compared.
    """,
    bad=_COST_DETAIL + "培训费年初预算5万元，支出决算为0.1万元，完成年初预算的2%。",
    good=_COST_DETAIL + "培训费年初预算5万元，支出决算为0.2万元，完成年初预算的4%。",
)
def meeting_training_vs_table(context: LintContext) -> Iterator[Finding]:
    tables = tables_of(context)
    economic = tables.economic()
    if economic is None:
        return
    detail = tables.get(TableKind.BASIC_DETAIL)
    scale = detail.scale if detail is not None else Decimal(1)
    name = detail.name if detail is not None else TableKind.BASIC_DETAIL.short
    elsewhere: bool | None = None  # may other money have paid? computed when first needed
    claims = claims_of(context)
    # `机关运行经费…其中：会议费X万元`: a part of something else is a portion, not the year's figure.
    portions = {id(part) for breakdown in claims.breakdowns for part in breakdown.parts}
    for amount in claims.amounts:
        if id(amount) in portions or not _plain_cost(amount, context.report_year):
            continue
        item = economic.item(_COST_CODES[amount.subject])
        if item is None or item.amount.value is None:
            continue
        table = item.value * scale
        if amounts_agree(amount.value, table, context.tolerance) is not Verdict.WRONG:
            continue  # equal (prose drops trailing zeros only: 0.2 is 0.20), or a 0.01 tail apart
        if amount.value > table:
            if elsewhere is None:
                elsewhere = _paid_elsewhere(tables)
            if elsewhere:
                continue  # 项目支出 or other funds may have paid the difference
        yield _cost_finding(amount, item, table, name)


def _plain_cost(amount: Amount, year: int | None) -> bool:
    if amount.subject not in _COST_CODES or amount.role not in (Role.ACTUAL, Role.AMOUNT):
        return False
    if amount.unit != "万元" or amount.scope not in ("", "财政拨款"):
        return False
    if _is_portion_section(amount.section):
        return False
    if year is not None and amount.year not in (None, year):
        return False
    label = compact(amount.label).strip('“”"')
    return not label or _PLAIN_COST_LABEL.fullmatch(label) is not None


def _paid_elsewhere(tables: Tables) -> bool:
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


def _cost_finding(amount: Amount, item: EconomicItem, table: Decimal, name: str) -> Finding:
    written = _written(amount.number)
    said = f"正文中{amount.subject}为 {written}万元，{name}“{item.title}”为 {fmt(table, 2)}万元"
    if amount.value < table:
        message = (
            f"{said}：正文的数小于表中仅由基本支出（一般公共预算财政拨款）开支的部分，两处至少有一处有误"
        )
    else:
        message = (
            f"{said}：本单位没有项目支出或其他资金的支出，{amount.subject}只能由基本支出开支，两处应当一致"
        )
    related = (RelatedSpan(item.amount.span, f"{item.title} {item.amount.text}"),)
    return Finding(amount.span, message, related=related)


# ---------------------------------------------------------------------------------------------
# ZL207 carry-over-vs-table

# A 结余结转 of the year as the prose states it (`结余结转`, `年末结转和结余`, `2023年结转结余资金`);
# not `年初结转和结余`, `上年结转` (money brought in) or a project's `结余资金` alone.
_CARRY_LABEL = re.compile(
    r"(?:(?:19|20)\d{2}年度?)?(?:年末|年底)?(?:资金)?(?:结余结转|结转结余|结转和结余)(?:资金)?(?:金额)?"
)
_UNIT_SCALES = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
_CARRY_SUMMARY = (
    "收入支出决算总表\n收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n"
    "一、一般公共预算财政拨款收入\t1\t526.36\t一、一般公共服务支出\t32\t526.36\n"
    "本年收入合计\t27\t526.36\t本年支出合计\t58\t526.36\n"
    "年初结转和结余\t29\t0.00\t年末结转和结余\t60\t0.00\n"
    "总计\t31\t526.36\t总计\t62\t526.36\n\n"
    "项目支出绩效情况\n\n"
)
_CARRY_FLOW = "年中追加项目“生态补偿资金”，金额10万元，实际支出{}万元，结余结转{}万元。"


@rule(
    "ZL207",
    "carry-over-vs-table",
    Severity.WARNING,
    "The narrative states a 结余结转 of the year while the 收入支出决算总表's 年末结转和结余 is 0.",
    """
    The 项目支出绩效情况 of the 绩效自评报告 follows each fund or project from its budget to its
    spending (`…实际支出9.8万元，结余结转0.2万元`), and the 情况说明 may state the year's 结余结转 or
    年末结转和结余 too. Money carried over is still held at the end of the year, so it is part of the
    年末结转和结余 of the 收入支出决算总表 (01表, the 总计 side). When the prose states carry-overs that
    add up to more than zero and the 01表's 年末结转和结余 is 0.00, one of the two is wrong. Each
    stated amount is reported, pointing at the 01表 cell. Nothing is compared when the 01表 cannot
    be read, has no 年末结转和结余 line, or holds a balance other than zero (it may hold other funds'
    money too, so the sums need not be equal); a 0.01 tail is silent, and so are 年初结转和结余,
    上年结转 and other years' carry-overs.
    """,
    bad=_CARRY_SUMMARY + _CARRY_FLOW.format("9.8", "0.2"),
    good=_CARRY_SUMMARY + _CARRY_FLOW.format("10", "0"),
)
def carry_over_vs_table(context: LintContext) -> Iterator[Finding]:
    closing = _closing_balance(tables_of(context))
    if closing is None:
        return
    cell, table_value, name = closing
    if amounts_agree(table_value, ZERO, context.tolerance) is Verdict.WRONG:
        return  # a balance other than zero may hold other funds: the sums need not be equal
    carried = _carry_overs(claims_of(context), context.report_year)
    if not carried:
        return
    total = sum((amount.value * _UNIT_SCALES[amount.unit] for amount in carried), ZERO)
    if amounts_agree(total, table_value, context.tolerance) is not Verdict.WRONG:
        return  # nothing carried, or a 0.01 tail
    stated_amounts = [amount for amount in carried if amount.value != ZERO]
    stated = f"正文所列结余结转合计 {fmt(total)}万元，" if len(stated_amounts) > 1 else ""
    related = (RelatedSpan(cell.span, f"{name}“年末结转和结余” {cell.text}"),)
    for amount in stated_amounts:
        label = compact(amount.label).strip('“”"') or "结余结转"
        message = (
            f"正文中“{label}”为 {_written(amount.number)}{amount.unit}，{stated}"
            f"而{name}“年末结转和结余”为 {fmt(table_value, 2)}万元：结转的资金年末仍在，"
            "应计入年末结转和结余，两处至少有一处有误"
        )
        yield Finding(amount.span, message, related=related)


def _closing_balance(tables: Tables) -> tuple[Cell, Decimal, str] | None:
    """The 年末结转和结余 cell of a readable 01表 (总计 side), its amount in 万元, the table's name."""
    table = tables.get(TableKind.SUMMARY)
    model = tables.balance(TableKind.SUMMARY)
    if table is None or model is None or table.problem is not None:
        return None
    line = model.line("expenditure", LineRole.CLOSING)
    if line is None or not line.cells:
        return None
    cell = line.cells[0][1]
    if cell.value is None:
        return None  # blank or unreadable: nothing to compare with
    return cell, cell.value * table.scale, table.name


def _carry_overs(claims: Claims, year: int | None) -> list[Amount]:
    """The year's carry-overs the prose states: each flow's 结余结转 and each plain 结余结转 amount."""
    flow_carried = {id(flow.carried): flow.carried for flow in claims.flows if flow.carried is not None}
    listed = {id(amount) for amount in claims.amounts}
    extra = [amount for key, amount in flow_carried.items() if key not in listed]
    found = []
    for amount in (*claims.amounts, *extra):
        if amount.unit not in _UNIT_SCALES or amount.role not in (Role.AMOUNT, Role.ACTUAL):
            continue
        if year is not None and amount.year not in (None, year):
            continue
        label = compact(amount.label).strip('“”"')
        if id(amount) in flow_carried or _CARRY_LABEL.fullmatch(label) is not None:
            found.append(amount)
    return found


# ---------------------------------------------------------------------------------------------
# ZL208 project-vs-self-evaluation

# The claims name a project's execution `项目` (`…项目绩效自评综述：…项目全年预算数为5.76万元`), not
# by the project, so the project paragraphs are read here with a few plain patterns: fixed words
# around one number each, no nested repetition (linear), compiled once.
_PROJECT_TITLE = re.compile(
    r"项目(?:支出)?(?:绩效自评综述|绩效自评情况|绩效自评结果|绩效自评|绩效情况)?[:：]"
    r"|(?:绩效自评综述|绩效自评情况)[:：]"
)
_PROJECT_AMOUNT = r"\s*(?P<n>\d+(?:\.\d+)?)\s*万元"
_PROJECT_BUDGET = re.compile(r"全年预算(?:数|金额|资金)?(?:为|是|共计|合计)?[:：]?" + _PROJECT_AMOUNT)
# Not `全年预算执行数` (which figure it names is unclear) nor `年中执行调增`.
_PROJECT_SPENT = re.compile(r"执行(?<!预算执行)(?:数|金额)(?:为|是|共计|合计)?[:：]?" + _PROJECT_AMOUNT)
# Against the 全年预算 only: `完成年初预算的` and `年初预算执行率` are another rate.
_PROJECT_RATE = re.compile(
    r"(?:完成(?:全年)?预算的?|(?<!初)(?<!初预算)(?:预算)?执行率(?:为|是|达到|达)?[:：]?)"
    r"\s*(?P<n>\d+(?:\.\d+)?)\s*%"
)
_NAME_LIMIT = 40  # a project's name is shorter; a longer run before the title is a sentence
_NAME_STOPS = "。；;：:！？!?，,"
_LIST_MARKER = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]|第[一二三四五六七八九十\d]{1,3}[、，,.]?)\s*"
)
# A sentence about the project of the enclosing heading (`1、党史及地方志工作经费` then `项目全年预算…`).
_ABOUT_HEADING = re.compile(r"^(?:该|本)?项目")


@attrs.frozen
class _Stated:
    """A figure of a project paragraph: the words before it (`全年预算数为`) and the number."""

    words: str
    number: Number


@attrs.frozen
class _ProjectStatement:
    """What a paragraph states about one project's money; None where it states nothing once."""

    name: str
    budget: _Stated
    spent: _Stated | None
    rate: _Stated | None


def _project_statements(paragraph: Paragraph) -> Iterator[_ProjectStatement]:
    """Each project section of ``paragraph`` (one `X项目绩效自评综述：` to the next) with one 全年预算."""
    text = paragraph.text.text
    titles = list(_PROJECT_TITLE.finditer(text))
    sections: list[tuple[str | None, int, int]] = []
    first = titles[0].start() if titles else len(text)
    if first:
        sections.append((_heading_project(paragraph, text[:first]), 0, first))
    for position, title in enumerate(titles):
        end = titles[position + 1].start() if position + 1 < len(titles) else len(text)
        sections.append((_name_before(text, title.start()), title.end(), end))
    numbers = {number.span.start: number for number in paragraph.numbers}
    for name, start, end in sections:
        if name is None:
            continue
        budget = _stated_once(_PROJECT_BUDGET, paragraph, numbers, start, end)
        if budget is None:
            continue  # no 全年预算, or two: which project each belongs to is unclear
        spent = _stated_once(_PROJECT_SPENT, paragraph, numbers, start, end)
        rate = _stated_once(_PROJECT_RATE, paragraph, numbers, start, end)
        yield _ProjectStatement(name, budget, spent, rate)


def _name_before(text: str, end: int) -> str | None:
    """The words before a `项目绩效自评综述：` back to the sentence's start, list marker removed."""
    start = max(0, end - _NAME_LIMIT)
    window = text[start:end]
    cut = max(window.rfind(stop) for stop in _NAME_STOPS)
    if cut < 0 and start > 0:
        return None  # the sentence goes back further than any project name
    name = compact(_LIST_MARKER.sub("", window[cut + 1 :].strip(), count=1))
    return name if len(name) >= 2 else None


def _heading_project(paragraph: Paragraph, before: str) -> str | None:
    """The enclosing heading's title, when the paragraph's figures are about `项目`/`该项目` it names."""
    if not paragraph.headings or "全年预算" not in before:
        return None
    sentence = before[: before.find("全年预算")]
    cut = max(sentence.rfind(stop) for stop in _NAME_STOPS)
    if not _ABOUT_HEADING.match(sentence[cut + 1 :].strip()):
        return None
    return compact(paragraph.headings[-1].text) or None


def _stated_once(
    pattern: re.Pattern[str], paragraph: Paragraph, numbers: dict[int, Number], start: int, end: int
) -> _Stated | None:
    """The figure ``pattern`` finds in ``text[start:end]``, when it finds exactly one."""
    found = list(pattern.finditer(paragraph.text.text, start, end))
    if len(found) != 1:
        return None
    match = found[0]
    span = paragraph.text.source_span(match.start("n"), match.end("n"))
    number = numbers.get(span.start)
    if number is None:
        return None
    words = compact(match.string[match.start() : match.start("n")])
    return _Stated(words.rstrip(":："), number)


_PROJECT_FORM = (
    "附件3-3\n\n2023年度项目支出绩效自评表\n\n"
    "项目支出名称\t党史及地方志工作经费\t\t\t\t\t\t\n"
    "项目资金（万元）\t资金来源\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t5.76\t4.32\t4.32\t10\t100%\t10.00\n\n"
)
_PROJECT_PROSE = (
    "党史及地方志工作经费项目绩效自评综述：项目全年预算数为{}万元，执行数为4.32万元，完成预算的{}%。"
)


@rule(
    "ZL208",
    "project-vs-self-evaluation",
    Severity.WARNING,
    "A project's 全年预算数, 执行数 or execution rate in the narrative differs from its 项目支出绩效自评表.",
    """
    The 项目支出绩效情况 of the 绩效自评报告 sums up each project (`X项目绩效自评综述：…项目全年预算数为
    5.76万元，执行数为4.32万元，完成预算的75%`), and the appendix holds the same project's
    项目支出绩效自评表 (`项目支出名称 | X`), whose 年度资金总额 row gives 年初预算数, 全年预算数,
    全年执行数 and 执行率. The project is named before `项目绩效自评综述：` (or `项目：`), or by the
    enclosing heading when the sentence says `项目全年预算数…`; it is matched to the form by that
    name (exactly, but for whitespace and a trailing 项目), and 全年预算数, 执行数 and the rate are
    compared with the form's 全年预算数, 全年执行数 and 执行率; each that differs is reported,
    pointing at the form's cell. A common defect: the narrative quotes the 年初预算 as the 全年预算
    (the message says so when the prose figure is the form's 年初预算数), so its rate is not the
    form's. Nothing is reported when no form (or more than one) carries the name, when the form's
    money block cannot be read by its columns or is in 元, when a paragraph states two 全年预算 for
    one name, for a rate against the 年初预算 (`完成年初预算的`), or for a 0.01 tail.
    """,
    bad=_PROJECT_FORM + _PROJECT_PROSE.format("5.76", "75"),
    good=_PROJECT_FORM + _PROJECT_PROSE.format("4.32", "100"),
)
def project_vs_self_evaluation(context: LintContext) -> Iterator[Finding]:
    statements = [
        statement
        for paragraph in context.document.paragraphs
        # The cheap gate: few paragraphs hold 全年预算; the 目录 and table notes state no project's.
        if "全年预算" in paragraph.text.text and not paragraph.in_toc and not paragraph.is_note
        for statement in _project_statements(paragraph)
    ]
    if not statements:
        return
    index = project_index_of(context)
    for statement in statements:
        block = index.get(statement.name)
        if block is None or block.project is None or block.unit != "万元":
            continue  # no form of that name, or its amounts in 元: nothing to compare with
        yield from _project_findings(statement, block, context.tolerance)


def _project_findings(
    statement: _ProjectStatement, block: FundBlock, tolerance: Tolerance
) -> Iterator[Finding]:
    project = block.project
    assert project is not None  # checked by the caller
    form = _Form(f"{project.attachment or '附件'}项目支出绩效自评表", project.name, block.total)
    found = [
        _amount_finding(statement.name, statement.budget, form, "全年预算数", tolerance),
        _amount_finding(statement.name, statement.spent, form, "全年执行数", tolerance),
        _rate_finding(statement.name, statement.rate, form, tolerance),
    ]
    yield from (finding for finding in found if finding is not None)


@attrs.frozen
class _Form:
    """A project's 自评表 as the messages name it, and its 年度资金总额 row."""

    title: str  # `附件3-3项目支出绩效自评表`
    name: str  # the 项目支出名称 as the form writes it
    total: FundRow

    def related(self, column: str, figure: Figure) -> RelatedSpan:
        return RelatedSpan(figure.cell.span, f"{self.title}“{self.name}”{column} {compact(figure.cell.text)}")


def _amount_finding(
    name: str, stated: _Stated | None, form: _Form, column: str, tolerance: Tolerance
) -> Finding | None:
    """The prose's 全年预算数 or 执行数 against the form's ``column``, when the two differ."""
    figure = form.total.get(column)
    if stated is None or figure is None:
        return None
    value = stated.number.value
    if amounts_agree(value, figure.value, tolerance) is not Verdict.WRONG:
        return None  # equal, or a 0.01 tail apart
    message = (
        f"正文称{name}{stated.words}{_written(stated.number)}万元，"
        f"{form.title}{column}为{fmt(figure.value)}万元，两处不一致"
    )
    shown = [form.related(column, figure)]
    initial = form.total.get("年初预算数")
    # The classic slip: the narrative quotes the budget before the year's adjustments.
    if (
        column == "全年预算数"
        and initial is not None
        and amounts_agree(value, initial.value, tolerance) is not Verdict.WRONG
    ):
        message += f"；正文的数是自评表的年初预算数（{fmt(initial.value)}万元），全年预算数应为调整后的预算"
        shown.append(form.related("年初预算数", initial))
    return Finding(stated.number.span, message, related=tuple(shown))


def _rate_finding(name: str, stated: _Stated | None, form: _Form, tolerance: Tolerance) -> Finding | None:
    """The prose's rate against the form's 执行率, when the two differ at the coarser precision."""
    rate = form.total.get("执行率")
    if stated is None or rate is None:
        return None
    number = stated.number
    if percents_agree(number.value, number.places, rate.value, rate.places) is not Verdict.WRONG:
        return None
    message = (
        f"正文称{name}{stated.words}{_written(number)}%，"
        f"{form.title}执行率为{compact(rate.cell.text)}，两处不一致"
    )
    initial, executed = form.total.get("年初预算数"), form.total.get("全年执行数")
    if initial is not None and executed is not None:
        # Say where the prose's rate comes from when it is the form's spending over its 年初预算数.
        check = check_percent(number.value, number.places, executed.value, initial.value, tolerance)
        if check.verdict is Verdict.OK:
            message += (
                f"；正文的比例是全年执行数{fmt(executed.value)}万元占年初预算数{fmt(initial.value)}万元的比例，"
                "执行率应以全年预算数为分母"
            )
    return Finding(number.span, message, related=(form.related("执行率", rate),))


# ---------------------------------------------------------------------------------------------
# ZL209 economic-items-vs-table

# `人员经费299.85万元，占基本支出的58.0%，主要包括基本工资、津贴补贴…；`: the group and its amount,
# then, in the same clause run (no `；`/`。`, and no other 经费 in between, so that `人员经费X万元，
# 公用经费Y万元，主要包括…` is read as 公用经费's list), `主要包括` and the list up to the next stop.
# Fixed words and bounded gaps, no nested repetition: linear.
_ITEM_LIST = re.compile(
    r"(?P<group>人员经费|公用经费)(?:支出)?(?:决算数?)?(?:为|是|共计|合计)?[:：]?\s*"
    r"(?P<n>\d+(?:\.\d+)?)\s*万元"
    r"(?:(?!经费)[^；;。]){0,40}?主要包括[:：]?(?P<list>[^；;。，,]+)"
)
# A list about another fund's money (`政府性基金…人员经费…`) is not the 06表's.
_OTHER_FUND = re.compile(r"政府性基金|国有资本经营")
_SENTENCE_STOP = re.compile("。")
# `…、奖励金等` / `…等支出`: the end of the last name.
_ETC = re.compile(r"等[\u4e00-\u9fff]{0,3}$")
# A listed name is a plain item name: Chinese words and brackets, no figure.
_ITEM_NAME = re.compile(r"[\u4e00-\u9fff（）()]{2,30}")
_GROUP_CODES = {"人员经费": PERSONNEL_CODES, "公用经费": PUBLIC_CODES}
_BRACKETS = str.maketrans("()", "（）")


def _item_key(name: str) -> str:
    """A name as compared: no whitespace, full-width brackets (`维修(护)费` is `维修（护）费`)."""
    return compact(name).translate(_BRACKETS)


@attrs.frozen
class _ItemGroup:
    """人员经费 or 公用经费 of the 06表: its total in 万元 and its items by name."""

    label: str
    total: Decimal | None
    by_name: dict[str, EconomicItem]
    details: tuple[EconomicItem, ...]  # the 5-digit items, in table order


def _item_groups(economic: EconomicTable, scale: Decimal) -> dict[str, _ItemGroup]:
    """The two groups of the 06表, built once per document (only when a list is found)."""
    groups = {}
    for label, total_cell in (("人员经费", economic.personnel_total), ("公用经费", economic.public_total)):
        codes = _GROUP_CODES[label]
        members = [item for item in economic.items if item.code[:3] in codes]
        named: dict[str, list[EconomicItem]] = {}
        for item in members:
            named.setdefault(_item_key(item.name), []).append(item)
        by_name = {}
        for key, found in named.items():
            detailed = [item for item in found if len(item.code) == 5]
            if len(found) == 1 or len(detailed) == 1:
                by_name[key] = found[0] if len(found) == 1 else detailed[0]
            # else: two items of one name; which one the prose means is unclear, so neither
        if total_cell is not None and total_cell.value is not None:
            total: Decimal | None = total_cell.value * scale
        else:
            heads = [item.value for item in members if len(item.code) == 3]
            total = sum(heads, ZERO) * scale if heads else None
        details = tuple(item for item in members if len(item.code) == 5)
        groups[label] = _ItemGroup(label, total, by_name, details)
    return groups


@attrs.frozen
class _Listed:
    """A name of the list as written, where it stands, and the 06表 item of that name (if any)."""

    name: str
    span: Span
    item: EconomicItem | None


def _read_list(paragraph: Paragraph, match: re.Match[str], group: _ItemGroup) -> list[_Listed] | None:
    """The names after `主要包括`, each matched within ``group``; None when the list is not plain names."""
    text = paragraph.text
    start = match.start("list")
    pieces: list[tuple[str, int, int]] = []
    position = start
    for piece in match.group("list").split("、"):
        piece_start = position + len(piece) - len(piece.lstrip())
        piece_end = position + len(piece.rstrip())
        pieces.append((text.text[piece_start:piece_end], piece_start, piece_end))
        position += len(piece) + 1
    last, last_start, _ = pieces[-1]
    trimmed = _ETC.sub("", last)
    pieces[-1] = (trimmed, last_start, last_start + len(trimmed))
    listed: list[_Listed] = []
    for name, piece_start, piece_end in pieces:
        if _ITEM_NAME.fullmatch(name) is None:
            return None  # a figure, a remark, an empty piece: not a list of item names
        listed += _listed_names(name, piece_start, piece_end, paragraph, group)
    return listed


def _listed_names(name: str, start: int, end: int, paragraph: Paragraph, group: _ItemGroup) -> list[_Listed]:
    """One listed name, or two when it is `X和Y`/`X及Y` and both are item names (`…奖励金和抚恤金`)."""
    item = group.by_name.get(_item_key(name))
    if item is None:
        for joint in ("和", "及"):
            cut = name.find(joint)
            if cut <= 0:
                continue
            left = group.by_name.get(_item_key(name[:cut]))
            right = group.by_name.get(_item_key(name[cut + 1 :]))
            if left is not None and right is not None:
                return [
                    _Listed(name[:cut], paragraph.text.source_span(start, start + cut), left),
                    _Listed(name[cut + 1 :], paragraph.text.source_span(start + cut + 1, end), right),
                ]
    return [_Listed(name, paragraph.text.source_span(start, end), item)]


@attrs.frozen
class _ItemList:
    """One `人员经费…主要包括…` list of a paragraph, read and matched to its group."""

    group: _ItemGroup
    listed: tuple[_Listed, ...]
    span: Span  # the whole list


class _OtherFundWords:
    """Where a paragraph names another fund, and where its sentences end: found once per paragraph.

    Searching the sentence before every list (a slice back to the last 。) was quadratic in a
    paragraph without a 。.
    """

    def __init__(self, text: str) -> None:
        self.stops = [found.start() for found in _SENTENCE_STOP.finditer(text)]
        # The two names share no character, so the places never overlap: sorted by start and end.
        self.places = [found.span() for found in _OTHER_FUND.finditer(text)]
        self.ends = [end for _, end in self.places]

    def in_sentence(self, start: int, end: int) -> bool:
        """Whether another fund is named between the last 。 before ``start`` and ``end``."""
        last = bisect.bisect_right(self.ends, end) - 1
        if last < 0:
            return False
        stop = bisect.bisect_left(self.stops, start) - 1
        sentence_start = self.stops[stop] + 1 if stop >= 0 else 0
        return self.places[last][0] >= sentence_start


def _item_lists(
    context: LintContext, groups: dict[str, _ItemGroup], paragraph: Paragraph
) -> Iterator[_ItemList]:
    text = paragraph.text.text
    numbers = {number.span.start: number for number in paragraph.numbers}
    other_fund = _OtherFundWords(text)
    for match in _ITEM_LIST.finditer(text):
        if other_fund.in_sentence(match.start(), match.end()):
            continue
        group = groups[match.group("group")]
        number = numbers.get(paragraph.text.source_span(match.start("n"), match.end("n")).start)
        if number is None or group.total is None:
            continue
        if amounts_agree(number.value, group.total, context.tolerance) is Verdict.WRONG:
            continue  # another amount than the 06表's: the list may be about other money
        listed = _read_list(paragraph, match, group)
        if listed is None:
            continue
        matched = sum(1 for entry in listed if entry.item is not None)
        if matched < 2 or 2 * matched < len(listed):
            continue  # mostly the writer's own words: the list cannot be read with confidence
        span = paragraph.text.source_span(*match.span("list"))
        yield _ItemList(group, tuple(listed), span)


def _item_text(item: EconomicItem, scale: Decimal) -> str:
    return f"{item.title} {fmt(item.value * scale, 2)}万元"


def _item_related(item: EconomicItem) -> RelatedSpan:
    return RelatedSpan(item.amount.span, f"{item.title} {item.amount.text}")


def _zero_finding(found: _ItemList, table: str) -> Finding | None:
    """The listed items that the 06表 shows as a written 0.00 (a blank cell is not read as zero)."""
    zeros: dict[str, _Listed] = {}  # by code: a name listed twice is one item
    for entry in found.listed:
        if entry.item is not None and entry.item.amount.value is not None and entry.item.amount.value == ZERO:
            zeros.setdefault(entry.item.code, entry)
    if not zeros:
        return None
    label = found.group.label
    names = "、".join(entry.name for entry in zeros.values())
    items = "、".join(entry.item.title for entry in zeros.values() if entry.item is not None)
    these = "这项支出" if len(zeros) == 1 else "这些支出"
    message = (
        f"正文称{label}主要包括{names}，而{table}中 {items} 的决算数为 0.00：本年没有{these}，"
        f"不应列为{label}的主要构成"
    )
    spans = [entry.span for entry in zeros.values()]
    span = Span(min(span.start for span in spans), max(span.end for span in spans))
    related = tuple(_item_related(entry.item) for entry in zeros.values() if entry.item is not None)
    return Finding(span, message, related=related)


def _omission_finding(found: _ItemList, table: str, scale: Decimal) -> Finding | None:
    """The 06表's non-zero items that the list leaves out although they are not small.

    Not small means at least as large as the smallest non-zero item the list names: the writer's
    own list shows what it counts as a main item. An item whose name begins like a listed name the
    table does not hold (`维修费` for `维修（护）费`) may be meant by it and is not called left out.
    """
    named = [entry.item for entry in found.listed if entry.item is not None]
    sizes = [item.value for item in named if len(item.code) == 5 and item.value > ZERO]
    if not sizes:
        return None  # no non-zero item named: nothing says what the writer counts as main
    smallest = min(sizes)
    covered = {item.code for item in named}
    unknown = [entry.name for entry in found.listed if entry.item is None]
    prefixes = {_item_key(name)[:2] for name in unknown}
    left_out = [
        item
        for item in found.group.details
        if item.amount.value is not None
        and item.value >= smallest
        and item.code not in covered
        and item.code[:3] not in covered
        and _item_key(item.name)[:2] not in prefixes
    ]
    if not left_out:
        return None
    label = found.group.label
    least = next(item for item in named if len(item.code) == 5 and item.value == smallest)
    message = (
        f"正文所列{label}的主要构成中没有 {'、'.join(_item_text(item, scale) for item in left_out)}，"
        f"而{table}中{'这一项' if len(left_out) == 1 else '这些项目'}有支出，且不小于所列最小的一项"
        f"（{_item_text(least, scale)}）"
    )
    if unknown:
        message += f"；所列“{'”“'.join(unknown)}”在表中没有同名科目，未作比较"
    related = tuple(_item_related(item) for item in left_out)
    return Finding(found.span, message, severity=Severity.INFO, related=related)


_LIST_DETAIL = (
    "一般公共预算财政拨款基本支出决算明细表\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t110.00\t302\t商品和服务支出\t20.00\n"
    "30101\t基本工资\t80.00\t30201\t办公费\t15.00\n"
    "30102\t津贴补贴\t30.00\t30215\t会议费\t0.00\n"
    "30111\t公务员医疗补助缴费\t0.00\t30216\t培训费\t5.00\n"
    "人员经费合计\t\t110.00\t公用经费合计\t\t20.00\n\n"
)
_LIST_PROSE = "人员经费110万元，主要包括{}；公用经费20万元，主要包括办公费、培训费。"


@rule(
    "ZL209",
    "economic-items-vs-table",
    Severity.WARNING,
    "An item that the narrative lists as a main part of 人员经费 or 公用经费 is 0.00 in the "
    "基本支出决算明细表 (warning), or a non-zero item that is not small is left out (info).",
    """
    The 基本支出 paragraph names what 人员经费 and 公用经费 were spent on (`人员经费299.85万元，…，
    主要包括基本工资、津贴补贴、…；公用经费…主要包括办公费、…`); the 一般公共预算财政拨款基本支出
    决算明细表 (06表) gives each item's amount. Each listed name is matched to an item of its own
    group (人员经费: 301 and 303; 公用经费: 302, 307, 310 and 399) by its exact name, whitespace and
    bracket width aside. A listed item whose 决算数 is 0.00 is a warning: the text names spending
    that did not happen (a list copied from the template or from last year). A non-zero item left
    out of the list is info, and only when it is not small: `主要包括` allows leaving out minor
    items, and what counts as minor is taken from the list itself, so an item is reported when it
    is at least as large as the smallest non-zero item the list names (if the list names a
    0.57万元 item as a main one, leaving out a 14.32万元 item is inconsistent; a list of large items
    only sets a high bar). One diagnostic per list and kind, pointing at the 06表 cells. A name
    that no item of the group carries (`维修费` for `维修（护）费`) is never taken as zero and is
    not compared; an item whose name begins like it is not called left out. Nothing is compared
    when the 06表 is missing, unreadable or empty, when the amount stated for the group is not the
    06表's 经费合计 (the list is then about other money), when the sentence is about 政府性基金 or
    国有资本经营 money, or when fewer than half of the listed names (or fewer than two) are item
    names of the table.
    """,
    bad=_LIST_DETAIL + _LIST_PROSE.format("基本工资、津贴补贴、公务员医疗补助缴费"),
    good=_LIST_DETAIL + _LIST_PROSE.format("基本工资、津贴补贴"),
)
def economic_items_vs_table(context: LintContext) -> Iterator[Finding]:
    candidates = [
        paragraph
        for paragraph in context.document.paragraphs
        # The cheap gate: few paragraphs hold 主要包括 next to 人员经费 or 公用经费.
        if "主要包括" in paragraph.text.text
        and ("人员经费" in paragraph.text.text or "公用经费" in paragraph.text.text)
        and not paragraph.in_toc
        and not paragraph.is_note
    ]
    if not candidates:
        return
    tables = tables_of(context)
    detail = tables.get(TableKind.BASIC_DETAIL)
    economic = tables.economic()
    if detail is None or economic is None or detail.problem is not None:
        return  # no 06表, or one that could not be read: nothing to compare with
    groups = _item_groups(economic, detail.scale)
    for paragraph in candidates:
        if _about_other_fund(paragraph):
            continue
        for found in _item_lists(context, groups, paragraph):
            zero = _zero_finding(found, detail.name)
            if zero is not None:
                yield zero
            omitted = _omission_finding(found, detail.name, detail.scale)
            if omitted is not None:
                yield omitted


def _about_other_fund(paragraph: Paragraph) -> bool:
    """Whether an enclosing heading is about another fund's money (政府性基金, 国有资本经营)."""
    return any(_OTHER_FUND.search(heading.text) for heading in paragraph.headings)


# ---------------------------------------------------------------------------------------------
# ZL210 basic-data-vs-tables

# The 三公 table's field for each 三公 row of the 基础数据表 (zhlint.tables.ThreePublicGroup).
_CONTROL_FIELDS = {
    "三公经费": "total",
    "公务用车购置及运行维护费": "vehicles",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "因公出国（境）费": "abroad",
    "公务接待费": "reception",
}
_MEETINGS = "会议费、培训费"
_BASIC_DATA = (
    "第五部分 附件\n\n附件1\n\n2023年度部门整体支出绩效评价基础数据表\n\n"
    "财政供养人员情况（人）\t编制数\t2023年实际在职人数\t控制率\n\t21\t20\t95.24%\n"
    "经费控制情况（万元）\t2022年决算数\t2023年预算数\t2023年决算数\n"
    "三公经费\t15.00\t{}\t13.35\n1、公务用车购置和维护经费\t12.00\t12.00\t12.00\n2、出国经费\t\t\t\n"
    "3、公务接待\t3.00\t{}\t1.35\n\n"
)


@attrs.frozen
class _Other:
    """The other statement of a 基础数据表 figure: a table cell or a prose amount."""

    where: str  # how the message names it (`公开09表 预算数“公务接待费”`, `正文中公务接待费的预算`)
    value: Decimal
    span: Span
    written: str


@rule(
    "ZL210",
    "basic-data-vs-tables",
    Severity.WARNING,
    "A 三公 or 会议费、培训费 figure of the 基础数据表 (附件) differs from the 三公 table, the "
    "narrative or the 基本支出决算明细表.",
    """
    Hunan reports append a 部门整体支出绩效评价基础数据表 whose 经费控制情况 block restates the year's
    三公经费 (and its rows 公务用车购置和维护经费, 公车购置, 公车运行维护, 出国经费, 公务接待) and
    会议费、培训费, each as 预算数 and 决算数 of the report year. The columns are found by the header's
    words and year (`2023年预算数`, `2023年决算数`), never by position. The 三公 figures are compared
    with the 三公 table's 预算数 and 决算数 when it can be read, else with what the narrative states
    (`“三公”经费财政拨款支出预算为…`, `公务接待费支出决算…`; silent when any statement agrees). The
    会议费、培训费 决算数 is compared with rows 30215 会议费 + 30216 培训费 of the 06表; as with ZL206, a
    figure above the table is reported only when nothing but 一般公共预算财政拨款基本支出 can have
    paid for meetings and training. A blank cell is not a zero and is not compared.

    Reported as a warning, not an error: the 基础数据表 is filled in separately from the standard
    tables and its 预算数 may be another budget figure (the 年初预算 where the 三公 table gives the
    adjusted 全年预算数), so the message says so; but the document does not say which it is, and the
    same year's budget stated twice with two values is what a reader will notice.
    """,
    bad=_THREE_PUBLIC_TABLE + _BASIC_DATA.format("17.00", "5.00"),
    good=_THREE_PUBLIC_TABLE + _BASIC_DATA.format("13.35", "1.35"),
)
def basic_data_vs_tables(context: LintContext) -> Iterator[Finding]:
    blocks = control_blocks_of(context)
    if not blocks:
        return
    for block in blocks:
        for figure in block.figures:
            if figure.subject == _MEETINGS:
                finding = _meetings_finding(context, block.year, figure)
                if finding is not None:
                    yield finding
                continue
            for role, stated in ((Role.BUDGET, figure.budget), (Role.ACTUAL, figure.actual)):
                if stated is not None:
                    finding = _three_public_finding(context, block.year, figure, role, stated)
                    if finding is not None:
                        yield finding


def _control_said(figure: ControlFigure, year: int, column: str, stated: Figure) -> str:
    return f"附件基础数据表“{compact(figure.label.text)}”{year}年{column}为 {compact(stated.cell.text)}万元"


def _three_public_finding(
    context: LintContext, year: int, figure: ControlFigure, role: Role, stated: Figure
) -> Finding | None:
    others = _three_public_others(context, figure.subject, role)
    if not others or any(
        amounts_agree(stated.value, other.value, context.tolerance) is not Verdict.WRONG for other in others
    ):
        return None  # nothing to compare with, or a statement that agrees
    other = others[0]
    column = "预算数" if role is Role.BUDGET else "决算数"
    message = (
        f"{_control_said(figure, year, column, stated)}，{other.where}为 {other.written}万元，两处不一致"
    )
    if role is Role.BUDGET:
        # The reviewers' caveat: the form may give the 年初预算 where the others give the adjusted one.
        message += "；两者可能是不同口径的预算数（如年初预算数与调整后的全年预算数），但文件没有说明"
    related = (RelatedSpan(other.span, f"{other.where} {other.written}"),)
    return Finding(stated.cell.span, message, related=related)


def _three_public_others(context: LintContext, subject: str, role: Role) -> list[_Other]:
    """The 三公 table's cell for ``subject`` when the table can be read, else the prose amounts."""
    tables = tables_of(context)
    table = tables.get(TableKind.THREE_PUBLIC)
    model = tables.three_public()
    if table is not None and model is not None and table.readable and table.problem is None:
        group = model.budget if role is Role.BUDGET else model.actual
        if group is not None:
            cell = group.cell(_CONTROL_FIELDS[subject])
            if cell.value is None:
                return []  # blank in the table: nothing stated there either
            label = "预算数" if role is Role.BUDGET else "决算数"
            where = f"{table.name} {label}“{subject}”"
            return [_Other(where, cell.value * table.scale, cell.span, cell.text.strip())]
    words = "预算" if role is Role.BUDGET else "决算"
    return [
        _Other(f"正文中{subject}的{words}", amount.value, amount.span, _written(amount.number))
        for amount in claims_of(context).amounts
        if amount.subject == subject
        and amount.role is role
        and _plain_three_public(amount, context.report_year)
    ]


def _plain_three_public(amount: Amount, year: int | None) -> bool:
    """The unit's own 三公 figure of the year: in 万元, of all funds or 财政拨款, not a project's."""
    if amount.unit != "万元" or amount.scope not in ("", "财政拨款") or _is_portion_section(amount.section):
        return False
    return year is None or amount.year in (None, year)


def _meetings_finding(context: LintContext, year: int, figure: ControlFigure) -> Finding | None:
    stated = figure.actual
    tables = tables_of(context)
    detail = tables.get(TableKind.BASIC_DETAIL)
    economic = tables.economic()
    if stated is None or detail is None or economic is None or detail.problem is not None:
        return None
    items = [economic.item(code) for code in _COST_CODES.values()]
    if any(item is None or item.amount.value is None for item in items):
        return None  # an item missing or blank: the sum is not known
    found = [item for item in items if item is not None]
    table = sum((item.value for item in found), ZERO) * detail.scale
    if amounts_agree(stated.value, table, context.tolerance) is not Verdict.WRONG:
        return None
    if stated.value > table and _paid_elsewhere(tables):
        return None  # other money may have paid the difference (as ZL206)
    names = "与".join(f"“{item.title}”" for item in found)
    said = _control_said(figure, year, "决算数", stated)
    message = f"{said}，{detail.name}{names}合计为 {fmt(table, 2)}万元，两处不一致"
    if stated.value < table:
        message += "：附件的数小于表中仅由基本支出（一般公共预算财政拨款）开支的部分"
    related = tuple(RelatedSpan(item.amount.span, f"{item.title} {item.amount.text}") for item in found)
    return Finding(stated.cell.span, message, related=related)
