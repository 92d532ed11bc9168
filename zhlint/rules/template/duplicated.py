"""ZL602 duplicated-word: a word, character or punctuation mark written twice."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from zhlint.diagnostics import Severity
from zhlint.document.segment import Document, Heading, Paragraph
from zhlint.read.patterns import lazy_compile
from zhlint.read.text import MappedText, compact
from zhlint.rules.base import Finding, LintContext, PlacedText, RelatedSpan, rule
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
_DOUBLED_AROUND_LEVEL = re.compile(r"(?P<phrase>支出)（(?P<level>[类款项])）(?P=phrase)")


# `一般公共服务（类）支出`: a level's name written before its marker and the verb 支出.
_NAME_BEFORE_LEVEL = re.compile(rf"(?P<name>{_HAN}{{2,16}})（(?P<level>[类款项])）支出")


# A name of a level is at least this long (`住房保障`, `卫生健康`), unless it is all that precedes its marker.
_SHORTEST_NAME = 4


# A line that begins a labelled field (`预算主管部门：…`, `单位名称:`): a break before it ends a title.
_LABEL_START = lazy_compile(rf"{_HAN}{{2,10}}[：:]")


# Reduplications that are correct Chinese.
_ALLOWED_DOUBLES = frozenset({"谢谢", "常常", "人人", "天天", "年年", "层层", "步步", "处处", "事事", "时时"})


@rule(
    "ZL602",
    "duplicated-word",
    Severity.WARNING,
    "字词、短语或标点连续重复。",
    """
    在照抄的报告上修改，常留下重复的短语（`长株潭长株潭`、`缴费缴费`、`会议场租费会议场租费`、`用于于`、
    `。。`）。自动修复删除第二遍。正确的叠词（`常常`、`层层`）不报告。夹在词中间重复的两字词
    （`住房保障保障性住房`）可能是共用一个字词的两个词，因此只报告为提示、不给修复，除非文档别处写出了修好
    后的词。连续印了两遍的整段文字（三段以上、合计 200 字以上逐字相同，紧接在第一遍之后）报告为提示，
    只报一次。
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
    source = context.source.text
    dropping = _levels_dropping_zhichu(context.document, joined)
    for pattern in (_DOUBLED_PHRASE, _DOUBLED_CHAR, _DOUBLED_PUNCTUATION, _DOUBLED_AROUND_LEVEL):
        for match in pattern.finditer(joined):
            if not _is_slip(match, joined, dropping):
                continue
            index = bisect.bisect_right(starts, match.start()) - 1
            ambiguous = pattern is _DOUBLED_PHRASE and _may_be_two_words(joined, match)
            finding = _double(texts[index], match, starts[index], source, ambiguous)
            if finding is not None:
                yield finding
    for paragraph in context.document.paragraphs:
        if paragraph.last_line > paragraph.first_line:  # a line break to be doubled across
            yield from _doubled_across_lines(paragraph.text, context.source.text)
    yield from _repeated_passages(context.document)


# A passage is a run of at least this many paragraphs (or headings), each at least this long.
_PASSAGE_BLOCKS = 3
_PASSAGE_CHARS = 15
_LONGEST_PASSAGE = 60  # blocks: a repeat is looked for that far back, so the search stays linear
_PASSAGE_TOTAL = 200  # characters: a section, not a short note repeated under each table


def _repeated_passages(document: Document) -> Iterator[Finding]:
    """A run of paragraphs printed twice in a row (a section pasted again): once, as info, at the
    start of the second copy."""
    blocks: list[tuple[str, MappedText]] = []
    for block in document.blocks:
        if isinstance(block, Paragraph) and not block.in_toc:
            blocks.append((compact(block.text.text), block.text))
        elif isinstance(block, Heading) and not block.in_toc:
            blocks.append((compact(block.title.text), block.title))
        else:
            blocks.append(("", MappedText("", (0,))))  # a table or a 目录 entry ends a passage
    last: dict[str, int] = {}
    reported: set[str] = set()
    index = 0
    while index < len(blocks):
        text = blocks[index][0]
        earlier = last.get(text) if len(text) >= _PASSAGE_CHARS else None
        last[text] = index
        size = index - earlier if earlier is not None else 0
        if earlier is None or not _PASSAGE_BLOCKS <= size <= _LONGEST_PASSAGE or index + size > len(blocks):
            index += 1
            continue
        same = all(
            blocks[earlier + k][0] == blocks[index + k][0] and blocks[index + k][0] for k in range(size)
        )
        if same and sum(len(blocks[index + k][0]) for k in range(size)) >= _PASSAGE_TOTAL:
            first, copy = blocks[earlier][1], blocks[index][1]
            if text in reported:  # a third copy: the passage is reported once
                index += size
                continue
            reported.add(text)
            yield Finding(
                copy.source_span(0, len(copy.text)),
                f"从这里起的 {size} 段与前面的 {size} 段（“{first.text[:12]}…”起）逐字相同：同一部分印了两遍",
                severity=Severity.INFO,
                related=(RelatedSpan(first.source_span(0, len(first.text)), "第一遍"),),
            )
            for k in range(size):
                last[blocks[index + k][0]] = index + k
            index += size
            continue
        index += 1


