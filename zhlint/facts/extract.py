"""A report's facts read from its analysed document: identity, own-year figures, previous-year
figures and (for a 决算) the 年初预算 figures it quotes, each with its place.

Nothing here reads numbers itself: the figures are the claims' amounts (``claims/``), the cells the
matching found for them (``analysis/match.py``) and the changes against last year or the budget.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from decimal import Decimal

import attrs

from zhlint.analysis.context import LintContext
from zhlint.claims.build import canonical_subject
from zhlint.claims.model import Amount, ChangeClaim, Direction, Reference, Role
from zhlint.diagnostics import Span
from zhlint.document.kind import ReportKind
from zhlint.document.segment import Paragraph, Table
from zhlint.facts.codes import Codes, code_key, codes_of, table_scale
from zhlint.facts.model import Figure, ReportFacts
from zhlint.read.numbers import Tolerance, Verdict, amounts_agree
from zhlint.tables.model import TableKind

_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
_FISCAL = "财政拨款"

# The words before a change that name another figure than the one the report of the other year
# (or the 预算, for a 决算's 比年初预算) published: a 预算 against last year's execution
# (`比2024年预算执行数增加…`, 决算, 调整预算), a 决算 against last year's 预算 (not its 决算), a 决算
# against an adjusted budget. Such changes are not compared.
_OTHER_THAN_BUDGET = re.compile(r"执行|决算|调整")
_OTHER_THAN_FINAL = re.compile(r"预算|调整")
_OTHER_THAN_INITIAL = re.compile(r"调整|全年预算|执行")
_CLAUSE_START = re.compile(r"[。；;！？\n]")
# A label with a comparison word names a change (`本年数小于上年40.05万元`), not last year's figure.
_COMPARING = re.compile(r"[增减多少大小超低高]|比|相比|同比|变动|差")
# `…100万元，与上年预算数相等`: this year's figure is last year's too.
_SAME_AS_LAST_YEAR = re.compile(
    r"[ \t]*万元[，,、 \t]*(?:与|和|同)上年(?:度)?(?:预算|决算)?数?(?:相等|相同|一致|持平)"
)

# Where a report names its unit: a header line's label, then the name (letters, no digits).
_LABELLED_NAME = re.compile(
    r"(?:预算主管部门|主管部门|部门名称|单位名称|预算单位|编制部门|编制单位|部门|单位)[ \t]*[：:][ \t]*"
    r"(?P<name>[\u4e00-\u9fff（）()]{4,40})"
)
# A cover line: the name before or after the year and the report's own title words.
_COVER_LINE = re.compile(
    r"^(?:20\d\d年度?)?(?P<name>[\u4e00-\u9fff（）()]{4,40}?)(?:20\d\d年度?)?"
    r"(?:区级|市级|省级)?(?:部门|单位)?(?:预算|决算)?(?:公开|说明|报告)?$"
)
_NOT_NAMES = re.compile(r"^(?:部门|单位|目录|目\s*录|万元|元|区级|市级|省级|预算|决算)")
_REPORT_WORDS = re.compile(r"(?:部门|单位)(?:预算|决算)|预算公开|决算公开")

# How many 单位 a 部门 report consolidates: `包括…本部以及下属1家预算单位` (1 + 1), `编制范围的
# 预算单位共2家`, `包括本级在内3个单位`.
_SUBORDINATES = re.compile(r"(?:本部|本级|机关)(?:以及|和|及)(?:下属|所属)(?P<n>\d{1,3})(?:家|个)")
_COUNTED = re.compile(
    r"(?:编制范围的|纳入)[^。；，]{0,12}?(?:预算)?单位(?:共|包括|有)?(?P<n>\d{1,3})(?:家|个)"
    r"|包括本级在内(?:共)?(?P<m>\d{1,3})(?:家|个)"
)


def facts_of(context: LintContext, path: str) -> ReportFacts:
    """The facts of one analysed report."""
    kind = context.document.kind
    level = "部门" if kind in (ReportKind.DEPARTMENT_BUDGET, ReportKind.DEPARTMENT_FINAL) else None
    if kind in (ReportKind.UNIT_BUDGET, ReportKind.UNIT_FINAL):
        level = "单位"
    which = "预算" if kind.is_budget else "决算" if kind.is_final else None
    name, name_line = unit_name_of(context)
    codes = attrs.evolve(codes_of(context.document), unit=name)
    current = _current(context, kind, codes)
    previous = list(_changes(context, Reference.PREVIOUS_YEAR, codes))
    taken = {(figure.line, figure.column) for figure in previous}
    previous += _stated_previous(context, taken, codes)
    flat = {(figure.key, figure.line) for figure in previous if figure.how == "same"}
    previous += (
        figure
        for figure in _same_as_last_year(context, kind, taken, codes)
        if (figure.key, figure.line) not in flat
    )
    budget = list(_budgets(context, codes)) if kind.is_final else []
    return ReportFacts(
        path=path,
        unit=name,
        year=context.report_year,
        level=level,
        kind=which,
        current=tuple(current),
        previous=tuple(previous),
        budget=tuple(budget),
        unit_count=_unit_count(context) if level == "部门" else None,
        unit_line=name_line,
    )


def unit_name_of(context: LintContext) -> tuple[str | None, int | None]:
    """The unit's name and its line: the configured or cover name, else a cover line, else the
    name the tables' header lines give most often."""
    source = context.source
    if context.config.unit_name:
        return context.config.unit_name, None
    read = context.document.unit_name  # the cover's, else the tables' `部门：` lines
    if read and _is_name(read) and len(read) >= 6:
        return read, _line_naming(context, read)
    lines = [
        line for line in (source.line_text(n).strip() for n in range(1, min(len(source.line_starts), 12) + 1))
    ]
    for number, line in enumerate(lines, start=1):
        labelled = _LABELLED_NAME.search(line)
        if labelled and _is_name(labelled.group("name")):
            return labelled.group("name"), number
    for number, line in enumerate(lines, start=1):
        compact = line.replace(" ", "").replace("\u3000", "")
        cover = _COVER_LINE.match(compact)
        if cover and _is_name(cover.group("name")) and (number <= 3 or _REPORT_WORDS.search(compact)):
            return cover.group("name"), number
    counts: dict[str, list[int]] = {}
    for block in context.document.blocks:
        if isinstance(block, Table):
            for row in block.caption:
                found = _LABELLED_NAME.search(row.text.replace("\t", " "))
                if found and _is_name(found.group("name")):
                    counts.setdefault(found.group("name"), []).append(row.number)
    if counts:
        best = max(counts, key=lambda name: len(counts[name]))
        return best, counts[best][0]
    return context.unit_name, None


