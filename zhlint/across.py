"""Running the cross-report rules (ZL7xx) over the reports of one `zhlint check` and a history.

``zhlint check`` calls :func:`across_diagnostics` when it is given several reports or
``--history DIR|FILE`` (reports, or a facts JSON written by ``zhlint facts``). Each report is read
again for its facts (``zhlint.facts``), the reports are paired, and the findings become
diagnostics of the checked report they are about, with the other report's place as ``related``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import attrs

from zhlint.analysis.context import LintContext
from zhlint.config import Config
from zhlint.diagnostics import Diagnostic, Related
from zhlint.document.segment import segment
from zhlint.engine import ACROSS_PREFIX, iter_report_files, read_source, unused_suppression
from zhlint.facts.extract import facts_of
from zhlint.facts.model import SCHEMA, FactsError, ReportFacts, facts_from_json
from zhlint.facts.pair import lonely
from zhlint.gcpause import fewer_collections
from zhlint.read.numbers import Tolerance
from zhlint.read.source import Source, UnreadableError
from zhlint.rules.across import Comparison, Finding7, check_reports
from zhlint.suppress import apply_suppressions

MAX_FACTS_BYTES = 64 * 2**20  # a facts file of some ten thousand reports
CODES = ("ZL701", "ZL702", "ZL703", "ZL704")


def facts_of_source(source: Source, config: Config | None = None) -> ReportFacts:
    """The facts of one decoded report."""
    config = config or Config()
    if not source.text.strip():
        return ReportFacts(source.path or "-", None, None, None, None)
    with fewer_collections():  # as a lint: many short-lived objects, no cycles
        return facts_of(LintContext(segment(source), config), source.path or "-")


def facts_of_file(path: Path, config: Config | None = None) -> ReportFacts | None:
    """The facts of a report file; None when it cannot be read (the lint says why)."""
    try:
        source = read_source(path)
    except UnreadableError:
        return None
    return facts_of_source(source, config)


def facts_task(task: tuple[Path, Config]) -> ReportFacts | None:
    """The facts of one checked report, for ``batch.run_all`` (a module-level function for workers)."""
    path, config = task
    if not wanted(task):
        return None  # every ZL7xx rule is off for this file: not read again
    try:
        return facts_of_file(path, config)
    except Exception:  # a bug in the facts: this report is left out of the comparison
        return None


def wanted(task: tuple[Path, Config]) -> bool:
    """Whether any ZL7xx rule is on for the task's file."""
    path, config = task
    return any(config.enabled(code, str(path)) for code in CODES)


