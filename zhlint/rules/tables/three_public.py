"""ZL306 three-public-sum: the 三公 table's total against its parts."""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.read.numbers import (
    Tolerance,
)
from zhlint.rules.base import Finding, LintContext, rule
from zhlint.rules.tables._common import Part, as_findings, sum_finding, value_of
from zhlint.tables.model import (
    THREE_PUBLIC_LABELS,
    TableKind,
    ThreePublicGroup,
)

_THREE_PUBLIC_HEADER = (
    "财政拨款“三公”经费支出决算表\n"
    "预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
    "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\n"
)


@rule(
    "ZL306",
    "three-public-sum",
    Severity.ERROR,
    "三公经费表中，合计或公务用车购置及运行维护费不等于其组成部分之和。",
    """
    预算数和决算数都要满足：合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费，公务用车购
    置及运行维护费 = 公务用车购置费 + 公务用车运行维护费。
    """,
    bad=_THREE_PUBLIC_HEADER + "13.35\t0.00\t12.00\t0.00\t12.00\t2.35\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35",
    good=_THREE_PUBLIC_HEADER
    + "13.35\t0.00\t12.00\t0.00\t12.00\t1.35\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35",
    summary_en="In the 三公 table, 合计 or 公务用车购置及运行维护费 is not the sum of its parts.",
)
def three_public_sum(context: LintContext) -> Iterator[Finding]:
    table = context.tables.get(TableKind.THREE_PUBLIC)
    model = context.tables.three_public()
    if table is None or model is None:
        return
    for label, group in (("预算数", model.budget), ("决算数", model.actual)):
        if group is not None:
            yield from _three_public_group(f"{table.name} {label}", group, context.tolerance)


def _three_public_group(subject: str, group: ThreePublicGroup, tolerance: Tolerance) -> Iterator[Finding]:
    for total_field, part_fields in (
        ("total", ("abroad", "vehicles", "reception")),
        ("vehicles", ("vehicle_purchase", "vehicle_operation")),
    ):
        parts = [
            Part(THREE_PUBLIC_LABELS[field], group.cell(field), value_of(group.cell(field)))
            for field in part_fields
        ]
        yield from as_findings(
            sum_finding(subject, THREE_PUBLIC_LABELS[total_field], group.cell(total_field), parts, tolerance)
        )
