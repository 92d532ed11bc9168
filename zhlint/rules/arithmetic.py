"""ZL1xx: arithmetic inside the prose — percentages, sums, zero bases, direction words, restatements.

Every rule here reads claims (``zhlint.claims.extract.claims_of``), never raw text. Numbers are
``Decimal``; tolerances come from ``zhlint.read.numbers`` (each amount rounded to 0.01 万元 may be off
by 0.005, and a percentage is right within half a unit of its last digit of what such amounts
allow). A claim the grammar did not read is simply absent: these rules never guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from zhlint.claims.build import PART_FAMILIES, SPENDING_PARTS
from zhlint.claims.extract import (
    Amount,
    BreakdownClaim,
    ChangeClaim,
    Claims,
    CostItem,
    Direction,
    ExecutionClaim,
    FlowClaim,
    Mark,
    Role,
    ShareClaim,
)
from zhlint.diagnostics import Severity, Span
from zhlint.read.numbers import (
    HUNDRED,
    ZERO,
    Number,
    PercentCheck,
    Tolerance,
    Verdict,
    amounts_agree,
    check_percent,
    check_sum,
    fmt,
    round_half_up,
)
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule

_WORDS = {Direction.MORE: "增加", Direction.LESS: "减少", Direction.SAME: "持平"}
_COMPARE_WORDS = {Direction.MORE: "大于", Direction.LESS: "小于", Direction.SAME: "等于"}
_ITEMISED_COSTS = frozenset({"会议费", "培训费"})
# A single cost that is the whole of a 会议费/培训费 (`用于…培训，经费支出为0.1万元`), not one cost
# type of several (`经费支出为场租费1万元`).
_WHOLE_COST = re.compile(r"\s*(?:实际)?(?:经费|费用)?(?:支出|开支)?(?:共计|合计|总计|总额|共)?为?\s*")
_THREE_PUBLIC_PARTS = frozenset({"因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费"})
_THREE_PUBLIC_COMBINED = frozenset({"因公出国（境）费", "公务接待费", "公务用车购置及运行维护费"})
# The 类 of the functional classification, for the structure paragraph (`主要用于以下方面：…`).
_CLASS_NAMES = frozenset(
    name + "支出"
    for name in (
        *("一般公共服务", "外交", "国防", "公共安全", "教育", "科学技术", "文化旅游体育与传媒"),
        *("文化体育与传媒", "社会保障和就业", "卫生健康", "医疗卫生与计划生育", "节能环保", "城乡社区"),
        *("农林水", "交通运输", "资源勘探工业信息等", "资源勘探信息等", "商业服务业等", "金融"),
        *("援助其他地区", "自然资源海洋气象等", "国土海洋气象等", "住房保障", "粮油物资储备"),
        *("灾害防治及应急管理", "其他", "债务付息", "债务发行费用"),
    )
)


def _n(number: Number) -> str:
    """A number as written, without extraction artefacts."""
    return number.canonical.strip()


def _a(amount: Amount) -> str:
    return f"{_n(amount.number)}{amount.unit}"


def _pct(value: Decimal, places: int) -> str:
    """A computed percentage shown two digits finer than the stated one (102.637)."""
    return fmt(value, places + 2)


# 元 beside 万元 in one statement is a unit slip (`年初预算为26.53元，支出决算为26.53万元，完成…100.0%`):
# the sentence's own rate and words show the figures are meant in one unit, so the arithmetic
# is checked as written in that unit and the slip is left to the unit rules (ZL5xx).
_SLIP_UNITS = frozenset({"元", "万元"})


def _same_unit(*amounts: Amount | None) -> bool:
    """Are these amounts written in one unit? (Sums with a 元 among 万元 are left to ZL5xx.)"""
    return len({amount.unit for amount in amounts if amount is not None}) <= 1


def _one_statement_unit(*amounts: Amount | None) -> bool:
    """Can a rate or direction word be checked: one unit, or a 元/万元 slip inside the sentence?"""
    units = {amount.unit for amount in amounts if amount is not None}
    return len(units) <= 1 or units <= _SLIP_UNITS


def _related(*pairs: tuple[Amount | Number | None, str]) -> tuple[RelatedSpan, ...]:
    found = []
    for item, message in pairs:
        if item is not None:
            found.append(RelatedSpan(item.span, message))
    return tuple(found)


def _change_tolerance(tolerance: Tolerance) -> Tolerance:
    """Last year's amount is derived from two rounded amounts, so it carries twice the error."""
    return attrs.evolve(tolerance, amount_error=tolerance.amount_error * 2)


def _words_disagree(change: ChangeClaim) -> bool:
    """增加X万元，减少Z%: the word before the amount and the word before the rate differ."""
    if change.direction is None or change.rate_direction is None:
        return False
    return change.rate_direction.direction is not change.direction.direction


def _previous(change: ChangeClaim) -> Decimal | None:
    """Last year's (or the budget's) amount: current − X after 增加, current + X after 减少."""
    if change.current is None or change.amount is None or change.direction is None:
        return None
    if change.direction.direction is Direction.MORE:
        return change.current.value - change.amount.value
    if change.direction.direction is Direction.LESS:
        return change.current.value + change.amount.value
    return None


