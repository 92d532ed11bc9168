"""Matching prose claims to table cells, for the ZL2xx rules and `zhlint tables`.

A prose amount is matched by *what it names* (its claim ``subject``, ``scope`` and ``role``,
read by :mod:`zhlint.claims.extract`) to the cells that hold the same quantity: 基本支出 to the 合计 row
of 03表 (all funds) and of 05表 (一般公共预算财政拨款), a 类 to its rows in 01/03/04/05表, an item
path (`一般公共服务（类）发展与改革事务（款）事业运行（项）`) by name to a 05表 row, a 三公 figure to
its cell in the 预算数 or 决算数 group. Nothing here reads text: each claim is looked up once
in an index built once per document, so matching is linear in the number of claims.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from zhlint.claims.extract import Amount, Claims, ExecutionClaim, Role
from zhlint.diagnostics import Span
from zhlint.document.segment import Cell
from zhlint.read.numbers import Verdict, amounts_agree, rounded_agree
from zhlint.read.text import compact
from zhlint.tables.appendix import ScoreTable
from zhlint.tables.model import (
    CATEGORY_CODES,
    CodedRow,
    CodedTable,
    LineRole,
    TableKind,
    Tables,
    ThreePublicGroup,
)

TOTALS = "ZL201"
CATEGORIES = "ZL202"
BASIC_DETAIL = "ZL203"
THREE_PUBLIC = "ZL204"
APPENDIX = "ZL205"


@attrs.frozen
class Target:
    """A table cell that a prose amount may be compared with, and how messages name it."""

    label: str  # `公开03表 合计行“基本支出”`
    cell: Cell
    scale: Decimal = Decimal(1)  # to 万元, for tables in 元

    @property
    def value(self) -> Decimal:
        """The cell's amount in 万元, as the prose states amounts."""
        return (self.cell.value if self.cell.value is not None else Decimal(0)) * self.scale


@attrs.frozen
class Match:
    """A prose amount and the cells that state the same quantity, the preferred one first."""

    amount: Amount
    quantity: str  # what the prose names, as messages say it
    targets: tuple[Target, ...]
    code: str  # the rule that reports a disagreement
    weak: bool = False  # a looser reading (预算收入 for 本年收入合计): disagreement is a warning
    alternates: tuple[Target, ...] = ()  # the same quantity in the other scope (03表 for 05表)
    strict: bool = True  # the text says which scope it means; else an alternate that agrees is enough
    hint: str = ""  # what else the tables suggest about a disagreement

    def agrees(self, target: Target) -> Verdict:
        """The prose amount against one cell; a cell of a table in 元 is finer than the prose's
        万元: it agrees when it rounds to the amount as written."""
        if target.scale != 1:
            return rounded_agree(self.amount.value, self.amount.number.places, target.value)
        return amounts_agree(self.amount.value, target.value)

    @property
    def agreeing_alternate(self) -> Target | None:
        return next((t for t in self.alternates if self.agrees(t) is not Verdict.WRONG), None)

    @property
    def agreeing(self) -> Target | None:
        """The first target equal to the prose amount, else the first within rounding."""
        verdicts = [(self.agrees(target), target) for target in self.targets]
        for wanted in (Verdict.OK, Verdict.ROUNDING):
            for verdict, target in verdicts:
                if verdict is wanted:
                    return target
        return None

    @property
    def verdict(self) -> Verdict:
        target = self.agreeing
        if target is None:
            return Verdict.WRONG
        return self.agrees(target)


@attrs.frozen
class ItemProblem:
    """An item of the 具体情况 list that could not be matched exactly by name."""

    amount: Amount
    kind: str  # "name" (amount found under another name), "missing" (no such row)
    message: str
    name: str  # the item's name as the prose gives it (its last part)
    row: CodedRow | None = None
    span: Span | None = None  # where the prose names the item (its title), when the claims say


@attrs.frozen
class Omission:
    """A 05表 row with an amount that the item-by-item list leaves out."""

    row: CodedRow
    cell: Cell
    anchor: Amount  # the list's total, where the omission is reported


