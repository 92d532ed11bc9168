"""The appendix tables: what the 绩效自评表 and the 基础数据表 state, read once per document.

Six readers, each run once per document by :class:`zhlint.analysis.context.LintContext`:

* score tables (``read_score_tables``, ZL308): the 分值 and 得分 of each indicator of a 绩效自评表,
  the 一级指标 blocks whose label states a 分值 (`产出指标（40分）`), and the 总分 row. These
  tables are the most garbled of all (labels on the wrong rows, cells shifted one position
  left, a cell split over lines), so a row is read at the header's 分值/得分 columns when it is
  in place, by its last two numbers when it is visibly shifted, and not at all (the table's
  sums are then not checked) when it could be either;
* fund blocks (``read_fund_blocks``, ZL309–ZL311): the 年度资金总额 row and its 资金来源 rows by
  the header's columns, the breakdowns 按收入性质 / 按支出性质, whether the form's note says
  得分 = 分值 × 执行率, and the cost targets (``CostTarget``): the `N 万元` 年度指标值 of the
  成本指标 rows (not of savings such as 节约成本, which are rightly floors); a 项目支出绩效自评表's
  block also carries the project's name (``ProjectName``), by which ``project_index`` (ZL208)
  finds the form a narrative paragraph restates;
* listed sums (``read_listed_sums``, ZL310): numbered items under a row that announces them, and
  the 专项 of a `一个专项一行` row, a list the form does not close (see ``_one_per_row``);
* staff rates (``read_staff_rates``, ZL309): 编制数, 实际在职人数 and the 控制率 of the 基础数据表;
* control blocks (``read_control_blocks``, ZL210): the report year's 预算数 and 决算数 of the 三公
  rows and of 会议费、培训费 in the 基础数据表's 经费控制情况 block, by the header's year columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs
import regex

from zhlint.diagnostics import Span
from zhlint.document.segment import Cell, Document, Row, Table
from zhlint.read.numbers import (
    DEFAULT_TOLERANCE,
    ZERO,
    Number,
    Tolerance,
    Verdict,
    check_sum,
    find_numbers,
    parse_decimal,
    places_of,
)
from zhlint.read.patterns import lazy_compile
from zhlint.read.text import compact
from zhlint.tables.model import Tables


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
    unsure: bool = False  # a row could be read two ways: its sums are not checked


# Patterns run on every cell or caption line use the standard `re` engine, which starts a match
# about twice as fast as `regex` on short strings; `regex` is kept where its features are needed.
_TOTAL = re.compile(r"^总\s*分$")


def read_score_tables(document: Document) -> tuple[ScoreTable, ...]:
    """The document's 绩效自评表 (ZL308)."""
    return tuple(table for block in document.tables if (table := read_score_table(block)) is not None)


def read_score_table(table: Table) -> ScoreTable | None:
    """The score rows of ``table``, or None when it has no 分值/得分 header."""
    if not any("得" in row.text for row in table.rows):
        return None  # no row can be a 得分 header: most tables of a report, skipped at once
    header: _Header | None = None
    rows: list[ScoreRow] = []
    total: ScoreRow | None = None
    groups = _Groups()
    unsure = False
    for row in table.rows:
        cells = row.cells
        found = _header(cells)
        if found is not None:
            header = found
            groups = _Groups()  # a new header (年度资金总额, then 绩效指标) starts the indicators anew
            groups.read(cells, None)
            continue
        if header is None:
            continue
        if _is_total(cells):  # shifted further left than any other row in some tables
            total = _last_two_numbers(cells, 0)
            break
        pair, unsure_row = _score_pair(cells, header)
        unsure = unsure or unsure_row
        groups.read(cells, pair)
        if pair is not None:
            rows.append(pair)
    if header is None or (not rows and total is None):
        return None
    blocks = () if unsure else groups.blocks(closed=total is not None)
    return ScoreTable(table, tuple(rows), total, tuple(fund_figures(table)), blocks, unsure)


@attrs.frozen
class _Header:
    """The columns a 分值/得分 header names: 分值, 得分 and 二级指标 (None when not named)."""

    weight: int
    score: int
    second: int | None


