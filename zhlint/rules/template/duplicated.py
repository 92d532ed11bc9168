"""ZL602 duplicated-word: a word, character or punctuation mark written twice."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.read.text import MappedText
from zhlint.rules.base import Finding, LintContext, PlacedText, rule
from zhlint.rules.template._common import joined_texts

# A phrase of two to eight Chinese characters written twice in a row: `长株潭长株潭`, `资金资金`.
# The doubling patterns run over every text of the document and try each length at each
# position; the standard library's engine runs them about four times faster than `regex` (the
# CJK ranges below stand for \p{Han}). Each repetition is bounded, so none can backtrack badly.
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"


_DOUBLED_PHRASE = re.compile(rf"(?P<phrase>{_HAN}{{2,8}})(?P=phrase)")


# Single characters that are never doubled in this prose (`用于于`); `的的`, `用用` and `等等` can be right.
_DOUBLED_CHAR = re.compile(r"(?P<phrase>[于在和及与对将把被从向])(?P=phrase)")


_DOUBLED_PUNCTUATION = re.compile(r"(?P<phrase>[。，；、：])(?P=phrase)+")


# `公共安全支出（类）支出`: the class name already ends in 支出, the template adds it again.
_DOUBLED_AROUND_LEVEL = re.compile(r"(?P<phrase>支出)（[类款项]）(?P=phrase)")


# Reduplications that are correct Chinese.
_ALLOWED_DOUBLES = frozenset({"谢谢", "常常", "人人", "天天", "年年", "层层", "步步", "处处", "事事", "时时"})


@rule(
    "ZL602",
    "duplicated-word",
    Severity.WARNING,
    "字词、短语或标点连续重复。",
    """
    在照抄的报告上修改，常留下重复的短语（`长株潭长株潭`、`缴费缴费`、`会议场租费会议场租费`、`用于于`、
    `。。`）。自动修复删除第二遍。正确的叠词（`常常`、`层层`）不报告。
    """,
    bad="推进长株潭长株潭一体化发展。",
    good="推进长株潭一体化发展。",
    fixable=True,
    summary_en="A word, phrase or punctuation mark is written twice in a row.",
)
def duplicated_word(context: LintContext) -> Iterator[Finding]:
    texts = context.all_texts()
    # One scan per pattern over all texts joined by line breaks (which no pattern matches), rather
    # than four calls for each of a thousand texts, most of them short table cells.
    joined, starts = joined_texts(texts)
    for pattern in (_DOUBLED_PHRASE, _DOUBLED_CHAR, _DOUBLED_PUNCTUATION, _DOUBLED_AROUND_LEVEL):
        for match in pattern.finditer(joined):
            index = bisect.bisect_right(starts, match.start()) - 1
            finding = _double(texts[index], match, starts[index])
            if finding is not None:
                yield finding
    for paragraph in context.document.paragraphs:
        if paragraph.last_line > paragraph.first_line:  # a line break to be doubled across
            yield from _doubled_across_lines(paragraph.text, context.source.text)


_DOUBLED_HAN = re.compile(rf"({_HAN})\1")


def _doubled_across_lines(text: MappedText, source: str) -> Iterator[Finding]:
    """One character written at the end of a line and again at the start of the next (`作用` / `用，`).

    Inside a line `费用用于` is correct Chinese, so single doubled characters are not reported
    there; at a line break left by PDF extraction the doubling is a copy slip, reported as info.
    """
    for match in _DOUBLED_HAN.finditer(text.text):
        index = match.start()
        char, following = text.text[index], text.text[index + 1]
        if _DOUBLED_CHAR.match(match.group()):
            continue  # reported as a doubled word already
        between = source[text.offsets[index] + 1 : text.offsets[index + 1]]
        if "\n" not in between and "\r" not in between:
            continue
        yield Finding(
            text.source_span(index + 1, index + 2),
            f"“{char}”在换行处重复了：“{char}{following}”",
            severity=Severity.INFO,
            fix="",
        )


def _double(text: PlacedText, match: re.Match[str], text_start: int) -> Finding | None:
    """The finding for a doubling ``match`` found in ``text``, which begins at ``text_start`` of the
    string that was searched; None for a correct reduplication."""
    phrase = match.group("phrase")
    if match.group() in _ALLOWED_DOUBLES or (len(set(phrase)) == 1 and len(phrase) > 1):
        return None
    end = match.end() - text_start
    second = end - len(phrase)
    span = text.source_span(second, end)
    # Only offer a fix when the doubled text is contiguous in the source (not across lines).
    contiguous = span.end - span.start == end - second
    return Finding(span, f"“{phrase}”重复了：“{match.group()}”", fix="" if contiguous else None)
