"""Budget tables in the layouts the common readers of :mod:`zhlint.tables.read` do not take.

The provincial budgets of Jiangsu (and the text conversions of their PDFs) write:

- tables by code with a single amount column (`功能科目代码 | 功能科目名称 | 金额`, the
  财政拨款/一般公共预算支出预算表 and the 基本支出预算表 by economic code): the header stands one
  position to the right of the data, so that columns cannot be found by position;
- the 支出预算总表 as one line of amounts under `合计 | 基本支出 | 项目支出 | 单位预留机动经费 |
  结转下年资金`, without codes;
- the “三公”经费、会议费、培训费支出预算表 as one line under a header of three levels
  (`合计`, `“三公”经费` with its `小计` and items, `会议费`, `培训费`), a blank cell dropped.

Each reader goes by the shape of the rows and by header words, and where a figure cannot be
placed without doubt it gives a reason instead of a model (the table is then skipped, as
before). ``read_budget_layout`` is tried only on a budget table that the common reader could
not read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import attrs

from zhlint.document.segment import Cell
from zhlint.read.text import compact
from zhlint.tables.model import (
    CATEGORY_CODES,
    BalanceLine,
    BalanceTable,
    CodedRow,
    CodedTable,
    EconomicItem,
    EconomicTable,
    LineRole,
    StandardTable,
    TableKind,
    ThreePublicGroup,
    ThreePublicTable,
)
from zhlint.tables.read import _clean_rows, read_model

Cells = tuple[Cell, ...]

# What recognition says of a table with a row outside it (read back into it as a part of its
# own); the one-column reader, which goes by the shape of each row, reads such a table.
STRAY_ROW_PROBLEM = "表格被拆开，有一行不在表内"

_CODE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
_TOTAL_LABELS = ("合计", "总计")
# Header words of the label columns and of the one amount column of a one-column table.
_LABEL_WORD = re.compile(r"科目|代码|编码|名称|项目")
_AMOUNT_WORDS = ("金额", "合计", "预算数")
# The one column of a 基本支出预算表 by economic code may be headed 基本支出 (what it all is).
_ECONOMIC_AMOUNT_WORDS = (*_AMOUNT_WORDS, "基本支出")
_PART_WORD = re.compile(r"基本支出|项目支出|小计|人员经费|公用经费|财政拨款|政府性基金|国有资本")
# The total column each kind's checks look for (as the common reader names it).
_TOTAL_COLUMNS = {
    TableKind.GENERAL_BUDGET: "小计",
    TableKind.GOV_FUND: "小计",
    TableKind.STATE_CAPITAL: "合计",
}
_ONE_COLUMN_KINDS = frozenset(_TOTAL_COLUMNS)
# The 支出预算总表 line: the parts that add up to its 合计.
_CAPTION = re.compile(r"^(?:部门|单位|编制单位)(?:名称)?\s*[：:]")
_UNIT_PIECES = ("元", "万元")  # the end of a `单位：万元` broken over two rows
_EXPENDITURE_PARTS = ("基本支出", "项目支出", "单位预留机动经费", "结转下年资金")


def read_budget_table(table: StandardTable) -> StandardTable:
    """``table`` read by the common reader, else (a budget table) by a layout of this module."""
    read = read_model(table)
    if _economic_without_amounts(read):
        # The 06表 reader finds its amounts by position; under a header one cell off the data
        # (one 金额 column) it finds none. The one-column reader, by shape, then reads them.
        economic, _ = read_one_column_economic(_clean_rows(table))
        return read if economic is None else attrs.evolve(read, model=economic, layout=())
    if read.model is not None or read.problem is None or not table.budget or read.empty:
        return read
    if table.problem is not None and not (
        table.problem.startswith(STRAY_ROW_PROBLEM)
        and (table.kind in _ONE_COLUMN_KINDS or table.kind is TableKind.BASIC_DETAIL)
    ):
        return read  # broken apart on recognition: the reason stays
    rows = _clean_rows(table)
    found: tuple[object, str | None]
    if table.kind in _ONE_COLUMN_KINDS:
        found = read_one_column(rows, table.kind)
    elif table.kind is TableKind.BASIC_DETAIL:
        found = read_one_column_economic(rows)
    elif table.kind is TableKind.EXPENDITURE:
        found = read_expenditure_line(rows)
    elif table.kind is TableKind.THREE_PUBLIC:
        found = read_three_public_line(rows)
    elif table.kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        found = read_label_amount_balance(rows)
    else:
        return read
    model, problem = found
    if model is None:
        return read
    assert isinstance(model, (CodedTable, ThreePublicTable, BalanceTable, EconomicTable))
    return attrs.evolve(read, model=model, problem=problem, layout=())


# ---------------------------------------------------------------------------------------------
# Tables by code with one amount column


def _economic_without_amounts(table: StandardTable) -> bool:
    """A budget's 06表 read with items and no amount at all (nor 人员经费合计/公用经费合计)."""
    model = table.model
    return (
        table.budget
        and isinstance(model, EconomicTable)
        and model.personnel_total is None
        and model.public_total is None
        and bool(model.items)
        and not any(item.amount.text for item in model.items)
    )


