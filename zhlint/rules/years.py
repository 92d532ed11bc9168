"""ZL4xx: years and dates.

A report refers to itself with its own year (`2023年度部门决算`, `纳入2023年部门整体支出绩效目标`,
`截至2023年12月31日`). A different year in those phrases is a leftover from last year's report.
Other years mentioned for what they are (`下达了2023年度价格监测补助经费` in a 2024 report,
`三年行动计划（2023—2025年）`, budget codes such as 2010450) are not self-references and stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhlint.diagnostics import Severity
from zhlint.rules.base import Finding, LintContext, rule

_Y = r"(?P<year>20\d{2})\s*年度?"
# Phrases in which the year can only be the report's own year.
SELF_REFERENCES: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (label, regex.compile(pattern))
    for label, pattern in (
        ("部门决算", _Y + r"\s*(?:部门|单位)(?:（单位）)?\s*决算"),
        ("决算汇总公开单位", _Y + r"\s*(?:部门)?决算汇总"),
        ("部门整体支出绩效目标", r"纳入\s*" + _Y + r"\s*(?:部门)?整体支出绩效"),
        ("截至年末", r"截[至止]\s*" + _Y.replace("年度?", "年") + r"\s*12\s*月\s*31\s*日"),
        ("收支总计", _Y + r"\s*(?:收、?支|收入支出)总计"),
        ("本年收支合计", _Y + r"\s*本年(?:收入|支出)合计"),
        ("预算绩效情况", _Y + r"\s*(?:部门)?预算绩效(?:管理)?(?:工作)?情况"),
        ("决算表", _Y + r"\s*部门决算(?:表|情况说明)"),
    )
)
# A year right after these words is a comparison with another year, not a self-reference.
_COMPARISON = regex.compile(r"(?:与|比|较|同|对比|相比|上年|去年)\s*$")


@rule(
    "ZL401",
    "wrong-report-year",
    Severity.ERROR,
    "A phrase that refers to the report itself carries a year other than the report year.",
    """
    Reports are written from last year's template, and a year left unchanged in a phrase that
    names the report itself (`YYYY年度部门决算`, `YYYY年部门决算汇总公开单位`,
    `纳入YYYY年部门整体支出绩效目标`, `截至YYYY年12月31日`, `YYYY年度收、支总计`) misdates the
    whole statement. The report year is read from the cover (or set with `--year`). Years in other
    phrases (funds of another year, plans over several years, budget codes) are not checked.
    """,
    bad="（2023年度报告）纳入2022年部门整体支出绩效目标的金额为526.36万元。",
    good="（2023年度报告）纳入2023年部门整体支出绩效目标的金额为526.36万元。",
)
def wrong_report_year(context: LintContext) -> Iterator[Finding]:
    year = context.report_year
    if year is None:
        return
    for text in context.document.texts():
        seen: set[int] = set()
        for label, pattern in SELF_REFERENCES:
            for match in pattern.finditer(text.text):
                start = match.start("year")
                if start in seen or int(match.group("year")) == year:
                    continue
                if _COMPARISON.search(text.text[max(0, start - 4) : start]):
                    continue
                seen.add(start)
                yield Finding(
                    text.source_span(start, match.end("year")),
                    f"“{match.group()}”指本报告自身（{label}），年份应为报告年度 {year}，"
                    f"这里写的是 {match.group('year')}",
                )