@attrs.frozen
class Matches:
    matches: tuple[Match, ...]
    item_problems: tuple[ItemProblem, ...]
    omissions: tuple[Omission, ...]


def match_prose(
    tables: Tables,
    claims: Claims,
    score_tables: Sequence[ScoreTable],
    report_year: int | None,
    budget: bool = False,
    unit_name: str | None = None,
    paragraph_starts: Sequence[int] = (),
) -> Matches:
    """Every prose amount matched to table cells (run once per document by LintContext).

    ``budget``: the report is a 预算, whose tables hold this year's budget (not actuals): its
    预算数 amounts and its 类/款/项 items (`“X（类）Y（款）Z（项）”25.77万元`) are compared with them,
    and the unit's own 收入预算 (`{unit_name}收入预算37,151.47万元`) is its 本年收入合计.
    ``paragraph_starts``: where each paragraph of the prose starts (source offsets, in order), for
    telling whether two amounts stand in one paragraph."""
    if not tables.standard:
        return Matches((), (), ())
    found = _match(tables, claims, report_year, budget, unit_name, paragraph_starts)
    appendix = tuple(_appendix_matches(_Index(tables), score_tables))
    return attrs.evolve(found, matches=found.matches + appendix)


# ---------------------------------------------------------------------------------------------
# The index: quantity → target cells


_THREE_PUBLIC_FIELDS = {
    "三公经费": "total",
    "因公出国（境）费": "abroad",
    "公务用车购置及运行维护费": "vehicles",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "公务接待费": "reception",
}
_INCOME_COLUMNS = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
_RUNNING_COSTS = "机关运行经费"


# Looser names for the totals, used in the appendix (`2023年预算收入…`, `2023年支出…`).
def _budget_subject(subject: str) -> str:
    """`基本`, `省检察院财政拨款基本`, `一般公共预算财政拨款基本`: the 基本支出 (项目支出) of the budget."""
    for short, full in _BUDGET_SUBJECTS.items():
        if subject.endswith(short) and (subject == short or "财政拨款" in subject):
            return full
    return subject


# Totals of one scope that a budget whose scopes differ does not look up in the other.
_SCOPED_TOTALS = ("收支总计", "本年收入合计", "本年支出合计", "基本支出", "项目支出")
# `基本支出预算数为…` reads as the subject 基本 (支出预算数 its role): in a budget, 基本支出.
_BUDGET_SUBJECTS = {"基本": "基本支出", "项目": "项目支出"}
_WEAK_NAMES = {"预算收入": "本年收入合计", "预算支出": "本年支出合计", "支出": "本年支出合计"}
# Sections whose amounts are of one scope: 财政拨款 (04/05/06表) or all funds (01/02/03表).
_FISCAL_SECTION = re.compile(r"财政拨款|一般公共预算")
_ALL_FUNDS_SECTION = re.compile(r"^(?:收入支出决算总体情况|收入决算情况|支出决算情况)")


@functools.lru_cache(maxsize=64)
def is_project_section(section: str) -> bool:
    """A section about single projects (`项目.*绩效|绩效.*项目`): its 项目支出 is a project's, not the unit's.

    Both words on one line, in either order, as that pattern reads (the words share no character).
    Not the pattern itself: its `.*` ran from every 项目 to the end of the line, quadratic in a long
    title, and it ran once per amount of the section; so the answer is kept per section as well.
    """
    return any("项目" in line and "绩效" in line for line in section.split("\n"))


@functools.lru_cache(maxsize=64)
def _section_scope(section: str) -> tuple[bool, bool]:
    """Whether a section is about 财政拨款, and whether about all funds: read once per section."""
    return bool(_FISCAL_SECTION.search(section)), bool(_ALL_FUNDS_SECTION.search(section))


