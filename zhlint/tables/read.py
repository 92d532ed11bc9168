"""Reading a recognised standard table into its model (see :mod:`zhlint.tables.recognise`).

PDF extraction shifts cells: a code and a name merged into one cell (`201 一般公共服务支出`),
a 栏次 row misaligned, a total's value on the line after its label, caption text (`公开03表`,
`金额单位`) inside header rows, surplus trailing cells. The readers here go by the header's
column names and by the shape of each row rather than by fixed positions, and give a reason
(``problem``) instead of a model when the table cannot be read reliably.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from zhlint.diagnostics import Span
from zhlint.document.segment import Cell
from zhlint.read.patterns import lazy_compile
from zhlint.read.text import compact
from zhlint.tables.model import (
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

Cells = tuple[Cell, ...]

# Caption text that extraction puts inside table rows (`部门：…\t\t公开03表`); readers blank it.
CAPTION_CELL = re.compile(r"公开\s*\d{1,2}\s*表|金额单位|^单位\s*[：:]|^部门\s*[：:]|^编制单位")

# Patterns run on every cell or caption line use the standard `re` engine, which starts a match
# about twice as fast as `regex` on short strings; `regex` is kept where its features are needed.
_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")
# A name starts with neither a digit nor number punctuation: an amount such as `294.67` is not
# the code 294 with the name `.67`.
_CODE_AND_NAME = re.compile(r"^(\d{3}|\d{5}|\d{7})\s*([^\d\s.,．，].*)$")
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,2}\s*[、.．](?!\d))\s*")
_TWO_DIGITS = re.compile(r"\d{2}")
_ECONOMIC_CODE = re.compile(r"\d{3}|\d{5}")
_GROUP_WORD = re.compile(r"预算数|决算数")
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
        return attrs.evolve(table, empty=True, empty_note=None)
    model: Model | None
    problem: str | None
    kind = table.kind
    if kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        model, problem = read_balance(rows, kind)
    elif kind is TableKind.THREE_PUBLIC:
        model, problem = read_three_public(rows, table.budget)
    else:  # tables by code, functional (02/03/05/07/08) or economic (06)
        economic = kind is TableKind.BASIC_DETAIL
        padded: list[LayoutNote] = []
        scheme = ECONOMIC_CODES if economic else FUNCTIONAL_CODES
        composed, problem = compose_split_codes(rows, scheme, padded)
        if composed is None:
            model = None
        else:
            rows = composed
            model, problem = read_economic(rows) if economic else read_coded(rows, kind, table.budget)
    figures = _has_figures(rows, in_yuan=table.scale != 1)
    empty = not figures or (table.empty and table.empty_note is None)
    if empty and kind is not TableKind.THREE_PUBLIC:
        problem = None  # an empty table has nothing to misread
    if table.problem is not None and not empty:  # broken apart on recognition (see recognise)
        model, problem = None, table.problem
    layout = tuple(layout_notes(rows, kind, empty, table.budget)) if model is not None else ()
    if model is not None and kind not in (
        TableKind.SUMMARY,
        TableKind.FISCAL_SUMMARY,
        TableKind.THREE_PUBLIC,
    ):
        layout = (*padded, *layout)
    note = table.empty_note if figures else None  # a note that says so of an empty table is right
    return attrs.evolve(table, model=model, problem=problem, empty=empty, layout=layout, empty_note=note)


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


def _has_figures(rows: Sequence[Cells], in_yuan: bool = False) -> bool:
    """Any non-zero amount (codes, 行次 and 栏次 numbers are not amounts)? Tables in 元 write
    whole amounts (`156,211,123`): there a whole number that is not a code counts too."""
    for cells in rows:
        for cell in cells:
            if not (cell.value and cell.is_written_number):
                continue
            if "." in cell.text:
                return True
            if in_yuan and not _CODE.match(compact(cell.text)) and not _is_column_numbers(cells):
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
    numbers = [text for text in texts if _is_ascii_number(text)]
    return (
        len(numbers) >= 3
        and len(numbers) == len(texts)
        and numbers == [str(i + 1) for i in range(len(numbers))]
    )


def _is_amount(cell: Cell) -> bool:
    return cell.value is not None and not _CODE.match(cell.text)


# ---------------------------------------------------------------------------------------------
# Tables by code: 02, 03, 05, 07, 08


def read_coded(
    rows: Sequence[Cells], kind: TableKind, budget: bool = False
) -> tuple[CodedTable | None, str | None]:
    first_data = next((index for index, cells in enumerate(rows) if _is_coded_data(cells)), None)
    if first_data is None:
        return None, "没有找到科目代码或合计行"
    header = [cells for cells in rows[:first_data] if not _is_column_numbers(cells)]
    if budget:
        found = _budget_columns(header, kind)
        if isinstance(found, str):
            return None, found
        names, label_count, total_column, part_columns = found
    else:
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
    if budget and (blank := _blank_total(total, coded, total_column)) is not None:
        return None, f"“{blank}”一行没有金额（金额可能印在相邻的行），无法可靠读取"
    columns = tuple(name for _, name in sorted(names.items()))
    return CodedTable(columns, total_column, part_columns, total, tuple(coded)), None


# The columns of the budget tables by code. A budget table has fewer columns than the 决算 one
# and names its total 合计: the total takes the 决算 table's name (so that the cross-table checks
# meet it), the parts are the columns the header has.
BUDGET_CODED_COLUMNS: dict[TableKind, tuple[str, ...]] = {
    TableKind.INCOME: (
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "事业单位经营收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ),
    TableKind.EXPENDITURE: (
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "事业单位经营支出",
        "经营支出",
        "对附属单位补助支出",
    ),
    TableKind.GENERAL_BUDGET: ("小计", "基本支出", "项目支出"),
    TableKind.GOV_FUND: ("小计", "基本支出", "项目支出"),
    TableKind.STATE_CAPITAL: ("合计", "基本支出", "项目支出"),
}
_BUDGET_TOTALS = ("合计", "小计", "总计", "金额")


def _budget_columns(
    header: Sequence[Cells], kind: TableKind
) -> tuple[dict[int, str], int, str, tuple[str, ...]] | str:
    """Column names, label count, total and parts of a budget table by code, or why not.

    Every amount column must be named: an unknown column (a fund under 财政拨款收入, say) could
    be part of another, and a sum over the known ones would then be wrong.
    """
    expected = BUDGET_CODED_COLUMNS[kind]
    total_column = expected[0]
    leaves = _header_leaves(header)
    names, label_count = _header_columns(header, expected)
    for position, text in leaves.items():
        if position < label_count or position in names:
            continue
        if text in _BUDGET_TOTALS and total_column not in names.values():
            names[position] = total_column
        else:
            return f"表头有未识别的列“{text}”"
    if total_column not in names.values():
        return "表头中没有找到“合计”列"
    parts = tuple(name for _, name in sorted(names.items()) if name != total_column)
    if not parts:
        # One amount column (Jiangsu): which funds it covers is not said, so the table is not
        # compared with the prose (which may speak of all funds) or with other tables.
        return "表中只有一列金额，未读取"
    return names, label_count, total_column, parts


def _header_leaves(header: Sequence[Cells]) -> dict[int, str]:
    leaves: dict[int, str] = {}
    for cells in header:
        for position, cell in enumerate(cells):
            text = compact(cell.text)
            if text and not CAPTION_CELL.search(text):
                leaves[position] = text
    return leaves


def _blank_total(total: CodedRow | None, rows: Sequence[CodedRow], column: str) -> str | None:
    """The first 合计 or 类 row whose total cell is blank (a budget table writes 0 for none)."""
    for row in (total, *rows) if total is not None else rows:
        if row.code is not None and len(row.code) != 3:
            continue
        cell = row.cell(column)
        if cell is None or not cell.text:
            return row.title
    return None


# ---------------------------------------------------------------------------------------------
# Codes printed in columns of their own, one per level: the functional 科目代码 as 类 | 款 | 项
# (`201 | 03 | 01 | 行政运行`), the economic code of the 06表 as 类 | 款 (`301 | 01 | 基本工资`),
# once in each of its column groups. The 类 and 款 cells are often left blank in the rows that
# continue the 类/款 above (also across a page break). The parts are composed into one code
# column (201, 20103, 2010301; 301, 30101), so that the rows read as in the common layout.

Group = tuple[int, ...]  # the positions of one code's part columns, top level first
Above = tuple[str | None, ...]  # the code at each upper level that blank cells continue


@attrs.frozen
class CodeScheme:
    """How the codes of one classification stand when split over columns."""

    parts: tuple[str, ...]  # the header words of the part columns, top level first
    lengths: tuple[int, ...]  # the digits of a whole code at each level
    part: re.Pattern[str]  # a cell meant as a code part
    # Rows without codes (header, 合计, 栏次) have their part columns merged as well where the
    # reader finds columns by their position under the header (tables by code). The 06表 finds
    # its 合计 by their place within the row, and a merge could swallow an amount that a ragged
    # 合计 row puts under a code column, so there such rows stay as written.
    merge_other_rows: bool
    by_data: Callable[[Sequence[Cells]], tuple[Group, ...]]  # where no header row names the parts


_CATEGORY = re.compile(r"^\d{3}$")


def _functional_split_by_data(rows: Sequence[Cells]) -> tuple[Group, ...]:
    """`201 | 03 | …`: a 类 in the first cell and a two-digit 款 beside it, in any row."""
    for cells in rows:
        if (
            len(cells) > 3
            and _CATEGORY.match(compact(cells[0].text))
            and _TWO_DIGITS.fullmatch(compact(cells[1].text))
        ):
            return ((0, 1, 2),)
    return ()


def _economic_split_by_data(rows: Sequence[Cells]) -> tuple[Group, ...]:
    """The first row that starts with a 类 decides: `301 | | 工资福利支出` or `301 | 30101 | 基本工资`.

    In the one-column layout the name follows the code (`301 | 工资福利支出`), so this costs
    one look at that row. The groups are the places in it where a 类 is followed by a blank,
    a short 款 or a whole 款 of that 类, and then a name.
    """
    for cells in rows:
        if cells and _CATEGORY.match(compact(cells[0].text)):
            return _economic_groups(cells)
    return ()


def _economic_groups(cells: Cells) -> tuple[Group, ...]:
    groups: list[Group] = []
    position = 0
    while position + 2 < len(cells):
        category = compact(cells[position].text)
        item = compact(cells[position + 1].text)
        name = cells[position + 2]
        if (
            _CATEGORY.match(category)
            and (not item or (_is_ascii_number(item) and (len(item) <= 2 or item[:3] == category)))
            and name.text
            and name.value is None
        ):
            groups.append((position, position + 1))
            position += 3
        else:
            position += 1
    return tuple(groups)


FUNCTIONAL_CODES = CodeScheme(
    ("类", "款", "项"), (3, 5, 7), re.compile(r"^\d{2,7}$"), True, _functional_split_by_data
)
# A one-digit 款 counts as a (wrong) part: a leading zero lost in a spreadsheet (`1` for `01`)
# must make the table unreadable, not drop the row and leave its 类 short of it.
ECONOMIC_CODES = CodeScheme(("类", "款"), (3, 5), re.compile(r"^\d{1,5}$"), False, _economic_split_by_data)
_COLUMN_COUNTS = {2: "两", 3: "三"}


def compose_split_codes(
    rows: Sequence[Cells], scheme: CodeScheme = FUNCTIONAL_CODES, padded: list[LayoutNote] | None = None
) -> tuple[list[Cells] | None, str | None]:
    """``rows`` with each group of code part columns composed into one code column.

    The rows themselves come out in the usual layout. None and the reason when a code cannot be
    composed unambiguously (a 款 or 项 with nothing to continue, a part of the wrong length, a
    whole code that contradicts the 类 beside it). A one-digit part where two are due (`301 | 2`,
    its leading 0 lost to a spreadsheet's number format) is read as 02, and noted in ``padded``.
    """
    groups = _split_positions(rows, scheme)
    if not groups:
        return list(rows), None
    above: list[Above] = [(None,) * (len(scheme.lengths) - 1)] * len(groups)
    composed: list[Cells] = []
    width = max((len(cells) for cells in rows if _is_coded_data(cells)), default=0)
    for cells in rows:
        cells = _pad_short_total(cells, width)
        fitting = [group for group in groups if group[-1] < len(cells)]
        parts = [[compact(cells[position].text) for position in group] for group in fitting]
        coded = any(scheme.part.match(part) for texts in parts for part in texts)
        if coded and _is_column_numbers(cells):
            coded = False
        if not scheme.merge_other_rows and (not coded or any("合计" in cell.text for cell in cells)):
            composed.append(cells)
            continue
        row: list[Cell] = []
        start = 0
        for index, (group, texts) in enumerate(zip(fitting, parts, strict=True)):
            first, last = group[0], group[-1]
            row += cells[start:first]
            if any(scheme.part.match(part) for part in texts):
                found = _compose(
                    _padded_parts(texts, scheme, cells[first : last + 1], padded), above[index], scheme
                )
                if isinstance(found, str):
                    return None, _split_problem(scheme, texts, cells, last, found)
                code, above[index] = found
                written = [cell for cell in cells[first : last + 1] if cell.text]
                merged = _as_text(written[0], _cells_span(written), code)._replace(column=first)
            elif tuple(texts) == scheme.parts:  # the 类 款 项 header row
                merged = _placed(cells[first], _cells_span(cells[first : last + 1]), text="科目代码")
            else:  # 合计, 栏次, header words: the first text, where the 类 stood
                merged = _merged_text(cells[first : last + 1])
            row.append(merged)
            start = last + 1
        row += cells[start:]
        composed.append(tuple(row))
    return composed, None


def _pad_short_total(cells: Cells, width: int) -> Cells:
    """A 合计 row written without the empty code and name cells (`合计\t156,211,123\t…` under
    `类 款 项 科目名称 合计 …`): empty cells after its label, so that its amounts stand under
    the columns they belong to."""
    if len(cells) < 2 or len(cells) >= width or not _TOTAL_LABEL.search(compact(cells[0].text)):
        return cells
    if cells[1].value is None:
        return cells  # the usual layout: the empty cells are there
    if not all(cell.value is not None or not cell.text for cell in cells[1:]):
        return cells
    amounts = sum(cell.value is not None for cell in cells[1:])
    if amounts < 2:
        return cells
    pad = width - len(cells)
    label = cells[0]
    blank = tuple(Cell("", label.end, label.end, label.column + 1 + i) for i in range(pad))
    rest = tuple(cell._replace(column=cell.column + pad) for cell in cells[1:])
    return (label, *blank, *rest)


_TOTAL_LABEL = re.compile(r"^(?:合计|总计)$")


def _merged_text(cells: Cells) -> Cell:
    """The texts of ``cells`` in the first of them, over the span of those written."""
    texts = [cell for cell in cells if cell.text]
    span = _cells_span(texts) if texts else cells[0].span
    return _as_text(cells[0], span, "".join(cell.text for cell in texts))


def _as_text(cell: Cell, span: Span, text: str) -> Cell:
    """``cell`` over ``span`` holding ``text``, which is not an amount (a code or a label)."""
    return _placed(cell, span, text=text, value=None, is_written_number=False)


def _split_problem(scheme: CodeScheme, parts: Sequence[str], cells: Cells, last: int, reason: str) -> str:
    """Why the table cannot be read, naming the row by its parts and its name."""
    columns = "".join(f"“{part}”" for part in scheme.parts)
    row = "".join(part or "□" for part in parts)
    name = cells[last + 1] if last + 1 < len(cells) else None
    if name is not None and name.text and name.value is None:
        row += " " + name.text.strip()
    count = _COLUMN_COUNTS.get(len(scheme.parts), str(len(scheme.parts)))
    return f"科目代码分在{columns}{count}列，有一行（{row}）无法拼出完整代码：{reason}"


def _placed(cell: Cell, span: Span, **changes: Any) -> Cell:
    """``cell`` standing over ``span`` (cells merged into one), with other ``changes``."""
    return cell._replace(start=span.start, end=span.end, **changes)


def _split_positions(rows: Sequence[Cells], scheme: CodeScheme) -> tuple[Group, ...]:
    """The groups of part columns: by a header row naming them (`类 款 项`), else by the data."""
    width = len(scheme.parts)
    for cells in rows:
        if not any("款" in cell.text for cell in cells):  # cheap: most rows name no 款
            continue
        texts = [compact(cell.text) for cell in cells]
        groups: list[Group] = []
        position = 0
        while position + width <= len(texts):
            if tuple(texts[position : position + width]) == scheme.parts:
                groups.append(tuple(range(position, position + width)))
                position += width
            else:
                position += 1
        if groups:
            return tuple(groups)
    return scheme.by_data(rows)


def _padded_parts(
    texts: list[str], scheme: CodeScheme, cells: Cells, padded: list[LayoutNote] | None
) -> list[str]:
    """``texts`` with a one-digit part below the top level read as two digits (`2` → `02`)."""
    if padded is None:
        return texts
    lengths = scheme.lengths
    out = list(texts)
    for level, part in enumerate(texts):
        due = lengths[level] - lengths[level - 1] if level > 0 else 0
        if level > 0 and due == 2 and len(part) == 1 and _is_ascii_number(part) and texts[level - 1] != "":
            out[level] = "0" + part
            cell = cells[level]
            padded.append(
                LayoutNote(
                    cell.span,
                    f"科目代码的“{scheme.parts[level]}”写作 {part}，少了前导的 0，按 0{part} 读取",
                )
            )
    return out


def _compose(parts: Sequence[str], above: Above, scheme: CodeScheme) -> tuple[str, Above] | str:
    """The code of a row from its parts and the codes above, and what the next rows continue.

    A part is a whole code of its level (20103 under 款) or the digits it adds to the level above
    (03), taken from this row or else continued from the rows above. The reason, instead, when
    the parts do not make one code.
    """
    lengths = scheme.lengths
    written = [level for level, part in enumerate(parts) if part]
    first = parts[0]
    if written == [0] and _is_ascii_number(first) and len(first) in lengths:  # a whole code under 类
        return first, _continued(first, lengths)
    code: str | None = None
    current = above
    for level in written:
        part, name = parts[level], scheme.parts[level]
        if not _is_ascii_number(part):
            return f"“{name}”一格不是代码（{part}）"
        if len(part) == lengths[level]:
            if code is not None and not part.startswith(code):
                return f"“{name}”{part} 与同一行的 {code} 不相符"
            code = part
        elif level > 0 and len(part) == lengths[level] - lengths[level - 1]:
            base = current[level - 1]
            if base is None:
                return f"“{name}”{part} 前没有可接续的“{scheme.parts[level - 1]}”"
            code = base + part
        else:
            return f"“{name}”{part} 的位数不对"
        current = _continued(code, lengths)
    assert code is not None  # the caller composes only rows with a part written
    return code, current


def _continued(code: str, lengths: tuple[int, ...]) -> Above:
    """The codes at the upper levels that the rows below ``code`` continue."""
    return tuple(code[:length] if len(code) >= length else None for length in lengths[:-1])


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
    labels = _label_width(rows)
    first_data = _first_balance_line(rows, labels)
    if first_data is None:
        return None, "没有找到带行次的数据行" if labels == 2 else "没有找到数据行"
    while labels == 1 and first_data < len(rows) and _names_parts(rows[first_data]):
        first_data += 1  # the header's lower rows under a split 预算数 (合计 | 基本支出 | 项目支出)
    header = [cells for cells in rows[:first_data] if not _is_column_numbers(cells)]
    expenditure_columns = _expenditure_columns(header, split, kind, labels)
    income_columns = ("金额",)
    income: list[BalanceLine] = []
    expenditure: list[BalanceLine] = []
    for cells in rows[first_data:]:
        if _is_column_numbers(cells):
            continue
        line = _balance_line(cells[:split], income_columns, income, "income", labels)
        if line is not None:
            income.append(line)
        line = _balance_line(cells[split:], expenditure_columns, expenditure, "expenditure", labels)
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


def _is_ascii_number(text: str) -> bool:
    """``text`` is digits 0-9 only. ``str.isdigit`` also takes `①`, `²` and `¹`, which ``int``
    refuses: a 行次 cell holding one stopped every table rule with ZL009 (issue 11, item 10).
    Full-width digits are ASCII already in cell texts."""
    return text.isascii() and text.isdigit()


def _label_width(rows: Sequence[Cells]) -> int:
    """The cells before a line's amounts: its label and its 行次 (2), or the label alone (1) where
    the header has no 行次 column (Shanghai), the lines then being known by their labels."""
    for cells in rows[:4]:
        if any(compact(cell.text) == "行次" for cell in cells):
            return 2
    return 2 if any(_row_number(cells, 1) is not None for cells in rows[:6]) else 1


def _first_balance_line(rows: Sequence[Cells], labels: int) -> int | None:
    if labels == 2:
        return next((i for i, cells in enumerate(rows) if _row_number(cells, 1) is not None), None)
    # Without 行次: the first line after the header row that names the columns (项目 … 项目).
    header = next((i for i, cells in enumerate(rows[:4]) if _names_items(cells)), None)
    return header + 1 if header is not None and header + 1 < len(rows) else None


def _names_items(cells: Cells) -> bool:
    return sum(compact(cell.text) == "项目" for cell in cells) == 2


def _row_number(cells: Cells, position: int) -> int | None:
    if len(cells) <= position:
        return None
    text = compact(cells[position].text)
    return int(text) if _is_ascii_number(text) and len(text) <= 2 else None


def _expenditure_columns(
    header: Sequence[Cells], split: int, kind: TableKind, labels: int = 2
) -> tuple[str, ...]:
    if kind is TableKind.SUMMARY:
        return ("金额", *_summary_parts(header, split + labels))
    names: list[str] = []
    for cells in header:
        for cell in cells[split + labels :]:
            name = _canonical_column(compact(cell.text), FISCAL_COLUMNS)
            if name is not None and name not in names:
                names.append(name)
    return tuple(names) if names else ("合计",)


# The expenditure side of a budget's 收支预算总表 split by kind (Shanghai's 单位预算: 合计 | 基本支出
# (人员经费 | 公用经费) | 项目支出): the columns after the 金额 (合计) one, as the header's lowest row
# names them.
_SUMMARY_PARTS = ("人员经费", "公用经费", "基本支出", "项目支出")


def _names_parts(cells: Cells) -> bool:
    """A header row under the 项目 … 项目 one: no label, no amount, a column name of a split side."""
    texts = [compact(cell.text) for cell in cells]
    return (
        bool(texts)
        and not texts[0]
        and not any(_is_amount(cell) for cell in cells)
        and any(text in (*_SUMMARY_PARTS, "合计") for text in texts)
    )


def _summary_parts(header: Sequence[Cells], first: int) -> tuple[str, ...]:
    leaves: dict[int, str] = {}
    for cells in header:
        for position, cell in enumerate(cells[first:], start=first):
            if compact(cell.text):
                leaves[position] = compact(cell.text)
    if leaves.get(first) not in ("合计", "小计", "预算数"):
        return ()
    parts: list[str] = []
    for position in range(first + 1, max(leaves, default=first) + 1):
        name = leaves.get(position)
        if name not in _SUMMARY_PARTS or name in parts:
            return ()
        parts.append(name)
    # 基本支出 and its own parts are not both columns; the parts must cover the 合计
    if "基本支出" in parts and ("人员经费" in parts or "公用经费" in parts):
        return ()
    return tuple(parts) if "项目支出" in parts and len(parts) >= 2 else ()


def _balance_line(
    cells: Cells, columns: tuple[str, ...], previous: Sequence[BalanceLine], side: str, labels: int = 2
) -> BalanceLine | None:
    if len(cells) < labels + 1:
        return None
    label_cell = cells[0]
    label = _NUMBERING.sub("", compact(label_cell.text))
    amounts = [cell for cell in cells[labels : labels + len(columns)]]
    if not label and not any(cell.text for cell in amounts):
        return None
    role = _role(label, previous, side)
    if (
        role is LineRole.ITEM
        and _ARABIC_NUMBERING.match(label_cell.text)
        and _under_chinese_numbering(previous)
    ):
        role = LineRole.ITEM_PART
    category = CATEGORY_CODES.get(label) if side == "expenditure" and role is LineRole.ITEM else None
    named = tuple(zip(columns, amounts, strict=False))
    row_number = _row_number(cells, 1) if labels == 2 else None
    return BalanceLine(label, label_cell, row_number, role, category, named)


_ARABIC_NUMBERING = re.compile(r"^\s*\d{1,2}\s*[、.．](?!\d)")
# On first use: a check of report 000 never uses it; compiling took 0.6 ms CPU (issue 12).
_CHINESE_NUMBERING = lazy_compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")


def _under_chinese_numbering(previous: Sequence[BalanceLine]) -> bool:
    """Is the last item above numbered 一、二、…? Then a line numbered 1. 2. … is a part of it."""
    items = [line for line in previous if line.role is LineRole.ITEM]
    return bool(items) and _CHINESE_NUMBERING.match(items[-1].label_cell.text) is not None


def _role(label: str, previous: Sequence[BalanceLine], side: str) -> LineRole:
    if "本年收入合计" in label or "本年支出合计" in label:
        return LineRole.CURRENT_TOTAL
    if label in ("总计", "收入总计", "支出总计"):  # the budget 总表 write 收入总计 and 支出总计
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
    split = False  # the header names 合计 | 人员经费 | 公用经费: each row carries all three
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
        if _carries_item_amount(items, cells):
            items = _with_amount_below(items, cells)
            continue
        split = split or _names_split(cells)
        items += _economic_items(cells, split)
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


def _lone_amount(cells: Cells) -> Cell | None:
    """The one amount of a row that holds nothing else (a value put on the line below its label)."""
    written = [cell for cell in cells if cell.text]
    return written[0] if len(written) == 1 and _is_amount(written[0]) else None


def _carries_item_amount(items: Sequence[EconomicItem], cells: Cells) -> bool:
    amount = _lone_amount(cells)
    return amount is not None and any(
        not item.amount.text and item.label.column <= amount.column for item in items[-3:]
    )


def _with_amount_below(items: list[EconomicItem], cells: Cells) -> list[EconomicItem]:
    """The nearest item on the left of the lone amount, among the last row's blank ones, takes it."""
    amount = _lone_amount(cells)
    assert amount is not None
    for index in range(len(items) - 1, max(len(items) - 4, -1), -1):
        item = items[index]
        if not item.amount.text and item.label.column <= amount.column:
            return [*items[:index], attrs.evolve(item, amount=amount), *items[index + 1 :]]
    return items


def _spaced_item(cells: Cells, position: int) -> tuple[Cell, Cell, int] | None:
    """`30101 | | | 基本工资 | | | 2,117.68`: the name and the amount after blank cells, and the
    position after them. The amount is the first written cell after the name when it is an
    amount, else the blank cell right after the name (a blank amount counts as zero)."""
    name_at = position + 1
    while name_at < len(cells) and not cells[name_at].text:
        name_at += 1
    if name_at == position + 1 or name_at + 1 >= len(cells):
        return None
    name = cells[name_at]
    if name.value is not None or _CODE_AND_NAME.match(name.text.strip()):
        return None
    amount_at = name_at + 1
    while amount_at < len(cells) and not cells[amount_at].text:
        amount_at += 1
    if amount_at < len(cells) and _is_amount(cells[amount_at]):
        return name, cells[amount_at], amount_at + 1
    return name, cells[name_at + 1], name_at + 2


def _names_split(cells: Cells) -> bool:
    """A header row of a budget's 基本支出 table: `合计`, `人员经费`, `公用经费` side by side."""
    texts = [compact(cell.text) for cell in cells]
    return any(texts[i : i + 3] == ["合计", "人员经费", "公用经费"] for i in range(len(texts) - 2))


def _economic_items(cells: Cells, split: bool = False) -> list[EconomicItem]:
    items = []
    position = 0
    while position < len(cells):
        text = compact(cells[position].text)
        merged = _CODE_AND_NAME.match(cells[position].text.strip())
        if _ECONOMIC_CODE.fullmatch(text) and position + 2 < len(cells):
            name, amount = cells[position + 1], cells[position + 2]
            if name.text and name.value is None and (amount.value is not None or not amount.text):
                parts = tuple(cells[position + 3 : position + 5]) if split else ()
                items.append(EconomicItem(text, name.text, cells[position], amount, parts))
                position += 5 if split else 3
                continue
            spaced = _spaced_item(cells, position)
            if spaced is not None:
                name, amount, after = spaced
                items.append(EconomicItem(text, name.text, cells[position], amount))
                position = after
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


def read_three_public(
    rows: Sequence[Cells], budget: bool = False
) -> tuple[ThreePublicTable | None, str | None]:
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
    columns = _three_public_columns(rows, values)
    if isinstance(columns, str):
        return None, columns
    order, values = columns
    if budget and not groups:
        groups = ["预算数"]  # a budget's 三公 table (`…支出预算表`) holds its 预算数 alone
    if len(values) == 2 * size and groups == ["预算数", "决算数"] * size:
        # A 预算数/决算数 pair under each item (Shanghai): the groups alternate column by column.
        return ThreePublicTable(_group(values[0::2], order), _group(values[1::2], order)), None
    if len(values) == 2 * size and groups[:2] == ["预算数", "决算数"]:
        return ThreePublicTable(_group(values[:size], order), _group(values[size:], order)), None
    if len(values) == size and len(set(groups)) == 1:
        group = _group(values, order)
        return ThreePublicTable(
            group if groups[0] == "预算数" else None,
            group if groups[0] == "决算数" else None,
            _extra_cells(rows),
        ), None
    repeated = "；表头“预算数”出现了两次" if groups.count("预算数") > 1 else ""
    if size < len(values) < 2 * size and groups[:1] == ["预算数"]:
        reason = f"有 {len(values)} 个数，标准格式为 {2 * size} 个（预算数、决算数各 {size} 个）{repeated}"
        return ThreePublicTable(_group(values[:size]), None), f"{reason}；只读取了预算数，决算数未检查"
    return None, f"有 {len(values)} 个数，标准格式为 {2 * size} 个（预算数、决算数各 {size} 个）{repeated}"


# Row labels of a 三公 table laid out vertically (one row per item), most specific first.
_THREE_PUBLIC_ROWS = (
    ("vehicles", re.compile(r"购置及运行|购置费及运行|^小计$")),
    ("vehicle_purchase", re.compile(r"购置")),
    ("vehicle_operation", re.compile(r"运行")),
    ("abroad", re.compile(r"出国")),
    ("reception", re.compile(r"接待")),
    ("total", re.compile(r"合计|总计")),
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


# The three items of a 三公 table by their header words, each with the fields of its columns.
_THREE_PUBLIC_ITEMS = (
    ("出国", ("abroad",)),
    ("公务用车", ("vehicles", "vehicle_purchase", "vehicle_operation")),
    ("接待", ("reception",)),
)
# Columns some regions put beside the 三公 items (the budget tables of Shanghai and Jiangsu).
_EXTRA_COLUMNS = ("机关运行经费", "会议费", "培训费")


def _header_problem(header: str) -> str | None:
    positions = [header.find(word) for word, _fields in _THREE_PUBLIC_ITEMS]
    if min(positions) < 0:
        return "表头中没有找到因公出国、公务用车、公务接待三列"
    return None


def _word_columns(rows: Sequence[Cells], words: Sequence[str]) -> dict[str, int]:
    """The first column whose header cell names each of ``words`` (the header: rows of texts)."""
    found: dict[str, int] = {}
    for cells in rows:
        if _data_values(cells):
            break
        for cell in cells:
            text = compact(cell.text)
            for word in words:
                if word in text and (word not in found or cell.column < found[word]):
                    found[word] = cell.column
    return found


def _three_public_columns(
    rows: Sequence[Cells], values: Sequence[Cell]
) -> tuple[tuple[str, ...], list[Cell]] | str:
    """The fields of the 三公 columns in the header's order (合计 first, then the three items in any
    order, 公务用车 as 小计, 购置, 运行维护) and the values that are theirs, or the reason why not.

    Columns of other amounts (机关运行经费, 会议费, 培训费) may stand after the 三公 items; the
    values before the first of them are the 三公 ones, and there must be exactly six per group.
    """
    columns = _word_columns(
        rows, [word for word, _fields in _THREE_PUBLIC_ITEMS] + list(_EXTRA_COLUMNS) + ["三公"]
    )
    items = sorted(_THREE_PUBLIC_ITEMS, key=lambda item: columns.get(item[0], -1))
    order = ("total", *(field for _word, fields in items for field in fields))
    extras = [columns[word] for word in _EXTRA_COLUMNS if word in columns]
    if not extras:
        return order, list(values)
    first_item = min(columns.get(word, 0) for word, _fields in _THREE_PUBLIC_ITEMS)
    if min(extras) < first_item:
        return "表头中“三公”经费各项之前另有其他列（机关运行经费、会议费或培训费），无法确定各列"
    row = next((cells for cells in rows if _data_values(cells)), ())
    # Blank cells count (as 0): budget tables leave the items without a budget blank.
    own = [cell for cell in row if cell.column < min(extras)]
    group = columns.get("三公")
    if len(own) == len(THREE_PUBLIC_FIELDS) + 1 and group is not None and group > 0:
        # A grand 合计 (三公 + 会议费 + 培训费) before the “三公”经费 group, whose 小计 is its total.
        own = [cell for cell in own if cell.column >= group]
    if any(cell.text and cell.value is None for cell in own) or len(own) != len(THREE_PUBLIC_FIELDS):
        return f"“三公”经费各列有 {len(own)} 个数，应为 {len(THREE_PUBLIC_FIELDS)} 个（合计及各项）"
    return order, own


def _extra_cells(rows: Sequence[Cells]) -> tuple[tuple[str, Cell], ...]:
    """The cells of the data row under the header words of :data:`_EXTRA_COLUMNS` (a column of
    its own each, after the 三公 items), for a table of one group (a budget's)."""
    columns = _word_columns(rows, _EXTRA_COLUMNS)
    row = next((cells for cells in rows if _data_values(cells)), ())
    by_column = {cell.column: cell for cell in row}
    return tuple(
        (word, by_column[column])
        for word, column in sorted(columns.items(), key=lambda item: item[1])
        if column in by_column and by_column[column].value is not None
    )


def _group(cells: Sequence[Cell], order: Sequence[str] = THREE_PUBLIC_FIELDS) -> ThreePublicGroup:
    by_field = dict(zip(order, cells, strict=True))
    return ThreePublicGroup(**{field: by_field[field] for field in THREE_PUBLIC_FIELDS})


# ---------------------------------------------------------------------------------------------
# Layout irregularities that reading coped with (reported as info by ZL307)


def layout_notes(
    rows: Sequence[Cells], kind: TableKind, empty: bool, budget: bool = False
) -> Iterator[LayoutNote]:
    if kind is TableKind.THREE_PUBLIC:
        return
    if kind is TableKind.BASIC_DETAIL:
        yield from _split_totals(rows)
        yield from _split_items(rows)
        return
    positions = _amount_positions(rows, kind, budget)
    if not positions:
        return
    yield from _misaligned_column_numbers(rows, positions)
    if kind not in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        yield from _surplus_amounts(rows, positions)
    if empty:
        yield from _partly_filled(rows, positions)


def _amount_positions(rows: Sequence[Cells], kind: TableKind, budget: bool = False) -> set[int]:
    """Where the header puts the amount columns."""
    if kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        split = _side_split(rows)
        labels = _label_width(rows)
        first = _first_balance_line(rows, labels)
        if split is None or first is None:
            return set()
        header = [cells for cells in rows[:first] if not _is_column_numbers(cells)]
        width = len(_expenditure_columns(header, split, kind, labels))
        return {labels, *range(split + labels, split + labels + width)}
    first = next((index for index, cells in enumerate(rows) if _is_coded_data(cells)), None)
    if first is None:
        return set()
    header = [cells for cells in rows[:first] if not _is_column_numbers(cells)]
    if budget:
        columns = _budget_columns(header, kind)
        return set() if isinstance(columns, str) else set(columns[0])
    names, _ = _header_columns(header, CODED_COLUMNS[kind])
    return set(names)


def _misaligned_column_numbers(rows: Sequence[Cells], positions: set[int]) -> Iterator[LayoutNote]:
    for cells in rows:
        if not any("栏次" in cell.text for cell in cells):
            continue
        numbered = {i for i, cell in enumerate(cells) if _is_ascii_number(compact(cell.text))}
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


def _split_items(rows: Sequence[Cells]) -> Iterator[LayoutNote]:
    """06表: an item (`302 商品和服务支出`) whose amount stands alone on the next line."""
    for index, cells in enumerate(rows[:-1]):
        if _lone_amount(rows[index + 1]) is None or any(_is_amount(cell) for cell in cells):
            continue
        codes = [compact(cell.text) for cell in cells if _ECONOMIC_CODE.fullmatch(compact(cell.text))]
        if codes:
            yield LayoutNote(_row_span(rows[index + 1]), f"{codes[-1]} 的数值在标签的下一行")
            return


def _row_span(cells: Cells) -> Span:
    return Span(cells[0].start, cells[-1].end) if cells else Span(0, 0)


def _positions(positions: set[int]) -> str:
    return "、".join(str(position + 1) for position in sorted(positions))
