"""Segmenting: Source to Document (headings, paragraphs, tables, notes), every node with its span.

PDF extraction leaves sentences broken over lines and pages, tables as tab-separated lines,
markdown decorations (``#``, ``**``, ``- ``) and stray spaces inside numbers. This module
undoes those artefacts into a model whose every node still points at the original characters.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

import attrs

from zhlint.diagnostics import Span
from zhlint.document.kind import (
    COVER_PARAGRAPHS,
    NO_KIND,
    NO_YEAR,
    KindReading,
    ReportKind,
    YearReading,
    read_kind,
    read_report_year,
)
from zhlint.read.numbers import (
    NUMBER_PATTERN,
    Number,
    parse_decimal,
    places_of,
    read_numbers,
)
from zhlint.read.source import Line, Source
from zhlint.read.text import MappedText, MappedTextBuilder, normalise_width, without_stray_spaces

CN_DIGITS = "零一二三四五六七八九十"

# Markdown decorations that PDF-to-text tools leave around headings and list items.
_DECORATION = re.compile(r"^(?P<hashes>#{1,6}[ \t]+)?(?P<bullet>[-*+][ \t]+)?")
_BOLD = re.compile(r"\*\*|__")
_DECORATION_START = frozenset("#-*+")
_SENTENCE_END = tuple("。！？!?")
_PIPE_SEPARATOR = re.compile(r"\|[\s:|-]+\|")
_NUMERIC_CELL = re.compile(r"^[-−—]?[\d,.\s]+%?$|^[-—－]{1,2}$")
# A whole line that is a Markdown comment (`<!-- zhlint-disable ZL101 -->`): not shown when the
# report is rendered, so read as a blank line, neither a paragraph nor part of one (zhlint.suppress).
COMMENT_LINE = re.compile(r"[ \t]*<!--.*?-->[ \t]*")


class HeadingStyle(str, enum.Enum):
    PART = "part"  # 第一部分
    CN = "cn"  # 一、
    PAREN_CN = "paren_cn"  # （一） or (一)
    ARABIC = "arabic"  # 1、 or 1.
    PAREN_ARABIC = "paren_arabic"  # （1） or (1)
    MARKDOWN = "markdown"  # # Title, no number


# The patterns tried on every line or cell are compiled with the standard library's engine,
# which starts a match about twice as fast as `regex` on such short strings.
_HEADING_PATTERNS: tuple[tuple[HeadingStyle, re.Pattern[str]], ...] = (
    (HeadingStyle.PART, re.compile(r"^第(?P<n>[一二三四五六七八九十]{1,3})部分\s*(?P<title>.*)$")),
    (HeadingStyle.CN, re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})\s*、\s*(?P<title>.+)$")),
    (
        HeadingStyle.PAREN_CN,
        re.compile(r"^[（(]\s*(?P<n>[一二三四五六七八九十]{1,3})\s*[)）]\s*(?P<title>.+)$"),
    ),
    # `5.` before a digit is a decimal (`1.5万元`), but not before a year (`5.2024年…表`).
    (
        HeadingStyle.ARABIC,
        re.compile(r"^(?P<n>\d{1,2})\s*(?:、|[.．](?!\d)|[.．](?=(?:19|20)\d{2}年))\s*(?P<title>\S.*)$"),
    ),
    (HeadingStyle.PAREN_ARABIC, re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[)）]\s*(?P<title>.+)$")),
)
_HEADING_START = frozenset("第一二三四五六七八九十（(0123456789")
_LEVEL = {
    HeadingStyle.PART: 1,
    HeadingStyle.CN: 2,
    HeadingStyle.PAREN_CN: 3,
    HeadingStyle.ARABIC: 4,
    HeadingStyle.PAREN_ARABIC: 5,
}
# A numbered line longer than this, or ending a sentence, is a numbered paragraph, not a heading.
_HEADING_MAX_CHARS = 45


def chinese_numeral(text: str) -> int | None:
    """一 → 1, 十 → 10, 十五 → 15, 二十三 → 23 (enough for section numbers)."""
    if not text or any(char not in CN_DIGITS for char in text):
        return None
    if "十" not in text:
        return CN_DIGITS.index(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    tens_value = CN_DIGITS.index(tens) if tens else 1
    units_value = CN_DIGITS.index(units) if units else 0
    return tens_value * 10 + units_value


@attrs.frozen
class Marker:
    """The number that starts a heading or a numbered paragraph (`一、`, `（三）`, `2.`)."""

    style: HeadingStyle
    ordinal: int | None
    text: str  # as written, e.g. "（一）"
    span: Span
    line: int


@attrs.frozen
class Heading:
    level: int  # 1 第X部分; 2 一、; 3 （一）; 4 1、; 5 （1）; markdown-only headings by '#' count
    title: MappedText  # without the marker and decorations
    span: Span
    line: int
    marker: Marker | None = None
    in_toc: bool = False

    @property
    def text(self) -> str:
        return self.title.text


@attrs.frozen
class Paragraph:
    """Lines joined back into one paragraph; ``text`` is normalised for parsing.

    ``text`` has full-width digits as ASCII, markdown decorations removed, and stray spaces and
    thousands separators inside numbers removed; ``raw`` keeps those separators. Both map every
    character back to the source.
    """

    text: MappedText
    raw: MappedText
    numbers: tuple[Number, ...]
    span: Span
    first_line: int
    last_line: int
    headings: tuple[Heading, ...] = ()  # the enclosing headings, outermost first
    marker: Marker | None = None
    is_note: bool = False  # 注： / 说明：
    in_toc: bool = False


class Cell(NamedTuple):
    """A table cell. A named tuple rather than an attrs class: reports have thousands of cells, and
    a tuple is built in half the time; it is just as immutable (``_replace`` makes a changed copy)."""

    text: str  # stripped, with full-width digits as ASCII
    # Where the cell stands in the source, as offsets: a Span object for each of the thousands of
    # cells of a report would cost more than the few that are ever asked for (``span``).
    start: int
    end: int
    column: int  # 0-based position in its row
    value: Decimal | None = None  # set when the cell is a number (`-` counts as zero)
    is_written_number: bool = False  # written as a number (not `-`); see ``number``

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def mapped(self) -> MappedText:
        """The cell's text with its place in the source, for rules that search texts."""
        return MappedText(self.text, range(self.start, self.end + 1))

    def source_span(self, start: int, end: int) -> Span:
        """The source span of ``text[start:end]``, as :meth:`MappedText.source_span` gives it."""
        return self.mapped.source_span(start, end)

    @property
    def is_blank(self) -> bool:
        return not self.text

    @property
    def number(self) -> Number | None:
        """The cell's number as written (places, artefacts), or None for text and `-` cells.

        Built on request: few rules need it, and tables hold thousands of number cells.
        """
        if self.value is None or not self.is_written_number:
            return None
        return Number(self.value, places_of(self.text), self.span, self.text, " " in self.text)


