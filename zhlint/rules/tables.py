"""ZL3xx: arithmetic inside and across the standard tables.

Every identity of the national template is checked with :func:`zhlint.read.numbers.check_sum`: a
difference that the rounding of each amount to 0.01 万元 can explain (the tables' own note
本套报表金额单位转换时可能存在尾数误差) is reported as info and says so; anything larger is an error.
Tables that could not be read are reported once (ZL004) and skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

import attrs

from zhlint.diagnostics import Severity
from zhlint.document.segment import Cell
from zhlint.read.numbers import (
    HUNDRED,
    ZERO,
    SumCheck,
    Tolerance,
    Verdict,
    amounts_agree,
    check_percent,
    check_sum,
    fmt,
    round_half_up,
    score_rounding,
)
from zhlint.read.text import compact
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.tables.appendix import Figure, FundBlock, FundRow, ListedSum, ScoreBlock, cell_amount
from zhlint.tables.model import (
    CATEGORY_NAMES,
    PERSONNEL_CODES,
    PUBLIC_CODES,
    THREE_PUBLIC_LABELS,
    BalanceLine,
    BalanceTable,
    CodedRow,
    CodedTable,
    EconomicItem,
    EconomicTable,
    LineRole,
    StandardTable,
    TableKind,
    ThreePublicGroup,
)

_MAX_LISTED_PARTS = 8  # longer sums are shown as the first parts and a count

# Small tables for the rules' examples (tab-separated, as the extracted reports have them).
_EXPENDITURE_HEADER = (
    "支出决算表\n科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出\t"
    "上缴上级支出\t经营支出\t对附属单位补助支出\n"
)
_BUDGET_HEADER = "一般公共预算财政拨款支出决算表\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
_PENSION_ROWS = (
    "2080502\t事业单位离退休\t4.00\t4.00\t0.00\n"
    "2080505\t机关事业单位基本养老保险缴费支出\t29.44\t29.44\t0.00\n"
    "2080506\t机关事业单位职业年金缴费支出\t14.32\t14.32\t0.00"
)
_DETAIL_HEADER = "一般公共预算财政拨款基本支出决算明细表\n人员经费\t\t\n科目代码\t科目名称\t决算数\n"
_DETAIL_ROWS = "30302\t退休费\t4.00\n30307\t医疗费补助\t1.18"
_THREE_PUBLIC_HEADER = (
    "财政拨款“三公”经费支出决算表\n"
    "预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
    "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\n"
)


def _summary_example(item: str, total: str, label: str = "一、一般公共服务支出\t32") -> str:
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
    listed: int | None = _MAX_LISTED_PARTS,
) -> Finding | None:
    """A finding when ``parts`` do not add up to ``total``; None when they do exactly.

    The message shows at most :data:`_MAX_LISTED_PARTS` addends; ``listed`` bounds the related
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
    text = " + ".join(shown[:_MAX_LISTED_PARTS]) or "0"
    if len(shown) > _MAX_LISTED_PARTS:
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


# ---------------------------------------------------------------------------------------------
# ZL301: column identities within a row, and the tables that could not be read (ZL004)


@rule(
    "ZL301",
    "table-row-identity",
    Severity.ERROR,
    "In a row of a standard table, the total column is not the sum of its parts.",
    """
    In 收入决算表 本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + … in every row; in
    支出决算表 本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出;
    in the 一般公共预算财政拨款支出决算表 小计 = 基本支出 + 项目支出; in the 财政拨款收入支出决算总表
    合计 = 一般公共预算 + 政府性基金 + 国有资本经营. A row that breaks this has a mistyped cell.
    Differences that the rounding of each amount to 0.01 万元 explains are reported as info.
    This rule also reports (as ZL004) a standard table that could not be read, and why.
    """,
    bad=_EXPENDITURE_HEADER + "201\t一般公共服务支出\t428.48\t418.68\t19.80\t0.00\t0.00\t0.00",
    good=_EXPENDITURE_HEADER + "201\t一般公共服务支出\t428.48\t418.68\t9.80\t0.00\t0.00\t0.00",
)
def table_row_identity(context: LintContext) -> Iterator[Finding]:
    yield from unreadable_tables(context)
    for table in readable_tables(context):
        if isinstance(table.model, CodedTable):
            yield from _coded_row_identities(table, table.model, context.tolerance)
        elif isinstance(table.model, BalanceTable) and table.kind is TableKind.FISCAL_SUMMARY:
            yield from _fund_identities(table, table.model, context.tolerance)


def unreadable_tables(context: LintContext) -> Iterator[Finding]:
    for table in context.tables.standard:
        if table.problem is None:
            continue
        yield Finding(
            table.table.span if not table.table.rows else table.table.rows[0].span,
            f"{table.name}（{table.kind.title}）无法完整读取：{table.problem}。与之有关的检查已跳过",
            code="ZL004",
        )


def _coded_row_identities(table: StandardTable, model: CodedTable, tolerance: Tolerance) -> Iterator[Finding]:
    for row in (model.total, *model.rows) if model.total else model.rows:
        total = row.cell(model.total_column)
        if total is None or adds_up(total, (value_of(row.cell(column)) for column in model.part_columns)):
            continue
        parts = [
            Part(column, row.cell(column), value_of(row.cell(column)))
            for column in model.part_columns
            if row.cell(column) is not None
        ]
        finding = sum_finding(
            f"{table.name} {row.title}", model.total_column, total, parts, tolerance, "各列之和"
        )
        if finding is not None:
            yield finding


