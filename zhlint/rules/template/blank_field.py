"""ZL604 blank-header-field: a 部门/单位 header field left empty."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhlint.diagnostics import Severity, Span
from zhlint.rules.base import Finding, LintContext, rule

# A label of the table header with nothing after it: `部门：` then the end of the line or a tab.
_BLANK_FIELD = regex.compile(r"^(?P<label>部门|单位|编制单位)\s*[：:]\s*(?=$|\t|公开)")


@rule(
    "ZL604",
    "blank-header-field",
    Severity.INFO,
    "表头中的栏目（`部门：`）未填写。",
    """
    每张标准表都在表头写明单位（`部门：株洲市XX中心`）。栏目空着，这张表单独打印或复制时就不知道是哪个单
    位的。
    """,
    bad="部门：\n\n项目\t金额\n合计\t1.00",
    good="部门：株洲市测试中心\n\n项目\t金额\n合计\t1.00",
    summary_en="A field of a table header (`部门：`) is left blank.",
)
def blank_header_field(context: LintContext) -> Iterator[Finding]:
    for table in context.document.tables:
        for line in table.caption:
            text = line.text.strip().lstrip("#* ")
            match = _BLANK_FIELD.match(text)
            if match:
                start = line.start + line.text.index(match.group("label"))
                yield _blank_field(Span(start, start + len(match.group())), match.group("label"))
        # Captions on tab lines (`部门：\t\t\t公开03表`) are read as the table's first row.
        for row in table.rows[:2]:
            for cell in row.cells[:1]:
                match = _BLANK_FIELD.match(cell.text)
                if match and len(match.group()) == len(cell.text):
                    yield _blank_field(cell.span, match.group("label"))


def _blank_field(span: Span, label: str) -> Finding:
    return Finding(span, f"表头的“{label}”一栏没有填写")