class Row(NamedTuple):  # a named tuple, as Cell: one per table line
    cells: tuple[Cell, ...]
    line: int
    start: int  # source offsets of the line
    end: int
    text: str = ""  # the line as written, cells still tab- or pipe-separated (for quick word tests)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)


@attrs.frozen
class Table:
    """A run of tab-separated (or markdown pipe) lines; page-split runs are joined."""

    rows: tuple[Row, ...]
    span: Span
    first_line: int
    last_line: int
    caption: tuple[Line, ...] = ()  # the non-blank lines just before the table (title, 公开NN表, 部门)
    notes: tuple[Paragraph, ...] = ()  # 注：/说明： paragraphs just after the table
    headings: tuple[Heading, ...] = ()


Block = Heading | Paragraph | Table


@attrs.frozen(eq=False)
class Document:
    source: Source
    blocks: tuple[Block, ...]
    toc: tuple[Heading, ...]
    markers: tuple[Marker, ...]  # numbered headings and paragraphs of the body, in order
    title: Paragraph | None
    report_year: int | None  # from the cover, else from a clear majority of the titles (see ``year``)
    unit_name: str | None
    year: YearReading = NO_YEAR  # what decided ``report_year``
    kind_reading: KindReading = NO_KIND

    @property
    def kind(self) -> ReportKind:
        """部门决算, 单位决算, 部门预算, 单位预算 or unknown (see zhlint.document.kind)."""
        return self.kind_reading.kind

    @property
    def is_template(self) -> bool:
        """A blank template: its cover names the unit by a placeholder (`上海市XX局`)."""
        return self.kind_reading.template

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Heading))

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Paragraph))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Table))

    def texts(self) -> Iterator[MappedText]:
        """Every piece of prose: headings' titles and paragraphs' normalised text."""
        for block in self.blocks:
            if isinstance(block, Heading):
                yield block.title
            elif isinstance(block, Paragraph):
                yield block.text


