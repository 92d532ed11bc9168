"""Values that leave the rules: spans, severities, fixes and diagnostics."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import NamedTuple

import attrs

# The codes rules had before they moved, and the codes they have now. An old code keeps working
# wherever a user wrote it (configuration, suppression comments, baselines, `zhlint explain`), as
# ruff's redirects do, so that renumbering a rule breaks nobody's setup.
RENAMED_CODES: Mapping[str, str] = {
    "ZL107": "ZL504",  # rate-without-percent: a defect of how a number is written (ZL5xx)
}


def current_code(code: str) -> str:
    """The code a rule has now, for a code it had before; any other code unchanged."""
    return RENAMED_CODES.get(code.upper(), code)


def former_codes(code: str) -> tuple[str, ...]:
    """The codes the rule ``code`` had before, oldest first."""
    return tuple(old for old, new in RENAMED_CODES.items() if new == code)


class _SpanFields(NamedTuple):
    start: int
    end: int


class Span(_SpanFields):
    """A half-open range of character offsets into a :class:`~zhlint.read.source.Source` text.

    A named tuple (ordered, hashable, immutable) rather than an attrs class: a lint makes
    thousands, and a tuple with a checking ``__new__`` is built in less than half the time.
    """

    __slots__ = ()

    def __new__(cls, start: int, end: int) -> Span:
        if start < 0 or end < start:
            raise ValueError(f"bad span {start}..{end}")
        return tuple.__new__(cls, (start, end))

    def cover(self, other: Span) -> Span:
        """The smallest span holding both spans."""
        return Span(min(self.start, other.start), max(self.end, other.end))


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@attrs.frozen
class Related:
    """Another place that a diagnostic was computed from (a table cell, another number)."""

    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    path: str | None = None
    start: int = 0
    end: int = 0
    page: int | None = None  # the PDF page of ``line``; None for a text file


@attrs.frozen
class Fix:
    """A replacement of the characters ``start:end`` of the source text; positions 1-based."""

    replacement: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int


@attrs.frozen
class Diagnostic:
    """One finding, positioned in the original text (1-based lines and columns, end exclusive)."""

    code: str
    name: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    path: str | None = None
    start: int = 0
    end: int = 0
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    page: int | None = None  # the PDF page of ``line`` (1-based); None for a text file

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path or "", self.line, self.column, self.code)

    def to_json(self) -> dict[str, object]:
        """The JSON contract of ``zhlint check --format json`` (see docs/usage.md, "The JSON contract")."""
        found: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "related": [_related_json(r) for r in self.related],
            "fix": None
            if self.fix is None
            else {
                "line": self.fix.line,
                "column": self.fix.column,
                "end_line": self.fix.end_line,
                "end_column": self.fix.end_column,
                "replacement": self.fix.replacement,
            },
        }
        if self.page is not None:  # only for a PDF: the contract for text files is unchanged
            found["page"] = self.page
        return found


def _related_json(related: Related) -> dict[str, object]:
    found: dict[str, object] = {
        "path": related.path,
        "line": related.line,
        "column": related.column,
        "message": related.message,
    }
    if related.page is not None:
        found["page"] = related.page
    return found