def _line_naming(context: LintContext, name: str) -> int | None:
    """The first line that names the unit (a name broken over two cover lines: its first part)."""
    source = context.source
    found = source.text.find(name)
    if found < 0:
        found = source.text.find(name[:4])
    return source.position(found)[0] if found >= 0 else None


def _is_name(name: str) -> bool:
    return len(name) >= 4 and not _NOT_NAMES.match(name)


# `基本支出预算数为…` and `基本支出…万元，占…`: one quantity (the claims' subject drops 支出 in one).
_SAME_QUANTITY = {"基本": "基本支出", "项目": "项目支出"}


def _key(amount: Amount, codes: Codes | None = None) -> str:
    """The quantity's key: the 科目代码 where the report's tables give the name one (code wins
    over name), else the subject without a leading unit name (``unprefixed``); with `（财政拨款）`
    for the 财政拨款 part."""
    code = codes.code_of(amount.subject) if codes is not None else None
    if code is not None:
        subject = code_key(code)
    else:
        name = unprefixed(amount.subject, codes.unit if codes is not None else None)
        subject = _SAME_QUANTITY.get(name, name)
    return subject + (f"（{_FISCAL}）" if amount.scope == _FISCAL else "")


# The words a unit's name ends with (the longest first), and the short forms reports write for
# them (`商务委员会` → `商务委`).
_INSTITUTIONS = (
    "委员会",
    "办事处",
    "办公室",
    "检察院",
    "法院",
    "中心",
    "委",
    "局",
    "厅",
    "院",
    "办",
)
_SHORT = {"委员会": ("委员会", "委"), "办公室": ("办公室", "办")}
# The report's own unit named without its name: `本部门一般公共预算…`, `我单位…`.
_OWN_UNIT = re.compile(r"^(?:本|我)(?:部门|单位|机关)")
_OWN_LEVEL = re.compile(r"^(?:机关本级|本级|机关|本部)")
_LONGEST_PREFIX = 24
# A unit's name: letters only (a 科目 name `一般公共服务（类）政府办公厅（室）…` is not one).
_NAME_WORDS = re.compile(r"[\u4e00-\u9fff]{2,24}")


