"""ZL0xx: input and parsing. The engine reports these; they have no check function."""

from __future__ import annotations

from zhlint.diagnostics import Severity
from zhlint.rules.base import metadata_only

UNREADABLE = metadata_only(
    "ZL001",
    "unreadable-file",
    Severity.ERROR,
    "The file cannot be read as a text report.",
    """
    zhlint reads UTF-8 (with or without BOM), UTF-16/32 with a BOM, and GB18030/GBK text. A file
    that is binary (a PDF or Word file given by mistake), that cannot be decoded, or that cannot be
    opened at all is reported once with the reason, and the other files are still checked.
    Convert the report to text first (for example with `pdftotext -layout`).
    """,
    "report.pdf (a PDF file passed to zhlint)",
    "report.txt (the text extracted from the PDF)",
)
EMPTY = metadata_only(
    "ZL002",
    "empty-document",
    Severity.WARNING,
    "The file is empty or holds only white space.",
    """
    An empty report usually means that text extraction failed. Nothing else can be checked in it.
    """,
    "(an empty file)",
    "2023年度 株洲市XX中心 部门决算 …",
)
NO_REPORT_YEAR = metadata_only(
    "ZL003",
    "report-year-unknown",
    Severity.INFO,
    "The report year could not be read from the cover; the year rules were skipped.",
    """
    The year rules compare self-references (`2023年度部门决算`) with the report year, which is
    read from the cover title (`2023年度 株洲市XX中心 部门决算`). When the cover has no such title,
    set it with `--year 2023` or `year = 2023` in the configuration.
    """,
    "株洲市XX中心 部门决算 (no year on the cover)",
    "2023年度 株洲市XX中心 部门决算",
)
UNREADABLE_TABLE = metadata_only(
    "ZL004",
    "unreadable-table",
    Severity.INFO,
    "A standard table could not be read; its checks were skipped.",
    """
    A table garbled by extraction (columns shifted, cells merged, rows cut) cannot be checked
    reliably, so zhlint says which table and why, and skips the checks that need it rather than
    raising a cascade of false alarms.
    """,
    "预算数 … 决算数 … 预算数 (a 三公 table with repeated column groups and 9 of 12 values)",
    "a 三公 table with its 6 预算数 and 6 决算数 columns",
)
RULE_FAILED = metadata_only(
    "ZL009",
    "internal-rule-failure",
    Severity.WARNING,
    "A rule failed on this document; the other rules still ran.",
    """
    A rule raised an internal error on this document. Its findings are missing, the others are
    complete. Please report the message and the document to the zhlint developers.
    """,
    "(any document that triggers a bug in a rule)",
    "(the same document after the bug is fixed)",
)