_DOUBLED_HAN = re.compile(rf"({_HAN})\1")


_HAN_CHAR = lazy_compile(_HAN)


def _is_slip(match: re.Match[str], joined: str, dropping: frozenset[str]) -> bool:
    """Is a doubling a slip rather than correct Chinese or a template's placeholder?

    `实实在在` (AABB) is a reduplication; a run of three or more 。 alone in its text (`。。。`) is a
    makeshift ellipsis standing for rows left out; `其他法院支出（项）支出` is a name that ends in
    支出 followed by the verb, a slip only where the document writes the names of that level
    without their 支出 (`一般公共服务（类）支出`, see :func:`_levels_dropping_zhichu`).
    """
    start, end = match.span()
    text = match.group()
    if "level" in match.re.groupindex:
        return match.group("level") in dropping
    if len(text) == 2 and _HAN_CHAR.match(text):
        before, after = joined[max(0, start - 2) : start], joined[end : end + 2]
        if _is_pair(before) or _is_pair(after):
            return False  # AABB: 实实在在, 认认真真
    if len(text) == 4 and _reads_as_three_words(joined, start, end):
        return False
    if len(text) >= 3 and text[0] in "。、":
        line_start = joined.rfind("\n", 0, start) + 1
        line_end = joined.find("\n", end)
        line = joined[line_start : len(joined) if line_end < 0 else line_end]
        if line.strip() == text:
            return False
    return True


def _reads_as_three_words(joined: str, start: int, end: int) -> bool:
    """Does a doubled pair `ABAB` read as three different words `xA` `BA` `By` (`监测预测预警`)?

    Chinese lists verbs that share a syllable (`监测、预测、预警` written without the marks); the
    doubled `测预` straddles them. The document is the dictionary: the word `xA` stands elsewhere
    on its own (not as part of `xAB`), and `BA` stands elsewhere. A slip leaves fragments
    (`政府领府领导`: `领府`; `城乡社区社区`: `乡社` only ever inside `乡社区`) or two equal words
    (`津贴补贴补贴`: `补贴` `补贴`).
    """
    if start == 0 or end >= len(joined):
        return False
    before, after = joined[start - 1], joined[end]
    first, second = joined[start], joined[start + 1]
    if after == first or not (_HAN_CHAR.match(before) and _HAN_CHAR.match(after)):
        return False
    return _stands_alone(joined, before + first, second, start - 1, end) and _stands_elsewhere(
        joined, second + first, start - 1, end
    )


def _stands_alone(joined: str, word: str, not_before: str, start: int, end: int) -> bool:
    """Does ``word`` occur outside ``[start, end)`` followed by something other than ``not_before``?"""
    found = joined.find(word)
    while found >= 0:
        outside = found + len(word) <= start or found >= end
        if outside and joined[found + len(word) : found + len(word) + 1] != not_before:
            return True
        found = joined.find(word, found + 1)
    return False


def _stands_elsewhere(joined: str, word: str, start: int, end: int) -> bool:
    """Does ``word`` occur in ``joined`` outside ``[start, end)``?"""
    return joined.find(word, 0, start + len(word) - 1) >= 0 or joined.find(word, end) >= 0


def _is_pair(chars: str) -> bool:
    return len(chars) == 2 and chars[0] == chars[1] and bool(_HAN_CHAR.match(chars))


