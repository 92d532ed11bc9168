"""Corpus evaluation: zhlint's diagnostics against the reviewers' findings (tests/corpus, tests/corpus_more).

Run ``python -m benchmarks.corpus`` (``--json`` for machine output, ``--family ZL4`` for one rule
family, ``--corpus hunan|more|all`` for one set of reports, ``--update-snapshot`` to rewrite
tests/corpus/found.json).

The three Hunan 决算 of tests/corpus/ are in the project. The reports reviewed in tests/corpus_more/ are
not: they are read from ``../shared/corpus-more/`` beside the project (a worktree one level deeper finds
it one level higher) or from the folder named by $ZHLINT_CORPUS_MORE; where a report is absent, it is
skipped with a line that says so.

Matching rules (see tests/corpus/README.md):

- A finding is *found* when a diagnostic of the finding's family lies on one of its ``lines`` or,
  for cross-references, its ``context_lines``. It is *found by any family* when a diagnostic of any
  family lies there. A diagnostic "lies on" the lines its span covers.
- A diagnostic on a finding's line (any family) is *matched*; the others are *unexpected*.
- A diagnostic whose code and line are in the expectations' ``rejected`` list (the errors and warnings
  the reviewer judged wrong, tests/corpus_more/) is *rejected*: it finds nothing and matches nothing,
  even on a finding's line (on these reports rejected diagnostics sit on lines with real findings).
- Unexpected diagnostics at error or warning level on a line that a ``correct`` or ``legit``
  entry marks, and not rejected by name, are *false alarms*.

Whatever rules are registered when this runs are measured; nothing here knows about particular rules.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

import zhlint
from zhlint.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
CORPUS_MORE = ROOT / "tests" / "corpus_more"
CORPUS_MORE_ENV = "ZHLINT_CORPUS_MORE"
SNAPSHOT = CORPUS / "found.json"
CORPORA = ("hunan", "more", "all")
# tests/corpus/*.expected.json do not name region and kind: all three are Hunan 部门决算
HUNAN_REGION = "湖南省"
HUNAN_KIND = "部门决算"
FAMILIES = ("ZL1", "ZL2", "ZL3", "ZL4", "ZL5", "ZL6")
REACHES = ("required", "stretch", "out")
FALSE_ALARM_SEVERITIES = frozenset({"error", "warning"})


def family_of(code: str) -> str:
    """``ZL401`` → ``ZL4``."""
    return code[:3]


def diagnostic_lines(diagnostic: Diagnostic) -> range:
    """The 1-based lines a diagnostic covers (end exclusive: an end at column 1 ends the line before)."""
    last = diagnostic.end_line
    if last > diagnostic.line and diagnostic.end_column == 1:
        last -= 1
    return range(diagnostic.line, max(last, diagnostic.line) + 1)


@attrs.frozen
class Finding:
    id: int
    lines: tuple[int, ...]
    context_lines: tuple[int, ...]
    family: str
    reach: str
    severity: str
    category: str
    quote: str

    @property
    def target_lines(self) -> frozenset[int]:
        return frozenset(self.lines) | frozenset(self.context_lines)


@attrs.frozen
class Rejected:
    """An error or warning of zhlint that the reviewer judged wrong: its code, on this line."""

    line: int
    code: str
    why: str

    def covers(self, diagnostic: Diagnostic) -> bool:
        return diagnostic.code == self.code and self.line in diagnostic_lines(diagnostic)


@attrs.frozen
class Expected:
    document: str
    report_year: int | None
    findings: tuple[Finding, ...]
    quiet_lines: frozenset[int]  # lines that a correct or legit entry marks
    rejected: tuple[Rejected, ...] = ()
    region: str = HUNAN_REGION
    kind: str = HUNAN_KIND

    @property
    def group(self) -> tuple[str, str]:
        """(region, kind) for the per-region figures: 湖南/上海/江苏 and 决算/预算."""
        return region_of(self.region), kind_of(self.kind)

    @classmethod
    def load(cls, path: Path) -> Expected:
        data = json.loads(path.read_text(encoding="utf-8"))
        rejected = tuple(
            Rejected(int(item["line"]), item["code"], item["why"]) for item in data.get("rejected", ())
        )
        findings = tuple(
            Finding(
                id=int(item["id"]),
                lines=tuple(item["lines"]),
                context_lines=tuple(item.get("context_lines", ())),
                family=item["family"],
                reach=item["reach"],
                severity=item["severity"],
                category=item["category"],
                quote=item.get("quote", ""),
            )
            for item in data["findings"]
        )
        quiet = frozenset(line for entry in data["correct"] + data["legit"] for line in entry["lines"])
        return cls(
            data["document"],
            data.get("report_year"),
            findings,
            quiet,
            rejected,
            data.get("region", HUNAN_REGION),
            data.get("kind", HUNAN_KIND),
        )


def region_of(region: str) -> str:
    """``上海市普陀区`` → ``上海``, ``江苏省`` → ``江苏``."""
    return region[:2]


def kind_of(kind: str) -> str:
    """部门决算, 单位决算 and the 决算模板 are 决算; 部门预算 and 单位预算 are 预算."""
    return "决算" if "决算" in kind else "预算"


@attrs.frozen
class FindingResult:
    finding: Finding
    found: bool  # by a diagnostic of its family
    found_any: bool  # by a diagnostic of any family
    found_own: bool  # by a diagnostic of its family on its own lines (context lines not counted)
    codes: tuple[str, ...]  # codes of the diagnostics on its lines

    def to_json(self) -> dict[str, Any]:
        f = self.finding
        return {
            "id": f.id,
            "family": f.family,
            "reach": f.reach,
            "severity": f.severity,
            "category": f.category,
            "lines": list(f.lines),
            "context_lines": list(f.context_lines),
            "quote": f.quote,
            "found": self.found,
            "found_any_family": self.found_any,
            "found_on_own_lines": self.found_own,
            "codes": list(self.codes),
        }


@attrs.frozen
class DocumentResult:
    document: str
    findings: tuple[FindingResult, ...]
    diagnostics: tuple[Diagnostic, ...]
    unexpected: tuple[Diagnostic, ...]
    false_alarms: tuple[Diagnostic, ...]
    rejected: tuple[Diagnostic, ...] = ()  # diagnostics the reviewer rejects by code and line
    group: tuple[str, str] = (HUNAN_REGION[:2], "决算")

    @property
    def name(self) -> str:
        return Path(self.document).stem

    def rejected_alarms(self) -> tuple[Diagnostic, ...]:
        """The rejected diagnostics at error or warning level (infos are not counted against a rule)."""
        return tuple(d for d in self.rejected if d.severity.value in FALSE_ALARM_SEVERITIES)

    def by_severity(self) -> dict[str, dict[str, int]]:
        """Reviewer findings by their severity: severity → {listed, found}."""
        table = {severity: {"listed": 0, "found": 0} for severity in ("error", "warning", "info")}
        for result in self.findings:
            cell = table[result.finding.severity]
            cell["listed"] += 1
            cell["found"] += result.found
        return table

    def figures(self) -> dict[str, int]:
        """The headline counts of a document (summed over documents for a region or kind)."""
        summary = self.summary().get("all", {})
        severities = self.by_severity()
        rejected = _severity_counts(self.rejected_alarms())
        false_alarms = _severity_counts(self.false_alarms)
        figures = {"documents": 1, "diagnostics": len(self.diagnostics)}
        for reach in ("required", "stretch"):
            cell = summary.get(reach, {})
            figures[f"{reach}_found"] = cell.get("found", 0)
            figures[f"{reach}_listed"] = cell.get("listed", 0)
        for severity in ("error", "warning"):
            figures[f"{severity}_findings_found"] = severities[severity]["found"]
            figures[f"{severity}_findings_listed"] = severities[severity]["listed"]
            figures[f"rejected_{severity}s"] = rejected[severity]
            figures[f"false_alarm_{severity}s"] = false_alarms[severity]
        return figures

    def found_ids(self) -> list[int]:
        return sorted(r.finding.id for r in self.findings if r.found)

    def summary(self) -> dict[str, dict[str, dict[str, int]]]:
        """family → reach → {listed, found, found_any}; plus an ``all`` family."""
        table: dict[str, dict[str, dict[str, int]]] = {}
        for result in self.findings:
            for family in (result.finding.family, "all"):
                cell = table.setdefault(family, {}).setdefault(
                    result.finding.reach, {"listed": 0, "found": 0, "found_any": 0, "found_own": 0}
                )
                cell["listed"] += 1
                cell["found"] += result.found
                cell["found_any"] += result.found_any
                cell["found_own"] += result.found_own
        return table

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "summary": self.summary(),
            "found_ids": self.found_ids(),
            "findings": [r.to_json() for r in self.findings],
            "diagnostics": len(self.diagnostics),
            "unexpected": [_diag_json(d) for d in self.unexpected],
            "false_alarms": [_diag_json(d) for d in self.false_alarms],
            "false_alarm_counts": _severity_counts(self.false_alarms),
            "region": self.group[0],
            "kind": self.group[1],
            "figures": self.figures(),
            "rejected": [_diag_json(d) for d in self.rejected],
        }


def _diag_json(d: Diagnostic) -> dict[str, Any]:
    return {"line": d.line, "code": d.code, "severity": d.severity.value, "message": d.message}


def _severity_counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for d in diagnostics:
        counts[d.severity.value] += 1
    return counts


def evaluate(
    expected: Expected, diagnostics: Sequence[Diagnostic], family: str | None = None
) -> DocumentResult:
    """Match diagnostics to findings; ``family`` restricts both sides to one rule family."""
    if family:
        diagnostics = [d for d in diagnostics if family_of(d.code) == family]
    findings = [f for f in expected.findings if not family or f.family == family]
    rejected = {i for i, d in enumerate(diagnostics) if any(r.covers(d) for r in expected.rejected)}
    results = []
    matched: set[int] = set(rejected)  # a rejected diagnostic is neither a match nor unexpected
    for finding in findings:
        targets = finding.target_lines
        on = [
            i
            for i, d in enumerate(diagnostics)
            if i not in rejected and targets.intersection(diagnostic_lines(d))
        ]
        matched.update(on)
        own = frozenset(finding.lines)
        results.append(
            FindingResult(
                finding,
                found=any(family_of(diagnostics[i].code) == finding.family for i in on),
                found_any=bool(on),
                found_own=any(
                    family_of(diagnostics[i].code) == finding.family
                    and own.intersection(diagnostic_lines(diagnostics[i]))
                    for i in on
                ),
                codes=tuple(sorted({diagnostics[i].code for i in on})),
            )
        )
    unexpected = tuple(d for i, d in enumerate(diagnostics) if i not in matched)
    false_alarms = tuple(
        d
        for d in unexpected
        if d.severity.value in FALSE_ALARM_SEVERITIES
        and expected.quiet_lines.intersection(diagnostic_lines(d))
    )
    return DocumentResult(
        expected.document,
        tuple(results),
        tuple(diagnostics),
        unexpected,
        false_alarms,
        tuple(diagnostics[i] for i in sorted(rejected)),
        expected.group,
    )


def corpus_documents(corpus: Path = CORPUS) -> list[tuple[Path, Path]]:
    """(report, expected) pairs of the corpus, sorted."""
    pairs = []
    for text in sorted(corpus.glob("*.txt")):
        expected = text.with_name(text.stem + ".expected.json")
        if expected.exists():
            pairs.append((text, expected))
    return pairs


def corpus_more_dir() -> Path:
    """The shared folder of the corpus-more reports: $ZHLINT_CORPUS_MORE, else ../shared/corpus-more.

    Located as tests/test_corpus_more_data.py does: beside the repository, or one level higher for a git
    worktree under wt/<name>/.
    """
    configured = os.environ.get(CORPUS_MORE_ENV)
    if configured:
        return Path(configured)
    candidates = [ROOT.parent / "shared" / "corpus-more", ROOT.parent.parent / "shared" / "corpus-more"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def corpus_more_documents(expectations: Path = CORPUS_MORE) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """(report, expected) pairs of tests/corpus_more/ whose report is in the shared folder, and the
    reports that are absent."""
    folder = corpus_more_dir()
    present: list[tuple[Path, Path]] = []
    absent: list[Path] = []
    for expected in sorted(expectations.glob("*.expected.json")):
        report = folder / (expected.name.removesuffix(".expected.json") + ".txt")
        if report.is_file():
            present.append((report, expected))
        else:
            absent.append(report)
    return present, absent


def skip_note(absent: Sequence[Path]) -> str:
    """The line printed where corpus-more reports are missing."""
    folder = absent[0].parent if absent else corpus_more_dir()
    return (
        f"skipped {len(absent)} corpus-more report(s): not found in {folder} "
        f"(put ../shared/corpus-more beside the project or set {CORPUS_MORE_ENV})"
    )


def evaluate_pairs(pairs: Iterable[tuple[Path, Path]], family: str | None = None) -> list[DocumentResult]:
    results = []
    for text, expected_path in pairs:
        diagnostics = zhlint.lint_file(text)
        results.append(evaluate(Expected.load(expected_path), diagnostics, family))
    return results


def run(family: str | None = None, corpus: Path = CORPUS) -> list[DocumentResult]:
    """Lint every report of tests/corpus/ with the rules registered now and evaluate it."""
    return evaluate_pairs(corpus_documents(corpus), family)


def run_more(family: str | None = None) -> tuple[list[DocumentResult], list[Path]]:
    """Lint and evaluate the corpus-more reports found in the shared folder; also the absent ones."""
    present, absent = corpus_more_documents()
    return evaluate_pairs(present, family), absent


def group_figures(results: Sequence[DocumentResult]) -> dict[str, dict[str, int]]:
    """Figures summed per region (湖南, 上海, 江苏), per kind (决算, 预算), and over all documents."""
    groups: dict[str, dict[str, int]] = {}
    for result in results:
        region, kind = result.group
        for key in (region, kind, f"{region} {kind}", "all"):
            cell = groups.setdefault(key, {})
            for name, value in result.figures().items():
                cell[name] = cell.get(name, 0) + value
    order = {"湖南": 0, "上海": 1, "江苏": 2}
    return dict(sorted(groups.items(), key=lambda item: _group_order(item[0], order)))


def _group_order(key: str, regions: dict[str, int]) -> tuple[int, int, str]:
    if key == "all":
        return (3, 0, key)
    if key in ("决算", "预算"):
        return (2, 0, key)
    return (1 if " " in key else 0, regions.get(key[:2], 9), key)


def snapshot(results: Sequence[DocumentResult]) -> dict[str, list[int]]:
    """Found finding ids per document (the content of tests/corpus/found.json)."""
    return {Path(r.document).stem: r.found_ids() for r in results}


def write_snapshot(results: Sequence[DocumentResult], path: Path = SNAPSHOT) -> None:
    data = snapshot(results)
    lines = ["{"]
    for index, (name, ids) in enumerate(sorted(data.items())):
        comma = "," if index < len(data) - 1 else ""
        lines.append(f'  "{name}": {json.dumps(ids)}{comma}')
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_snapshot(path: Path = SNAPSHOT) -> dict[str, list[int]]:
    if not path.exists():
        return {}
    data: dict[str, list[int]] = json.loads(path.read_text(encoding="utf-8"))
    return data


# ---------------------------------------------------------------------------------------------- text


def _cell(counts: dict[str, int] | None) -> str:
    if not counts:
        return "-"
    return f"{counts['found']}/{counts['listed']} ({counts['found_any']}, {counts['found_own']})"


def format_text(results: Sequence[DocumentResult], family: str | None = None) -> str:
    out: list[str] = []
    families = [family] if family else list(FAMILIES)
    header = "found/listed (any family, own lines only)"
    total: dict[str, dict[str, dict[str, int]]] = {}
    for result in results:
        summary = result.summary()
        _accumulate(total, summary)
        region, kind = result.group
        out.append(f"== {result.document}  [{region} {kind}]  ({len(result.diagnostics)} diagnostics)")
        out.append("   " + headline(result.figures()))
        out.append(_summary_table(summary, families, header))
        missed = [r for r in result.findings if not r.found]
        missed.sort(key=lambda r: (REACHES.index(r.finding.reach), r.finding.family, r.finding.id))
        out.append(f"-- missed ({len(missed)}), required first:")
        for r in missed:
            f = r.finding
            other = f"  [other family: {', '.join(r.codes)}]" if r.found_any else ""
            lines = ",".join(map(str, f.lines[:4])) + ("…" if len(f.lines) > 4 else "")
            quote = " ".join(f.quote.split())[:50]
            out.append(f"   #{f.id:<3} {f.family} {f.reach:<8} {f.severity:<7} L{lines}: {quote}{other}")
        out.append(f"-- unexpected diagnostics ({len(result.unexpected)}):")
        for d in result.unexpected:
            mark = "  FALSE ALARM" if d in result.false_alarms else ""
            out.append(f"   L{d.line:<4} {d.code} {d.severity.value:<7} {d.message[:90]}{mark}")
        counts = _severity_counts(result.false_alarms)
        out.append(
            f"-- false alarms on correct/legit lines: {len(result.false_alarms)} "
            f"(errors {counts['error']}, warnings {counts['warning']})"
        )
        if result.rejected:
            out.append(f"-- rejected by the reviewer ({len(result.rejected)}):")
            for d in result.rejected:
                out.append(f"   L{d.line:<4} {d.code} {d.severity.value:<7} {d.message[:90]}")
        out.append("")
    out.append("== corpus total")
    out.append(_summary_table(total, families, header))
    false_alarms = [d for r in results for d in r.false_alarms]
    counts = _severity_counts(false_alarms)
    unexpected = sum(len(r.unexpected) for r in results)
    out.append(
        f"unexpected diagnostics: {unexpected}; false alarms: {len(false_alarms)} "
        f"(errors {counts['error']}, warnings {counts['warning']})"
    )
    out += ["", "== per document", markdown_documents(results), "", "== per region and kind"]
    out.append(markdown_groups(results))
    return "\n".join(out)


def headline(figures: dict[str, int]) -> str:
    """One line of a document's (or a group's) figures."""
    f = figures
    return (
        f"required {f['required_found']}/{f['required_listed']}, stretch {f['stretch_found']}/"
        f"{f['stretch_listed']}; reviewer-listed errors found {f['error_findings_found']}/"
        f"{f['error_findings_listed']}, warnings {f['warning_findings_found']}/"
        f"{f['warning_findings_listed']}; "
        f"rejected by the reviewer: errors {f['rejected_errors']}, warnings {f['rejected_warnings']}; "
        f"other false alarms on correct/legit lines: errors {f['false_alarm_errors']}, "
        f"warnings {f['false_alarm_warnings']}"
    )


FIGURES_HEADER = (
    "| required found | stretch found | listed errors found | listed warnings found "
    "| rejected (error / warning) | other false alarms (error / warning) | diagnostics |"
)


def _figure_cells(f: dict[str, int]) -> str:
    return (
        f"| {f['required_found']}/{f['required_listed']} | {f['stretch_found']}/{f['stretch_listed']} "
        f"| {f['error_findings_found']}/{f['error_findings_listed']} "
        f"| {f['warning_findings_found']}/{f['warning_findings_listed']} "
        f"| {f['rejected_errors']} / {f['rejected_warnings']} "
        f"| {f['false_alarm_errors']} / {f['false_alarm_warnings']} | {f['diagnostics']} |"
    )


def markdown_documents(results: Sequence[DocumentResult]) -> str:
    """A markdown table: the figures of each document."""
    rows = ["| document | region | kind " + FIGURES_HEADER, "| --- | --- | --- " + "| ---: " * 7 + "|"]
    for result in results:
        region, kind = result.group
        rows.append(f"| {result.name} | {region} | {kind} " + _figure_cells(result.figures()))
    return "\n".join(rows)


def markdown_groups(results: Sequence[DocumentResult]) -> str:
    """A markdown table: the figures per region, per kind, per region and kind, and in all."""
    rows = ["| group | documents " + FIGURES_HEADER, "| --- | ---: " + "| ---: " * 7 + "|"]
    for group, figures in group_figures(results).items():
        rows.append(f"| {group} | {figures['documents']} " + _figure_cells(figures))
    return "\n".join(rows)


def _accumulate(
    total: dict[str, dict[str, dict[str, int]]], summary: dict[str, dict[str, dict[str, int]]]
) -> None:
    for family, reaches in summary.items():
        for reach, counts in reaches.items():
            cell = total.setdefault(family, {}).setdefault(
                reach, {"listed": 0, "found": 0, "found_any": 0, "found_own": 0}
            )
            for key, value in counts.items():
                cell[key] += value


def _summary_table(
    summary: dict[str, dict[str, dict[str, int]]], families: Sequence[str], header: str
) -> str:
    rows = [f"   {'family':<7}" + "".join(f"{reach:>20}" for reach in REACHES) + f"   {header}"]
    for family in [*families, "all"]:
        if family == "all" and len(families) == 1:
            continue
        reaches = summary.get(family, {})
        rows.append(f"   {family:<7}" + "".join(f"{_cell(reaches.get(reach)):>20}" for reach in REACHES))
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--family", choices=FAMILIES, help="only this rule family (findings and diagnostics)")
    parser.add_argument(
        "--corpus",
        choices=CORPORA,
        default="all",
        help="hunan: tests/corpus/; more: tests/corpus_more/ (reports from the shared folder); all (default)",
    )
    parser.add_argument(
        "--update-snapshot", action="store_true", help=f"write the found ids to {SNAPSHOT.relative_to(ROOT)}"
    )
    args = parser.parse_args(argv)
    if args.update_snapshot and (args.family or args.corpus == "more"):
        parser.error("--update-snapshot needs all families and the Hunan corpus")
    hunan = run(args.family) if args.corpus != "more" else []
    more, absent = run_more(args.family) if args.corpus != "hunan" else ([], [])
    results = hunan + more
    if absent:
        print(skip_note(absent), file=sys.stderr)
    if args.json:
        total: dict[str, dict[str, dict[str, int]]] = {}
        for result in results:
            _accumulate(total, result.summary())
        json.dump(
            {
                "family": args.family,
                "documents": [r.to_json() for r in results],
                "total": total,
                "groups": group_figures(results),
                "skipped": [str(path) for path in absent],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    else:
        print(format_text(results, args.family))
        if absent:
            print(skip_note(absent))
    if args.update_snapshot:
        write_snapshot(hunan)
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