# ---------------------------------------------------------------------------------------------
# ZL101 percent-mismatch


@rule(
    "ZL101",
    "percent-mismatch",
    Severity.ERROR,
    "A stated percentage does not follow from the amounts it is computed from.",
    """
    Checks every execution rate (完成年初预算的Z% = 决算 ÷ 预算), every share (占a% = part ÷ total,
    the total being the amount before 其中 or the one named in 占…的) and every change rate
    (增长Z% = X ÷ last year, last year = current − X after 增加 and current + X after 减少).
    The stated figure is right when it is the computed value rounded half-up to the stated
    number of decimals, allowing for the 0.005 万元 rounding each amount carries. A figure that
    is the computed value cut off instead of rounded (102.63% for 102.637%) is a warning.
    """,
    bad="年初预算为23.89万元，支出决算为24.52万元，完成年初预算的101.5%。",
    good="年初预算为23.89万元，支出决算为24.52万元，完成年初预算的102.64%。",
)
def percent_mismatch(context: LintContext) -> Iterator[Finding]:
    claims = context.claims
    tolerance = context.tolerance
    for execution in claims.executions:
        yield from _execution_rate(execution, tolerance)
    for share in claims.shares:
        yield from _share_rate(share, tolerance)
    for change in claims.changes:
        yield from _change_rate(change, tolerance)


def _verdict_finding(
    check: PercentCheck, stated: Number, what: str, how: str, related: tuple[RelatedSpan, ...]
) -> Iterator[Finding]:
    if (
        check.verdict not in (Verdict.WRONG, Verdict.TRUNCATED)
        or check.exact is None
        or check.expected is None
    ):
        return
    exact = _pct(check.exact, stated.places)
    expected = fmt(check.expected)
    if check.verdict is Verdict.TRUNCATED:
        message = (
            f"{what}写作 {_n(stated)}%，按 {how} = {exact}%，四舍五入应为 {expected}%；"
            f"这里是截断而不是四舍五入"
        )
        yield Finding(stated.span, message, severity=Severity.WARNING, related=related)
        return
    message = f"{what}写作 {_n(stated)}%，但按 {how} = {exact}%，应为 {expected}%"
    yield Finding(stated.span, message, related=related)


def _execution_rate(execution: ExecutionClaim, tolerance: Tolerance) -> Iterator[Finding]:
    budget, actual, rate = execution.budget, execution.actual, execution.rate
    if budget is None or actual is None or rate is None or budget.value == ZERO:
        return
    if not _one_statement_unit(budget, actual):
        return
    check = check_percent(rate.value, rate.places, actual.value, budget.value, tolerance)
    how = f"决算 {_a(actual)} ÷ 预算 {_a(budget)} × 100"
    related = _related((budget, "预算数"), (actual, "决算数"))
    yield from _verdict_finding(check, rate, f"{execution.subject or ''}完成预算的比例", how, related)


def _share_rate(share: ShareClaim, tolerance: Tolerance) -> Iterator[Finding]:
    part, base = share.part, share.base
    if part is None or base is None or base.value == ZERO or not _one_statement_unit(part, base):
        return
    check = check_percent(share.percent.value, share.percent.places, part.value, base.value, tolerance)
    how = f"{part.subject or '该项'} {_a(part)} ÷ {base.subject or '合计'} {_a(base)} × 100"
    related = _related((part, "部分金额"), (base, "合计金额"))
    yield from _verdict_finding(check, share.percent, f"{part.subject or '该项'}所占比例", how, related)


def _change_rate(change: ChangeClaim, tolerance: Tolerance) -> Iterator[Finding]:
    previous = _previous(change)
    if previous is None or previous <= ZERO or change.rate is None or change.amount is None:
        return
    if _words_disagree(change):
        return  # contradicting words: ZL105
    assert change.current is not None and change.direction is not None
    sign = "−" if change.direction.direction is Direction.MORE else "+"
    base_name = "年初预算" if change.reference.value == "budget" else "上年"
    how = (
        f"变动额 {_n(change.amount)} ÷ {base_name}数（{_n(change.current.number)} {sign} {_n(change.amount)}"
        f" = {fmt(previous)}）× 100"
    )
    check = check_percent(
        change.rate.value, change.rate.places, change.amount.value, previous, _change_tolerance(tolerance)
    )
    related = _related((change.current, "本年金额"), (change.amount, "变动额"))
    yield from _verdict_finding(check, change.rate, f"{change.subject or ''}变动率", how, related)


# ---------------------------------------------------------------------------------------------
# ZL102 parts-sum-mismatch


