"""Recognising the standard tables: which of the nine each document table is.

The segmenter gives tables as rows of cells. This module finds which of the nine standard
tables (公开01表 … 公开09表) each one is, from its title, its `公开NN表` number and its header,
joins page continuations, and has :mod:`zhlint.tables.read` read each into its model
(:mod:`zhlint.tables.model`).

Numbering, order and titles vary by region, so the title decides the kind, the header is the
fallback and the number the last resort. A title that names a 预算 table (and no 决算 one) is
matched against the budget tables' names, and the table is marked as a budget table; so is a
table found by its number or header under a heading such as `第二部分 2019年度部门预算表`.
A table that cannot be read keeps a ``problem`` (the reason), and the rules skip it rather than
raise false alarms.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from zhlint.diagnostics import Span
from zhlint.document.segment import Cell, Heading, Paragraph, Row, Table
from zhlint.read.numbers import parse_decimal
from zhlint.read.text import compact
from zhlint.tables.budget_layouts import STRAY_ROW_PROBLEM, read_budget_table
from zhlint.tables.model import StandardTable, TableKind, Tables

# ---------------------------------------------------------------------------------------------
# Recognition

# Patterns run on every cell or caption line use the standard `re` engine, which starts a match
# about twice as fast as `regex` on short strings; `regex` is kept where its features are needed.
_NUMBER = re.compile(r"公开\s*0?(\d{1,2})\s*表")
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
# The tables of a budget report (部门预算, 单位预算), by the words of their titles in the regions'
# templates; each is read as the 决算 table of the same kind (``StandardTable.budget``). Tried
# only on a title that names a 预算 table and no 决算 one, most specific first.
_BUDGET_TITLE_PATTERNS: tuple[tuple[TableKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (TableKind.THREE_PUBLIC, r"三\s*公"),
        (TableKind.GOV_FUND, r"政府性基金"),
        (TableKind.STATE_CAPITAL, r"国有资[本产]经营预算(?:财政拨款)?支出"),
        (TableKind.BASIC_DETAIL, r"基本支出"),
        (TableKind.FISCAL_SUMMARY, r"财政拨款收支预算总表"),
        (TableKind.SUMMARY, r"收支预算总表"),
        (TableKind.GENERAL_BUDGET, r"一般公共预算支出|财政拨款支出预算表"),
        (TableKind.INCOME, r"收入预算(?:总)?表"),
        (TableKind.EXPENDITURE, r"支出预算(?:总)?表"),
    )
)
_BUDGET_TITLE = re.compile(r"预算(?:总)?表")
# Budget tables of no standard kind (政府采购, 机关运行经费 alone, 项目支出, 绩效目标).
_OTHER_BUDGET_TABLE = re.compile(r"政府采购|^(?!.*三\s*公).*机关运行经费|项目|绩效")
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
    found = _title(text)
    return found[0] if found is not None else None


def is_budget_title(text: str) -> bool:
    """Does the title name a table of a budget (`收支预算总表`), not of a 决算?"""
    compacted = compact(text)
    return "决算" not in compacted and _BUDGET_TITLE.search(compacted) is not None


def _title(text: str) -> tuple[TableKind, bool] | None:
    """The kind a title names, and whether it names it as a budget table."""
    compacted = compact(text)
    if len(compacted) > _TITLE_MAX_CHARS or "。" in compacted or "表" not in compacted:
        return None
    if is_budget_title(compacted):
        if _OTHER_BUDGET_TABLE.search(compacted):
            return None
        return next(
            ((kind, True) for kind, pattern in _BUDGET_TITLE_PATTERNS if pattern.search(compacted)), None
        )
    for kind, pattern in _TITLE_PATTERNS:
        if pattern.search(compacted):
            return kind, False
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
    budget: bool = False


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
    budget = False
    scale = Decimal(1)
    # The nearest lines win: a caption may begin with the last sentence before it.
    for text in texts:
        for match in _NUMBER.finditer(text):
            number = int(match.group(1))
        unit = _UNIT.search(text)
        if unit is not None:
            scale = _SCALES[unit.group("unit")]
        found = _title(_DECORATION.sub("", text))
        if found is not None:
            title, (kind, budget) = _DECORATION_AND_SPACE.sub("", text), found
    return _Caption(number, title, kind, scale, budget)


def recognise(blocks: tuple[Heading | Paragraph | Table, ...]) -> Tables:
    """Find the standard tables among the document's tables and read each into its model."""

    found: list[StandardTable] = []
    last_index = -1  # the block index of the last table joined to ``found[-1]``
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            if found and last_index == index - 1 and _is_stray_row(block):
                # A row that extraction put outside the table (its cells run together with
                # spaces): read back into the table as a row of its own, else its sums would be
                # short of it.
                # The reason stays: the readers by position cannot place its cells (nor those of
                # the rest of the table, narrower after it); a reader by shape may
                # (tables.budget_layouts).
                found[-1] = attrs.evolve(found[-1], problem=f"{STRAY_ROW_PROBLEM}（{_stray_text(block)}）")
                stray = stray_row_table(block) if isinstance(block, Paragraph) else None
                if stray is not None:
                    found[-1] = _join(found[-1], stray)
                    last_index = index
            continue
        caption = _caption(block)
        kind = caption.title_kind or _numbered_kind(caption, block)
        if (
            caption.title_kind is None
            and found
            and (
                _continues(found[-1], caption, block, blocks[last_index + 1 : index])
                or _resumes_after_stray(found[-1], block, last_index == index - 1)
            )
        ):
            found[-1] = _join(found[-1], block)
            last_index = index
            continue
        if kind is None:
            continue
        note = _no_data_note(blocks, index)
        no_data = note is not None
        found.append(
            StandardTable(
                kind,
                block,
                caption.number,
                caption.title,
                None,
                no_data,
                scale=caption.scale,
                budget=caption.budget or _in_budget(blocks, index),
                empty_note=note,
            )
        )
        last_index = index
    return Tables(tuple(read_budget_table(table) for table in found))


# `30108 机关事业单位基本养老保险缴费 1,326.81`: a coded row with its amount, as a paragraph.
_STRAY_ROW = re.compile(r"^\d{3,7}\s+[^\d\s.,][^。，；]*\s[\d,]+\.\d{2}$")


_STRAY_CELLS = re.compile(r"^(\d{3,7})\s+([^\d\s.,][^。，；]*?)\s+([\d,]+\.\d{2})$")


def stray_row_table(paragraph: Paragraph) -> Table | None:
    """The stray row ``paragraph`` as a table of one row of three cells: code, name, amount."""
    text = paragraph.text
    if "\n" in text.text:
        return None  # one line only: a row split over lines is not a row read back safely
    match = _STRAY_CELLS.match(text.text)
    if match is None:
        return None
    cells = []
    for column, group in enumerate((1, 2, 3)):
        span = text.source_span(match.start(group), match.end(group))
        value = parse_decimal(match.group(group)) if group == 3 else None
        cells.append(Cell(match.group(group), span.start, span.end, column, value, value is not None))
    row = Row(tuple(cells), paragraph.first_line, paragraph.span.start, paragraph.span.end, text.text)
    return Table((row,), paragraph.span, paragraph.first_line, paragraph.last_line)


def _resumes_after_stray(previous: StandardTable, table: Table, adjacent: bool) -> bool:
    """The rest of a table right after a stray row read back into it (its rows may be narrower:
    the trailing blank cells of the page before are not repeated)."""
    if not (adjacent and previous.parts and table.rows and _codes_lead(table)):
        return False
    last = previous.parts[-1]
    return (
        len(last.rows) == 1
        and last.rows[0].text == last.rows[0].text.strip()
        and "\t" not in last.rows[0].text
    )


def _is_stray_row(block: Heading | Paragraph) -> bool:
    return isinstance(block, Paragraph) and _STRAY_ROW.match(block.text.text.strip()) is not None


def _stray_text(block: Heading | Paragraph) -> str:
    return block.text.text.strip() if isinstance(block, Paragraph) else ""


def _in_budget(blocks: tuple[Heading | Paragraph | Table, ...], index: int) -> bool:
    """A table without a budget title (recognised by its number or header) in a part of the
    document headed as the budget tables (`第二部分 2019年度部门预算表`, `五、部门预算表`)."""
    for block in reversed(blocks[:index]):
        if isinstance(block, Heading):
            text = compact(block.title.text)
            if "表" in text and ("预算" in text or "决算" in text) and len(text) <= _TITLE_MAX_CHARS:
                return is_budget_title(text)
    return False


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


def _no_data_note(blocks: tuple[Heading | Paragraph | Table, ...], index: int) -> Span | None:
    """Where the table's notes or the paragraphs right after it say `本表无数据`."""
    table = blocks[index]
    assert isinstance(table, Table)
    for note in table.notes:
        if (match := _NO_DATA.search(note.text.text)) is not None:
            return note.text.source_span(match.start(), match.end())
    for block in blocks[index + 1 : index + 4]:
        if not isinstance(block, Paragraph):
            break
        if (match := _NO_DATA.search(block.text.text)) is not None:
            return block.text.source_span(match.start(), match.end())
    return None
