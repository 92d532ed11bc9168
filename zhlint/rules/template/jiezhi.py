"""ZL603 jiezhi-for-jiezhi: 截止 where 截至 (up to a date) is meant."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhlint.diagnostics import Severity
from zhlint.rules.base import Finding, LintContext, rule

_JIEZHI = regex.compile(r"截止(?=\s*(?:到\s*)?\d{4}\s*年)")


@rule(
    "ZL603",
    "jiezhi-for-jiezhi",
    Severity.INFO,
    "“截止” is used before a date where “截至” is meant.",
    """
    “截至” (up to) goes before a date: `截至2023年12月31日`. “截止” (to end) is a verb that follows
    a date: `报名于5月1日截止`. The template writes 截至; reports often have 截止.
    """,
    bad="截止2023年12月31日，本单位共有车辆2辆。",
    good="截至2023年12月31日，本单位共有车辆2辆。",
    fixable=True,
)
def jiezhi(context: LintContext) -> Iterator[Finding]:
    for text in context.document.texts():
        if "截止" not in text.text:
            continue
        for match in _JIEZHI.finditer(text.text):
            yield Finding(
                text.source_span(match.start(), match.end()), "日期前应写“截至”，不是“截止”", fix="截至"
            )
