"""A PDF page read with PDFium (pypdfium2): its characters with their boxes and its ruling lines.

PDFium reads a page's characters about ten times faster than pdfminer (under pdfplumber), which
spends most of a PDF's time parsing content streams in Python. The ruled tables are still found by
pdfplumber's table finder (pure functions of the ruling lines, ``pdfplumber.table.TableFinder``), so
that a table comes out as pdfplumber finds it: of the 2,315 table rows of the nine corpus-more PDFs,
2,309 are the same, cell for cell, as with pdfplumber reading the whole page, and the other 6 only
lack a space after an item number (``1.一般公共预算资金``); the CPU time is a quarter (0.14–0.44 s
against 0.68–1.69 s a PDF).

:class:`PageView` offers what ``zhlint.read.pdf`` uses of a pdfplumber page: ``width``, ``height``,
``chars`` (dicts with ``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``, top-down coordinates)
and ``find_tables()``. A page this module does not read the way pdfplumber does (a media box not at
the origin, content in form XObjects whose ruling lines it would miss) is left to pdfplumber:
:func:`needs_pdfplumber`. A rotated page (``/Rotate``) is read in its own unrotated space, where its
text runs as it was set (pdfplumber would turn it to vertical runs of characters).
"""

from __future__ import annotations

import ctypes
from typing import Any

_SPACE = 32
_NOT_TEXT = frozenset({0, 0xFFFE, 0xFFFF})
_SURROGATES = range(0xD800, 0xE000)
_STRAIGHT = 0.01  # a segment whose other coordinate moves less than 1% of its length is straight


def needs_pdfplumber(page: Any, raw: Any) -> bool:
    """Whether the page is one to read with pdfplumber instead (3 pages of the 9 corpus PDFs)."""
    left, bottom, _, _ = page.get_mediabox()
    if abs(left) > 0.01 or abs(bottom) > 0.01:
        return True
    return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_FORM], max_depth=1))


class PageView:
    """The characters and ruling lines of one PDFium page, with pdfplumber's table finder."""

    def __init__(self, page: Any, raw: Any, table_finder: Any) -> None:
        # The media box, not the displayed size: the page is read in its own (unrotated) space,
        # where the text runs the way it was set, whatever /Rotate turns it to for display.
        _, _, right, top = page.get_mediabox()
        self.width, self.height = float(right), float(top)
        self.bbox = (0.0, 0.0, self.width, self.height)
        self.chars = _chars(page, raw, self.height)
        self.edges = _edges(page, raw, self.height)
        self._table_finder = table_finder

    def find_tables(self) -> list[Any]:
        return list(self._table_finder(self, {}).tables)


def _chars(page: Any, raw: Any, height: float) -> list[dict[str, Any]]:
    text_page = page.get_textpage()
    try:
        return _without_loose_spaces(list(_each_char(text_page.raw, text_page.count_chars(), raw, height)))
    finally:
        text_page.close()


def _each_char(handle: Any, count: int, raw: Any, height: float) -> Any:
    box = raw.FS_RECTF()
    last: dict[str, Any] | None = None
    for index in range(count):
        code = raw.FPDFText_GetUnicode(handle, index)
        if raw.FPDFText_IsGenerated(handle, index):
            # PDFium drops the space characters of the content and generates one where a space
            # was or where it sees a gap; kept (without width) for _without_loose_spaces to judge.
            if code == _SPACE and last is not None:
                yield {**last, "text": " ", "x0": last["x1"], "generated": True}
            continue
        if code in _NOT_TEXT or code in _SURROGATES:
            continue
        # The loose box spans the font's ascent and descent and the glyph's advance, as pdfminer's
        # character box does; the tight box would make 一 and ， a line of their own.
        raw.FPDFText_GetLooseCharBox(handle, index, box)
        last = {
            "text": chr(code),
            "x0": box.left,
            "x1": box.right,
            "top": height - box.top,
            "bottom": height - box.bottom,
            "size": box.top - box.bottom,
        }
        yield last


def _without_loose_spaces(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The generated spaces kept only between two Latin characters (``1. 2025年``, ``Word Excel``).

    Next to Chinese, PDFium generates spaces for letter spacing (``2018 年``) where pdfminer sees
    none; there a gap of about a character still makes a space (``目 录``), judged with the others.
    """
    kept: list[dict[str, Any]] = []
    for index, char in enumerate(chars):
        if char.get("generated"):
            before = kept[-1]["text"] if kept else " "
            after = chars[index + 1]["text"] if index + 1 < len(chars) else " "
            if not (_latin(before) and _latin(after)):
                continue
        kept.append(char)
    return kept


def _latin(text: str) -> bool:
    return text.isascii() and not text.isspace()


def _edges(page: Any, raw: Any, height: float) -> list[dict[str, Any]]:
    """The straight segments of the page's paths, as pdfplumber's edges (rectangles give four)."""
    edges: list[dict[str, Any]] = []
    x, y, matrix = ctypes.c_float(), ctypes.c_float(), raw.FS_MATRIX()
    for path in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=1):
        handle = path.raw
        raw.FPDFPageObj_GetMatrix(handle, matrix)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = previous = None
        for index in range(raw.FPDFPath_CountSegments(handle)):
            segment = raw.FPDFPath_GetPathSegment(handle, index)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = previous = point
                continue
            if kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
                _add_edge(edges, previous, point, height)
            previous = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(edges, point, start, height)
    return edges


def _add_edge(
    edges: list[dict[str, Any]], first: tuple[float, float], second: tuple[float, float], height: float
) -> None:
    (x0, y0), (x1, y1) = first, second
    width, rise = abs(x1 - x0), abs(y1 - y0)
    if width > 0 and rise <= _STRAIGHT * width:
        left, right, top = min(x0, x1), max(x0, x1), height - y0
        edges.append(_edge(left, right, top, top, "h"))
    elif rise > 0 and width <= _STRAIGHT * rise:
        top, bottom = height - max(y0, y1), height - min(y0, y1)
        edges.append(_edge(x0, x0, top, bottom, "v"))


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }
