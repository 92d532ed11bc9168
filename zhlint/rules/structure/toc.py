"""ZL620 toc-mismatch: the 目录 against the body's headings and table titles."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence

import attrs

from zhlint.diagnostics import Severity, Span
from zhlint.document.segment import Block, Document, Heading, HeadingStyle, Paragraph, Table
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule

# Characters that differ between a TOC entry and its heading without changing what it names.
# (The standard engine: this runs on every title and caption line, and starts faster than regex.)
_NOISE = re.compile(r"[\s“”\"'‘’「」（）()、，,。：:·\-—*#]")


# A 目录 entry's leader and page number (`一、部门职责……………………1`, `部门职责 .......3`).
_LEADER = re.compile(r"[.．…·\s]+\d{1,4}\s*$")


def _key(title: str) -> str:
    return _NOISE.sub("", _LEADER.sub("", title))


_YEAR = re.compile(r"20\d{2}年度?")


# The label a table's title line may start with (`公开10表：…`), which no 目录 entry repeats.
_TABLE_LABEL = re.compile(r"^(?:公开)?\d+表")


# Words a title may replace by the unit's own name (`部门主要职能` headed `XX委员会主要职能`).
_SELF_WORDS = re.compile(r"^(?:本?部门|本?单位)")


# A body title at least this alike to its entry names the same section or table, written
# differently (a word added or dropped, a garbled character); below it, another one.
_ALIKE = 0.75


# A numbered body heading at least this alike to the entry of its number is that entry's section.
_SAME_SECTION = 0.5


def _same_title(body: str, entry: str) -> bool:
    """Equal but for noise; a body title that only adds the report year is the same title."""
    return _key(body) == _key(entry) or _key(_YEAR.sub("", body, count=1)) == _key(entry)


def _core(title: str) -> str:
    """What a title names, without the year and a leading 部门/单位 a body may write as the unit's name."""
    return _SELF_WORDS.sub("", _key(_YEAR.sub("", title)))


def _alike(one: str, other: str) -> float:
    return difflib.SequenceMatcher(None, one, other).ratio()


@attrs.frozen
class _Layout:
    """The 目录's entries, and the body after it: its blocks and its lines' keys."""

    toc: tuple[Heading, ...]
    body: tuple[Block, ...]
    body_lines: tuple[tuple[int, str], ...]  # (line number, key of the line) after the 目录


# Running text: a sentence longer than any 目录 entry (entries may end with 。 too).
_PROSE_LENGTH = 40


def _is_prose(block: Block) -> bool:
    """Running text or a table: no 目录 holds one, so the 目录 has ended before it."""
    if isinstance(block, Table):
        return True
    if not isinstance(block, Paragraph) or len(block.text.text) <= _PROSE_LENGTH:
        return False
    return any(mark in block.text.text for mark in "。；;")


def _layout(document: Document) -> _Layout:
    """Split the blocks at the end of the 目录.

    The segmenter ends the 目录 where a 第X部分 it lists is named again; a body that names no
    part (Shanghai's budgets) would stay in the 目录 to the end, and its sub-headings read as
    entries. The 目录 also ends at the first running text or table.
    """
    blocks = document.blocks
    end = _toc_end(blocks)
    toc = tuple(
        entry
        for block in blocks[:end]
        if (entry := block if isinstance(block, Heading) else _sentence_entry(block)) is not None
        and entry.in_toc
    )
    body = tuple(block for block in blocks if not (isinstance(block, Heading) and block in toc))
    source = document.source
    first_body_line = source.position(blocks[end].span.start)[0] if end < len(blocks) else 0
    # The 目录's own lines are never the body (a 目录 that runs to the end leaves no line after it).
    toc_lines = {
        line
        for entry in toc
        for line in range(source.position(entry.span.start)[0], source.position(entry.span.end)[0] + 1)
    }
    lines = tuple(
        (number, _TABLE_LABEL.sub("", _key(source.line_text(number))))
        for number in range(max(first_body_line, 1), len(source.line_starts) + 1)
        if number not in toc_lines
    )
    return _Layout(toc, body, tuple((number, key) for number, key in lines if key))


# The level of a numbered heading, by the style of its number (as the segmenter sets it).
_LEVELS = {
    HeadingStyle.PART: 1,
    HeadingStyle.CN: 2,
    HeadingStyle.PAREN_CN: 3,
    HeadingStyle.ARABIC: 4,
    HeadingStyle.PAREN_ARABIC: 5,
}


def _sentence_entry(block: Block) -> Heading | None:
    """A 目录 entry written as a sentence (`一、主要职能。`): one short numbered line ending with 。,
    which the segmenter takes for a numbered paragraph; as the heading it lists, without the 。."""
    if not isinstance(block, Paragraph) or not block.in_toc or block.marker is None:
        return None
    text = block.text.text
    level = _LEVELS.get(block.marker.style)
    if level is None or block.first_line != block.last_line or len(text) > _PROSE_LENGTH:
        return None
    if not text.endswith("。") or "。" in text[:-1] or not text.startswith(block.marker.text):
        return None
    start = len(block.marker.text)
    while start < len(text) and text[start].isspace():
        start += 1
    if start >= len(text) - 1:
        return None
    title = block.text.slice(start, len(text) - 1)
    return Heading(level, title, block.span, block.first_line, block.marker, in_toc=True)


def _toc_end(blocks: Sequence[Block]) -> int:
    """The index of the first block after the 目录: not marked as in it, running text, or a heading
    that repeats an entry (`一、部门职责` after `一、部门职责……1`: the body has begun)."""
    started = False
    entries: set[tuple[str, str]] = set()
    for index, block in enumerate(blocks):
        in_toc = getattr(block, "in_toc", False)
        if in_toc:
            started = True
        if started and (not in_toc or _is_prose(block)):
            return index
        if isinstance(block, Heading) and in_toc:
            entry = (block.marker.text if block.marker else "", _key(block.text))
            if entry in entries:
                return index
            entries.add(entry)
    return len(blocks)


# A title line may put the unit's name (up to this many characters) before what the entry names.
_NAME_ROOM = 30


def _title_line(layout: _Layout, title: str) -> int | None:
    """The first body line that is headed by what ``title`` names (the unit's name may stand before it)."""
    core = _core(title).replace("…", "")
    if len(core) < 2:
        return None
    for number, key in layout.body_lines:
        if len(key) <= len(core) + _NAME_ROOM and core in key:
            return number
    return None


