"""The cross-report checks: facts of several reports in, findings naming both reports out.

One pass to index the reports (``facts.pair``), then each report looks up the few reports it is
compared with: time linear in the number of reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

import attrs

from zhlint.diagnostics import Severity
from zhlint.facts.model import Figure, ReportFacts
from zhlint.facts.pair import Pairing, pair, unit_key, written_name
from zhlint.read.numbers import Tolerance
from zhlint.rules.across.meta import BUDGET_REPORT, DEPARTMENT_UNITS, NAME_ACROSS, PREVIOUS_YEAR
from zhlint.rules.base import RuleMeta


@attrs.frozen
class Place:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0
    end: int = 0
    message: str = ""


@attrs.frozen
class Comparison:
    """One figure compared with another report's (kept for `--verbose` and docs/across.md)."""

    code: str
    path: str
    line: int
    key: str
    value: Decimal
    other_path: str
    other_line: int
    other: Decimal
    agrees: bool


@attrs.frozen
class Finding7:
    """A cross-report finding: where it is reported, and the places in the other reports."""

    meta: RuleMeta
    message: str
    place: Place
    related: tuple[Place, ...]
    severity: Severity | None = None


def _place(report: ReportFacts, figure: Figure, message: str = "") -> Place:
    return Place(
        report.path,
        figure.line,
        figure.column,
        figure.end_line,
        figure.end_column,
        figure.start,
        figure.end,
        message,
    )


def _name_place(report: ReportFacts, message: str) -> Place:
    line = report.unit_line or 1
    return Place(report.path, line, 1, line, 1, 0, 0, message)


def _limit(tolerance: Tolerance, amounts: int) -> Decimal:
    """How far two figures may be apart by rounding: each rounded amount 0.005 万元 (numbers.py)."""
    return tolerance.amount_error * amounts


def _shown(value: Decimal) -> str:
    return f"{value:,.2f}"


@attrs.frozen
class AcrossCheck:
    findings: list[Finding7]
    pairing: Pairing
    comparisons: list[Comparison]


def check_reports(reports: Sequence[ReportFacts], tolerance: Tolerance) -> AcrossCheck:
    """Every ZL7xx finding among the reports, the pairing and every comparison (for `--verbose`)."""
    pairing = pair(reports)
    compared: list[Comparison] = []
    findings = [
        *_previous_year(pairing, tolerance, compared),
        *_budget_reports(pairing, tolerance, compared),
        *_department_units(pairing, tolerance, compared),
        *_names(pairing),
    ]
    return AcrossCheck(findings, pairing, compared)


def _compared(
    compared: list[Comparison],
    code: str,
    report: ReportFacts,
    figure: Figure,
    other: ReportFacts,
    found: Figure,
    agrees: bool,
) -> bool:
    compared.append(
        Comparison(
            code,
            report.path,
            figure.line,
            figure.key,
            figure.value,
            other.path,
            found.line,
            found.value,
            agrees,
        )
    )
    return agrees


def _report_name(report: ReportFacts) -> str:
    return f"{report.year}年{report.level or ''}{report.kind or ''}（{report.path}）"


def _disagreeing(
    code: str,
    reports: Sequence[ReportFacts],
    stated: Callable[[ReportFacts], Sequence[Figure]],
    other: ReportFacts,
    tolerance: Tolerance,
    compared: list[Comparison],
) -> Iterator[tuple[ReportFacts, Figure, Figure, Decimal]]:
    """Each figure that ``reports`` state of ``other`` (``stated``) against the figure of the same key
    that ``other`` publishes, every comparison recorded in ``compared``: the report, the stated
    figure, the published one and their difference, for those that disagree beyond rounding."""
    published = {figure.key: figure for figure in other.current}
    for report in reports:
        for claimed in stated(report):
            figure = published.get(claimed.key)
            if figure is None:
                continue
            difference = claimed.value - figure.value
            agrees = abs(difference) <= _limit(tolerance, claimed.amounts + figure.amounts)
            if not _compared(compared, code, report, claimed, other, figure, agrees):
                yield report, claimed, figure, difference