# ---------------------------------------------------------------------------------------------
# Line classification


class LineKind(enum.Enum):
    BLANK = "blank"
    TABLE = "table"
    HEADING = "heading"
    MARKED = "marked"  # a numbered paragraph: marker + sentence
    TEXT = "text"


class _Classified(NamedTuple):  # one per line of the source, so a tuple rather than attrs
    line: Line
    kind: LineKind
    content: MappedText  # decorations removed, widths normalised; empty for TABLE lines (see _row)
    style: HeadingStyle | None = None
    marker_text: str = ""
    marker_end: int = 0  # index in content where the title begins
    ordinal: int | None = None
    markdown_level: int = 0


def _clean(line: Line, normalised: str) -> tuple[MappedText, int]:
    """Strip markdown decorations; return the cleaned text and the number of leading '#'.

    ``normalised`` is the whole source with normalised widths (see :func:`segment`).
    """
    text = line.text
    if text[0] not in _DECORATION_START and "**" not in text and "__" not in text:
        # Most lines carry no decoration at all: map them one to one without a builder.
        offsets = range(line.start, line.end + 1)
        return _strip(MappedText(normalised[line.start : line.end], offsets)), 0
    match = _DECORATION.match(text)
    hashes = match.group("hashes") or "" if match else ""
    begin = match.end() if match else 0
    builder = MappedTextBuilder()
    position = begin
    for bold in _BOLD.finditer(text, begin):
        builder.add(text[position : bold.start()], line.start + position)
        position = bold.end()
    builder.add(text[position:], line.start + position)
    mapped = builder.build()
    mapped = MappedText(normalise_width(mapped.text), mapped.offsets)
    return _strip(mapped), hashes.count("#")


def _strip(mapped: MappedText) -> MappedText:
    text = mapped.text
    if not text or not (text[0].isspace() or text[-1].isspace()):
        return mapped  # the usual case
    begin, end = 0, len(text)
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return MappedText(text[begin:end], mapped.offsets[begin : end + 1])


# The content of blank and table lines, which nothing reads (see _classify).
_NO_CONTENT = MappedText("", (0,))


def _classify(line: Line, normalised: str) -> _Classified:
    # Blank and table lines are two thirds of a report: their tuples are built directly (see _row).
    if not line.text or line.text.isspace():
        return _Classified._make((line, LineKind.BLANK, _NO_CONTENT, None, "", 0, None, 0))
    if "<!--" in line.text and COMMENT_LINE.fullmatch(line.text):
        return _Classified._make((line, LineKind.BLANK, _NO_CONTENT, None, "", 0, None, 0))
    if ("\t" in line.text and not _is_tabbed_title(line.text)) or _is_pipe_row(line.text):
        # _row splits table lines into cells from the line itself; a content map would go unused.
        return _Classified._make((line, LineKind.TABLE, _NO_CONTENT, None, "", 0, None, 0))
    content, hashes = _clean(line, normalised)
    # Every heading pattern starts with one of these; most lines start with something else.
    if content.text[:1] not in _HEADING_START:
        return _unnumbered(line, content, hashes)
    for style, pattern in _HEADING_PATTERNS:
        match = pattern.match(content.text)
        if match is None:
            continue
        number = match.group("n")
        ordinal = int(number) if number.isdigit() else chinese_numeral(number)
        title = _without_leaders(match.group("title"))
        is_heading = style is HeadingStyle.PART or (
            len(title) <= _HEADING_MAX_CHARS and not title.endswith(("。", "；", ";", "，"))
        )
        return _Classified(
            line,
            LineKind.HEADING if is_heading else LineKind.MARKED,
            content,
            style,
            content.text[: match.start("title")].strip(),
            match.start("title"),
            ordinal,
            hashes,
        )
    return _unnumbered(line, content, hashes)


