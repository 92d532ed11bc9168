"""The 绩效自评表 of the appendix: the 分值 and 得分 of each indicator, and the 总分 row.

These tables are not among the nine standard tables and are the most garbled of all (labels on
the wrong rows, cells shifted one position left, a cell split over lines). So they are read by
shape, not by position: after a header row naming 分值 and 得分, a row contributes the last two
numbers it has at or right of the 分值 column (shifted rows lose a cell in front), and the
总分 row gives the two totals.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import regex

from zhlint.document import Cell, Table
from zhlint.numbers import Number, find_numbers, parse_decimal
from zhlint.text import MappedText

if TYPE_CHECKING:
    from zhlint.rules.base import LintContext


@attrs.frozen
class ScoreRow:
    weight: Cell  # 分值
    score: Cell  # 得分


@attrs.frozen
class FundFigure:
    """An amount the 整体支出绩效自评表 states about the unit's money (`基本支出：516.56`)."""

    label: str  # 一般公共预算 / 基本支出 / 项目支出 / 全年执行数
    number: Number


@attrs.frozen
class ScoreBlock:
    """A 一级指标 group whose label states its 分值, and the indicator rows that belong to it."""

    label: Cell  # `产出指标（40分）`
    group: str  # 产出 / 效益 / 满意度 / 成本
    weight: Decimal  # the 分值 the label states
    rows: tuple[ScoreRow, ...]


@attrs.frozen
class ScoreTable:
    """A 绩效自评表: its indicator rows and the 总分 row (None when the table stops before it)."""

    table: Table
    rows: tuple[ScoreRow, ...]
    total: ScoreRow | None
    funds: tuple[FundFigure, ...] = ()
    blocks: tuple[ScoreBlock, ...] = ()  # only the groups whose label and rows read unambiguously


_TOTAL = regex.compile(r"^总\s*分$")


def score_tables_of(context: LintContext) -> tuple[ScoreTable, ...]:
    """The document's 绩效自评表, read once per document."""
    cached = context.extras.get("score_tables")
    if isinstance(cached, tuple):
        return cached
    found = tuple(
        table for block in context.document.tables if (table := read_score_table(block)) is not None
    )
    context.extras["score_tables"] = found
    return found


def read_score_table(table: Table) -> ScoreTable | None:
    """The score rows of ``table``, or None when it has no 分值/得分 header."""
    weight_position: int | None = None
    rows: list[ScoreRow] = []
    total: ScoreRow | None = None
    groups = _Groups()
    for row in table.rows:
        cells = row.cells
        header = _weight_column(cells)
        if header is not None:
            weight_position = header
            groups = _Groups()  # a new header (年度资金总额, then 绩效指标) starts the indicators anew
            groups.read(cells, None)
            continue
        if weight_position is None:
            continue
        if _is_total(cells):  # shifted further left than any other row in some tables
            total = _last_two_numbers(cells, 0)
            break
        pair = _last_two_numbers(cells, weight_position - 1)
        groups.read(cells, pair)
        if pair is not None:
            rows.append(pair)
    if weight_position is None or (not rows and total is None):
        return None
    blocks = groups.blocks(closed=total is not None)
    return ScoreTable(table, tuple(rows), total, tuple(fund_figures(table)), blocks)


# 二级指标 → 一级指标 of the template. `成本指标` under 产出 is a 二级指标; the 一级 成本指标 has
# 经济成本指标 and the like under it.
_SECOND_LEVEL = {
    "数量指标": "产出",
    "质量指标": "产出",
    "时效指标": "产出",
    "成本指标": "产出",
    "经济效益指标": "效益",
    "社会效益指标": "效益",
    "生态效益指标": "效益",
    "可持续影响指标": "效益",
    "服务对象满意度指标": "满意度",
    "经济成本指标": "成本",
    "社会成本指标": "成本",
    "生态环境成本指标": "成本",
}
_FIRST_LEVEL = {"产出指标": "产出", "效益指标": "效益", "满意度指标": "满意度", "成本指标": "成本"}
_NUMBER = r"\d+(?:\.\d+)?"
_LABEL = regex.compile(
    rf"^(?P<name>\p{{Han}}*)[(（](?:分值[:：]?(?P<first>{_NUMBER})分?|(?P<last>{_NUMBER})分值?)[)）]$"
)
_LABEL_COLUMNS = 2  # a label stands in the first column or in the 一级指标 column


@attrs.define
class _Label:
    cell: Cell
    group: str | None  # None: `(50 分)` or `绩效指标 (40分)`, the group of the rows from here on
    weight: Decimal


