"""ZL620 toc-mismatch: the 目录 against the body's headings and table titles."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from zhlint.diagnostics import Severity, Span
from zhlint.document.segment import Document, Heading, HeadingStyle, Paragraph
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule

# Characters that differ between a TOC entry and its heading without changing what it names.
# (The standard engine: this runs on every title and caption line, and starts faster than regex.)
_NOISE = re.compile(r"[\s“”\"'‘’「」（）()、，,。：:·\-—*#]")


def _key(title: str) -> str:
    return _NOISE.sub("", title)


_YEAR = re.compile(r"20\d{2}年度?")


def _same_title(body: str, entry: str) -> bool:
    """Equal but for noise; a body title that only adds the report year is the same title."""
    return _key(body) == _key(entry) or _key(_YEAR.sub("", body, count=1)) == _key(entry)


def _toc_sections(document: Document) -> list[tuple[int | None, Heading]]:
    """TOC entries with the number of the part they are listed under."""
    entries: list[tuple[int | None, Heading]] = []
    part: int | None = None
    for heading in document.toc:
        if heading.marker and heading.marker.style is HeadingStyle.PART:
            part = heading.marker.ordinal
        elif heading.marker and heading.marker.style is HeadingStyle.CN:
            entries.append((part, heading))
    return entries


def _body_sections(document: Document) -> dict[tuple[int | None, int | None], Heading]:
    """Body headings `一、…` keyed by (part number, section number); the first of each wins."""
    found: dict[tuple[int | None, int | None], Heading] = {}
    part: int | None = None
    for block in document.blocks:
        if not isinstance(block, Heading) or block.in_toc or block.marker is None:
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
        ratio = difflib.SequenceMatcher(None, _key(title), _key(entry_title)).ratio()
        if ratio > best_ratio:
            best_title, best_end, best_ratio = title, line, ratio
    source = document.source
    span = Span(source.line_starts[paragraph.first_line - 1], source.line_end(best_end))
    return best_title, span


def _part_title_in_body(
    document: Document, ordinal: int | None, entry_title: str
) -> tuple[Heading, str, Span] | None:
    """The body's 第X部分 heading, its title, and the title's span (the next lines when it stands alone)."""
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if not (isinstance(block, Heading) and not block.in_toc and block.marker is not None):
            continue
        if block.marker.style is not HeadingStyle.PART or block.marker.ordinal != ordinal:
            continue
        title, span = block.text, block.span
        if not _key(title) and index + 1 < len(blocks):
            following = blocks[index + 1]
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
    标题与目录条目不同（少了一个词、换了名称）报告为提示。本检查按编号（第X部分、一、…）匹配目录条目，第
    二部分的表按标题匹配。
    """,
    bad="目录：七、政府性基金预算收入支出决算情况说明 … 正文：七、政府性基金预算收入支出决算情况",
    good="目录：七、政府性基金预算收入支出决算情况说明 … 正文：七、政府性基金预算收入支出决算情况说明",
    summary_en="A section or table listed in the 目录 is missing from the body, or titled differently.",
)
def toc_mismatch(context: LintContext) -> Iterator[Finding]:
    document = context.document
    if not document.toc:
        return
    yield from _part_mismatches(document)
    body = _body_sections(document)
    table_titles = _table_titles(document)
    for part, entry in _toc_sections(document):
        ordinal = entry.marker.ordinal if entry.marker else None
        heading = body.get((part, ordinal))
        if heading is not None:
            if not _same_title(heading.text, entry.text):
                yield _differs(heading, entry)
        elif table_titles and any(_key(entry.text) in title for title in table_titles):
            continue  # 第二部分 lists tables, which appear under their titles, not as headings
        elif not _listed_as_table_part(document, part):
            yield Finding(
                entry.span,
                f"目录列出“{entry.marker.text if entry.marker else ''}{entry.text}”，正文中没有这一节",
            )
        elif not any(
            _key(entry.text) in title or title in _key(entry.text) for title in table_titles if title
        ):
            yield Finding(entry.span, f"目录列出表“{entry.text}”，正文中没有找到这张表")


def _listed_as_table_part(document: Document, part: int | None) -> bool:
    """Is `part` the 决算表 part, whose entries are tables rather than headings?"""
    for heading in document.toc:
        if heading.marker and heading.marker.style is HeadingStyle.PART and heading.marker.ordinal == part:
            return "表" in heading.text
    return False


def _part_mismatches(document: Document) -> Iterator[Finding]:
    for entry in document.toc:
        if not (entry.marker and entry.marker.style is HeadingStyle.PART):
            continue
        found = _part_title_in_body(document, entry.marker.ordinal, entry.text)
        if found is None:
            yield Finding(entry.span, f"目录列出“{entry.marker.text}{entry.text}”，正文中没有这一部分")
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


def _differs(heading: Heading, entry: Heading) -> Finding:
    number = heading.marker.text if heading.marker else ""
    return Finding(
        heading.span,
        f"正文标题“{number}{heading.text}”与目录“{number}{entry.text}”不一致",
        severity=Severity.INFO,
        related=(RelatedSpan(entry.span, "目录中的条目"),),
    )