def _unnumbered(line: Line, content: MappedText, hashes: int) -> _Classified:
    """A line without a section number: a markdown heading, the 目录 title, or text."""
    if hashes or ("目" in content.text and content.text.replace(" ", "") == "目录"):
        return _Classified(line, LineKind.HEADING, content, HeadingStyle.MARKDOWN, markdown_level=hashes)
    return _Classified._make((line, LineKind.TEXT, content, None, "", 0, None, 0))


# A table's title that the extraction wrote as a row of its own with empty cells after it
# (`2025年预算单位财政拨款收支预算总表\t\t\t\t\t\t`): a caption, not a row of the table above.
_TABBED_TITLE = re.compile(r"[^\t\d]{0,12}(?:(?:19|20)\d{2}\s*年度?)?[^\t\d]{2,36}表[\t ]+")


def _is_tabbed_title(text: str) -> bool:
    return text.endswith("\t") and text[:1] != "\t" and _TABBED_TITLE.fullmatch(text) is not None


def _is_pipe_row(text: str) -> bool:
    if "|" not in text:
        return False
    stripped = text.strip()
    return len(stripped) > 2 and stripped.startswith("|") and stripped.endswith("|")


# ---------------------------------------------------------------------------------------------
# Building blocks


def _marker(item: _Classified) -> Marker | None:
    if item.style is None or item.style is HeadingStyle.MARKDOWN:
        return None
    marker_end = len(item.marker_text)
    return Marker(
        style=item.style,
        ordinal=item.ordinal,
        text=item.marker_text,
        span=item.content.source_span(0, max(marker_end, 1)),
        line=item.line.number,
    )


def _without_leaders(title: str) -> str:
    """A 目录 entry's title without its leader dots and page number."""
    leaders = _ENTRY_END.search(title)
    return title[: leaders.start()].rstrip() if leaders else title


def _heading(item: _Classified, context: Sequence[Heading], in_toc: bool) -> Heading:
    start = item.marker_end
    end = start + len(_without_leaders(item.content.text[start:]))
    title = MappedText(item.content.text[start:end], item.content.offsets[start : end + 1])
    if item.style is HeadingStyle.MARKDOWN or item.style is None:
        # A markdown heading without a number sits by its '#' count, under the parts.
        level = 1 + item.markdown_level
    else:
        level = _LEVEL[item.style]
    return Heading(
        level=level,
        title=title,
        span=item.content.source_span(0, len(item.content.text)),
        line=item.line.number,
        marker=_marker(item),
        in_toc=in_toc,
    )


def _paragraph(items: Sequence[_Classified], headings: tuple[Heading, ...], in_toc: bool) -> Paragraph:
    if len(items) == 1:
        raw = items[0].content  # most paragraphs are one line: nothing to join
    else:
        builder = MappedTextBuilder()
        for item in items:
            builder.add_mapped(item.content)
        raw = builder.build()
    numbers, text = read_numbers(raw)
    text = without_stray_spaces(text)
    first = items[0]
    stripped_note = text.text.lstrip()
    return Paragraph(
        text=text,
        raw=raw,
        numbers=tuple(numbers),
        span=Span(first.line.start, items[-1].line.end),
        first_line=first.line.number,
        last_line=items[-1].line.number,
        headings=headings,
        marker=_marker(first) if first.kind is LineKind.MARKED else None,
        is_note=stripped_note.startswith(("注：", "注:", "说明：", "说明:", "备注：", "备注:")),
        in_toc=in_toc,
    )


