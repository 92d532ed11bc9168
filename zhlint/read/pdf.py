"""Reading a PDF report: its bytes to the corpus text format, with the page of every line.

The corpus text format (what a text report looks like to zhlint): a ruled table is one line per
row with its cells separated by tabs, every cell in its column (a merged cell's text in its first
cell, the others empty); prose is one paragraph per line, the line and page breaks inside it
joined; blocks are separated by a blank line. Page headers, footers and page numbers are dropped.

PDFium (pypdfium2, Apache-2.0/BSD) reads each page's characters and ruling lines
(``zhlint.read.pdfium``), five times faster than pdfminer; pdfplumber's (MIT) ruled-table finder,
given those lines, finds the tables: it gives every grid of the corpus PDFs, merged cells included,
and every amount whole when the characters are put in the cell that holds their centre (measured
in ``/work/shared/corpus-more/README.md``: 857 of 857 amounts). pdfplumber's own ``extract_text`` is
not used: it groups characters into lines by their top, so a number set in a Latin font a few points
lower lands on a line of its own (``年初预算为 万元`` / ``1560.05``); here characters are grouped into
lines by vertical overlap. A page PDFium is not trusted with is read by pdfplumber whole.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from zhlint.read.pdfium import PageView, needs_pdfplumber
from zhlint.read.source import Source, UnreadableError
from zhlint.version import DISTRIBUTION

# The distribution's name, in one place: the install hint names it.
INSTALL_HINT = f"pip install '{DISTRIBUTION}[pdf]'"
MISSING_EXTRA = f"读取 PDF 需要可选依赖 pypdfium2 和 pdfplumber，请安装：{INSTALL_HINT}"
MAX_PDF_PAGES = 500  # a report has 20–60 pages (the byte cap: zhlint/read/formats.py)

# Matched against the line without its white space, so that no two parts compete for the same run
# of spaces (linear time on any line): ``- 3 -``, ``第 3 页``, ``3 / 30``.
_PAGE_NUMBER = re.compile(r"[-—－–]*第?[0-9]+页?(?:/共?[0-9]+页?)?[-—－–]*")
_WHITE = re.compile(r"\s+")
_LONG_LINE = 10  # characters
_MARGIN_SHARE = 0.08  # headers and footers lie in the top and bottom 8% of a page
_RUNNING_HEAD_PAGES = 3  # a running head repeats on this many pages (two in a two-page PDF)
_FULL_SHARE = 0.5  # a full line of prose is at least half as wide as its page
_PARAGRAPH_END = "。！？：；…"
# 一、 （二） 3. 4．: a numbered item starts a paragraph; "9859.38" is an amount, not an item
_LIST_MARKER = re.compile(
    r"[（(][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十0-9]+(?:、|[.．](?![0-9]))|第[一二三四五六七八九十]+部分"
)
_LATIN = re.compile(r"[A-Za-z]")
_LEADING_TOKEN = re.compile(r"[0-9A-Za-z.,%．，]+")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


class Extracted(NamedTuple):
    """The text of a PDF in the corpus text format and the 1-based page of each of its lines."""

    text: str
    pages: tuple[int, ...]


class _Line(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page_height: float = 0.0
    page_width: float = 0.0


class _Block(NamedTuple):
    """A paragraph (one line) or a table (its rows), with the page it starts on."""

    rows: list[str]
    pages: list[int]  # the page of each row
    is_table: bool
    columns: int


class _TablePiece(NamedTuple):
    top: float
    rows: list[tuple[str, ...]]


def read_pdf_bytes(data: bytes, path: str | None = None, max_pages: int = MAX_PDF_PAGES) -> Source:
    """PDF bytes to a Source whose ``pages`` names the page of every line; raises UnreadableError."""
    extracted = extract_pdf(data, max_pages)
    return Source(text=extracted.text, path=path, pages=extracted.pages)


def extract_pdf(data: bytes, max_pages: int = MAX_PDF_PAGES, pdfplumber_only: bool = False) -> Extracted:
    """The text of a PDF in the corpus text format; raises UnreadableError with the reason.

    ``pdfplumber_only`` has pdfplumber read every page, not only those PDFium is not trusted with
    (for comparisons: ``benchmarks/pdf.py``).
    """
    readers = _readers()
    if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise UnreadableError("不是 PDF 文件（文件开头没有 %PDF 标记）")
    page_blocks = _read_pages(data, readers, max_pages, pdfplumber_only)
    if not any(lines or pieces for lines, pieces in page_blocks):
        raise UnreadableError(
            "PDF 没有文字层（可能是扫描件），无法检查；请先用 OCR 软件转为可选中文字的 PDF 或文本"
        )
    blocks = _assemble(_drop_running_heads(page_blocks))
    return _render(blocks)


class _Readers(NamedTuple):
    pdfium: Any  # pypdfium2
    raw: Any  # pypdfium2.raw, PDFium's C functions
    pdfplumber: Any
    table_finder: Any  # pdfplumber.table.TableFinder


def _readers() -> _Readers:
    try:
        import pdfplumber  # type: ignore[import-not-found, unused-ignore]  # the optional extra
        import pypdfium2  # type: ignore[import-not-found, import-untyped, unused-ignore]
        import pypdfium2.raw  # type: ignore[import-not-found, import-untyped, unused-ignore]
        from pdfplumber.table import TableFinder  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise UnreadableError(MISSING_EXTRA) from None
    return _Readers(pypdfium2, pypdfium2.raw, pdfplumber, TableFinder)


_Page = tuple[list["_Line"], list["_TablePiece"]]


def _read_pages(data: bytes, readers: _Readers, max_pages: int, pdfplumber_only: bool) -> list[_Page]:
    """Every page's prose lines and tables: PDFium reads them, pdfplumber the rare page it cannot."""
    try:
        document = readers.pdfium.PdfDocument(data)
    except Exception as error:  # PdfiumError, with PDFium's reason in its message
        raise UnreadableError(_open_failure(error)) from None
    plumber: Any = None
    try:
        count = len(document)
        if count > max_pages:
            raise UnreadableError(f"PDF 有 {count} 页，超过 {max_pages} 页上限，未检查")
        pages: list[_Page] = []
        for index in range(count):
            page = document[index]
            try:
                if pdfplumber_only or needs_pdfplumber(page, readers.raw):
                    plumber = plumber or readers.pdfplumber.open(io.BytesIO(data))
                    view: Any = plumber.pages[index]
                else:
                    view = PageView(page, readers.raw, readers.table_finder)
                _refuse_crowded(view, index + 1)
                pages.append(_page_blocks(view))
            finally:
                page.close()
        return pages
    except UnreadableError:
        raise
    except Exception as error:  # a damaged object inside a page
        raise UnreadableError(f"PDF 已损坏，无法读取页面内容（{type(error).__name__}）") from None
    finally:
        if plumber is not None:
            plumber.close()
        document.close()


