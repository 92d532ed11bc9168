"""ZL605 unclosed-bracket: a bracket opened in a paragraph and never closed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from zhlint.diagnostics import Severity
from zhlint.document.segment import Paragraph
from zhlint.rules.base import Finding, LintContext, rule

_OPEN = "（("
_CLOSE = "）)"


@rule(
    "ZL605",
    "unclosed-bracket",
    Severity.INFO,
    "段落中的括号只有左半边，没有闭合。",
    """
    `（其中，绩效评级为“优”的项目39个；…绩效自评中共发现问题0个。` 括号打开后到段落结束也没有闭合：多半是
    删改模板时连同右括号一起删掉了，读者分不清括注到哪里为止。全角和半角括号按同一种括号配对；下一段以
    多出的右括号开头时（段落在分页处被断开），不报告。
    """,
    bad="绩效自评的项目12个（其中，评级为“优”的项目10个；评级为“良”的项目2个。",
    good="绩效自评的项目12个（其中，评级为“优”的项目10个；评级为“良”的项目2个）。",
    summary_en="A bracket opened in a paragraph is never closed.",
)
def unclosed_bracket(context: LintContext) -> Iterator[Finding]:
    paragraphs = [p for p in context.document.paragraphs if not p.in_toc]
    for index, paragraph in enumerate(paragraphs):
        unclosed = _unclosed(paragraph.text.text)
        if unclosed is None or _continues(paragraphs[index + 1 :]):
            continue
        yield Finding(
            paragraph.text.source_span(unclosed, unclosed + 1),
            "括号在这里打开，到段落结束也没有闭合，请补上右括号或删去多余的左括号",
        )


def _unclosed(text: str) -> int | None:
    """The first bracket of ``text`` left open at its end (stray closing brackets are left alone:
    `1）` numbers list items)."""
    if "（" not in text and "(" not in text:
        return None
    opened: list[int] = []
    for index, char in enumerate(text):
        if char in _OPEN:
            opened.append(index)
        elif char in _CLOSE and opened:
            opened.pop()
    return opened[0] if opened else None


def _continues(rest: Sequence[Paragraph]) -> bool:
    """Does the next paragraph close a bracket before it opens one (a paragraph broken in two)?"""
    if not rest:
        return False
    for char in rest[0].text.text:
        if char in _CLOSE:
            return True
        if char in _OPEN:
            return False
    return False