def _row(item: _Classified, plain_numbers: dict[str, Decimal], normalised: str) -> Row | None:
    """The cells of a table line, read from ``normalised``, the source with normalised widths.

    ``plain_numbers`` holds the values of the plain numbers read so far in the document: a
    report repeats its figures (869 number cells, 213 distinct, in a corpus report), and a
    lookup costs a tenth of testing and converting the text again.
    """
    line = item.line
    text = line.text
    if _is_pipe_row(text):
        if _PIPE_SEPARATOR.fullmatch(text.strip()):
            return None  # the |---|---| separator of a markdown table
        begin, end, separator = text.index("|") + 1, text.rindex("|"), "|"
    else:
        begin, end, separator = 0, len(text), "\t"
    # Width normalisation keeps lengths, so offsets computed on the normalised text hold.
    cells: list[Cell] = []
    append = cells.append
    offset = line.start + begin
    column = 0
    for raw in normalised[offset : line.start + end].split(separator):
        # Blank cells, names and plain numbers are most of a table: made here, without a call
        # to _cell (which handles the rest the same way, and these too). The cells are built
        # with Cell._make, which checks the number of fields, at half the cost of Cell(...).
        if not raw:
            append(Cell._make(("", offset, offset, column, None, False)))
            offset += 1
            column += 1
            continue
        size = len(raw)
        if raw[0].isspace() or raw[-1].isspace():
            append(_cell(raw, offset, column))
        elif raw[0] not in _NUMBER_START or raw[-1] == "%":
            append(Cell._make((raw, offset, offset + size, column, None, False)))
        else:
            value = plain_numbers.get(raw)
            if value is None and _PLAIN_NUMBER.fullmatch(raw):
                value = plain_numbers[raw] = Decimal(raw)
            if value is None:
                append(_cell(raw, offset, column))
            else:
                append(Cell._make((raw, offset, offset + size, column, value, True)))
        offset += size + 1
        column += 1
    return Row._make((tuple(cells), line.number, line.start, line.end, line.text))


_NUMBER_START = frozenset("0123456789-−—")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _cell(raw: str, start: int, column: int) -> Cell:
    """One cell from width-normalised ``raw`` at source offset ``start``; numbers are read here, once.

    This runs for every cell of every table (thousands per report), hence the fast paths.
    """
    if not raw:
        return Cell("", start, start, column)
    cell_text = raw
    if raw[0].isspace() or raw[-1].isspace():
        cell_text = raw.strip()
        if not cell_text:
            return Cell("", start, start, column)
        start += raw.index(cell_text[0])
    end = start + len(cell_text)
    # Most cells are names or numbers; the first character decides cheaply which to try.
    if cell_text[0] not in _NUMBER_START or cell_text[-1] == "%":
        return Cell(cell_text, start, end, column)
    if _PLAIN_NUMBER.fullmatch(cell_text):
        return Cell(cell_text, start, end, column, Decimal(cell_text), True)
    if not _NUMERIC_CELL.match(cell_text):
        return Cell(cell_text, start, end, column)
    parsed = parse_decimal(cell_text)
    is_number = parsed is not None and NUMBER_PATTERN.fullmatch(cell_text) is not None
    return Cell(cell_text, start, end, column, parsed, is_number)


def _table(
    runs: Sequence[Sequence[_Classified]],
    caption: tuple[Line, ...],
    headings: tuple[Heading, ...],
    plain_numbers: dict[str, Decimal],
    normalised: str,
) -> Table:
    rows: list[Row] = []
    for run_index, run in enumerate(runs):
        run_rows = [row for row in (_row(item, plain_numbers, normalised) for item in run) if row is not None]
        if run_index and rows:
            # A table split over pages repeats its header rows; keep only the first copy.
            header = [row.texts() for row in rows[:4]]
            while run_rows and run_rows[0].texts() in header:
                run_rows.pop(0)
        rows.extend(run_rows)
    first, last = runs[0][0].line, runs[-1][-1].line
    return Table(
        rows=tuple(rows),
        span=Span(first.start, last.end),
        first_line=first.number,
        last_line=last.number,
        caption=caption,
        headings=headings,
    )


# ---------------------------------------------------------------------------------------------
# The segmenter


def _joins(previous: MappedText, following: _Classified, first: bool = False) -> bool:
    """Does ``following`` continue the paragraph that ends with ``previous``?

    ``first``: ``previous`` is the paragraph's only line so far. A 目录 entry (leader dots, a
    page number) and a title line before running text end without a sentence mark, yet
    nothing continues them.
    """
    if following.kind is not LineKind.TEXT:
        return False
    text = previous.text
    if text.endswith(_SENTENCE_END) or _ENTRY_END.search(text):
        return False
    return not (first and _is_title_line(text) and _is_sentence_after(text, following.content.text))


def _is_sentence_after(title: str, following: str) -> bool:
    """Is ``following`` a sentence of its own, longer than the short line before it?

    Not where it starts with a unit (`…50` / `万元以上…`, `…50万` / `元…`): a figure broken off its unit.
    """
    if following.startswith(_UNITS):
        return False
    return len(following) > len(title) and any(mark in following for mark in "。；;")