class _Index:
    """Target cells by quantity and scope, built once from the recognised tables."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.by_quantity: dict[tuple[str, bool], list[Target]] = {}
        self.budget = any(table.budget for table in tables.standard)
        # Quantities not to be looked up in the other scope: the 类 and totals of a budget whose
        # 财政拨款 total differs from its total of all funds (其他资金), see ``_budget_scopes_differ``.
        self.scoped: frozenset[str] = (
            frozenset((*CATEGORY_CODES.values(), *_SCOPED_TOTALS))
            if self._budget_scopes_differ()
            else frozenset()
        )
        self._totals()
        self._categories()
        self._details()
        self._three_public_extras()

    def targets(self, quantity: str, fiscal: bool) -> tuple[list[Target], list[Target]]:
        """Cells for ``quantity`` of the named scope, and of the other scope."""
        preferred = self.by_quantity.get((quantity, fiscal), [])
        if not preferred and quantity in self.scoped:
            return [], []
        other = [
            target for target in self.by_quantity.get((quantity, not fiscal), []) if target not in preferred
        ]
        return (preferred, other) if preferred else (other, [])

    def _add(self, quantity: str, fiscal: bool, label: str, cell: Cell | None) -> None:
        if cell is not None and cell.text:
            target = Target(label, cell, self.scale_of(cell))
            self.by_quantity.setdefault((quantity, fiscal), []).append(target)

    def scale_of(self, cell: Cell) -> Decimal:
        """The unit of the table that holds ``cell`` (a table in 元 has scale 0.0001)."""
        for table in self.tables.standard:
            for part in (table.table, *table.parts):
                if part.span.start <= cell.start < part.span.end:
                    return table.scale
        return Decimal(1)

    def _budget_scopes_differ(self) -> bool:
        """A budget with a 支出预算总表 total of all funds unlike its 财政拨款 total by code."""
        expenditure = self.tables.coded(TableKind.EXPENDITURE)
        fiscal = self.tables.coded(TableKind.GENERAL_BUDGET)
        if not self.budget or expenditure is None or fiscal is None:
            return False
        if expenditure.total is None or fiscal.total is None:
            return False
        return expenditure.total.value("本年支出合计") != fiscal.total.value("小计")

    def _name(self, kind: TableKind) -> str:
        table = self.tables.get(kind)
        return table.name if table else kind.short

    def _totals(self) -> None:
        summary = self.tables.balance(TableKind.SUMMARY)
        fiscal = self.tables.balance(TableKind.FISCAL_SUMMARY)
        for balance, is_fiscal, kind in (
            (summary, False, TableKind.SUMMARY),
            (fiscal, True, TableKind.FISCAL_SUMMARY),
        ):
            if balance is None:
                continue
            name = self._name(kind)
            for side, role, quantity in (
                ("expenditure", LineRole.GRAND_TOTAL, "收支总计"),
                ("income", LineRole.CURRENT_TOTAL, "本年收入合计"),
                ("expenditure", LineRole.CURRENT_TOTAL, "本年支出合计"),
            ):
                line = balance.line(side, role)
                if line is not None and line.cells:
                    self._add(quantity, is_fiscal, f"{name}“{line.label}”", line.cells[0][1])
            if is_fiscal:
                line = balance.line("income", LineRole.CURRENT_TOTAL)
                if line is not None and line.cells:
                    self._add("财政拨款收入", True, f"{name}“{line.label}”", line.cells[0][1])
                line = balance.line("expenditure", LineRole.CURRENT_TOTAL)
                if line is not None:
                    self._add(
                        "一般公共预算财政拨款支出",
                        True,
                        f"{name}“{line.label}”",
                        line.cell("一般公共预算财政拨款"),
                    )
        self._coded_totals()
        if fiscal is not None and self.budget:
            # A budget's 财政拨款收支预算总表 gives its 基本支出 and 项目支出 as lines (Jiangsu).
            name = self._name(TableKind.FISCAL_SUMMARY)
            for line in fiscal.expenditure:
                if line.role is LineRole.ITEM and line.label in ("基本支出", "项目支出") and line.cells:
                    self._add(line.label, True, f"{name}“{line.label}”", line.cells[0][1])

    def _coded_totals(self) -> None:
        income = self.tables.coded(TableKind.INCOME)
        if income is not None and income.total is not None:
            name = self._name(TableKind.INCOME)
            self._add(
                "本年收入合计", False, f"{name} 合计行“本年收入合计”", income.total.cell("本年收入合计")
            )
            for column in _INCOME_COLUMNS:
                self._add(
                    column, column == "财政拨款收入", f"{name} 合计行“{column}”", income.total.cell(column)
                )
        for kind, fiscal, total_column in (
            (TableKind.EXPENDITURE, False, "本年支出合计"),
            (TableKind.GENERAL_BUDGET, True, "小计"),
        ):
            model = self.tables.coded(kind)
            if model is None or model.total is None:
                continue
            name = self._name(kind)
            quantity = "一般公共预算财政拨款支出" if fiscal else "本年支出合计"
            self._add(quantity, fiscal, f"{name} 合计行“{total_column}”", model.total.cell(total_column))
            for column in ("基本支出", "项目支出"):
                self._add(column, fiscal, f"{name} 合计行“{column}”", model.total.cell(column))

    def _categories(self) -> None:
        for kind, column, fiscal in (
            (TableKind.FISCAL_SUMMARY, "一般公共预算财政拨款", True),
            (TableKind.SUMMARY, "金额", False),
        ):
            balance = self.tables.balance(kind)
            if balance is None:
                continue
            for line in balance.expenditure:
                if line.category is not None:
                    self._add(line.category, fiscal, f"{self._name(kind)}“{line.label}”", line.cell(column))
        for kind, column, fiscal in (
            (TableKind.GENERAL_BUDGET, "小计", True),
            (TableKind.EXPENDITURE, "本年支出合计", False),
        ):
            model = self.tables.coded(kind)
            if model is None:
                continue
            for row in model.rows:
                if row.code is not None and len(row.code) == 3:
                    self._add(row.code, fiscal, f"{self._name(kind)} {row.title}", row.cell(column))

    def _details(self) -> None:
        economic = self.tables.economic()
        if economic is not None:
            name = self._name(TableKind.BASIC_DETAIL)
            self._add("人员经费", True, f"{name}“人员经费合计”", economic.personnel_total)
            self._add("公用经费", True, f"{name}“公用经费合计”", economic.public_total)

    def _three_public_extras(self) -> None:
        """`机关运行经费预算数` in a budget's 三公 table (its own column after the 三公 items)."""
        model = self.tables.three_public()
        if model is None:
            return
        cell = model.extra("机关运行经费")
        name = self._name(TableKind.THREE_PUBLIC)
        self._add(_RUNNING_COSTS, True, f"{name}“机关运行经费”", cell)

    def budget_is_actual(self, quantity: str) -> bool:
        """Does the 三公 table give the same figure as 预算数 and as 决算数 for ``quantity``?"""
        model = self.tables.three_public()
        field = _THREE_PUBLIC_FIELDS.get(quantity)
        if model is None or field is None or model.budget is None or model.actual is None:
            return False
        return model.budget.cell(field).value == model.actual.cell(field).value

    def three_public(self, quantity: str, role: Role) -> list[Target]:
        model = self.tables.three_public()
        field = _THREE_PUBLIC_FIELDS.get(quantity)
        if model is None or field is None:
            return []
        group: ThreePublicGroup | None = model.budget if role is Role.BUDGET else model.actual
        if group is None:
            return []
        label = "预算数" if role is Role.BUDGET else "决算数"
        cell = group.cell(field)
        return [
            Target(f"{self._name(TableKind.THREE_PUBLIC)} {label}“{quantity}”", cell, self.scale_of(cell))
        ]


