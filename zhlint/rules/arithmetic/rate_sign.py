"""ZL107 rate-without-percent: the rate of a change written without its % sign."""

from __future__ import annotations

from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.rules.arithmetic._common import number_text, related_spans
from zhlint.rules.base import Finding, LintContext, rule


@rule(
    "ZL107",
    "rate-without-percent",
    Severity.WARNING,
    "增减率没有写百分号。",
    """
    `与上年相比增加1193.20万元，增长13.95。`：紧跟在增减额之后、位于“增长/减少/降幅”之后的数字就是该增减
    的比率，比率应带 %。比率本身仍按金额检查（ZL101）。
    """,
    bad="基本支出516.56万元，与上年相比增加45.20万元，增长9.59。",
    good="基本支出516.56万元，与上年相比增加45.20万元，增长9.59%。",
    summary_en="The rate of a change is written without its % sign.",
)
def rate_without_percent(context: LintContext) -> Iterator[Finding]:
    for change in context.claims.changes:
        rate, word = change.rate, change.rate_direction
        if change.rate_marked or rate is None or word is None or change.amount is None:
            continue
        message = (
            f"“{word.text}{number_text(rate)}”是变动率，缺少百分号，应为“{word.text}{number_text(rate)}%”"
        )
        yield Finding(rate.span, message, related=related_spans((change.amount, "变动额")))