# A title line: short, without a punctuation mark (a broken sentence's first line has one).
_TITLE_MAX_CHARS = 30
_SENTENCE_PUNCTUATION = re.compile(r"[,，。；;：:、！？!?%]")


# Words a title does not end with (a line broken inside a sentence may: `…并开展了` / `全面的…`).
_NOT_TITLE_END = tuple("的了和与及并在对为将把被从向于以或等是有按由")


def _is_title_line(text: str) -> bool:
    return (
        2 <= len(text) <= _TITLE_MAX_CHARS
        and _SENTENCE_PUNCTUATION.search(text) is None
        and not text.endswith(_NOT_TITLE_END)
        and (_is_han(text[-1]) or text[-1] in "）)”")  # not a figure (`…21.`, `…75`) broken off
    )


def segment(source: Source) -> Document:
    """Split a source into blocks; the whole pipeline's first step."""
    # Widths normalised once for the whole text (a scan in C) rather than line by line; the
    # lengths stay the same, so the lines' offsets hold in it.
    normalised = normalise_width(source.text)
    items = [_classify(line, normalised) for line in source.lines()]
    builder = _Segmenter(items, normalised)
    blocks = builder.run()
    toc = tuple(block for block in blocks if isinstance(block, Heading) and block.in_toc)
    markers = _body_markers(blocks)
    title = next((block for block in blocks if isinstance(block, Paragraph)), None)
    _, unit = read_cover(title.text.text if title else "")
    if unit is None:
        unit = _unit_from_captions(blocks)
    # The cover is what precedes the 目录 or the first numbered heading. Where nothing does, the
    # cover is lost: a paragraph of the body is no cover, and the titles decide (a leftover year
    # in the first paragraph would otherwise outweigh them all).
    cover = _cover_text(blocks)
    year = read_report_year(cover, _title_texts(blocks))
    kind = read_kind(cover, _title_texts(blocks))
    return Document(source, tuple(blocks), toc, markers, title, year.year, unit, year, kind)


