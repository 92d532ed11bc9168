"""Atoms to claims: one pass over the document's paragraphs, section by section.

The grammar reads clauses; what belongs together is decided here, the way a reader does it:

- a budget amount opens an *execution frame*; the actual, the rate (完成预算的Z%) and the
  comparison word (决算数小于预算数) that follow fill it; changes (与上年相比增加X万元，增长Z%)
  and their reason (增加的主要原因是) attach to the frame's current amount;
- `其中：` / `主要用于以下方面：` after an amount opens a *breakdown*: the amounts that follow are
  its parts, and a bare `占a%` after a part is that part's share of the total; after an execution
  frame, `其中：` makes the following frames its items (the 具体情况 list, the 三公 components);
- an item's name comes from the short title paragraph before it (`2、一般公共服务（类）…（项）。`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TypeGuard

import attrs

from zhlint.claims.model import (
    Amount,
    BreakdownClaim,
    ChangeClaim,
    Claims,
    CostItem,
    CountClaim,
    Direction,
    ExecutionClaim,
    FlowClaim,
    Mark,
    Reference,
    Role,
    ShareClaim,
)
from zhlint.claims.parse import (
    AmongAtom,
    Atom,
    ChangeAtom,
    ChangeRateAtom,
    Clause,
    CompareAtom,
    ComparisonAtom,
    ExecutionRateAtom,
    FlatAtom,
    HeadAtom,
    ReasonAtom,
    ShareAtom,
    StatedAtom,
    parse_clauses,
    worth_parsing,
)
from zhlint.diagnostics import Span
from zhlint.document.segment import Document, Heading, HeadingStyle, Paragraph
from zhlint.read.numbers import Number, read_numbers
from zhlint.read.text import MappedText

# Canonical names of the quantities the template talks about; first match wins, so the more
# specific names come first.
_SUBJECTS: tuple[tuple[str, str], ...] = (
    (r"三公", "三公经费"),
    (r"因公出国", "因公出国（境）费"),
    (r"公务接待", "公务接待费"),
    (r"公务用车购置(?:费)?(?:及|和|与)运行(?:维护)?", "公务用车购置及运行维护费"),  # `购置及运行费` too
    (r"公务用车购置", "公务用车购置费"),
    (r"公务用车运行(?:维护)?", "公务用车运行维护费"),  # Shanghai's budgets: `公务用车运行费`
    (r"机关运行经费", "机关运行经费"),
    (r"人员经费", "人员经费"),
    (r"公用经费", "公用经费"),
    # `货物[^授]*授予中小企业`, read from the last 货物 before the 授: the same labels match, and a
    # search no longer scans from every 货物 to the end of a long label (quadratic).
    (r"货物(?:[^授货]|货(?!物))*授予中小企业", "货物授予中小企业合同金额"),
    (r"工程(?:[^授工]|工(?!程))*授予中小企业", "工程授予中小企业合同金额"),
    (r"服务(?:[^授服]|服(?!务))*授予中小企业", "服务授予中小企业合同金额"),
    (r"授予中小企业", "授予中小企业合同金额"),
    (r"授予小微企业", "授予小微企业合同金额"),
    # `政府采购支出总额`, and the Shanghai form `…政府采购金额（以合同签订为准）为X万元，其中：货物采购金额…`
    (r"政府采购(?:支出)?总额|政府采购金额", "政府采购支出总额"),
    # Anchored, as 服务 is: the label starts with the kind of procurement (`货物支出`, `政府采购货物支出`,
    # `货物采购金额`), so that `道路工程支出` or `购买货物运输费` is no part of the 政府采购 total.
    (r"^(?:政府采购|拟(?:采购|购买))?货物类?(?:采购|支出|$)", "政府采购货物支出"),
    (r"^(?:政府采购|拟(?:采购|购买))?工程类?(?:采购|支出|$)", "政府采购工程支出"),
    # Anchored: `一般公共服务支出`, `商品和服务支出` name other quantities.
    (r"^(?:政府采购|拟(?:采购|购买))?服务类?(?:采购|支出|$)", "政府采购服务支出"),
    (r"会议费?[、和及与]培训|培训费?[、和及与]会议", "会议费和培训费"),  # one amount for both
    (r"会议费", "会议费"),
    (r"培训费", "培训费"),
    (r"基本支出", "基本支出"),
    (r"项目支出", "项目支出"),
    # `收、支总计`, `收入、支出预算总计`, `财政拨款收、支总预算` (read up to 总: `总预算` is the role word)
    (r"收入?、?支出?(?:预算)?总(?:计|额|$)", "收支总计"),
    (r"^(?:本年收入(?:合计|总额)?|收入合计|收入总额|总收入)$", "本年收入合计"),
    (r"^(?:本年支出(?:合计|总额)?|支出合计|支出总额|总支出|整体支出)$", "本年支出合计"),
    (r"^财政拨款收入$", "财政拨款收入"),
    (r"^其他收入$", "其他收入"),
    (r"^(?:一般公共预算)?财政拨款(?:支出)?$|^一般公共预算(?:财政拨款)?支出$", "一般公共预算财政拨款支出"),
)
_SUBJECT_PATTERNS = tuple((re.compile(pattern), name) for pattern, name in _SUBJECTS)
# A count inside a label (the grammar's COUNT, kept in the label by the parser).
_COUNTED_UNITS = re.compile(r"\d+\s*(?:家|个|名|所)")
_RUNNING_COSTS = "机关运行经费"
# The unit's self-reference before a name, and 各/均/分别 after it (`收、支总计各增加`).
_NOISE = re.compile(r"[“”\"'‘’\s]|^(?:本部门|本单位|我单位|我部门|单位|部门)(?:开支)?|^开支|(?:各|均|分别)$")
# Words after which an amount is the actual of an open budget frame (`执行数为4.32万元`).
_ACTUAL_LABELS = frozenset({"执行数", "全年执行数", "实际支出", "实际执行数", "支出数"})
# A short paragraph naming a budget item: `2、一般公共服务（类）…（项）。`, `3.一般公共服务支出-…-行政运行。`
_ITEM_TITLE = re.compile(r"^\s*(?:\d{1,2}\s*[、.．]|[（(]\d{1,2}[)）])?\s*(?P<name>[^\d。]{2,80}?)\s*。?\s*$")
_SCOPE = re.compile(r"财政拨款|一般公共预算")
# What is left of a budget once spent (`全年预算数60万元，全年执行数33.5万元，结余26.5万元`); not
# 结余结转 of the money-flow sentences, whose balance also counts 调增/调减 (FlowClaim).
_BALANCE = re.compile(r"(?:预算)?结余(?:资金|数|金额)?(?:为)?")
# A count of things done (`编发简报12期`, `查处问题8个`): a verb, its object, the number, the unit.
_COUNT = re.compile(
    r"(?P<verb>编发|编印|印发|发布|开展|举办|组织|召开|查处|发现|排查|整改|收到|办理|受理|接待|出动|检查)"
    r"(?P<object>[^\d，。；;、,：:（）()“”\s]{1,8}?)(?P<number>\d+)\s*"
    r"(?P<unit>人次|批次|期|次|个|人|条|辆|场|份|件|起|家|批)(?![\d.])"
)
_FILLER = "了共计累计各类等"
# Words that make a count one part of the year's (`上半年`, `一季度`, `第一批`, `专题研究`, `其中`):
# two parts differ without contradicting each other, so such a count is compared with nothing.
_PART_OF_PERIOD = re.compile(
    r"[上下]半年|季度|(?:\d{1,2}|[一二三四五六七八九十]{1,3}|每|本|当)月|期间|专题|其中|分别|首批|"
    r"第\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:批|期|次|轮|阶段|季)"
)
# Words that put a sentence's counts in another year or a comparison.
_OTHER_YEAR = re.compile(r"上年|上一年|去年|同比|较上|比上|与上|(?:19|20)\d{2}\s*年")
# An amount followed by more of its sentence: a heading that is a paragraph, not a title.
_HOLDS_SENTENCES = re.compile(r"\d\s*(?:万元|亿元|元)[^。]*[，,。；;]")
_PREVIOUS_WORDS = re.compile(r"上年|上一年|去年|前一年")
_BUDGET_BASE = re.compile(r"(?:年初|全年|调整后)?预算数?")
# Quantities whose costs are itemised right after them (`经费支出为会议场租费0万元、…`).
_DETAILED = frozenset({"会议费", "培训费"})
# The connective before the words naming a meeting or training (`用于召开…`, `三类会议是召开…`).
_EVENT_LEAD = re.compile(
    r"^(?:[^，,：:；;]{0,6}?(?:是|为|：|:))?\s*(?:主要)?(?:用于)?\s*(?:召开|举办|组织|开展|参加)?"
)
_EVENT_WORDS = re.compile(r"会议|培训")
_EVENT_MIN_CHARS = 6
# The words of a money-flow sentence: where the 年初 budget starts, and what ends its list.
_FLOW_INITIAL = re.compile(r"年初预算|^金额$")
_FLOW_OTHER = re.compile(r"调增|调减|追加|实际支出|结余|结转")
# Sections about other funds: their 基本支出/项目支出 are not the unit's.
_FUND_SECTION = re.compile(r"政府性基金|国有资本经营|社会保险基金")
# Parts that together make up their total, by the total's subject. A list of parts is complete
# (and must add up) only when it names such a family; other `其中` lists may leave parts out.
SPENDING_PARTS = frozenset({"基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"})
PART_FAMILIES: dict[str, frozenset[str]] = {
    "基本支出": frozenset({"人员经费", "公用经费"}),
    "政府采购支出总额": frozenset({"政府采购货物支出", "政府采购工程支出", "政府采购服务支出"}),
    "三公经费": frozenset({"因公出国（境）费", "公务接待费", "公务用车购置及运行维护费"}),
    "公务用车购置及运行维护费": frozenset({"公务用车购置费", "公务用车运行维护费"}),
    # `财政拨款支出预算中，一般公共预算拨款支出预算…；政府性基金拨款…；国有资本经营预算拨款…`
    "一般公共预算财政拨款支出": frozenset({"一般公共预算拨款", "政府性基金拨款", "国有资本经营预算拨款"}),
    "本年收入合计": frozenset(
        {"财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"}
    ),
}
_SIBLINGS = (SPENDING_PARTS, *PART_FAMILIES.values())


def are_siblings(first: str, second: str) -> bool:
    """Do two subjects belong to one family of parts (人员经费 and 公用经费)?"""
    return first != second and any(first in family and second in family for family in _SIBLINGS)


@functools.lru_cache(maxsize=4096)
def canonical_subject(label: str) -> str:
    """The quantity a label names.

    `“三公”经费财政拨款` → 三公经费, `一般公共服务（类）支出` → 一般公共服务支出.
    """
    text = _NOISE.sub("", label)
    if _COUNTED_UNITS.search(text):
        # `其中，2个专项项目支出合计…`, `所属3个事业单位基本支出合计…`: a count of projects or units
        # names a subset, not the unit's 项目支出/基本支出. Only 机关运行经费 (`下属1家机关和1家参公
        # 事业单位的机关运行经费`) is the unit's whole: only its 机关 and 参公 units have it.
        return _RUNNING_COSTS if _RUNNING_COSTS in text else text
    for pattern, name in _SUBJECT_PATTERNS:
        if pattern.search(text):
            return name
    if "（类）" in text or "(类)" in text:
        text = text.replace("（类）", "").replace("(类)", "")
        text = text.removesuffix("支出").removesuffix("支出") + "支出"
    return text


@functools.lru_cache(maxsize=4096)
def scope_of(label: str) -> str:
    return "财政拨款" if _SCOPE.search(label) else ""


@functools.lru_cache(maxsize=256)
def _fund_of(section: str) -> str:
    """The other fund a section is about (`政府性基金`), "" for the unit's own money."""
    found = _FUND_SECTION.search(section)
    return found.group() if found else ""


