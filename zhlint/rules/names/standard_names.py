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
    "标准的资金或表名写错了。",
    """
    预算体系有三本预算：一般公共预算、政府性基金预算和国有资本经营预算。写成 `国有资产经营预算`（把“资
    本”写成“资产”）指的是不存在的东西；表的标题必须与九张表的标准标题一致。
    """,
    bad="国有资产经营预算财政拨款支出决算表",
    good="国有资本经营预算财政拨款支出决算表",
    fixable=True,
    summary_en="A standard fund or table is called by a wrong name.",
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
