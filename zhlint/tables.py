"""Recognising the nine standard tables and reading them into typed models.

The segmenter gives tables as rows of cells. This module finds which of the nine standard
tables (公开01表 … 公开09表) each one is, from its title, its `公开NN表` number and its header,
and reads it into a model whose every figure keeps its :class:`~zhlint.document.Cell`, so that
a diagnostic can point at the exact cell:

- 02, 03, 05, 07, 08 (rows by 科目代码): :class:`CodedTable`, named columns;
- 01, 04 (two sides with 行次): :class:`BalanceTable`;
- 06 (economic classification, three column groups): :class:`EconomicTable`;
- the 三公 table (预算数 and 决算数 groups): :class:`ThreePublicTable`.

Numbering, order and titles vary by region, so the title decides the kind, the header is the
fallback and the number the last resort. A table that cannot be read keeps a ``problem`` (the
reason), and the rules skip it rather than raise false alarms. The reading itself lives in
:mod:`zhlint.tables_read`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from zhlint.diagnostics import Span
from zhlint.document import Cell, Heading, Paragraph, Table
from zhlint.text import compact

if TYPE_CHECKING:
    from zhlint.rules.base import LintContext


class TableKind(enum.Enum):
    """The nine standard tables, by their national template number."""

    SUMMARY = 1  # 收入支出决算总表
    INCOME = 2  # 收入决算表
    EXPENDITURE = 3  # 支出决算表
    FISCAL_SUMMARY = 4  # 财政拨款收入支出决算总表
    GENERAL_BUDGET = 5  # 一般公共预算财政拨款支出决算表
    BASIC_DETAIL = 6  # 一般公共预算财政拨款基本支出决算明细表
    GOV_FUND = 7  # 政府性基金预算财政拨款收入支出决算表
    STATE_CAPITAL = 8  # 国有资本经营预算财政拨款支出决算表
    THREE_PUBLIC = 9  # 财政拨款“三公”经费支出决算表

    @property
    def title(self) -> str:
        return STANDARD_TITLES[self]

    @property
    def short(self) -> str:
        """How messages name the table: by its template number (`05表`)."""
        return f"{self.value:02d}表"


STANDARD_TITLES = {
    TableKind.SUMMARY: "收入支出决算总表",
    TableKind.INCOME: "收入决算表",
    TableKind.EXPENDITURE: "支出决算表",
    TableKind.FISCAL_SUMMARY: "财政拨款收入支出决算总表",
    TableKind.GENERAL_BUDGET: "一般公共预算财政拨款支出决算表",
    TableKind.BASIC_DETAIL: "一般公共预算财政拨款基本支出决算明细表",
    TableKind.GOV_FUND: "政府性基金预算财政拨款收入支出决算表",
    TableKind.STATE_CAPITAL: "国有资本经营预算财政拨款支出决算表",
    TableKind.THREE_PUBLIC: "财政拨款“三公”经费支出决算表",
}

# The 类 of the functional classification, as the 01/04表 list them (2023 edition). The 01/04
# tables name a 类 without its code; this is how their rows meet the 03/05表 rows by code.
CATEGORY_CODES: dict[str, str] = {
    "一般公共服务支出": "201",
    "外交支出": "202",
    "国防支出": "203",
    "公共安全支出": "204",
    "教育支出": "205",
    "科学技术支出": "206",
    "文化旅游体育与传媒支出": "207",
    "社会保障和就业支出": "208",
    "卫生健康支出": "210",
    "节能环保支出": "211",
    "城乡社区支出": "212",
    "农林水支出": "213",
    "交通运输支出": "214",
    "资源勘探工业信息等支出": "215",
    "商业服务业等支出": "216",
    "金融支出": "217",
    "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220",
    "住房保障支出": "221",
    "粮油物资储备支出": "222",
    "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224",
    "其他支出": "229",
    "债务还本支出": "231",
    "债务付息支出": "232",
    "抗疫特别国债安排的支出": "234",
}
CATEGORY_NAMES: dict[str, str] = {code: name for name, code in CATEGORY_CODES.items()}


# ---------------------------------------------------------------------------------------------
# Models


class NamedCells:
    """A row whose cells are named by their column (shared by the coded and the balance tables)."""

    cells: tuple[tuple[str, Cell], ...]

    def cell(self, column: str) -> Cell | None:
        # A plain loop: rules call this thousands of times per report, on rows of a few cells.
        for name, cell in self.cells:
            if name == column:
                return cell
        return None

    def value(self, column: str) -> Decimal | None:
        """The amount in ``column``; a blank cell in a listed row counts as zero."""
        cell = self.cell(column)
        if cell is None:
            return None
        return cell.value if cell.value is not None else Decimal(0)


@attrs.frozen
class CodedRow(NamedCells):
    """A row of a table by 科目代码: code (None for 合计), name, and its cells by column name."""

    code: str | None
    name: str
    label: Cell  # the cell with the code (or the name, or 合计): where the row is named
    cells: tuple[tuple[str, Cell], ...]

    @property
    def title(self) -> str:
        """The row as messages name it: `20805 行政事业单位养老支出` or `合计`."""
        return f"{self.code} {self.name}".strip() if self.code else self.name


@attrs.frozen
class CodedTable:
    """02, 03, 05, 07, 08: rows by 科目代码 with named columns.

    ``total_column`` = the sum of ``part_columns`` in every row (本年支出合计 = 基本 + 项目 + …).
    """

    columns: tuple[str, ...]
    total_column: str
    part_columns: tuple[str, ...]
    total: CodedRow | None  # the 合计 row
    rows: tuple[CodedRow, ...]  # the rows with a code, in table order
    # Looked up by several rules for every row: built once (the first row listed for each code).
    _by_code: dict[str, CodedRow] = attrs.field(init=False, eq=False, repr=False)
    _tree: tuple[Mapping[str, tuple[CodedRow, ...]], tuple[CodedRow, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        by_code: dict[str, CodedRow] = {}
        for row in self.rows:
            if row.code:
                by_code.setdefault(row.code, row)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_tree", _children_by_parent(self.rows, by_code))

    def row(self, code: str) -> CodedRow | None:
        return self._by_code.get(code)

    def children_by_parent(self) -> tuple[Mapping[str, tuple[CodedRow, ...]], tuple[CodedRow, ...]]:
        """Direct children of each listed code (its nearest listed ancestor), and the top-level rows.

        Built once and shared by the rules, so handed out read-only (tuples, a Mapping).
        """
        return self._tree


def _children_by_parent(
    rows: Sequence[CodedRow], listed: Mapping[str, CodedRow]
) -> tuple[Mapping[str, tuple[CodedRow, ...]], tuple[CodedRow, ...]]:
    children: dict[str, list[CodedRow]] = {}
    top: list[CodedRow] = []
    seen: set[str] = set()
    for row in rows:
        if not row.code or row.code in seen:
            continue  # a code listed twice (a repeated page) is counted once
        seen.add(row.code)
        parent = next((row.code[:n] for n in (5, 3) if n < len(row.code) and row.code[:n] in listed), None)
        if parent is None:
            top.append(row)
        else:
            children.setdefault(parent, []).append(row)
    return MappingProxyType({code: tuple(rows) for code, rows in children.items()}), tuple(top)


class LineRole(enum.Enum):
    """What a line of the 01/04 tables is, read from its label."""

    ITEM = "item"  # an income source or a 类 of expenditure
    CURRENT_TOTAL = "current_total"  # 本年收入合计 / 本年支出合计
    USED_BALANCE = "used_balance"  # 使用非财政拨款结余和专用结余
    OPENING = "opening"  # 年初结转和结余
    OPENING_PART = "opening_part"  # the fund lines that break 年初财政拨款结转和结余 down (04表)
    DISTRIBUTION = "distribution"  # 结余分配
    CLOSING = "closing"  # 年末结转和结余
    GRAND_TOTAL = "grand_total"  # 总计
    OTHER = "other"


@attrs.frozen
class BalanceLine(NamedCells):
    label: str  # without its numbering (`一、`)
    label_cell: Cell
    row_number: int | None  # 行次
    role: LineRole
    category: str | None  # the 类 code of an expenditure item
    cells: tuple[tuple[str, Cell], ...]


@attrs.frozen
class BalanceTable:
    """01, 04: the income side and the expenditure side, each a list of lines with 行次."""

    income_columns: tuple[str, ...]
    expenditure_columns: tuple[str, ...]
    income: tuple[BalanceLine, ...]
    expenditure: tuple[BalanceLine, ...]

    def line(self, side: str, role: LineRole) -> BalanceLine | None:
        lines = self.income if side == "income" else self.expenditure
        return next((line for line in lines if line.role is role), None)


@attrs.frozen
class EconomicItem:
    code: str  # 301 or 30101
    name: str
    label: Cell
    amount: Cell

    @property
    def value(self) -> Decimal:
        return self.amount.value if self.amount.value is not None else Decimal(0)

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}"


PERSONNEL_CODES = ("301", "303")
PUBLIC_CODES = ("302", "307", "310", "399")


@attrs.frozen
class EconomicTable:
    """06: items of the economic classification; 人员经费合计 and 公用经费合计."""

    items: tuple[EconomicItem, ...]
    personnel_total: Cell | None
    public_total: Cell | None

    def item(self, code: str) -> EconomicItem | None:
        return next((item for item in self.items if item.code == code), None)


THREE_PUBLIC_FIELDS = ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
THREE_PUBLIC_LABELS = {
    "total": "合计",
    "abroad": "因公出国（境）费",
    "vehicles": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
}


@attrs.frozen
class ThreePublicGroup:
    """One column group of the 三公 table, in the template's order."""

    total: Cell
    abroad: Cell
    vehicles: Cell  # 公务用车购置及运行维护费 (小计)
    vehicle_purchase: Cell
    vehicle_operation: Cell
    reception: Cell

    def cell(self, field: str) -> Cell:
        cell: Cell = getattr(self, field)
        return cell