def read_one_column_economic(rows: Sequence[Cells]) -> tuple[EconomicTable | None, str | None]:
    """The 基本支出预算表 by economic code with one 金额 column (301, 30101 …), read as the one-column
    tables by functional code are; it has no 人员经费合计 or 公用经费合计 line."""
    model, problem = read_one_column(rows, TableKind.BASIC_DETAIL, _ECONOMIC_AMOUNT_WORDS)
    if model is None:
        return None, problem
    if any(row.code is None or len(row.code) not in (3, 5) for row in model.rows):
        return None, "有一行的代码不是经济分类科目（3 位或 5 位）"
    items = []
    for row in model.rows:
        amount = row.cell(model.total_column)
        assert row.code is not None and amount is not None
        items.append(EconomicItem(row.code, row.name, row.label, amount))
    return EconomicTable(tuple(items), None, None), None


def read_one_column(
    rows: Sequence[Cells], kind: TableKind, amount_words: tuple[str, ...] = _AMOUNT_WORDS
) -> tuple[CodedTable | None, str | None]:
    """`代码 | 名称 | 金额` with a 合计 row: each row's code, name and its one amount, wherever
    the cells stand; an amount that the conversion put on a line of its own (just before or
    after its label line, which then has none) belongs to that label. A row with two amounts,
    a part column in the header (基本支出, 项目支出) or an amount left over is not this layout."""
    first_data = next((index for index, cells in enumerate(rows) if _row_label(cells) is not None), None)
    if first_data is None:
        return None, "没有找到科目代码或合计行"
    start = first_data
    if start and _lone_amount(rows[start - 1]) is not None:
        start -= 1  # the 合计's amount on the line above it
    header = [compact(cell.text) for cells in rows[:start] for cell in cells if cell.text]
    if not any(text in amount_words for text in header) or any(
        _PART_WORD.search(text) for text in header if text not in amount_words
    ):
        return None, "表头不是“科目代码、科目名称、金额”三列"
    column = _TOTAL_COLUMNS.get(kind, "金额")
    items: list[tuple[str | None, str, Cell, Cell | None]] = []
    pending: Cell | None = None
    for cells in rows[start:]:
        lone = _lone_amount(cells)
        if lone is not None:
            if items and items[-1][3] is None and pending is None:
                code, name, label_cell, _ = items[-1]
                items[-1] = (code, name, label_cell, lone)
            elif pending is None:
                pending = lone
            else:
                return None, "有两个金额不在任何一行科目上"
            continue
        label = _row_label(cells)
        if label is None:
            return None, f"有一行无法读取（{' '.join(cell.text for cell in cells if cell.text)}）"
        code, name, label_cell = label
        values = [cell for cell in cells if _is_amount(cell) and cell is not label_cell]
        if len(values) > 1:
            return None, f"“{name}”一行有 {len(values)} 个金额，应为 1 个"
        if items and items[-1][3] is None:
            return None, f"“{items[-1][1]}”一行没有金额"
        amount = values[0] if values else pending
        if values and pending is not None:
            return None, f"“{name}”一行前有一个不属于任何一行的金额"
        pending = None
        items.append((code, name, label_cell, amount))
    if pending is not None or (items and items[-1][3] is None):
        return None, "有金额与科目对不上"
    total: CodedRow | None = None
    coded: list[CodedRow] = []
    for code, name, label_cell, amount in items:
        assert amount is not None
        row = CodedRow(code, name, label_cell, ((column, amount),))
        if code is not None:
            coded.append(row)
        elif total is not None:
            return None, "合计行出现了两次"
        else:
            total = row
    if total is None or not coded:
        return None, "没有找到合计行"
    return CodedTable((column,), column, (), total, tuple(coded)), None


def _is_amount(cell: Cell) -> bool:
    return cell.value is not None and not _CODE.match(compact(cell.text))


def _lone_amount(cells: Cells) -> Cell | None:
    """The amount of a line that holds one amount and nothing else."""
    written = [cell for cell in cells if cell.text]
    if len(written) == 1 and _is_amount(written[0]) and "." in written[0].text:
        return written[0]
    return None