# ---------------------------------------------------------------------------------------------
# Matching


def _match(
    tables: Tables,
    claims: Claims,
    year: int | None,
    is_budget: bool = False,
    unit_name: str | None = None,
    paragraph_starts: Sequence[int] = (),
) -> Matches:
    index = _Index(tables)
    skipped = _breakdown_totals_of_other_things(claims)
    matches: list[Match] = []
    for amount in claims.amounts:
        if id(amount) in skipped or not _comparable(amount, year):
            continue
        unit_total = _as_unit_total(amount, unit_name) if is_budget else amount
        match = _match_amount(index, unit_total, is_budget)
        if match is not None and unit_total is not amount:
            match = _or_grand_total(index, match)
        if match is not None and match.targets:
            matches.append(match)
    budget = tables.get(TableKind.GENERAL_BUDGET)
    items = _ItemMatcher(
        tables.coded(TableKind.GENERAL_BUDGET),
        index._name(TableKind.GENERAL_BUDGET),
        budget.scale if budget is not None else Decimal(1),
    )
    for execution in claims.executions:
        if execution.actual is not None and _comparable(execution.actual, year):
            found = items.match(execution)
            if found is not None:
                matches.append(found)
    if is_budget:
        matches.extend(_budget_items(items, claims, year, paragraph_starts))
    if index.budget:
        matches += _budget_item_matches(items, claims, index, year)
    omissions = items.omissions(claims.executions)
    return Matches(tuple(matches), tuple(items.problems), tuple(omissions))


