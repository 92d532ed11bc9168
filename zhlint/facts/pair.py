"""Pairing reports: the same unit across years, kinds (预算/决算) and levels (部门/单位).

A unit's name is written in several ways across its reports: `XX局（本级）`, `XX局(本级)`, `XX局`,
`XX局（XX办）`. ``unit_key`` reads them as one: no spaces, 本级/本部 dropped, any parenthesised
part dropped, brackets of either width.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from zhlint.facts.model import ReportFacts

_SPACES = re.compile(r"[\s\u3000]+")
_OWN_LEVEL = re.compile(r"[（(](?:本级|本部|机关本级|机关)[)）]|本级$|本部$")
_PARENTHESISED = re.compile(r"[（(][^（()）]{0,40}[)）]")


def unit_key(name: str) -> str:
    """The name that pairs a unit's reports (see the module's docstring)."""
    name = _SPACES.sub("", name)
    name = _OWN_LEVEL.sub("", name)
    return _PARENTHESISED.sub("", name)


def written_name(name: str) -> str:
    """The name as written, but for spaces, bracket width and 本级: what ZL704 compares."""
    name = _SPACES.sub("", name).replace("(", "（").replace(")", "）")
    return _OWN_LEVEL.sub("", name)


@attrs.frozen
class Pairing:
    """The reports that could be paired, by (unit key, year, level, kind), and why the others
    could not (``unpaired``: path and reason)."""

    reports: dict[tuple[str, int, str, str], list[ReportFacts]]
    unpaired: tuple[tuple[str, str], ...]

    def find(self, key: str, year: int, level: str, kind: str) -> ReportFacts | None:
        found = self.reports.get((key, year, level, kind))
        return found[0] if found else None

    def units(self) -> dict[str, list[ReportFacts]]:
        """The reports of each unit, by unit key, in year order."""
        grouped: dict[str, list[ReportFacts]] = {}
        for (key, _, _, _), reports in sorted(
            self.reports.items(), key=lambda item: (item[0][0], item[0][1])
        ):
            grouped.setdefault(key, []).extend(reports)
        return grouped


def identity(report: ReportFacts) -> tuple[str, int, str, str] | str:
    """The pairing key of a report, or why it has none."""
    if not report.unit or len(unit_key(report.unit)) < 4:
        return "没有读出单位名称"
    if report.year is None:
        return "没有读出报告年度"
    if report.kind is None or report.level is None:
        return "看不出是部门还是单位、预算还是决算"
    return unit_key(report.unit), report.year, report.level, report.kind


def pair(reports: Sequence[ReportFacts]) -> Pairing:
    """Index reports by unit, year, level and kind, in one pass (linear in the batch)."""
    indexed: dict[tuple[str, int, str, str], list[ReportFacts]] = {}
    unpaired: list[tuple[str, str]] = []
    for report in reports:
        found = identity(report)
        if isinstance(found, str):
            unpaired.append((report.path, found))
        else:
            indexed.setdefault(found, []).append(report)
    return Pairing(indexed, tuple(unpaired))


def lonely(pairing: Pairing) -> list[tuple[str, str]]:
    """The paired reports that no other report shares a unit with: nothing to compare them with."""
    units = pairing.units()
    return [
        (reports[0].path, f"没有同一单位（{reports[0].unit}）的其他年度或类型的报告")
        for reports in units.values()
        if len(reports) == 1
    ]
