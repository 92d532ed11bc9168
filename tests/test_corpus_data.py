"""Validate the machine-readable corpus annotations in tests/corpus/*.expected.json.

These files are the ground truth for zhlint's quality measurements, so their shape and their
line numbers are checked here against the reports (.txt) and the reviewers' notes (.expected.md).
This test does not import zhlint.
"""

import json
import re
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus"
JSON_FILES = sorted(CORPUS.glob("*.expected.json"))

SEVERITIES = {"error", "warning", "info"}
FAMILIES = {"ZL1", "ZL2", "ZL3", "ZL4", "ZL5", "ZL6"}
REACHES = {"required", "stretch", "out"}
CATEGORIES = {
    "arith-pct",
    "arith-sum",
    "narrative-vs-table",
    "cross-section",
    "table-internal",
    "year",
    "unit",
    "template",
    "wording",
    "name",
    "format",
    "rounding",
    "numbering",
}
TOP_KEYS = {"document", "report_year", "unit_name", "findings", "correct", "legit"}
FINDING_KEYS = {
    "id",
    "lines",
    "context_lines",
    "category",
    "severity",
    "quote",
    "what",
    "family",
    "reach",
    "rule_hint",
}
FINDING_OPTIONAL = {"line_note"}
ENTRY_KEYS = {"lines", "what", "family"}

# A "significant fragment": a run of CJK ideographs, digits, '.' and '%' (whitespace removed first).
FRAGMENT = re.compile(r"[\u4e00-\u9fff0-9.%]+")
WS = re.compile(r"\s+")


def _load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _doc_lines(data):
    text = (CORPUS / data["document"]).read_text(encoding="utf-8")
    return text.splitlines()


def _md_rows(md_path):
    """(id, category, severity) of every row of the findings table in an .expected.md file."""
    text = md_path.read_text(encoding="utf-8")
    section = text.split("## 1. Findings", 1)[1].split("\n## 2.", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\| (\d+) \|", line)
        if not m:
            continue
        cells, cur, in_code = [], "", False
        for ch in line.strip()[1:-1]:
            if ch == "`":
                in_code = not in_code
            if ch == "|" and not in_code:
                cells.append(cur.strip())
                cur = ""
            else:
                cur += ch
        cells.append(cur.strip())
        assert len(cells) == 6, line
        rows[int(cells[0])] = (cells[2], cells[3])
    return rows


def _is_line_list(value, allow_empty):
    return (
        isinstance(value, list)
        and (allow_empty or len(value) > 0)
        and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
        and value == sorted(set(value))
    )


def _checkable_segments(quote):
    """Longest fragment of each short, literal segment of a quote ('a / b' holds several)."""
    keys = []
    for seg in quote.split(" / "):
        if "…" in seg or "..." in seg or len(seg) > 80:
            continue  # elided or long: not literal enough
        if re.search(r"[A-Za-z]{2,}", seg):
            continue  # contains English words: a description, not document text
        frags = FRAGMENT.findall(WS.sub("", seg))
        if not frags:
            continue
        best = max(frags, key=len)
        if len(best) >= 4:
            keys.append(best)
    return keys


def _haystacks(doc, line_numbers):
    compact = [WS.sub("", doc[n - 1]) for n in line_numbers]
    return [*compact, "".join(compact)]  # a quote may run across a line break


def test_corpus_present():
    assert JSON_FILES, "no tests/corpus/*.expected.json found"
    for txt in sorted(CORPUS.glob("[0-9][0-9][0-9]_*.txt")):
        assert txt.with_name(txt.name[:-4] + ".expected.md").exists(), txt.name
        assert txt.with_name(txt.name[:-4] + ".expected.json").exists(), txt.name


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_schema(path):
    data = _load(path)
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
        assert _is_line_list(f["lines"], allow_empty=False), where
        assert _is_line_list(f["context_lines"], allow_empty=True), where
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
            assert _is_line_list(entry["lines"], allow_empty=False), where
            assert isinstance(entry["what"], str) and entry["what"].strip(), where
            assert entry["family"] in FAMILIES, where


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_findings_match_markdown(path):
    """Every row of the reviewers' table is present, with the same category and severity."""
    data = _load(path)
    md_rows = _md_rows(path.with_name(path.name.replace(".expected.json", ".expected.md")))
    found = {f["id"]: (f["category"], f["severity"]) for f in data["findings"]}
    assert found == md_rows


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_line_numbers_within_document(path):
    data = _load(path)
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
    data = _load(path)
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
    data = _load(path)
    doc = _doc_lines(data)
    problems = []
    for f in data["findings"]:
        keys = _checkable_segments(f["quote"])
        if not keys:
            continue
        own = _haystacks(doc, f["lines"])
        both = _haystacks(doc, sorted(set(f["lines"]) | set(f["context_lines"])))
        elided = "…" in f["quote"] or "..." in f["quote"]
        if not elided and not any(k in h for k in keys for h in own):
            problems.append(f"finding {f['id']}: none of {keys} on lines {f['lines']}")
        for k in keys:
            if not any(k in h for h in both):
                problems.append(f"finding {f['id']}: {k!r} not on lines or context lines")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)
