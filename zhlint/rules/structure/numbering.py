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
        yield from _gaps(run, context.source.text)


_DIGITS = "一二三四五六七八九"


# What ends the text a glued heading follows: a sentence, or the spaces of a justified line.
_SENTENCE_END = "。；;！？ \t\u3000"


def _chinese(number: int) -> str:
    """1–99 as a Chinese numeral: 七, 十, 十二, 二十三."""
    tens, ones = divmod(number, 10)
    written = ("" if tens < 2 else _DIGITS[tens - 1]) + ("十" if tens else "")
    return written + (_DIGITS[ones - 1] if ones else "")


def _glued_marker(marker: Marker, ordinal: int, source: str, start: int, end: int) -> int | None:
    """Where the marker of ``ordinal`` stands inside a line between ``start`` and ``end``, if it does.

    PDF extraction may glue a heading to the end of the line before it (`…万元。六、…`): the
    heading is there, only not at a line start, so the numbers do not skip.
    """
    if marker.style is HeadingStyle.CN:
        written = f"{_chinese(ordinal)}、"
    elif marker.style is HeadingStyle.PAREN_CN:
        written = f"（{_chinese(ordinal)}）"
    else:
        return None  # `6.` or `(6)` mid-line is as likely a figure or a reference as a heading
    found = source.find(written, start, end)
    while found > 0 and source[found - 1] not in _SENTENCE_END:
        found = source.find(written, found + 1, end)  # `统一、规范`, `十六、` are no heading
    return found if found > 0 else None


def _gaps(run: Sequence[Marker], source: str) -> Iterator[Finding]:
    for previous, current in itertools.pairwise(run):
        if previous.ordinal is None or current.ordinal is None or current.ordinal == 1:
            continue
        if current.ordinal == previous.ordinal + 1:
            continue
        if current.ordinal > previous.ordinal + 1:
            missing_ordinals = range(previous.ordinal + 1, current.ordinal)
            glued = [
                _glued_marker(current, ordinal, source, previous.span.end, current.span.start)
                for ordinal in missing_ordinals
            ]
            if all(place is not None for place in glued):
                continue  # every missing heading is there, glued to the end of a line
            missing = current.ordinal - previous.ordinal - 1
            what = f"编号从“{previous.text}”跳到“{current.text}”，中间缺了 {missing} 项"
        else:
            what = f"编号“{current.text}”出现在“{previous.text}”之后，编号重复或顺序颠倒"
        yield Finding(current.span, what, related=(RelatedSpan(previous.span, "前一个编号"),))