def _row_label(cells: Cells) -> tuple[str | None, str, Cell] | None:
    """The code (None for 合计), the name and the label cell of a data row: the first cells
    written, a code followed by a name, or 合计/总计."""
    written = [cell for cell in cells if cell.text]
    if not written:
        return None
    first = compact(written[0].text)
    if first in _TOTAL_LABELS:
        return None, first, written[0]
    if _CODE.match(first) and len(written) > 1 and written[1].value is None:
        return first, written[1].text.strip(), written[0]
    return None


# ---------------------------------------------------------------------------------------------
# The 支出预算总表 as one line


def read_expenditure_line(rows: Sequence[Cells]) -> tuple[CodedTable | None, str | None]:
    """`合计 | 基本支出 | 项目支出 | …` and one line of amounts: each amount under the header word
    at its position or one beside it (the conversion shifts the header by one)."""
    if len(rows) < 2:
        return None, "没有找到数据行"
    data = rows[-1]
    if any(cell.text and cell.value is None for cell in data):
        return None, "末行不全是金额"
    # Header lines of the column words and pieces of them (`单位预留机动经` | `费`); a line of
    # other words names the unit (`江苏省人民检察院`).
    header = [
        cells for cells in rows[:-1] if all(_is_piece(compact(cell.text)) for cell in cells if cell.text)
    ]
    names = _header_names(header)
    total_position = next((position for position, text in names.items() if text == "合计"), None)
    if total_position is None or any(
        text != "合计" and text not in _EXPENDITURE_PARTS for text in names.values()
    ):
        return None, "表头不是“合计、基本支出、项目支出……”"
    placed = _place(data, names)
    if placed is None:
        return None, "金额与表头的列对不上"
    total_cell = placed.pop("合计", None)
    if total_cell is None:
        return None, "合计没有金额"
    parts = tuple(text for text in _EXPENDITURE_PARTS if text in names.values())
    cells = (
        ("本年支出合计", total_cell),
        *((part, placed.get(part) or _blank_at(total_cell)) for part in parts),
    )
    total = CodedRow(None, "合计", total_cell, cells)
    return CodedTable(("本年支出合计", *parts), "本年支出合计", parts, total, ()), None


def _is_piece(text: str) -> bool:
    """A column word of the 支出预算总表 or the start or end of one."""
    return any(word.startswith(text) or word.endswith(text) for word in ("合计", *_EXPENDITURE_PARTS))


def _header_names(rows: Sequence[Cells]) -> dict[int, str]:
    """The header text at each position, the pieces of a word broken over rows joined."""
    names: dict[int, str] = {}
    for cells in rows:
        for cell in cells:
            text = compact(cell.text)
            if text and cell.value is None and text not in _UNIT_PIECES and not _CAPTION.match(text):
                names[cell.column] = names.get(cell.column, "") + text
    return names


def _place(data: Cells, names: dict[int, str]) -> dict[str, Cell] | None:
    """Each amount of ``data`` under the header word at its position, else at the one position
    beside it where exactly one word stands; None when an amount has no word or two share one."""
    placed: dict[str, Cell] = {}
    for cell in data:
        if cell.value is None:
            continue
        if cell.column in names:
            name = names[cell.column]
        else:
            near = [names[position] for position in (cell.column - 1, cell.column + 1) if position in names]
            if len(near) != 1:
                return None
            name = near[0]
        if name in placed:
            return None
        placed[name] = cell
    return placed


def _blank_at(cell: Cell) -> Cell:
    """A blank cell (zero) where a column's amount is not written, at ``cell``'s place."""
    return Cell("", cell.start, cell.start, cell.column)


# ---------------------------------------------------------------------------------------------
# The “三公”经费、会议费、培训费 table as one line

# The leaf columns by their words (pieces joined), most specific first; 小计 is the 三公 小计 the
# first time and the 公务用车 小计 the second.
_THREE_PUBLIC_LEAVES = (
    ("grand", re.compile(r"^合计$")),
    ("subtotal", re.compile(r"小计")),
    ("abroad", re.compile(r"因公出")),
    ("vehicle_purchase", re.compile(r"购置费$")),
    ("vehicle_operation", re.compile(r"运行维护费?$")),
    ("reception", re.compile(r"接待")),
    ("meeting", re.compile(r"^会议费?$")),
    ("training", re.compile(r"^培训费?$")),
)
_GROUP_LABELS = re.compile(r"^“?三公”?经费$|^公务用车购置及运行维护费$")


