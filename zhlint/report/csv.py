"""``--format csv``: one row per finding, for a reviewer's spreadsheet (Excel, WPS, LibreOffice).

UTF-8 with a byte order mark, which is what makes Excel and WPS read the Chinese right instead of
guessing the locale's code page. The last column, 处理意见, is left empty for the reviewer.
Report text is untrusted: a cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading ``'``, the usual
defence against formula injection; the ``'`` is shown, the formula is not run.
"""

from __future__ import annotations

import csv
from typing import TextIO

from zhlint.diagnostics import Diagnostic
from zhlint.report.paths import printable
from zhlint.report.review import SEVERITY_LABELS, Review, ReviewedReport, reviewed_reports

BOM = "\ufeff"
HEADER = (
    "文件",
    "单位",
    "年度",
    "页",
    "行",
    "列",
    "规则代码",
    "规则名称",
    "严重程度",
    "问题说明",
    "原文",
    "处理意见",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(review: Review, out: TextIO) -> None:
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")  # CRLF: what RFC 4180 and Excel expect
    writer.writerow(HEADER)
    for report in reviewed_reports(review):
        for diagnostic in report.diagnostics:
            writer.writerow([_safe(cell) for cell in finding_row(report, diagnostic)])


def finding_row(report: ReviewedReport, diagnostic: Diagnostic) -> tuple[str, ...]:
    """The cells of one finding's row, in the order of :data:`HEADER`."""
    year = "" if report.year is None else str(report.year)
    page = ""  # the inputs are text: no pages (kept so that sheets of PDF reviews line up)
    return (
        printable(report.path),
        report.unit,
        year,
        page,
        str(diagnostic.line),
        str(diagnostic.column),
        diagnostic.code,
        diagnostic.name,
        SEVERITY_LABELS[diagnostic.severity],
        printable(diagnostic.message),
        report.quote(diagnostic),
        "",
    )


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell
