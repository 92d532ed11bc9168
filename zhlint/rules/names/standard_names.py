"""ZL611 nonstandard-name: a fund or table name that is not the standard one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.rules.base import Finding, LintContext, rule

# Wrong names of standard funds and tables → the standard name.
STANDARD_NAMES: dict[str, str] = {
    "国有资产经营预算": "国有资本经营预算",
    "政府性基金预算财政拨款支出决算表": "政府性基金预算财政拨款收入支出决算表",
    "一般公共预算财政拨款收支决算表": "一般公共预算财政拨款支出决算表",
}


_STANDARD_PATTERN = re.compile("|".join(re.escape(wrong) for wrong in STANDARD_NAMES))


@rule(
    "ZL611",
    "nonstandard-name",
    Severity.ERROR,
    "A standard fund or table is called by a wrong name.",
    """
    The budget system has three funds: 一般公共预算, 政府性基金预算 and 国有资本经营预算. Writing
    `国有资产经营预算` (assets instead of capital) names something that does not exist; table titles
    must match the standard titles of the nine tables.
    """,
    bad="国有资产经营预算财政拨款支出决算表",
    good="国有资本经营预算财政拨款支出决算表",
    fixable=True,
)
def nonstandard_name(context: LintContext) -> Iterator[Finding]:
    texts = context.all_texts()
    if not _STANDARD_PATTERN.search("\n".join(text.text for text in texts)):
        return  # one scan of the whole document instead of one per text, as these are rare
    for text in texts:
        for match in _STANDARD_PATTERN.finditer(text.text):
            wrong = match.group()
            yield Finding(
                text.source_span(match.start(), match.end()),
                f"“{wrong}”不是标准名称，应为“{STANDARD_NAMES[wrong]}”",
                fix=STANDARD_NAMES[wrong],
            )