class _Segmenter:
    """One pass over classified lines; tracks the heading stack and the table of contents."""

    def __init__(self, items: list[_Classified], normalised: str) -> None:
        self.items = items
        self.normalised = normalised
        self.blocks: list[Block] = []
        self.stack: list[Heading] = []
        self.in_toc = False
        self.toc_parts: set[int | None] = set()
        self.toc_has_entries = False  # a heading was listed in the current 目录 (kept, not searched: linear)
        self.pending_caption: list[Line] = []
        self.open_table: int | None = None  # index of the table whose notes may continue
        self.plain_numbers: dict[str, Decimal] = {}  # the table figures read so far (see _row)

    def run(self) -> list[Block]:
        index = 0
        while index < len(self.items):
            item = self.items[index]
            if item.kind is LineKind.BLANK:
                index += 1
            elif item.kind is LineKind.TABLE:
                index = self._take_table(index)
            elif item.kind is LineKind.HEADING:
                self._add_heading(item)
                index += 1
            else:
                index = self._take_paragraph(index)
        return self.blocks

    def _add_heading(self, item: _Classified) -> None:
        is_toc_title = item.content.text.replace(" ", "") == "目录"
        if is_toc_title:
            self.in_toc = True
            self.toc_has_entries = False
        elif self.in_toc and item.style is HeadingStyle.PART and item.ordinal in self.toc_parts:
            self.in_toc = False  # the body starts where a part already listed is named again
        heading = _heading(item, self.stack, self.in_toc and not is_toc_title)
        self.toc_has_entries = self.toc_has_entries or heading.in_toc
        if self.in_toc and item.style is HeadingStyle.PART:
            self.toc_parts.add(item.ordinal)
        while self.stack and self.stack[-1].level >= heading.level:
            self.stack.pop()
        self.blocks.append(heading)
        self.open_table = None
        self.stack.append(heading)
        self.pending_caption = [item.line]

    def _end_toc(self) -> None:
        """End the 目录 before the running text or table that is being added.

        A body that names no part (Shanghai's budgets) never names a listed part again, and its
        whole text stayed in the 目录. The short lines just before the running text that carry
        no leader dots and no page number are the body's title lines (`XX局主要职能`), not
        entries, where the 目录 has numbered entries; the 目录's headings enclose nothing of the body.
        """
        self.in_toc = False
        self.stack.clear()
        index = len(self.blocks)
        while self.toc_has_entries and index > 0:
            block = self.blocks[index - 1]
            if not isinstance(block, Paragraph) or not block.in_toc or _looks_like_entry(block.text.text):
                break
            index -= 1
        for position in range(index, len(self.blocks)):
            block = self.blocks[position]
            assert isinstance(block, Paragraph)
            self.blocks[position] = attrs.evolve(block, in_toc=False, headings=())

    def _take_paragraph(self, index: int) -> int:
        lines = [self.items[index]]
        index += 1
        while index < len(self.items):
            following = _next_non_blank(self.items, index)
            following = self._past_page_number(lines[-1].content, following)
            if following is None or not _joins(lines[-1].content, self.items[following], len(lines) == 1):
                break
            lines.append(self.items[following])
            index = following + 1
        if len(lines) == 1 and self._is_title_before_sentence(lines[0], index):
            return index
        if self.in_toc and _is_running_text(lines):
            self._end_toc()
        paragraph = _paragraph(lines, tuple(self.stack), self.in_toc)
        if not self._attach_note(paragraph):
            self.pending_caption.extend(item.line for item in lines)
        self.blocks.append(paragraph)
        return index

    def _is_title_before_sentence(self, item: _Classified, index: int) -> bool:
        """Add ``item`` as an unnumbered heading when it is a title line before a sentence.

        `XX局主要职能` / `XX局是…。`: a body that heads its sections without numbers (Shanghai's
        budgets); the section's claims then name it, not the 目录 before it.
        """
        following = _next_non_blank(self.items, index)
        if (
            not self.blocks  # the document's first text is its cover's title, read by read_cover
            or item.kind is not LineKind.TEXT
            or following is None
            or self.items[following].kind is not LineKind.TEXT
        ):
            return False
        text = item.content.text
        if not (_is_title_line(text) and _is_sentence_after(text, self.items[following].content.text)):
            return False
        if self.in_toc:
            self._end_toc()  # no 目录 entry is followed by a sentence
        self._add_heading(item._replace(kind=LineKind.HEADING, style=HeadingStyle.MARKDOWN))
        return True

    def _past_page_number(self, previous: MappedText, following: int | None) -> int | None:
        """The line after a page number that stands inside a sentence broken by a page break.

        `…预留用于年度` / `23` / `执行中增人…`: the page's number is no part of the sentence.
        A bare number before a unit (`万元…`) is not a page number but the figure of the sentence.
        """
        if following is None or not _PAGE_NUMBER.fullmatch(self.items[following].content.text):
            return following
        after = _next_non_blank(self.items, following + 1)
        if after is None or previous.text.endswith(_SENTENCE_END):
            return following
        text = self.items[after].content.text
        if (
            self.items[after].kind is not LineKind.TEXT
            or not text
            or not _is_han(text[0])
            or text.startswith(_UNITS)
        ):
            return following
        return after

    def _attach_note(self, paragraph: Paragraph) -> bool:
        """Attach a note (注：/说明：, and the numbered items that continue one) to its table.

        Only while every block since the table has been one of its notes (``open_table``).
        """
        if self.open_table is None:
            return False
        table = self.blocks[self.open_table]
        assert isinstance(table, Table)
        continues_note = bool(table.notes) and paragraph.marker is not None
        if not (paragraph.is_note or continues_note):
            self.open_table = None
            return False
        self.blocks[self.open_table] = attrs.evolve(table, notes=(*table.notes, paragraph))
        return True

    def _take_table(self, index: int) -> int:
        runs: list[list[_Classified]] = []
        while index < len(self.items) and self.items[index].kind is LineKind.TABLE:
            run = []
            while index < len(self.items) and self.items[index].kind is LineKind.TABLE:
                run.append(self.items[index])
                index += 1
            runs.append(run)
            following = _next_non_blank(self.items, index)
            if following is None or self.items[following].kind is not LineKind.TABLE:
                break
            index = following  # only blank lines (a page break) between two runs: one table
        if self.in_toc:
            self._end_toc()  # no 目录 holds a table
        caption = tuple(self.pending_caption[-6:])
        self.open_table = len(self.blocks)
        self.blocks.append(_table(runs, caption, tuple(self.stack), self.plain_numbers, self.normalised))
        self.pending_caption = []
        return index