@attrs.frozen
class ThreePublicTable:
    budget: ThreePublicGroup | None  # 预算数
    actual: ThreePublicGroup | None  # 决算数


Model = CodedTable | BalanceTable | EconomicTable | ThreePublicTable


@attrs.frozen
class LayoutNote:
    """An irregular layout that reading coped with (cells shifted, a value on the next line)."""

    span: Span
    message: str


@attrs.frozen
class StandardTable:
    """A table of the document recognised as one of the nine, with its model."""

    kind: TableKind
    table: Table
    number: int | None  # as captioned (`公开07表` → 7); may differ from ``kind.value``
    title: str | None  # as captioned
    model: Model | None
    empty: bool = False  # `本表无数据`, or no figure at all
    problem: str | None = None  # why the table could not be read (then ``model`` may be partial)
    parts: tuple[Table, ...] = ()  # continuation tables joined to this one (page splits)
    layout: tuple[LayoutNote, ...] = ()
    scale: Decimal = Decimal(1)  # 万元 per unit of the table's amounts: 1, or 0.0001 for tables in 元

    @property
    def name(self) -> str:
        """How messages name the table: its caption number when it has one (`公开07表`)."""
        return f"公开{self.number:02d}表" if self.number is not None else self.kind.short

    @property
    def readable(self) -> bool:
        return self.model is not None and not self.empty

    def rows(self) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        for table in (self.table, *self.parts):
            for row in table.rows:
                yield row.line, row.cells