def read_three_public_line(rows: Sequence[Cells]) -> tuple[ThreePublicTable | None, str | None]:
    """The 预算数 of the 三公 items from one line of amounts under a header of several levels."""
    if len(rows) < 2:
        return None, "没有找到数据行"
    data = rows[-1]
    if any(cell.text and cell.value is None for cell in data):
        return None, "末行不全是金额"
    leaves: dict[int, str] = {}
    subtotals = 0
    for position, text in sorted(_header_names(rows[:-1]).items()):
        if _GROUP_LABELS.match(text):
            continue
        field = next((field for field, pattern in _THREE_PUBLIC_LEAVES if pattern.search(text)), None)
        if field is None:
            return None, f"表头有未识别的列“{text}”"
        if field == "subtotal":
            subtotals += 1
            field = "total" if subtotals == 1 else "vehicles" if subtotals == 2 else "?"
        if field in leaves.values() or field == "?":
            return None, f"表头的列“{text}”出现了两次"
        leaves[position] = field
    needed = ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
    if any(field not in leaves.values() for field in needed):
        return None, "表头中没有找到“三公”经费的各列"
    placed = _place(data, leaves)
    if placed is None:
        return None, "金额与表头的列对不上"
    anchor = next(cell for cell in data if cell.value is not None)
    cells = {field: placed.get(field) or _blank_at(anchor) for field in needed}
    return ThreePublicTable(ThreePublicGroup(**cells), None), None


# ---------------------------------------------------------------------------------------------
# 收支预算总表 and 财政拨款收支预算总表: label and amount pairs, side by side

# The header words over a group's labels and over its amounts.
_GROUP_LABEL = re.compile(r"^(?:项目|功能科目名称|功能科目|科目名称|项目名称)$")
_GROUP_AMOUNT = "金额"
_BALANCE_HEADER_WORDS = re.compile(r"^(?:收入|支出|功能分类|支出用途|经济分类|项目名称|功能科目名称|金额)$")
# `一、` / `1.` before a label.
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d))")
_CHINESE_NUMBERED = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")
_ARABIC_NUMBERED = re.compile(r"^\d{1,2}[、.．](?!\d)")


@attrs.frozen
class _Group:
    label: int  # the position of its 项目名称 header
    amount: int  # the position of its 金额 header
    functional: bool  # the 功能科目 group of a 收支预算总表


def read_label_amount_balance(rows: Sequence[Cells]) -> tuple[BalanceTable | None, str | None]:
    """Groups of `项目名称 | 金额` side by side: the income side first, then the expenditure side;
    where a 收支预算总表 gives the expenditure twice, by 功能分类 and by 支出用途, the 功能分类
    group is read (its 类 meet the other tables) and the 支出用途 amounts are passed over. The
    当年支出小计 and 支出合计 of the expenditure side stand under the 功能分类 labels with their
    amounts under the 支出用途 column. Positions may be one off the header's (the conversion)."""
    header_end = _balance_header_end(rows)
    if header_end is None:
        return None, "表头中没有找到“项目名称”“金额”"
    groups = _balance_groups(rows[:header_end])
    if groups is None or not 2 <= len(groups) <= 3:
        return None, "表头中没有找到收入、支出两组“项目名称、金额”"
    functional = [index for index, group in enumerate(groups) if group.functional]
    if len(groups) == 3 and functional != [1]:
        return None, "表头中支出方有两组，但没有“功能科目名称”一组"
    ignored = 2 if len(groups) == 3 else None
    sides: tuple[list[tuple[Cell, Cell | None]], list[tuple[Cell, Cell | None]]] = ([], [])
    for cells in rows[header_end:]:
        row = _balance_row(cells, groups, ignored)
        if isinstance(row, str):
            return None, row
        for group, pair in row:
            sides[0 if group == 0 else 1].append(pair)
    income = _balance_lines(sides[0], "income")
    expenditure = _balance_lines(sides[1], "expenditure")
    for lines in (income, expenditure):
        if not any(line.role is LineRole.GRAND_TOTAL for line in lines):
            return None, "没有找到“收入合计”“支出合计”行"
    return BalanceTable(("金额",), ("金额",), tuple(income), tuple(expenditure)), None


def _balance_header_end(rows: Sequence[Cells]) -> int | None:
    """The index of the first row after the header (the last row that names 金额)."""
    end = None
    for index, cells in enumerate(rows[:8]):
        texts = [compact(cell.text) for cell in cells if cell.text]
        if texts and all(_BALANCE_HEADER_WORDS.match(text) for text in texts):
            if _GROUP_AMOUNT in texts:
                end = index + 1
        elif end is not None or any(cell.value is not None for cell in cells):
            break
    return end


