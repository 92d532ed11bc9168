"""The claims read from the narrative: small frozen values that rules (ZL1xx, ZL2xx) consume.

Every claim names *what quantity* it is about (``subject``, a canonical string such as
``"三公经费"``, ``"公务接待费"``, ``"基本支出"``, ``"一般公共服务支出"`` or an item path such as
``"一般公共服务（类）发展与改革事务（款）事业运行（项）"``), *in which role* (budget, actual, a
plain amount, a share, a change) and carries each number as a :class:`zhlint.read.numbers.Number`
whose span points into the source. Nothing here reads text; see ``zhlint.claims.extract`` for that.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from zhlint.diagnostics import Span
from zhlint.read.numbers import Number


class Role(str, enum.Enum):
    """How an amount is qualified in the text."""

    AMOUNT = "amount"  # stated without 预算/决算: a total, a part, a 类 amount (`基本支出516.56万元`)
    BUDGET = "budget"  # 年初预算 / 预算数 / 全年预算数
    ACTUAL = "actual"  # 决算 / 决算数 / 支出决算 / 执行数
    PREVIOUS = "previous"  # last year's figure: 上年决算数为X万元, 2022年…X万元 in a 2023 report


class Direction(str, enum.Enum):
    """The direction a word states: 大于/增加 (more), 小于/减少 (less), 等于/持平 (same)."""

    MORE = "more"
    LESS = "less"
    SAME = "same"


class Reference(str, enum.Enum):
    """What a change is measured against."""

    PREVIOUS_YEAR = "previous_year"  # 与上年相比 / 比上年决算数
    BUDGET = "budget"  # 比年初预算数


@attrs.frozen
class Amount:
    """One amount in the prose: which quantity, in which role, the number and its unit."""

    subject: str  # canonical quantity name; "" when the text names none
    label: str  # the words before the number as written (`“三公”经费财政拨款`), without the year
    role: Role
    number: Number
    unit: str  # 万元 / 元 / 亿元 as written
    scope: str  # "财政拨款" when the text (or the total it belongs to) says 财政拨款/一般公共预算, else ""
    section: str  # title of the innermost enclosing heading
    year: int | None = None  # the year written before it (`2023年度…`), None when none

    @property
    def value(self) -> Decimal:
        return self.number.value

    @property
    def span(self) -> Span:
        return self.number.span


@attrs.frozen
class Mark:
    """A direction word (`决算数小于年初预算数`, `增加`, `持平`) and where it stands."""

    direction: Direction
    text: str
    span: Span


@attrs.frozen
class ExecutionClaim:
    """Execution against budget: `年初预算为X万元，支出决算为Y万元，完成年初预算的Z%，决算数小于…`."""

    subject: str
    budget: Amount | None
    actual: Amount | None
    rate: Number | None  # 完成（年初）预算的Z% / 预算执行率Z%
    comparison: Mark | None  # 决算数大于/小于/等于（年初）预算数
    parent: int | None  # index (in Claims.executions) of the total whose `其中：` list holds this item
    section: str
    subject_span: Span | None = None  # where the subject is named: the item's title, or the words
    # before the budget (`公务接待费` in `公务接待费支出预算为5万元`); None when the text names none
    balance: Amount | None = None  # 结余 stated after the budget and the actual (budget − actual)


@attrs.frozen
class ShareClaim:
    """`占a%` / `占基本支出的a%`: ``part`` is ``percent`` % of ``base``."""

    part: (
        Amount | None
    )  # None when the text names the part without a number (`货物采购授予中小企业合同金额占…`)
    part_label: str  # the part's words when the share clause names it itself, else ""
    percent: Number
    base: Amount | None  # the amount it is a share of, resolved from the text; None when unknown
    base_label: str  # the words between 占 and 的, "" when the base is implicit (the total before 其中)
    section: str


@attrs.frozen
class BreakdownClaim:
    """A total and the parts listed after `其中：` or `主要用于以下方面：`, with their shares."""

    total: Amount
    parts: tuple[Amount, ...]
    shares: tuple[Number | None, ...]  # the share stated right after each part (占a%), aligned with parts
    section: str
    # The costs listed after a 会议费/培训费 actual (`…经费支出为会议场租费0万元、会务用餐费0.52万元`),
    # not parts after 其中 (`其中：用于举办…培训班0.1万元` may name one cost of several).
    itemised: bool = False


@attrs.frozen
class ChangeClaim:
    """A change against last year or the budget: `与上年相比，增加X万元，增长Z%，增加的主要原因是…`."""

    subject: str
    current: Amount | None  # this year's amount the change leads to
    reference: Reference
    direction: Mark | None  # the word before the amount (增加/减少)
    amount: Number | None  # X
    rate_direction: Mark | None  # the word before the rate
    rate: Number | None  # Z
    flat: Mark | None  # 持平 / 无变化
    reason: Mark | None  # 增加/减少/持平的主要原因
    section: str
    previous: Amount | None = None  # last year's amount when the text states it (上年决算数为…)
    rate_marked: bool = True  # False when the rate is written without % (`增长13.95。`)


@attrs.frozen
class FlowClaim:
    """Money through a fund or project list in the 绩效自评报告.

    `年初预算…X万元，年中执行调增A万元（调减D万元），实际支出S万元，结余结转C万元` should satisfy
    X + A − D = S + C; the projects listed after it (`项目预算 40 万元，项目支出 23.25 万元`) add
    up to the 全年 budget and to S.
    """

    initial: tuple[Amount, ...]  # 年初预算 / 金额; several when the 年初 budget is given project by project
    increase: Amount | None  # 调增 / 追加
    decrease: Amount | None  # 调减
    spent: Amount  # 实际支出
    carried: Amount | None  # 结余结转
    item_budgets: tuple[Amount, ...]  # 项目预算 / 项目全年预算数 of the projects listed after it
    item_spending: tuple[Amount, ...]  # 项目支出 / 执行数 of those projects
    section: str


@attrs.frozen
class CostItem:
    """One meeting or training of an itemised 会议费/培训费 list, and what it cost.

    `召开…考察会议，人数11人，内容为…，经费支出为会议场租费0万元、会务用餐费0.52万元、其他费用0.91万元`:
    ``event`` is the words that name it, without the connective before them (`用于`, `三类会议是`,
    `召开`), so that the same meeting listed twice has the same ``event``; ``costs`` its amounts.
    """

    event: str
    event_span: Span
    costs: tuple[Amount, ...]
    section: str
    paragraph: int  # ordinal of the paragraph that lists it (items of one list share it)


@attrs.frozen
class CountClaim:
    """`编发简报12期`, `查处问题8个`: how many times a thing was done, named by its verb and object.

    ``what`` is verb + object + unit (`编发简报期`), so that the same count stated again has the
    same ``what``; counts in sentences about another year (上年, 同比, `2022年`) are not kept.
    """

    what: str
    number: Number
    unit: str
    section: str
    paragraph: int


Claim = ExecutionClaim | ShareClaim | BreakdownClaim | ChangeClaim | FlowClaim | CostItem | CountClaim


@attrs.frozen
class Claims:
    """Everything read from one document's narrative, in document order within each kind."""

    amounts: tuple[Amount, ...] = ()
    executions: tuple[ExecutionClaim, ...] = ()
    shares: tuple[ShareClaim, ...] = ()
    breakdowns: tuple[BreakdownClaim, ...] = ()
    changes: tuple[ChangeClaim, ...] = ()
    flows: tuple[FlowClaim, ...] = ()
    cost_items: tuple[CostItem, ...] = ()
    counts: tuple[CountClaim, ...] = ()
