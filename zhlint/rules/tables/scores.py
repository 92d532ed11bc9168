"""ZL308 performance-score-sum: a 绩效自评表's 得分 against the scores it adds up."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from zhlint.diagnostics import Severity
from zhlint.document.segment import Cell
from zhlint.read.numbers import (
    ZERO,
    fmt,
    score_rounding,
)
from zhlint.read.text import compact
from zhlint.rules.base import FINAL_OR_UNKNOWN, Finding, LintContext, RelatedSpan, rule
from zhlint.rules.tables._common import MAX_LISTED_PARTS, value_of
from zhlint.tables.appendix import ScoreBlock

_SCORE_TABLE = (
    "绩效指标\t一级指标\t二级指标\t三级指标\t分值\t得分\n"
    "\t产出指标（{}分）\t数量指标\t完成率\t60\t60\n"
    "\t满意度指标（40分）\t服务对象满意度指标\t满意度\t40\t{}\n总分\t\t\t\t100\t98\n"
)


@rule(
    "ZL308",
    "performance-score-sum",
    Severity.WARNING,
    "绩效自评表中，分值或得分之和不等于总分行，或不等于“产出指标（40分）”这类标签。",
    """
    附件中的部门（单位）整体支出绩效自评表和项目支出绩效自评表给每个指标一个分值（权重）和一个得分；总分
    行是它们的合计（分值 100）。一级指标标有分值时（`产出指标（40分）`、`(50 分)`），其下各指标的分值之
    和应等于它。有差额说明缺了一个指标行（常在提取时丢失）或某个得分有误。这类表常被弄乱，所以本规则按形
    状读取并报告为警告而非错误：不论标签落在哪里，各行都按二级指标名称归入一级指标（数量指标 → 产出，社
    会效益指标 → 效益，…），只有标签和它的各行都能无歧义地读出时才检查该标签（表在总分之前就中断时，最后
    一块不检查）。各行在表头的分值列和得分列读取（得分空白算零）；只有明显错位的行（比表头短，或二级指标
    名称在其列的左边）才取最后两个数，某一行两种读法都可能时，不检查该表的合计。有分值/得分列而没有总分
    行的表报告为提示（可能被截断）。
    """,
    bad=_SCORE_TABLE.format("50", "36"),
    good=_SCORE_TABLE.format("60", "38"),
    kinds=FINAL_OR_UNKNOWN,  # about the execution of a year: not on a 预算
    summary_en=(
        "In a 绩效自评表, the 分值 or 得分 do not add up to the 总分 row or to a label like 产出指标（40分）."
    ),
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
        related=tuple(RelatedSpan(cell.span, f"{label} {cell.text}") for cell in cells[:MAX_LISTED_PARTS]),
    )