def _fund_identities(table: StandardTable, model: BalanceTable, tolerance: Tolerance) -> Iterator[Finding]:
    total_column, *fund_columns = model.expenditure_columns
    for line in model.expenditure:
        total = line.cell(total_column)
        if total is None or not fund_columns:
            continue
        if adds_up(total, (line.value(column) or ZERO for column in fund_columns)):
            continue
        parts = [Part(column, line.cell(column), line.value(column) or ZERO) for column in fund_columns]
        finding = sum_finding(
            f"{table.name} {line.label}", total_column, total, parts, tolerance, "三项资金之和"
        )
        if finding is not None:
            yield finding


# ---------------------------------------------------------------------------------------------
# ZL302: the code hierarchy


@rule(
    "ZL302",
    "table-code-hierarchy",
    Severity.ERROR,
    "A 类 or 款 row is not the sum of the rows below it, or 合计 is not the sum of the 类.",
    """
    In the tables by 科目代码 a 类 (3 digits) equals the sum of its 款 (5 digits) and a 款 the sum
    of its 项 (7 digits), where they are listed; the 合计 row equals the sum of the 类 rows (or of
    the listed rows when a table lists only 项, in any order). Checked in every amount column.
    Differences that the rounding of each amount to 0.01 万元 explains are reported as info.
    Every row below is a related span; the message says whether the parent agrees with its own
    parent (so the rows are off) or not, and names a row when its own columns are off by the
    same difference.
    """,
    bad=_BUDGET_HEADER + "20805\t行政事业单位养老支出\t57.76\t57.76\t0.00\n" + _PENSION_ROWS,
    good=_BUDGET_HEADER + "20805\t行政事业单位养老支出\t47.76\t47.76\t0.00\n" + _PENSION_ROWS,
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


# ---------------------------------------------------------------------------------------------
# ZL303: the balance of the 01/04 summary tables


@rule(
    "ZL303",
    "summary-table-balance",
    Severity.ERROR,
    "The 收入支出决算总表 does not balance: 合计 or 总计 lines are not the sum of their lines.",
    """
    In the 收入支出决算总表 (01) and the 财政拨款收入支出决算总表 (04): 本年收入合计 is the sum of the
    income lines and 本年支出合计 the sum of the 类 lines; 总计 = 本年收入合计 + 使用非财政拨款结余 +
    年初结转和结余 on the income side and 本年支出合计 + 结余分配 + 年末结转和结余 on the expenditure
    side; and the two 总计 are equal. Differences that rounding explains are reported as info.
    """,
    bad=_summary_example("526.36", "536.36"),
    good=_summary_example("526.36", "526.36"),
)
def summary_table_balance(context: LintContext) -> Iterator[Finding]:
    for table in readable_tables(context):
        if isinstance(table.model, BalanceTable):
            yield from _balance(table, table.model, context.tolerance)


def _balance(table: StandardTable, model: BalanceTable, tolerance: Tolerance) -> Iterator[Finding]:
    name = table.name
    sides = (
        ("收入", model.income, model.income_columns, (LineRole.USED_BALANCE, LineRole.OPENING)),
        ("支出", model.expenditure, model.expenditure_columns, (LineRole.DISTRIBUTION, LineRole.CLOSING)),
    )
    for side, lines, columns, balance_roles in sides:
        current = _first(lines, LineRole.CURRENT_TOTAL)
        grand = _first(lines, LineRole.GRAND_TOTAL)
        items = [line for line in lines if line.role is LineRole.ITEM]
        for column in columns:
            if (
                current is not None
                and items
                and current.cell(column) is not None
                and not adds_up(_cell(current, column), (line.value(column) or ZERO for line in items))
            ):
                parts = [_line_part(line, column) for line in items]
                found = sum_finding(
                    f"{name} {side}方{column}", current.label, _cell(current, column), parts, tolerance
                )
                yield from _some(found)
            if grand is not None and current is not None and grand.cell(column) is not None:
                balance = [line.value(column) or ZERO for line in lines if line.role in balance_roles]
                if adds_up(_cell(grand, column), [current.value(column) or ZERO, *balance]):
                    continue
                parts = [_line_part(current, column)] + [
                    _line_part(line, column) for line in lines if line.role in balance_roles
                ]
                found = sum_finding(
                    f"{name} {side}方{column}", "总计", _cell(grand, column), parts, tolerance
                )
                yield from _some(found)
    opening = _first(model.income, LineRole.OPENING)
    opening_parts = [line for line in model.income if line.role is LineRole.OPENING_PART]
    if opening is not None and opening_parts:
        parts = [_line_part(line, model.income_columns[0]) for line in opening_parts]
        column = model.income_columns[0]
        yield from _some(
            sum_finding(f"{name} 收入方", opening.label, _cell(opening, column), parts, tolerance)
        )
    yield from _grand_totals_agree(model, name, tolerance)


def _grand_totals_agree(model: BalanceTable, name: str, tolerance: Tolerance) -> Iterator[Finding]:
    income = _first(model.income, LineRole.GRAND_TOTAL)
    expenditure = _first(model.expenditure, LineRole.GRAND_TOTAL)
    if income is None or expenditure is None:
        return
    income_cell = income.cells[0][1] if income.cells else None
    expenditure_cell = expenditure.cells[0][1] if expenditure.cells else None
    if income_cell is None or expenditure_cell is None:
        return
    verdict = amounts_agree(value_of(income_cell), value_of(expenditure_cell), tolerance)
    if verdict is Verdict.OK:
        return
    rounding = verdict is Verdict.ROUNDING
    yield Finding(
        expenditure_cell.span,
        f"{name} 收入方总计 {fmt(value_of(income_cell))} 与支出方总计 "
        f"{fmt(value_of(expenditure_cell))} 不相等"
        + ("，相差在尾数误差范围内，仅供参考" if rounding else "，收支总计应当相等"),
        severity=Severity.INFO if rounding else None,
        related=(RelatedSpan(income_cell.span, f"收入方总计 {fmt(value_of(income_cell))}"),),
    )


def _first(lines: Sequence[BalanceLine], role: LineRole) -> BalanceLine | None:
    return next((line for line in lines if line.role is role), None)


def _line_part(line: BalanceLine, column: str) -> Part:
    return Part(line.label, line.cell(column), line.value(column) or ZERO)


def _cell(line: BalanceLine, column: str) -> Cell:
    cell = line.cell(column)
    return cell if cell is not None else line.label_cell


def _some(finding: Finding | None) -> Iterator[Finding]:
    if finding is not None:
        yield finding


# ---------------------------------------------------------------------------------------------
# ZL304: agreement between tables


@rule(
    "ZL304",
    "cross-table-mismatch",
    Severity.ERROR,
    "The same amount differs between two standard tables.",
    """
    The tables restate each other: 01表 本年收入合计 = 02表 合计, 01表 本年支出合计 = 03表 合计,
    each 类 of 01表 = the 类 in 03表; 04表 一般公共预算财政拨款 = 05表 (合计 and each 类);
    06表 人员经费合计 + 公用经费合计 = 05表 基本支出. Where 03/05表 list only 项, a 类 is the sum of
    its 项. A difference that rounding explains is reported as info. Contribution items of 06表
    that usually equal a 05表 项 (30108 = 2080505, 30109 = 2080506, 30113 住房公积金 = 2210201 …)
    are compared too, as info only: they are not a strict identity.
    """,
    bad=_summary_example("57.76", "57.76", "八、社会保障和就业支出\t39")
    + "\n\n"
    + _EXPENDITURE_HEADER
    + "208\t社会保障和就业支出\t47.76\t47.76\t0.00\t0.00\t0.00\t0.00",
    good=_summary_example("47.76", "47.76", "八、社会保障和就业支出\t39")
    + "\n\n"
    + _EXPENDITURE_HEADER
    + "208\t社会保障和就业支出\t47.76\t47.76\t0.00\t0.00\t0.00\t0.00",
)
def cross_table_mismatch(context: LintContext) -> Iterator[Finding]:
    tables = context.tables
    pairs = (
        (TableKind.SUMMARY, "金额", TableKind.EXPENDITURE, "本年支出合计"),
        (TableKind.FISCAL_SUMMARY, "一般公共预算财政拨款", TableKind.GENERAL_BUDGET, "小计"),
    )
    for summary_kind, summary_column, coded_kind, coded_column in pairs:
        summary, coded = tables.get(summary_kind), tables.get(coded_kind)
        if summary is None or coded is None or not summary.readable or not coded.readable:
            continue
        if summary.scale != coded.scale:
            continue  # one table in 元, the other in 万元: not compared cell by cell
        assert isinstance(summary.model, BalanceTable) and isinstance(coded.model, CodedTable)
        yield from _categories_agree(
            summary, summary.model, summary_column, coded, coded.model, coded_column, context.tolerance
        )
    yield from _totals_agree(context)


def _categories_agree(
    summary: StandardTable,
    balance: BalanceTable,
    column: str,
    coded: StandardTable,
    model: CodedTable,
    coded_column: str,
    tolerance: Tolerance,
) -> Iterator[Finding]:
    for line in balance.expenditure:
        cell = line.cell(column)
        if line.category is None or cell is None:
            continue
        parts = category_parts(model, line.category, coded_column)
        if parts is None:
            if value_of(cell) != ZERO:
                yield Finding(
                    cell.span,
                    f"{summary.name} {line.label} 为 {fmt(value_of(cell))}，"
                    f"{coded.name}中没有 {line.category} {CATEGORY_NAMES[line.category]} 的行",
                    severity=Severity.WARNING,
                )
            continue
        label = f"{coded.name} {line.category}"
        found = sum_finding(
            f"{summary.name} {line.label}与{label}", f"{summary.name}为", cell, parts, tolerance, coded.name
        )
        yield from _some(found)


def category_parts(model: CodedTable, category: str, column: str) -> list[Part] | None:
    """A 类 amount in a table by code: its own row, or the sum of its top-level rows (only 项 listed)."""
    row = model.row(category)
    if row is not None:
        return [Part(row.title, row.cell(column), row.value(column) or ZERO)]
    _, top = model.children_by_parent()
    rows = [row for row in top if row.code and row.code.startswith(category)]
    if not rows:
        return None
    return [Part(row.code or "", row.cell(column), row.value(column) or ZERO) for row in rows]


def _totals_agree(context: LintContext) -> Iterator[Finding]:
    tables = context.tables
    checks = (
        (TableKind.SUMMARY, "income", "金额", TableKind.INCOME, "本年收入合计"),
        (TableKind.SUMMARY, "expenditure", "金额", TableKind.EXPENDITURE, "本年支出合计"),
        (TableKind.FISCAL_SUMMARY, "expenditure", "一般公共预算财政拨款", TableKind.GENERAL_BUDGET, "小计"),
        (TableKind.FISCAL_SUMMARY, "income", "金额", TableKind.INCOME, "财政拨款收入"),
    )
    for summary_kind, side, column, coded_kind, coded_column in checks:
        balance, coded = tables.balance(summary_kind), tables.coded(coded_kind)
        if balance is None or coded is None or coded.total is None:
            continue
        if not _same_unit(context, summary_kind, coded_kind):
            continue
        line = balance.line(side, LineRole.CURRENT_TOTAL)
        other = coded.total.cell(coded_column)
        cell = line.cell(column) if line else None
        if line is None or cell is None or other is None:
            continue
        summary_name = _name(context, summary_kind)
        coded_name = _name(context, coded_kind)
        yield from _two_cells(
            f"{summary_name} {line.label}（{column}）",
            cell,
            f"{coded_name} 合计行“{coded_column}”",
            other,
            context.tolerance,
        )
    yield from _economic_total_agrees(context)
    yield from _contribution_pairs(context)


# 06表 items that usually equal a 05表 项 paid entirely from 基本支出 (social-insurance and
# housing-fund contributions). Not a strict identity (retirees, several units), so only info.
_CONTRIBUTION_PAIRS = (
    ("30108", ("2080505",)),
    ("30109", ("2080506",)),
    ("30111", ("2101103",)),
    ("30113", ("2210201",)),
    ("30110", ("2101101", "2101102")),
)


def _contribution_pairs(context: LintContext) -> Iterator[Finding]:
    tables = context.tables
    economic, budget = tables.economic(), tables.coded(TableKind.GENERAL_BUDGET)
    if economic is None or budget is None:
        return
    if not _same_unit(context, TableKind.BASIC_DETAIL, TableKind.GENERAL_BUDGET):
        return
    name_06, name_05 = _name(context, TableKind.BASIC_DETAIL), _name(context, TableKind.GENERAL_BUDGET)
    for item_code, row_codes in _CONTRIBUTION_PAIRS:
        item = economic.item(item_code)
        rows = [row for code in row_codes if (row := budget.row(code)) is not None]
        if item is None or len(rows) != 1:
            continue
        cell = rows[0].cell("基本支出")
        if cell is None or rows[0].value("基本支出") != rows[0].value("小计"):
            continue  # partly 项目支出: the 06表 item holds only the 基本支出 part
        if amounts_agree(item.value, value_of(cell), context.tolerance) is Verdict.OK:
            continue
        yield Finding(
            item.amount.span,
            f"{name_06} {item.title} 为 {fmt(item.value)}，{name_05} {rows[0].title} 为 "
            f"{fmt(value_of(cell))}，两者通常相等（不是严格的勾稽关系，仅供核对）",
            severity=Severity.INFO,
            related=(RelatedSpan(cell.span, f"{name_05} {rows[0].title} {fmt(value_of(cell))}"),),
        )


def _economic_total_agrees(context: LintContext) -> Iterator[Finding]:
    tables = context.tables
    economic, budget = tables.economic(), tables.coded(TableKind.GENERAL_BUDGET)
    if economic is None or budget is None or budget.total is None:
        return
    if not _same_unit(context, TableKind.BASIC_DETAIL, TableKind.GENERAL_BUDGET):
        return
    basic = budget.total.cell("基本支出")
    if basic is None or economic.personnel_total is None or economic.public_total is None:
        return
    parts = [
        Part("人员经费合计", economic.personnel_total, value_of(economic.personnel_total)),
        Part("公用经费合计", economic.public_total, value_of(economic.public_total)),
    ]
    name_06, name_05 = _name(context, TableKind.BASIC_DETAIL), _name(context, TableKind.GENERAL_BUDGET)
    found = sum_finding(
        f"{name_06} 人员经费合计 + 公用经费合计与{name_05} 基本支出",
        f"{name_05} 合计行基本支出",
        basic,
        parts,
        context.tolerance,
        name_06,
    )
    if found is not None:
        # Reported at the 06表 totals, where the difference arises; the 05表 cell is related.
        related = (RelatedSpan(basic.span, f"{name_05} 基本支出 {fmt(value_of(basic))}"), *found.related)
        yield attrs.evolve(found, span=economic.personnel_total.span, related=related)


def _same_unit(context: LintContext, first: TableKind, second: TableKind) -> bool:
    """Both tables in 万元 (or both in 元): only then are their cells compared directly."""
    tables = context.tables
    one, other = tables.get(first), tables.get(second)
    return one is not None and other is not None and one.scale == other.scale


def _name(context: LintContext, kind: TableKind) -> str:
    table = context.tables.get(kind)
    return table.name if table is not None else kind.short


def _two_cells(
    first_label: str, first: Cell, second_label: str, second: Cell, tolerance: Tolerance
) -> Iterator[Finding]:
    verdict = amounts_agree(value_of(first), value_of(second), tolerance)
    if verdict is Verdict.OK:
        return
    rounding = verdict is Verdict.ROUNDING
    yield Finding(
        first.span,
        f"{first_label} 为 {fmt(value_of(first))}，{second_label} 为 {fmt(value_of(second))}，"
        + ("相差在尾数误差范围内，仅供参考" if rounding else "两表应当一致"),
        severity=Severity.INFO if rounding else None,
        related=(RelatedSpan(second.span, f"{second_label} {fmt(value_of(second))}"),),
    )


# ---------------------------------------------------------------------------------------------
# ZL305: the economic classification (06表)


@rule(
    "ZL305",
    "basic-detail-sum",
    Severity.ERROR,
    "In the 基本支出决算明细表, a 3-digit item or a 经费合计 is not the sum of its items.",
    """
    In the 一般公共预算财政拨款基本支出决算明细表 each 3-digit item (301 工资福利支出, 302 商品和服务支出,
    …) equals the sum of its 5-digit items; 人员经费合计 = 301 + 303 and 公用经费合计 = 302 + 307 +
    310 + 399. Differences that rounding explains are reported as info. Every item below is a
    related span; the message says whether the 3-digit item agrees with its 经费合计 (so the items
    are off) or not, and names an item only when another table states it (三公 决算数, a 05表
    contribution 项) and its figure there makes the sum hold.
    """,
    bad=_DETAIL_HEADER + "303\t对个人和家庭的补助\t6.18\n" + _DETAIL_ROWS,
    good=_DETAIL_HEADER + "303\t对个人和家庭的补助\t5.18\n" + _DETAIL_ROWS,
)
def basic_detail_sum(context: LintContext) -> Iterator[Finding]:
    table = context.tables.get(TableKind.BASIC_DETAIL)
    if table is None or not table.readable or not isinstance(table.model, EconomicTable):
        return
    model = table.model
    counterparts = _item_counterparts(context)
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
            "决算数",
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
        yield from _some(sum_finding(table.name, label, total, parts, context.tolerance))


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
        and _same_unit(context, TableKind.BASIC_DETAIL, TableKind.THREE_PUBLIC)
    ):
        name = _name(context, TableKind.THREE_PUBLIC)
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
    if budget is not None and _same_unit(context, TableKind.BASIC_DETAIL, TableKind.GENERAL_BUDGET):
        name = _name(context, TableKind.GENERAL_BUDGET)
        for item_code, row_codes in _CONTRIBUTION_PAIRS:
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


# ---------------------------------------------------------------------------------------------
# ZL306: the 三公 table


@rule(
    "ZL306",
    "three-public-sum",
    Severity.ERROR,
    "In the 三公 table, 合计 or 公务用车购置及运行维护费 is not the sum of its parts.",
    """
    For 预算数 and for 决算数: 合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费, and
    公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费.
    """,
    bad=_THREE_PUBLIC_HEADER + "13.35\t0.00\t12.00\t0.00\t12.00\t2.35\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35",
    good=_THREE_PUBLIC_HEADER
    + "13.35\t0.00\t12.00\t0.00\t12.00\t1.35\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35",
)
def three_public_sum(context: LintContext) -> Iterator[Finding]:
    table = context.tables.get(TableKind.THREE_PUBLIC)
    model = context.tables.three_public()
    if table is None or model is None:
        return
    for label, group in (("预算数", model.budget), ("决算数", model.actual)):
        if group is not None:
            yield from _three_public_group(f"{table.name} {label}", group, context.tolerance)


def _three_public_group(subject: str, group: ThreePublicGroup, tolerance: Tolerance) -> Iterator[Finding]:
    for total_field, part_fields in (
        ("total", ("abroad", "vehicles", "reception")),
        ("vehicles", ("vehicle_purchase", "vehicle_operation")),
    ):
        parts = [
            Part(THREE_PUBLIC_LABELS[field], group.cell(field), value_of(group.cell(field)))
            for field in part_fields
        ]
        yield from _some(
            sum_finding(subject, THREE_PUBLIC_LABELS[total_field], group.cell(total_field), parts, tolerance)
        )


# ---------------------------------------------------------------------------------------------
# ZL307: irregular layout


@rule(
    "ZL307",
    "table-layout-irregular",
    Severity.INFO,
    "A standard table's layout is irregular (shifted 栏次 row, surplus cells, values off their labels).",
    """
    Extraction and hand-made templates shift cells: a 栏次 row whose numbers do not sit over the
    amount columns, data rows with more numbers than the header has columns (a code and its
    name merged into one cell), totals whose values stand on the line after their labels, an
    empty table with some cells 0.00 and others blank. zhlint reads such tables anyway; this
    note says where the layout should be tidied.
    """,
    bad=_EXPENDITURE_HEADER.replace("\n科目代码", "\n栏次\t1\t2\t3\t4\t5\t6\t\n科目代码", 0)
    + "栏次\t1\t2\t3\t4\t5\t6\t\n201\t一般公共服务支出\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00",
    good=_EXPENDITURE_HEADER
    + "栏次\t\t1\t2\t3\t4\t5\t6\n201\t一般公共服务支出\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00",
)
def table_layout_irregular(context: LintContext) -> Iterator[Finding]:
    for table in context.tables.standard:
        for note in table.layout:
            yield Finding(note.span, f"{table.name}：{note.message}")


# ---------------------------------------------------------------------------------------------
# ZL308: the scores of the 绩效自评表


_SCORE_TABLE = (
    "绩效指标\t一级指标\t二级指标\t三级指标\t分值\t得分\n"
    "\t产出指标（{}分）\t数量指标\t完成率\t60\t60\n"
    "\t满意度指标（40分）\t服务对象满意度指标\t满意度\t40\t{}\n总分\t\t\t\t100\t98\n"
)


@rule(
    "ZL308",
    "performance-score-sum",
    Severity.WARNING,
    "In a 绩效自评表, the 分值 or 得分 do not add up to the 总分 row or to a label like 产出指标（40分）.",
    """
    The 部门（单位）整体支出绩效自评表 and 项目支出绩效自评表 of the appendix give each indicator a
    分值 (weight) and a 得分 (score); the 总分 row holds their sums (分值 100). Where a 一级指标 is
    labelled with its 分值 (`产出指标（40分）`, `(50 分)`), the 分值 of its indicators add up to
    it. A difference means an indicator row is missing (often lost in extraction) or a score is
    wrong. These tables are often garbled, so the rule reads them by shape and reports a warning,
    not an error: rows are assigned to a 一级指标 by their 二级指标 names (数量指标 → 产出,
    社会效益指标 → 效益, …) wherever the label landed, and a label is checked only when it and
    its rows read unambiguously (not the last block of a table that stops before 总分). A row
    is read at the header's 分值 and 得分 columns (a blank 得分 is a zero); only a row visibly
    shifted (shorter than the header, or its 二级指标 name left of its column) is read by its
    last two numbers, and when a row could be either, the table's sums are not checked. A table
    that has 分值/得分 columns but no 总分 row is reported as info (probably cut off).
    """,
    bad=_SCORE_TABLE.format("50", "36"),
    good=_SCORE_TABLE.format("60", "38"),
)
def performance_score_sum(context: LintContext) -> Iterator[Finding]:
    for table in context.score_tables:
        yield from _block_sums(table.blocks)
        if table.total is None:
            last = table.table.rows[-1]
            yield Finding(
                last.span,
                "绩效自评表有“分值”“得分”列，但没有“总分”行，表格可能不完整",
                severity=Severity.INFO,
            )
            continue
        if table.unsure:
            continue  # a row was not read: its 分值 and 得分 are missing from the sums
        for label, total, cells in (
            ("分值", table.total.weight, [row.weight for row in table.rows]),
            ("得分", table.total.score, [row.score for row in table.rows]),
        ):
            yield from _score_sum(label, total, cells)


