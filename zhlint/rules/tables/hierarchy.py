"""ZL302 table-code-hierarchy: a 类 or 款 row against the rows below it, 合计 against the 类."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    ZERO,
    SumCheck,
    Tolerance,
    Verdict,
    check_sum,
    fmt,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.rules.tables._common import Part, adds_up, readable_tables, sum_finding, value_of
from zhlint.tables.model import (
    CodedRow,
    CodedTable,
    StandardTable,
)

_BUDGET_HEADER = "一般公共预算财政拨款支出决算表\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"


_PENSION_ROWS = (
    "2080502\t事业单位离退休\t4.00\t4.00\t0.00\n"
    "2080505\t机关事业单位基本养老保险缴费支出\t29.44\t29.44\t0.00\n"
    "2080506\t机关事业单位职业年金缴费支出\t14.32\t14.32\t0.00"
)


@rule(
    "ZL302",
    "table-code-hierarchy",
    Severity.ERROR,
    "类或款行不等于其下各行之和，或合计不等于各类之和。",
    """
    在按科目代码排列的表中，类（3 位）等于其下各款（5 位）之和，款等于其下各项（7 位）之和（凡已列出
    的）；合计行等于各类行之和（表中只列项时，等于所列各行之和，顺序不限）。每个金额列都检查。每个金额舍
    入到 0.01 万元就能解释的差额报告为提示。下级各行都作为相关位置列出；提示信息说明上级行与它自己的上级
    是否相符（相符则错在下级行），当某一行自身各列也差同样的数时指出该行。
    """,
    bad=_BUDGET_HEADER + "20805\t行政事业单位养老支出\t57.76\t57.76\t0.00\n" + _PENSION_ROWS,
    good=_BUDGET_HEADER + "20805\t行政事业单位养老支出\t47.76\t47.76\t0.00\n" + _PENSION_ROWS,
    summary_en="A 类 or 款 row is not the sum of the rows below it, or 合计 is not the sum of the 类.",
)
def table_code_hierarchy(context: LintContext) -> Iterator[Finding]:
    for table in readable_tables(context):
        if isinstance(table.model, CodedTable):
            yield from _hierarchy(table, table.model, context.tolerance)


def _hierarchy(table: StandardTable, model: CodedTable, tolerance: Tolerance) -> Iterator[Finding]:
    children, top = model.children_by_parent()
    upper: dict[str, tuple[CodedRow, Sequence[CodedRow]]] = {}  # a row's parent and its siblings
    for code, rows in children.items():
        parent = model.row(code)
        if parent is not None:
            upper.update((row.code or "", (parent, rows)) for row in rows)
    if model.total is not None:
        for row in top:
            upper[row.code or ""] = (model.total, top)
    for row in model.rows:
        if row.code and row.code in children:
            level = "类" if len(row.code) == 3 else "款"
            finding = _parent_check(
                table,
                model,
                row,
                children[row.code],
                tolerance,
                f"{level} ",
                "其下各行之和",
                upper.get(row.code),
            )
            if finding is not None:
                yield finding
    if model.total is not None and top:
        finding = _parent_check(table, model, model.total, top, tolerance, "", "各类之和")
        if finding is not None:
            yield finding


def _parent_check(
    table: StandardTable,
    model: CodedTable,
    parent: CodedRow,
    rows: Sequence[CodedRow],
    tolerance: Tolerance,
    level: str,
    parts_label: str,
    upper: tuple[CodedRow, Sequence[CodedRow]] | None = None,
) -> Finding | None:
    """One finding for a parent row, covering every column whose sum does not hold."""
    findings = []
    for column in model.columns:
        total = parent.cell(column)
        if total is None or adds_up(total, (row.value(column) or ZERO for row in rows)):
            continue
        parts = [Part(row.code or row.name, row.cell(column), row.value(column) or ZERO) for row in rows]
        subject = f"{table.name} {level}{parent.title}".replace("  ", " ")
        finding = sum_finding(subject, column, total, parts, tolerance, parts_label, listed=None)
        if finding is not None and finding.severity is None:
            finding = _coded_evidence(finding, model, parent, rows, column, upper, tolerance)
        if finding is not None:
            findings.append(finding)
    return merge(findings)


def _coded_evidence(
    finding: Finding,
    model: CodedTable,
    parent: CodedRow,
    rows: Sequence[CodedRow],
    column: str,
    upper: tuple[CodedRow, Sequence[CodedRow]] | None,
    tolerance: Tolerance,
) -> Finding:
    """Say whether the parent or one of its rows is the likelier culprit, when the table shows it.

    The parent is checked against its own parent (a 款 against its 类, a 类 against 合计): if that
    sum holds with the parent as stated and not with the sum of its rows, the difference lies
    among the rows, and the other way round. A row is named only when its own columns are off by
    the same amount (本年支出合计 ≠ 基本支出 + 项目支出 + … by the difference), which makes its
    cell in this column the one that was changed.
    """
    own = check_sum(parent.value(column) or ZERO, [row.value(column) or ZERO for row in rows], tolerance)
    notes: list[str] = []
    related = list(finding.related)
    if upper is not None and (grand_total := upper[0].cell(column)) is not None:
        grand, siblings = upper
        values = [row.value(column) or ZERO for row in siblings]
        summed = [
            own.computed if row.code == parent.code else value
            for row, value in zip(siblings, values, strict=True)
        ]
        as_stated = check_sum(value_of(grand_total), values, tolerance).verdict
        as_summed = check_sum(value_of(grand_total), summed, tolerance).verdict
        if as_stated is not Verdict.WRONG and as_summed is Verdict.WRONG:
            notes.append(f"{parent.title} 与{grand.title}相符，差错更可能在其下各行")
        elif as_summed is not Verdict.WRONG and as_stated is Verdict.WRONG:
            notes.append(
                f"若 {parent.title} 取其下各行之和 {fmt(own.computed)}，{grand.title}也相符："
                f"更可能是 {parent.title} 本身有误"
            )
    suspects = [(row, off) for row in rows if (off := _row_off_by(model, row, column, own, tolerance))]
    if len(suspects) == 1 and (cell := suspects[0][0].cell(column)) is not None:
        row, off = suspects[0]
        notes.append(
            f"{row.title} 的{model.total_column}与各列之和也相差 {fmt(off.difference)}："
            f"{row.title} 的“{column}”这一格可能有误"
        )
        related = [
            RelatedSpan(cell.span, f"{row.title} {column} {fmt(value_of(cell))}（可能有误）"),
            *(entry for entry in related if entry.span != cell.span),
        ]
    if not notes:
        return finding
    return attrs.evolve(finding, message=f"{finding.message}；{'；'.join(notes)}", related=tuple(related))


def _row_off_by(
    model: CodedTable, row: CodedRow, column: str, parent: SumCheck, tolerance: Tolerance
) -> SumCheck | None:
    """``row``'s own sum when it is off by what its ``column`` cell would explain in the parent."""
    if column != model.total_column and column not in model.part_columns:
        return None
    total = row.cell(model.total_column)
    parts = [row.value(part) or ZERO for part in model.part_columns if row.cell(part) is not None]
    if total is None or not parts:
        return None
    check = check_sum(value_of(total), parts, tolerance)
    if check.verdict is not Verdict.WRONG:
        return None
    # A part cell written e too high: the parent's sum and the row's columns are both short by e;
    # the total cell written e too high: the parent's sum is short by e, the row's columns over.
    expected = parent.difference if column != model.total_column else -parent.difference
    return check if abs(check.difference - expected) <= parent.allowed + check.allowed else None


def merge(findings: Sequence[Finding]) -> Finding | None:
    """Several columns of one row: one finding at the first, as severe as the worst."""
    if not findings:
        return None
    errors = [finding for finding in findings if finding.severity is None]
    first = (errors or list(findings))[0]
    if len(findings) == 1:
        return first
    others = "；".join(finding.message for finding in findings if finding is not first)
    return attrs.evolve(first, message=f"{first.message}；另：{others}")