# The 类 a section of a budget's item list is headed by: `（一）公共安全（类）`.
_CATEGORY_SECTION = re.compile(r"^(?P<name>[^（(]{2,20})[（(]类[)）]$")


def _budget_item_matches(items: _ItemMatcher, claims: Claims, index: _Index, year: int | None) -> list[Match]:
    """A budget's items by 款 and 项 under a 类 heading (`（一）公共安全（类）` / `1．法院（款）行政运行
    （项）支出14857.61万元，与上年相比增加…`): the amount against the 财政拨款 table's row of that name.
    Not where the budget's 财政拨款 differs from its total of all funds and the text does not say
    which it means."""
    found: list[Match] = []
    for change in claims.changes:
        amount = change.current
        if amount is None or not _comparable(amount, year) or amount.role is Role.PREVIOUS:
            continue
        if index.scoped and amount.scope != "财政拨款":
            continue
        path = item_path(change.subject.removesuffix("支出"))
        if path is None or len(path) != 2:
            continue
        heading = _CATEGORY_SECTION.match(compact(amount.section.split("\n")[-1]))
        if heading is None or category_code(path[0]) is not None:
            continue
        match = items.match_item(amount, [heading.group("name"), *path], change.subject)
        if match is not None:
            found.append(match)
    return found


def _comparable(amount: Amount, year: int | None) -> bool:
    if amount.unit != "万元" or is_project_section(amount.section):
        return False
    return amount.year is None or year is None or amount.year == year


def _breakdown_totals_of_other_things(claims: Claims) -> set[int]:
    """Totals whose parts are not table quantities (`项目支出319.2万元，其中用于…`): not the unit's."""
    known = {
        "基本支出",
        "项目支出",
        "人员经费",
        "公用经费",
        *CATEGORY_CODES,
        *_THREE_PUBLIC_FIELDS,
        *_INCOME_COLUMNS,
    }
    skipped = set()
    for breakdown in claims.breakdowns:
        if breakdown.total.subject not in ("基本支出", "项目支出"):
            continue
        if breakdown.parts and not any(part.subject in known for part in breakdown.parts):
            skipped.add(id(breakdown.total))
    return skipped


def _as_unit_total(amount: Amount, unit_name: str | None) -> Amount:
    """A budget's `上海市XX局收入预算X万元` / `本部门收入预算X万元`: the unit's whole income, 本年收入合计."""
    if amount.role is not Role.BUDGET or amount.scope:
        return amount
    owner = compact(amount.subject).removesuffix("收入")
    if owner == compact(amount.subject) or owner not in {compact(unit_name or "") or "-", "本部门", "本单位"}:
        return amount
    return attrs.evolve(amount, subject="本年收入合计")


def _or_grand_total(index: _Index, match: Match) -> Match:
    """The unit's 收入预算 compared with 本年收入合计, or else with 收入总计: `收入预算1200.00万元，其中：
    财政拨款收入1100.00万元，上年结转资金100.00万元` counts the 结转 that 本年收入合计 leaves out."""
    totals, _ = index.targets("收支总计", False)
    return attrs.evolve(match, strict=False, alternates=(*match.alternates, *totals))