def _balance_groups(header: Sequence[Cells]) -> tuple[_Group, ...] | None:
    labels = sorted(
        (cell.column, compact(cell.text) == "功能科目名称")
        for cells in header
        for cell in cells
        if _GROUP_LABEL.match(compact(cell.text))
    )
    amounts = sorted(cell.column for cells in header for cell in cells if compact(cell.text) == _GROUP_AMOUNT)
    if len(labels) != len(amounts):
        return None
    groups = []
    for (label, functional), amount in zip(labels, amounts, strict=True):
        if amount <= label:
            return None
        groups.append(_Group(label, amount, functional))
    for first, second in itertools.pairwise(groups):
        if second.label <= first.amount:
            return None
    return tuple(groups)


def _group_of(position: int, positions: Sequence[int]) -> int | None:
    """The group whose header stands at ``position`` or one beside it."""
    near = [index for index, at in enumerate(positions) if abs(at - position) <= 1]
    return near[0] if len(near) == 1 else None


def _balance_row(
    cells: Cells, groups: Sequence[_Group], ignored: int | None
) -> list[tuple[int, tuple[Cell, Cell | None]]] | str:
    """The (group, (label, amount)) pairs of a row, or why it cannot be read."""
    label_positions = [group.label for group in groups]
    amount_positions = [group.amount for group in groups]
    labels: dict[int, Cell] = {}
    amounts: dict[int, Cell] = {}
    for cell in cells:
        if not cell.text:
            continue
        if cell.value is None:
            group = _group_of(cell.column, label_positions)
            target = labels
        else:
            group = _group_of(cell.column, amount_positions)
            target = amounts
        if group is None:
            return f"有一格不在任何一列下（{cell.text}）"
        if group in target:
            return f"一行中同一列有两格（{target[group].text}、{cell.text}）"
        target[group] = cell
    pairs: list[tuple[int, tuple[Cell, Cell | None]]] = []
    for group, amount in list(amounts.items()):
        if group in labels or group != ignored:
            continue
        total = labels.get(group - 1)
        if total is not None and _is_total(total) and group - 1 not in amounts:
            amounts[group - 1] = amount  # a total of the 功能分类 labels, its amount further right
        del amounts[group]
    for group in sorted(set(labels) | set(amounts)):
        if group == ignored:
            continue
        label = labels.get(group)
        if label is None:
            return f"金额 {amounts[group].text} 没有对应的项目名称"
        pairs.append((group, (label, amounts.get(group))))
    return pairs


def _is_total(cell: Cell) -> bool:
    text = compact(cell.text)
    return "合计" in text or "小计" in text or "总计" in text


def _balance_lines(pairs: Sequence[tuple[Cell, Cell | None]], side: str) -> list[BalanceLine]:
    lines: list[BalanceLine] = []
    for label_cell, amount in pairs:
        written = compact(label_cell.text)
        label = _NUMBERED.sub("", written)
        role = _balance_role(label, side)
        if role is LineRole.ITEM and any(
            line.role is not LineRole.ITEM and line.role is not LineRole.ITEM_PART for line in lines
        ):
            role = LineRole.OTHER  # a line below the totals
        if role is LineRole.ITEM and _ARABIC_NUMBERED.match(written):
            items = [line for line in lines if line.role is LineRole.ITEM]
            if items and _CHINESE_NUMBERED.match(compact(items[-1].label_cell.text)):
                role = LineRole.ITEM_PART
        category = CATEGORY_CODES.get(label) if side == "expenditure" and role is LineRole.ITEM else None
        cells = (("金额", amount),) if amount is not None else ()
        lines.append(BalanceLine(label, label_cell, None, role, category, cells))
    if not any(line.role is LineRole.CURRENT_TOTAL for line in lines) and not any(
        line.role in (LineRole.OPENING, LineRole.CLOSING) for line in lines
    ):
        # No 小计 and no 结转 line (财政拨款收支预算总表): the 合计 is the sum of the items too.
        lines = [
            *(
                attrs.evolve(line, role=LineRole.CURRENT_TOTAL)
                for line in lines
                if line.role is LineRole.GRAND_TOTAL
            ),
            *lines,
        ]
    return lines


def _balance_role(label: str, side: str) -> LineRole:
    word = "收入" if side == "income" else "支出"
    if label in (f"当年{word}小计", f"本年{word}小计", f"本年{word}合计"):
        return LineRole.CURRENT_TOTAL
    if label in (f"{word}合计", f"{word}总计", "合计", "总计"):
        return LineRole.GRAND_TOTAL
    if side == "income" and "上年结转" in label:
        return LineRole.OPENING
    if side == "expenditure" and "结转下年" in label:
        return LineRole.CLOSING
    return LineRole.ITEM
