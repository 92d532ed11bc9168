"""ZL621 numbering-gap: a gap or repeat in the numbering of headings and lists."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from zhlint.diagnostics import Severity
from zhlint.document.segment import Document, Heading, HeadingStyle, Marker, Paragraph, Table
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule

_CHECKED_STYLES = (HeadingStyle.CN, HeadingStyle.PAREN_CN, HeadingStyle.ARABIC, HeadingStyle.PAREN_ARABIC)


_STYLE_LEVEL = {style: index for index, style in enumerate(_CHECKED_STYLES)}


def _numbered_runs(document: Document) -> Iterator[list[Marker]]:
    """Sequences of sibling markers: a marker of a higher level, a part or a table ends a run."""
    runs: dict[HeadingStyle, list[Marker]] = {}
    for block in document.blocks:
        if isinstance(block, Table):
            for style in (HeadingStyle.ARABIC, HeadingStyle.PAREN_ARABIC):
                if style in runs:
                    yield runs.pop(style)
            continue
        if block.in_toc or not isinstance(block, (Heading, Paragraph)):
            continue
        if isinstance(block, Heading) and block.marker is None:
            continue  # markdown headings without numbers do not break a run
        marker = block.marker
        if marker is None:
            continue
        if marker.style is HeadingStyle.PART:
            yield from runs.values()
            runs = {}
            continue
        if marker.style not in _STYLE_LEVEL:
            continue
        level = _STYLE_LEVEL[marker.style]
        for style in [style for style in runs if _STYLE_LEVEL[style] > level]:
            yield runs.pop(style)
        runs.setdefault(marker.style, []).append(marker)
    yield from runs.values()


@rule(
    "ZL621",
    "numbering-gap",
    Severity.WARNING,
    "编号的标题或列举项跳号或重号。",
    """
    各节和列举项按 一、二、三… 或 (一)(二)… 或 1. 2. … 编号。跳号（第 7 项之后是第 12 项；标题三之后是
    九）说明有内容被删掉或粘贴顺序错了；同一列举中重号或重新从头编号，说明两个列举被合在了一起。
    """,
    bad="三、支出决算情况说明 … 九、财政拨款“三公”经费支出决算情况说明（四至八缺失）",
    good="三、支出决算情况说明 … 四、财政拨款收入支出决算总体情况说明",
    summary_en="Numbered headings or list items skip or repeat a number.",
)
def numbering_gap(context: LintContext) -> Iterator[Finding]:
    for run in _numbered_runs(context.document):
        yield from _gaps(run)


def _gaps(run: Sequence[Marker]) -> Iterator[Finding]:
    for previous, current in itertools.pairwise(run):
        if previous.ordinal is None or current.ordinal is None or current.ordinal == 1:
            continue
        if current.ordinal == previous.ordinal + 1:
            continue
        if current.ordinal > previous.ordinal + 1:
            missing = current.ordinal - previous.ordinal - 1
            what = f"编号从“{previous.text}”跳到“{current.text}”，中间缺了 {missing} 项"
        else:
            what = f"编号“{current.text}”出现在“{previous.text}”之后，编号重复或顺序颠倒"
        yield Finding(current.span, what, related=(RelatedSpan(previous.span, "前一个编号"),))
