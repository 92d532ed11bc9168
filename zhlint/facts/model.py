"""The facts of one report and their JSON form (``zhlint facts``; the schema is in docs/facts.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

SCHEMA = "zhlint-facts/1"  # the `version` field of the JSON form; a reader refuses any other


# A figure's value in 万元: an amount of a public report has at most some twelve digits before the
# point and a few after; a value like 1E+999999999 would be a billion digits when formatted.
_LARGEST_EXPONENT = 15
_SMALLEST_EXPONENT = -12
_LONGEST_TEXT = 400  # a key, a label, a unit name or a path from a history file, in characters
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _sane(value: Decimal) -> bool:
    return value.is_finite() and (value == 0 or _SMALLEST_EXPONENT <= value.adjusted() <= _LARGEST_EXPONENT)


def _clean(text: str) -> str:
    """A string from a history file as messages may show it: no control characters (a terminal
    escape in a path), bounded length."""
    return _CONTROL.sub("\ufffd", text[:_LONGEST_TEXT])


class FactsError(ValueError):
    """A facts JSON that is not of this schema, or is malformed; the message says where."""


@attrs.frozen
class Figure:
    """One amount in 万元 that a report states, or that follows from what it states, and its place.

    ``key`` names the quantity (the claims' canonical subject, with ``（财政拨款）`` when the text
    says it is the 财政拨款 part); ``how`` says how it was read: ``table`` (the cell the prose
    names), ``prose`` (the prose alone), ``stated`` (a previous-year figure written out),
    ``change`` (this year's figure less the change: ``21940.96 − 3958.98``) or ``same``
    (`与上年持平`). ``amounts`` is how many rounded amounts it was computed from (its rounding).
    """

    key: str
    value: Decimal
    line: int
    column: int
    end_line: int
    end_column: int
    how: str
    text: str = ""  # the computation or the words it stands in, for messages
    amounts: int = 1
    start: int = 0  # the character offsets in the report's text (for editors and the HTML report)
    end: int = 0


@attrs.frozen
class ReportFacts:
    """A report's identity and key figures: about its own year (``current``), the year before
    (``previous``) and, for a 决算, the 年初预算 it quotes (``budget``)."""

    path: str
    unit: str | None  # the unit's name as the report writes it
    year: int | None
    level: str | None  # 部门 / 单位, None when the report does not say
    kind: str | None  # 预算 / 决算
    current: tuple[Figure, ...] = ()
    previous: tuple[Figure, ...] = ()
    budget: tuple[Figure, ...] = ()
    unit_count: int | None = None  # how many 单位 a 部门 report says it consolidates
    unit_line: int | None = None  # where the name was read

    def figure(self, group: str, key: str) -> Figure | None:
        for figure in getattr(self, group):
            if figure.key == key:
                return figure  # type: ignore[no-any-return]
        return None


_GROUPS = ("current", "previous", "budget")


def facts_to_json(reports: Sequence[ReportFacts]) -> dict[str, object]:
    """The documented JSON form of some reports' facts (docs/facts.md)."""
    return {"version": SCHEMA, "reports": [_report_json(report) for report in reports]}


def _report_json(report: ReportFacts) -> dict[str, object]:
    found: dict[str, object] = {
        "path": report.path,
        "unit": report.unit,
        "unit_line": report.unit_line,
        "year": report.year,
        "level": report.level,
        "kind": report.kind,
        "unit_count": report.unit_count,
    }
    for group in _GROUPS:
        found[group] = [_figure_json(figure) for figure in getattr(report, group)]
    return found


def _figure_json(figure: Figure) -> dict[str, object]:
    return {
        "key": figure.key,
        "value": str(figure.value),  # a string: JSON numbers are floats to most readers
        "line": figure.line,
        "column": figure.column,
        "end_line": figure.end_line,
        "end_column": figure.end_column,
        "how": figure.how,
        "text": figure.text,
        "amounts": figure.amounts,
        "start": figure.start,
        "end": figure.end,
    }


def facts_from_json(data: Any) -> list[ReportFacts]:
    """Reports' facts from their JSON form; FactsError says what is wrong with it."""
    if not isinstance(data, Mapping) or data.get("version") != SCHEMA:
        found = data.get("version") if isinstance(data, Mapping) else type(data).__name__
        raise FactsError(f"不是 {SCHEMA} 格式的事实文件（version: {found!r}）")
    reports = data.get("reports")
    if not isinstance(reports, list):
        raise FactsError("事实文件缺少 reports 列表")
    return [_report_from_json(entry, index) for index, entry in enumerate(reports)]


def _report_from_json(entry: Any, index: int) -> ReportFacts:
    where = f"reports[{index}]"
    if not isinstance(entry, Mapping):
        raise FactsError(f"{where} 不是对象")
    groups = {
        group: tuple(_figure_from_json(item, f"{where}.{group}") for item in _list(entry, group, where))
        for group in _GROUPS
    }
    return ReportFacts(
        path=_clean(_typed(entry, "path", str, where)),
        unit=_clean(unit) if (unit := _optional(entry, "unit", str, where)) is not None else None,
        year=_optional(entry, "year", int, where),
        level=_choice(entry, "level", ("部门", "单位"), where),
        kind=_choice(entry, "kind", ("预算", "决算"), where),
        unit_count=_optional(entry, "unit_count", int, where),
        unit_line=_optional(entry, "unit_line", int, where),
        **groups,
    )


_INTS = ("line", "column", "end_line", "end_column")
_OPTIONAL_INTS = ("amounts", "start", "end")


def _figure_from_json(item: Any, where: str) -> Figure:
    """One figure; a well-formed one through a fast path (a history holds tens of thousands)."""
    if type(item) is dict:
        key, value, how, text = item.get("key"), item.get("value"), item.get("how"), item.get("text", "")
        ints: list[Any] = [item.get(name) for name in _INTS]
        optional: list[Any] = [item.get(name) for name in _OPTIONAL_INTS]
        if (
            type(key) is str
            and type(value) is str
            and type(how) is str
            and (text is None or type(text) is str)
            and all(type(number) is int for number in ints)
            and all(number is None or type(number) is int for number in optional)
        ):
            try:
                amount = Decimal(value)
            except InvalidOperation:
                amount = None
            short = (
                len(key) <= _LONGEST_TEXT and len(how) <= _LONGEST_TEXT and len(text or "") <= _LONGEST_TEXT
            )
            if amount is not None and _sane(amount) and short:
                line, column, end_line, end_column = ints
                amounts, start, end = optional
                return Figure(
                    _clean(key),
                    amount,
                    line,
                    column,
                    end_line,
                    end_column,
                    _clean(how),
                    _clean(text or ""),
                    amounts or 1,
                    start or 0,
                    end or 0,
                )
    return _checked_figure(item, where)


def _checked_figure(item: Any, where: str) -> Figure:
    """As :func:`_figure_from_json`, field by field, to say what is wrong."""
    if not isinstance(item, Mapping):
        raise FactsError(f"{where} 中有一项不是对象")
    try:
        value = Decimal(_typed(item, "value", str, where))
    except InvalidOperation:
        raise FactsError(f"{where}: value 不是数字: {item.get('value')!r}") from None
    if not _sane(value):
        raise FactsError(f"{where}: value 不是报告中的金额: {_clean(str(item.get('value')))!r}")
    return Figure(
        key=_clean(_typed(item, "key", str, where)),
        value=value,
        line=_typed(item, "line", int, where),
        column=_typed(item, "column", int, where),
        end_line=_typed(item, "end_line", int, where),
        end_column=_typed(item, "end_column", int, where),
        how=_clean(_typed(item, "how", str, where)),
        text=_clean(_optional(item, "text", str, where) or ""),
        amounts=_optional(item, "amounts", int, where) or 1,
        start=_optional(item, "start", int, where) or 0,
        end=_optional(item, "end", int, where) or 0,
    )


def _choice(entry: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str) -> str | None:
    value = _optional(entry, key, str, where)
    if value is not None and value not in choices:
        raise FactsError(f"{where}.{key} 应是 {'、'.join(choices)} 或 null，而是 {_clean(value)!r}")
    return value  # type: ignore[no-any-return]


def _list(entry: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise FactsError(f"{where}.{key} 不是列表")
    return value


def _typed(entry: Mapping[str, Any], key: str, kind: type[Any], where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise FactsError(f"{where}.{key} 应是 {kind.__name__}，而是 {_clean(repr(value))}")
    return value


def _optional(entry: Mapping[str, Any], key: str, kind: type[Any], where: str) -> Any:
    return None if entry.get(key) is None else _typed(entry, key, kind, where)
