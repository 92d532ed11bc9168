"""ZL102 parts-sum-mismatch and ZL103 shares-sum-mismatch: parts against their total, shares against 100%."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from zhlint.claims.build import PART_FAMILIES, SPENDING_PARTS, are_siblings
from zhlint.claims.extract import (
    Amount,
    BreakdownClaim,
    ChangeClaim,
    Claims,
    Direction,
    ExecutionClaim,
    FlowClaim,
    Role,
)
from zhlint.claims.quantities import QuantityBreakdown
from zhlint.diagnostics import Severity, Span
from zhlint.read.numbers import (
    HUNDRED,
    ZERO,
    Number,
    Tolerance,
    Verdict,
    check_sum,
    fmt,
)
from zhlint.rules.arithmetic._common import amount_text, number_text, related_spans
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule

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


def _same_unit(*amounts: Amount | None) -> bool:
    """Are these amounts written in one unit? (Sums with a 元 among 万元 are left to ZL5xx.)"""
    return len({amount.unit for amount in amounts if amount is not None}) <= 1


@rule(
    "ZL102",
    "parts-sum-mismatch",
    Severity.ERROR,
    "“其中”之后所列各部分之和不等于它们所属的总数。",
    """
    检查各部分构成总数的列举：基本支出 + 项目支出 = 支出合计，人员经费 + 公用经费 = 基本支出，政府采购
    货物 + 工程 + 服务 = 总额，三公经费各组成部分（预算和决算）= 三公经费，支出结构段落中各类金额 = 总
    数，“具体情况”列举中的各项 = 总的年初预算和决算，会议费/培训费决算之后所列各项费用（
    `经费支出为会议场租费…、会务用餐费…`；这不是“其中”列举，只列一项费用时只认整句 `经费支出为X万元`，不
    认 `经费支出为场租费X万元`）= 该决算，以及绩效自评报告中 年初预算 + 调增 − 调减 = 实际支出 + 结余结
    转，且所列项目之和等于这些数；写明的上年数与本年数之差必须等于所写的增减额；与预算及实际执行数并列写
    出的结余（`全年预算数…，全年执行数…，结余…`）必须等于二者之差；整体和各部分都写了与上年相比的增减额
    时，各部分增减额之和必须等于整体的增减额（允许每个增减额两倍的舍入尾差）。各部分可以叫任何名称：原文
    表明列举就是总数的全部时才按全部来算（每一部分都写了占比且占比合计 100%；属于已知的一组部分；基本支
    出 + 项目支出，另有一个其他名称的第三部分且正好补足合计）。其他“其中”列举可以只列一部分：不足总数不
    报告，超过总数报告为警告。差额在每个金额舍入到 0.01 万元所能造成的范围内（n + 1 个金额 × 0.005）时只
    作为提示；可能不完整的列举（项目、费用、各项）报告为警告。面积、人数、车辆等其他单位的数量同样检查：
    `（其中…）` 括号中所列各部分之和超过总数报告为错误，`其中：` 之后用顿号连列的超过总数报告为警告。
    """,
    bad="政府采购支出总额135.24万元，其中：货物支出30.8万元、工程支出0万元、服务支出104.4万元。",
    good="政府采购支出总额135.2万元，其中：货物支出30.8万元、工程支出0万元、服务支出104.4万元。",
    summary_en="Parts listed after 其中 do not add up to the total they belong to.",
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
        else:
            yield from _open_list_excess(breakdown, context.tolerance)
    yield from _three_public_sums(claims, context.tolerance)
    yield from _item_sums(claims, context.tolerance)
    for flow in claims.flows:
        yield from _flow_sums(flow, context.tolerance)
    for change in claims.changes:
        yield from _change_against_previous(change, context.tolerance)
    for execution in claims.executions:
        yield from _balance_left(execution, context.tolerance)
    yield from _changes_of_parts(claims, context.tolerance)
    for quantities in context.quantity_breakdowns:
        yield from _quantity_excess(quantities)


def _quantity_excess(breakdown: QuantityBreakdown) -> Iterator[Finding]:
    """`地上建筑面积为8013平方米（其中计容面积7998平方米，不计容面积105平方米）`: parts of an area,
    a head count … that add up to more than the whole they are listed under. (Falling short says
    nothing: such a list may name only some parts.)"""
    total, parts, unit = breakdown.total, breakdown.parts, breakdown.unit
    if any(part.value > total.value for part in parts):
        return  # a part larger than the whole: the list is about something else
    computed = sum((part.value for part in parts), ZERO)
    places = max(number.places for number in (total, *parts))
    # Each written figure may be rounded to its last digit.
    allowed = Decimal(len(parts) + 1) * Decimal(5).scaleb(-(places + 1)) if places else ZERO
    if computed - total.value <= allowed:
        return
    terms = " + ".join(number_text(part) for part in parts)
    message = (
        f"总数写作 {number_text(total)}{unit}，但其中所列各部分之和 {terms} = {fmt(computed)}{unit}，"
        f"超过总数 {fmt(computed - total.value)}{unit}"
    )
    related = tuple(RelatedSpan(part.span, f"分项 {number_text(part)}{unit}") for part in parts)
    severity = Severity.ERROR if breakdown.bracketed else Severity.WARNING
    yield Finding(total.span, message, severity=severity, related=related)


def _signed_changes(claims: Claims) -> dict[tuple[str, str] | int, Decimal | None]:
    """The change from last year of each amount, by the amount as written; None where two
    statements of one amount give two changes (ZL106 tells those). Also by where the amount
    stands: a total and its one part of the same figure (`支出预算15621.11万元…一般公共预算拨款
    支出预算15621.11万元`) each have a change of their own."""
    found: dict[tuple[str, str] | int, Decimal | None] = {}
    for change in claims.changes:
        current = change.current
        if current is None or current.role is Role.PREVIOUS or change.reference.value != "previous_year":
            continue
        if change.flat is not None and change.amount is None:
            signed: Decimal | None = ZERO
        elif change.amount is not None and change.direction is not None:
            direction = change.direction.direction
            signed = change.amount.value if direction is Direction.MORE else -change.amount.value
            signed = ZERO if direction is Direction.SAME else signed
        else:
            continue
        found[current.span.start] = signed
        key = (current.number.canonical, current.unit)
        if key in found and found[key] != signed:
            signed = None
        found[key] = signed
    return found


def _change_of(changes: dict[tuple[str, str] | int, Decimal | None], amount: Amount) -> Decimal | None:
    """The change stated for ``amount`` itself, else for a statement of the same figure."""
    if amount.span.start in changes:
        return changes[amount.span.start]
    return changes.get((amount.number.canonical, amount.unit))


def _changes_of_parts(claims: Claims, tolerance: Tolerance) -> Iterator[Finding]:
    """The parts of a whole each changed from last year by their own sum: together they must
    make the change of the whole (基本支出 +1670.85, 项目支出 +40, 预留 +2247.84 → 总计 +3958.67)."""
    changes = _signed_changes(claims)
    for breakdown in claims.breakdowns:
        parts = complete_parts(breakdown)
        if len(parts) < 2:
            continue
        total = breakdown.total
        whole = _change_of(changes, total)
        each = [_change_of(changes, part) for part in parts]
        if whole is None or any(change is None for change in each):
            continue
        stated = [change for change in each if change is not None]
        computed = sum(stated, ZERO)
        difference = whole - computed
        if difference == ZERO:
            continue
        # Each change is the difference of two rounded amounts: twice the tail of one.
        allowed = tolerance.amount_error * 2 * (len(stated) + 1)
        terms = " + ".join(f"({fmt(change)})" for change in stated)
        text = (
            f"{total.subject or '合计'}比上年变动 {fmt(whole)}，但其各组成部分的变动之和 {terms} = "
            f"{fmt(computed)}，相差 {fmt(difference)}"
        )
        related = tuple(RelatedSpan(part.span, part.subject or "分项") for part in parts)
        if abs(difference) <= allowed:
            yield Finding(total.span, f"{text}，在尾数误差之内", Severity.INFO, related)
            continue
        yield Finding(total.span, text, Severity.WARNING, related)


def _balance_left(execution: ExecutionClaim, tolerance: Tolerance) -> Iterator[Finding]:
    """`全年预算数60万元，全年执行数33.5万元，结余26.5万元`: the 结余 is budget − actual."""
    budget, actual, left = execution.budget, execution.actual, execution.balance
    if budget is None or actual is None or left is None or not _same_unit(budget, actual, left):
        return
    check = check_sum(budget.value, [actual.value, left.value], tolerance)
    if check.verdict is Verdict.OK:
        return
    computed = budget.value - actual.value
    text = (
        f"{execution.subject or ''}结余写作 {amount_text(left)}，但预算 {amount_text(budget)} − 执行数 "
        f"{amount_text(actual)} = {fmt(computed)}，相差 {fmt(left.value - computed)}"
    )
    related = related_spans((budget, "预算数"), (actual, "执行数"))
    if check.verdict is Verdict.ROUNDING:
        yield Finding(left.span, f"{text}，在尾数误差之内", Severity.INFO, related)
        return
    yield Finding(left.span, text, Severity.ERROR, related)


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
    related = related_spans((current, "本年金额"), (previous, "上年金额"))
    text = (
        f"本年 {amount_text(current)} − 上年 {amount_text(previous)} = {fmt(difference)}，"
        f"而写的是{change.direction.text} {number_text(amount)}万元"
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
    if shares_close(breakdown):
        # Every part has its share and the shares reach 100%: the text says the list is the whole,
        # whatever the parts are called (`单位预留机动经费…，占9.82%`).
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
        return _spending_whole(total, spending, parts)
    if total.subject == "本年收入合计":
        income = tuple(part for part in parts if part.subject in PART_FAMILIES["本年收入合计"])
        return income if len(income) >= 2 else ()
    if len(parts) >= 2 and all(subject in _CLASS_NAMES for subject in subjects):
        return parts
    return ()


def _spending_whole(
    total: Amount, spending: tuple[Amount, ...], parts: tuple[Amount, ...]
) -> tuple[Amount, ...]:
    """基本支出 + 项目支出 (and their kin) are the template's whole. A part of another name beside
    them is the third part where it makes the sum (a reserve, `单位预留机动经费`), else words
    of another statement (`结余结转 0 万元`, a project count's `涉及资金`)."""
    if len(spending) == len(parts) or not _same_unit(total, *parts):
        return spending
    if check_sum(total.value, [part.value for part in spending]).verdict is not Verdict.WRONG:
        return spending
    if check_sum(total.value, [part.value for part in parts]).verdict is not Verdict.WRONG:
        return parts
    return spending


def shares_close(breakdown: BreakdownClaim) -> bool:
    """Does every part carry its share (占a%), and do the shares reach 100% within rounding?"""
    shares = breakdown.shares
    if len(shares) < 2 or any(share is None for share in shares):
        return False
    stated = [share for share in shares if share is not None]
    total = sum((share.value for share in stated), ZERO)
    return abs(total - HUNDRED) <= _share_allowance(stated)


def _share_allowance(shares: Sequence[Number]) -> Decimal:
    """Half a unit of the last digit of each rounded share."""
    return sum((Decimal(1).scaleb(-share.places) / 2 for share in shares), ZERO)


def _open_list_excess(breakdown: BreakdownClaim, tolerance: Tolerance) -> Iterator[Finding]:
    """Parts of a list that may leave parts out: falling short says nothing, but parts that add
    up to more than their total cannot all be parts of it."""
    total, parts = breakdown.total, breakdown.parts
    if len(parts) < 2 or breakdown.itemised or not _same_unit(total, *parts):
        return
    if len({part.subject for part in parts}) < len(parts):
        return  # a name listed twice: two lists (this year's, last year's) read as one
    if any(part.value >= total.value or are_siblings(part.subject, total.subject) for part in parts):
        # A part as large as the whole, or one of the total's own siblings (公务接待费 after
        # 公务用车…费): the list has run on past its total into the next statement.
        return
    check = check_sum(total.value, [part.value for part in parts], tolerance)
    if check.verdict is not Verdict.WRONG or check.computed <= total.value:
        return
    terms = " + ".join(number_text(part.number) for part in parts)
    names = "、".join(part.subject or "?" for part in parts) if len(parts) <= 4 else f"下列{len(parts)}项"
    related = tuple(RelatedSpan(part.span, f"{part.subject or '分项'} {amount_text(part)}") for part in parts)
    message = (
        f"{total.subject or '合计'}写作 {amount_text(total)}，但其中所列分项（{names}）之和 {terms} = "
        f"{fmt(check.computed)}，超过合计 {fmt(-check.difference)}"
    )
    yield Finding(total.span, message, severity=Severity.WARNING, related=related)


def _sum_finding(
    total: Amount, parts: Sequence[Amount], tolerance: Tolerance, severity: Severity, what: str = ""
) -> Iterator[Finding]:
    if not _same_unit(total, *parts):
        return
    check = check_sum(total.value, [part.value for part in parts], tolerance)
    if check.verdict is Verdict.OK:
        return
    terms = " + ".join(number_text(part.number) for part in parts)
    names = "、".join(part.subject or "?" for part in parts) if len(parts) <= 4 else f"下列{len(parts)}项"
    label = what or total.subject or "合计"
    related = tuple(RelatedSpan(part.span, f"{part.subject or '分项'} {amount_text(part)}") for part in parts)
    if check.verdict is Verdict.ROUNDING:
        message = (
            f"{label} {amount_text(total)} 与分项（{names}）之和 {terms} = {fmt(check.computed)} 相差 "
            f"{fmt(check.difference)}，在金额四舍五入到0.01万元可能造成的尾数误差（±{fmt(check.allowed)}）之内"
        )
        yield Finding(total.span, message, severity=Severity.INFO, related=related)
        return
    if len(parts) == 1:
        # One cost item listed (`用于…培训，经费支出为0.1万元`): it is the whole of the total.
        message = (
            f"{label}写作 {amount_text(total)}，但下文只列了一项（{names}），为 {amount_text(parts[0])}，"
            f"相差 {fmt(check.difference)}"
        )
    else:
        message = (
            f"{label}写作 {amount_text(total)}，但分项（{names}）之和 {terms} = {fmt(check.computed)}，"
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
    """The 三公 total against its three parts (or 因公出国 + 公务接待 + 公务用车 combined): an error."""
    items = _children(claims)
    for index, execution in enumerate(claims.executions):
        if execution.subject != "三公经费":
            continue
        children = [child for child in items.get(index, []) if child.subject]
        if {child.subject for child in children} not in (_THREE_PUBLIC_PARTS, _THREE_PUBLIC_COMBINED):
            continue
        for total, parts, role in _totals_and_parts(execution, children):
            what = "“三公”经费" + ("预算" if role is Role.BUDGET else "决算")
            yield from _sum_finding(total, parts, tolerance, Severity.ERROR, what)


def _item_sums(claims: Claims, tolerance: Tolerance) -> Iterator[Finding]:
    """Any other total with a `其中：` list of at least two items: a warning."""
    items = _children(claims)
    for index, execution in enumerate(claims.executions):
        if execution.subject == "三公经费":
            continue
        children = items.get(index, [])
        if len(children) < 2:
            continue
        for total, parts, role in _totals_and_parts(execution, children):
            what = ("年初预算数" if role is Role.BUDGET else "决算数") + "（总数）"
            yield from _sum_finding(total, parts, tolerance, Severity.WARNING, what)


def _totals_and_parts(
    execution: ExecutionClaim, children: Sequence[ExecutionClaim]
) -> Iterator[tuple[Amount, list[Amount], Role]]:
    """The budget, then the actual, of ``execution`` with those of its items, where every item states one."""
    for role in (Role.BUDGET, Role.ACTUAL):
        total = execution.budget if role is Role.BUDGET else execution.actual
        parts = [child.budget if role is Role.BUDGET else child.actual for child in children]
        present = [part for part in parts if part is not None]
        if total is not None and len(present) == len(parts):
            yield total, present, role


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
    terms = " + ".join(number_text(amount.number) for amount in flow.initial)
    if flow.increase:
        terms += f" + 调增 {number_text(flow.increase.number)}"
    if flow.decrease:
        terms += f" − 调减 {number_text(flow.decrease.number)}"
    spent = f"实际支出 {number_text(flow.spent.number)}" + (
        f" + 结余结转 {number_text(flow.carried.number)}" if flow.carried else ""
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
        f"预算 {terms}{'' if terms == number_text(flow.initial[0].number) else f' = {fmt(available)}'}，"
        f"而{spent} = {fmt(used)}",
        related,
    )
    if len(flow.item_spending) >= 2:
        total = sum((amount.value for amount in flow.item_spending), ZERO)
        listed = " + ".join(number_text(amount.number) for amount in flow.item_spending)
        related = tuple(RelatedSpan(amount.span, "项目支出") for amount in flow.item_spending)
        text = f"下列各项目支出之和 {listed} = {fmt(total)}，而实际支出写作 {amount_text(flow.spent)}"
        yield from _balance(
            total, flow.spent.value, len(flow.item_spending) + 1, tolerance, flow.spent, text, related
        )
    if len(flow.item_budgets) >= 2:
        total = sum((amount.value for amount in flow.item_budgets), ZERO)
        listed = " + ".join(number_text(amount.number) for amount in flow.item_budgets)
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


@rule(
    "ZL103",
    "shares-sum-mismatch",
    Severity.ERROR,
    "构成一个整体的各部分，其占比之和不是 100%。",
    """
    “其中”（或“主要用于以下方面”）之后所列各部分之和等于总数时，它们各自的占比（占a%）之和必须为 100%，
    允许每个经过舍入的占比在末位上有半个单位的误差。不能覆盖总数的列举不检查。
    """,
    bad="本年支出合计526.36万元，其中：基本支出516.56万元，占98.1%；项目支出9.8万元，占2.9%。",
    good="本年支出合计526.36万元，其中：基本支出516.56万元，占98.1%；项目支出9.8万元，占1.9%。",
    summary_en="The shares of parts that make up a whole do not add up to 100%.",
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
        allowed = _share_allowance(stated)
        if abs(total - HUNDRED) <= allowed:
            continue
        terms = " + ".join(number_text(share) + "%" for share in stated)
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