def _match_amount(index: _Index, amount: Amount, budget: bool = False) -> Match | None:
    subject = amount.subject
    if amount.role is Role.PREVIOUS:
        return None  # last year's figure: in no table
    if budget and amount.role is Role.ACTUAL:
        return None  # a 预算's tables hold the budget: an 执行数 it names is last year's
    if subject in _THREE_PUBLIC_FIELDS:
        role = Role.BUDGET if amount.role is Role.BUDGET or budget else Role.ACTUAL
        hint = (
            "表中该项的预算数与决算数相同，可能是把决算数填进了预算数"
            if index.budget_is_actual(subject)
            else ""
        )
        cells = tuple(index.three_public(subject, role))
        return Match(amount, subject, cells, THREE_PUBLIC, hint=hint if role is Role.BUDGET else "")
    if budget and compact(subject).removesuffix("（财政拨款）") == _RUNNING_COSTS:
        targets, _ = index.targets(_RUNNING_COSTS, True)
        return Match(amount, _RUNNING_COSTS, tuple(targets), TOTALS)
    if amount.role is Role.BUDGET and budget:
        # A budget's tables hold its 预算数: `基本支出预算数为X万元` is a figure of its tables.
        subject = _budget_subject(subject)
    elif amount.role not in (Role.AMOUNT, Role.ACTUAL):
        return None  # the tables hold this year's actuals (a 预算's: its budget), no budgets of a 决算
    if amount.scope not in ("", "财政拨款"):
        return None  # 政府性基金 / 国有资本经营 amounts: their tables are nearly always empty
    fiscal_section, all_funds_section = _section_scope(amount.section)
    fiscal = amount.scope == "财政拨款" or fiscal_section
    strict = fiscal or all_funds_section
    if subject in ("人员经费", "公用经费"):
        targets, _ = index.targets(subject, True)
        return Match(amount, subject, tuple(targets), BASIC_DETAIL)
    code, quantity = CATEGORY_CODES.get(subject), _WEAK_NAMES.get(subject, subject)
    if subject == "支出" and index.budget:
        return None  # a budget's bare `支出X万元` is an item's (`住房公积金(项):支出…`), not the total
    targets, alternates = index.targets(code or quantity, fiscal)
    if not targets:
        return None
    family = CATEGORIES if code else TOTALS
    return Match(amount, quantity, tuple(targets), family, subject in _WEAK_NAMES, tuple(alternates), strict)


# The figures of the 整体支出绩效自评表 and the quantity each states.
_APPENDIX_QUANTITIES = {
    "一般公共预算": ("一般公共预算财政拨款支出", True),
    "基本支出": ("基本支出", False),
    "项目支出": ("项目支出", False),
    "全年执行数": ("本年支出合计", False),
}


def _appendix_matches(index: _Index, tables: Sequence[ScoreTable]) -> Iterator[Match]:
    """自评表 figures (`基本支出：516.56`, 全年执行数) against the standard tables, any scope."""
    for table in tables:
        for figure in table.funds:
            quantity, fiscal = _APPENDIX_QUANTITIES[figure.label]
            targets, alternates = index.targets(quantity, fiscal)
            if not targets:
                continue
            amount = Amount(quantity, figure.label, Role.ACTUAL, figure.number, "万元", "", "绩效自评表")
            # 全年执行数 is spending: its own scope only; the others may be of either scope.
            strict = figure.label == "全年执行数"
            yield Match(amount, quantity, tuple(targets), APPENDIX, True, tuple(alternates), strict)


def _budget_items(
    items: _ItemMatcher, claims: Claims, year: int | None, paragraph_starts: Sequence[int] = ()
) -> Iterator[Match]:
    """The items of a 预算's list of 财政拨款支出 (`“一般公共服务支出（类）商贸事务（款）行政运行（项）”
    938.99万元，主要用于…`): an amount whose own words are a 类/款/项 path, matched by name to the
    一般公共预算 table as a 决算's 具体情况 items are. No omission is reported: a budget's list may
    name only the main items."""
    executed = {id(e.actual) for e in claims.executions if e.actual is not None}
    last: Match | None = None  # the item just read: its `2024年预算安排X万元` restates it
    for amount in claims.amounts:
        if id(amount) in executed or amount.role not in (Role.AMOUNT, Role.BUDGET):
            continue
        if not _comparable(amount, year):
            continue
        path = item_path(amount.label.strip('“”" '))
        if path is None or len(path) < 2:
            if last is not None and _restates_item(amount, last.amount, year, paragraph_starts):
                yield attrs.evolve(last, amount=amount)
            continue
        last = items.match_amount(amount, path)
        if last is not None:
            yield last