# Running text: a sentence longer than any 目录 entry (an entry may end with 。 too).
_PROSE_LENGTH = 40
# What a 目录 entry ends with: leader dots, or a page number after them or a space.
_ENTRY_END = re.compile(r"\s*(?:…{3,}|[.．·]{4,})\s*\d{0,3}\s*$")


# A page's number on a line of its own: `23`, `- 23 -`, `第23页`.
_PAGE_NUMBER = re.compile(r"(?:-\s*)?\d{1,3}(?:\s*-)?|第\d{1,3}页")
# What may follow a figure on the next line: its unit (`23` / `万元` is an amount, not a page).
_UNITS = ("万", "元", "亿", "个", "人", "辆", "次", "期", "条", "项", "台", "家", "年", "月", "日", "%")


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _is_running_text(lines: Sequence[_Classified]) -> bool:
    """Is this paragraph running text, which no 目录 holds (so the 目录 has ended before it)?"""
    text = "".join(item.content.text for item in lines)
    if _ENTRY_END.search(text):
        return False
    return len(text) > _PROSE_LENGTH and any(mark in text for mark in "。；;")


def _looks_like_entry(text: str) -> bool:
    return _ENTRY_END.search(text) is not None


def _next_non_blank(items: Sequence[_Classified], index: int) -> int | None:
    while index < len(items) and items[index].kind is LineKind.BLANK:
        index += 1
    return index if index < len(items) else None


def _body_markers(blocks: Sequence[Block]) -> tuple[Marker, ...]:
    markers = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)) and not block.in_toc and block.marker is not None:
            markers.append(block.marker)
    return tuple(markers)


# ---------------------------------------------------------------------------------------------
# Cover: report year and unit name

# The unit name is bounded (80 characters) and no two `\s*` are adjacent: with `.+?` a long first
# paragraph with many `2023年` and no `决算` took quadratic time (80 000 characters: 105 s).
_COVER = re.compile(
    r"(?P<year>20\d{2})\s*年度?\s*(?P<unit>.{1,80}?)\s*"
    r"(?:(?:部门（单位）|部门\(单位\))\s*)?(?:(?:部门|单位)\s*)?决算"
)
_CAPTION_UNIT = re.compile(r"(?:部门|单位)\s*[：:]\s*(?P<unit>[^\t\s公]{2,40})")


def read_cover(title: str) -> tuple[int | None, str | None]:
    """Report year and unit name from the cover (`2023年度 株洲市XX中心 部门决算`)."""
    match = _COVER.search(title.replace(" ", ""))
    if match is None:
        return None, None
    unit = match.group("unit").strip("（(：: ")
    return int(match.group("year")), unit or None


def _cover_text(blocks: Sequence[Block]) -> str:
    """The cover: the first paragraphs and unnumbered headings, up to the 目录 or a numbered heading."""
    pieces: list[str] = []
    for block in blocks[:COVER_PARAGRAPHS]:
        if isinstance(block, Paragraph):
            pieces.append(block.text.text)
        elif isinstance(block, Heading) and block.marker is None and block.text.replace(" ", "") != "目录":
            pieces.append(block.text)  # a markdown title (`# 2023年度…部门决算`)
        else:
            break
    return "\n".join(pieces)


def _title_texts(blocks: Sequence[Block]) -> Iterator[str]:
    """The prose in which a report names itself: headings (目录 too), paragraphs, table captions."""
    for block in blocks:
        if isinstance(block, Heading):
            yield block.title.text
        elif isinstance(block, Paragraph):
            yield block.text.text


def _unit_from_captions(blocks: Sequence[Block]) -> str | None:
    """The unit named most often in the tables' `部门：` lines, when the cover names none."""
    counts: dict[str, int] = {}
    for block in blocks:
        if isinstance(block, Table):
            for line in block.caption:
                match = _CAPTION_UNIT.search(line.text)
                if match:
                    counts[match.group("unit")] = counts.get(match.group("unit"), 0) + 1
    return max(counts, key=lambda unit: counts[unit]) if counts else None
