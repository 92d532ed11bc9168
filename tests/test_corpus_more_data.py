"""Validate the reviewers' expectations in tests/corpus_more/*.expected.json.

The reports themselves are not in the project: they are read from ``../shared/corpus-more/`` (the folder
beside the project, located relative to this repository) or from the folder named by the environment
variable ZHLINT_CORPUS_MORE. Where neither exists, the tests that need the reports are skipped. The schema
tests run always. This test does not import zhlint.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

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

HERE = Path(__file__).parent / "corpus_more"
JSON_FILES = sorted(HERE.glob("*.expected.json"))
ENV_VAR = "ZHLINT_CORPUS_MORE"

KINDS = {"部门决算", "单位决算", "部门预算", "单位预算", "决算模板"}
TOP_KEYS = {
    "document",
    "source",
    "kind",
    "region",
    "report_year",
    "unit_name",
    "findings",
    "correct",
    "legit",
    "rejected",
}
REJECTED_KEYS = {"line", "code", "why"}
CODE = re.compile(r"ZL\d{3}")


def _corpus_more_dir() -> Path:
    """The shared folder of reports: $ZHLINT_CORPUS_MORE, else ../shared/corpus-more beside the repo.

    A git worktree one level deeper (wt/<name>/ beside main/) finds the same folder one level up.
    """
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured)
    here = Path(__file__).resolve()
    candidates = [here.parents[2] / "shared" / "corpus-more", here.parents[3] / "shared" / "corpus-more"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def _doc_lines(data: dict[str, Any]) -> list[str]:
    folder = _corpus_more_dir()
    report = folder / data["document"]
    if not report.is_file():
        pytest.skip(f"../shared/corpus-more not found: {report} is absent (set {ENV_VAR} to the folder)")
    return report.read_text(encoding="utf-8").splitlines()


def test_expectations_present() -> None:
    assert len(JSON_FILES) >= 5, "tests/corpus_more/*.expected.json missing"
    for path in JSON_FILES:
        assert path.with_name(path.name.replace(".expected.json", ".expected.md")).exists(), path.name


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_schema(path: Path) -> None:
    data = load(path)
    assert set(data) == TOP_KEYS
    stem = path.name.replace(".expected.json", "")
    assert data["document"] == stem + ".txt"
    assert data["source"] == stem + ".pdf"
    assert data["kind"] in KINDS
    assert isinstance(data["region"], str) and data["region"].startswith(("上海市", "江苏省"))
    assert isinstance(data["report_year"], int) and 2000 <= data["report_year"] <= 2100
    assert isinstance(data["unit_name"], str) and data["unit_name"].strip()
    assert isinstance(data["findings"], list) and data["findings"]
    ids = [f["id"] for f in data["findings"]]
    assert ids == list(range(1, len(ids) + 1)), "finding ids must be 1..n"
    for f in data["findings"]:
        where = f"{path.name} finding {f.get('id')}"
        assert FINDING_KEYS <= set(f) <= FINDING_KEYS | FINDING_OPTIONAL, where
        assert is_line_list(f["lines"], allow_empty=False), where
        assert is_line_list(f["context_lines"], allow_empty=True), where
        assert f["category"] in CATEGORIES, where
        assert f["severity"] in SEVERITIES, where
        assert f["family"] in FAMILIES, where
        assert f["reach"] in REACHES, where
        for key in ("quote", "what", "rule_hint"):
            assert isinstance(f[key], str) and f[key].strip(), f"{where}: empty {key}"
    for section in ("correct", "legit"):
        assert isinstance(data[section], list) and data[section], f"{path.name}: empty {section}"
        for i, entry in enumerate(data[section]):
            where = f"{path.name} {section}[{i}]"
            assert set(entry) == ENTRY_KEYS, where
            assert is_line_list(entry["lines"], allow_empty=False), where
            assert isinstance(entry["what"], str) and entry["what"].strip(), where
            assert entry["family"] in FAMILIES, where
    _check_rejected(path.name, data)


def _check_rejected(name: str, data: dict[str, Any]) -> None:
    """``rejected``: the zhlint errors and warnings the reviewer rejects (section 4/5 of the .md).

    Each entry is a line and a code, sorted and unique, with the reviewer's reason; the reviewer's note on a
    legit or correct entry names the code and covers the line (by its lines or as ``L<line>``), so that no
    verdict stands here without the review behind it.
    """
    rejected = data["rejected"]
    assert isinstance(rejected, list), f"{name}: rejected must be a list"
    keys = [(r.get("line"), r.get("code")) for r in rejected]
    assert keys == sorted(set(keys)), f"{name}: rejected must be sorted by (line, code) and unique"
    notes = data["correct"] + data["legit"]
    for r in rejected:
        where = f"{name} rejected L{r.get('line')} {r.get('code')}"
        assert set(r) == REJECTED_KEYS, where
        assert isinstance(r["line"], int) and not isinstance(r["line"], bool), where
        assert isinstance(r["code"], str) and CODE.fullmatch(r["code"]), where
        assert isinstance(r["why"], str) and r["why"].strip(), f"{where}: empty why"
        backed = [
            e
            for e in notes
            if f"zhlint {r['code']}" in e["what"]
            and (r["line"] in e["lines"] or re.search(rf"\bL{r['line']}\b", e["what"]))
        ]
        assert backed, f"{where}: no legit/correct note says zhlint {r['code']} is wrong on this line"


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_findings_match_markdown(path: Path) -> None:
    """Every row of the reviewer's table is in the json, with the same category and severity."""
    data = load(path)
    listed = md_rows(path.with_name(path.name.replace(".expected.json", ".expected.md")))
    found = {f["id"]: (f["category"], f["severity"]) for f in data["findings"]}
    assert found == listed


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_line_numbers_within_document(path: Path) -> None:
    data = load(path)
    n = len(_doc_lines(data))
    entries = [(f"finding {f['id']}", f["lines"] + f["context_lines"]) for f in data["findings"]]
    entries += [(f"correct[{i}]", e["lines"]) for i, e in enumerate(data["correct"])]
    entries += [(f"legit[{i}]", e["lines"]) for i, e in enumerate(data["legit"])]
    entries += [(f"rejected L{r['line']} {r['code']}", [r["line"]]) for r in data["rejected"]]
    for where, numbers in entries:
        for num in numbers:
            assert 1 <= num <= n, f"{path.name} {where}: line {num} outside 1..{n}"


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_lines_are_not_blank(path: Path) -> None:
    """Every cited line holds text."""
    data = load(path)
    doc = _doc_lines(data)
    problems = []
    for f in data["findings"]:
        for key in ("lines", "context_lines"):
            empty = [n for n in f[key] if not doc[n - 1].strip()]
            if empty:
                problems.append(f"finding {f['id']}: {key} has blank lines {empty}")
    for section in ("correct", "legit"):
        for i, entry in enumerate(data[section]):
            empty = [n for n in entry["lines"] if not doc[n - 1].strip()]
            if empty:
                problems.append(f"{section}[{i}]: blank lines {empty}")
    for r in data["rejected"]:
        if not doc[r["line"] - 1].strip():
            problems.append(f"rejected {r['code']}: blank line {r['line']}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_quotes_on_their_lines(path: Path) -> None:
    """A literal quote must be found on the finding's own lines (whitespace ignored).

    As in tests/test_corpus_data.py: segments joined by ' / ', elided ('…'), long or English ones are not
    checked; a quote without elision must have a segment on `lines`; every checkable segment must sit on
    `lines` or `context_lines`.
    """
    data = load(path)
    doc = _doc_lines(data)
    problems = []
    for f in data["findings"]:
        keys = checkable_segments(f["quote"], elided_pieces=True)
        if not keys:
            problems.append(f"finding {f['id']}: quote {f['quote']!r} has no checkable segment")
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


def test_skip_reason_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the shared folder is absent, the reason says which folder was looked for."""
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "absent"))
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/corpus-more not found: .*absent"):
        _doc_lines({"document": "x.txt"})
