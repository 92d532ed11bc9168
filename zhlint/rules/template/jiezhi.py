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
    "日期前用了“截止”，应为“截至”。",
    """
    “截至”（到某时为止）用在日期之前：`截至2023年12月31日`。“截止”（到某时停止）是动词，用在日期之后：
    `报名于5月1日截止`。模板写的是“截至”；报告里常写成“截止”。
    """,
    bad="截止2023年12月31日，本单位共有车辆2辆。",
    good="截至2023年12月31日，本单位共有车辆2辆。",
    fixable=True,
    summary_en="“截止” is used before a date where “截至” is meant.",
)
def jiezhi(context: LintContext) -> Iterator[Finding]:
    for text in context.document.texts():
        if "截止" not in text.text:
            continue
        for match in _JIEZHI.finditer(text.text):
            yield Finding(
                text.source_span(match.start(), match.end()), "日期前应写“截至”，不是“截止”", fix="截至"
            )