# A report's page has up to 1,400 characters and 5,000 ruling segments (the corpus-more PDFs);
# the table finder pairs every vertical with every horizontal line, so a page of far more is
# refused rather than read for minutes.
MAX_PAGE_CHARS = 50_000
MAX_PAGE_EDGES = 20_000


def _refuse_crowded(view: Any, number: int) -> None:
    chars, edges = len(view.chars), len(view.edges)
    if chars > MAX_PAGE_CHARS or edges > MAX_PAGE_EDGES:
        raise UnreadableError(
            f"PDF 第 {number} 页内容过多（{chars} 个字符、{edges} 条线段，上限 {MAX_PAGE_CHARS} 和"
            f" {MAX_PAGE_EDGES}），不像报告，未检查"
        )


def _open_failure(error: Exception) -> str:
    # PDFium says "Failed to load document (PDFium: Incorrect password error)".
    if "password" in str(error).lower():
        return "PDF 已加密（需要密码），无法读取；请提供未加密的 PDF"
    return f"PDF 已损坏或不是有效的 PDF，无法打开（{error}）"


# --- one page: its prose lines and its tables --------------------------------------------------


def _page_blocks(page: Any) -> tuple[list[_Line], list[_TablePiece]]:
    chars = [char for char in page.chars if char["text"].strip() or char["text"] == " "]
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    pieces = [_table_piece(table, chars) for table in tables]
    prose = [char for char in chars if not any(_inside(char, box) for box in boxes)]
    lines = [line for line in _lines(prose) if line.text.strip()]
    height, width = float(page.height), float(page.width)
    return [line._replace(page_height=height, page_width=width) for line in lines], [
        p for p in pieces if p.rows
    ]


