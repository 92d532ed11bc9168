"""ZL106 conflicting-restatement: one quantity stated twice with two amounts (and repeated cost items)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from zhlint.claims.extract import (
    Amount,
    ChangeClaim,
    Claims,
    CostItem,
    CountClaim,
    Direction,
    Reference,
    Role,
    canonical_subject,
)
from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    round_half_up,
)
from zhlint.rules.arithmetic._common import amount_text, related_spans
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule

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


# Quantities stated in either scope, where the text does not always say which: compared within
# one scope, and across scopes only as info (see _cross_scope).
_SCOPE_UNSURE = frozenset({"人员经费", "公用经费"})


# Whole-unit quantities: one value per report, whichever section states it.
_UNIT_QUANTITIES = _SCOPED | _SCOPE_FREE | _SCOPE_UNSURE


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
    "正文中同一数量出现两次，数值不同。",
    """
    报告在多处重复其主要数字（情况说明、绩效自评报告）：基本支出、项目支出、人员经费、公用经费、机关运行
    经费、三公经费各项、政府采购、本单位年初预算。每次重复的数值必须相同（按两处都写到的精度比较）。只有
    口径相同的数量才作为警告比较：财政拨款基本支出与全部资金的基本支出是不同的数量。分不清口径时，差异报
    告为提示。会议费/培训费列举中用相同文字描述两次的同一会议或培训（
    `召开…会议，人数11人，…经费支出为…其他费用0.91万元`，在“三类会议是…”下又出现一次）每次的费用必须相
    同；同一口径的同一金额（`财政拨款收入21,940.96万元`、`财政拨款收、支总预算21,940.96万元`）凡写到与上
    年相比的增减，增减额必须相同。两个段落中写到的同一项工作量（`编发简报12期`、`查处问题8个`，按动词、
    对象和单位识别）必须是同一个数，除非所在句子说的是另一年度或是比较（上年、同比、`2022年`）。
    """,
    bad="公用经费1299.78万元……（附件）公用经费1299.79万元。",
    good="公用经费1299.78万元……（附件）公用经费1299.78万元。",
    summary_en="The same quantity is stated twice in the prose with different values.",
)
def conflicting_restatement(context: LintContext) -> Iterator[Finding]:
    yield from _one_per_conflict(_conflicts(context), context.document.source.text)


def _one_per_conflict(findings: Iterator[Finding], text: str) -> Iterator[Finding]:
    """Two later statements that agree with each other and not with the first are one conflict:
    one finding, at the first of them, with the others as related places (not the first place
    reported twice)."""
    merged: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        if not finding.related:
            merged[(id(finding),)] = finding
            continue
        earlier = finding.related[0]
        value = re.sub(r"[\s,，]", "", text[finding.span.start : finding.span.end])
        key = (earlier.span, earlier.message, finding.severity, value)
        known = merged.get(key)
        if known is None:
            merged[key] = finding
            continue
        again = RelatedSpan(finding.span, f"同样写作 {value}")
        merged[key] = attrs.evolve(known, related=(*known.related, again))
    yield from merged.values()


def _conflicts(context: LintContext) -> Iterator[Finding]:
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
    yield from _changes_of_one_amount(claims.changes, context.document.source.text, year)
    yield from _counts_stated_twice(claims.counts)


def _counts_stated_twice(counts: Sequence[CountClaim]) -> Iterator[Finding]:
    """`编发简报12期` in one section and `编发简报9期` in another: one count, two values."""
    first_seen: dict[str, CountClaim] = {}
    for count in counts:
        first = first_seen.setdefault(count.what, count)
        if first is count or first.paragraph == count.paragraph or first.number.value == count.number.value:
            continue  # one paragraph may count two batches of one thing
        thing = count.what.removesuffix(count.unit)
        message = (
            f"“{thing}”在这里写作 {count.number.canonical}{count.unit}，{_earlier(first.section)}"
            f"写作 {first.number.canonical}{first.unit}，同一数量两处不一致"
        )
        related = (RelatedSpan(first.number.span, f"前文：{first.number.canonical}{first.unit}"),)
        yield Finding(count.number.span, message, related=related)


# Totals of one balanced budget: income and spending are one amount and change alike, so they
# may be compared with each other (`财政拨款收入预算总计…增加X`, `财政拨款收、支总预算…增加X`,
# `省检察院一般公共预算财政拨款…增加X`): the totals, and the 财政拨款 (一般公共预算) income or spending,
# after whatever names the unit. Not another fund's (政府性基金, 国有资本经营).
_BALANCED = re.compile(
    r"^(?:本年)?(?:收支总计|(?:收入|支出)(?:预算)?(?:总计|合计|总额))$"
    r"|(?:财政拨款|一般公共预算)(?:财政拨款)?(?:预算)?(?:收入|支出)?(?:预算)?(?:总计|合计|总额)?$"
)
_OTHER_FUND = re.compile(r"政府性基金|国有资本|社会保险基金")
# What a change is measured against, as the text writes it (`比上年决算`, `与2021年度预算数相比`,
# `比年初预算数`); the last one before the change word in its sentence is the change's own.
_COMPARED = re.compile(
    r"(?:与|和|比|较)\s*(?P<period>上一?年度?|(?:19|20)\d{2}\s*年度?|年初|全年|调整后)?\s*"
    r"(?P<basis>预算执行数|决算数?|执行数|(?:当年)?预算数?)?"
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


@attrs.frozen
class _ChangeKey:
    subject: str
    amount: str
    unit: str
    scope: str
    against: str  # `上年`, `上年预算`, `2021年`, `年初预算`: what the change is measured against


def _against(text: str, change: ChangeClaim, year: int | None) -> str:
    """What ``change`` is measured against: the comparison written last before its change word in
    its sentence, with last year's number read as 上年 and 上年决算 as 上年 (what 比上年 means)."""
    assert change.direction is not None
    before = change.direction.span.start
    start = max(
        (match.end() for match in _SENTENCE_END.finditer(text, max(0, before - 400), before)), default=0
    )
    found = [m for m in _COMPARED.finditer(text, start, before) if m.group("period") or m.group("basis")]
    if not found:
        return "上年" if change.reference is Reference.PREVIOUS_YEAR else "预算"
    period = re.sub(r"\s|度", "", found[-1].group("period") or "")
    basis = (found[-1].group("basis") or "").removesuffix("数").removeprefix("当年")
    if period[:2].isdigit() and year is not None and int(period[:4]) == year - 1:
        period = "上年"
    period = period.replace("上一年", "上年")
    if period in ("上年", "") and basis == "决算":
        basis = ""
    return (period + basis) or "上年"


def _change_key(text: str, change: ChangeClaim, year: int | None) -> _ChangeKey | None:
    """The quantity a change leads to, its amount as written, its scope and what it is measured
    against: two changes of one key must be the same."""
    current, amount, direction = change.current, change.amount, change.direction
    if current is None or amount is None or direction is None or direction.direction is Direction.SAME:
        return None
    if current.value == 0 or current.role is Role.PREVIOUS:
        return None
    subject = change.subject or current.subject
    if not subject:
        return None
    subject = canonical_subject(subject)  # the frame keeps the words as written
    balanced = _BALANCED.search(subject) is not None and _OTHER_FUND.search(subject) is None
    subject = "收支平衡" if balanced else subject
    return _ChangeKey(
        subject, current.number.canonical, current.unit, current.scope, _against(text, change, year)
    )


def _changes_of_one_amount(changes: Sequence[ChangeClaim], text: str, year: int | None) -> Iterator[Finding]:
    """`财政拨款收入预算21,940.96万元，增加3,959.28万元` and `财政拨款收、支总预算21,940.96万元，
    增加3,958.98万元`: one amount of one scope, grown from last year by two different sums.
    (Income and spending of one balanced budget are the same amount and change alike.)"""
    first_seen: dict[_ChangeKey, ChangeClaim] = {}
    for change in changes:
        key = _change_key(text, change, year)
        if key is None:
            continue
        first = first_seen.setdefault(key, change)
        if first is change:
            continue
        assert first.amount is not None and change.amount is not None
        assert first.direction is not None and change.direction is not None and change.current is not None
        places = min(first.amount.places, change.amount.places)
        same_way = first.direction.direction is change.direction.direction
        rounded = round_half_up(first.amount.value, places), round_half_up(change.amount.value, places)
        if same_way and rounded[0] == rounded[1]:
            continue
        message = (
            f"{change.subject or '该项'} {amount_text(change.current)} "
            f"在这里比{key.against}{change.direction.text} "
            f"{change.amount.canonical}万元，{_earlier(first.section)}对同一金额"
            f"（{first.subject or '该项'}）写作{first.direction.text} {first.amount.canonical}万元，"
            f"同一变动额两处不一致"
        )
        earlier = f"前文：{first.direction.text} {first.amount.canonical}万元"
        related = (RelatedSpan(first.amount.span, earlier),)
        yield Finding(change.amount.span, message, related=related)


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
        f"{key.quantity}{role}{scope}在这里写作 {amount_text(later)}，"
        f"{_earlier(first.section)}写作 {amount_text(first)}，同一数额两处不一致"
    )
    yield Finding(
        later.span, message, severity=severity, related=related_spans((first, f"前文：{amount_text(first)}"))
    )


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
                f"“{event}”的{name}在这里写作 {amount_text(cost)}，{_earlier(first.section)}"
                f"对同一事项写作 {amount_text(before)}，同一数额两处不一致"
            )
            related = (
                RelatedSpan(before.span, f"前文：{amount_text(before)}"),
                RelatedSpan(first.event_span, "前文所述的同一事项"),
            )
            yield Finding(cost.span, message, related=related)
