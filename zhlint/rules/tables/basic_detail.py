"""ZL305 basic-detail-sum: in the 基本支出决算明细表, a 3-digit item or a 经费合计 against its items."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from zhlint.diagnostics import Severity
from zhlint.document.segment import Cell
from zhlint.read.numbers import (
    ZERO,
    Tolerance,
    Verdict,
    check_sum,
    fmt,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.rules.tables._common import (
    CONTRIBUTION_PAIRS,
    Part,
    adds_up,
    as_findings,
    same_unit,
    sum_finding,
    table_name,
    value_of,
)
from zhlint.tables.model import (
    PERSONNEL_CODES,
    PUBLIC_CODES,
    THREE_PUBLIC_LABELS,
    EconomicItem,
    EconomicTable,
    StandardTable,
    TableKind,
)

_DETAIL_HEADER = "一般公共预算财政拨款基本支出决算明细表\n人员经费\t\t\n科目代码\t科目名称\t决算数\n"


_DETAIL_ROWS = "30302\t退休费\t4.00\n30307\t医疗费补助\t1.18"


@rule(
    "ZL305",
    "basic-detail-sum",
    Severity.ERROR,
    "基本支出决算明细表中，某个 3 位科目或经费合计不等于其下各项之和。",
    """
    在一般公共预算财政拨款基本支出决算明细表中，每个 3 位科目（301 工资福利支出、302 商品和服务支出、…）
    等于其下 5 位科目之和；人员经费合计 = 301 + 303，公用经费合计 = 302 + 307 + 310 + 399；预算的经济分类
    预算表每行分列 合计、人员经费、公用经费 时，合计 = 人员经费 + 公用经费。舍入能解释的
    差额报告为提示。下级各项都作为相关位置列出；提示信息说明 3 位科目与其经费合计是否相符（相符则错在下
    级各项），只有当另一张表写有某一项（三公决算数、05表的缴费项）且按那里的数字合计就成立时，才指出该
    项。
    """,
    bad=_DETAIL_HEADER + "303\t对个人和家庭的补助\t6.18\n" + _DETAIL_ROWS,
    good=_DETAIL_HEADER + "303\t对个人和家庭的补助\t5.18\n" + _DETAIL_ROWS,
    summary_en="In the 基本支出决算明细表, a 3-digit item or a 经费合计 is not the sum of its items.",
)
def basic_detail_sum(context: LintContext) -> Iterator[Finding]:
    # Every table of the kind: a budget may give the 基本支出 by economic code twice (财政拨款 and
    # 一般公共预算, Jiangsu), each adding up on its own.
    counterparts: dict[str, Counterpart] | None = None
    for table in context.tables.standard:
        if table.kind is TableKind.BASIC_DETAIL and table.readable and isinstance(table.model, EconomicTable):
            if counterparts is None:
                counterparts = _item_counterparts(context)
            yield from _basic_detail_sums(context, table, table.model, counterparts)


def _basic_detail_sums(
    context: LintContext, table: StandardTable, model: EconomicTable, counterparts: dict[str, Counterpart]
) -> Iterator[Finding]:
    for item in model.items:
        if len(item.code) != 3:
            continue
        children = [
            child for child in model.items if len(child.code) == 5 and child.code.startswith(item.code)
        ]
        if not children or adds_up(item.amount, (child.value for child in children)):
            continue
        parts = [Part(child.title, child.amount, child.value) for child in children]
        broken = sum_finding(
            f"{table.name} {item.title}",
            "预算数" if table.budget else "决算数",
            item.amount,
            parts,
            context.tolerance,
            "明细之和",
            listed=None,
        )
        if broken is not None:
            yield _where_the_difference_lies(broken, model, item, children, counterparts, context.tolerance)
    for total, codes, label in (
        (model.personnel_total, PERSONNEL_CODES, "人员经费合计"),
        (model.public_total, PUBLIC_CODES, "公用经费合计"),
    ):
        items = [found for code in codes if (found := model.item(code)) is not None]
        if total is None or model.item(codes[0]) is None:
            continue  # without 301 (302) the group was not read: a part of the table is missing
        parts = [Part(item.title, item.amount, item.value) for item in items]
        yield from as_findings(sum_finding(table.name, label, total, parts, context.tolerance))
    yield from _split_rows(table.name, model, context.tolerance)


def _split_rows(name: str, model: EconomicTable, tolerance: Tolerance) -> Iterator[Finding]:
    """A budget's table that splits each row (合计 | 人员经费 | 公用经费): 合计 = 人员经费 + 公用经费."""
    for item in model.items:
        if not item.parts or adds_up(item.amount, (value_of(cell) for cell in item.parts)):
            continue
        parts = [
            Part(column, cell, value_of(cell))
            for column, cell in zip(("人员经费", "公用经费"), item.parts, strict=False)
        ]
        yield from as_findings(
            sum_finding(f"{name} {item.title}", "合计", item.amount, parts, tolerance, "各列之和")
        )


@attrs.frozen
class Counterpart:
    """Another table's statement of the amount of a 5-digit 06表 item."""

    label: str  # where it is stated, for the message
    cell: Cell