def _score_pair(cells: Sequence[Cell], header: _Header) -> tuple[ScoreRow | None, bool]:
    """The 分值 and 得分 of an indicator row, and whether the row may be read two ways (unsure).

    A row that has numbers at the header's 分值 and 得分 columns is read there. A row with a
    blank 得分 (`培训人数 | 100 | 120 | 30 |`) and a row shifted one cell left (`满意度 | 10 | 9 |`)
    look alike. A row that stops before the 得分 column, or whose 二级指标 name stands left of the
    header's, is shifted: its last two numbers are read. A row whose name stands at the header's
    column, or with no number before the 分值, is in place: its blank 得分 is a zero. Otherwise
    the row is not read, and is unsure.
    """
    weight = cells[header.weight] if header.weight < len(cells) else None
    score = cells[header.score] if header.score < len(cells) else None
    if weight is not None and score is not None and _is_number(weight) and _is_number(score):
        return ScoreRow(weight, score), False
    shift = _shift(cells, header)
    if score is None or (shift is not None and shift > 0):
        return _last_two_numbers(cells, header.weight - 1), False
    if weight is not None and _is_number(weight) and not score.text:
        before = cells[header.weight - 1] if header.weight > 0 else None
        if shift == 0 or not _is_number(before):
            return ScoreRow(weight, score), False  # the 得分 left blank: a zero
        return None, True
    # Two numbers off the header's columns, and no name to say how far they moved: unsure. One
    # number (an amount of a 资金来源 row under the 年度资金总额 header) is no score.
    return None, _last_two_numbers(cells, header.weight - 1) is not None


def _shift(cells: Sequence[Cell], header: _Header) -> int | None:
    """How far left of the header's 二级指标 column the row's 二级指标 name stands (None: no name)."""
    if header.second is None:
        return None
    for cell in cells[: header.second + 1]:
        if cell.text and compact(cell.text) in _SECOND_LEVEL:
            return header.second - cell.column
    return None


def _is_number(cell: Cell | None) -> bool:
    return cell is not None and cell.value is not None and bool(cell.text.strip("-—－"))


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
_LABEL = regex.compile(  # \p{Han}: the regex module
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
        texts = [compact(cell.text) for cell in cells if cell is not _label_cell(label)]
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
        match = _LABEL.match(compact(cell.text))
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


_FUND_LABEL = re.compile(r"(?P<label>一般公共预算|基本支出|项目支出)\s*[:：]\s*$")


def fund_figures(table: Table) -> Iterator[FundFigure]:
    """`一般公共预算：526.36`, `基本支出：516.56`, `项目支出：9.8` and the 全年执行数 of 年度资金总额.

    Only the table of the whole unit (部门整体支出) names 一般公共预算 this way; a project's table
    (项目支出绩效自评表) says 当年财政拨款 and is not read here.
    """
    labelled = [
        figure
        for row in table.rows
        for cell in row.cells
        if "：" in cell.text or ":" in cell.text  # what every label ends with
        for figure in _labelled(cell)
    ]
    if not any(figure.label == "一般公共预算" for figure in labelled):
        return
    yield from labelled
    executed = _executed(table)
    if executed is not None:
        yield executed


def _cell_numbers(cell: Cell) -> list[Number]:
    mapped = cell.mapped
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
        texts = [compact(cell.text) for cell in row.cells]
        if "全年执行数" in texts:
            position = texts.index("全年执行数")
        elif position is not None and "年度资金总额" in texts and position < len(row.cells):
            numbers = _cell_numbers(row.cells[position])
            return FundFigure("全年执行数", numbers[0]) if len(numbers) == 1 else None
    return None


def _header(cells: Sequence[Cell]) -> _Header | None:
    """The columns of a header row that names 分值 and 得分."""
    if not any("得" in cell.text for cell in cells):
        return None
    texts = [compact(cell.text) for cell in cells]
    if "分值" in texts and "得分" in texts:
        second = texts.index("二级指标") if "二级指标" in texts else None
        return _Header(texts.index("分值"), texts.index("得分"), second)
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


# ---------------------------------------------------------------------------------------------
# The money rows of the 绩效自评表 (年度资金总额 and its 资金来源) and the lists of the 基础数据表


@attrs.frozen
class Figure:
    """An amount or a rate read from one cell (`526.36`, `5125.3 万元`, `82.79%`, `100.00 %`)."""

    cell: Cell
    value: Decimal
    places: int


@attrs.frozen
class FundRow:
    """A row of the 年度预算申请 / 项目资金 block, its figures by the header's column names."""

    label: str  # 年度资金总额 / 当年财政拨款 / 上年结转 / 其他资金
    row: Row
    figures: tuple[
        tuple[str, Figure], ...
    ]  # (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分, …)

    def get(self, name: str) -> Figure | None:
        for key, figure in self.figures:
            if key == name:
                return figure
        return None


@attrs.frozen
class Breakdown:
    """`按收入性质分：一般公共预算：540.44 … 其他资金：19.5` or `按支出性质分：基本支出：… 项目支出：…`."""

    side: str  # 收入 / 支出
    parts: tuple[tuple[str, Number | None], ...]  # label and its amount (None: left blank)
    anchor: Span  # the first part's label


@attrs.frozen
class ProjectName:
    """The project a 项目支出绩效自评表 is about: `项目支出名称 | 党史及地方志工作经费`."""

    cell: Cell  # the cell that holds the name
    name: str  # as written, without whitespace
    attachment: str  # `附件3-3` when the caption numbers the form, else ""


@attrs.frozen
class FundBlock:
    """The money block of a 绩效自评表: the 年度资金总额 row, its 资金来源 rows, its breakdowns."""

    total: FundRow
    sources: tuple[FundRow, ...]  # 当年财政拨款, 上年结转, 其他资金 of a 项目支出绩效自评表
    breakdowns: tuple[Breakdown, ...]
    score_by_rate: bool  # the form says 得分 = 分值 × 执行率
    cost_targets: tuple[CostTarget, ...] = ()
    project: ProjectName | None = None  # the 项目支出名称 row above the block, when read unambiguously
    unit: str = "万元"  # 元 when the header says its amounts are in 元


@attrs.frozen
class CostTarget:
    """A 成本指标 whose 年度指标值 is an amount: `经费控制数 | ≤60.48 万元`."""

    name: str  # the 三级指标 (the text cell before the figure)
    figure: Figure


_FUND_HEADERS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
_AMOUNT_CELL = re.compile(r"^(?P<n>\d[\d,]*(?:\.\d+)?)(?:万元)?$")
_RATE_CELL = re.compile(r"^(?P<n>\d+(?:\.\d+)?)[%％]$")
_SOURCE_LABEL = re.compile(r"^(?:其中[:：])?(?P<label>当年财政拨款|上年结转(?:金额)?|其[它他]资金)$")
_BREAKDOWN_PART = re.compile(
    r"(?P<label>一般公共预算|政府性基金(?:预算)?(?:拨款)?|纳入专户管理的非税收入拨款|其[它他]资金|基本支出|项目支出)"
    r"\s*[:：]\s*(?P<n>\d[\d,]*(?:\.\d+)?)?"
)
_EXPENDITURE_PARTS = frozenset({"基本支出", "项目支出"})
_SCORE_BY_RATE = re.compile(r"得分\W{0,3}[=＝]\W{0,3}分值\W{0,3}[×xX*＊]\W{0,3}执行率")
_BLOCK_END = re.compile(r"^(?:年度总体目标|绩效指标|一级指标)")


def figure_of(cell: Cell) -> Figure | None:
    """An amount (`5125.3 万元`) or a rate (`100.00 %`) written alone in a cell."""
    text = compact(cell.text)
    match = _AMOUNT_CELL.match(text) or _RATE_CELL.match(text)
    if match is None:
        return None
    written = match.group("n")
    value = parse_decimal(written)
    if value is None:
        return None
    return Figure(cell, value, places_of(written))


def read_fund_blocks(document: Document) -> tuple[FundBlock, ...]:
    """The document's 年度资金总额 blocks (ZL309–ZL311)."""
    return tuple(block for table in document.tables if (block := read_fund_block(table)) is not None)


def read_listed_sums(document: Document, tables: Tables, tolerance: Tolerance) -> tuple[ListedSum, ...]:
    """The listed parts of the document's tables that are not standard tables (ZL310)."""
    standard = {id(part) for table in tables.standard for part in (table.table, *table.parts)}
    return tuple(
        listed
        for table in document.tables
        if id(table) not in standard and any(_NUMBERED.match(_row_label(row)) for row in table.rows)
        for listed in listed_sums(table, tolerance)
    )


def read_fund_block(table: Table) -> FundBlock | None:
    """The 年度资金总额 block, read by the header's columns; None when a figure is not where it is named."""
    columns: dict[int, str] = {}
    total: FundRow | None = None
    sources: list[FundRow] = []
    breakdowns: list[Breakdown] = []
    names: list[Cell | None] = []
    in_yuan = any(_YUAN.search(compact(line.text)) for line in table.caption if "元" in line.text)
    for row in table.rows:
        if not columns:  # cheap tests first: most rows above the header name nothing, no unit
            if "名称" in row.text:
                names.extend(_project_cells(row))
            if "元" in row.text:
                in_yuan = in_yuan or any(_YUAN.search(compact(cell.text)) for cell in row.cells)
            if "执" not in row.text:
                continue
        texts = [compact(cell.text) for cell in row.cells]
        if not columns:
            if all(name in texts for name in _FUND_HEADERS[:3]):
                columns = {i: text for i, text in enumerate(texts) if text in _FUND_HEADERS}
            continue
        if any(_BLOCK_END.match(text) for text in texts[:2] if text):
            break
        label = next((text for text in texts if text), "")
        if label == "年度资金总额" or _SOURCE_LABEL.match(label):
            read = _fund_row(label, row, columns)
            if read is None:
                return None  # a figure off its column: nothing is read rather than a wrong figure
            if label == "年度资金总额":
                total = read
            else:
                sources.append(read)
            continue
        breakdowns.extend(_breakdown_parts(row))
    if total is None:
        return None
    notes = " ".join(paragraph.text.text for paragraph in table.notes)
    by_rate = bool(_SCORE_BY_RATE.search(notes))
    # One name, or none: two 项目名称 rows (or a name split over cells) leave the block unnamed.
    name = names[0] if len(names) == 1 else None
    project = ProjectName(name, compact(name.text), _attachment(table)) if name is not None else None
    return FundBlock(
        total,
        tuple(sources),
        _group_breakdowns(breakdowns),
        by_rate,
        tuple(_cost_targets(table)),
        project,
        "元" if in_yuan else "万元",
    )


_PROJECT_LABEL = re.compile(r"^项目(?:支出)?名称[:：]?")
_NEXT_LABEL = re.compile(r"^(?:主管部[门門]|实施单位|项目负责人|联系电话)")
# `项目资金（元）`, `单位：元` (not `（万元）`, `单位：万元`).
_YUAN = re.compile(r"[(（]元[)）]|单位[:：]元$")
# On first use: a check of report 000 never uses it; compiling took 0.5 ms CPU (issue 12).
_ATTACHMENT = lazy_compile(r"^附件\s*(?P<n>\d{1,2}(?:\s*[-－—]\s*\d{1,2})?)\s*$")


def _project_cells(row: Row) -> Iterator[Cell | None]:
    """The cell naming the project in a `项目支出名称 | X` row (None: the name is not one cell)."""
    cells = [cell for cell in row.cells if cell.text]
    for position, cell in enumerate(cells):
        label = _PROJECT_LABEL.match(compact(cell.text))
        if label is None:
            continue
        if label.end() < len(compact(cell.text)):
            yield cell  # `项目名称：X` in one cell: the name is the rest of it
            continue
        following = []
        for other in cells[position + 1 :]:
            if _NEXT_LABEL.match(compact(other.text)):
                break  # `项目名称 | X | 主管部门 | Y`: the name ends at the next label
            following.append(other)
        # The name is one cell; two (a name split over cells) make it unsure, a number is no name.
        if len(following) == 1 and following[0].value is None:
            yield following[0]
        else:
            yield None


def _attachment(table: Table) -> str:
    """`附件3-3` when a caption line numbers the form, for messages; else ""."""
    for line in reversed(table.caption):
        match = _ATTACHMENT.match(line.text.strip())
        if match is not None:
            return "附件" + compact(match.group("n")).replace("－", "-").replace("—", "-")
    return ""


def project_key(name: str) -> str:
    """A project's name as prose and table are compared: no whitespace, no trailing 项目."""
    key = compact(name).replace("（", "(").replace("）", ")").strip('“”"')
    return key.removesuffix("项目") or key


@attrs.frozen
class ProjectIndex:
    """The 项目支出绩效自评表 of a document by project name; a name that two forms carry is left out."""

    by_name: dict[str, FundBlock]

    def get(self, name: str) -> FundBlock | None:
        return self.by_name.get(project_key(name))


def project_index(blocks: Sequence[FundBlock]) -> ProjectIndex:
    """The name → fund block index of the document's project forms (ZL208)."""
    found: dict[str, list[FundBlock]] = {}
    for block in blocks:
        if block.project is not None and block.project.name:
            found.setdefault(project_key(block.project.name), []).append(block)
    # Two forms for one name: which one the prose restates is unknown, so neither is used.
    return ProjectIndex({key: forms[0] for key, forms in found.items() if len(forms) == 1})


_TARGET_CELL = re.compile(r"^(?:[≤≥<>＜＞]=?)?(?P<n>\d[\d,]*(?:\.\d+)?)万元$")
# The 一级/二级指标 of a cost: `成本指标（20分）`, `经济成本指标`, `成本控制…`. A 效益 row may name a
# cost too (`为企业降低成本`), and is not a cost target.
_COST_GROUP = re.compile(r"^(?:(?:经济|社会|生态环境)?成本指标|成本控制)")
_OTHER_GROUP = re.compile(
    r"^(?:数量|质量|时效|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度|产出|效益)指标"
)
# A saving (`节约成本 ≥5万元`) is rightly a floor, and is not the budget's ceiling.
_SAVING = re.compile(r"节约|降低|减少|节省")
_GROUP_COLUMNS = 4  # the 一级 and 二级 names stand in the first cells (after 绩效指标, if any)


def _cost_targets(table: Table) -> Iterator[CostTarget]:
    """The amounts that 成本指标 rows set as their target: the first `N 万元` cell after the name.

    A row is a cost when its 一级 or 二级指标 is a 成本指标 (or it continues such a row with those
    cells blank); the 三级指标 is the text cell just before the figure.
    """
    in_cost = False
    for row in table.rows:
        texts = [compact(cell.text) for cell in row.cells]
        start = next((i for i, text in enumerate(texts[:_GROUP_COLUMNS]) if _COST_GROUP.match(text)), None)
        if start is not None:
            in_cost = True
        elif any(_OTHER_GROUP.match(text) for text in texts[:_GROUP_COLUMNS]):
            in_cost = False
            continue
        elif in_cost and any(text for text in texts[:2]):
            in_cost = False  # a row of another kind (总分, a note): the cost rows are over
            continue
        elif in_cost:
            start = -1  # a further 三级指标 under the same 成本指标, its group cells left blank
        if start is None:
            continue
        for position in range(start + 1, len(texts)):
            match = _TARGET_CELL.match(texts[position])
            if match is None:
                continue
            value = parse_decimal(match.group("n"))
            name = next((text for text in reversed(texts[max(start, 0) : position]) if text), "")
            if value is not None and name and not _SAVING.search(name):
                places = places_of(match.group("n"))
                yield CostTarget(name, Figure(row.cells[position], value, places))
            break


def _fund_row(label: str, row: Row, columns: dict[int, str]) -> FundRow | None:
    figures = []
    numbers_elsewhere = 0
    for cell in row.cells:
        name = columns.get(cell.column)
        figure = figure_of(cell) if cell.text else None
        if name is None:
            numbers_elsewhere += figure is not None
        elif figure is not None:
            is_rate = "%" in cell.text or "％" in cell.text
            if is_rate != (name == "执行率"):
                if name == "执行率":
                    continue  # `1.00` or `100` for a rate: its scale is unknown, it is not read
                return None  # a rate in an amount column: the row is shifted
            figures.append((name, figure))
        elif cell.text and cell.text.strip("-—－"):
            return None
    if numbers_elsewhere:
        return None
    match = _SOURCE_LABEL.match(label)
    name = match.group("label") if match is not None else label
    return FundRow(name.replace("它", "他").removesuffix("金额"), row, tuple(figures))


def _breakdown_parts(row: Row) -> Iterator[Breakdown]:
    for cell in row.cells:
        if "：" not in cell.text and ":" not in cell.text:
            continue
        numbers = {number.span.start: number for number in _cell_numbers(cell)}
        for match in _BREAKDOWN_PART.finditer(cell.text):
            label = match.group("label").replace("它", "他")
            number = numbers.get(cell.span.start + match.start("n")) if match.group("n") else None
            if match.group("n") and number is None:
                continue
            side = "支出" if label in _EXPENDITURE_PARTS else "收入"
            anchor = Span(cell.span.start + match.start(), cell.span.start + match.end())
            yield Breakdown(side, ((label, number),), anchor)


def _group_breakdowns(found: Sequence[Breakdown]) -> tuple[Breakdown, ...]:
    grouped = []
    for side in ("收入", "支出"):
        parts = [part for item in found if item.side == side for part in item.parts]
        labels = [label for label, _ in parts]
        if not parts or len(set(labels)) != len(labels):
            continue  # none, or a label twice: not one breakdown
        if not any(number is not None for _, number in parts):
            continue
        anchor = next(item.anchor for item in found if item.side == side)
        grouped.append(Breakdown(side, tuple(parts), anchor))
    return tuple(grouped)


# The lists of the 部门整体支出绩效评价基础数据表: a row followed by its numbered items
# (`项目支出：` then `1、业务工作经费` `2、运行维护经费` `3、专项资金（一个专项一行）`), and an item
# that says it lists its parts one a row, followed by those rows.

_NUMBERED = re.compile(r"^(?P<n>\d{1,2})(?:、|[.．](?!\d))\s*\S")
_ONE_PER_ROW = re.compile(r"一个(?:专项|项目)一行")
_SECTION_END = re.compile(r"[:：]$")
# A row whose numbered items make it up: `项目支出：`, `三公经费`, `合计` (not any row that
# happens to stand before a `1、`).
_PARENT = re.compile(r"[:：]$|^(?:合计|小计|总计|三公经费|“三公”经费)$|总额$")
# The rows of the 基础数据表 template that may follow a `一个专项一行` list (with or without `：`).
_TEMPLATE_ROW = re.compile(
    r"^(?:“?三公”?经费|项目支出|公用经费|政府采购|部门基本支出|基本支出|楼堂馆所|厉行节约|财政供养|"
    r"经费控制|合计|小计|总计)"
)


@attrs.frozen
class ListedSum:
    """A parent row and the rows that make it up, with the columns both hold amounts in."""

    parent: Row
    parts: tuple[Row, ...]
    columns: tuple[tuple[int, str], ...]  # position and header name of each amount column
    kind: str  # 分项 (numbered items) / 逐项 (one 专项 a row)


def listed_sums(table: Table, tolerance: Tolerance = DEFAULT_TOLERANCE) -> Iterator[ListedSum]:
    """Every numbered list under a parent row, and every `一个专项一行` list, of ``table``."""
    rows = table.rows
    if not any("一个" in row.text or (row.cells and row.cells[0].text.startswith("1")) for row in rows):
        return  # neither a `一个专项一行` label nor an item numbered 1: no list in this table
    header: dict[int, str] = {}
    index = 0
    while index < len(rows):
        row = rows[index]
        label = _row_label(row)
        if not _amounts(row):
            if sum(1 for cell in row.cells[1:] if cell.text) >= 2:
                header = {cell.column: compact(cell.text) for cell in row.cells[1:] if cell.text}
            index += 1
            continue
        following = rows[index + 1 :]
        if following and _number_of(_row_label(following[0])) == 1 and _PARENT.search(label):
            yield from _numbered_list(row, following, header)
        if _ONE_PER_ROW.search(label):
            found = _one_per_row(row, following, header, tolerance)
            if found is not None:
                yield found
        index += 1


def _one_per_row(
    parent: Row, following: Sequence[Row], header: dict[int, str], tolerance: Tolerance
) -> ListedSum | None:
    """The 专项 under a `一个专项一行` row: the rows up to the list's end, or the first run that adds up.

    The form does not mark where the list ends: after it comes the next row of the template
    (`公用经费：`, but also `公用经费`, `政府采购金额` without a colon), or a page break. So the
    rows are taken up to a row that surely is not a 专项 (a template row, a numbered row, a row
    ending in `：`, `其中…`); when a first run of them adds up to the parent in every column the
    parent fills, that run is the list. Otherwise the list is reported only when it ended at
    such a row: a list cut by a blank label, a page break or the table's end may go on elsewhere.
    """
    parts: list[Row] = []
    known_end = False
    previous = parent.line
    for other in following:
        other_label = _row_label(other)
        if other.line > previous + 1 or not other_label:
            break  # blank lines or a page break: the list may go on after them, or not
        previous = other.line
        if (
            _NUMBERED.match(other_label)
            or _SECTION_END.search(other_label)
            or other_label.startswith("其中")
            or _TEMPLATE_ROW.match(other_label)
        ):
            known_end = True
            break
        if _amounts(other):  # a 专项 left blank is a zero: the list goes on after it
            parts.append(other)
    columns = [cell.column for cell in _amounts(parent)]
    totals = [figure.value for column in columns if (figure := cell_amount(parent, column)) is not None]
    values: list[list[Decimal]] = [[] for _ in columns]
    best: tuple[int, int] | None = None  # (columns that add up, length) of the best run
    for length, part in enumerate(parts, start=1):
        matched = 0
        for position, column in enumerate(columns):
            figure = cell_amount(part, column)
            values[position].append(figure.value if figure is not None else ZERO)
            verdict = check_sum(totals[position], values[position], tolerance).verdict
            matched += verdict is Verdict.OK or verdict is Verdict.ROUNDING
        if matched == len(columns):
            return _listed(parent, parts[:length], header, "逐项")
        if best is None or matched >= best[0]:
            best = (matched, length)
    if not known_end or best is None:
        return None
    # no run adds up: the run that adds up in most columns (the longest of equals) is the list
    length = best[1] if best[0] else len(parts)
    return _listed(parent, parts[:length], header, "逐项")


def _numbered_list(parent: Row, following: Sequence[Row], header: dict[int, str]) -> Iterator[ListedSum]:
    items = []
    expected = 1
    for row in following:
        label = _row_label(row)
        number = _number_of(label)
        if number == expected:
            items.append(row)
            expected += 1
        elif number is not None or _SECTION_END.search(label) or not label:
            break
        # other rows (其中：…, one 专项 a row) belong to the item before them
    if len(items) < 2:
        return
    found = _listed(parent, items, header, "分项")
    if found is not None:
        yield found


def _listed(parent: Row, parts: Sequence[Row], header: dict[int, str], kind: str) -> ListedSum | None:
    """The list when every amount of the parts stands in a column where the parent has one."""
    if len(parts) < 2:
        return None
    columns = {cell.column for cell in _amounts(parent)}
    if not columns or any(cell.column not in columns for row in parts for cell in _amounts(row)):
        return None
    if any(cell.text and cell.column > 0 and figure_of(cell) is None for row in parts for cell in row.cells):
        return None  # words in an amount column: not a list of amounts
    named = tuple((column, header.get(column, f"第 {column + 1} 列")) for column in sorted(columns))
    return ListedSum(parent, tuple(parts), named, kind)


def _row_label(row: Row) -> str:
    return compact(row.cells[0].text) if row.cells else ""


def _number_of(label: str) -> int | None:
    match = _NUMBERED.match(label)
    return int(match.group("n")) if match is not None else None


def _amounts(row: Row) -> list[Cell]:
    return [cell for cell in row.cells[1:] if cell.text and figure_of(cell) is not None]


def cell_amount(row: Row, column: int) -> Figure | None:
    """The amount at ``column`` of ``row``; None when blank (a blank item counts as zero)."""
    for cell in row.cells:
        if cell.column == column:
            return figure_of(cell) if cell.text else None
    return None


# The 控制率 of the 基础数据表: `编制数 | 实际在职人数 | 控制率` over one row of figures.

_STAFF = re.compile(r"实际在职人数$")


@attrs.frozen
class StaffRate:
    """编制数, 实际在职人数 and the 控制率 stated for them (控制率 = 实际在职人数 / 编制数)."""

    quota: Figure
    staff: Figure
    rate: Figure


def read_staff_rates(document: Document) -> tuple[StaffRate, ...]:
    """The 控制率 rows of the document's 基础数据表 (ZL309)."""
    return tuple(rate for table in document.tables for rate in _staff_rates(table))


def _staff_rates(table: Table) -> Iterator[StaffRate]:
    rows = table.rows
    for index, row in enumerate(rows[:-1]):
        if "控制率" not in row.text:
            continue
        texts = [compact(cell.text) for cell in row.cells]
        quota = [i for i, text in enumerate(texts) if text == "编制数"]
        staff = [i for i, text in enumerate(texts) if _STAFF.search(text)]
        rate = [i for i, text in enumerate(texts) if text == "控制率"]
        if len(quota) != 1 or len(staff) != 1 or len(rate) != 1:
            continue
        figures = {cell.column: cell for cell in rows[index + 1].cells if cell.text}
        read = [figure_of(figures[i]) if i in figures else None for i in (quota[0], staff[0], rate[0])]
        if any(figure is None for figure in read) or len(figures) != 3:
            continue  # a figure off its column, or more figures than the header names
        first, second, third = read
        if first is not None and second is not None and third is not None and "%" in third.cell.text:
            yield StaffRate(first, second, third)


# The 经费控制情况 block of the 基础数据表 (附件1 of Hunan reports): a header row naming its year
# columns (`经费控制情况（万元） | 2022年决算数 | 2023年预算数 | 2023年决算数`), then the 三公 rows
# and, further down, `会议费、培训费`. The columns are found by the header's words and year, never
# by position; a row with a figure in a column the header does not name is not read.

_CONTROL_HEADER = re.compile(r"^经费控制情况")
_CONTROL_UNIT_YUAN = re.compile(r"[(（]元[)）]")
_YEAR_COLUMN = re.compile(r"^(?P<year>(?:19|20)\d{2})年度?(?P<kind>预算数|决算数)$")
# The rows compared (by ZL210), after the item number and `其中：` are taken off the label.
_CONTROL_ROW = lazy_compile(
    r"(?P<total>“?三公”?经费(?:合计)?)"
    r"|(?P<vehicles>公务用车购置(?:和|及)(?:运行)?维护(?:经)?费)"
    r"|(?P<purchase>(?:公车|公务用车)购置(?:经)?费?)"
    r"|(?P<operation>(?:公车|公务用车)运行(?:和)?维护(?:经)?费?)"
    r"|(?P<abroad>(?:因公)?出国(?:[（(]境[）)])?(?:经)?费)"
    r"|(?P<reception>公务接待(?:经)?费?)"
    r"|(?P<meetings>会议费[、和及]培训费)"
)
CONTROL_SUBJECTS = {
    "total": "三公经费",
    "vehicles": "公务用车购置及运行维护费",
    "purchase": "公务用车购置费",
    "operation": "公务用车运行维护费",
    "abroad": "因公出国（境）费",
    "reception": "公务接待费",
    "meetings": "会议费、培训费",
}
_ROW_PREFIX = re.compile(r"^(?:\d{1,2}(?:、|[.．](?!\d)))?(?:其中[:：])?")
# The rows of the template after the 经费控制情况 block (another block's header ends it).
_CONTROL_END = re.compile(r"^(?:楼堂馆所|厉行节约|财政供养)")
_DASHES = frozenset("-—－–")


@attrs.frozen
class ControlFigure:
    """One row of the 经费控制情况 block: the report year's 预算数 and 决算数 (None where left blank)."""

    subject: str  # 三公经费 / 公务接待费 / … / 会议费、培训费 (``CONTROL_SUBJECTS``)
    label: Cell
    budget: Figure | None
    actual: Figure | None


@attrs.frozen
class ControlBlock:
    """The 经费控制情况 block of a 基础数据表, read for the report year."""

    header: Row
    year: int
    figures: tuple[ControlFigure, ...]


def read_control_blocks(document: Document, year: int | None) -> tuple[ControlBlock, ...]:
    """The 经费控制情况 blocks of the document's 基础数据表 for the report year (ZL210)."""
    text = document.source.text
    offset = text.find("经费控制情况")  # the gate: searches of the text in C, no table is visited
    if year is None or offset < 0:
        return ()
    offsets = []
    while offset >= 0:
        offsets.append(offset)
        offset = text.find("经费控制情况", offset + 1)
    return tuple(
        block
        for table in document.tables
        if any(table.span.start <= offset < table.span.end for offset in offsets)
        if (block := read_control_block(table, year)) is not None
    )


def read_control_block(table: Table, year: int) -> ControlBlock | None:
    """The block under the `经费控制情况` header of ``table``; None when its columns are not clear."""
    rows = table.rows
    start = next((i for i, row in enumerate(rows) if _CONTROL_HEADER.match(_row_label(row))), None)
    if start is None:
        return None
    header = rows[start]
    if _CONTROL_UNIT_YUAN.search(header.cells[0].text):
        return None  # in 元, not 万元: not compared
    columns = _year_columns(header)
    budget = _only(columns, (year, "预算数"))
    actual = _only(columns, (year, "决算数"))
    if budget is None and actual is None:
        return None
    read: dict[str, ControlFigure | None] = {}
    for row in rows[start + 1 :]:
        label = _row_label(row)
        if _CONTROL_END.match(label) or any(_YEAR_COLUMN.match(compact(cell.text)) for cell in row.cells[1:]):
            break
        match = _CONTROL_ROW.fullmatch(_ROW_PREFIX.sub("", label, count=1).rstrip(":："))
        if match is None or match.lastgroup is None:
            continue
        subject = CONTROL_SUBJECTS[match.lastgroup]
        # a label twice in one block is ambiguous: neither row is read
        read[subject] = None if subject in read else _control_figure(subject, row, columns, budget, actual)
    figures = tuple(figure for figure in read.values() if figure is not None)
    return ControlBlock(header, year, figures) if figures else None


def _year_columns(header: Row) -> dict[int, tuple[int, str]]:
    """The header's columns named `YYYY年预算数` / `YYYY年决算数`, by position."""
    found = {}
    for cell in header.cells[1:]:
        match = _YEAR_COLUMN.match(compact(cell.text))
        if match is not None:
            found[cell.column] = (int(match.group("year")), match.group("kind"))
    return found


def _only(columns: dict[int, tuple[int, str]], wanted: tuple[int, str]) -> int | None:
    """The one column named ``wanted``; None when there is none, or more than one."""
    found = [column for column, name in columns.items() if name == wanted]
    return found[0] if len(found) == 1 else None


def _control_figure(
    subject: str, row: Row, columns: dict[int, tuple[int, str]], budget: int | None, actual: int | None
) -> ControlFigure | None:
    """The row's figures in the report year's columns; None when a figure stands outside the named columns."""
    figures: dict[int, Figure] = {}
    for cell in row.cells[1:]:
        text = cell.text.strip()
        if not text or text in _DASHES:
            continue  # blank (or a dash): not stated, not zero
        figure = figure_of(cell)
        if figure is None or cell.column not in columns:
            return None  # words in a figure column, or a figure the header does not name
        figures[cell.column] = figure
    found_budget = figures.get(budget) if budget is not None else None
    found_actual = figures.get(actual) if actual is not None else None
    if found_budget is None and found_actual is None:
        return None
    return ControlFigure(subject, row.cells[0], found_budget, found_actual)