def _centre(char: dict[str, Any]) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def _inside(char: dict[str, Any], box: Sequence[float]) -> bool:
    x, y = _centre(char)
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_piece(table: Any, chars: list[dict[str, Any]]) -> _TablePiece:
    """The rows of a ruled table, each cell's text from the characters whose centre is in it."""
    box = table.bbox
    mine = [char for char in chars if _inside(char, box)]
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        # The row's characters first (its box holds its cells, merged ones too): a table has
        # thousands of characters and hundreds of cells.
        in_row = [char for char in mine if _inside(char, row.bbox)]
        cells = []
        for cell in row.cells:
            if cell is None:  # covered by a merged cell: its text is in the cell that starts it
                cells.append("")
                continue
            inside = [char for char in in_row if _inside(char, cell)]
            cells.append(_cell_text(inside))
        rows.append(tuple(cells))
    return _TablePiece(float(box[1]), rows)


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """A cell's lines joined without a break: a cell wraps its text, the words go on."""
    return _join_lines(line.text for line in _lines(chars)).strip()


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Characters grouped into lines by vertical overlap, each line read left to right.

    Overlap, not equal tops: a number in a Latin font sits a few points lower than the Chinese
    characters around it, and must stay on their line.
    """
    groups: list[list[dict[str, Any]]] = []
    bounds: list[list[float]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        top, bottom = char["top"], char["bottom"]
        height = max(bottom - top, 0.1)
        for index in range(len(groups) - 1, max(len(groups) - 3, -1), -1):
            line_top, line_bottom = bounds[index]
            overlap = min(bottom, line_bottom) - max(top, line_top)
            if overlap > 0.5 * min(height, line_bottom - line_top):
                groups[index].append(char)
                bounds[index] = [min(top, line_top), max(bottom, line_bottom)]
                break
        else:
            groups.append([char])
            bounds.append([top, bottom])
    return [_line(group) for group in groups]


def _line(chars: list[dict[str, Any]]) -> _Line:
    chars.sort(key=lambda c: c["x0"])
    parts: list[str] = []
    previous: dict[str, Any] | None = None
    for char in chars:
        if previous is not None and char["text"] != " " and previous["text"] != " ":
            gap = char["x0"] - previous["x1"]
            # Chinese is set without spaces: a gap next to a Chinese character is a space only
            # when it is about a character wide (``部门：X单位 单位：万元``), not letter spacing.
            cjk = _CJK.match(char["text"]) or _CJK.match(previous["text"])
            if gap > (0.9 if cjk else 0.5) * min(char["size"], previous["size"]):
                parts.append(" ")
        parts.append(char["text"])
        previous = char
    text = re.sub(r" {2,}", " ", "".join(parts))
    return _Line(
        text,
        min(c["x0"] for c in chars),
        max(c["x1"] for c in chars),
        min(c["top"] for c in chars),
        max(c["bottom"] for c in chars),
        max(c["size"] for c in chars),
    )


def _join_lines(texts: Iterable[str]) -> str:
    joined = ""
    for text in texts:
        text = text.strip()
        if joined and text and _LATIN.match(joined[-1]) and _LATIN.match(text[0]):
            joined += " "  # Latin words broken at a line end keep the space between them
        joined += text
    return joined


# --- headers, footers and page numbers -----------------------------------------------------------


def _drop_running_heads(pages: list[_Page]) -> list[_Page]:
    """Without page numbers and the lines repeated in the top or bottom margin of several pages."""
    repeated = _repeated_margin_texts(pages)
    kept: list[_Page] = []
    for lines, pieces in pages:
        kept.append(([line for line in lines if not _running_head(line, repeated)], pieces))
    return kept


def _in_margin(line: _Line) -> bool:
    height = line.page_height
    return bool(height) and (line.bottom < height * _MARGIN_SHARE or line.top > height * (1 - _MARGIN_SHARE))


def _margin_key(text: str) -> str:
    return re.sub(r"[0-9\s]+", "#", text)


def _repeated_margin_texts(pages: list[_Page]) -> set[str]:
    counts = Counter(
        key for lines, _ in pages for key in {_margin_key(line.text) for line in lines if _in_margin(line)}
    )
    # On three pages (two in a document of two): a single repeat may be a note that recurs.
    least = max(2, min(_RUNNING_HEAD_PAGES, len(pages)))
    return {key for key, count in counts.items() if count >= least}


def _running_head(line: _Line, repeated: set[str]) -> bool:
    if not _in_margin(line):
        return False
    return bool(_PAGE_NUMBER.fullmatch(_WHITE.sub("", line.text))) or _margin_key(line.text) in repeated


# --- the document: paragraphs joined over line and page breaks, tables over pages ----------------


class _Layout(NamedTuple):
    left: float  # where the prose lines of a page start
    right: float  # where the full prose lines of a page end


def _layout(lines: list[_Line]) -> _Layout:
    """A page's margins, from its own lines: a report mixes portrait prose and landscape tables."""
    if not lines:
        return _Layout(0.0, 0.0)
    # Justified lines end at the same place: the most common end of the longer lines, unless no two
    # agree (a page of short lines); a chart label or a wide note must not move the margin.
    ends = Counter(round(line.x1) for line in lines if len(line.text) >= _LONG_LINE)
    common = ends.most_common(1)
    right = common[0][0] + 1.0 if common and common[0][1] > 1 else max(line.x1 for line in lines)
    return _Layout(min(line.x0 for line in lines), right)


def _assemble(pages: list[_Page]) -> list[_Block]:
    blocks: list[_Block] = []
    previous_line: _Line | None = None  # the last prose line, while its paragraph may go on
    previous_layout = _Layout(0.0, 0.0)
    for number, (lines, pieces) in enumerate(pages, 1):
        layout = _layout(lines)
        items: list[tuple[float, _Line | _TablePiece]] = [(line.top, line) for line in lines]
        items += [(piece.top, piece) for piece in pieces]
        items.sort(key=lambda item: item[0])
        for index, (_, item) in enumerate(items):
            if isinstance(item, _TablePiece):
                _add_table(blocks, item, number, continues=index == 0)
                previous_line = None
            elif previous_line is not None and _continues(
                previous_line, previous_layout, item, layout, new_page=index == 0
            ):
                last = blocks[-1]
                blocks[-1] = last._replace(rows=[_join_lines([last.rows[0], item.text])])
                previous_line = item
            else:
                blocks.append(_Block([item.text.strip()], [number], False, 1))
                previous_line = item
            previous_layout = layout
    return blocks


def _continues(
    previous: _Line, previous_layout: _Layout, line: _Line, layout: _Layout, new_page: bool
) -> bool:
    """Whether ``line`` goes on the paragraph that ``previous`` ended: a full line, no indent."""
    size = max(min(previous.size, line.size), 1.0)
    if abs(previous.size - line.size) > 1.5:
        return False
    # A number or Latin word that did not fit is carried to the next line whole: the line before
    # it is short by the token's width.
    token = _LEADING_TOKEN.match(line.text.strip())
    carried = len(token.group()) * 0.55 * size if token else 0.0
    # Full: ending at the page's right margin, and wide (a lone title line is its own margin).
    full = previous.x1 >= previous_layout.right - 2 * size - carried
    full = full and previous.x1 - previous.x0 >= _FULL_SHARE * previous.page_width - carried
    flush = line.x0 <= layout.left + 0.8 * size
    if not (full and flush) or _LIST_MARKER.match(line.text.strip()):
        return False
    # Over a page break the sentence must go on: a note ending a page is not joined to the title
    # that opens the next one.
    return not new_page or not previous.text.rstrip().endswith(tuple(_PARAGRAPH_END))


def _add_table(blocks: list[_Block], piece: _TablePiece, page: int, continues: bool) -> None:
    """A table, or the rest of the previous page's table when it opens the page with its columns."""
    columns = max(len(row) for row in piece.rows)
    rows = ["\t".join(row) for row in piece.rows]
    last = blocks[-1] if blocks else None
    if continues and last is not None and last.is_table and last.columns == columns and last.pages[-1] < page:
        rows = _without_repeated_header(last.rows, rows)
        blocks[-1] = last._replace(rows=last.rows + rows, pages=last.pages + [page] * len(rows))
        return
    blocks.append(_Block(rows, [page] * len(rows), True, columns))


def _without_repeated_header(first: list[str], rows: list[str]) -> list[str]:
    """The continuation's rows without the header rows that repeat the table's first rows."""
    repeated = 0
    while repeated < len(rows) and repeated < len(first) and rows[repeated] == first[repeated]:
        repeated += 1
    return rows[repeated:]


def _render(blocks: list[_Block]) -> Extracted:
    lines: list[str] = []
    pages: list[int] = []
    for block in blocks:
        if lines:
            lines.append("")
            pages.append(block.pages[0])
        lines += block.rows
        pages += block.pages
    return Extracted("\n".join(lines) + "\n", (*pages, pages[-1] if pages else 1))


def page_ranges(pages: Sequence[int]) -> Iterator[tuple[int, int]]:
    """(first line, page) where each page starts, for tools that show the page map."""
    current = None
    for index, page in enumerate(pages, 1):
        if page != current:
            current = page
            yield index, page
