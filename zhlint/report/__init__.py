"""Output formats of ``zhlint check``: text, json, sarif, github; and the review formats html, csv.

The review formats show the reports themselves besides the diagnostics, so they take a
:class:`~zhlint.report.review.Review` (the checked files and the diagnostics) instead; they are
imported on first use, as they read and segment the files again (see report/review.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from zhlint.diagnostics import Diagnostic
from zhlint.report.github import write_github
from zhlint.report.json import write_json
from zhlint.report.sarif import write_sarif
from zhlint.report.text import write_text

if TYPE_CHECKING:
    from zhlint.report.review import Review

Writer = Callable[[Sequence[Diagnostic], TextIO, int], None]

FORMATS: dict[str, Writer] = {
    "text": write_text,
    "json": write_json,
    "sarif": write_sarif,
    "github": write_github,
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

__all__ = ["FORMATS", "REVIEW_FORMATS", "ReviewFormat", "Writer"]