def _previous_year(pairing: Pairing, tolerance: Tolerance, compared: list[Comparison]) -> Iterator[Finding7]:
    for (key, year, level, kind), reports in pairing.reports.items():
        earlier = pairing.find(key, year - 1, level, kind)
        if earlier is None:
            continue
        disagreeing = _disagreeing(
            PREVIOUS_YEAR.code, reports, lambda report: report.previous, earlier, tolerance, compared
        )
        for report, claimed, figure, difference in disagreeing:
            how = f"（{claimed.text}）" if claimed.how in ("change", "same") else ""
            message = (
                f"本报告中“{claimed.key}”的上年数为 {_shown(claimed.value)} 万元{how}，"
                f"而{_report_name(earlier)}第 {figure.line} 行为 {_shown(figure.value)} 万元，"
                f"相差 {_shown(difference)} 万元"
            )
            related = _place(
                earlier, figure, f"{earlier.year}年报告中的“{figure.key}”：{_shown(figure.value)} 万元"
            )
            yield Finding7(PREVIOUS_YEAR, message, _place(report, claimed), (related,))


def _budget_reports(pairing: Pairing, tolerance: Tolerance, compared: list[Comparison]) -> Iterator[Finding7]:
    for (key, year, level, kind), reports in pairing.reports.items():
        if kind != "决算":
            continue
        budget = pairing.find(key, year, level, "预算")
        if budget is None:
            continue
        disagreeing = _disagreeing(
            BUDGET_REPORT.code, reports, lambda report: report.budget, budget, tolerance, compared
        )
        for report, quoted, figure, difference in disagreeing:
            message = (
                f"决算中“{quoted.key}”的年初预算为 {_shown(quoted.value)} 万元，"
                f"而{_report_name(budget)}第 {figure.line} 行为 {_shown(figure.value)} 万元，"
                f"相差 {_shown(difference)} 万元"
            )
            related = _place(
                budget, figure, f"{budget.year}年预算中的“{figure.key}”：{_shown(figure.value)} 万元"
            )
            yield Finding7(BUDGET_REPORT, message, _place(report, quoted), (related,))


def _department_units(
    pairing: Pairing, tolerance: Tolerance, compared: list[Comparison]
) -> Iterator[Finding7]:
    for (key, year, level, kind), departments in pairing.reports.items():
        if level != "部门":
            continue
        units = pairing.reports.get((key, year, "单位", kind), [])
        if not units:
            continue
        for department in departments:
            one = department.unit_count == 1 and len(units) == 1
            for figure in department.current:
                parts = [
                    (unit, found)
                    for unit in units
                    if (found := unit.figure("current", figure.key)) is not None
                ]
                if not parts or figure.value < 0 or any(found.value < 0 for _, found in parts):
                    continue
                total = sum((found.value for _, found in parts), Decimal(0))
                limit = _limit(tolerance, 1 + len(parts))
                agrees = abs(figure.value - total) <= limit if one else figure.value >= total - limit
                summed = attrs.evolve(parts[0][1], value=total)
                _compared(compared, DEPARTMENT_UNITS.code, department, figure, parts[0][0], summed, agrees)
                if agrees:
                    continue
                if one:
                    message = (
                        f"本部门只包括一个单位，部门报告中“{figure.key}”为 {_shown(figure.value)} 万元，"
                        f"单位报告（{parts[0][0].path}）第 {parts[0][1].line} 行为 {_shown(total)} 万元"
                    )
                else:
                    names = "、".join(
                        f"{unit.path} 第 {found.line} 行 {_shown(found.value)}" for unit, found in parts
                    )
                    message = (
                        f"部门报告中“{figure.key}”为 {_shown(figure.value)} 万元，小于所给单位报告之和 "
                        f"{_shown(total)} 万元（{names}）"
                    )
                related = tuple(
                    _place(unit, found, f"单位报告中的“{found.key}”：{_shown(found.value)} 万元")
                    for unit, found in parts
                )
                yield Finding7(DEPARTMENT_UNITS, message, _place(department, figure), related)


def _names(pairing: Pairing) -> Iterator[Finding7]:
    for reports in pairing.units().values():
        first = reports[0]
        assert first.unit is not None
        for report in reports[1:]:
            assert report.unit is not None
            if written_name(report.unit) == written_name(first.unit):
                continue
            message = (
                f"本报告的单位名称写作“{report.unit}”，{_report_name(first)}写作“{first.unit}”"
                f"（同一单位：{unit_key(first.unit)}）"
            )
            related = (_name_place(first, f"另一报告中的单位名称：{first.unit}"),)
            yield Finding7(NAME_ACROSS, message, _name_place(report, message), related)