@attrs.frozen
class Tables:
    """The standard tables of a document, in document order."""

    standard: tuple[StandardTable, ...]
    # get() answers thousands of lookups per report (the prose matching asks per amount).
    _first: dict[TableKind, StandardTable] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        first: dict[TableKind, StandardTable] = {}
        for table in self.standard:
            known = first.get(table.kind)
            if known is None or (known.model is None and table.model is not None):
                first[table.kind] = table
        object.__setattr__(self, "_first", first)

    def get(self, kind: TableKind) -> StandardTable | None:
        """The first table of ``kind`` (a readable one when there are several)."""
        return self._first.get(kind)

    def coded(self, kind: TableKind) -> CodedTable | None:
        table = self.get(kind)
        return table.model if table and isinstance(table.model, CodedTable) and not table.empty else None

    def balance(self, kind: TableKind) -> BalanceTable | None:
        table = self.get(kind)
        return table.model if table and isinstance(table.model, BalanceTable) and not table.empty else None

    def economic(self) -> EconomicTable | None:
        table = self.get(TableKind.BASIC_DETAIL)
        return table.model if table and isinstance(table.model, EconomicTable) and not table.empty else None

    def three_public(self) -> ThreePublicTable | None:
        table = self.get(TableKind.THREE_PUBLIC)
        return table.model if table and isinstance(table.model, ThreePublicTable) else None


