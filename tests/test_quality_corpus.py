"""Quality gate on the real corpus (issue 6): nothing found before may be lost, and no new errors on
lines the reviewers marked as correct or legit.

The snapshot tests/corpus/found.json lists the ids found per document; refresh it with
``python -m benchmarks.corpus --update-snapshot`` after a rule finds more.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import corpus

DOCUMENTS = sorted(text.stem for text, _ in corpus.corpus_documents())


@pytest.fixture(scope="module")
def results() -> dict[str, corpus.DocumentResult]:
    return {Path(r.document).stem: r for r in corpus.run()}


def test_corpus_present() -> None:
    assert len(DOCUMENTS) == 3, "tests/corpus should hold three reports with their expected findings"


@pytest.mark.parametrize("document", sorted(corpus.load_snapshot()))
def test_snapshot_findings_still_found(document: str, results: dict[str, corpus.DocumentResult]) -> None:
    expected_ids = corpus.load_snapshot()[document]
    result = results[document]
    found = set(result.found_ids())
    lost = [r for r in result.findings if r.finding.id in expected_ids and r.finding.id not in found]
    assert not lost, "findings that used to be found are now missed: " + "; ".join(
        f"#{r.finding.id} {r.finding.family} L{list(r.finding.lines)} {r.finding.quote[:40]}" for r in lost
    )


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_error_on_correct_or_legit_lines(document: str, results: dict[str, corpus.DocumentResult]) -> None:
    errors = [d for d in results[document].false_alarms if d.severity.value == "error"]
    assert not errors, "errors on lines the reviewers marked correct/legit: " + "; ".join(
        f"L{d.line} {d.code} {d.message}" for d in errors
    )


def test_snapshot_covers_every_document() -> None:
    assert set(corpus.load_snapshot()) == set(DOCUMENTS)


def test_matching_rules() -> None:
    """A diagnostic on a finding's line is matched; off it, on a correct line, it is a false alarm."""
    from zhlint.diagnostics import Diagnostic, Severity

    finding = corpus.Finding(1, (10,), (20,), "ZL4", "required", "error", "year", "")
    expected = corpus.Expected("x.txt", 2023, (finding,), frozenset({10, 30}))

    def diag(code: str, line: int, severity: Severity = Severity.ERROR) -> Diagnostic:
        return Diagnostic(code, "n", severity, "m", line, 1, line, 5)

    result = corpus.evaluate(expected, [diag("ZL601", 10), diag("ZL401", 20), diag("ZL501", 30)])
    assert result.found_ids() == [1]
    assert [d.line for d in result.unexpected] == [30]
    assert [d.line for d in result.false_alarms] == [30]
    only_other = corpus.evaluate(expected, [diag("ZL601", 10)])
    assert only_other.found_ids() == [] and only_other.findings[0].found_any
    assert not only_other.false_alarms  # on a finding's line: matched, not a false alarm
    info = corpus.evaluate(expected, [diag("ZL601", 30, Severity.INFO)])
    assert not info.false_alarms


def test_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert corpus.main(["--json", "--family", "ZL4"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["family"] == "ZL4"
    assert all(f["family"] == "ZL4" for doc in data["documents"] for f in doc["findings"])