@attrs.define
class _Change:
    reference: Reference
    current: Amount | None
    direction: Mark | None = None
    amount: Number | None = None
    rate_direction: Mark | None = None
    rate: Number | None = None
    flat: Mark | None = None
    reason: Mark | None = None
    rate_marked: bool = True


@attrs.define
class _Frame:
    """An open execution/change frame: one subject's budget, actual, rate, comparison, changes."""

    subject: str
    budget: Amount | None = None
    actual: Amount | None = None
    current: Amount | None = None  # the amount changes are measured from
    previous: Amount | None = None  # last year's amount, when stated
    rate: Number | None = None
    comparison: Mark | None = None
    parent: int | None = None
    subject_span: Span | None = None
    balance: Amount | None = None
    changes: list[_Change] = attrs.Factory(list)
    # A share was stated for the frame's amount (`其中：A万元，占a%；与上年相比增加…`): a change
    # after it may be the total's as well as the part's.
    shared: bool = False


@attrs.define
class _Breakdown:
    total: Amount
    section: str
    parts: list[Amount] = attrs.Factory(list)
    shares: list[Number | None] = attrs.Factory(list)
    subjects: set[str] = attrs.Factory(set)  # of the parts, for telling a sibling part
    itemised: bool = False  # the costs listed after a 会议费/培训费 actual (`经费支出为…`)


@attrs.define
class _Flow:
    initial: list[Amount]
    increase: Amount | None
    decrease: Amount | None
    spent: Amount
    carried: Amount | None
    section: str
    item_budgets: list[Amount] = attrs.Factory(list)
    item_spending: list[Amount] = attrs.Factory(list)

    def claim(self) -> FlowClaim:
        return FlowClaim(
            tuple(self.initial),
            self.increase,
            self.decrease,
            self.spent,
            self.carried,
            tuple(self.item_budgets),
            tuple(self.item_spending),
            self.section,
        )


class _CostItems:
    """The meetings and trainings a paragraph lists, one per part of a sentence between ；/。:
    the words before the part's first amount name the event (they must speak of 会议 or 培训),
    the amounts of the part labelled as costs (…费) are what it cost."""

    def __init__(self, text: MappedText, start: int, paragraph: int) -> None:
        self.text = text
        self.paragraph = paragraph
        self.start = start  # where the current part of the sentence begins
        self.event: tuple[str, Span] | None = None
        self.costs: list[Amount] = []
        self.seen_amount = False  # in the current part
        self.found: list[CostItem] = []

    def clause(self, clause: Clause, amounts: list[Amount], section: str) -> None:
        if amounts and not self.seen_amount:
            self.seen_amount = True
            self.event = self._event(clause.start)
        if self.event is not None:
            self.costs.extend(amount for amount in amounts if _is_cost(amount))
        self.end_of_part(clause, section)

    def end_of_part(self, clause: Clause, section: str) -> None:
        """Close the current part of the sentence when ``clause`` ends it (at ；or 。)."""
        end = clause.end
        if clause.ends_sentence or self.text.text[end : end + 1] in ("；", ";"):
            if self.event is not None and self.costs:
                event, span = self.event
                self.found.append(CostItem(event, span, tuple(self.costs), section, self.paragraph))
            self.start = end + 1
            self.event, self.costs, self.seen_amount = None, [], False

    def _event(self, end: int) -> tuple[str, Span] | None:
        words = self.text.text[self.start : end]
        lead = _EVENT_LEAD.match(words)
        start = self.start + (lead.end() if lead else 0)
        words = self.text.text[start:end].rstrip("，,、：: \t\n")
        start += len(words) - len(words.lstrip())
        words = words.strip()
        if len(words) < _EVENT_MIN_CHARS or not _EVENT_WORDS.search(words):
            return None
        return words, self.text.source_span(start, start + len(words))