# ---------------------------------------------------------------------------------------------
# Recognition

# Patterns run on every cell or caption line use the standard `re` engine, which starts a match
# about twice as fast as `regex` on short strings; `regex` is kept where its features are needed.
_NUMBER = re.compile(r"公开\s*0?(\d{1,2})\s*表")
# Caption text that extraction puts inside table rows (`部门：…\t\t公开03表`); readers blank it.
CAPTION_CELL = re.compile(r"公开\s*\d{1,2}\s*表|金额单位|^单位\s*[：:]|^部门\s*[：:]|^编制单位")
# Title keywords, most specific first: the first that matches decides the kind.
_TITLE_PATTERNS: tuple[tuple[TableKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (TableKind.THREE_PUBLIC, r"三\s*公"),
        (TableKind.GOV_FUND, r"政府性基金预算财政拨款"),
        (TableKind.STATE_CAPITAL, r"国有资[本产]经营预算财政拨款"),
        (TableKind.BASIC_DETAIL, r"基本支出决算"),
        (TableKind.GENERAL_BUDGET, r"一般公共预算财政拨款支出决算表"),
        (TableKind.FISCAL_SUMMARY, r"财政拨款收入支出决算总表"),
        (TableKind.SUMMARY, r"收入支出决算总表"),
        (TableKind.INCOME, r"收入决算表"),
        (TableKind.EXPENDITURE, r"支出决算表"),
    )
)
_TITLE_MAX_CHARS = 40
# `金额单位：万元` / `单位：元`: the tables' amounts in 万元 (the template) or in 元.
_UNIT = re.compile(r"单位\s*[：:]\s*(?P<unit>万元|元)")
_SCALES = {"万元": Decimal(1), "元": Decimal("0.0001")}
_NO_DATA = re.compile(r"本表无数据|本表为空|无此项(?:收入|支出)|本表无")
_DECORATION = re.compile(r"^#+\s*|\*\*")
_DECORATION_AND_SPACE = re.compile(r"^#+\s*|\*\*|\s+")
_LEADING_CODE = re.compile(r"^\d{3,7}")


def title_kind(text: str) -> TableKind | None:
    """The kind of table a title names (`财政拨款“三公”经费支出决算表` → THREE_PUBLIC)."""
    compacted = compact(text)
    if len(compacted) > _TITLE_MAX_CHARS or "。" in compacted or "表" not in compacted:
        return None
    for kind, pattern in _TITLE_PATTERNS:
        if pattern.search(compacted):
            return kind
    return None


def header_kind(table: Table) -> TableKind | None:
    """The kind suggested by the header rows alone, for tables without a readable title."""
    header = "".join("".join(row.texts()) for row in table.rows[:6]).replace(" ", "")
    # 人员经费 and 公用经费 first: a 06表 lists 30212 因公出国（境）费用 and 30217 公务接待费 among
    # its rows, which are within the first six of a page that repeats the header.
    if "人员经费" in header and "公用经费" in header:
        return TableKind.BASIC_DETAIL
    if "经费控制情况" in header:
        return None  # the 基础数据表 of the appendix: its 三公 rows (公务接待) are not a 三公 table
    if "因公出国" in header or "公务接待" in header:
        return TableKind.THREE_PUBLIC
    if "行次" in header:
        return TableKind.FISCAL_SUMMARY if "一般公共预算财政拨款" in header else TableKind.SUMMARY
    if "科目" not in header:
        return None
    if "本年收入合计" in header:
        return TableKind.INCOME
    if "本年支出合计" in header:
        return TableKind.EXPENDITURE
    if "年初结转" in header and "本年收入" in header:
        return TableKind.GOV_FUND
    return None


@attrs.frozen
class _Caption:
    number: int | None
    title: str | None
    title_kind: TableKind | None
    scale: Decimal = Decimal(1)


