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
    "The report year could not be read from the cover or the report's titles; the year rules were skipped.",
    """
    The year rules compare self-references (`2023年度部门决算`) with the report year. It is read
    from the cover title (`2023年度 株洲市XX中心 部门决算`, `上海市普陀区2025年区级部门预算`,
    `江苏省人民检察院` / `2017年部门预算`); when the cover states none, from a clear majority (more
    than two thirds, at least two) of the titles and self-references of the body (`2024年度部门决算表`,
    `2024年度收、支总计`, `2025年部门预算`, `2018年度…预算公开`); comparisons (`与2024年部门预算相比`)
    are not counted. ZL003 says that neither decided: no year at all, or self-references of several
    years and none in a clear majority (the message lists them). Set the year with `--year 2023` or
    `year = 2023` in the configuration.
    """,
    "株洲市XX中心 部门决算 (no year on the cover); 2022年度部门决算表 … 2023年度部门决算情况说明",
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
YEAR_OVERRIDE = metadata_only(
    "ZL005",
    "report-year-override",
    Severity.WARNING,
    "The report year given with --year (or `year =`) contradicts the year on the cover.",
    """
    `--year` and `year =` in the configuration override the year read from the cover. Where the
    cover states another year clearly, every self-reference of the cover's year becomes a ZL401
    error: this one warning, at the cover, says why. Check the setting (a configuration shared by
    reports of several years sets a year for all of them) or the cover.
    """,
    "zhlint check --year 2024 on a report whose cover reads 2023年度 株洲市XX中心 部门决算",
    "zhlint check --year 2023 on the same report (or no --year: the cover's year is used)",
)
UNUSED_SUPPRESSION = metadata_only(
    "ZL006",
    "unused-suppression",
    Severity.WARNING,
    "A zhlint-disable comment suppressed nothing (reported with --report-unused-suppressions).",
    """
    `<!-- zhlint-disable ZL101 -->` … `<!-- zhlint-enable -->` and
    `<!-- zhlint-disable-next-line ZL101 -->` in a Markdown report suppress the findings of the
    rules they name (none: every rule) on the lines they cover. With
    `--report-unused-suppressions` (or `report-unused-suppressions = true` in the configuration)
    a comment, or a code of it, that suppressed nothing is reported: the finding it was written for
    has been corrected, or the code is mistyped, and the comment would hide a new one.
    """,
    "<!-- zhlint-disable-next-line ZL101 --> above a line whose rates are all right",
    "(the comment deleted once the finding it accepted is gone)",
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