def _block_sums(blocks: Sequence[ScoreBlock]) -> Iterator[Finding]:
    for block in blocks:
        cells = [row.weight for row in block.rows]
        computed = sum((value_of(cell) for cell in cells), ZERO)
        if computed == block.weight:
            continue
        label = compact(block.label.text)
        yield Finding(
            block.label.span,
            f"绩效自评表“{label}”标明分值 {fmt(block.weight)}，其下（{block.group}指标）各指标分值之和为 "
            f"{fmt(computed)}（{_shown(cells)}，共 {len(cells)} 项），相差 {fmt(block.weight - computed)}；"
            "可能缺了指标行，或分值有误",
            related=tuple(RelatedSpan(cell.span, f"分值 {cell.text}") for cell in cells),
        )


def _shown(cells: Sequence[Cell]) -> str:
    return " + ".join(cell.text for cell in cells[:12]) + (" + …" if len(cells) > 12 else "")


def _score_sum(label: str, total: Cell, cells: Sequence[Cell]) -> Iterator[Finding]:
    computed = sum((value_of(cell) for cell in cells), ZERO)
    difference = value_of(total) - computed
    if difference == ZERO:
        return
    rounding = abs(difference) <= score_rounding(len(cells))  # scores are rounded to 0.1
    shown = _shown(cells)
    yield Finding(
        total.span,
        f"绩效自评表总分行“{label}”为 {total.text}，"
        f"各指标{label}之和为 {fmt(computed)}（{shown}，共 {len(cells)} 项），"
        f"相差 {fmt(difference)}" + ("，在得分舍入的范围内" if rounding else "；可能缺了指标行，或分数有误"),
        severity=Severity.INFO if rounding else None,
        related=tuple(RelatedSpan(cell.span, f"{label} {cell.text}") for cell in cells[:_MAX_LISTED_PARTS]),
    )


# ---------------------------------------------------------------------------------------------
# ZL309: 执行率 and 得分 of the 年度资金总额 row


_FUND_HEAD = "年度预算申请（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"


@rule(
    "ZL309",
    "performance-execution-rate",
    Severity.WARNING,
    "In a 绩效自评表, 执行率 is not 全年执行数 / 全年预算数, or 得分 is not 分值 × 执行率 (also 控制率).",
    """
    The 年度资金总额 row of the 部门整体支出 and 项目支出绩效自评表 states 年初预算数, 全年预算数,
    全年执行数, 分值, 执行率 and 得分. The form defines 执行率 = 全年执行数 / 全年预算数 (its 备注
    says so), and the 得分 of this row is 分值 × 执行率 (at most the 分值). A 执行率 computed
    against the 年初预算数 instead is reported with the rate the form asks for; a rate that is
    simply wrong is reported with the computation. A 得分 that is not 分值 × 执行率 is info unless
    the form's note states that rule (forms may score by bands). The row is read by its header's
    columns; when a figure is not where the header names it, nothing is checked. The 控制率 of
    the 基础数据表 (`编制数 | 实际在职人数 | 控制率`) is checked the same way: 实际在职人数 / 编制数.
    """,
    bad=_FUND_HEAD + "\t年度资金总额\t635.78\t526.36\t526.36\t10\t82.79%\t8.3",
    good=_FUND_HEAD + "\t年度资金总额\t635.78\t526.36\t526.36\t10\t100.00%\t10",
)
def performance_execution_rate(context: LintContext) -> Iterator[Finding]:
    for block in context.fund_blocks:
        row = block.total
        rate = row.get("执行率")
        if rate is None:
            continue
        yield from _execution_rate(row, rate, context.tolerance)
        yield from _score_by_rate(row, rate, block.score_by_rate)
    for staff in context.staff_rates:
        check = check_percent(staff.rate.value, staff.rate.places, staff.staff.value, staff.quota.value)
        if check.verdict in (Verdict.OK, Verdict.UNDEFINED):
            continue
        yield Finding(
            staff.rate.cell.span,
            f"基础数据表控制率 {staff.rate.cell.text}，而实际在职人数 {staff.staff.cell.text} / 编制数 "
            f"{staff.quota.cell.text} = {fmt(check.exact or ZERO, staff.rate.places)}%"
            + ("（表中是截断而非舍入）" if check.verdict is Verdict.TRUNCATED else "，数字不一致"),
            severity=Severity.INFO if check.verdict is Verdict.TRUNCATED else None,
            related=(
                RelatedSpan(staff.staff.cell.span, "实际在职人数"),
                RelatedSpan(staff.quota.cell.span, "编制数"),
            ),
        )


