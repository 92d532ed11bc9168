"""The 功能分类 科目代码 of a report's tables, for pairing figures of 类/款/项 across reports by code.

A 类 (3 digits), 款 (5) or 项 (7) of the 功能分类 (codes 2xx; the 经济分类's 3xx/5xx are not read)
is the same quantity in two years' reports under the same code, whatever 款 path or wording the
prose gives it (`检察（款）行政运行（项）支出` in one year, `行政运行（项）支出` the next). A figure
whose name one of the report's tables gives a code is keyed by that code; one with no code keeps its
name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from zhlint.document.segment import Document, Table

_CODE = re.compile(r"2\d{2}(?:\d{2}){0,2}")
_MARKS = re.compile(r"[（(](?:类|款|项)[）)]")
_PATH = re.compile(r"^.*[（(](?:类|款)[）)]")  # `检察（款）行政运行（项）支出`: the part after the 款
_SUFFIX = re.compile(r"(?:支出|费)+$")
_ONLY_YUAN = re.compile(r"单位[：:][ \t]*元")


def code_key(code: str) -> str:
    return f"科目{code}"


def bare_name(name: str) -> str:
    """A 类/款/项 name as tables and prose both write it: after the 款 path, without （项）, 的 and
    a trailing 支出/费 (`未归口管理行政单位离退休费（项）支出` = `未归口管理的行政单位离退休`)."""
    name = _PATH.sub("", name.replace(" ", "").replace("\u3000", ""))
    return _SUFFIX.sub("", _MARKS.sub("", name).replace("的", ""))


@attrs.frozen
class CodedAmount:
    code: str
    name: str
    value: Decimal  # 万元
    start: int
    end: int


@attrs.frozen
class Codes:
    """The codes of a report's tables: a code by bare name, and the amounts each table gives it."""

    by_name: dict[str, str]
    amounts: dict[str, list[CodedAmount]]
    unit: str | None = None  # the report's unit name: the keys of names without a code drop it

    def code_of(self, name: str) -> str | None:
        bare = bare_name(name)
        return self.by_name.get(bare) if len(bare) >= 2 else None


def table_scale(table: Table) -> Decimal | None:
    """万元 or 元 from the caption or the table's first rows (`部门：…\t单位：万元`)."""
    caption = " ".join([*(line.text for line in table.caption), *(row.text for row in table.rows[:4])])
    if "万元" in caption:
        return Decimal(1)
    if _ONLY_YUAN.search(caption):
        return Decimal("0.0001")
    return None  # no unit said: not read


def _rows(table: Table, scale: Decimal) -> Iterator[CodedAmount]:
    for row in table.rows:
        cells = [cell for cell in row.cells if cell.text]
        if len(cells) < 3 or not _CODE.fullmatch(cells[0].text) or cells[1].value is not None:
            continue
        amount = cells[2]
        if amount.value is None or not amount.is_written_number:
            continue
        yield CodedAmount(cells[0].text, cells[1].text, amount.value * scale, amount.start, amount.end)


def codes_of(document: Document) -> Codes:
    by_name: dict[str, set[str]] = {}
    amounts: dict[str, list[CodedAmount]] = {}
    for block in document.blocks:
        if not isinstance(block, Table):
            continue
        scale = table_scale(block)
        if scale is None:
            continue
        for found in _rows(block, scale):
            by_name.setdefault(bare_name(found.name), set()).add(found.code)
            amounts.setdefault(found.code, []).append(found)
    unique = {name: next(iter(codes)) for name, codes in by_name.items() if len(codes) == 1 and name}
    return Codes(unique, amounts)


__all__ = ["CodedAmount", "Codes", "bare_name", "code_key", "codes_of", "table_scale"]