def unprefixed(subject: str, unit: str | None) -> str:
    """The subject without a leading unit name: `徐州铁路检察院单位预留机动经费` and
    `省检察院财政拨款预算支出` in a 检察院's report → `预留机动经费`, `财政拨款预算支出`;
    `本部门…`, `我单位…` too. A unit name is words ending as the report's own unit's name does
    (`…检察院`, `…委员会`/`…委`), within the first few characters; the rest must still name a
    quantity (four characters or more, not bracketed)."""
    rest = _OWN_UNIT.sub("", subject, count=1)
    if rest == subject and unit:
        institution = next((word for word in _INSTITUTIONS if unit.endswith(word)), None)
        if institution is not None:
            found = [
                (place, -len(form))
                for form in _SHORT.get(institution, (institution,))
                if (place := subject.find(form, 0, _LONGEST_PREFIX)) > 0
            ]
            if found:  # the first place, the longest form there (`商务委员会`, not `商务委`)
                place, length = min(found)
                if _NAME_WORDS.fullmatch(subject, 0, place - length):
                    rest = _OWN_LEVEL.sub("", subject[place - length :], count=1)
    if rest == subject or len(rest) < 4 or not ("\u4e00" <= rest[0] <= "\u9fff"):
        return subject
    return canonical_subject(rest)


def _wan(amount: Amount) -> Decimal | None:
    scale = _TO_WAN.get(amount.unit)
    return None if scale is None else amount.value * scale


def _place(context: LintContext, span: Span) -> tuple[int, int, int, int]:
    line, column = context.source.position(span.start)
    end_line, end_column = context.source.position(span.end)
    return line, column, end_line, end_column


def _figure(
    context: LintContext, key: str, value: Decimal, span: Span, how: str, text: str = "", amounts: int = 1
) -> Figure:
    place = _place(context, span)
    return Figure(key, value, *place, how=how, text=text, amounts=amounts, start=span.start, end=span.end)


def _current(context: LintContext, kind: ReportKind, codes: Codes) -> list[Figure]:
    """One figure per quantity the report states for its own year: the table cell the prose names
    where the matching found one (a prose figure may be a typo of it), else the prose figure;
    a quantity stated with two different figures and no table to decide is left out."""
    roles = {Role.AMOUNT, Role.BUDGET} if kind.is_budget else {Role.AMOUNT, Role.ACTUAL}
    year = context.report_year
    tables: dict[int, tuple[Decimal, Span, str]] = {}
    for match in context.matches.matches:
        if match.targets and match.amount.unit in _TO_WAN:
            target = match.targets[0]
            tables.setdefault(id(match.amount), (target.value, target.cell.span, target.label))
    found: dict[str, list[Figure]] = {}
    for amount in context.claims.amounts:
        value = _wan(amount)
        if not amount.subject or amount.role not in roles or value is None:
            continue
        if amount.year is not None and amount.year != year:
            continue
        key = _key(amount, codes)
        cell = tables.get(id(amount))
        if cell is not None:
            figure = _figure(context, key, cell[0], cell[1], "table", cell[2])
        else:
            figure = _figure(context, key, value, amount.span, "prose", amount.label)
        found.setdefault(key, []).append(figure)
    totals = dict(_spending_totals(context))
    for key, figure in totals.items():
        if key in found:
            found[key] = [figure]  # the 支出总表 decides (a prose figure may be a typo of it)
    chosen = [one for figures in found.values() if (one := _one(figures, context.tolerance)) is not None]
    chosen += [table for table in _table_classes(context) if table.key not in found]
    taken = {figure.key for figure in chosen}
    return chosen + [table for table in _coded_rows(context, codes) if table.key not in taken]


