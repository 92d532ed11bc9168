"""Corpus evaluation: zhlint's diagnostics against the reviewers' findings in tests/corpus/.

Run ``python -m benchmarks.corpus`` (``--json`` for machine output, ``--family ZL4`` for one rule
family, ``--update-snapshot`` to rewrite tests/corpus/found.json).

Matching rules (see tests/corpus/README.md):

- A finding is *found* when a diagnostic of the finding's family lies on one of its ``lines`` or,
  for cross-references, its ``context_lines``. It is *found by any family* when a diagnostic of any
  family lies there. A diagnostic "lies on" the lines its span covers.
- A diagnostic on a finding's line (any family) is *matched*; the others are *unexpected*.
- Unexpected diagnostics at error or warning level on a line that a ``correct`` or ``legit``
  entry marks are *false alarms*.

Whatever rules are registered when this runs are measured; nothing here knows about particular rules.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

import zhlint
from zhlint.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SNAPSHOT = CORPUS / "found.json"
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
class Expected:
    document: str
    report_year: int | None
    findings: tuple[Finding, ...]
    quiet_lines: frozenset[int]  # lines that a correct or legit entry marks

    @classmethod
    def load(cls, path: Path) -> Expected:
        data = json.loads(path.read_text(encoding="utf-8"))
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
        return cls(data["document"], data.get("report_year"), findings, quiet)


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
    results = []
    matched: set[int] = set()
    for finding in findings:
        targets = finding.target_lines
        on = [i for i, d in enumerate(diagnostics) if targets.intersection(diagnostic_lines(d))]
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
    return DocumentResult(expected.document, tuple(results), tuple(diagnostics), unexpected, false_alarms)


def corpus_documents(corpus: Path = CORPUS) -> list[tuple[Path, Path]]:
    """(report, expected) pairs of the corpus, sorted."""
    pairs = []
    for text in sorted(corpus.glob("*.txt")):
        expected = text.with_name(text.stem + ".expected.json")
        if expected.exists():
            pairs.append((text, expected))
    return pairs


def run(family: str | None = None, corpus: Path = CORPUS) -> list[DocumentResult]:
    """Lint every corpus report with the rules registered now and evaluate it."""
    results = []
    for text, expected_path in corpus_documents(corpus):
        diagnostics = zhlint.lint_file(text)
        results.append(evaluate(Expected.load(expected_path), diagnostics, family))
    return results


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
        out.append(f"== {result.document}  ({len(result.diagnostics)} diagnostics)")
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
    return "\n".join(out)


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
        "--update-snapshot", action="store_true", help=f"write the found ids to {SNAPSHOT.relative_to(ROOT)}"
    )
    args = parser.parse_args(argv)
    if args.update_snapshot and args.family:
        parser.error("--update-snapshot needs all families")
    results = run(args.family)
    if args.json:
        total: dict[str, dict[str, dict[str, int]]] = {}
        for result in results:
            _accumulate(total, result.summary())
        json.dump(
            {"family": args.family, "documents": [r.to_json() for r in results], "total": total},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    else:
        print(format_text(results, args.family))
    if args.update_snapshot:
        write_snapshot(results)
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