# How far after an item its restatement may stand (`…主要用于…。2023年当年预算执行数为X万元，2024年
# 预算安排Y万元`): the same paragraph, which is short.
_RESTATEMENT_REACH = 200


def _restates_item(
    amount: Amount, item: Amount, year: int | None, paragraph_starts: Sequence[int] = ()
) -> bool:
    """`YYYY年预算安排X万元` of the report year, right after an item in the same paragraph: its budget.
    Within reach is not enough: the next paragraph may be a sub-item of its own (`2. 其中离退休人员节日
    慰问：2025年预算安排2.00万元`), whose 预算安排 is a part of the item, not the item again."""
    return (
        compact(amount.label) == "预算安排"
        and year is not None
        and amount.year == year
        and amount.section == item.section
        and 0 < amount.span.start - item.span.end <= _RESTATEMENT_REACH
        and bisect.bisect_right(paragraph_starts, item.span.start)
        == bisect.bisect_right(paragraph_starts, amount.span.start)
    )


# ---------------------------------------------------------------------------------------------
# Items of the 具体情况 list, by name


_ITEM_MARK = re.compile(r"[（(](?:类|款|项)[)）]")


def item_path(subject: str) -> list[str] | None:
    """`一般公共服务（类）…事业运行（项）` or `一般公共服务-政府办公厅…-行政运行` → the named parts."""
    if _ITEM_MARK.search(subject):
        # `公共安全（类）支出26200.88万元`: the 支出 after the last mark is the amount's word, no name.
        parts = [part for part in _ITEM_MARK.split(subject) if normal_name(part)]
    elif "-" in subject:
        parts = [part for part in subject.split("-") if part.strip()]
    else:
        return None
    return parts if 2 <= len(parts) <= 3 else None


def normal_name(name: str) -> str:
    """Names compared without spaces, with one kind of parentheses and without a final 支出."""
    name = compact(name).replace("(", "（").replace(")", "）")
    return name.removesuffix("支出")


def category_code(name: str) -> str | None:
    name = compact(name)
    return CATEGORY_CODES.get(name) or CATEGORY_CODES.get(name + "支出")


