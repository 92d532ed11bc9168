"""Reading a Word report (.docx): its paragraphs and tables in the corpus text format.

The body is read in order: each non-empty paragraph is one line (headings too: their style makes
them headings, their text is what the segmenter reads), each table one line per row with its cells
separated by tabs, every cell in its grid column; a merged cell's text is in its first cell (the top
left one), the cells it covers are empty, as in a PDF's table. Blocks are separated by a blank
line. Numbering that Word generates (a list style's ``一、``) is not in the text and is not added:
not yet read from ``numbering.xml``. A DOCX has no pages: its diagnostics have none.

python-docx (MIT) parses the XML without resolving entities; the zip is checked first: a file
that is not a zip, or whose members would unpack to more than :data:`MAX_UNPACKED_BYTES`, is refused.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from zhlint.read.source import Source, UnreadableError
from zhlint.version import DISTRIBUTION

INSTALL_HINT = f"pip install '{DISTRIBUTION}[docx]'"
MISSING_EXTRA = f"读取 DOCX 需要可选依赖 python-docx，请安装：{INSTALL_HINT}"
# A report's document.xml is a few MiB; a zip that unpacks to more is a zip bomb, not a report.
MAX_UNPACKED_BYTES = 256 * 2**20
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx_bytes(data: bytes, path: str | None = None) -> Source:
    """DOCX bytes to a Source; raises UnreadableError with the reason in Chinese."""
    return Source.from_text(extract_docx(data), path)


def extract_docx(data: bytes) -> str:
    """The text of a DOCX in the corpus text format."""
    docx = _python_docx()
    _refuse_bad_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [block for block in _blocks(document, docx) if block]
    except Exception as error:  # python-docx and lxml raise many types; all mean a damaged file
        raise UnreadableError(f"DOCX 已损坏，无法读取（{type(error).__name__}）") from None
    if not blocks:
        raise UnreadableError("DOCX 中没有文字，无法检查")
    return "\n\n".join(blocks) + "\n"


def _python_docx() -> Any:
    try:
        import docx  # type: ignore[import-not-found, unused-ignore]  # the optional extra
    except ImportError:
        raise UnreadableError(MISSING_EXTRA) from None
    return docx


def _refuse_bad_zip(data: bytes) -> None:
    if not data.startswith(b"PK"):
        raise UnreadableError("不是 DOCX 文件（DOCX 是 zip 压缩包，这个文件不是）；旧的 .doc 请另存为 .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableError("DOCX 已损坏（zip 压缩包无法打开）") from None
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise UnreadableError(f"DOCX 解压后超过 {MAX_UNPACKED_BYTES // 2**20} MiB 上限，未检查")
    if not any(member.filename == "word/document.xml" for member in members):
        raise UnreadableError("不是 DOCX 文件（压缩包中没有 word/document.xml）")


def _blocks(document: Any, docx: Any) -> Iterator[str]:
    """Paragraphs and tables in the order of the body."""
    from docx.table import Table  # type: ignore[import-not-found, unused-ignore]
    from docx.text.paragraph import Paragraph  # type: ignore[import-not-found, unused-ignore]

    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_WORD}p":
            yield Paragraph(child, document).text.strip()
        elif child.tag == f"{_WORD}tbl":
            yield "\n".join(_rows(Table(child, document)))


def _rows(table: Any) -> Iterator[str]:
    """Each row's cells by grid column; a merged cell's text once, in its first (top-left) cell."""
    above: list[Any] = []
    for row in table.rows:
        cells = list(row.cells)  # one per grid column: a merged cell is repeated where it spans
        texts = []
        for index, cell in enumerate(cells):
            left = cells[index - 1]._tc if index else None
            up = above[index]._tc if index < len(above) else None
            covered = cell._tc is left or cell._tc is up
            texts.append("" if covered else _cell_text(cell))
        above = cells
        yield "\t".join(texts)


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs joined without a break: a cell wraps its text, the words go on."""
    return "".join(paragraph.text.strip() for paragraph in cell.paragraphs).replace("\t", " ")