def load_history(path: Path) -> list[ReportFacts]:
    """Past reports' facts: a facts JSON file, or the reports of a directory (or one report).

    Raises FactsError (a usage error) for a facts file that is not of the schema.
    """
    if path.is_file() and path.suffix.lower() == ".json":
        with path.open("rb") as stream:
            data = stream.read(MAX_FACTS_BYTES + 1)
        if len(data) > MAX_FACTS_BYTES:
            raise FactsError(f"事实文件过大（超过 {MAX_FACTS_BYTES // 2**20} MiB）: {path}")
        try:
            with fewer_collections():  # tens of thousands of figures, no reference cycles
                return facts_from_json(json.loads(data.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise FactsError(f"事实文件不是 UTF-8 JSON: {path}: {error}") from None
        except RecursionError:
            raise FactsError(f"事实文件嵌套过深，不是 {SCHEMA} 格式: {path}") from None
    if not path.exists():
        raise FactsError(f"--history 不存在: {path}")
    found = (facts_of_file(report) for report in iter_report_files([path]))
    return [facts for facts in found if facts is not None]


@attrs.frozen
class AcrossResult:
    diagnostics: dict[str, list[Diagnostic]]  # by the checked report's path
    notes: tuple[str, ...]  # which reports could not be paired, and why (for --verbose)
    comparisons: tuple[Comparison, ...] = ()
    # by path: the lint's ZL006 (start, end, message) of comments that suppressed a ZL7xx finding
    used_comments: dict[str, frozenset[tuple[int, int, str]]] = attrs.field(factory=dict)

    def merged(self, path: str, items: Sequence[Diagnostic]) -> Sequence[Diagnostic]:
        """A checked report's lint diagnostics with its ZL7xx ones, less the lint's ZL006 for the
        comments that hid a ZL7xx finding."""
        extra, used = self.diagnostics.get(path, []), self.used_comments.get(path)
        if used:
            items = [item for item in items if not _names_comment(item, used)]
        return sorted([*items, *extra], key=Diagnostic.sort_key) if extra or used else items


def _names_comment(diagnostic: Diagnostic, used: frozenset[tuple[int, int, str]]) -> bool:
    return diagnostic.code == "ZL006" and (diagnostic.start, diagnostic.end, diagnostic.message) in used


def across_diagnostics(
    tasks: Sequence[tuple[Path, Config]],
    history: Sequence[ReportFacts] = (),
    facts: Sequence[ReportFacts | None] | None = None,
) -> AcrossResult:
    """The ZL7xx diagnostics of the checked reports, compared with each other and the history.

    ``facts``: the reports' facts (``facts_task`` of each task, e.g. from worker processes);
    read here when None.
    """
    checked: dict[str, Config] = {}
    reports: list[ReportFacts] = []
    notes: list[str] = []
    found_facts = facts if facts is not None else [facts_task(task) for task in tasks]
    for (path, config), facts_of_path in zip(tasks, found_facts, strict=True):
        if not any(config.enabled(code, str(path)) for code in CODES):
            continue
        if facts_of_path is None:
            notes.append(f"{path}: 无法读取或读不出事实，未参与跨报告检查")
            continue
        checked[facts_of_path.path] = config
        reports.append(facts_of_path)
    with fewer_collections():
        result = check_reports([*reports, *history], _tolerance(tasks))
    findings, pairing = result.findings, result.pairing
    notes += [f"{path}: 未配对（{reason}）" for path, reason in pairing.unpaired]
    notes += [f"{path}: 未配对（{reason}）" for path, reason in lonely(pairing)]
    for code in CODES[:3]:
        done = [item for item in result.comparisons if item.code == code]
        if done:
            agreeing = sum(item.agrees for item in done)
            notes.append(f"{code}: 比较了 {len(done)} 个数，{agreeing} 个一致")
    found: dict[str, list[Diagnostic]] = {}
    for finding in findings:
        owner = checked.get(finding.place.path)
        if owner is None or not owner.enabled(finding.meta.code, finding.place.path):
            continue  # about a history report, or the rule is off for that file
        found.setdefault(finding.place.path, []).append(to_diagnostic(finding))
    compared = {report.path for report in reports} - {
        path for path, _ in (*pairing.unpaired, *lonely(pairing))
    }
    used: dict[str, frozenset[tuple[int, int, str]]] = {}
    for name, config in checked.items():
        items = found.get(name, [])
        judged = config.report_unused_suppressions and name in compared
        if items or judged:
            found[name], used[name] = _unsuppressed(name, items, config if judged else None)
    found = {path: items for path, items in found.items() if items}
    return AcrossResult(found, tuple(notes), tuple(result.comparisons), used)


def _tolerance(tasks: Sequence[tuple[Path, Config]]) -> Tolerance:
    return tasks[0][1].tolerance if tasks else Config().tolerance


def _unsuppressed(
    path: str, diagnostics: list[Diagnostic], judged: Config | None
) -> tuple[list[Diagnostic], frozenset[tuple[int, int, str]]]:
    """Drop what the report's `<!-- zhlint-disable … -->` comments suppress (read again: only the
    few reports with a ZL7xx finding, and with --report-unused-suppressions the compared ones).

    Also the comments that suppressed a ZL7xx finding (the lint, which does not run these rules,
    called them unused) and, with ``judged`` (--report-unused-suppressions, the report compared),
    ZL006 for a comment naming only ZL7xx rules that suppressed none (the lint leaves those out).
    """
    try:
        source = read_source(Path(path))
    except UnreadableError:
        return diagnostics, frozenset()
    kept, unused = apply_suppressions(source, diagnostics)
    before = {(item.span.start, item.span.end, item.message) for item in apply_suppressions(source, [])[1]}
    after = {(item.span.start, item.span.end, item.message) for item in unused}
    if judged is not None:
        for item in unused:
            if item.code.startswith(ACROSS_PREFIX) and judged.enabled(item.code, path):
                kept += unused_suppression(source, judged, item.span, item.message)
    return kept, frozenset(before - after)


def to_diagnostic(finding: Finding7) -> Diagnostic:
    place = finding.place
    related = tuple(
        Related(
            item.message,
            item.line,
            item.column,
            item.end_line,
            item.end_column,
            item.path,
            item.start,
            item.end,
        )
        for item in finding.related
    )
    return Diagnostic(
        code=finding.meta.code,
        name=finding.meta.name,
        severity=finding.severity or finding.meta.severity,
        message=finding.message,
        line=place.line,
        column=place.column,
        end_line=place.end_line,
        end_column=place.end_column,
        path=place.path,
        start=place.start,
        end=place.end,
        related=related,
    )