def _execution_rate(row: FundRow, rate: Figure, tolerance: Tolerance) -> Iterator[Finding]:
    budget, executed, planned = row.get("全年预算数"), row.get("全年执行数"), row.get("年初预算数")
    if budget is None or executed is None:
        return
    check = check_percent(rate.value, rate.places, executed.value, budget.value, tolerance)
    formula = f"全年执行数 {executed.cell.text} / 全年预算数 {budget.cell.text}"
    related = (RelatedSpan(executed.cell.span, "全年执行数"), RelatedSpan(budget.cell.span, "全年预算数"))
    if check.verdict is Verdict.OK:
        return
    if check.verdict is Verdict.UNDEFINED:
        yield Finding(rate.cell.span, f"绩效自评表执行率 {rate.cell.text}，但全年预算数为 0，执行率无从计算")
        return
    expected = f"{fmt(check.exact or ZERO, rate.places)}%"
    if check.verdict is Verdict.TRUNCATED:
        yield Finding(
            rate.cell.span,
            f"绩效自评表执行率 {rate.cell.text}：{formula} = {fmt(check.exact or ZERO, rate.places + 2)}%，"
            f"四舍五入应为 {expected}（表中是截断而非舍入）",
            severity=Severity.INFO,
            related=related,
        )
        return
    if planned is not None and planned.value != budget.value:
        against = check_percent(rate.value, rate.places, executed.value, planned.value, tolerance)
        if against.verdict is Verdict.OK:
            weight = row.get("分值")
            score = (
                f"，得分相应为 {fmt(weight.value * min(check.exact or ZERO, HUNDRED) / HUNDRED, 2)}"
                if weight is not None
                else ""
            )
            yield Finding(
                rate.cell.span,
                f"绩效自评表执行率 {rate.cell.text} 是全年执行数 {executed.cell.text} / 年初预算数 "
                f"{planned.cell.text}；按表式，执行率 = 全年执行数 / 全年预算数 = {executed.cell.text} / "
                f"{budget.cell.text} = {expected}{score}",
                related=(*related, RelatedSpan(planned.cell.span, "年初预算数")),
            )
            return
    yield Finding(
        rate.cell.span,
        f"绩效自评表执行率 {rate.cell.text}，而 {formula} = {expected}，数字不一致",
        related=related,
    )


def _score_by_rate(row: FundRow, rate: Figure, stated_rule: bool) -> Iterator[Finding]:
    weight, score = row.get("分值"), row.get("得分")
    if weight is None or score is None:
        return
    expected = weight.value * min(rate.value, HUNDRED) / HUNDRED
    if round_half_up(expected, score.places) == score.value or expected == score.value:
        return
    yield Finding(
        score.cell.span,
        f"绩效自评表得分 {score.cell.text}，而分值 {weight.cell.text} × 执行率 {rate.cell.text} = "
        f"{fmt(round_half_up(expected, max(score.places, 2)))}"
        + ("，与表注“得分 = 分值 × 执行率”不符" if stated_rule else "（若按分值 × 执行率计分）"),
        severity=None if stated_rule else Severity.INFO,
        related=(RelatedSpan(weight.cell.span, "分值"), RelatedSpan(rate.cell.span, "执行率")),
    )


# ---------------------------------------------------------------------------------------------
# ZL310: sums in the appendix tables


_BASIC_DATA_HEAD = "经费控制情况（万元）\t2022年决算数\t2023年预算数\t2023年决算数\n"
_BASIC_DATA_ROWS = (
    "项目支出：\t57.85\t80\t115.01\n1、业务工作经费\t\t\t70.31\n2、运行维护经费\t\t\t\n"
    "3、专项资金（一个专项一行）\t57.85\t80\t44.7\n党史及地方志工作经费\t7.2\t5.76\t4.32\n"
    "档案工作经费\t6.2\t4.96\t3.72\n区委机要保密外事财经专项\t11\t8.8\t8.8\n区委中心工作经费\t{}\t60.48\t27.86\n"
    "公用经费：\t85.51\t58.24\t75.27"
)


@rule(
    "ZL310",
    "appendix-table-sum",
    Severity.ERROR,
    "In an appendix table, listed parts (专项 one a row, numbered items, 资金来源) miss their total.",
    """
    The appendix tables state totals with their parts: the 部门整体支出绩效评价基础数据表 lists
    `项目支出` then `1、业务工作经费` `2、运行维护经费` `3、专项资金（一个专项一行）` and under the
    last one each 专项 on a row of its own; the 项目支出绩效自评表 gives the 年度资金总额 with its
    资金来源 (当年财政拨款, 上年结转, 其他资金); the 部门整体支出绩效自评表 splits the 年度资金总额
    按收入性质 (一般公共预算, 政府性基金, 其他资金) and 按支出性质 (基本支出, 项目支出). Each sum is
    checked per column; a difference that rounding to 0.01 can explain is info. The two
    breakdowns of the 年度资金总额 are a warning: each should give the 全年预算数 or the
    全年执行数, and the message says which breakdown fails. Numbered items are summed only
    under a row that announces them (`项目支出：`, `三公经费`, `合计`), and a list is only read
    when every amount of its rows stands in a column where the total has one. The form does
    not close the `一个专项一行` list: it ends at the next template row (`公用经费`, `政府采购金额`,
    `部门基本支出预算调整`, …), a numbered row, a row ending in `：` or `其中`; the first run of
    rows that adds up to the parent in every column is the list, and a list that does not add
    up is reported only when such a row ended it (not a page break or the table's end).
    """,
    bad=_BASIC_DATA_HEAD + _BASIC_DATA_ROWS.format("57.85"),
    good=_BASIC_DATA_HEAD + _BASIC_DATA_ROWS.format("33.45"),
)
def appendix_table_sum(context: LintContext) -> Iterator[Finding]:
    for listed in context.listed_sums:
        yield from _listed_sum(listed, context.tolerance)
    for block in context.fund_blocks:
        yield from _fund_sources(block, context.tolerance)
        yield from _breakdowns(block, context.tolerance)


def _listed_sum(listed: ListedSum, tolerance: Tolerance) -> Iterator[Finding]:
    parent_label = listed.parent.cells[0].text
    for column, name in listed.columns:
        total = cell_amount(listed.parent, column)
        if total is None:
            continue
        parts = []
        for row in listed.parts:
            figure = cell_amount(row, column)
            parts.append(
                Part(row.cells[0].text, figure.cell if figure else None, figure.value if figure else ZERO)
            )
        what = "所列各专项之和" if listed.kind == "逐项" else "所列各分项之和"
        yield from _some(
            sum_finding(
                "附表", f"“{parent_label}”（{name}）", total.cell, parts, tolerance, what, listed=None
            )
        )


