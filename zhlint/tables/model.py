"""The typed models of the standard tables: what the rules read of each one.

- 02, 03, 05, 07, 08 (rows by 科目代码): :class:`CodedTable`, named columns;
- 01, 04 (two sides with 行次): :class:`BalanceTable`;
- 06 (economic classification, three column groups): :class:`EconomicTable`;
- the 三公 table (预算数 and 决算数 groups): :class:`ThreePublicTable`.

A budget report's tables (收支预算总表, 支出预算表, 一般公共预算支出功能分类预算表, 三公 预算表 …) are
read as the 决算 table of the same kind (``StandardTable.budget``): the identities are the same
(合计 = 基本 + 项目, 类 = Σ款, 收入总计 = 支出总计), the columns fewer; messages name them by
their own titles (``StandardTable.name``, ``StandardTable.kind_title``).

Every figure keeps its :class:`~zhlint.document.segment.Cell`, so that a diagnostic can point at
the exact cell. :mod:`zhlint.tables.recognise` finds which table is which and
:mod:`zhlint.tables.read` fills these models.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType

import attrs

from zhlint.diagnostics import Span
from zhlint.document.segment import Cell, Table
from zhlint.read.patterns import lazy_compile


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

# How a budget report names the table of each kind (部门预算 and 单位预算 of most regions).
BUDGET_TITLES = {
    TableKind.SUMMARY: "收支预算总表",
    TableKind.INCOME: "收入预算表",
    TableKind.EXPENDITURE: "支出预算表",
    TableKind.FISCAL_SUMMARY: "财政拨款收支预算总表",
    TableKind.GENERAL_BUDGET: "一般公共预算支出功能分类预算表",
    TableKind.BASIC_DETAIL: "一般公共预算基本支出经济分类预算表",
    TableKind.GOV_FUND: "政府性基金预算支出预算表",
    TableKind.STATE_CAPITAL: "国有资本经营预算支出预算表",
    TableKind.THREE_PUBLIC: "“三公”经费预算表",
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
    ITEM_PART = "item_part"  # `1. 一般公共预算资金` under `一、财政拨款收入` (budget 总表): in its item
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
    # The 人员经费 and 公用经费 cells after the amount where a budget's table splits each row
    # (合计 | 人员经费 | 公用经费); () where the table has one amount per item.
    parts: tuple[Cell, ...] = ()

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
    # The columns some budget tables put after the 三公 items (`机关运行经费预算数`), by header word
    extras: tuple[tuple[str, Cell], ...] = ()

    def extra(self, word: str) -> Cell | None:
        return next((cell for name, cell in self.extras if name == word), None)


Model = CodedTable | BalanceTable | EconomicTable | ThreePublicTable


@attrs.frozen
class LayoutNote:
    """An irregular layout that reading coped with (cells shifted, a value on the next line)."""

    span: Span
    message: str


# `公开05表：` or `五、` before a caption title.
# On first use: a check of report 000 never uses it; compiling took 0.4 ms CPU (issue 12).
_CAPTION_PREFIX = lazy_compile(r"^(?:公开\d{1,2}表[：:]?|[一二三四五六七八九十]{1,3}、)")


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
    budget: bool = False  # a table of a budget report (`…预算表`), read as the 决算 table of its kind
    # Where a note says the table is empty (`本表无数据`, `故本表为空表`); with figures in the table
    # the note is wrong (a template's note left in), and the table is read all the same.
    empty_note: Span | None = None

    @property
    def name(self) -> str:
        """How messages name the table: its caption number when it has one (`公开07表`); a budget
        table without one by its own title, not by the number of the 决算 table of its kind."""
        if self.number is not None:
            return f"公开{self.number:02d}表"
        if self.budget:
            return self.title or BUDGET_TITLES[self.kind]
        return self.kind.short

    @property
    def kind_title(self) -> str:
        """How a message says which table this is: the standard title of its kind; for a budget
        table its own caption title (`财政拨款支出预算表`), else the budget wording of its kind."""
        if not self.budget:
            return self.kind.title
        own = _CAPTION_PREFIX.sub("", self.title or "")
        return own or BUDGET_TITLES[self.kind]

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
