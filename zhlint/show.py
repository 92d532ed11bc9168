"""`zhlint tables FILE`: what the recognition read from each standard table, as plain text.

A debugging aid for report authors and rule writers: which tables were found, on which lines,
how many rows and columns were read, why a table could not be read, and (once prose claims are
compared with the tables) which claim was matched to which cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from zhlint.analysis.context import LintContext
from zhlint.analysis.match import Match, Target
from zhlint.claims.extract import align_columns
from zhlint.claims.model import Amount, ChangeClaim
from zhlint.config import Config
from zhlint.diagnostics import Span
from zhlint.document.segment import Cell, segment
from zhlint.read.numbers import Number, Tolerance, Verdict, check_percent, fmt
from zhlint.read.source import Source
from zhlint.rules.arithmetic._common import previous_value, words_disagree
from zhlint.tables.model import (
    THREE_PUBLIC_FIELDS,
    THREE_PUBLIC_LABELS,
    BalanceTable,
    CodedTable,
    EconomicTable,
    StandardTable,
    ThreePublicGroup,
    ThreePublicTable,
)


def describe(source: Source, config: Config | None = None) -> str:
    """The recognised tables of ``source``, and the prose amounts matched to their cells, as text."""
    context = LintContext(segment(source), config or Config())
    tables = context.tables
    lines = [f"{source.path or '<text>'}: 识别出 {len(tables.standard)} 张标准表"]
    for table in tables.standard:
        lines += _describe_table(table, source)
    lines += list(_matched_claims(context))
    return "\n".join(lines) + "\n"


def _describe_table(table: StandardTable, source: Source) -> list[str]:
    last_line = table.parts[-1].last_line if table.parts else table.table.last_line
    pages = f"，续 {len(table.parts)} 页" if table.parts else ""
    head = (
        f"{table.name:<8} {table.kind.short} {table.title or table.kind.title}  "
        f"第 {table.table.first_line}–{last_line} 行{pages}"
    )
    lines = [head]
    if table.empty:
        lines.append("    本表无数据")
    if table.model is not None:
        lines += [f"    {text}" for text in _describe_model(table.model, source)]
    if table.problem is not None:
        lines.append(f"    无法完整读取：{table.problem}")
    return lines


def _describe_model(model: object, source: Source) -> list[str]:
    if isinstance(model, CodedTable):
        levels = {3: "类", 5: "款", 7: "项"}
        counts = {
            name: sum(1 for row in model.rows if row.code and len(row.code) == n)
            for n, name in levels.items()
        }
        count_text = "，".join(f"{name} {count}" for name, count in counts.items() if count)
        total = "有" if model.total is not None else "无"
        return [
            f"{len(model.rows)} 行科目（{count_text or '无'}），合计行：{total}",
            f"列：{'、'.join(model.columns)}；{model.total_column} = {' + '.join(model.part_columns)}",
        ]
    if isinstance(model, BalanceTable):
        return [
            f"收入方 {len(model.income)} 行，列：{'、'.join(model.income_columns)}",
            f"支出方 {len(model.expenditure)} 行（类 {sum(1 for x in model.expenditure if x.category)}），"
            f"列：{'、'.join(model.expenditure_columns)}",
        ]
    if isinstance(model, EconomicTable):
        heads = sum(1 for item in model.items if len(item.code) == 3)
        return [
            f"{len(model.items)} 个经济分类科目（{heads} 个大类）",
            f"人员经费合计 {_cell_text(model.personnel_total, source)}，"
            f"公用经费合计 {_cell_text(model.public_total, source)}",
        ]
    if isinstance(model, ThreePublicTable):
        return [
            f"预算数：{_group_text(model.budget, source)}",
            f"决算数：{_group_text(model.actual, source)}",
        ]
    return []


def _group_text(group: ThreePublicGroup | None, source: Source) -> str:
    if group is None:
        return "未读取"
    return "，".join(
        f"{THREE_PUBLIC_LABELS[field]} {group.cell(field).text}" for field in THREE_PUBLIC_FIELDS
    )


def _cell_text(cell: Cell | None, source: Source) -> str:
    if cell is None:
        return "未找到"
    line, column = source.position(cell.span.start)
    return f"{cell.text}（{line}:{column}）"


VERDICT_LABELS = {Verdict.OK: "一致", Verdict.ROUNDING: "尾数差"}
MATCH_HEADER = ("位置", "正文", "数值", "对照的单元格", "单元格数值", "单元格位置", "结论")
QUANTITY_CHARS = 24  # of a long item path (`一般公共服务、…、行政运行`): its end names the item


def compared_target(match: Match) -> Target:
    """The cell a prose amount is shown against: the one that agrees, else the preferred one."""
    return match.agreeing or match.targets[0]


def verdict_label(verdict: Verdict) -> str:
    return VERDICT_LABELS.get(verdict, "不一致")


def _matched_claims(context: LintContext) -> Iterator[str]:
    """Each prose amount and the cell it was compared with, as a table."""
    found = context.matches
    if not found.matches and not found.item_problems:
        return
    source = context.source
    if found.matches:
        yield "正文金额与表格单元格的对应："
        rows = [MATCH_HEADER, *(_match_row(match, source) for match in found.matches)]
        yield from ("    " + line for line in align_columns(rows).splitlines())
    for problem in found.item_problems:
        line, column = source.position(problem.amount.span.start)
        yield f"    {line}:{column} {problem.message}"


def _match_row(match: Match, source: Source) -> tuple[str, ...]:
    line, column = source.position(match.amount.span.start)
    target = compared_target(match)
    cell_line, cell_column = source.position(target.cell.span.start)
    written = match.amount.number.canonical.strip()  # as written, without `526. 36` artefacts
    return (
        f"{line}:{column}",
        _tail(match.quantity),
        written,
        target.label,
        target.cell.text,
        f"{cell_line}:{cell_column}",
        verdict_label(match.verdict),
    )


def _tail(text: str) -> str:
    return text if len(text) <= QUANTITY_CHARS else "…" + text[-(QUANTITY_CHARS - 1) :]


def describe_json(source: Source, config: Config | None = None) -> dict[str, object]:
    """`zhlint tables --format json`: the tables recognised and the prose amounts matched to cells."""
    context = LintContext(segment(source), config or Config())
    tables = [_table_json(table) for table in context.tables.standard]
    matches = [_match_json(match, source) for match in context.matches.matches]
    return {"path": source.path, "tables": tables, "matches": matches}


def _table_json(table: StandardTable) -> dict[str, object]:
    last_line = table.parts[-1].last_line if table.parts else table.table.last_line
    return {
        "name": table.name,
        "kind": table.kind.short,
        "title": table.title or table.kind.title,
        "first_line": table.table.first_line,
        "last_line": last_line,
        "empty": table.empty,
        "problem": table.problem,
    }


def _match_json(match: Match, source: Source) -> dict[str, object]:
    line, column = source.position(match.amount.span.start)
    target = compared_target(match)
    cell_line, cell_column = source.position(target.cell.span.start)
    return {
        "line": line,
        "column": column,
        "quantity": match.quantity,
        "text": match.amount.number.canonical.strip(),
        "value": str(match.amount.value),
        "cell": {"label": target.label, "text": target.cell.text, "line": cell_line, "column": cell_column},
        "verdict": match.verdict.value,
        "rule": match.code,
    }


# ---------------------------------------------------------------------------------------------
# What a number was compared with (the language server's hover)

PERCENT_RULE = "ZL101"  # the rule that checks rates and shares against their amounts
_PERCENT_VERDICTS = {Verdict.OK: "一致", Verdict.TRUNCATED: "截断（应四舍五入）", Verdict.WRONG: "不一致"}
_SLIP_UNITS = frozenset({"元", "万元"})  # a 元/万元 slip inside a sentence is still checked (ZL101)


@attrs.frozen
class Comparison:
    """A number of the prose that a rule compared: with what, and whether it agreed."""

    span: Span
    rule: str
    what: str  # `与 公开01表“总计” 526.36（第 54 行第 20 列）对照`
    verdict: str  # 一致 / 尾数差 / 不一致 …
    agreed: bool


def comparisons(context: LintContext, enabled: Callable[[str], bool] = lambda _: True) -> list[Comparison]:
    """Every prose amount matched to a table cell and every rate or share checked against its
    amounts, by the rules that ``enabled`` lets run, in document order."""
    found: list[Comparison] = []
    source = context.source
    for match in context.matches.matches:
        if enabled(match.code):
            found.append(_cell_comparison(match, source))
    if enabled(PERCENT_RULE):
        tolerance = context.tolerance
        for execution in context.claims.executions:
            found += _rate_comparison(
                execution.rate, execution.actual, execution.budget, "决算", "预算", tolerance
            )
        for share in context.claims.shares:
            found += _rate_comparison(share.percent, share.part, share.base, "部分", "合计", tolerance)
        for change in context.claims.changes:
            found += _change_comparison(change, tolerance)
    return sorted(found, key=lambda item: item.span.start)


def _cell_comparison(match: Match, source: Source) -> Comparison:
    target = compared_target(match)
    line, column = source.position(target.cell.span.start)
    verdict = match.verdict
    what = f"与 {target.label} {target.cell.text.strip()}（第 {line} 行第 {column} 列）对照"
    return Comparison(
        match.amount.span, match.code, what, verdict_label(verdict), verdict is not Verdict.WRONG
    )


def _rate_comparison(
    rate: Number | None,
    numerator: Amount | None,
    denominator: Amount | None,
    numerator_name: str,
    denominator_name: str,
    tolerance: Tolerance,
) -> list[Comparison]:
    if rate is None or numerator is None or denominator is None or denominator.value == 0:
        return []
    units = {numerator.unit, denominator.unit}
    if len(units) > 1 and not units <= _SLIP_UNITS:
        return []  # not checked by ZL101 either
    check = check_percent(rate.value, rate.places, numerator.value, denominator.value, tolerance)
    if check.exact is None:
        return []
    what = (
        f"按 {numerator_name} {_written(numerator)} ÷ {denominator_name} {_written(denominator)} × 100"
        f" = {fmt(check.exact, rate.places + 2)}%"
    )
    verdict = _PERCENT_VERDICTS.get(check.verdict, "无法计算")
    return [Comparison(rate.span, PERCENT_RULE, what, verdict, check.verdict is Verdict.OK)]


def _change_comparison(change: ChangeClaim, tolerance: Tolerance) -> list[Comparison]:
    """A change rate against the change amount over the previous amount, as ZL101 checks it."""
    previous = previous_value(change)
    rate, amount = change.rate, change.amount
    if previous is None or previous <= 0 or rate is None or amount is None or words_disagree(change):
        return []
    # Last year's amount is derived from two rounded amounts, so it carries twice the error (ZL101).
    doubled = attrs.evolve(tolerance, amount_error=tolerance.amount_error * 2)
    check = check_percent(rate.value, rate.places, amount.value, previous, doubled)
    if check.exact is None:
        return []
    base_name = "年初预算" if change.reference.value == "budget" else "上年"
    what = (
        f"按 变动额 {amount.canonical.strip()} ÷ {base_name}数 {fmt(previous)} × 100"
        f" = {fmt(check.exact, rate.places + 2)}%"
    )
    verdict = _PERCENT_VERDICTS.get(check.verdict, "无法计算")
    return [Comparison(rate.span, PERCENT_RULE, what, verdict, check.verdict is Verdict.OK)]


def _written(amount: Amount) -> str:
    return f"{amount.number.canonical.strip()}{amount.unit}"
