"""The per-document context that rules read: the document, its configuration, and its analyses.

Each analysis is built by the first rule that asks for it and kept for the others (a
``functools.cached_property``): the tables, the claims, the prose-to-table matches and the
appendix tables. The stages below take plain inputs (a Document, its Tables); only this class
knows which analysis needs which, so that no stage reaches up to the rules for its memo.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from zhlint.analysis.match import Matches, match_prose
from zhlint.claims.extract import Claims, extract_claims
from zhlint.claims.quantities import QuantityBreakdown, quantity_breakdowns
from zhlint.diagnostics import Span
from zhlint.document.segment import Document
from zhlint.read.numbers import Tolerance
from zhlint.read.source import Source
from zhlint.tables.appendix import (
    ControlBlock,
    FundBlock,
    ListedSum,
    ProjectIndex,
    ScoreTable,
    StaffRate,
    project_index,
    read_control_blocks,
    read_fund_blocks,
    read_listed_sums,
    read_score_tables,
    read_staff_rates,
)
from zhlint.tables.model import Tables
from zhlint.tables.recognise import recognise


class PlacedText(Protocol):
    """A text that knows where its characters stand in the source: a MappedText or a table Cell."""

    @property
    def text(self) -> str: ...

    def source_span(self, start: int, end: int) -> Span: ...


_T = TypeVar("_T")


class Settings(Protocol):
    """What the analyses and rules read of the configuration (a :class:`zhlint.config.Config`)."""

    @property
    def tolerance(self) -> Tolerance: ...

    @property
    def year(self) -> int | None: ...

    @property
    def unit_name(self) -> str | None: ...


class LintContext:
    """What rules read: the source, the document model, and (built on first use) its analyses."""

    def __init__(self, document: Document, config: Settings) -> None:
        self.document = document
        self.source: Source = document.source
        self.config = config
        self._shared: dict[Callable[[LintContext], Any], Any] = {}

    @property
    def tolerance(self) -> Tolerance:
        return self.config.tolerance

    @property
    def report_year(self) -> int | None:
        return self.config.year or self.document.report_year

    @property
    def unit_name(self) -> str | None:
        return self.config.unit_name or self.document.unit_name

    @functools.cached_property
    def tables(self) -> Tables:
        """The standard tables, recognised and read."""
        return recognise(self.document.blocks)

    @functools.cached_property
    def claims(self) -> Claims:
        """The numeric claims of the prose."""
        return extract_claims(self.document, self.report_year)

    @functools.cached_property
    def quantity_breakdowns(self) -> tuple[QuantityBreakdown, ...]:
        """Part lists of areas, people, vehicles … (`…8013平方米（其中…7998平方米，…105平方米）`)."""
        return quantity_breakdowns(self.document.paragraphs)

    @functools.cached_property
    def matches(self) -> Matches:
        """Every prose amount matched to the table cells that hold the same quantity."""
        return match_prose(
            self.tables,
            self.claims,
            self.score_tables,
            self.report_year,
            self.document.kind.is_budget,
            self.unit_name,
            tuple(paragraph.span.start for paragraph in self.document.paragraphs),
        )

    @functools.cached_property
    def score_tables(self) -> tuple[ScoreTable, ...]:
        return read_score_tables(self.document)

    @functools.cached_property
    def fund_blocks(self) -> tuple[FundBlock, ...]:
        return read_fund_blocks(self.document)

    @functools.cached_property
    def listed_sums(self) -> tuple[ListedSum, ...]:
        return read_listed_sums(self.document, self.tables, self.tolerance)

    @functools.cached_property
    def project_index(self) -> ProjectIndex:
        return project_index(self.fund_blocks)

    @functools.cached_property
    def staff_rates(self) -> tuple[StaffRate, ...]:
        return read_staff_rates(self.document)

    @functools.cached_property
    def control_blocks(self) -> tuple[ControlBlock, ...]:
        return read_control_blocks(self.document, self.report_year)

    @functools.cached_property
    def _all_texts(self) -> tuple[PlacedText, ...]:
        texts: list[PlacedText] = list(self.document.texts())
        for table in self.document.tables:
            for row in table.rows:
                texts.extend(cell for cell in row.cells if cell.value is None and len(cell.text) >= 2)
        return tuple(texts)

    def all_texts(self) -> list[PlacedText]:
        """The prose (headings, paragraphs) and the text cells of every table, listed once per document.

        The cells are listed as they are, not as MappedText: the rules search every text but place
        only what they find, and a map for each of thousands of cells cost more than the search.
        """
        return list(self._all_texts)

    def shared(self, build: Callable[[LintContext], _T]) -> _T:
        """What ``build`` makes of this document, made once: for what a few rules of one module share."""
        if build not in self._shared:
            self._shared[build] = build(self)
        found: _T = self._shared[build]
        return found