def _item_counterparts(context: LintContext) -> dict[str, Counterpart]:
    """06表 items that another table in the same unit states on its own.

    None of these is a strict identity (the 三公 table includes 项目支出; a 05表 项 may include
    retirees or several units), so a counterpart is used only as evidence: when putting its value
    in place of the item's makes a broken 3-digit sum hold.
    """
    tables = context.tables
    found: dict[str, Counterpart] = {}
    three_public = tables.three_public()
    if (
        three_public is not None
        and three_public.actual is not None
        and same_unit(context, TableKind.BASIC_DETAIL, TableKind.THREE_PUBLIC)
    ):
        name = table_name(context, TableKind.THREE_PUBLIC)
        for code, field in (
            ("30212", "abroad"),
            ("30217", "reception"),
            ("30231", "vehicle_operation"),
            ("31013", "vehicle_purchase"),
        ):
            found[code] = Counterpart(
                f"{name} 决算数 {THREE_PUBLIC_LABELS[field]}", three_public.actual.cell(field)
            )
    budget = tables.coded(TableKind.GENERAL_BUDGET)
    if budget is not None and same_unit(context, TableKind.BASIC_DETAIL, TableKind.GENERAL_BUDGET):
        name = table_name(context, TableKind.GENERAL_BUDGET)
        for item_code, row_codes in CONTRIBUTION_PAIRS:
            rows = [row for code in row_codes if (row := budget.row(code)) is not None]
            cell = rows[0].cell("基本支出") if len(rows) == 1 else None
            if cell is not None and rows[0].value("基本支出") == rows[0].value("小计"):
                found[item_code] = Counterpart(f"{name} {rows[0].title} 基本支出", cell)
    return found


def _where_the_difference_lies(
    finding: Finding,
    model: EconomicTable,
    item: EconomicItem,
    children: Sequence[EconomicItem],
    counterparts: dict[str, Counterpart],
    tolerance: Tolerance,
) -> Finding:
    """Say whether the 3-digit item or one of its items is the likelier culprit, when the table shows it.

    The item is checked once more against its 经费合计: if the 合计 holds with the item as stated
    (and not with the sum of its items), the difference lies among the items; if it holds with the
    sum of the items instead, the item itself is probably wrong. Among the items, one is named only
    when another table states it (see :func:`_item_counterparts`) and its value there makes the sum
    hold exactly; otherwise no single item is blamed, and all of them are the related spans.
    """
    if finding.severity is Severity.INFO:
        return finding  # a rounding difference: no cell is wrong
    computed = sum((child.value for child in children), ZERO)
    notes: list[str] = []
    related = list(finding.related)
    group = _group_check(model, item, computed, tolerance)
    if group is not None:
        notes.append(group[0])
    if group is None or group[1]:
        suspect = _single_suspect(item, children, counterparts, tolerance)
        if suspect is not None:
            child, counterpart = suspect
            notes.append(
                f"{counterpart.label} 为 {fmt(value_of(counterpart.cell))}，"
                f"若 {child.title} 取此数，明细之和与 {fmt(item.value)} 相符：{child.title} 这一格可能有误"
            )
            related = [
                RelatedSpan(child.amount.span, f"{child.title} {fmt(child.value)}（可能有误）"),
                RelatedSpan(counterpart.cell.span, f"{counterpart.label} {fmt(value_of(counterpart.cell))}"),
                *(entry for entry in related if entry.span != child.amount.span),
            ]
    if not notes:
        return finding
    return attrs.evolve(finding, message=f"{finding.message}；{'；'.join(notes)}", related=tuple(related))


def _group_check(
    model: EconomicTable, item: EconomicItem, computed: Decimal, tolerance: Tolerance
) -> tuple[str, bool] | None:
    """What the 经费合计 of ``item`` supports: the item as stated (True) or the sum of its items (False)."""
    for total, codes, label in (
        (model.personnel_total, PERSONNEL_CODES, "人员经费合计"),
        (model.public_total, PUBLIC_CODES, "公用经费合计"),
    ):
        if item.code not in codes or total is None:
            continue
        others = [
            other.value for code in codes if code != item.code and (other := model.item(code)) is not None
        ]
        as_stated = check_sum(value_of(total), [item.value, *others], tolerance).verdict
        as_summed = check_sum(value_of(total), [computed, *others], tolerance).verdict
        if as_stated is not Verdict.WRONG and as_summed is Verdict.WRONG:
            return f"{item.title} 与{label}相符，差错更可能在明细中", True
        if as_summed is not Verdict.WRONG and as_stated is Verdict.WRONG:
            note = (
                f"若 {item.title} 取明细之和 {fmt(computed)}，{label}也相符：更可能是 {item.title} 本身有误"
            )
            return note, False
    return None


def _single_suspect(
    item: EconomicItem,
    children: Sequence[EconomicItem],
    counterparts: dict[str, Counterpart],
    tolerance: Tolerance,
) -> tuple[EconomicItem, Counterpart] | None:
    """The one item whose value elsewhere makes the sum hold exactly; None unless exactly one does."""
    fits = []
    for child in children:
        counterpart = counterparts.get(child.code)
        if counterpart is None or counterpart.cell.value is None or counterpart.cell.value == child.value:
            continue
        values = [counterpart.cell.value if other is child else other.value for other in children]
        if check_sum(item.value, values, tolerance).verdict is not Verdict.WRONG:
            fits.append((child, counterpart))
    return fits[0] if len(fits) == 1 else None
