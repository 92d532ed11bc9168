"""Validate the machine-readable corpus annotations in tests/corpus/*.expected.json.

These files are the ground truth for zhlint's quality measurements, so their shape and their
line numbers are checked here against the reports (.txt) and the reviewers' notes (.expected.md).
This test does not import zhlint.
"""

import re
from pathlib import Path

import pytest

from tests.expectations import (
    CATEGORIES,
    ENTRY_KEYS,
    FAMILIES,
    FINDING_KEYS,
    FINDING_OPTIONAL,
    REACHES,
    SEVERITIES,
    checkable_segments,
    haystacks,
    is_line_list,
    load,
    md_rows,
)

CORPUS = Path(__file__).parent / "corpus"
JSON_FILES = sorted(CORPUS.glob("*.expected.json"))

TOP_KEYS = {"document", "report_year", "unit_name", "findings", "correct", "legit"}


def _doc_lines(data):
    text = (CORPUS / data["document"]).read_text(encoding="utf-8")
    return text.splitlines()


def test_corpus_present():
    assert JSON_FILES, "no tests/corpus/*.expected.json found"
    for txt in sorted(CORPUS.glob("[0-9][0-9][0-9]_*.txt")):
        assert txt.with_name(txt.name[:-4] + ".expected.md").exists(), txt.name
        assert txt.with_name(txt.name[:-4] + ".expected.json").exists(), txt.name


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_schema(path):
    data = load(path)
    assert set(data) == TOP_KEYS
    assert data["document"] == path.name.replace(".expected.json", ".txt")
    assert (CORPUS / data["document"]).exists()
    assert isinstance(data["report_year"], int) and 2000 <= data["report_year"] <= 2100
    assert isinstance(data["unit_name"], str) and data["unit_name"].strip()
    assert isinstance(data["findings"], list) and data["findings"]
    ids = [f["id"] for f in data["findings"]]
    assert len(ids) == len(set(ids)), "duplicate finding ids"
    for f in data["findings"]:
        where = f"{path.name} finding {f.get('id')}"
        assert FINDING_KEYS <= set(f) <= FINDING_KEYS | FINDING_OPTIONAL, where
        assert isinstance(f["id"], int) and not isinstance(f["id"], bool), where
        assert is_line_list(f["lines"], allow_empty=False), where
        assert is_line_list(f["context_lines"], allow_empty=True), where
        assert f["category"] in CATEGORIES, where
        assert f["severity"] in SEVERITIES, where
        assert f["family"] in FAMILIES, where
        assert f["reach"] in REACHES, where
        for key in ("quote", "what", "rule_hint"):
            assert isinstance(f[key], str) and f[key].strip(), f"{where}: empty {key}"
        if "line_note" in f:
            assert re.fullmatch(r"annotation said .+", f["line_note"]), where
    for section in ("correct", "legit"):
        assert isinstance(data[section], list)
        for i, entry in enumerate(data[section]):
            where = f"{path.name} {section}[{i}]"
            assert set(entry) == ENTRY_KEYS, where
            assert is_line_list(entry["lines"], allow_empty=False), where
            assert isinstance(entry["what"], str) and entry["what"].strip(), where
            assert entry["family"] in FAMILIES, where


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_findings_match_markdown(path):
    """Every row of the reviewers' table is present, with the same category and severity."""
    data = load(path)
    listed = md_rows(path.with_name(path.name.replace(".expected.json", ".expected.md")))
    found = {f["id"]: (f["category"], f["severity"]) for f in data["findings"]}
    assert found == listed


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_line_numbers_within_document(path):
    data = load(path)
    n = len(_doc_lines(data))
    entries = [(f"finding {f['id']}", f["lines"] + f["context_lines"]) for f in data["findings"]]
    entries += [(f"correct[{i}]", e["lines"]) for i, e in enumerate(data["correct"])]
    entries += [(f"legit[{i}]", e["lines"]) for i, e in enumerate(data["legit"])]
    for where, numbers in entries:
        for num in numbers:
            assert 1 <= num <= n, f"{path.name} {where}: line {num} outside 1..{n}"


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_lines_are_not_blank(path):
    """Verified statements sit on text lines; a finding's range starts and ends on text."""
    data = load(path)
    doc = _doc_lines(data)
    blank = lambda n: not doc[n - 1].strip()  # noqa: E731
    problems = []
    for f in data["findings"]:
        for key in ("lines", "context_lines"):
            nums = f[key]
            if nums and (blank(nums[0]) or blank(nums[-1])):
                problems.append(f"finding {f['id']}: {key} {nums} start or end on a blank line")
    for section in ("correct", "legit"):
        for i, entry in enumerate(data[section]):
            empty = [n for n in entry["lines"] if blank(n)]
            if empty:
                problems.append(f"{section}[{i}]: blank lines {empty}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_quotes_on_their_lines(path):
    """A literal quote must be found on the finding's own lines (whitespace ignored).

    A quote is a literal excerpt, or several joined by ' / ' (the second often cites the conflicting
    text on a context line). Segments that are elided ('…'), long, or English descriptions are not
    checked. For a quote without any elision, at least one segment must sit on `lines`; in every
    quote, each checkable segment must sit on `lines` or `context_lines`.
    """
    data = load(path)
    doc = _doc_lines(data)
    problems = []
    for f in data["findings"]:
        keys = checkable_segments(f["quote"])
        if not keys:
            continue
        own = haystacks(doc, f["lines"])
        both = haystacks(doc, sorted(set(f["lines"]) | set(f["context_lines"])))
        elided = "…" in f["quote"] or "..." in f["quote"]
        if not elided and not any(k in h for k in keys for h in own):
            problems.append(f"finding {f['id']}: none of {keys} on lines {f['lines']}")
        for k in keys:
            if not any(k in h for h in both):
                problems.append(f"finding {f['id']}: {k!r} not on lines or context lines")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)
