"""ZL4xx: years and dates.

A report refers to itself with its own year (`2023年度部门决算`, `纳入2023年部门整体支出绩效目标`,
`截至2023年12月31日`). A different year in those phrases is a leftover from last year's report.
Other years mentioned for what they are (`下达了2023年度价格监测补助经费` in a 2024 report,
`三年行动计划（2023—2025年）`, budget codes such as 2010450) are not self-references and stay silent.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import attrs
import regex

from zhlint.diagnostics import Severity
from zhlint.document.kind import BUDGET_KINDS, ReportKind
from zhlint.rules.base import ALL_KINDS, FINAL_OR_UNKNOWN, Finding, LintContext, rule

_Y = r"(?P<year>20\d{2})\s*年度?"
_YEAR_ONLY = _Y.replace("年度?", "年")
# Spaces, then the level of government before 部门/单位 with its spaces (see SELF_REFERENCES on why
# so written).
_LEVEL = r"\s*(?:(?:区级|市级|省级|县级)\s*)?"


@attrs.frozen
class SelfReference:
    label: str  # what the phrase names, for the message
    pattern: re.Pattern[str]
    # Phrases about this year's amounts can also state last year's in a comparison
    # (`2023年度财政拨款支出540.44万元，2022年度财政拨款支出…`): those are not checked in a
    # sentence that states the same quantity for the report year as well.
    amount: bool = False
    # The kinds of report in which the phrase names the report itself. In a 预算 the year-end
    # (`截至2024年12月31日`) and the evaluation of spending are last year's, legitimately.
    kinds: frozenset[ReportKind] = ALL_KINDS
    # False: the phrase is the report's own only when it carries the report year; with another year
    # it is as likely history (`2024年预算安排30.00万元。2025年预算安排35.00万元`, a multi-year
    # project's list of years), so another year in it is never an error, only kept from the others.
    wrong_year: bool = True


# Phrases in which the year can only be the report's own year. An optional word between spaces is
# written `\s*(?:(?:区级|…)\s*)?`, never `\s*(?:区级|…)?\s*`: two unbounded runs of spaces side by
# side split a long run of spaces in every way, quadratic (tests/test_years_linear.py).
SELF_REFERENCES: tuple[SelfReference, ...] = (
    SelfReference(
        "部门决算", re.compile(_Y + r"\s*(?:部门|单位)(?:（单位）)?\s*决算"), kinds=FINAL_OR_UNKNOWN
    ),
    SelfReference(
        "部门预算",
        re.compile(_Y + _LEVEL + r"(?:部门|单位)\s*预算(?!执行|调整)"),
        kinds=BUDGET_KINDS,
    ),
    SelfReference(
        "预算表",
        # `2025年部门财务收支预算总表`, `2025年预算单位一般公共预算支出功能分类预算表`: its own tables
        re.compile(_Y + _LEVEL + r"(?:部门|预算单位|单位)[^\d\s，。；;、：:]{0,30}?预算总?表"),
        kinds=BUDGET_KINDS,
    ),
    SelfReference(
        # `2025年预算安排25.77万元` of an item: what the budget itself allocates. An earlier year's
        # 预算安排 is what was allocated then (earlier years of a project, last year's figure beside
        # this year's): a self-reference only, never a wrong year (wrong_year=False).
        "预算安排",
        re.compile(_Y + r"\s*预算安排(?=\s*\d)"),
        amount=True,
        kinds=BUDGET_KINDS,
        wrong_year=False,
    ),
    SelfReference("决算汇总公开单位", re.compile(_Y + r"\s*(?:部门)?决算汇总"), kinds=FINAL_OR_UNKNOWN),
    SelfReference(
        "部门整体支出绩效目标",
        re.compile(r"纳入\s*" + _Y + r"\s*(?:部门)?整体支出绩效"),
        kinds=FINAL_OR_UNKNOWN,
    ),
    SelfReference(
        "部门整体支出绩效评价",
        re.compile(_Y + r"\s*(?:部门(?:（单位）)?\s*)?整体支出(?:和专项资金)?\s*(?:绩效|实施)"),
        kinds=FINAL_OR_UNKNOWN,
    ),
    SelfReference(
        "截至年末",
        re.compile(r"截[至止]\s*" + _YEAR_ONLY + r"\s*(?:12\s*月\s*31\s*日|年?底|末)"),
        kinds=FINAL_OR_UNKNOWN,
    ),
    SelfReference("收支总计", re.compile(_Y + r"\s*(?:财政拨款\s*)?(?:收、?支|收入支出)总计")),
    SelfReference("本年收支合计", re.compile(_Y + r"\s*本年(?:收入|支出)合计")),
    SelfReference(
        "预算绩效情况",
        re.compile(_Y + r"\s*(?:部门)?预算绩效(?:管理)?(?:工作)?(?:开展)?情况"),
        kinds=FINAL_OR_UNKNOWN,
    ),
    # The Shanghai 决算: `编报绩效目标的2024年度项目39个`, `绩效自评的2024年度项目…`.
    SelfReference(
        "绩效管理的项目",
        re.compile(r"(?:编报绩效目标|绩效跟踪评价|绩效跟踪|绩效自评|绩效评价)的\s*" + _Y + r"\s*项目"),
        kinds=FINAL_OR_UNKNOWN,
    ),
    SelfReference("决算表", re.compile(_Y + r"\s*部门决算(?:表|情况说明)"), kinds=FINAL_OR_UNKNOWN),
    SelfReference("收支合计", re.compile(_Y + r"\s*(?:收入|支出)合计"), amount=True),
    SelfReference(
        "财政拨款支出",
        re.compile(_Y + r"\s*(?:一般公共预算\s*)?财政拨款\s*(?:基本|项目)?(?:收入|支出)"),
        amount=True,
    ),
    SelfReference("预算收支", re.compile(_Y + r"\s*(?:预算|决算)(?:收入|支出)"), amount=True),
    SelfReference("本年收支", re.compile(_Y + r"\s*(?:整体)?(?:收入|支出)\s*\d"), amount=True),
    SelfReference("项目支出绩效", re.compile(_Y + r"\s*(?:一般公共预算\s*)?项目支出涉及")),
    # A budget's own wording (Jiangsu): `2018年度预算表`, `2018年度预算安排情况说明`, `2018年度收入、
    # 支出预算总计`, `2018年度财政拨款收、支总预算`, `2018年财政拨款预算支出`, its table titles
    # (`一、2018年度XX收支预算总表`) and `本表反映XX2018年度…预算安排情况`.
    SelfReference("预算表", re.compile(_Y + r"\s*(?:部门)?预算(?:安排)?(?:表|情况说明)"), kinds=BUDGET_KINDS),
    SelfReference(
        "收支预算总计", re.compile(_Y + r"\s*(?:收入、?支出|收、?支)\s*预算总计"), kinds=BUDGET_KINDS
    ),
    SelfReference(
        "财政拨款总预算", re.compile(_Y + r"\s*财政拨款\s*(?:收、?支|收入支出)\s*总预算"), kinds=BUDGET_KINDS
    ),
    SelfReference(
        "财政拨款预算支出",
        re.compile(
            _Y + r"\s*(?:一般公共预算\s*)?财政拨款\s*(?:(?:基本支出|项目支出)\s*)?(?:预算支出|支出预算)"
        ),
        amount=True,
        kinds=BUDGET_KINDS,
    ),
    SelfReference(
        "预算表标题",
        re.compile(r"^(?:[一二三四五六七八九十]{1,3}、)?" + _Y + r"[^，。；\d]{0,30}?预算(?:总)?表$"),
        kinds=BUDGET_KINDS,
    ),
    SelfReference(
        "本表反映",
        re.compile(r"本表反映[^，。；\d]{0,30}?" + _Y + r"[^，。；执决\d]{0,30}?情况"),
        kinds=BUDGET_KINDS,
    ),
)
_ANY_YEAR = regex.compile(r"20\d{2}(?=\s*年)")  # regex: findall(overlapped=True)


def _other_year(text: str, year: int) -> bool:
    """Does ``text`` name a year (as every self-reference pattern does) other than ``year``?"""
    if "年" not in text:
        return False
    return any(int(found) != year for found in _ANY_YEAR.findall(text, overlapped=True))


# A year right after these words is a comparison with another year, not a self-reference.
_COMPARISON = re.compile(r"(?:与|比|较|同|对比|相比|上年|去年)\s*$")


@rule(
    "ZL401",
    "wrong-report-year",
    Severity.ERROR,
    "指称报告本身的用语中，年度不是报告年度。",
    """
    报告按上年的模板写成，在指称报告本身的用语中（`YYYY年度部门决算`、`YYYY年部门决算汇总公开单位`、
    `纳入YYYY年部门整体支出绩效目标`、`截至YYYY年12月31日`、`YYYY年度收、支总计`）留下未改的年度，会把整
    个表述的时间弄错。在预算中，这些用语是预算自己的（`YYYY年部门预算`、`YYYY年区级单位预算`、预算表
    的表名 `YYYY年部门财务收支预算总表`）：其中的“截至年末”和支出绩效评价说的是上一年，某项的
    `YYYY年预算安排X万元` 写以前年度时是以往的安排（项目各年的安排、上年的数），都不检查。报告年度从封
    面读出，否则取各标题中明显占多数的年度（或用 `--year` 指定）。
    其他用语中的年度（其他年度的资金、跨年度规划、预算科目代码）不检查。
    """,
    bad="（2023年度报告）纳入2022年部门整体支出绩效目标的金额为526.36万元。",
    good="（2023年度报告）纳入2023年部门整体支出绩效目标的金额为526.36万元。",
    summary_en="A phrase that refers to the report itself carries a year other than the report year.",
)
def wrong_report_year(context: LintContext) -> Iterator[Finding]:
    year = context.report_year
    if year is None:
        return
    kind = context.document.kind
    references = [reference for reference in SELF_REFERENCES if kind in reference.kinds]
    for text in context.document.texts():
        if not _other_year(text.text, year):
            continue  # no year but the report's own: nothing here can be a wrong self-reference
        seen: set[int] = set()
        sentences = _Sentences(text.text)
        for reference in references:
            for match in reference.pattern.finditer(text.text):
                start = match.start("year")
                if start in seen or int(match.group("year")) == year:
                    continue
                if not reference.wrong_year:
                    seen.add(start)  # its own phrase, whatever its year: no other pattern reads it
                    continue
                if _COMPARISON.search(text.text[max(0, start - 4) : start]):
                    continue
                if reference.amount and sentences.states_year(reference, start, year):
                    continue
                seen.add(start)
                yield Finding(
                    text.source_span(start, match.end("year")),
                    f"“{match.group()}”指本报告自身（{reference.label}），年份应为报告年度 {year}，"
                    f"这里写的是 {match.group('year')}",
                )


_SENTENCE_END = re.compile("[。；;！？!?]")


class _Sentences:
    """The sentences of one text, and what each states, found once per sentence.

    Looking for the sentence's ends and reading it again for every year in it was quadratic in a
    long text without a sentence end.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends: list[int] | None = None
        self.stated: dict[tuple[SelfReference, int, int], bool] = {}

    def around(self, index: int) -> tuple[int, int]:
        """Where the sentence that holds ``index`` starts and ends (after its end mark)."""
        if self.ends is None:
            self.ends = [found.start() for found in _SENTENCE_END.finditer(self.text)]
        after = bisect.bisect_left(self.ends, index)
        start = self.ends[after - 1] + 1 if after > 0 else 0
        end = self.ends[after] + 1 if after < len(self.ends) else len(self.text)
        return start, end

    def states_year(self, reference: SelfReference, index: int, year: int) -> bool:
        """Does the sentence state the same quantity for the report year as well (a comparison)?"""
        start, end = self.around(index)
        key = (reference, start, year)
        if key not in self.stated:
            sentence = self.text[start:end]
            self.stated[key] = any(
                int(match.group("year")) == year for match in reference.pattern.finditer(sentence)
            )
        return self.stated[key]