def _closest_line(layout: _Layout, title: str) -> tuple[int, float]:
    """The body line most like ``title`` (a garbled or reworded heading), and how alike it is."""
    wanted = _key(title)
    best_line, best_ratio = 0, 0.0
    for number, key in layout.body_lines:
        if abs(len(key) - len(wanted)) > max(4, len(wanted) // 3):
            continue  # a line much longer or shorter is not this title
        matcher = difflib.SequenceMatcher(None, key, wanted)
        if matcher.quick_ratio() > best_ratio and (ratio := matcher.ratio()) > best_ratio:
            best_line, best_ratio = number, ratio
    return best_line, best_ratio


def _toc_sections(toc: Sequence[Heading]) -> list[tuple[int | None, Heading]]:
    """TOC entries with the number of the part they are listed under."""
    entries: list[tuple[int | None, Heading]] = []
    part: int | None = None
    for heading in toc:
        if heading.marker and heading.marker.style is HeadingStyle.PART:
            part = heading.marker.ordinal
        elif heading.marker and heading.marker.style is HeadingStyle.CN:
            entries.append((part, heading))
    return entries


def _body_sections(body: Sequence[Block]) -> dict[tuple[int | None, int | None], Heading]:
    """Body headings `一、…` keyed by (part number, section number); the first of each wins."""
    found: dict[tuple[int | None, int | None], Heading] = {}
    part: int | None = None
    for block in body:
        if not isinstance(block, Heading) or block.marker is None:
            continue
        if block.marker.style is HeadingStyle.PART:
            part = block.marker.ordinal
        elif block.marker.style is HeadingStyle.CN and (part, block.marker.ordinal) not in found:
            found[(part, block.marker.ordinal)] = block
    return found


def _table_titles(document: Document) -> list[str]:
    titles: list[str] = []
    for table in document.tables:
        titles.extend(_key(line.text) for line in table.caption)
    return titles


def _title_lines(document: Document, paragraph: Paragraph, entry_title: str) -> tuple[str, Span]:
    """The first lines of a paragraph that best match the 目录 entry, and their span.

    A title broken over lines joins the text after it when no 。 ends it, so the whole paragraph
    would be too much and its first line may be too little: take the run of first lines most
    like the entry.
    """
    best_title, best_end, best_ratio = "", paragraph.first_line, -1.0
    title = ""
    for line in range(paragraph.first_line, min(paragraph.last_line, paragraph.first_line + 3) + 1):
        title += document.source.line_text(line)
        ratio = _alike(_key(title), _key(entry_title))
        if ratio > best_ratio:
            best_title, best_end, best_ratio = title, line, ratio
    source = document.source
    span = Span(source.line_starts[paragraph.first_line - 1], source.line_end(best_end))
    return best_title, span


def _part_title_in_body(
    document: Document, body: Sequence[Block], ordinal: int | None, entry_title: str
) -> tuple[Heading, str, Span] | None:
    """The body's 第X部分 heading, its title, and the title's span (the next lines when it stands alone)."""
    for index, block in enumerate(body):
        if not (isinstance(block, Heading) and block.marker is not None):
            continue
        if block.marker.style is not HeadingStyle.PART or block.marker.ordinal != ordinal:
            continue
        title, span = block.text, block.span
        if not _key(title) and index + 1 < len(body):
            following = body[index + 1]
            if isinstance(following, Heading):
                title, span = following.text, following.span
            elif isinstance(following, Paragraph):
                title, span = _title_lines(document, following, entry_title)
        return block, title, span
    return None


@rule(
    "ZL620",
    "toc-mismatch",
    Severity.WARNING,
    "目录中列出的某一部分或某张表在正文中缺失，或标题不同。",
    """
    目录向读者承诺了每一部分、每一节和每张表。目录中列出而正文中没有（或编号不同）的部分是出版物的缺陷；
    标题与目录条目不同（少了一个词、换了名称）报告为提示。正文给各节编号时，按编号和标题（第X部分、一、…）
    匹配目录条目；正文不编号、只写标题时（如以 `XX委员会主要职能` 对应 `一、部门主要职能`），按标题匹配，
    找不到的一节只报告为提示：版式无法确定地对应。表按标题匹配；相差几个字（乱码、改写）的标题或表名视为
    存在，报告为提示。
    """,
    bad="目录：七、政府性基金预算收入支出决算情况说明 … 正文：七、政府性基金预算收入支出决算情况",
    good="目录：七、政府性基金预算收入支出决算情况说明 … 正文：七、政府性基金预算收入支出决算情况说明",
    summary_en="A section or table listed in the 目录 is missing from the body, or titled differently.",
)
def toc_mismatch(context: LintContext) -> Iterator[Finding]:
    document = context.document
    if not document.toc:
        return
    layout = _layout(document)
    yield from _part_mismatches(document, layout)
    body = _body_sections(layout.body)
    entries = _toc_sections(layout.toc)
    numbered = _numbers_sections(body, entries)
    table_titles = _table_titles(document)
    for part, entry in entries:
        heading = body.get((part, entry.marker.ordinal if entry.marker else None))
        if heading is not None and _names_same_section(heading.text, entry.text):
            if not _same_title(heading.text, entry.text):
                yield _differs(heading, entry)
        elif table_titles and any(_key(entry.text) in title for title in table_titles):
            continue  # 第二部分 lists tables, which appear under their titles, not as headings
        elif _listed_as_table_part(layout.toc, part):
            yield from _missing_table(document, layout, entry, table_titles)
        elif _title_line(layout, entry.text) is None:
            yield from _missing_section(document, layout, entry, heading, numbered)


def _names_same_section(body: str, entry: str) -> bool:
    """Is a body heading of the entry's number that entry's section (not a sub-heading numbered alike)?"""
    body_key, entry_key = _core(body), _core(entry)
    return body_key in entry_key or entry_key in body_key or _alike(body_key, entry_key) >= _SAME_SECTION


def _numbers_sections(
    body: dict[tuple[int | None, int | None], Heading], entries: Sequence[tuple[int | None, Heading]]
) -> bool:
    """Does the body number its sections as the 目录 does? Yes when any entry's number heads its section."""
    for part, entry in entries:
        heading = body.get((part, entry.marker.ordinal if entry.marker else None))
        if heading is not None and _names_same_section(heading.text, entry.text):
            return True
    return False


def _missing_section(
    document: Document, layout: _Layout, entry: Heading, heading: Heading | None, numbered: bool
) -> Iterator[Finding]:
    number = entry.marker.text if entry.marker else ""
    line, ratio = _closest_line(layout, entry.text)
    if ratio >= _ALIKE:
        yield _differs_at_line(document, line, entry, number)
    elif heading is not None and numbered:
        yield _differs(heading, entry)
    elif numbered:
        yield Finding(entry.span, f"目录列出“{number}{entry.text}”，正文中没有这一节")
    else:
        yield Finding(
            entry.span,
            f"目录列出“{number}{entry.text}”，正文中没有找到这一节（正文各节不带编号，只按标题查找）",
            severity=Severity.INFO,
        )


def _missing_table(
    document: Document, layout: _Layout, entry: Heading, table_titles: Sequence[str]
) -> Iterator[Finding]:
    wanted = _key(entry.text)
    if any(title and title in wanted for title in table_titles) or _title_line(layout, entry.text):
        return
    line, ratio = _closest_line(layout, entry.text)
    if ratio >= _ALIKE:
        yield _differs_at_line(document, line, entry, "")
        return
    yield Finding(entry.span, f"目录列出表“{entry.text}”，正文中没有找到这张表")


def _differs_at_line(document: Document, line: int, entry: Heading, number: str) -> Finding:
    source = document.source
    written = source.line_text(line).strip()
    return Finding(
        Span(source.line_starts[line - 1], source.line_end(line)),
        f"正文标题“{written}”与目录“{number}{entry.text}”不一致",
        severity=Severity.INFO,
        related=(RelatedSpan(entry.span, "目录中的条目"),),
    )


def _listed_as_table_part(toc: Sequence[Heading], part: int | None) -> bool:
    """Is `part` the 决算表 part, whose entries are tables rather than headings?"""
    for heading in toc:
        if heading.marker and heading.marker.style is HeadingStyle.PART and heading.marker.ordinal == part:
            return "表" in heading.text
    return False


def _part_mismatches(document: Document, layout: _Layout) -> Iterator[Finding]:
    for entry in layout.toc:
        if not (entry.marker and entry.marker.style is HeadingStyle.PART):
            continue
        found = _part_title_in_body(document, layout.body, entry.marker.ordinal, entry.text)
        if found is None:
            yield _part_unheaded(document, layout, entry)
            continue
        heading, title, span = found
        if _same_title(title, entry.text) or not (_key(title) and _key(entry.text)):
            continue
        yield Finding(
            span,
            f"正文标题“{heading.marker.text if heading.marker else ''}{title}”与目录“{entry.text}”不一致",
            severity=Severity.INFO,
            related=(RelatedSpan(entry.span, "目录中的条目"),),
        )


def _part_unheaded(document: Document, layout: _Layout, entry: Heading) -> Finding:
    """A 第X部分 the body never names: missing, or there under its title without the prefix."""
    marker = entry.marker.text if entry.marker else ""
    line, ratio = _closest_line(layout, entry.text)
    if ratio < _ALIKE:
        return Finding(entry.span, f"目录列出“{marker}{entry.text}”，正文中没有这一部分")
    source = document.source
    written = source.line_text(line).strip()
    differs = "" if _same_title(written, entry.text) else f"，标题也与目录“{entry.text}”不一致"
    return Finding(
        Span(source.line_starts[line - 1], source.line_end(line)),
        f"正文中这一部分的标题“{written}”没有“{marker}”编号{differs}",
        severity=Severity.INFO,
        related=(RelatedSpan(entry.span, "目录中的条目"),),
    )


def _differs(heading: Heading, entry: Heading) -> Finding:
    number = heading.marker.text if heading.marker else ""
    return Finding(
        heading.span,
        f"正文标题“{number}{heading.text}”与目录“{number}{entry.text}”不一致",
        severity=Severity.INFO,
        related=(RelatedSpan(entry.span, "目录中的条目"),),
    )