@attrs.define
class _Groups:
    """The indicator rows by 一级指标 and the labels met, read row by row."""

    current: str | None = None
    rows: list[tuple[str | None, ScoreRow]] = attrs.field(factory=list)
    labels: list[_Label] = attrs.field(factory=list)
    pending: list[_Label] = attrs.field(factory=list)  # unnamed labels waiting for a group

    def read(self, cells: Sequence[Cell], pair: ScoreRow | None) -> None:
        label = _label(cells)
        if label is not None:
            self.labels.append(label)
            if label.group is None:
                self.pending.append(label)
        texts = ["".join(cell.text.split()) for cell in cells if cell is not _label_cell(label)]
        found = [self._second_level(text, label) for text in texts if text in _SECOND_LEVEL]
        found = found or [_FIRST_LEVEL[text] for text in texts if text in _FIRST_LEVEL]
        if not found and label is not None and label.group is not None:
            found = [label.group]  # `产出指标（40分）` on a row without a 二级指标 name
        if found:
            self.current = found[0]
        if pair is None:
            return
        self.rows.append((self.current, pair))
        for waiting in self.pending:
            waiting.group = self.current
        self.pending.clear()

    def _second_level(self, text: str, label: _Label | None) -> str:
        """The group of a 二级指标; `成本指标` is the 一级 成本指标 itself inside a 成本 block."""
        if text == "成本指标" and "成本" in (self.current, label.group if label else None):
            return "成本"
        return _SECOND_LEVEL[text]

    def blocks(self, *, closed: bool) -> tuple[ScoreBlock, ...]:
        """The labelled groups; none when a row's group is unknown (the names were not read)."""
        if not self.labels or any(group is None for group, _ in self.rows):
            return ()
        named = [label.group for label in self.labels]
        last = self.rows[-1][0] if self.rows else None
        found = []
        for label in self.labels:
            if label.group is None or named.count(label.group) > 1:
                continue  # no rows after it, or two labels for one group: ambiguous
            if label.group == last and not closed:
                continue  # the table stops without 总分: the last group may go on
            rows = tuple(pair for group, pair in self.rows if group == label.group)
            if rows:
                found.append(ScoreBlock(label.cell, label.group, label.weight, rows))
        return tuple(found)


def _label_cell(label: _Label | None) -> Cell | None:
    return label.cell if label is not None else None


def _label(cells: Sequence[Cell]) -> _Label | None:
    """`产出指标（40分）`, `(50 分)`, `绩效指标 (40分)`, `效益指标（分值30）` in the first columns."""
    for cell in cells[:_LABEL_COLUMNS]:
        match = _LABEL.match("".join(cell.text.split()))
        if match is None:
            continue
        name = match.group("name")
        if name and name != "绩效指标" and name not in _FIRST_LEVEL:
            return None
        weight = parse_decimal(match.group("first") or match.group("last"))
        if weight is None:
            return None
        return _Label(cell, _FIRST_LEVEL.get(name), weight)
    return None


_FUND_LABEL = regex.compile(r"(?P<label>一般公共预算|基本支出|项目支出)\s*[:：]\s*$")


def fund_figures(table: Table) -> Iterator[FundFigure]:
    """`一般公共预算：526.36`, `基本支出：516.56`, `项目支出：9.8` and the 全年执行数 of 年度资金总额.

    Only the table of the whole unit (部门整体支出) names 一般公共预算 this way; a project's table
    (项目支出绩效自评表) says 当年财政拨款 and is not read here.
    """
    labelled = [figure for row in table.rows for cell in row.cells for figure in _labelled(cell)]
    if not any(figure.label == "一般公共预算" for figure in labelled):
        return
    yield from labelled
    executed = _executed(table)
    if executed is not None:
        yield executed


def _cell_numbers(cell: Cell) -> list[Number]:
    mapped = MappedText(cell.text, (*range(cell.span.start, cell.span.end), cell.span.end))
    return find_numbers(mapped)


def _labelled(cell: Cell) -> Iterator[FundFigure]:
    for number in _cell_numbers(cell):
        before = cell.text[: number.span.start - cell.span.start]
        match = _FUND_LABEL.search(before)
        if match is not None:
            yield FundFigure(match.group("label"), number)


def _executed(table: Table) -> FundFigure | None:
    """The 全年执行数 of the 年度资金总额 row, by the header's column."""
    position: int | None = None
    for row in table.rows:
        texts = ["".join(cell.text.split()) for cell in row.cells]
        if "全年执行数" in texts:
            position = texts.index("全年执行数")
        elif position is not None and "年度资金总额" in texts and position < len(row.cells):
            numbers = _cell_numbers(row.cells[position])
            return FundFigure("全年执行数", numbers[0]) if len(numbers) == 1 else None
    return None


def _weight_column(cells: Sequence[Cell]) -> int | None:
    """The position of 分值 in a header row that also names 得分."""
    texts = ["".join(cell.text.split()) for cell in cells]
    if "分值" in texts and "得分" in texts:
        return texts.index("分值")
    return None


def _is_total(cells: Sequence[Cell]) -> bool:
    first = next((cell.text for cell in cells if cell.text), "")
    return bool(_TOTAL.match(first))


def _last_two_numbers(cells: Sequence[Cell], start: int) -> ScoreRow | None:
    """The 分值 and 得分 of a row: its last two numbers from ``start`` on (percentages excluded)."""
    numbers = [cell for cell in cells[max(start, 0) :] if cell.value is not None and cell.text.strip("-—－")]
    if len(numbers) < 2:
        return None
    return ScoreRow(numbers[-2], numbers[-1])
