"""Rule metadata, the rule registry and the context a rule reads.

Every rule is a function registered with :func:`rule`; its metadata is the single source of
``zhlint rules``, ``zhlint explain CODE`` and the generated rule reference in docs/rules.md.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from zhlint.diagnostics import Severity, Span
from zhlint.document import Document
from zhlint.numbers import Tolerance

if TYPE_CHECKING:
    from zhlint.config import Config


@attrs.frozen
class RuleMeta:
    code: str  # stable, e.g. ZL401
    name: str  # kebab-case, e.g. wrong-report-year
    severity: Severity  # the default
    summary: str  # one line
    explanation: str  # what it does and why it matters
    bad: str  # an example that the rule reports
    good: str  # the same example written correctly
    fixable: bool = False

    @property
    def family(self) -> str:
        return self.code[:3]


@attrs.frozen
class RelatedSpan:
    span: Span
    message: str


@attrs.frozen
class Finding:
    """What a rule reports; the engine positions it and turns it into a Diagnostic."""

    span: Span
    message: str
    severity: Severity | None = None  # None: the rule's default severity
    related: tuple[RelatedSpan, ...] = ()
    fix: str | None = None  # replacement text for ``span``
    code: str | None = None  # for rule functions that report several codes


class LintContext:
    """What rules read: the source, the document model, and (built on first use) tables and claims."""

    def __init__(self, document: Document, config: Config) -> None:
        self.document = document
        self.source = document.source
        self.config = config

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
    def extras(self) -> dict[str, Any]:
        """Per-document memo for analyses that several rules share (tables, claims)."""
        return {}


class PlacedText(Protocol):
    """A text that knows where its characters stand in the source: a MappedText or a table Cell."""

    @property
    def text(self) -> str: ...

    def source_span(self, start: int, end: int) -> Span: ...


def all_texts(context: LintContext) -> list[PlacedText]:
    """The prose (headings, paragraphs) and the text cells of every table, listed once per document.

    The cells are listed as they are, not as MappedText: the rules search every text but place
    only what they find, and a map for each of thousands of cells cost more than the search.
    """
    cached: list[PlacedText] | None = context.extras.get("all_texts")
    if cached is None:
        cached = list(context.document.texts())
        for table in context.document.tables:
            for row in table.rows:
                cached.extend(cell for cell in row.cells if cell.value is None and len(cell.text) >= 2)
        context.extras["all_texts"] = cached
    return list(cached)


CheckFunction = Callable[[LintContext], Iterable[Finding]]


@attrs.frozen
class Rule:
    meta: RuleMeta
    check: CheckFunction


_REGISTRY: dict[str, Rule] = {}


def _dedent(text: str) -> str:
    return textwrap.dedent(text).strip()


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    explanation: str,
    bad: str,
    good: str,
    *,
    fixable: bool = False,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a rule function under its metadata."""

    def register(function: CheckFunction) -> CheckFunction:
        if code in _REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        meta = RuleMeta(
            code, name, severity, summary, _dedent(explanation), bad.strip(), good.strip(), fixable
        )
        _REGISTRY[code] = Rule(meta, function)
        return function

    return register


def metadata_only(
    code: str, name: str, severity: Severity, summary: str, explanation: str, bad: str, good: str
) -> RuleMeta:
    """Register a code that the engine itself reports (ZL0xx: input, parsing, rule failures)."""
    meta = RuleMeta(code, name, severity, summary, _dedent(explanation), bad.strip(), good.strip())
    _REGISTRY[code] = Rule(meta, lambda context: ())
    return meta


def registered_rules() -> Iterator[Rule]:
    yield from sorted(_REGISTRY.values(), key=lambda registered: registered.meta.code)


def find_rule(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    if key.upper() in _REGISTRY:
        return _REGISTRY[key.upper()]
    return next((entry for entry in _REGISTRY.values() if entry.meta.name == key), None)