def _levels_dropping_zhichu(document: Document, joined: str) -> frozenset[str]:
    """The levels (类/款/项) whose names the prose writes without the 支出 they end with in the tables.

    `一般公共服务（类）支出` beside a table row `一般公共服务支出`: names of this level drop their
    支出, so `公共安全支出（类）支出` doubles it. Every 类 is named `…支出`, so for 类 a name
    written without it is proof enough. Where names are written in full
    (`法院（款）其他法院支出（项）支出`) the second 支出 is the verb.
    """
    if "）支出" not in joined:
        return frozenset()
    # Every cell followed by a line break, so that `name支出\n` finds a cell that ends with it.
    cells = "".join(
        cell.text.replace(" ", "") + "\n"
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    )
    levels: set[str] = set()
    for match in _NAME_BEFORE_LEVEL.finditer(joined):
        name = match.group("name")
        if name.endswith("支出"):
            continue
        if match.group("level") == "类":
            levels.add("类")  # every 类 of the 功能分类 is named `…支出`: this one dropped it
            continue
        # The shortest tail that can be a name (`服务` of `机关服务` would find `商品和服务支出`).
        shortest = min(len(name), _SHORTEST_NAME)
        if any(name[-length:] + "支出\n" in cells for length in range(shortest, len(name) + 1)):
            levels.add(match.group("level"))
    return frozenset(levels)


def _across_title_line(source: str, first_end: int, second_start: int) -> bool:
    """Do two copies stand on either side of a break that ends a title line, not a sentence's line?

    A cover line `…2025年部门预算` followed by `预算主管部门：…` repeats no word: the second line
    begins a labelled field, so the break ends the title rather than falling inside a sentence,
    where a copy slip can double a word.
    """
    if "\n" not in source[first_end:second_start]:
        return False
    line_end = source.find("\n", second_start)
    return bool(_LABEL_START.match(source, second_start, len(source) if line_end < 0 else line_end))


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
        if _HAN_CHAR.match(text.text[index + 2 : index + 3]):
            # `供应` / `应急`: the second copy may begin the next word; only `用，` is plainly doubled
            continue
        if _across_title_line(source, text.offsets[index] + 1, text.offsets[index + 1]):
            continue
        yield Finding(
            text.source_span(index + 1, index + 2),
            f"“{char}”在换行处重复了：“{char}{following}”",
            severity=Severity.INFO,
            fix="",
        )


def _may_be_two_words(joined: str, match: re.Match[str]) -> bool:
    """May a doubled pair be two words sharing it, a 、 left out (`住房保障保障性住房`)?

    A two-character word between characters on both sides can end one word and begin the next
    (`住房保障`, `保障性住房`; `学前教育`, `教育资源`), and then removing a copy makes another word.
    Without a dictionary this cannot be told from a slip (`养老保险缴费缴费支出`), unless the
    document writes the repaired words elsewhere (`保险缴费支出` in a table row).
    """
    start, end = match.span()
    phrase = match.group("phrase")
    if len(phrase) != 2 or start == 0 or end >= len(joined):
        return False
    before, after = joined[start - 1], joined[end]
    if not (_HAN_CHAR.match(before) and _HAN_CHAR.match(after)):
        return False
    return not _stands_elsewhere(joined, before + phrase + after, start - 1, end + 1)


def _double(
    text: PlacedText, match: re.Match[str], text_start: int, source: str, ambiguous: bool = False
) -> Finding | None:
    """The finding for a doubling ``match`` found in ``text``, which begins at ``text_start`` of the
    string that was searched; None for a correct reduplication."""
    phrase = match.group("phrase")
    if match.group() in _ALLOWED_DOUBLES or (len(set(phrase)) == 1 and len(phrase) > 1):
        return None
    end = match.end() - text_start
    second = end - len(phrase)
    span = text.source_span(second, end)
    first_end = text.source_span(match.start() - text_start, second).end
    if _across_title_line(source, first_end, span.start):
        return None
    # Only offer a fix when the doubled text is contiguous in the source (not across lines).
    contiguous = span.end - span.start == end - second
    if ambiguous:
        message = f"“{phrase}”重复了：“{match.group()}”（如果是两个词共用了“{phrase}”，如漏写了顿号，请忽略）"
        return Finding(span, message, severity=Severity.INFO)
    return Finding(span, f"“{phrase}”重复了：“{match.group()}”", fix="" if contiguous else None)
