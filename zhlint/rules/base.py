"""Rule metadata, the rule registry and the context a rule reads.

Every rule is a function registered with :func:`rule`; its metadata is the single source of
``zhlint rules``, ``zhlint explain CODE`` and the generated rule reference in docs/rules.md.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Iterator

import attrs

from zhlint.analysis.context import LintContext as LintContext
from zhlint.analysis.context import PlacedText as PlacedText
from zhlint.diagnostics import Severity, Span, current_code
from zhlint.document.kind import FINAL_OR_UNKNOWN as FINAL_OR_UNKNOWN
from zhlint.document.kind import ReportKind

# Every kind of report, and a document whose kind cannot be told: the default of RuleMeta.kinds.
ALL_KINDS = frozenset(ReportKind)
_SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@attrs.frozen
class RuleMeta:
    code: str  # stable, e.g. ZL401
    name: str  # kebab-case, e.g. wrong-report-year
    severity: Severity  # the default
    summary: str  # one line, in Chinese (the language of the reports and of their reviewers)
    explanation: str  # what it does and why it matters, in Chinese
    bad: str  # an example that the rule reports
    good: str  # the same example written correctly
    fixable: bool = False
    # The kinds of report the rule applies to; the engine skips it on the others. Rules about the
    # execution of a year (年初预算 against 决算, 结转结余, 绩效自评) do not apply to a 预算.
    kinds: frozenset[ReportKind] = ALL_KINDS
    # The summary in English, for other tools (SARIF carries both languages).
    summary_en: str = ""

    @property
    def severity_zh(self) -> str:
        """The default severity as `zhlint explain` and docs/rules.md name it."""
        return _SEVERITY_ZH[self.severity]

    @property
    def family(self) -> str:
        return self.code[:3]

    def applies_to(self, kind: ReportKind) -> bool:
        return kind in self.kinds

    @property
    def kinds_text(self) -> str:
        """The kinds as `zhlint explain` and docs/rules.md list them; empty for every kind."""
        if self.kinds == ALL_KINDS:
            return ""
        named = (kind for kind in ReportKind if kind in self.kinds and kind is not ReportKind.UNKNOWN)
        text = "、".join(kind.value for kind in named)
        return text + "（及看不出类型的报告）" if ReportKind.UNKNOWN in self.kinds else text


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
    kinds: frozenset[ReportKind] = ALL_KINDS,
    summary_en: str = "",
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a rule function under its metadata; ``kinds``: the kinds of report it applies to.

    ``summary`` and ``explanation`` are Chinese; ``summary_en`` is the summary in English.
    """

    def register(function: CheckFunction) -> CheckFunction:
        if code in _REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        meta = RuleMeta(
            code,
            name,
            severity,
            summary,
            _dedent(explanation),
            bad.strip(),
            good.strip(),
            fixable,
            kinds,
            summary_en,
        )
        _REGISTRY[code] = Rule(meta, function)
        return function

    return register


def metadata_only(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    explanation: str,
    bad: str,
    good: str,
    *,
    summary_en: str = "",
) -> RuleMeta:
    """Register a code that the engine itself reports (ZL0xx: input, parsing, rule failures)."""
    meta = RuleMeta(
        code, name, severity, summary, _dedent(explanation), bad.strip(), good.strip(), summary_en=summary_en
    )
    _REGISTRY[code] = Rule(meta, lambda context: ())
    return meta


def registered_rules() -> Iterator[Rule]:
    yield from sorted(_REGISTRY.values(), key=lambda registered: registered.meta.code)


def find_rule(code_or_name: str) -> Rule | None:
    key = current_code(code_or_name.strip())
    if key.upper() in _REGISTRY:
        return _REGISTRY[key.upper()]
    return next((entry for entry in _REGISTRY.values() if entry.meta.name == key), None)