def caption_texts(table: Table) -> list[str]:
    """The caption lines before a table and the cells of its first rows, where captions also stand
    (`部门:XXX\t\t\t公开03表`), nearest last."""
    texts = [line.text for line in table.caption]
    for row in table.rows[:3]:
        texts += [cell.text for cell in row.cells if cell.text]
    return texts


def _caption(table: Table) -> _Caption:
    """Number and title from the caption lines and from caption cells inside the table."""
    texts = caption_texts(table)
    number: int | None = None
    title: str | None = None
    kind: TableKind | None = None
    scale = Decimal(1)
    # The nearest lines win: a caption may begin with the last sentence before it.
    for text in texts:
        for match in _NUMBER.finditer(text):
            number = int(match.group(1))
        unit = _UNIT.search(text)
        if unit is not None:
            scale = _SCALES[unit.group("unit")]
        found = title_kind(_DECORATION.sub("", text))
        if found is not None:
            title, kind = _DECORATION_AND_SPACE.sub("", text), found
    return _Caption(number, title, kind, scale)


def recognise(blocks: tuple[Heading | Paragraph | Table, ...]) -> Tables:
    """Find the standard tables among the document's tables and read each into its model."""
    from zhlint.tables_read import read_model

    found: list[StandardTable] = []
    last_index = -1  # the block index of the last table joined to ``found[-1]``
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        caption = _caption(block)
        kind = caption.title_kind or _numbered_kind(caption, block)
        if (
            caption.title_kind is None
            and found
            and _continues(found[-1], caption, block, blocks[last_index + 1 : index])
        ):
            found[-1] = _join(found[-1], block)
            last_index = index
            continue
        if kind is None:
            continue
        no_data = _says_no_data(blocks, index)
        found.append(
            StandardTable(kind, block, caption.number, caption.title, None, no_data, scale=caption.scale)
        )
        last_index = index
    return Tables(tuple(read_model(table) for table in found))


def _numbered_kind(caption: _Caption, table: Table) -> TableKind | None:
    """Without a title: the header decides; a `公开NN表` number alone is trusted only with a header."""
    by_header = header_kind(table)
    if by_header is not None:
        return by_header
    if caption.number is not None and 1 <= caption.number <= 9 and _has_code_header(table):
        return TableKind(caption.number)
    return None


def _has_code_header(table: Table) -> bool:
    return any("科目" in cell.text or "行次" in cell.text for row in table.rows[:4] for cell in row.cells)


def _continues(previous: StandardTable, caption: _Caption, table: Table, between: tuple[object, ...]) -> bool:
    """A table without a title right after a standard table of the same shape is its next page."""
    if None not in (caption.number, previous.number) and caption.number != previous.number:
        return False
    if previous.kind is not header_kind(table) and not _same_width(previous.table, table):
        return False
    return all(isinstance(block, Paragraph) and len(block.text.text) < 30 for block in between)


def _same_width(first: Table, second: Table) -> bool:
    widths = {len(row.cells) for row in first.rows}
    return bool(second.rows) and len(second.rows[0].cells) in widths and _codes_lead(second)


def _codes_lead(table: Table) -> bool:
    return bool(_LEADING_CODE.match(table.rows[0].cells[0].text)) if table.rows[0].cells else False


def _join(table: StandardTable, part: Table) -> StandardTable:
    return attrs.evolve(table, parts=(*table.parts, part))


def _says_no_data(blocks: tuple[Heading | Paragraph | Table, ...], index: int) -> bool:
    """`本表无数据` in the table's notes or in the paragraphs right after it."""
    table = blocks[index]
    assert isinstance(table, Table)
    if any(_NO_DATA.search(note.text.text) for note in table.notes):
        return True
    for block in blocks[index + 1 : index + 4]:
        if not isinstance(block, Paragraph):
            break
        if _NO_DATA.search(block.text.text):
            return True
    return False


def tables_of(context: LintContext) -> Tables:
    """The document's standard tables, recognised once per document and shared by the rules."""
    cached = context.extras.get("tables")
    if isinstance(cached, Tables):
        return cached
    tables = recognise(context.document.blocks)
    context.extras["tables"] = tables
    return tables
