"""ZL208 project-vs-self-evaluation: a project's paragraph against its 项目支出绩效自评表.

ZL208 compares a project's paragraph of the 绩效自评报告 with the appendix form of that project
(:func:`zhlint.tables.appendix.project_index_of`). The claims do not carry a project's name, so it
reads those paragraphs' normalised text itself, with a few linear patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from zhlint.diagnostics import Severity
from zhlint.document.segment import Paragraph
from zhlint.read.numbers import (
    Number,
    Tolerance,
    Verdict,
    amounts_agree,
    check_percent,
    fmt,
    percents_agree,
)
from zhlint.read.patterns import lazy_compile
from zhlint.read.text import compact
from zhlint.rules.base import FINAL_OR_UNKNOWN, Finding, LintContext, RelatedSpan, rule
from zhlint.rules.prose_tables._common import as_written
from zhlint.tables.appendix import Figure, FundBlock, FundRow

# The claims name a project's execution `项目` (`…项目绩效自评综述：…项目全年预算数为5.76万元`), not
# by the project, so the project paragraphs are read here with a few plain patterns: fixed words
# around one number each, no nested repetition (linear), compiled once.
# On first use: a check of report 000 never uses it; compiling took 0.4 ms CPU (issue 12).
_PROJECT_TITLE = lazy_compile(
    r"项目(?:支出)?(?:绩效自评综述|绩效自评情况|绩效自评结果|绩效自评|绩效情况)?[:：]"
    r"|(?:绩效自评综述|绩效自评情况)[:：]"
)


_PROJECT_AMOUNT = r"\s*(?P<n>\d+(?:\.\d+)?)\s*万元"


# On first use: a check of report 000 never uses it; compiling took 0.5 ms CPU (issue 12).
_PROJECT_BUDGET = lazy_compile(r"全年预算(?:数|金额|资金)?(?:为|是|共计|合计)?[:：]?" + _PROJECT_AMOUNT)


# Not `全年预算执行数` (which figure it names is unclear) nor `年中执行调增`.
# On first use: a check of report 000 never uses it; compiling took 0.3 ms CPU (issue 12).
_PROJECT_SPENT = lazy_compile(r"执行(?<!预算执行)(?:数|金额)(?:为|是|共计|合计)?[:：]?" + _PROJECT_AMOUNT)


# Against the 全年预算 only: `完成年初预算的` and `年初预算执行率` are another rate.
# On first use: a check of report 000 never uses it; compiling took 0.5 ms CPU (issue 12).
_PROJECT_RATE = lazy_compile(
    r"(?:完成(?:全年)?预算的?|(?<!初)(?<!初预算)(?:预算)?执行率(?:为|是|达到|达)?[:：]?)"
    r"\s*(?P<n>\d+(?:\.\d+)?)\s*%"
)


_NAME_LIMIT = 40  # a project's name is shorter; a longer run before the title is a sentence


_NAME_STOPS = "。；;：:！？!?，,"


_LIST_MARKER = lazy_compile(
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
    "正文中某个项目的全年预算数、执行数或执行率与其项目支出绩效自评表不符。",
    """
    绩效自评报告的项目支出绩效情况对每个项目作出概述（
    `X项目绩效自评综述：…项目全年预算数为5.76万元，执行数为4.32万元，完成预算的75%`），附件中有同一项目
    的项目支出绩效自评表（`项目支出名称 | X`），其年度资金总额行给出年初预算数、全年预算数、全年执行数和
    执行率。项目名称写在 `项目绩效自评综述：`（或 `项目：`）之前，句子写 `项目全年预算数…` 时取其所在的
    标题；按这个名称（除空白和末尾的“项目”外须完全相同）找到自评表，把全年预算数、执行数和执行率与表中的
    全年预算数、全年执行数和执行率比较；每一处不符都会报告，并指向表中的单元格。常见缺陷：正文把年初预算
    当作全年预算引用（正文数等于表中年初预算数时，提示信息会说明），因而执行率也与表中不同。没有自评表（
    或有多张）使用这个名称、表中资金部分无法按列读取或以元为单位、一个段落对同一名称写了两个全年预算、比
    率是相对年初预算而言（`完成年初预算的`），或只有 0.01 的尾差时，不报告。
    """,
    bad=_PROJECT_FORM + _PROJECT_PROSE.format("5.76", "75"),
    good=_PROJECT_FORM + _PROJECT_PROSE.format("4.32", "100"),
    kinds=FINAL_OR_UNKNOWN,  # about the execution of a year: not on a 预算
    summary_en=(
        "A project's 全年预算数, 执行数 or execution rate in the narrative differs from its "
        "项目支出绩效自评表."
    ),
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
    index = context.project_index
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
        f"正文称{name}{stated.words}{as_written(stated.number)}万元，"
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
        f"正文称{name}{stated.words}{as_written(number)}%，"
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