@rule(
    "ZL102",
    "parts-sum-mismatch",
    Severity.ERROR,
    "Parts listed after 其中 do not add up to the total they belong to.",
    """
    Checks the lists whose parts make up their total: 基本支出 + 项目支出 = 支出合计,
    人员经费 + 公用经费 = 基本支出, 政府采购 货物 + 工程 + 服务 = 总额, the 三公 components
    (预算 and 决算) = 三公经费, the 类 amounts of the structure paragraph = the total, and the
    items of the 具体情况 list = the overall 年初预算 and 决算, the costs listed after a
    会议费/培训费 决算 (`经费支出为会议场租费…、会务用餐费…`; not a `其中` list, and one cost alone
    only as the whole `经费支出为X万元`, not `经费支出为场租费X万元`) = that 决算, and in the
    绩效自评报告 年初预算 + 调增 − 调减 = 实际支出 + 结余结转 with the
    listed projects adding up to those figures; a stated last-year figure must differ from this
    year's by the stated change. A difference within what rounding each amount to 0.01 万元 can
    cause (n + 1 amounts × 0.005) is only noted as info; lists that may be incomplete (items,
    costs, projects) are warnings.
    """,
    bad="政府采购支出总额135.24万元，其中：货物支出30.8万元、工程支出0万元、服务支出104.4万元。",
    good="政府采购支出总额135.2万元，其中：货物支出30.8万元、工程支出0万元、服务支出104.4万元。",
)
def parts_sum_mismatch(context: LintContext) -> Iterator[Finding]:
    yield from _one_per_span(_sum_findings(context))


def _sum_findings(context: LintContext) -> Iterator[Finding]:
    claims = context.claims
    for breakdown in claims.breakdowns:
        parts = complete_parts(breakdown)
        # Itemised costs in the prose may leave an item out: likely wrong, not certainly.
        severity = Severity.WARNING if breakdown.total.subject in _ITEMISED_COSTS else Severity.ERROR
        if parts:
            yield from _sum_finding(breakdown.total, parts, context.tolerance, severity)
    yield from _three_public_sums(claims, context.tolerance)
    yield from _item_sums(claims, context.tolerance)
    for flow in claims.flows:
        yield from _flow_sums(flow, context.tolerance)
    for change in claims.changes:
        yield from _change_against_previous(change, context.tolerance)


def _rank(severity: Severity) -> int:
    return severity.rank


def _one_per_span(findings: Iterator[Finding]) -> Iterator[Finding]:
    """Two sums checked against one total (the 三公 决算 against its components and against the
    share paragraph) become one finding, so that the output does not depend on their order."""
    merged: dict[Span, Finding] = {}
    for finding in findings:
        known = merged.get(finding.span)
        if known is None:
            merged[finding.span] = finding
            continue
        # None is the rule's default, an error.
        severity = max(known.severity or Severity.ERROR, finding.severity or Severity.ERROR, key=_rank)
        merged[finding.span] = attrs.evolve(
            known,
            message=f"{known.message}；另：{finding.message}",
            severity=severity,
            related=(*known.related, *finding.related),
        )
    yield from merged.values()


def _change_against_previous(change: ChangeClaim, tolerance: Tolerance) -> Iterator[Finding]:
    """`本年X万元，上年Y万元，增加Z万元`: Z must be X − Y."""
    current, previous, amount = change.current, change.previous, change.amount
    if current is None or previous is None or amount is None or change.direction is None:
        return
    if not _same_unit(current, previous):
        return
    difference = current.value - previous.value
    stated = amount.value if change.direction.direction is Direction.MORE else -amount.value
    if change.direction.direction is Direction.SAME or (difference > ZERO) != (stated > ZERO):
        return  # a direction word against the numbers is ZL105's
    related = _related((current, "本年金额"), (previous, "上年金额"))
    text = (
        f"本年 {_a(current)} − 上年 {_a(previous)} = {fmt(difference)}，"
        f"而写的是{change.direction.text} {_n(amount)}万元"
    )
    yield from _balance(
        abs(difference), amount.value, 3, tolerance, _as_amount(amount, current), text, related
    )


def _as_amount(number: Number, like: Amount) -> Amount:
    """A stated change amount, dressed as an Amount so that findings can point at it."""
    return attrs.evolve(like, number=number, label="变动额")


def complete_parts(breakdown: BreakdownClaim) -> tuple[Amount, ...]:
    """The parts of a breakdown that must add up to its total; () when the list may be partial."""
    total, parts = breakdown.total, breakdown.parts
    subjects = [part.subject for part in parts]
    if total.subject in _ITEMISED_COSTS and total.role is Role.ACTUAL:
        if not breakdown.itemised:
            return ()  # `其中：用于举办…培训班0.1万元` may name one cost of several
        if len(parts) == 1 and _WHOLE_COST.fullmatch(parts[0].label) is None:
            return ()  # `经费支出为场租费1万元`: one cost type named, the others may be left out
        return parts
    family = PART_FAMILIES.get(total.subject)
    if family is not None and total.subject != "本年收入合计":
        chosen = tuple(part for part in parts if part.subject in family)
        names = {part.subject for part in chosen}
        if names == family or (total.subject == "三公经费" and names == _THREE_PUBLIC_PARTS):
            return chosen
        return ()
    spending = tuple(part for part in parts if part.subject in SPENDING_PARTS)
    if {"基本支出", "项目支出"} <= {
        part.subject for part in spending
    } and total.subject not in SPENDING_PARTS:
        return spending
    if total.subject == "本年收入合计":
        income = tuple(part for part in parts if part.subject in PART_FAMILIES["本年收入合计"])
        return income if len(income) >= 2 else ()
    if len(parts) >= 2 and all(subject in _CLASS_NAMES for subject in subjects):
        return parts
    return ()


def _sum_finding(
    total: Amount, parts: Sequence[Amount], tolerance: Tolerance, severity: Severity, what: str = ""
) -> Iterator[Finding]:
    if not _same_unit(total, *parts):
        return
    check = check_sum(total.value, [part.value for part in parts], tolerance)
    if check.verdict is Verdict.OK:
        return
    terms = " + ".join(_n(part.number) for part in parts)
    names = "、".join(part.subject or "?" for part in parts) if len(parts) <= 4 else f"下列{len(parts)}项"
    label = what or total.subject or "合计"
    related = tuple(RelatedSpan(part.span, f"{part.subject or '分项'} {_a(part)}") for part in parts)
    if check.verdict is Verdict.ROUNDING:
        message = (
            f"{label} {_a(total)} 与分项（{names}）之和 {terms} = {fmt(check.computed)} 相差 "
            f"{fmt(check.difference)}，在金额四舍五入到0.01万元可能造成的尾数误差（±{fmt(check.allowed)}）之内"
        )
        yield Finding(total.span, message, severity=Severity.INFO, related=related)
        return
    if len(parts) == 1:
        # One cost item listed (`用于…培训，经费支出为0.1万元`): it is the whole of the total.
        message = (
            f"{label}写作 {_a(total)}，但下文只列了一项（{names}），为 {_a(parts[0])}，"
            f"相差 {fmt(check.difference)}"
        )
    else:
        message = (
            f"{label}写作 {_a(total)}，但分项（{names}）之和 {terms} = {fmt(check.computed)}，"
            f"相差 {fmt(check.difference)}"
        )
    yield Finding(total.span, message, severity=severity, related=related)


def _children(claims: Claims) -> dict[int, list[ExecutionClaim]]:
    """The items of each execution claim that has a `其中：` list, by the claim's index."""
    found: dict[int, list[ExecutionClaim]] = {}
    for execution in claims.executions:
        if execution.parent is not None:
            found.setdefault(execution.parent, []).append(execution)
    return found


def _three_public_sums(claims: Claims, tolerance: Tolerance) -> Iterator[Finding]:
    items = _children(claims)
    for index, execution in enumerate(claims.executions):
        if execution.subject != "三公经费":
            continue
        children = [child for child in items.get(index, []) if child.subject]
        names = {child.subject for child in children}
        if names not in (_THREE_PUBLIC_PARTS, _THREE_PUBLIC_COMBINED):
            continue
        for role in (Role.BUDGET, Role.ACTUAL):
            total = execution.budget if role is Role.BUDGET else execution.actual
            parts = [child.budget if role is Role.BUDGET else child.actual for child in children]
            present = [part for part in parts if part is not None]
            if total is None or len(present) != len(parts):
                continue
            what = "“三公”经费" + ("预算" if role is Role.BUDGET else "决算")
            yield from _sum_finding(total, present, tolerance, Severity.ERROR, what)


def _item_sums(claims: Claims, tolerance: Tolerance) -> Iterator[Finding]:
    items = _children(claims)
    for index, execution in enumerate(claims.executions):
        if execution.subject == "三公经费":
            continue
        children = items.get(index, [])
        if len(children) < 2:
            continue
        for role in (Role.BUDGET, Role.ACTUAL):
            total = execution.budget if role is Role.BUDGET else execution.actual
            parts = [child.budget if role is Role.BUDGET else child.actual for child in children]
            present = [part for part in parts if part is not None]
            if total is None or len(present) != len(parts):
                continue
            what = ("年初预算数" if role is Role.BUDGET else "决算数") + "（总数）"
            yield from _sum_finding(total, present, tolerance, Severity.WARNING, what)


def _flow_sums(flow: FlowClaim, tolerance: Tolerance) -> Iterator[Finding]:
    """年初 + 调增 − 调减 = 实际支出 + 结余结转, and the listed projects against those totals."""
    amounts = [*flow.initial, flow.increase, flow.decrease, flow.spent, flow.carried]
    present = [amount for amount in amounts if amount is not None]
    if not flow.initial or not _same_unit(*present):
        return
    available = sum((amount.value for amount in flow.initial), ZERO)
    available += flow.increase.value if flow.increase else ZERO
    available -= flow.decrease.value if flow.decrease else ZERO
    used = flow.spent.value + (flow.carried.value if flow.carried else ZERO)
    terms = " + ".join(_n(amount.number) for amount in flow.initial)
    if flow.increase:
        terms += f" + 调增 {_n(flow.increase.number)}"
    if flow.decrease:
        terms += f" − 调减 {_n(flow.decrease.number)}"
    spent = f"实际支出 {_n(flow.spent.number)}" + (
        f" + 结余结转 {_n(flow.carried.number)}" if flow.carried else ""
    )
    # At 结余结转 (what is left over), so that the projects' check can stand at 实际支出.
    at = flow.carried or flow.decrease or flow.increase or flow.spent
    related = tuple(
        RelatedSpan(amount.span, amount.label or "金额") for amount in present if amount is not at
    )
    yield from _balance(
        available,
        used,
        len(present),
        tolerance,
        at,
        f"预算 {terms}{'' if terms == _n(flow.initial[0].number) else f' = {fmt(available)}'}，"
        f"而{spent} = {fmt(used)}",
        related,
    )
    if len(flow.item_spending) >= 2:
        total = sum((amount.value for amount in flow.item_spending), ZERO)
        listed = " + ".join(_n(amount.number) for amount in flow.item_spending)
        related = tuple(RelatedSpan(amount.span, "项目支出") for amount in flow.item_spending)
        text = f"下列各项目支出之和 {listed} = {fmt(total)}，而实际支出写作 {_a(flow.spent)}"
        yield from _balance(
            total, flow.spent.value, len(flow.item_spending) + 1, tolerance, flow.spent, text, related
        )
    if len(flow.item_budgets) >= 2:
        total = sum((amount.value for amount in flow.item_budgets), ZERO)
        listed = " + ".join(_n(amount.number) for amount in flow.item_budgets)
        related = tuple(RelatedSpan(amount.span, "项目预算") for amount in flow.item_budgets)
        text = f"下列各项目预算之和 {listed} = {fmt(total)}，而预算（{terms}）= {fmt(available)}"
        size = len(flow.item_budgets) + len(flow.initial)
        yield from _balance(total, available, size, tolerance, flow.initial[0], text, related)


def _balance(
    first: Decimal,
    second: Decimal,
    count: int,
    tolerance: Tolerance,
    at: Amount,
    text: str,
    related: tuple[RelatedSpan, ...],
) -> Iterator[Finding]:
    """Two sums of ``count`` rounded amounts that should be equal."""
    difference = first - second
    if difference == ZERO:
        return
    if abs(difference) <= tolerance.amount_error * count:
        yield Finding(at.span, f"{text}，相差 {fmt(difference)}，在尾数误差之内", Severity.INFO, related)
        return
    yield Finding(at.span, f"{text}，相差 {fmt(difference)}，收支对不上", Severity.WARNING, related)


# ---------------------------------------------------------------------------------------------
# ZL103 shares-sum-mismatch


@rule(
    "ZL103",
    "shares-sum-mismatch",
    Severity.ERROR,
    "The shares of parts that make up a whole do not add up to 100%.",
    """
    When the parts listed after 其中 (or 主要用于以下方面) add up to their total, the shares
    stated for them (占a%) must add up to 100%, within the half unit of its last digit that each
    rounded share may be off. A list of parts that does not cover the total is not checked.
    """,
    bad="本年支出合计526.36万元，其中：基本支出516.56万元，占98.1%；项目支出9.8万元，占2.9%。",
    good="本年支出合计526.36万元，其中：基本支出516.56万元，占98.1%；项目支出9.8万元，占1.9%。",
)
def shares_sum_mismatch(context: LintContext) -> Iterator[Finding]:
    for breakdown in context.claims.breakdowns:
        shares = breakdown.shares
        if len(shares) < 2 or any(share is None for share in shares) or breakdown.total.value == ZERO:
            continue
        stated = [share for share in shares if share is not None]
        if not _covers_total(breakdown, context.tolerance):
            continue
        total = sum((share.value for share in stated), ZERO)
        allowed = sum((Decimal(1).scaleb(-share.places) / 2 for share in stated), ZERO)
        if abs(total - HUNDRED) <= allowed:
            continue
        terms = " + ".join(_n(share) + "%" for share in stated)
        message = (
            f"{breakdown.total.subject or '合计'}各组成部分的占比之和 {terms} = {fmt(total)}%，"
            f"应为100%（各占比四舍五入最多可差 {fmt(allowed)}%）"
        )
        related = tuple(RelatedSpan(share.span, "占比") for share in stated[1:])
        yield Finding(stated[0].span.cover(stated[-1].span), message, related=related)


def _covers_total(breakdown: BreakdownClaim, tolerance: Tolerance) -> bool:
    if not _same_unit(breakdown.total, *breakdown.parts):
        return False
    check = check_sum(breakdown.total.value, [part.value for part in breakdown.parts], tolerance)
    return check.verdict is not Verdict.WRONG


# ---------------------------------------------------------------------------------------------
# ZL104 rate-over-zero-base


@rule(
    "ZL104",
    "rate-over-zero-base",
    Severity.ERROR,
    "A rate or share is stated over a zero base, where it is undefined.",
    """
    An execution rate over a budget of 0 (预算为0万元…完成预算的539.4%), a change rate from a
    previous year of 0 (与上年相比增长9.68万元，增加96.8% when this year is 9.68), or a share of
    a total of 0 cannot be computed; the template leaves the rate out in these cases. A rate of
    0% over 0/0 is reported as a warning (it also contradicts 决算数等于预算数), a share of 0% of
    a zero total as info. A 中小企业 share within goods, works or services must be 100% when all
    procurement went to 中小企业.
    """,
    bad="公务用车购置费预算为0万元，支出决算为53.94万元，完成预算的539.4%。",
    good="公务用车购置费预算为0万元，支出决算为53.94万元，决算数大于预算数的主要原因是…",
)
def rate_over_zero_base(context: LintContext) -> Iterator[Finding]:
    claims = context.claims
    for execution in claims.executions:
        yield from _zero_budget(execution)
    for change in claims.changes:
        yield from _zero_previous(change)
    for share in claims.shares:
        yield from _zero_share_base(share)
    yield from _within_category_shares(claims)


def _zero_budget(execution: ExecutionClaim) -> Iterator[Finding]:
    budget, actual, rate = execution.budget, execution.actual, execution.rate
    if budget is None or rate is None or budget.value != ZERO:
        return
    related = _related((budget, "预算数为0"), (actual, "决算数"))
    subject = execution.subject or ""
    if rate.value == ZERO and (actual is None or actual.value == ZERO):
        message = (
            f"{subject}预算为0、决算为0，完成率 0÷0 无意义，不应写“完成预算的{_n(rate)}%”"
            f"（与“决算数等于预算数”也矛盾）"
        )
        yield Finding(rate.span, message, severity=Severity.WARNING, related=related)
        return
    actual_text = f"决算为 {_a(actual)}" if actual is not None else "决算不为0"
    message = f"{subject}预算为0，{actual_text}，完成率无法计算，却写了“完成预算的{_n(rate)}%”"
    yield Finding(rate.span, message, related=related)


def _zero_previous(change: ChangeClaim) -> Iterator[Finding]:
    previous = _previous(change)
    if previous is None or previous != ZERO or change.rate is None:
        return
    assert change.current is not None and change.amount is not None
    related = _related((change.current, "本年金额"), (change.amount, "变动额"))
    base_name = "年初预算" if change.reference.value == "budget" else "上年"
    message = (
        f"{change.subject or ''}本年 {_a(change.current)}、变动 {_n(change.amount)}，"
        f"{base_name}数为 {_n(change.current.number)} − {_n(change.amount)} = 0，"
        f"从0起算的变动率无意义，却写了 {_n(change.rate)}%"
    )
    severity = Severity.WARNING if change.rate.value == ZERO else None
    yield Finding(change.rate.span, message, severity=severity, related=related)


def _zero_share_base(share: ShareClaim) -> Iterator[Finding]:
    base = share.base
    if base is None or base.value != ZERO:
        return
    name = share.part.subject if share.part is not None else share.part_label
    message = (
        f"{name or '该项'}占 {base.subject or '合计'} 的比例：合计为 {_a(base)}，"
        f"比例无从计算，却写了 {_n(share.percent)}%"
    )
    severity = Severity.INFO if share.percent.value == ZERO else None
    yield Finding(share.percent.span, message, severity=severity, related=_related((base, "合计为0")))


def _within_category_shares(claims: Claims) -> Iterator[Finding]:
    """`货物采购授予中小企业合同金额占货物支出金额的a%` when all procurement went to 中小企业."""
    for share in claims.shares:
        base = share.base
        if share.part is not None or "中小企业" not in share.part_label or base is None or base.value == ZERO:
            continue
        sme = _latest(claims, "授予中小企业合同金额", share)
        total = _latest(claims, "政府采购支出总额", share)
        if sme is None or total is None or amounts_agree(sme.value, total.value) is Verdict.WRONG:
            continue
        if share.percent.value == HUNDRED:
            continue
        message = (
            f"授予中小企业合同金额 {_a(sme)} 等于政府采购支出总额 {_a(total)}，"
            f"{base.subject}中授予中小企业的比例应为100%，这里写的是 {_n(share.percent)}%"
            f"（{fmt(round_half_up(base.value / total.value * HUNDRED, 1))}% "
            f"是{base.subject}占采购总额的比例）"
        )
        related = _related((sme, "授予中小企业合同金额"), (total, "政府采购支出总额"), (base, base.subject))
        yield Finding(share.percent.span, message, related=related)


def _latest(claims: Claims, subject: str, share: ShareClaim) -> Amount | None:
    found = [
        amount for amount in claims.amounts if amount.subject == subject and amount.section == share.section
    ]
    return found[-1] if found else None


# ---------------------------------------------------------------------------------------------
# ZL105 direction-contradiction


@rule(
    "ZL105",
    "direction-contradiction",
    Severity.ERROR,
    "A direction word (大于/小于/等于, 增加/减少, 持平) contradicts the numbers or the other words.",
    """
    Checks that 决算数大于/小于/等于（年初）预算数 matches the stated budget and actual; that the
    word before a change amount and the word before its rate agree (增加X万元，减少Z%); and that
    the reason clause names the same direction as the change (增长9.68万元…持平的主要原因是…).
    """,
    bad="年初预算为532.93万元，支出决算为418.68万元，决算数大于年初预算数的主要原因是…",
    good="年初预算为532.93万元，支出决算为418.68万元，决算数小于年初预算数的主要原因是…",
)
def direction_contradiction(context: LintContext) -> Iterator[Finding]:
    claims = context.claims
    for execution in claims.executions:
        yield from _comparison_word(execution)
    for change in claims.changes:
        yield from _change_words(change)


def _comparison_word(execution: ExecutionClaim) -> Iterator[Finding]:
    budget, actual, mark = execution.budget, execution.actual, execution.comparison
    if budget is None or actual is None or mark is None or not _one_statement_unit(budget, actual):
        return
    if amounts_agree(actual.value, budget.value) is not Verdict.WRONG:
        truth = Direction.SAME
    else:
        truth = Direction.MORE if actual.value > budget.value else Direction.LESS
    if truth is mark.direction:
        return
    message = (
        f"写的是“{mark.text}”，但决算 {_a(actual)} {_COMPARE_WORDS[truth]}预算 {_a(budget)}，"
        f"应为“决算数{_COMPARE_WORDS[truth]}预算数”"
    )
    yield Finding(mark.span, message, related=_related((budget, "预算数"), (actual, "决算数")))


def _change_words(change: ChangeClaim) -> Iterator[Finding]:
    stated = change.direction or change.flat
    related = _related((change.amount, "变动额"), (change.current, "本年金额"))
    yield from _direction_against_previous(change, stated, related)
    if _words_disagree(change):
        assert change.direction is not None and change.rate_direction is not None
        message = (
            f"变动额前写“{change.direction.text}”，变动率前却写“{change.rate_direction.text}”，两者方向相反"
        )
        yield Finding(change.rate_direction.span, message, related=related)
    if stated is None or change.reason is None:
        return
    truth = stated.direction
    if change.amount is not None and change.amount.value == ZERO:
        truth = Direction.SAME
    if change.reason.direction is truth:
        return
    yield Finding(change.reason.span, _reason_message(change, stated, truth), related=related)


def _direction_against_previous(
    change: ChangeClaim, stated: Mark | None, related: tuple[RelatedSpan, ...]
) -> Iterator[Finding]:
    """`本年X万元，上年Y万元，与上年相比增加…` when X < Y."""
    current, previous = change.current, change.previous
    if stated is None or current is None or previous is None or not _one_statement_unit(current, previous):
        return
    if amounts_agree(current.value, previous.value) is not Verdict.WRONG:
        truth = Direction.SAME
    else:
        truth = Direction.MORE if current.value > previous.value else Direction.LESS
    if truth is stated.direction:
        return
    message = f"写的是“{stated.text}”，但本年 {_a(current)}、上年 {_a(previous)}，应为“{_WORDS[truth]}”"
    yield Finding(stated.span, message, related=(*related, RelatedSpan(previous.span, "上年金额")))


def _reason_message(change: ChangeClaim, stated: Mark, truth: Direction) -> str:
    reason = change.reason
    assert reason is not None
    if change.amount is not None:
        return (
            f"说的是“{reason.text}的主要原因”，但前文写“{stated.text}{_n(change.amount)}万元”，"
            f"应为“{_WORDS[truth]}的主要原因”"
        )
    return f"说的是“{reason.text}的主要原因”，但前文写“{stated.text}”，应为“{_WORDS[truth]}的主要原因”"


# ---------------------------------------------------------------------------------------------
# ZL106 conflicting-restatement

# Whole-unit quantities: one value per report, whichever section states it.
_UNIT_QUANTITIES = frozenset(
    {
        "基本支出",
        "项目支出",
        "人员经费",
        "公用经费",
        "机关运行经费",
        "政府采购支出总额",
        "三公经费",
        "因公出国（境）费",
        "公务接待费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务用车购置及运行维护费",
        "会议费",
        "培训费",
        "本年支出合计",
        "本年收入合计",
        "收支总计",
    }
)
# Where the scope word (财政拨款) decides which quantity is meant: never compared across scopes.
_SCOPED = frozenset({"基本支出", "项目支出", "本年支出合计", "本年收入合计", "收支总计"})
# Quantities that only exist in one scope (三公 and 机关运行经费 are 财政拨款 by definition), so a
# scope word or its absence does not make another quantity.
_SCOPE_FREE = frozenset(
    {
        "三公经费",
        "因公出国（境）费",
        "公务接待费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务用车购置及运行维护费",
        "机关运行经费",
        "会议费",
        "培训费",
        "政府采购支出总额",
    }
)
# Labels that name another period or a budget variant, not the reported figure itself.
_OTHER_PERIOD = ("上年", "上一年", "去年", "年初", "全年预算", "调整", "追加", "结转", "结余")
_WHOLE_UNIT_BUDGET = frozenset({"一般公共预算财政拨款支出"})


@attrs.frozen
class _Key:
    quantity: str
    role: str
    scope: str


@rule(
    "ZL106",
    "conflicting-restatement",
    Severity.WARNING,
    "The same quantity is stated twice in the prose with different values.",
    """
    A report restates its main figures in several places (情况说明, 绩效自评报告): 基本支出,
    项目支出, 人员经费, 公用经费, 机关运行经费, the 三公 amounts, 政府采购, the unit's 年初预算.
    Each restatement must carry the same value (compared at the precision both are written to).
    Only quantities of the same scope are compared with a warning: 财政拨款基本支出 and the
    all-funds 基本支出 are different quantities. Where the scope cannot be told apart the
    difference is reported as info. A meeting or training of the 会议费/培训费 list described
    twice in the same words (`召开…会议，人数11人，…经费支出为…其他费用0.91万元`, repeated under
    `三类会议是…`) must cost the same each time.
    """,
    bad="公用经费1299.78万元……（附件）公用经费1299.79万元。",
    good="公用经费1299.78万元……（附件）公用经费1299.78万元。",
)
def conflicting_restatement(context: LintContext) -> Iterator[Finding]:
    claims = context.claims
    year = context.report_year
    first_seen: dict[_Key, Amount] = {}
    for amount, key in _keyed_amounts(claims, year):
        first = first_seen.setdefault(key, amount)
        if first is not amount:
            yield from _restatement(first, amount, key)
        else:
            yield from _cross_scope(first_seen, amount, key)
    yield from _repeated_cost_items(claims.cost_items)


def _keyed_amounts(claims: Claims, year: int | None) -> Iterator[tuple[Amount, _Key]]:
    budget_parts = {
        id(part): breakdown
        for breakdown in claims.breakdowns
        if "预算收入" in breakdown.total.label
        for part in breakdown.parts
    }
    spending_parts = {
        id(amount)
        for breakdown in claims.breakdowns
        if {"基本支出", "项目支出"} <= {part.subject for part in breakdown.parts}
        for amount in (breakdown.total, *breakdown.parts)
    }
    for amount in claims.amounts:
        if amount.unit != "万元" or amount.role is Role.PREVIOUS:
            continue
        if year is not None and amount.year not in (None, year):
            continue
        initial_budget = amount.role is Role.BUDGET and "年初" in amount.label
        if any(word in amount.label for word in _OTHER_PERIOD) and not initial_budget:
            continue
        if amount.role is Role.BUDGET:
            whole_unit = amount.subject in _WHOLE_UNIT_BUDGET or (
                not amount.label and id(amount) in budget_parts
            )
            if whole_unit:
                yield amount, _Key("年初预算", "budget", "")
            elif amount.subject in _UNIT_QUANTITIES:
                yield amount, _Key(amount.subject, "budget", _scope_key(amount))
            continue
        if amount.subject in _UNIT_QUANTITIES and _whole_unit(amount, spending_parts):
            yield amount, _Key(amount.subject, "actual", _scope_key(amount))


def _scope_key(amount: Amount) -> str:
    return "" if amount.subject in _SCOPE_FREE else amount.scope


def _whole_unit(amount: Amount, spending_parts: set[int]) -> bool:
    """基本支出/项目支出 of the whole unit, not of one project (`（1）…项目支出 80.33 万元`)."""
    if amount.subject not in ("基本支出", "项目支出"):
        return True
    return amount.year is not None or id(amount) in spending_parts


def _differs(first: Amount, second: Amount) -> bool:
    places = min(first.number.places, second.number.places)
    return round_half_up(first.value, places) != round_half_up(second.value, places)


def _earlier(section: str) -> str:
    """Where the first statement stands: `前文（十一、一般性支出情况说明）`, or just `前文`."""
    return f"前文（{section}）" if section else "前文"


def _restatement(
    first: Amount, later: Amount, key: _Key, severity: Severity | None = None
) -> Iterator[Finding]:
    if not _differs(first, later):
        return
    role = "预算" if key.role == "budget" and not key.quantity.endswith("预算") else ""
    scope = f"（{key.scope}）" if key.scope else ""
    message = (
        f"{key.quantity}{role}{scope}在这里写作 {_a(later)}，"
        f"{_earlier(first.section)}写作 {_a(first)}，同一数额两处不一致"
    )
    yield Finding(later.span, message, severity=severity, related=_related((first, f"前文：{_a(first)}")))


def _cross_scope(first_seen: dict[_Key, Amount], amount: Amount, key: _Key) -> Iterator[Finding]:
    """Unscoped quantities stated under another scope word: maybe the same, so only info."""
    if key.quantity in _SCOPED or key.quantity == "年初预算":
        return
    for other_key, other in first_seen.items():
        same_quantity = other_key.quantity == key.quantity and other_key.role == key.role
        if same_quantity and other_key.scope != key.scope and _differs(other, amount):
            yield from _restatement(other, amount, key, Severity.INFO)
            return  # one note per amount is enough


def _cost_name(amount: Amount) -> str:
    """`经费支出为会议场租费` → 会议场租费; `经费支出` stays."""
    name = amount.label.removeprefix("经费支出").removeprefix("为")
    return name or amount.label


def _repeated_cost_items(items: Sequence[CostItem]) -> Iterator[Finding]:
    """The same meeting or training described again in another paragraph, with other costs."""
    first_seen: dict[str, CostItem] = {}
    for item in items:
        first = first_seen.setdefault(item.event, item)
        if first is item or first.paragraph == item.paragraph:
            continue  # one list may name one event twice (two sessions): not a restatement
        earlier: dict[str, list[Amount]] = {}
        for cost in first.costs:
            earlier.setdefault(_cost_name(cost), []).append(cost)
        counted: dict[str, int] = {}
        for cost in item.costs:
            name = _cost_name(cost)
            nth = counted.get(name, 0)
            counted[name] = nth + 1
            candidates = earlier.get(name, [])
            if nth >= len(candidates) or not _differs(candidates[nth], cost):
                continue
            before = candidates[nth]
            event = item.event.replace("，", ",").split(",")[0]  # its name, without 人数…
            event = event if len(event) <= 30 else event[:30] + "…"
            message = (
                f"“{event}”的{name}在这里写作 {_a(cost)}，{_earlier(first.section)}"
                f"对同一事项写作 {_a(before)}，同一数额两处不一致"
            )
            related = (
                RelatedSpan(before.span, f"前文：{_a(before)}"),
                RelatedSpan(first.event_span, "前文所述的同一事项"),
            )
            yield Finding(cost.span, message, related=related)
