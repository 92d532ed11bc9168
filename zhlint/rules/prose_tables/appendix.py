"""ZL205 appendix-table-vs-table: the 整体支出绩效自评表 against the 01/03/05表."""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.analysis.match import APPENDIX
from zhlint.diagnostics import Severity
from zhlint.rules.base import FINAL_OR_UNKNOWN, Finding, LintContext, rule
from zhlint.rules.prose_tables._common import BUDGET_TABLE, findings

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
    "整体支出绩效自评表中的数字与标准表不符。",
    """
    附件中的部门整体支出绩效自评表复述当年的资金：年度资金总额的全年执行数、`一般公共预算：…`、
    `基本支出：…`、`项目支出：…`。这些数与01/03/05表（本年支出合计、一般公共预算财政拨款支出、基本支出、
    项目支出）比较。自评表常常照抄上年的，所以整组都是上年数字是常见的发现。报告为警告：自评表的口径比标
    准表更不统一。
    """,
    bad=BUDGET_TABLE.replace("47.76", "526.36") + _SELF_EVALUATION.format("516.56"),
    good=BUDGET_TABLE.replace("47.76", "526.36") + _SELF_EVALUATION.format("526.36"),
    kinds=FINAL_OR_UNKNOWN,  # about the execution of a year: not on a 预算
    summary_en="A figure of the 整体支出绩效自评表 differs from the standard tables.",
)
def appendix_table_vs_table(context: LintContext) -> Iterator[Finding]:
    yield from findings(context, APPENDIX)
