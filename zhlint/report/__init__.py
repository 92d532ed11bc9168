"""Output formats of ``zhlint check``: text, concise, json, sarif, github; and the review formats html, csv.

The review formats show the reports themselves besides the diagnostics, so they take a
:class:`~zhlint.report.review.Review` (the checked files and the diagnostics) instead; they are
imported on first use, as they read and segment the files again (see report/review.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, TextIO

from zhlint.diagnostics import Diagnostic
from zhlint.report.github import write_github
from zhlint.report.json import write_json
from zhlint.report.sarif import write_sarif
from zhlint.report.text import (
    write_concise,
    write_concise_findings,
    write_summary,
    write_text,
    write_text_findings,
)

if TYPE_CHECKING:
    from zhlint.report.review import Review

Writer = Callable[[Sequence[Diagnostic], TextIO, int], None]
FindingsWriter = Callable[[Sequence[Diagnostic], TextIO], None]

FORMATS: dict[str, Writer] = {
    "text": write_text,
    "concise": write_concise,
    "json": write_json,
    "sarif": write_sarif,
    "github": write_github,
}


class Streamed(NamedTuple):
    """A format that can be written file by file: each file's findings, then a closing part."""

    findings: FindingsWriter
    closing: Writer | None  # after every file (the summary line); None: nothing


def _github_findings(diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    write_github(diagnostics, out)


# JSON and SARIF are one document each, written when every file is done.
STREAMED: dict[str, Streamed] = {
    "text": Streamed(write_text_findings, write_summary),
    "concise": Streamed(write_concise_findings, write_summary),
    "github": Streamed(_github_findings, None),
}


def _write_html(review: Review, out: TextIO) -> None:
    from zhlint.report.html import write_html

    write_html(review, out)


def _write_csv(review: Review, out: TextIO) -> None:
    from zhlint.report.csv import write_csv

    write_csv(review, out)


ReviewFormat = Callable[["Review", TextIO], None]

REVIEW_FORMATS: dict[str, ReviewFormat] = {
    "html": _write_html,
    "csv": _write_csv,
}

__all__ = ["FORMATS", "REVIEW_FORMATS", "STREAMED", "FindingsWriter", "ReviewFormat", "Streamed", "Writer"]
