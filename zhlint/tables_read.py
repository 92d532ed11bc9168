"""Reading a recognised standard table into its model (see :mod:`zhlint.tables`).

PDF extraction shifts cells: a code and a name merged into one cell (`201 一般公共服务支出`),
a 栏次 row misaligned, a total's value on the line after its label, caption text (`公开03表`,
`金额单位`) inside header rows, surplus trailing cells. The readers here go by the header's
column names and by the shape of each row rather than by fixed positions, and give a reason
(``problem``) instead of a model when the table cannot be read reliably.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import regex

from zhlint.diagnostics import Span
from zhlint.document import Cell
from zhlint.tables import (
    CAPTION_CELL,
    CATEGORY_CODES,
    THREE_PUBLIC_FIELDS,
    BalanceLine,
    BalanceTable,
    CodedRow,
    CodedTable,
    EconomicItem,
    EconomicTable,
    LayoutNote,
    LineRole,
    Model,
    StandardTable,
    TableKind,
    ThreePublicGroup,
    ThreePublicTable,
)
from zhlint.text import compact

Cells = tuple[Cell, ...]

# Patterns run on every cell or caption line use the standard `re` engine, which starts a match
# about twice as fast as `regex` on short strings; `regex` is kept where its features are needed.
_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")
_CODE_AND_NAME = re.compile(r"^(\d{3}|\d{5}|\d{7})\s*(\D.*)$")
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,2}\s*[、.．](?!\d))\s*")
_TWO_DIGITS = re.compile(r"\d{2}")
_ECONOMIC_CODE = re.compile(r"\d{3}|\d{5}")
_GROUP_WORD = regex.compile(r"预算数|决算数")
_LABEL_WORDS = ("项目", "科目代码", "科目名称", "栏次", "行次")
_TOTAL_LABELS = ("合计", "总计")

# The value columns of the tables by code, in template order; the first is the total of the rest
# (07表: 小计 = 基本支出 + 项目支出 instead, see ``_CODED_SUMS``).
CODED_COLUMNS: dict[TableKind, tuple[str, ...]] = {
    TableKind.INCOME: (
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ),
    TableKind.EXPENDITURE: (
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ),
    TableKind.GENERAL_BUDGET: ("小计", "基本支出", "项目支出"),
    TableKind.GOV_FUND: ("年初结转和结余", "本年收入", "小计", "基本支出", "项目支出", "年末结转和结余"),
    TableKind.STATE_CAPITAL: ("合计", "基本支出", "项目支出"),
}
_CODED_SUMS: dict[TableKind, tuple[str, tuple[str, ...]]] = {
    kind: (columns[0], columns[1:]) for kind, columns in CODED_COLUMNS.items()
}
_CODED_SUMS[TableKind.GOV_FUND] = ("小计", ("基本支出", "项目支出"))
# Header words that name the same column (05/08表 write 小计 or 合计 under 本年支出).
_COLUMN_ALIASES = {"合计": "小计", "本年支出小计": "小计", "本年支出合计": "本年支出合计"}

FISCAL_COLUMNS = ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def read_model(table: StandardTable) -> StandardTable:
    """``table`` with its model, ``empty`` and ``problem`` filled in."""
    rows = _clean_rows(table)
    if not rows:
        return attrs.evolve(table, empty=True)
    model: Model | None
    problem: str | None
    kind = table.kind
    if kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        model, problem = read_balance(rows, kind)
    elif kind is TableKind.BASIC_DETAIL:
        model, problem = read_economic(rows)
    elif kind is TableKind.THREE_PUBLIC:
        model, problem = read_three_public(rows)
    else:
        composed, problem = compose_split_codes(rows)
        if composed is None:
            model = None
        else:
            rows = composed
            model, problem = read_coded(rows, kind)
    empty = table.empty or not _has_figures(rows)
    if empty and kind is not TableKind.THREE_PUBLIC:
        problem = None  # an empty table has nothing to misread
    layout = tuple(layout_notes(rows, kind, empty)) if model is not None else ()
    return attrs.evolve(table, model=model, problem=problem, empty=empty, layout=layout)


def _clean_rows(table: StandardTable) -> list[Cells]:
    """Rows without caption cells (`公开03表`, `金额单位：万元`) and without blank rows."""
    rows: list[Cells] = []
    for _line, cells in table.rows():
        joined = "".join(cell.text for cell in cells)
        if not joined:
            continue
        if "公开" in joined or "单位" in joined or "部门" in joined:  # what every caption cell holds
            cells = tuple(_blank(cell) if CAPTION_CELL.search(cell.text) else cell for cell in cells)
            if not any(cell.text for cell in cells):
                continue
        rows.append(cells)
    return rows


def _blank(cell: Cell) -> Cell:
    return cell._replace(text="", value=None, is_written_number=False)


def _has_figures(rows: Sequence[Cells]) -> bool:
    """Any non-zero amount (codes, 行次 and 栏次 numbers are not amounts)?"""
    for cells in rows:
        for cell in cells:
            if cell.value and cell.is_written_number and "." in cell.text:
                return True
    return False


def _is_column_numbers(cells: Cells) -> bool:
    """A 栏次 row: `栏次 1 2 3`, or only the column numbers 1, 2, 3 …"""
    # Asked of every row by several readers, so one pass first: 栏次 anywhere decides; else a
    # row with a name (a text that is not a number, as most rows have) cannot be one.
    named = False
    for cell in cells:
        if "栏" in cell.text and "栏次" in compact(cell.text):
            return True
        named = named or (bool(cell.text) and cell.value is None)
    if named:
        return False
    texts = [compact(cell.text) for cell in cells if cell.text]
    numbers = [text for text in texts if text.isdigit()]
    return (
        len(numbers) >= 3
        and len(numbers) == len(texts)
        and numbers == [str(i + 1) for i in range(len(numbers))]
    )


def _is_amount(cell: Cell) -> bool:
    return cell.value is not None and not _CODE.match(cell.text)


# ---------------------------------------------------------------------------------------------
# Tables by code: 02, 03, 05, 07, 08


def read_coded(rows: Sequence[Cells], kind: TableKind) -> tuple[CodedTable | None, str | None]:
    first_data = next((index for index, cells in enumerate(rows) if _is_coded_data(cells)), None)
    if first_data is None:
        return None, "没有找到科目代码或合计行"
    header = [cells for cells in rows[:first_data] if not _is_column_numbers(cells)]
    names, label_count = _header_columns(header, CODED_COLUMNS[kind])
    total_column, part_columns = _CODED_SUMS[kind]
    missing = [name for name in (total_column, *part_columns) if name not in names.values()]
    if missing:
        return None, f"表头中没有找到列“{'、'.join(missing)}”"
    total: CodedRow | None = None
    coded: list[CodedRow] = []
    for cells in rows[first_data:]:
        if _is_column_numbers(cells):
            continue
        row = _coded_row(cells, names, label_count)
        if row is None:
            continue
        if row.code is None:
            total = total or row
        else:
            coded.append(row)
    columns = tuple(name for _, name in sorted(names.items()))
    return CodedTable(columns, total_column, part_columns, total, tuple(coded)), None


# ---------------------------------------------------------------------------------------------
# 类, 款 and 项 in columns of their own: `201 | 03 | 01 | 行政运行`, the 类 and 款 cells often
# left blank in the rows that continue the 类/款 above (also across a page break). The three
# columns are composed into one 科目代码 column (201, 20103, 2010301), so that the rows read as
# in the common layout.

_SPLIT_HEADER = ("类", "款", "项")
_CODE_PART = re.compile(r"^\d{2,7}$")


def compose_split_codes(rows: Sequence[Cells]) -> tuple[list[Cells] | None, str | None]:
    """``rows`` with 类, 款, 项 composed into one code column; the rows themselves in the usual layout.

    None and the reason when a code cannot be composed unambiguously (a 项 with no 类 or 款 to
    inherit, a code part of the wrong length).
    """
    positions = _split_positions(rows)
    if positions is None:
        return list(rows), None
    first, last = positions[0], positions[-1]
    composed: list[Cells] = []
    category: str | None = None  # the 类 and 款 the blank cells continue
    item: str | None = None
    for cells in rows:
        if len(cells) <= last:
            composed.append(cells)
            continue
        parts = [compact(cells[position].text) for position in positions]
        if parts == list(_SPLIT_HEADER):  # the 类 款 项 header row
            merged = _placed(cells[first], _cells_span(cells[first : last + 1]), text="科目代码")
        elif any(_CODE_PART.match(part) for part in parts):
            code, category, item = _compose(parts, category, item)
            if code is None:
                row = "".join(part or "□" for part in parts)
                return None, f"科目代码分在“类”“款”“项”三列，有一行（{row}）无法拼出完整代码"
            written = [cell for cell in cells[first : last + 1] if cell.text]
            merged = _placed(
                written[0], _cells_span(written), text=code, column=first, value=None, is_written_number=False
            )
        else:  # 合计, 栏次, header words: the first text, where the 类 stood
            texts = [cell for cell in cells[first : last + 1] if cell.text]
            text = "".join(cell.text for cell in texts)
            span = _cells_span(texts) if texts else cells[first].span
            merged = _placed(cells[first], span, text=text, value=None, is_written_number=False)
        composed.append((*cells[:first], merged, *cells[last + 1 :]))
    return composed, None


def _placed(cell: Cell, span: Span, **changes: Any) -> Cell:
    """``cell`` standing over ``span`` (cells merged into one), with other ``changes``."""
    return cell._replace(start=span.start, end=span.end, **changes)


def _split_positions(rows: Sequence[Cells]) -> tuple[int, ...] | None:
    """The positions of the 类, 款 and 项 columns: by a header row naming them, else by the data."""
    for cells in rows:
        if not any("款" in cell.text for cell in cells):
            continue
        texts = [compact(cell.text) for cell in cells]
        for position in range(len(texts) - 2):
            if tuple(texts[position : position + 3]) == _SPLIT_HEADER:
                return (position, position + 1, position + 2)
    for cells in rows:
        if (
            len(cells) > 3
            and _CATEGORY.match(compact(cells[0].text))
            and _TWO_DIGITS.fullmatch(compact(cells[1].text))
        ):
            return (0, 1, 2)
    return None


_CATEGORY = re.compile(r"^\d{3}$")


def _compose(
    parts: Sequence[str], category: str | None, item: str | None
) -> tuple[str | None, str | None, str | None]:
    """The code of a row from its 类, 款, 项 cells and the 类/款 above; then the new 类 and 款."""
    first, second, third = parts
    if first and not second and not third and _CODE.match(first):  # the whole code under 类
        return first, first[:3], first[:5] if len(first) > 3 else None
    if first:
        if not _CATEGORY.match(first):
            return None, category, item
        category, item = first, None
    if second:
        if len(second) == 5 and second.isdigit():  # the 款 written in full (20103)
            category, item = second[:3], second
        elif len(second) == 2 and second.isdigit() and category is not None:
            item = category + second
        else:
            return None, category, item
    elif first:
        item = None
    if third:
        if len(third) == 7 and third.isdigit():  # the 项 written in full
            return third, third[:3], third[:5]
        if len(third) == 2 and third.isdigit() and item is not None:
            return item + third, category, item
        return None, category, item
    if second:
        return item, category, item
    return category, category, item


def _cells_span(cells: Sequence[Cell]) -> Span:
    return Span(cells[0].start, cells[-1].end)


def _is_coded_data(cells: Cells) -> bool:
    labels = [compact(cell.text) for cell in cells[:2]]
    return any(_CODE.match(text) or _CODE_AND_NAME.match(text) or text in _TOTAL_LABELS for text in labels)


def _header_columns(header: Sequence[Cells], expected: tuple[str, ...]) -> tuple[dict[int, str], int]:
    """Column names by position (the lowest header text at each position) and the label count.

    The label count is how many leading positions hold 科目代码/科目名称 rather than amounts.
    """
    width = max((len(cells) for cells in header), default=0)
    leaves: dict[int, str] = {}
    for cells in header:
        for position, cell in enumerate(cells):
            text = compact(cell.text)
            if text:
                leaves[position] = text
    names: dict[int, str] = {}
    label_count = 0
    for position in range(width):
        text = leaves.get(position, "")
        name = _canonical_column(text, expected)
        if name is not None:
            names[position] = name
        elif not names and (not text or any(word in text for word in _LABEL_WORDS)):
            label_count = position + 1
    return names, max(label_count, 1)


def _canonical_column(text: str, expected: tuple[str, ...]) -> str | None:
    if not text:
        return None
    text = _COLUMN_ALIASES.get(text, text)
    if text in expected:
        return text
    if text == "小计" and "合计" in expected:
        return "合计"
    return next((name for name in expected if name in text or (text in name and len(text) >= 4)), None)


def _coded_row(cells: Cells, names: dict[int, str], header_labels: int) -> CodedRow | None:
    """A data row: its code and name however they are split, and its cells by column name."""
    first = compact(cells[0].text) if cells else ""
    second = compact(cells[1].text) if len(cells) > 1 else ""
    code: str | None = None
    label = cells[0]
    if _CODE.match(first):
        code, name, labels = first, cells[1].text.strip() if len(cells) > 1 else "", 2
    elif match := _CODE_AND_NAME.match(cells[0].text.strip()):
        code, name, labels = match.group(1), match.group(2).strip(), 1
    elif first in _TOTAL_LABELS:
        name, labels = first, 1 if len(cells) > 1 and _is_amount(cells[1]) else 2
    elif not first and second in _TOTAL_LABELS:
        name, labels, label = second, 2, cells[1]
    else:
        return None
    # A merged code-and-name cell shifts every amount one position left of its header.
    shift = header_labels - labels
    named: list[tuple[str, Cell]] = []
    for index in range(labels, len(cells)):
        column = names.get(index + shift)
        if column is not None:
            named.append((column, cells[index]))
    return CodedRow(code, name, label, tuple(named))


# ---------------------------------------------------------------------------------------------
# 01 and 04: income and expenditure side by side


def read_balance(rows: Sequence[Cells], kind: TableKind) -> tuple[BalanceTable | None, str | None]:
    split = _side_split(rows)
    if split is None:
        return None, "表头中没有找到“收入”“支出”两栏"
    first_data = next((i for i, cells in enumerate(rows) if _row_number(cells, 1) is not None), None)
    if first_data is None:
        return None, "没有找到带行次的数据行"
    header = [cells for cells in rows[:first_data] if not _is_column_numbers(cells)]
    expenditure_columns = _expenditure_columns(header, split, kind)
    income_columns = ("金额",)
    income: list[BalanceLine] = []
    expenditure: list[BalanceLine] = []
    for cells in rows[first_data:]:
        if _is_column_numbers(cells):
            continue
        line = _balance_line(cells[:split], income_columns, income, "income")
        if line is not None:
            income.append(line)
        line = _balance_line(cells[split:], expenditure_columns, expenditure, "expenditure")
        if line is not None:
            expenditure.append(line)
    if not any(line.role is LineRole.GRAND_TOTAL for line in (*income, *expenditure)):
        return None, "没有找到“总计”行"
    return BalanceTable(income_columns, expenditure_columns, tuple(income), tuple(expenditure)), None


def _side_split(rows: Sequence[Cells]) -> int | None:
    """The position where the expenditure side begins (the header cell `支出`)."""
    for cells in rows[:3]:
        for position, cell in enumerate(cells):
            if position and compact(cell.text) == "支出":
                return position
    for cells in rows[:3]:  # no `收入`/`支出` row: the second 项目 column
        positions = [i for i, cell in enumerate(cells) if compact(cell.text).startswith("项目")]
        if len(positions) == 2:
            return positions[1]
    return None


def _row_number(cells: Cells, position: int) -> int | None:
    if len(cells) <= position:
        return None
    text = compact(cells[position].text)
    return int(text) if text.isdigit() and len(text) <= 2 else None


def _expenditure_columns(header: Sequence[Cells], split: int, kind: TableKind) -> tuple[str, ...]:
    if kind is TableKind.SUMMARY:
        return ("金额",)
    names: list[str] = []
    for cells in header:
        for cell in cells[split + 2 :]:
            name = _canonical_column(compact(cell.text), FISCAL_COLUMNS)
            if name is not None and name not in names:
                names.append(name)
    return tuple(names) if names else ("合计",)


def _balance_line(
    cells: Cells, columns: tuple[str, ...], previous: Sequence[BalanceLine], side: str
) -> BalanceLine | None:
    if len(cells) < 3:
        return None
    label_cell = cells[0]
    label = _NUMBERING.sub("", compact(label_cell.text))
    amounts = [cell for cell in cells[2 : 2 + len(columns)]]
    if not label and not any(cell.text for cell in amounts):
        return None
    role = _role(label, previous, side)
    category = CATEGORY_CODES.get(label) if side == "expenditure" and role is LineRole.ITEM else None
    named = tuple(zip(columns, amounts, strict=False))
    return BalanceLine(label, label_cell, _row_number(cells, 1), role, category, named)


def _role(label: str, previous: Sequence[BalanceLine], side: str) -> LineRole:
    if "本年收入合计" in label or "本年支出合计" in label:
        return LineRole.CURRENT_TOTAL
    if label == "总计":
        return LineRole.GRAND_TOTAL
    if "年初" in label and "结" in label:
        return LineRole.OPENING
    if "年末" in label and "结" in label:
        return LineRole.CLOSING
    if "使用非财政拨款结余" in label or "用事业基金弥补" in label:
        return LineRole.USED_BALANCE
    if "结余分配" in label:
        return LineRole.DISTRIBUTION
    # (Identity tests, not a set of roles: hashing an Enum member runs Python code, per line.)
    if not any(line.role is LineRole.CURRENT_TOTAL for line in previous):
        return LineRole.ITEM if label else LineRole.OTHER
    if side == "income" and label and any(line.role is LineRole.OPENING for line in previous):
        return LineRole.OPENING_PART
    return LineRole.OTHER


# ---------------------------------------------------------------------------------------------
# 06: the economic classification in three column groups


def read_economic(rows: Sequence[Cells]) -> tuple[EconomicTable | None, str | None]:
    items: list[EconomicItem] = []
    personnel: Cell | None = None
    public: Cell | None = None
    pending_labels: list[tuple[int, str]] = []
    for cells in rows:
        labels = _total_labels(cells)
        if labels:
            found = _assign_totals(cells, labels)
            if found:
                personnel = found.get("personnel", personnel)
                public = found.get("public", public)
            else:
                pending_labels = labels  # the values stand on the next line
            continue
        if pending_labels:
            found = _assign_totals(cells, pending_labels)
            personnel = found.get("personnel", personnel)
            public = found.get("public", public)
            pending_labels = []
            continue
        items += _economic_items(cells)
    if not items:
        return None, "没有找到经济分类科目（301、302…）"
    return EconomicTable(tuple(items), personnel, public), None


def _total_labels(cells: Cells) -> list[tuple[int, str]]:
    labels = []
    for position, cell in enumerate(cells):
        text = compact(cell.text)
        if "人员经费合计" in text or text == "人员经费":
            labels.append((position, "personnel"))
        elif "公用经费合计" in text or text == "公用经费":
            labels.append((position, "public"))
    return labels if any("合计" in compact(cells[p].text) for p, _ in labels) else []


def _assign_totals(cells: Cells, labels: list[tuple[int, str]]) -> dict[str, Cell]:
    """Each amount belongs to the nearest label on its left (or the first label)."""
    found: dict[str, Cell] = {}
    for position, cell in enumerate(cells):
        if not _is_amount(cell):
            continue
        owner = labels[0][1]
        for label_position, name in labels:
            if label_position <= position:
                owner = name
        found.setdefault(owner, cell)
    return found


def _economic_items(cells: Cells) -> list[EconomicItem]:
    items = []
    position = 0
    while position < len(cells):
        text = compact(cells[position].text)
        merged = _CODE_AND_NAME.match(cells[position].text.strip())
        if _ECONOMIC_CODE.fullmatch(text) and position + 2 < len(cells):
            name, amount = cells[position + 1], cells[position + 2]
            if name.value is None and (amount.value is not None or not amount.text):
                items.append(EconomicItem(text, name.text, cells[position], amount))
                position += 3
                continue
        elif merged and len(merged.group(1)) in (3, 5) and position + 1 < len(cells):
            amount = cells[position + 1]
            if amount.value is not None or not amount.text:
                items.append(EconomicItem(merged.group(1), merged.group(2), cells[position], amount))
                position += 2
                continue
        position += 1
    return items


# ---------------------------------------------------------------------------------------------
# The 三公 table: 预算数 and 决算数, six columns each


def read_three_public(rows: Sequence[Cells]) -> tuple[ThreePublicTable | None, str | None]:
    data_rows = [values for cells in rows if (values := _data_values(cells))]
    if len(data_rows) > 1:
        return _read_vertical_three_public(rows)
    values = data_rows[0] if data_rows else []
    header_text = "".join(compact(cell.text) for cells in rows for cell in cells if cell.value is None)
    problem = _header_problem(header_text)
    if problem is not None:
        return None, problem
    groups = _GROUP_WORD.findall(header_text)
    size = len(THREE_PUBLIC_FIELDS)
    if len(values) == 2 * size and groups[:2] == ["预算数", "决算数"]:
        return ThreePublicTable(_group(values[:size]), _group(values[size:])), None
    if len(values) == size and len(set(groups)) == 1:
        group = _group(values)
        return ThreePublicTable(
            group if groups[0] == "预算数" else None, group if groups[0] == "决算数" else None
        ), None
    repeated = "；表头“预算数”出现了两次" if groups.count("预算数") > 1 else ""
    if size < len(values) < 2 * size and groups[:1] == ["预算数"]:
        reason = f"有 {len(values)} 个数，标准格式为 {2 * size} 个（预算数、决算数各 {size} 个）{repeated}"
        return ThreePublicTable(_group(values[:size]), None), f"{reason}；只读取了预算数，决算数未检查"
    return None, f"有 {len(values)} 个数，标准格式为 {2 * size} 个（预算数、决算数各 {size} 个）{repeated}"


# Row labels of a 三公 table laid out vertically (one row per item), most specific first.
_THREE_PUBLIC_ROWS = (
    ("vehicles", regex.compile(r"购置及运行|购置费及运行|^小计$")),
    ("vehicle_purchase", regex.compile(r"购置")),
    ("vehicle_operation", regex.compile(r"运行")),
    ("abroad", regex.compile(r"出国")),
    ("reception", regex.compile(r"接待")),
    ("total", regex.compile(r"合计|总计")),
)


def _read_vertical_three_public(rows: Sequence[Cells]) -> tuple[ThreePublicTable | None, str | None]:
    """One row per item (`因公出国（境）费 | 预算数 | 决算数`): labels decide, two numbers each."""
    header_text = "".join(compact(cell.text) for cells in rows[:3] for cell in cells if cell.value is None)
    order = _GROUP_WORD.findall(header_text)[:2]
    if sorted(order) != ["决算数", "预算数"]:
        return None, "有多行数据，但表头中没有“预算数”“决算数”两列"
    found: dict[str, tuple[Cell, Cell]] = {}
    for cells in rows:
        values = _data_values(cells)
        label = "".join(compact(cell.text) for cell in cells if cell.value is None)
        if not values:
            continue
        field = next((name for name, pattern in _THREE_PUBLIC_ROWS if pattern.search(label)), None)
        if field is None or len(values) != 2 or field in found:
            return None, f"无法识别这一行：“{label or values[0].text}”"
        found[field] = (values[0], values[1])
    if set(found) != set(THREE_PUBLIC_FIELDS):
        missing = [field for field in THREE_PUBLIC_FIELDS if field not in found]
        return None, f"缺少 {len(missing)} 项（按行排列的表）"
    budget_first = order[0] == "预算数"
    budget = _group([found[field][0 if budget_first else 1] for field in THREE_PUBLIC_FIELDS])
    actual = _group([found[field][1 if budget_first else 0] for field in THREE_PUBLIC_FIELDS])
    return ThreePublicTable(budget, actual), None


def _data_values(cells: Cells) -> list[Cell]:
    """The amounts of a row, without a leading run of column numbers 1, 2, 3 … (栏次)."""
    amounts = [cell for cell in cells if cell.value is not None]
    index = 0
    while index < len(amounts) and amounts[index].text == str(index + 1):
        index += 1
    if index >= 3:
        amounts = amounts[index:]
    elif any(not cell.text.count(".") for cell in amounts) and _is_column_numbers(cells):
        return []
    return amounts


def _header_problem(header: str) -> str | None:
    """The template order is 合计, 出国, 公务用车 (小计, 购置, 运行维护), 接待; anything else is not read."""
    positions = [header.find(word) for word in ("出国", "公务用车", "接待")]
    if min(positions) < 0:
        return "表头中没有找到因公出国、公务用车、公务接待三列"
    if positions != sorted(positions):
        return "表头的列顺序与标准格式不同（合计、因公出国、公务用车、公务接待）"
    return None


def _group(cells: Sequence[Cell]) -> ThreePublicGroup:
    return ThreePublicGroup(*cells)


# ---------------------------------------------------------------------------------------------
# Layout irregularities that reading coped with (reported as info by ZL307)


def layout_notes(rows: Sequence[Cells], kind: TableKind, empty: bool) -> Iterator[LayoutNote]:
    if kind is TableKind.THREE_PUBLIC:
        return
    if kind is TableKind.BASIC_DETAIL:
        yield from _split_totals(rows)
        return
    positions = _amount_positions(rows, kind)
    if not positions:
        return
    yield from _misaligned_column_numbers(rows, positions)
    if kind not in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        yield from _surplus_amounts(rows, positions)
    if empty:
        yield from _partly_filled(rows, positions)


def _amount_positions(rows: Sequence[Cells], kind: TableKind) -> set[int]:
    """Where the header puts the amount columns."""
    if kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        split = _side_split(rows)
        first = next((i for i, cells in enumerate(rows) if _row_number(cells, 1) is not None), None)
        if split is None or first is None:
            return set()
        header = [cells for cells in rows[:first] if not _is_column_numbers(cells)]
        return {2, *range(split + 2, split + 2 + len(_expenditure_columns(header, split, kind)))}
    first = next((index for index, cells in enumerate(rows) if _is_coded_data(cells)), None)
    if first is None:
        return set()
    header = [cells for cells in rows[:first] if not _is_column_numbers(cells)]
    names, _ = _header_columns(header, CODED_COLUMNS[kind])
    return set(names)


def _misaligned_column_numbers(rows: Sequence[Cells], positions: set[int]) -> Iterator[LayoutNote]:
    for cells in rows:
        if not any("栏次" in cell.text for cell in cells):
            continue
        numbered = {i for i, cell in enumerate(cells) if compact(cell.text).isdigit()}
        if numbered and numbered != positions:
            yield LayoutNote(
                _row_span(cells),
                f"栏次行的编号与金额列错位：编号在第 {_positions(numbered)} 格，"
                f"金额列在第 {_positions(positions)} 格",
            )
        return


def _surplus_amounts(rows: Sequence[Cells], positions: set[int]) -> Iterator[LayoutNote]:
    """Data rows with more amounts than the header has amount columns."""
    for cells in rows:
        if not _is_coded_data(cells) or _is_column_numbers(cells):
            continue
        amounts = [cell for cell in cells[1:] if _is_amount(cell)]
        if len(amounts) > len(positions):
            yield LayoutNote(
                _row_span(cells),
                f"数据行有 {len(amounts)} 个数，表头只有 {len(positions)} 列金额；多出的数未读取"
                "（科目代码与名称也可能合在一格）",
            )
            return


def _partly_filled(rows: Sequence[Cells], positions: set[int]) -> Iterator[LayoutNote]:
    """An empty table whose row has some amount cells filled (0.00) and others blank."""
    for cells in rows:
        if not _is_coded_data(cells) or _is_column_numbers(cells):
            continue
        values = [cells[i] for i in sorted(positions) if i < len(cells)]
        filled = [cell for cell in values if cell.text]
        if filled and len(filled) < len(values):
            yield LayoutNote(
                _row_span(cells),
                f"空表的这一行只有 {len(filled)} 格填了数（{filled[0].text}），其余为空白，填写不一致",
            )
            return


def _split_totals(rows: Sequence[Cells]) -> Iterator[LayoutNote]:
    """06表: 人员经费合计 / 公用经费合计 whose values stand on the next line."""
    for index, cells in enumerate(rows[:-1]):
        if _total_labels(cells) and not any(_is_amount(cell) for cell in cells):
            yield LayoutNote(_row_span(rows[index + 1]), "人员经费合计、公用经费合计的数值在标签的下一行")
            return


def _row_span(cells: Cells) -> Span:
    return Span(cells[0].start, cells[-1].end) if cells else Span(0, 0)


def _positions(positions: set[int]) -> str:
    return "、".join(str(position + 1) for position in sorted(positions))