_SOURCE_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")


def _fund_sources(block: FundBlock, tolerance: Tolerance) -> Iterator[Finding]:
    if len(block.sources) < 2:
        return
    for column in _SOURCE_COLUMNS:
        total = block.total.get(column)
        if total is None:
            continue
        parts = []
        for source in block.sources:
            figure = source.get(column)
            parts.append(
                Part(source.label, figure.cell if figure else None, figure.value if figure else ZERO)
            )
        yield from _some(
            sum_finding(
                "绩效自评表", f"年度资金总额（{column}）", total.cell, parts, tolerance, "各资金来源之和"
            )
        )


def _breakdowns(block: FundBlock, tolerance: Tolerance) -> Iterator[Finding]:
    totals = [
        (column, figure) for column in ("全年预算数", "全年执行数") if (figure := block.total.get(column))
    ]
    if not totals:
        return
    sums = {}
    for breakdown in block.breakdowns:
        values = [number.value if number else ZERO for _, number in breakdown.parts]
        sums[breakdown.side] = (breakdown, sum(values, ZERO))
        checks = [(column, figure, check_sum(figure.value, values, tolerance)) for column, figure in totals]
        if any(check.verdict is Verdict.OK for _, _, check in checks):
            continue
        column, figure, check = checks[-1] if breakdown.side == "支出" else checks[0]
        rounding = any(check.verdict is Verdict.ROUNDING for _, _, check in checks)
        addition = " + ".join(
            f"{label} {number.raw}" for label, number in breakdown.parts if number is not None
        )
        other = next((item for side, item in sums.items() if side != breakdown.side), None)
        yield Finding(
            breakdown.anchor,
            f"绩效自评表年度资金总额按{breakdown.side}性质分：{addition} = {fmt(check.computed)}，"
            f"与{column} {figure.cell.text} 相差 {fmt(check.difference)}"
            + (
                "，在尾数误差范围内"
                if rounding
                else (f"（按{other[0].side}性质分之和为 {fmt(other[1])}）" if other is not None else "")
            ),
            severity=Severity.INFO if rounding else Severity.WARNING,
            related=(
                RelatedSpan(figure.cell.span, column),
                *(RelatedSpan(number.span, label) for label, number in breakdown.parts if number is not None),
            ),
        )


# ---------------------------------------------------------------------------------------------
# ZL311: the 成本指标 target against the table's own budget


_PROJECT_HEAD = (
    "项目资金(万元)\t资金来源\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t5.76\t4.32\t4.32\t10\t100%\t10.00\n"
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
)


@rule(
    "ZL311",
    "performance-cost-target",
    Severity.WARNING,
    "A 成本指标 target amount is the table's budget with two digits swapped, or is a floor.",
    """
    The 成本指标 of a 绩效自评表 (经费控制数, 成本控制数) usually sets the year's budget as the
    ceiling of what the work may cost: `经费控制数 | ≤60.48 万元` where the 年度资金总额 row
    states 年初预算数 60.48. A target that is the 年初预算数 or 全年预算数 of the same table
    with two adjacent digits swapped (5.67 for 5.76) is almost certainly a slip and is a warning.
    A cost-control target written as a floor (`≥448.03 万元`) lets any overspending meet it; it
    should be a ceiling (≤), reported as info. Only rows under a 成本指标 (一级 or 二级:
    经济成本指标, …) are read, and savings (`节约成本 ≥5万元`, `降低成本`) are rightly floors and
    not read. Other targets are not judged.
    """,
    bad=_PROJECT_HEAD
    + "\t成本指标\t经济成本指标\t经费控制总额\t5.67 万元\t4.32 万元\t20\t20\n总分\t\t\t\t\t\t20\t20",
    good=_PROJECT_HEAD
    + "\t成本指标\t经济成本指标\t经费控制总额\t≤5.76 万元\t4.32 万元\t20\t20\n总分\t\t\t\t\t\t20\t20",
)
def performance_cost_target(context: LintContext) -> Iterator[Finding]:
    for block in context.fund_blocks:
        budgets = [
            (column, figure) for column in ("年初预算数", "全年预算数") if (figure := block.total.get(column))
        ]
        for target in block.cost_targets:
            values = {figure.value for _, figure in budgets}
            swapped = next(
                (
                    (column, figure)
                    for column, figure in budgets
                    if target.figure.value not in values and _transposed(target.figure, figure)
                ),
                None,
            )
            if swapped is not None:
                column, figure = swapped
                yield Finding(
                    target.figure.cell.span,
                    f"绩效自评表成本指标“{target.name}”的指标值 {target.figure.cell.text}，本表{column}为 "
                    f"{figure.cell.text}：两位数字颠倒，疑为笔误（应为 {figure.cell.text}）",
                    related=(RelatedSpan(figure.cell.span, column),),
                )
            if "≥" in target.figure.cell.text or ">" in target.figure.cell.text:
                yield Finding(
                    target.figure.cell.span,
                    f"绩效自评表成本指标“{target.name}”写作 {target.figure.cell.text}（下限）："
                    "成本控制应为上限（≤），否则超支也算达标",
                    severity=Severity.INFO,
                )


def _transposed(first: Figure, second: Figure) -> bool:
    """Are the two amounts, written at the same precision, the same digits with two neighbours swapped?"""
    places = max(first.places, second.places)
    a, b = fmt(first.value, places), fmt(second.value, places)
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )
