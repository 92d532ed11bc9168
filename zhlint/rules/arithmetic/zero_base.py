"""ZL104 rate-over-zero-base: a rate, share or change over a base of zero."""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.claims.extract import (
    Amount,
    ChangeClaim,
    Claims,
    ExecutionClaim,
    ShareClaim,
)
from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    HUNDRED,
    ZERO,
    Verdict,
    amounts_agree,
    fmt,
    round_half_up,
)
from zhlint.rules.arithmetic._common import amount_text, number_text, previous_value, related_spans
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.tables.model import THREE_PUBLIC_LABELS, TableKind, ThreePublicGroup


@rule(
    "ZL104",
    "rate-over-zero-base",
    Severity.ERROR,
    "以零为基数写出了比率或占比，这在数学上没有定义。",
    """
    以 0 预算计算的执行率（预算为0万元…完成预算的539.4%）、以上年 0 为基数的增减率（与上年相比增长9.68万
    元，增加96.8%，而本年数就是 9.68）或在总数为 0 时的占比都无法计算；遇到这些情况，模板是不写比率的。
    三公经费某项的预算数正文没写、三公经费表中为 0 时，写出的完成率同样无法计算。
    0/0 时写 0% 的比率报告为警告（它也与“决算数等于预算数”相矛盾），总数为零时写占比 0% 报告为提示。全部
    采购都给了中小企业时，货物、工程或服务中中小企业所占比例必须是 100%。
    """,
    bad="公务用车购置费预算为0万元，支出决算为53.94万元，完成预算的539.4%。",
    good="公务用车购置费预算为0万元，支出决算为53.94万元，决算数大于预算数的主要原因是…",
    summary_en="A rate or share is stated over a zero base, where it is undefined.",
)
def rate_over_zero_base(context: LintContext) -> Iterator[Finding]:
    claims = context.claims
    table = context.tables.get(TableKind.THREE_PUBLIC)
    model = context.tables.three_public()
    budgets = model.budget if model is not None and table is not None and not table.empty else None
    for execution in claims.executions:
        yield from _zero_budget(execution)
        if budgets is not None and table is not None:
            yield from _zero_table_budget(execution, budgets, table.name)
    for change in claims.changes:
        yield from _zero_previous(change)
    for share in claims.shares:
        yield from _zero_share_base(share)
    yield from _within_category_shares(claims)


def _zero_budget(execution: ExecutionClaim) -> Iterator[Finding]:
    budget, actual, rate = execution.budget, execution.actual, execution.rate
    if budget is None or rate is None or budget.value != ZERO:
        return
    related = related_spans((budget, "预算数为0"), (actual, "决算数"))
    subject = execution.subject or ""
    if rate.value == ZERO and (actual is None or actual.value == ZERO):
        message = (
            f"{subject}预算为0、决算为0，完成率 0÷0 无意义，不应写“完成预算的{number_text(rate)}%”"
            f"（与“决算数等于预算数”也矛盾）"
        )
        yield Finding(rate.span, message, severity=Severity.WARNING, related=related)
        return
    actual_text = f"决算为 {amount_text(actual)}" if actual is not None else "决算不为0"
    message = f"{subject}预算为0，{actual_text}，完成率无法计算，却写了“完成预算的{number_text(rate)}%”"
    yield Finding(rate.span, message, related=related)


# The 三公 items by the name the claims give them, and their field of the 三公 table.
_THREE_PUBLIC_ITEMS = {"三公经费": "total", **{label: field for field, label in THREE_PUBLIC_LABELS.items()}}


def _zero_table_budget(execution: ExecutionClaim, budgets: ThreePublicGroup, table: str) -> Iterator[Finding]:
    """`因公出国（境）费决算为0.00万元，完成预算的0.00%` where the 三公 table's 预算数 of the item is 0:
    the prose leaves the budget out, the table states it."""
    field = _THREE_PUBLIC_ITEMS.get(execution.subject)
    rate, actual = execution.rate, execution.actual
    if field is None or field == "total" or execution.budget is not None or rate is None:
        return
    cell = budgets.cell(field)
    if cell.value is None or cell.value != ZERO:
        return
    related = (*related_spans((actual, "决算数")), RelatedSpan(cell.span, f"{table} 预算数 0"))
    if rate.value == ZERO and (actual is None or actual.value == ZERO):
        message = (
            f"{execution.subject}的预算数在{table}中为0、决算为0，完成率 0÷0 无意义，"
            f"不应写“完成预算的{number_text(rate)}%”"
        )
        yield Finding(rate.span, message, severity=Severity.WARNING, related=related)
        return
    message = (
        f"{execution.subject}的预算数在{table}中为0，完成率无法计算，却写了“完成预算的{number_text(rate)}%”"
    )
    yield Finding(rate.span, message, related=related)


def _zero_previous(change: ChangeClaim) -> Iterator[Finding]:
    if change.amount is None:
        yield from _zero_stated_previous(change)
        return
    previous = previous_value(change)
    if previous is None or previous != ZERO or change.rate is None:
        return
    assert change.current is not None and change.amount is not None
    related = related_spans((change.current, "本年金额"), (change.amount, "变动额"))
    base_name = "年初预算" if change.reference.value == "budget" else "上年"
    message = (
        f"{change.subject or ''}本年 {amount_text(change.current)}、变动 {number_text(change.amount)}，"
        f"{base_name}数为 {number_text(change.current.number)} − {number_text(change.amount)} = 0，"
        f"从0起算的变动率无意义，却写了 {number_text(change.rate)}%"
    )
    severity = Severity.WARNING if change.rate.value == ZERO else None
    yield Finding(change.rate.span, message, severity=severity, related=related)


def _zero_stated_previous(change: ChangeClaim) -> Iterator[Finding]:
    """`2023年执行数为0.00万元，2024年预算安排25.00万元，比2023年…增加100.00%`."""
    current, previous, rate = change.current, change.previous, change.rate
    if current is None or previous is None or rate is None or previous.value != ZERO:
        return
    related = related_spans((current, "本年金额"), (previous, "上年金额为0"))
    message = (
        f"{change.subject or ''}上年为 {amount_text(previous)}，本年 {amount_text(current)}，"
        f"从0起算的变动率无意义，却写了 {number_text(rate)}%"
    )
    severity = Severity.WARNING if rate.value == ZERO else None
    yield Finding(rate.span, message, severity=severity, related=related)


def _zero_share_base(share: ShareClaim) -> Iterator[Finding]:
    base = share.base
    if base is None or base.value != ZERO:
        return
    name = share.part.subject if share.part is not None else share.part_label
    message = (
        f"{name or '该项'}占 {base.subject or '合计'} 的比例：合计为 {amount_text(base)}，"
        f"比例无从计算，却写了 {number_text(share.percent)}%"
    )
    severity = Severity.INFO if share.percent.value == ZERO else None
    yield Finding(share.percent.span, message, severity=severity, related=related_spans((base, "合计为0")))


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
            f"授予中小企业合同金额 {amount_text(sme)} 等于政府采购支出总额 {amount_text(total)}，"
            f"{base.subject}中授予中小企业的比例应为100%，这里写的是 {number_text(share.percent)}%"
            f"（{fmt(round_half_up(base.value / total.value * HUNDRED, 1))}% "
            f"是{base.subject}占采购总额的比例）"
        )
        related = related_spans(
            (sme, "授予中小企业合同金额"), (total, "政府采购支出总额"), (base, base.subject)
        )
        yield Finding(share.percent.span, message, related=related)


def _latest(claims: Claims, subject: str, share: ShareClaim) -> Amount | None:
    found = [
        amount for amount in claims.amounts if amount.subject == subject and amount.section == share.section
    ]
    return found[-1] if found else None
