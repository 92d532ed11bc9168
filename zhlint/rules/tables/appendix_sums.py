"""ZL310 appendix-table-sum: an appendix table's listed parts against their total.

The parts are 专项 one a row, numbered items, or the 资金来源 of a fund block.
"""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    ZERO,
    Tolerance,
    Verdict,
    check_sum,
    fmt,
)
from zhlint.rules.base import FINAL_OR_UNKNOWN, Finding, LintContext, RelatedSpan, rule
from zhlint.rules.tables._common import Part, as_findings, sum_finding
from zhlint.tables.appendix import FundBlock, ListedSum, cell_amount

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
    "附件表中，所列各部分（一个专项一行、编号的各项、资金来源）之和不等于其合计。",
    """
    附件表把合计与其组成部分一起列出：部门整体支出绩效评价基础数据表列出 `项目支出`，接着是
    `1、业务工作经费` `2、运行维护经费` `3、专项资金（一个专项一行）`，最后一项下每个专项各占一行；项目
    支出绩效自评表给出年度资金总额及其资金来源（当年财政拨款、上年结转、其他资金）；部门整体支出绩效自评
    表把年度资金总额按收入性质（一般公共预算、政府性基金、其他资金）和按支出性质（基本支出、项目支出）分
    开。每个合计按列检查；舍入到 0.01 能解释的差额报告为提示。年度资金总额的两种分法报告为警告：每种分法
    都应给出全年预算数或全年执行数，提示信息说明是哪一种分法不符。编号的各项只在宣布它们的行（
    `项目支出：`、`三公经费`、`合计`）之下求和，而且只有当各行的每个金额都位于合计也有金额的列中时才读取
    该列举。表中并没有结束“一个专项一行”的列举：它在下一个模板行（`公用经费`、`政府采购金额`、
    `部门基本支出预算调整`、…）、编号行、以 `：` 或 `其中` 结尾的行处结束；其中在每一列都与上级相符的第
    一段连续行就是该列举，不相符的列举只有在被这样的行结束时才报告（不是分页或表尾）。
    """,
    bad=_BASIC_DATA_HEAD + _BASIC_DATA_ROWS.format("57.85"),
    good=_BASIC_DATA_HEAD + _BASIC_DATA_ROWS.format("33.45"),
    kinds=FINAL_OR_UNKNOWN,  # about the execution of a year: not on a 预算
    summary_en=(
        "In an appendix table, listed parts (专项 one a row, numbered items, 资金来源) miss their total."
    ),
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
        yield from as_findings(
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
        yield from as_findings(
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