class _ItemMatcher:
    """05表 rows by (类, name); 款 names from 款 rows or from their `其他…支出` 项."""

    def __init__(self, model: CodedTable | None, table_name: str, scale: Decimal) -> None:
        self.model = model
        self.table_name = table_name
        self.scale = scale
        self.problems: list[ItemProblem] = []
        self.matched: dict[int, set[str]] = {}  # execution parent → codes matched
        self.leaves: dict[tuple[str, str], list[CodedRow]] = {}
        self.sections: dict[tuple[str, str], list[CodedRow]] = {}
        self.section_names: dict[str, str] = {}
        self.parent: int | None = None  # the list the item being matched belongs to
        if model is None:
            return
        for row in model.rows:
            if row.code is None:
                continue
            key = (row.code[:3], normal_name(row.name))
            if len(row.code) == 7:
                self.leaves.setdefault(key, []).append(row)
            elif len(row.code) == 5:
                self.sections.setdefault(key, []).append(row)
                self.section_names[row.code] = normal_name(row.name)
        for row in model.rows:  # `其他X支出` under 款 YY99 names the 款 X when the 款 row is absent
            if (
                row.code
                and len(row.code) == 7
                and row.code.endswith("99")
                and row.code[:5] not in self.section_names
            ):
                name = normal_name(row.name)
                if name.startswith("其他"):
                    self.section_names[row.code[:5]] = name.removeprefix("其他")

    def match(self, execution: ExecutionClaim) -> Match | None:
        actual = execution.actual
        path = item_path(execution.subject)
        if self.model is None or actual is None or path is None:
            return None
        code = category_code(path[0])
        if code is None:
            return None
        row = self._row(code, path)
        if row is None:
            self.parent = execution.parent
            self._not_found(actual, code, path, execution.subject_span)
            return None
        if execution.parent is not None and row.code:
            self.matched.setdefault(execution.parent, set()).add(row.code)
        cell = row.cell("小计")
        if cell is None:
            return None
        return Match(
            actual,
            "、".join(path),
            (Target(f"{self.table_name} {row.title}“小计”", cell, self.scale),),
            CATEGORIES,
        )

    def match_amount(self, amount: Amount, path: Sequence[str]) -> Match | None:
        """An amount named by an item path (a 预算's list): the row of that name, as :meth:`match`."""
        code = category_code(path[0]) if self.model is not None else None
        if code is None:
            return None
        row = self._row(code, path)
        if row is None:
            self.parent = None
            # A 预算's list names all its 财政拨款 items, the 政府性基金 ones too (`…国有土地使用权出让
            # 收入安排的支出（款）…`), which are no rows of the 一般公共预算 table: a name found in
            # no row is no finding; only the same amount under another name is.
            self._not_found(amount, code, path, None, report_missing=False)
            return None
        cell = row.cell("小计")
        if cell is None:
            return None
        label = f"{self.table_name} {row.title}“小计”"
        return Match(amount, "、".join(path), (Target(label, cell, self.scale),), CATEGORIES)

    def match_item(self, amount: Amount, path: Sequence[str], subject: str) -> Match | None:
        """``amount`` of the 款/项 ``path[1:]`` under the 类 ``path[0]`` of its heading, named in
        messages as the text names it."""
        found = self.match_amount(amount, path)
        return None if found is None else attrs.evolve(found, quantity="、".join(path[1:]) or subject)

    def _row(self, code: str, path: Sequence[str]) -> CodedRow | None:
        name = normal_name(path[-1])
        if len(path) == 2:
            rows = self.sections.get((code, name), [])
        else:
            rows = self.leaves.get((code, name), [])
            if len(rows) > 1:
                section = normal_name(path[1])
                rows = [row for row in rows if row.code and self.section_names.get(row.code[:5]) == section]
        return rows[0] if len(rows) == 1 else None

    def _not_found(
        self, actual: Amount, code: str, path: Sequence[str], span: Span | None, report_missing: bool = True
    ) -> None:
        """No row of that name: the same amount under another name is a naming slip; else, when
        ``report_missing``, a missing row."""
        assert self.model is not None
        same = [
            row
            for row in self.model.rows
            if row.code
            and len(row.code) == 7
            and row.code.startswith(code)
            and (row.value("小计") or 0) * self.scale == actual.value
        ]
        item = path[-1]
        if len(same) == 1 and actual.value != 0:
            row = same[0]
            if self.parent is not None and row.code:
                self.matched.setdefault(self.parent, set()).add(row.code)
            self.problems.append(
                ItemProblem(
                    actual,
                    "name",
                    f"正文的项目名称“{item}”在{self.table_name}中没有，金额相同的是 {row.title}",
                    item,
                    row,
                    span,
                )
            )
        elif report_missing:
            self.problems.append(
                ItemProblem(
                    actual,
                    "missing",
                    f"正文列出的“{'-'.join(path)}”在{self.table_name}中没有对应的行",
                    item,
                    span=span,
                )
            )

    def omissions(self, executions: Sequence[ExecutionClaim]) -> Iterator[Omission]:
        """05表 项 with an amount that a list of items (the 具体情况) does not mention."""
        if self.model is None:
            return
        leaves = [row for row in self.model.rows if row.code and len(row.code) == 7 and row.value("小计")]
        for parent, codes in self.matched.items():
            if len(codes) * 2 < len(leaves):
                continue  # too few items matched: the list is something else, or matching failed
            anchor = executions[parent].actual or executions[parent].budget
            if anchor is None:
                continue
            for row in leaves:
                cell = row.cell("小计")
                if row.code not in codes and cell is not None:
                    yield Omission(row, cell, anchor)