def _may_name_item(text: str) -> bool:
    """Could a clause that is not a claim name the item that the claims after it are about?"""
    return "（项）" in text or "(项)" in text or text.count("-") >= 2


def _is_cost(amount: Amount) -> bool:
    """`会务用餐费0.52万元`, `经费支出为0.87万元`: a cost of a meeting or training, not the total."""
    return amount.role is Role.AMOUNT and "费" in amount.label and amount.subject not in _DETAILED


def _labelled(amounts: list[Amount], *words: str) -> Amount | None:
    return next((amount for amount in amounts if any(word in amount.label for word in words)), None)


class _Builder:
    def __init__(self, report_year: int | None = None) -> None:
        self.report_year = report_year
        self.amounts: list[Amount] = []
        self.executions: list[ExecutionClaim] = []
        self.shares: list[ShareClaim] = []
        self.breakdowns: list[_Breakdown] = []
        # Indexes that keep every step constant-time however long a paragraph gets.
        self.by_subject: dict[str, list[Amount]] = {}
        self.recorded: set[int] = set()  # ids of the breakdowns already in self.breakdowns
        self.part_ids: set[int] = set()  # ids of the amounts that are parts of a breakdown
        self.changes: list[ChangeClaim] = []
        self.flows: list[_Flow] = []
        self.cost_items: list[CostItem] = []
        self.counts: list[CountClaim] = []
        self.prose_paragraphs = 0  # every paragraph, for telling the counts of one apart
        self.paragraphs = 0  # paragraphs read, for telling the lists of cost items apart
        self.section = ""
        self._reset_section()

    # -- state

    def _reset_section(self) -> None:
        self.frame: _Frame | None = None
        self.breakdown: _Breakdown | None = None
        self.closed: _Breakdown | None = None  # the last breakdown, reopened by a sibling part
        self.breakdown_lasts = False  # opened at a paragraph's end: runs over the next paragraphs
        self.parent: int | None = None  # execution whose items follow (`…完成预算的82.8%，其中：`)
        self.item_title = ""
        self.item_span: Span | None = None
        self.details: _Breakdown | None = None  # the costs listed after a 会议费/培训费 actual
        self.flow: _Flow | None = None  # the last money flow, which collects its projects
        self.pending_reference: Reference | None = None
        # Last year's figure stated first in its sentence (`2023年执行数为X万元，2024年预算安排Y万元，
        # 比2023年…增加Z%`): it belongs to the amount that follows, not to the frame before.
        self.pending_previous: Amount | None = None
        self.last_amount: Amount | None = None  # in the current sentence
        self.previous_amount: Amount | None = None  # the last one of the sentence before

    def start_section(self, title: str) -> None:
        self.finish_section()
        self.section = title

    def finish_section(self) -> None:
        self._flush_frame()
        self._close_breakdown()
        self._close_details()
        self._reset_section()

    # -- paragraphs

    def paragraph(self, paragraph: Paragraph) -> None:
        self._counts(paragraph)
        if not worth_parsing(paragraph.text.text):
            self._maybe_item_title(paragraph.text)
            return
        self._read(paragraph.text, paragraph.numbers)

    def _counts(self, paragraph: Paragraph) -> None:
        """The counts of things done in a paragraph, sentence by sentence."""
        mapped = paragraph.text
        text = mapped.text
        self.prose_paragraphs += 1
        if _COUNT.search(text) is None:
            return
        numbers = {number.span.start: number for number in paragraph.numbers}
        start = 0
        for sentence in re.split(r"(?<=[。！？!?；;])", text):
            if not self._other_year(sentence):
                self._counts_of_sentence(mapped, numbers, sentence, start)
            start += len(sentence)

    def _counts_of_sentence(
        self, mapped: MappedText, numbers: dict[int, Number], sentence: str, start: int
    ) -> None:
        """The counts of one sentence at ``start`` of ``mapped``, clause by clause (a count never
        spans a comma), leaving out the clauses about a part of the year."""
        for clause in re.finditer(r"[^，,；;。！？!?]+", sentence):
            if _PART_OF_PERIOD.search(clause.group()) is not None:
                continue
            for match in _COUNT.finditer(sentence, clause.start(), clause.end()):
                at = start + match.start("number")
                number = numbers.get(mapped.source_span(at, start + match.end("number")).start)
                thing = match.group("object").strip(_FILLER)
                if number is not None and len(thing) >= 2:
                    what = match.group("verb") + thing + match.group("unit")
                    unit = match.group("unit")
                    where = self.prose_paragraphs
                    self.counts.append(CountClaim(what, number, unit, self.section, where))

    def _other_year(self, sentence: str) -> bool:
        for match in _OTHER_YEAR.finditer(sentence):
            written = match.group()
            if not written[:2].isdigit() or self.report_year is None:
                return True
            if int(written[:4]) != self.report_year:
                return True
        return False

    def _read(self, mapped: MappedText, found: Iterable[Number]) -> None:
        """The claims of one paragraph's text, whose numbers are ``found``."""
        text = mapped.text
        numbers = {number.span.start: number for number in found}
        clauses = parse_clauses(mapped, numbers)
        amounts = self.amounts
        first_amount = len(amounts)
        last_atom_index = next((i for i in range(len(clauses) - 1, -1, -1) if clauses[i].atoms), -1)
        self.paragraphs += 1
        items = _CostItems(mapped, clauses[0].start if clauses else 0, self.paragraphs)
        section = self.section
        for index, clause in enumerate(clauses):
            if clause.atoms:
                before = len(amounts)
                for atom in clause.atoms:
                    self._atom(atom, at_paragraph_end=index == last_atom_index)
                items.clause(clause, amounts[before:], section)
            else:
                items.end_of_part(clause, section)
                if clause.ends_sentence and _may_name_item(text[clause.start : clause.end]):
                    # `1、一般公共服务（类）…（项）。年初预算为…` in one paragraph: the name comes first.
                    self._maybe_item_title(mapped.slice(clause.start, clause.end))
            if clause.ends_sentence:
                self._end_sentence()
        self.cost_items.extend(items.found)
        self._flush_frame()
        self._close_details()
        self._flows(self.amounts[first_amount:])

    def _maybe_item_title(self, mapped: MappedText) -> None:
        text = mapped.text
        if not any(word in text for word in ("（项）", "(项)", "-", "（款）", "支出", "事务")):
            return
        match = _ITEM_TITLE.match(text)
        if match:
            name = match.group("name")
            start = match.start("name") + len(name) - len(name.lstrip())
            name = name.strip()
            span = mapped.source_span(start, start + len(name))
            if name.startswith("-") and self.item_title:
                name = self.item_title + name  # the item's path broken over two lines
                span = self.item_span.cover(span) if self.item_span else span
            self.item_title, self.item_span = name, span

    def item_heading(self, title: MappedText) -> None:
        """A numbered heading such as `15.住房保障支出-住房改革支出-住房公积金。`: an item's name.

        A numbered item that is a whole paragraph (`8. “…（项）”133.30万元，主要用于…。2023年…`) is
        read as one: its sentences state the item's figures.
        """
        self._flush_frame()
        if _HOLDS_SENTENCES.search(title.text) and worth_parsing(title.text):
            numbers, cleaned = read_numbers(title)
            self._read(cleaned, numbers)
            return
        self._maybe_item_title(title)

    def _end_sentence(self) -> None:
        listed = self.breakdown is not None and len(self.breakdown.parts) > 1
        if not self.breakdown_lasts:
            self._close_breakdown()
        self.pending_reference = None
        self.pending_previous = None
        # `…418 万元。其中…388 万元` names the parts of the last amount of the sentence before,
        # but `…占89.9%。其中：` after a list of parts only re-describes those parts.
        self.previous_amount = None if listed else self.last_amount
        self.last_amount = None

    # -- atoms

    def _atom(self, atom: Atom, at_paragraph_end: bool) -> None:
        if isinstance(atom, StatedAtom):
            self._stated(atom)
        elif isinstance(atom, AmongAtom):
            self._among(atom, at_paragraph_end)
        elif isinstance(atom, HeadAtom):
            self._head(atom, at_paragraph_end)
        elif isinstance(atom, ShareAtom):
            self._share(atom)
        elif isinstance(atom, ExecutionRateAtom):
            if (
                self.frame is not None
                and (self.frame.budget or self.frame.actual)
                and self.frame.rate is None
            ):
                self.frame.rate = atom.percent
        elif isinstance(atom, ComparisonAtom):
            if self.frame is not None and self.frame.comparison is None:
                self.frame.comparison = Mark(atom.direction, atom.text, atom.span)
        elif isinstance(atom, CompareAtom):
            self.pending_reference = atom.reference
        else:
            self._change_atom(atom)

    def _amount(
        self,
        label: str,
        role: Role,
        number: Number,
        unit: str,
        subject: str | None = None,
        year: int | None = None,
    ) -> Amount:
        scope_name = _fund_of(self.section) or scope_of(label)
        if not scope_name and self.breakdown is not None:
            scope_name = self.breakdown.total.scope  # a part has the scope of its total
        amount = Amount(
            subject=canonical_subject(label) if subject is None else subject,
            label=label,
            role=role,
            number=number,
            unit=unit,
            scope=scope_name,
            section=self.section,
            year=year,
        )
        self.amounts.append(amount)
        self.by_subject.setdefault(amount.subject, []).append(amount)
        self.last_amount = amount
        return amount

    def _stated(self, atom: StatedAtom) -> None:
        if atom.among:
            self._among(AmongAtom(""), at_paragraph_end=False)
        elif self._reopens(atom):
            self.breakdown = self.closed
        frame = self.frame
        role = atom.role
        if self._is_previous_year(atom):
            self._previous_year(atom)
            return
        if (
            role is Role.AMOUNT
            and frame is not None
            and frame.budget is not None
            and frame.actual is None
            and atom.label in _ACTUAL_LABELS
        ):
            role = Role.ACTUAL
        if self.breakdown is not None and (self.parent is None or role is Role.AMOUNT):
            self._part(atom, role)
            return
        if self._detail(frame, atom):
            return
        subject = canonical_subject(atom.label) if atom.label else ""
        if self._is_balance(frame, atom):
            assert frame is not None
            frame.balance = self._amount(atom.label, role, atom.money.number, atom.money.unit, frame.subject)
            return
        if self._fills_actual(frame, role, subject, atom.label):
            assert frame is not None
            frame.actual = frame.current = self._amount(
                atom.label, role, atom.money.number, atom.money.unit, frame.subject
            )
            return
        self._flush_frame()
        subject_span = atom.label_span if subject else None
        if not subject and role is not Role.AMOUNT:
            subject, subject_span = self.item_title, self.item_span
            self.item_title, self.item_span = "", None
        amount = self._amount(atom.label, role, atom.money.number, atom.money.unit, subject, atom.year)
        self.frame = _Frame(
            subject=subject,
            current=amount,
            previous=self.pending_previous,
            parent=self.parent if role is Role.BUDGET else None,
            subject_span=subject_span,
        )
        self.pending_previous = None
        if role is Role.BUDGET:
            self.frame.budget = amount
        elif role is Role.ACTUAL:
            self.frame.actual = amount

    @staticmethod
    def _is_balance(frame: _Frame | None, atom: StatedAtom) -> bool:
        """`…全年执行数33.5万元，结余26.5万元`: what the frame's budget leaves once spent."""
        if frame is None or frame.budget is None or frame.actual is None or frame.balance is not None:
            return False
        return _BALANCE.fullmatch(atom.label) is not None

    def _is_previous_year(self, atom: StatedAtom) -> bool:
        if _PREVIOUS_WORDS.search(atom.label):
            return True
        return self.report_year is not None and atom.year is not None and atom.year < self.report_year

    def _previous_year(self, atom: StatedAtom) -> None:
        """`上年决算数为X万元`: last year's figure, kept for the frame's changes; not a new subject."""
        frame = self.frame
        leads = self.last_amount is None and atom.year is not None  # first in its sentence
        subject = frame.subject if frame is not None and not leads else canonical_subject(atom.label)
        amount = self._amount(
            atom.label, Role.PREVIOUS, atom.money.number, atom.money.unit, subject, atom.year
        )
        if leads:
            self.pending_previous = amount
        elif frame is not None and frame.previous is None:
            frame.previous = amount

    @staticmethod
    def _fills_actual(frame: _Frame | None, role: Role, subject: str, label: str) -> bool:
        """Is this the actual of the open budget frame (`…预算为X万元，支出决算为Y万元`)?"""
        if role is not Role.ACTUAL or frame is None or frame.actual is not None or frame.budget is None:
            return False
        return not subject or subject == frame.subject or label in _ACTUAL_LABELS

    def _detail(self, frame: _Frame | None, atom: StatedAtom) -> bool:
        """`会议费…支出决算为2.51万元…。…经费支出为会议场租费0万元、会务用餐费0.52万元…`:
        the costs listed after a 会议费/培训费 actual, in the same paragraph, are its parts."""
        if frame is None or frame.actual is None or frame.subject not in _DETAILED:
            return False
        if atom.role is not Role.AMOUNT or "费" not in atom.label:
            return False
        if self.details is None:
            self.details = _Breakdown(frame.actual, self.section, itemised=True)
        amount = self._amount(atom.label, Role.AMOUNT, atom.money.number, atom.money.unit, year=atom.year)
        self.details.parts.append(amount)
        self.part_ids.add(id(amount))
        self.details.shares.append(None)
        return True

    def _close_details(self) -> None:
        details, self.details = self.details, None
        if details is not None:
            self.breakdowns.append(details)

    def _flows(self, amounts: list[Amount]) -> None:
        """A paragraph stating 实际支出 and 年初预算/金额 describes a money flow; otherwise its
        项目预算/项目支出 amounts are the projects of the last flow in this section."""
        spent = next((amount for amount in amounts if amount.label.endswith("实际支出")), None)
        initial_at = (
            None
            if spent is None
            else next((i for i, amount in enumerate(amounts) if _FLOW_INITIAL.search(amount.label)), None)
        )
        if spent is not None and initial_at is not None:
            self.flow = _Flow(
                initial=self._initial(amounts[initial_at:]),
                increase=_labelled(amounts, "调增", "追加"),
                decrease=_labelled(amounts, "调减"),
                spent=spent,
                carried=_labelled(amounts, "结余结转", "结转结余"),
                section=self.section,
            )
            self.flows.append(self.flow)
            # `…结余结转 0 万元。项目实施及绩效情况如下：` may run on into the first project.
            last = self.flow.carried or spent
            amounts = amounts[next(i for i, amount in enumerate(amounts) if amount is last) + 1 :]
        if self.flow is None:
            return
        for amount in amounts:
            if amount.role is Role.BUDGET and amount.label.startswith("项目"):
                self.flow.item_budgets.append(amount)
            elif amount.label == "项目支出" or (
                amount.role is Role.ACTUAL and amount.label in _ACTUAL_LABELS
            ):
                self.flow.item_spending.append(amount)

    def _initial(self, amounts: list[Amount]) -> list[Amount]:
        """The 年初 amount, and the projects listed one by one after it (not the parts after 其中)."""
        found = []
        for amount in amounts:
            if _FLOW_OTHER.search(amount.label):
                break
            if id(amount) not in self.part_ids:
                found.append(amount)
        return found

    def _part(self, atom: StatedAtom, role: Role) -> None:
        assert self.breakdown is not None
        amount = self._amount(atom.label, role, atom.money.number, atom.money.unit, year=atom.year)
        self.breakdown.parts.append(amount)
        self.breakdown.subjects.add(amount.subject)
        self.part_ids.add(id(amount))
        self.breakdown.shares.append(None)
        self._flush_frame()
        self.frame = _Frame(subject=amount.subject, current=amount)

    def _among(self, atom: AmongAtom, at_paragraph_end: bool) -> None:
        frame = self.frame
        if frame is not None and frame.budget is not None and not atom.label:
            self.parent = self._flush_frame()
            return
        # Another `其中` opens another list: the items of the execution before are over (`…预算1662.44
        # 万元，其中：…` then `…预留…预算金额664.98万元，其中，…465.49万元` is no fourth item of it).
        self.parent = None
        total = self.last_amount or self.previous_amount
        open_breakdown = self.breakdown
        self._close_breakdown()
        if open_breakdown is not None and len(open_breakdown.parts) > 1:
            # `…占89.9%。其中：` after a list of parts re-describes the parts one by one: not a new total.
            return
        if total is None:
            return
        self.breakdown = _Breakdown(total, self.section)
        self.breakdown_lasts = at_paragraph_end

    def _head(self, atom: HeadAtom, at_paragraph_end: bool) -> None:
        subject = canonical_subject(atom.label)
        total = next(
            (
                amount
                for amount in reversed(self.amounts)
                if amount.subject == subject and amount.role is atom.role
            ),
            None,
        )
        self._close_breakdown()
        if total is not None:
            self.parent = None
            self.breakdown = _Breakdown(total, self.section)
            self.breakdown_lasts = at_paragraph_end

    def _share(self, atom: ShareAtom) -> None:
        if _BUDGET_BASE.fullmatch(atom.base_label) and not atom.part_label:
            # `支出决算为Y万元，占年初预算的Z%` is an execution rate.
            self._atom(ExecutionRateAtom(atom.percent), at_paragraph_end=False)
            return
        part = None if atom.part_label else self.last_amount
        if part is None and not atom.part_label:
            return
        base = self._resolve(atom.base_label) if atom.base_label else None
        if base is None and not atom.base_label and self.breakdown is not None:
            base = self.breakdown.total
        if part is not None and part is base:
            return
        if self.frame is not None and part is not None and part is self.frame.current:
            self.frame.shared = True
        self.shares.append(
            ShareClaim(part, atom.part_label, atom.percent, base, atom.base_label, self.section)
        )
        breakdown = self.breakdown
        # A share of the breakdown's total stated right after a part belongs to that part.
        if breakdown is not None and base is breakdown.total and breakdown.parts[-1:] == [part]:
            breakdown.shares[-1] = atom.percent

    def _resolve(self, label: str) -> Amount | None:
        """The amount stated for the quantity ``label`` names: the open total, else the latest in
        this section, else the latest of the same scope, else the latest of any scope."""
        subject = canonical_subject(label)
        if self.breakdown is not None and self.breakdown.total.subject == subject:
            return self.breakdown.total
        scope = scope_of(label)
        same_scope: Amount | None = None
        latest: Amount | None = None
        for amount in reversed(self.by_subject.get(subject, [])):
            if amount.section == self.section:
                return amount
            latest = latest or amount
            if same_scope is None and amount.scope == scope:
                same_scope = amount
        return same_scope or latest

    # -- changes

    def _change_atom(self, atom: Atom) -> None:
        if isinstance(atom, ChangeAtom):
            change = self._new_change(atom.reference)
            change.direction = Mark(atom.direction, atom.word, atom.word_span)
            change.amount = atom.money.number
            named = canonical_subject(atom.label) if atom.label else ""
            if named and change.current is not None and change.current.subject != named:
                # `与上年相比，收支总计增加X万元` after some other amount: not that amount's change.
                change.current = None
            if change.current is None and named and (atom.reference is not None or "决算" in atom.label):
                change.current = self._stated_in_section(named, atom.label)
        elif isinstance(atom, ChangeRateAtom):
            if not atom.marked and not self._amount_awaits_rate():
                return  # a bare number after 增长 is a rate only as the rate of a stated change
            change = self._open_change(atom.reference)
            if change.rate is not None:
                return
            change.rate_direction = Mark(atom.direction, atom.word, atom.word_span)
            change.rate = atom.percent
            change.rate_marked = atom.marked
        elif isinstance(atom, FlatAtom):
            change = self._new_change(atom.reference)
            change.flat = Mark(Direction.SAME, atom.text, atom.span)
        elif isinstance(atom, ReasonAtom):
            frame = self.frame
            if frame is None or not frame.changes or frame.changes[-1].reason is not None:
                return
            frame.changes[-1].reason = Mark(atom.direction, atom.text, atom.span)

    def _stated_in_section(self, subject: str, label: str) -> Amount | None:
        """`“三公”经费决算数比2023年度减少0.15万元` with this year's amount stated before, in the
        section (`…支出决算为0.39万元`): the latest amount of the subject there, in the role the
        label names (决算, else no role), of the report year."""
        wanted = (Role.BUDGET,) if _BUDGET_BASE.search(label) and "决算" not in label else (Role.ACTUAL,)
        for amount in reversed(self.by_subject.get(subject, [])):
            if amount.section != self.section:
                return None
            if amount.year not in (None, self.report_year) or amount.role is Role.PREVIOUS:
                continue
            if amount.role in wanted or (amount.role is Role.AMOUNT and wanted == (Role.ACTUAL,)):
                return amount
        return None

    def _amount_awaits_rate(self) -> bool:
        """Is the last change a change amount (`增加1193.20万元`) still without its rate?"""
        frame = self.frame
        if frame is None or not frame.changes:
            return False
        last = frame.changes[-1]
        return last.amount is not None and last.rate is None

    def _ensure_frame(self) -> _Frame:
        if self.frame is None:
            current = self.last_amount
            self.frame = _Frame(subject=current.subject if current else "", current=current)
        return self.frame

    def _new_change(self, reference: Reference | None) -> _Change:
        frame = self._ensure_frame()
        chosen = reference or self.pending_reference or Reference.PREVIOUS_YEAR
        self.pending_reference = None
        current = frame.actual or frame.current
        if self._ambiguous_part(frame, current):
            # `…其中：财政拨款收入Y万元，占a%；与上年相比增加Z万元`: the part's change or the
            # total's? The text does not say, so no amount is assumed and no rate is checked.
            current = None
        change = _Change(chosen, current)
        frame.changes.append(change)
        return change

    def _ambiguous_part(self, frame: _Frame, current: Amount | None) -> bool:
        """Is ``current`` a part of the open list whose change the text may not mean?

        `1．行政运行（项）支出X万元，与上年相比增加Y万元` (the change follows the part in its
        sentence, nothing between them) is the part's change; after a share, or in a later
        sentence, it may be the total's.
        """
        breakdown = self.breakdown
        if breakdown is None or current is None or current is breakdown.total:
            return False
        return frame.shared or current is not self.last_amount

    def _open_change(self, reference: Reference | None) -> _Change:
        frame = self._ensure_frame()
        if frame.changes and frame.changes[-1].rate is None:
            last = frame.changes[-1]
            if reference is None or reference is last.reference:
                return last
        return self._new_change(reference)

    # -- closing

    def _flush_frame(self) -> int | None:
        """Emit the open frame's claims; the index of its execution claim, if it made one."""
        frame, self.frame = self.frame, None
        if frame is None:
            return None
        index = None
        if frame.budget is not None or frame.rate is not None or frame.comparison is not None:
            index = len(self.executions)
            self.executions.append(
                ExecutionClaim(
                    frame.subject,
                    frame.budget,
                    frame.actual,
                    frame.rate,
                    frame.comparison,
                    frame.parent,
                    self.section,
                    frame.subject_span,
                    frame.balance,
                )
            )
        for change in frame.changes:
            self.changes.append(
                ChangeClaim(
                    frame.subject,
                    change.current,
                    change.reference,
                    change.direction,
                    change.amount,
                    change.rate_direction,
                    change.rate,
                    change.flat,
                    change.reason,
                    self.section,
                    frame.previous if change.reference is Reference.PREVIOUS_YEAR else None,
                    change.rate_marked,
                )
            )
        return index

    def _close_breakdown(self) -> None:
        breakdown, self.breakdown = self.breakdown, None
        self.breakdown_lasts = False
        if breakdown is not None and breakdown.parts:
            if id(breakdown) not in self.recorded:
                self.recorded.add(id(breakdown))
                self.breakdowns.append(breakdown)
            self.closed = breakdown

    def _reopens(self, atom: StatedAtom) -> bool:
        """`…人员经费X万元，占…。公用经费Y万元，占…`: a sibling part after the sentence ended."""
        closed = self.closed
        if self.breakdown is not None or closed is None or self.last_amount is not None:
            return False
        if atom.role is not Role.AMOUNT or atom.among:
            return False
        subject = canonical_subject(atom.label)
        return subject not in closed.subjects and are_siblings(subject, closed.parts[-1].subject)

    def claims(self) -> Claims:
        self.finish_section()
        return Claims(
            tuple(self.amounts),
            tuple(self.executions),
            tuple(self.shares),
            tuple(
                BreakdownClaim(item.total, tuple(item.parts), tuple(item.shares), item.section, item.itemised)
                for item in self.breakdowns
            ),
            tuple(self.changes),
            tuple(flow.claim() for flow in self.flows),
            tuple(self.cost_items),
            tuple(self.counts),
        )


def _opens_section(heading: Heading) -> bool:
    """一、 and （一） headings (and unnumbered ones) open a section; `1、` headings name items."""
    marker = heading.marker
    return marker is None or marker.style in (HeadingStyle.PART, HeadingStyle.CN, HeadingStyle.PAREN_CN)


def build_claims(blocks: Iterable[Heading | Paragraph], report_year: int | None = None) -> Claims:
    """Claims from prose blocks in order; ``report_year`` tells last year's figures apart."""
    builder = _Builder(report_year)
    for block in blocks:
        if isinstance(block, Paragraph):
            builder.paragraph(block)
        elif _opens_section(block):
            builder.start_section(block.text)
        else:
            builder.item_heading(block.title)
    return builder.claims()


def extract_claims(document: Document, report_year: int | None = None) -> Claims:
    """Every claim in the document's prose (tables and the table of contents are not read)."""
    year = report_year or document.report_year
    return build_claims((block for block in document.blocks if _is_prose(block)), year)


def _is_prose(block: object) -> TypeGuard[Heading | Paragraph]:
    if isinstance(block, Heading):
        return not block.in_toc
    return isinstance(block, Paragraph) and not block.in_toc and not block.is_note
