"""What the review formats (``html``, ``csv``) need besides the diagnostics: the reports themselves.

The other formats receive only diagnostics (``FORMATS``). A reviewer's page shows each report's
text, unit, year and tables, so these formats receive a :class:`Review`: the files that were
checked (with the configuration each was checked under) and the diagnostics. Each file is read
again here, through the engine's capped reader (regular files only, at most ``MAX_FILE_BYTES``),
and segmented again: the lint may have run in worker processes, and keeping every document of a
batch alive until the end would hold hundreds of megabytes. A file that changed between the lint
and this second reading is shown as it is now; spans past its end are clipped by the writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

import attrs

from zhlint.analysis.context import LintContext
from zhlint.config import Config
from zhlint.diagnostics import Diagnostic, Severity
from zhlint.document.kind import ReportKind
from zhlint.document.segment import Document, segment
from zhlint.engine import MAX_FILE_BYTES
from zhlint.read.source import Source, UnreadableError, read_bytes, read_report_file

SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}
UNKNOWN_KIND = "未识别"


@attrs.frozen
class ReviewedFile:
    """A file that was checked, and the configuration it was checked under (for its year and unit)."""

    path: Path
    config: Config = attrs.field(factory=Config)


@attrs.frozen
class Review:
    """The input of a review format: the checked files, in order, and every diagnostic."""

    files: tuple[ReviewedFile, ...]
    diagnostics: tuple[Diagnostic, ...]


ReviewWriter = Callable[[Review, TextIO], None]


@attrs.frozen
class ReportFacts:
    """What an overview shows of a report: kept for a whole batch, while its document is not."""

    path: str
    unit: str
    year: int | None
    kind: str
    diagnostics: tuple[Diagnostic, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for diagnostic in self.diagnostics if diagnostic.severity is severity)


@attrs.frozen(eq=False)
class ReviewedReport:
    """One report read again: its text and document when they could be read, and its diagnostics."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    context: LintContext | None = None  # None: unreadable, empty or not segmentable
    source: Source | None = None
    problem: str = ""  # why there is no document, in Chinese

    @property
    def document(self) -> Document | None:
        return self.context.document if self.context is not None else None

    @property
    def unit(self) -> str:
        return (self.context.unit_name or "") if self.context is not None else ""

    @property
    def year(self) -> int | None:
        return self.context.report_year if self.context is not None else None

    @property
    def kind(self) -> str:
        document = self.document
        if document is None or document.kind is ReportKind.UNKNOWN:
            return UNKNOWN_KIND
        return str(document.kind.value)

    def count(self, severity: Severity) -> int:
        return sum(1 for diagnostic in self.diagnostics if diagnostic.severity is severity)

    def facts(self) -> ReportFacts:
        return ReportFacts(self.path, self.unit, self.year, self.kind, self.diagnostics)

    def quote(self, diagnostic: Diagnostic, limit: int = 200) -> str:
        """The characters a diagnostic is about (at most ``limit``), or "" without a text."""
        if self.source is None:
            return ""
        text = self.source.text[diagnostic.start : min(diagnostic.end, diagnostic.start + limit)]
        return text + ("…" if diagnostic.end - diagnostic.start > limit else "")


def reviewed_reports(review: Review) -> Iterator[ReviewedReport]:
    """Each checked file, read again, with its diagnostics; then any diagnostic of a path not listed."""
    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in review.diagnostics:
        by_path.setdefault(diagnostic.path or "", []).append(diagnostic)
    for reviewed in review.files:
        yield read_again(reviewed, tuple(by_path.pop(str(reviewed.path), ())))
    for path, diagnostics in by_path.items():  # not expected: every diagnostic comes from a file
        yield ReviewedReport(path, tuple(diagnostics), problem="不在检查的文件之列")


def read_again(reviewed: ReviewedFile, diagnostics: Sequence[Diagnostic]) -> ReviewedReport:
    path = str(reviewed.path)
    try:
        source = read_bytes(read_report_file(reviewed.path, MAX_FILE_BYTES), path)
    except UnreadableError as error:
        return ReviewedReport(path, tuple(diagnostics), problem=f"无法读取: {error}")
    if not source.text.strip():
        return ReviewedReport(path, tuple(diagnostics), source=source, problem="文件为空")
    try:
        document = segment(source)
    except Exception:  # the lint reported it as ZL009; the page still shows the text
        return ReviewedReport(path, tuple(diagnostics), source=source, problem="无法切分段落和表格")
    context = LintContext(document, reviewed.config)
    return ReviewedReport(path, tuple(diagnostics), context=context, source=source)