def _coded_rows(context: LintContext, codes: Codes) -> Iterator[Figure]:
    """The 类/款/项 of the tables the prose does not state, by code: where two or more tables give
    the code and all the same amount (so that the scope of each table does not matter)."""
    for code, rows in codes.amounts.items():
        first = rows[0]
        if len(rows) >= 2 and all(row.value == first.value for row in rows):
            span = Span(first.start, first.end)
            yield _figure(context, code_key(code), first.value, span, "table", f"{code} {first.name}")


# The 支出总表's header (合计, 基本支出, 项目支出 …) over its row of totals.
_SPENDING_COLUMNS = ("基本支出", "项目支出")
_OTHER_SCOPE = re.compile(r"财政拨款|一般公共预算|政府性基金")


def _spending_totals(context: LintContext) -> Iterator[tuple[str, Figure]]:
    """基本支出 and 项目支出 of the 支出总表 (all funds): a header row with 合计 and the columns,
    the next row its numbers; only where the tables that have it agree."""
    seen: dict[str, list[Figure]] = {}
    for block in context.document.blocks:
        if not isinstance(block, Table) or len(block.rows) < 2:
            continue
        titles = [line.text for line in block.caption if "：" not in line.text and ":" not in line.text]
        scale = table_scale(block)
        if scale is None or (titles and _OTHER_SCOPE.search(titles[-1])):
            continue
        for header, values in zip(block.rows, block.rows[1:], strict=False):
            names = {cell.text: cell.column for cell in header.cells if cell.text}
            if "合计" not in names or not all(column in names for column in _SPENDING_COLUMNS):
                continue
            cells = [cell for cell in values.cells if cell.text]
            if not cells or any(cell.value is None for cell in cells):
                continue
            by_column = {cell.column: cell for cell in values.cells}
            for name in _SPENDING_COLUMNS:
                cell = by_column.get(names[name])
                if cell is not None and cell.value is not None and cell.is_written_number:
                    span = Span(cell.start, cell.end)
                    value = cell.value * scale
                    seen.setdefault(name, []).append(_figure(context, name, value, span, "table", "支出总表"))
    for name, figures in seen.items():
        if all(figure.value == figures[0].value for figure in figures):
            yield name, figures[0]


def _table_classes(context: LintContext) -> Iterator[Figure]:
    """The 类 totals of the 支出表 (03) and the 一般公共预算 table (05), for the 类 the prose does
    not state: under the 类's name where both tables give the same amount (so that the scope the
    prose means does not matter), under `…（财政拨款）` from the 05表."""
    by_kind: dict[TableKind, dict[str, tuple[Decimal, Span]]] = {}
    codes_by_name: dict[str, str] = {}
    for kind in (TableKind.EXPENDITURE, TableKind.GENERAL_BUDGET):
        table = context.tables.get(kind)
        coded = context.tables.coded(kind)
        if table is None or coded is None or table.problem is not None:
            continue
        classes: dict[str, tuple[Decimal, Span]] = {}
        for row in coded.rows:
            cell = row.cell(coded.total_column)
            if row.code is None or len(row.code) != 3 or cell is None or cell.value is None:
                continue
            classes[canonical_subject(row.name)] = (cell.value * table.scale, cell.span)
            codes_by_name[canonical_subject(row.name)] = code_key(row.code)
        by_kind[kind] = classes
    general = by_kind.get(TableKind.GENERAL_BUDGET, {})
    for name, (value, span) in by_kind.get(TableKind.EXPENDITURE, {}).items():
        other = general.get(name)
        if name.endswith("支出") and other is not None and other[0] == value:
            yield _figure(context, codes_by_name.get(name, name), value, span, "table", "03表")
    for name, (value, span) in general.items():
        if name.endswith("支出"):
            key = codes_by_name.get(name, name)
            yield _figure(context, f"{key}（{_FISCAL}）", value, span, "table", "05表")


def _one(figures: list[Figure], tolerance: Tolerance) -> Figure | None:
    tabled = [figure for figure in figures if figure.how == "table"] or figures
    first = tabled[0]
    if all(amounts_agree(first.value, other.value, tolerance) is not Verdict.WRONG for other in tabled):
        return first
    return None


def _changes(context: LintContext, reference: Reference, codes: Codes) -> Iterator[Figure]:
    """The figures of last year (or of the budget) that the changes state or imply."""
    kind, text = context.document.kind, context.source.text
    amounts = sorted(context.claims.amounts, key=lambda amount: amount.span.start)
    starts = [amount.span.start for amount in amounts]
    for change in context.claims.changes:
        if change.reference is not reference:
            continue
        current = change.current or _named_before(context, change, codes, (amounts, starts))
        if current is None:
            continue
        scale = _TO_WAN.get(current.unit)
        if scale is None or not current.subject or _other_reference(text, change, kind, reference):
            continue
        key = _key(current, codes)
        if change.previous is not None:
            stated = _wan(change.previous)
            if stated is not None:
                yield _figure(context, key, stated, change.previous.span, "stated", change.previous.label)
            continue
        direction = change.direction.direction if change.direction is not None else None
        if change.amount is not None and direction in (Direction.MORE, Direction.LESS):
            amount = change.amount.value * scale
            sign = "−" if direction is Direction.MORE else "+"
            value = (
                current.value * scale - amount
                if direction is Direction.MORE
                else current.value * scale + amount
            )
            shown = f"{current.value} {sign} {change.amount.value}"
            yield _figure(context, key, value, change.amount.span, "change", shown, amounts=2)
        elif change.flat is not None or direction is Direction.SAME:
            mark = change.flat or change.direction
            span = mark.span if mark is not None else current.span
            yield _figure(context, key, current.value * scale, span, "same", _mark_text(change))


# The words before a change's own subject: `与上年相比，`, `比上年预算`, `较上年`.
_AGAINST = re.compile(r"^(?:与|和|同|较|比)?上年(?:度)?(?:预算|决算)?数?(?:相比|比较)?")
_CHANGE_WORDS = re.compile(r"(?:预算|决算)(?:数)?|[ \t\u3000]")
_OWN_SUBJECT_BEFORE = 40  # characters before the direction word the change's own subject is in
_PARAGRAPH_BEFORE = 400  # how far back in its paragraph the amount is looked for


def _named_before(
    context: LintContext, change: ChangeClaim, codes: Codes, ordered: tuple[list[Amount], list[int]]
) -> Amount | None:
    """This year's amount of a change that names its own subject (`…财政拨款预算支出 X 万元，
    占…。与上年相比，财政拨款支出增加 Y 万元`): the nearest amount before it in the paragraph whose
    quantity the change's words name (the same words but for the unit's name and 预算/决算)."""
    anchor = change.direction or change.flat
    if anchor is None or not change.subject:
        return None
    text = context.source.text
    start = max(0, anchor.span.start - _OWN_SUBJECT_BEFORE)
    window = text[start : anchor.span.start]
    last = max(window.rfind(mark) for mark in "，,。；;！？\n")
    if last < 0 or window[last] == "\n":
        return None  # no clause before the change's own subject in its paragraph
    own = _CHANGE_WORDS.sub("", _AGAINST.sub("", window[last + 1 :].strip()))
    if len(own) < 4:
        return None
    floor = max(0, anchor.span.start - _PARAGRAPH_BEFORE)
    paragraph = max(floor, text.rfind("\n", floor, anchor.span.start) + 1)
    amounts, starts = ordered  # by place: only those of the paragraph are looked at
    named = [
        amount
        for amount in amounts[bisect_left(starts, paragraph) : bisect_left(starts, start + last)]
        if amount.unit in _TO_WAN
        and amount.role is not Role.PREVIOUS
        and (amount.year is None or amount.year == context.report_year)
    ]
    for amount in reversed(named):
        name = unprefixed(amount.subject, codes.unit)
        if amount.subject and _CHANGE_WORDS.sub("", name) == own:
            return amount
    return None


def _mark_text(change: ChangeClaim) -> str:
    mark = change.flat or change.direction
    return mark.text if mark is not None else "持平"


def _other_reference(text: str, change: ChangeClaim, kind: ReportKind, reference: Reference) -> bool:
    """The comparison words before the change name another figure (see ``_OTHER_THAN_BUDGET``)."""
    anchor = change.direction or change.flat
    if anchor is None:
        return False
    start = max(0, anchor.span.start - 40)
    window = text[start : anchor.span.start]
    breaks = list(_CLAUSE_START.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    window = window.replace("预算执行率", "")
    if reference is Reference.BUDGET:
        return bool(_OTHER_THAN_INITIAL.search(window))
    pattern = _OTHER_THAN_FINAL if kind.is_final else _OTHER_THAN_BUDGET
    return bool(pattern.search(window))


def _stated_previous(context: LintContext, taken: set[tuple[int, int]], codes: Codes) -> Iterator[Figure]:
    """`上年决算数为X万元` outside a change, and amounts written with the previous year."""
    year = context.report_year
    for amount in context.claims.amounts:
        value = _wan(amount)
        if value is None or not amount.subject:
            continue
        if _COMPARING.search(amount.label):
            continue
        if amount.role is Role.PREVIOUS or (year is not None and amount.year == year - 1):
            figure = _figure(context, _key(amount, codes), value, amount.span, "stated", amount.label)
            if (figure.line, figure.column) not in taken:
                taken.add((figure.line, figure.column))
                yield figure


def _same_as_last_year(
    context: LintContext, kind: ReportKind, taken: set[tuple[int, int]], codes: Codes
) -> Iterator[Figure]:
    """`因公出国（境）费预算支出100万元，与上年预算数相等`: last year's figure is this one."""
    roles = {Role.AMOUNT, Role.BUDGET} if kind.is_budget else {Role.AMOUNT, Role.ACTUAL}
    text = context.source.text
    for amount in context.claims.amounts:
        value = _wan(amount)
        if value is None or not amount.subject or amount.role not in roles or amount.unit != "万元":
            continue
        same = _SAME_AS_LAST_YEAR.match(text, amount.span.end, min(len(text), amount.span.end + 24))
        if same is None:
            continue
        figure = _figure(
            context,
            _key(amount, codes),
            value,
            amount.span,
            "same",
            same.group().strip(" \t万元，,、"),
        )
        if (figure.line, figure.column) not in taken:
            taken.add((figure.line, figure.column))
            yield figure


def _budgets(context: LintContext, codes: Codes) -> Iterator[Figure]:
    """The 年初预算 figures a 决算 quotes: budgets of its executions and budget amounts, and the
    budgets implied by `比年初预算增加X万元`."""
    seen: set[tuple[int, int]] = set()
    amounts: Iterable[Amount] = (
        *(execution.budget for execution in context.claims.executions if execution.budget is not None),
        *(amount for amount in context.claims.amounts if amount.role is Role.BUDGET),
    )
    for amount in amounts:
        value = _wan(amount)
        if (
            value is None
            or not amount.subject
            or (amount.year is not None and amount.year != context.report_year)
        ):
            continue
        figure = _figure(context, _key(amount, codes), value, amount.span, "stated", amount.label)
        if (figure.line, figure.column) not in seen:
            seen.add((figure.line, figure.column))
            yield figure
    for figure in _changes(context, Reference.BUDGET, codes):
        if (figure.line, figure.column) not in seen:
            seen.add((figure.line, figure.column))
            yield figure


# A 下属单位 whose figures are in the 本部's budget (`2. XX中心，不单列预算。`): not a 单位 of its own.
_NOT_SEPARATE = re.compile(r"[不未]单(?:独)?(?:列|编制|编列)(?:部门|单位)?预算")


def _unit_count(context: LintContext) -> int | None:
    """How many 单位 the 部门 consolidates; the 下属单位 said to 不单列预算 (one paragraph each)
    are not counted (`本部以及下属1家` and that one 不单列预算: the 部门 is the 本部 only)."""
    paragraphs = [block for block in context.document.blocks if isinstance(block, Paragraph)]
    for block in paragraphs:
        if "单位" not in block.text.text:
            continue
        text = block.text.text
        if (found := _SUBORDINATES.search(text)) is not None:
            subordinates = int(found.group("n"))
            folded = sum(1 for other in paragraphs if _NOT_SEPARATE.search(other.text.text))
            return subordinates + 1 - min(folded, subordinates)
        if (counted := _COUNTED.search(text)) is not None:
            return int(counted.group("n") or counted.group("m"))
    return None


__all__ = ["facts_of", "unit_name_of"]
