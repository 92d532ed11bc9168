"""ZL1xx on the real corpus: the reviewers' arithmetic findings are found, correct claims stay silent,
and wrong numbers injected into correct sentences are caught at their line (and nowhere else)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

import zhlint
from zhlint.config import Config, with_overrides

CORPUS = Path(__file__).parent / "corpus"
DOCUMENTS = ("000_ea33554ba86d6ddd", "002_ee65dbd3a880dfb2", "004_2209d00c77695512")
ZL1_ONLY = with_overrides(Config(), select=["ZL1"])
RANK = {"info": 0, "warning": 1, "error": 2}

Found = frozenset[tuple[int, str, str]]


def lint(text: str) -> Found:
    """(line, code, severity) of every ZL1 diagnostic."""
    return frozenset(
        (d.line, d.code, d.severity.value) for d in zhlint.lint_text(text, path="t.txt", config=ZL1_ONLY)
    )


@cache
def text_of(document: str) -> str:
    return (CORPUS / f"{document}.txt").read_text(encoding="utf-8")


@cache
def untouched(document: str) -> Found:
    return lint(text_of(document))


def expected(document: str) -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = json.loads(
        (CORPUS / f"{document}.expected.json").read_text(encoding="utf-8")
    )
    return data


def lines_of(entry: dict[str, object]) -> set[int]:
    lines = entry["lines"]
    assert isinstance(lines, list)
    return {int(line) for line in lines}


# ---------------------------------------------------------------------------------------------
# The reviewers' findings


@pytest.mark.parametrize("document", DOCUMENTS)
def test_zl1_findings_of_the_reviewers_are_found(document: str) -> None:
    found_lines: dict[int, int] = {}
    for line, _, severity in untouched(document):
        found_lines[line] = max(found_lines.get(line, 0), RANK[severity])
    missed = []
    for finding in expected(document)["findings"]:
        if finding["family"] != "ZL1" or finding["reach"] == "out":
            continue
        if not any(line in found_lines for line in lines_of(finding)):
            missed.append(f"#{finding['id']} L{sorted(lines_of(finding))} {finding['quote']}")
    assert not missed, missed


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_zl1_error_or_warning_on_lines_marked_correct(document: str) -> None:
    data = expected(document)
    finding_lines = set().union(*(lines_of(finding) for finding in data["findings"]))
    correct_lines = set().union(*(lines_of(entry) for entry in [*data["correct"], *data["legit"]]))
    quiet = correct_lines - finding_lines
    alarms = [item for item in untouched(document) if item[0] in quiet and item[2] != "info"]
    assert not alarms, alarms


# Severity the reviewers gave, and what the ZL1 rules report, for the arithmetic findings.
KNOWN = {
    "000_ea33554ba86d6ddd": {
        (382, "ZL101", "warning"),  # 24.52/526.36 = 4.66% written 4.6%
        (386, "ZL102", "warning"),  # itemised 年初预算 614.66 ≠ 635.78
        (422, "ZL101", "warning"),  # 102.637% truncated to 102.63%
        (478, "ZL102", "error"),  # 30.8 + 0 + 104.4 ≠ 135.24
    },
    "002_ee65dbd3a880dfb2": {
        (465, "ZL104", "error"),  # 增加96.8% from a zero previous year
        (465, "ZL105", "error"),  # 持平的主要原因 after 增长9.68万元
        (469, "ZL104", "error"),  # 539.4% over a zero budget
        (503, "ZL102", "warning"),  # meeting costs 2.59 ≠ 2.51
        (515, "ZL102", "error"),  # 92.48 + 141.56 + 721.06 ≠ 879.24
        (515, "ZL101", "error"),  # 955.1/879.24 written 100.0%
        (598, "ZL102", "info"),  # 5292.07 + 1220.9 = 6512.97, a tail
        (638, "ZL102", "warning"),  # listed projects 833.24 ≠ 1045.93
    },
    "004_2209d00c77695512": {
        (403, "ZL102", "info"),  # 类 amounts 540.43 vs 540.44
        (471, "ZL102", "info"),  # 人员 + 公用 = 425.44 vs 425.43
        (481, "ZL104", "warning"),  # 完成预算的0% over 0/0
        (491, "ZL104", "warning"),
        (495, "ZL104", "info"),  # 占0% of a zero 三公 total
        (521, "ZL104", "error"),  # SME share within goods must be 100%
        (671, "ZL102", "warning"),  # 80 + 42.15 ≠ 115.01 + 0
    },
}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_known_diagnostics(document: str) -> None:
    assert KNOWN[document] <= untouched(document)


# ---------------------------------------------------------------------------------------------
# Injected errors

INJECTIONS = [
    # (document, line, written, injected, code expected at that line)
    ("000_ea33554ba86d6ddd", 394, "完成年初预算的78.6%", "完成年初预算的74.6%", "ZL101"),
    ("000_ea33554ba86d6ddd", 394, "决算数小于年初预算数", "决算数大于年初预算数", "ZL105"),
    ("000_ea33554ba86d6ddd", 366, "占98. 1%", "占95. 1%", "ZL101"),
    ("000_ea33554ba86d6ddd", 366, "占98. 1%", "占95. 1%", "ZL103"),
    ("000_ea33554ba86d6ddd", 428, "公用经费216.71万元", "公用经费226.71万元", "ZL102"),
    ("000_ea33554ba86d6ddd", 446, "增加的主要原因", "减少的主要原因", "ZL105"),
    ("000_ea33554ba86d6ddd", 450, "增长6.2%", "增长9.2%", "ZL101"),
    ("000_ea33554ba86d6ddd", 358, "减少27. 18%", "增加27. 18%", "ZL105"),
    ("002_ee65dbd3a880dfb2", 371, "占81.62%", "占84.62%", "ZL101"),
    ("002_ee65dbd3a880dfb2", 463, "支出预算为199万元", "支出预算为209万元", "ZL102"),
    ("002_ee65dbd3a880dfb2", 497, "增加10.47%", "增加11.47%", "ZL101"),
    ("002_ee65dbd3a880dfb2", 415, "决算数小于年初预算数", "决算数等于年初预算数", "ZL105"),
    ("002_ee65dbd3a880dfb2", 467, "减少53.79%", "减少43.79%", "ZL101"),
    ("004_2209d00c77695512", 381, "增长55.8%", "增长58.8%", "ZL101"),
    ("004_2209d00c77695512", 389, "项目支出115.01万元", "项目支出125.01万元", "ZL102"),
    ("004_2209d00c77695512", 429, "完成年初预算的96.7%", "完成年初预算的97.7%", "ZL101"),
    ("004_2209d00c77695512", 511, "降低5.6%", "增长5.6%", "ZL105"),
    ("004_2209d00c77695512", 519, "政府采购货物支出42.3万元", "政府采购货物支出43.3万元", "ZL102"),
]


def inject(document: str, line: int, written: str, injected: str) -> str:
    lines = text_of(document).split("\n")
    assert written in lines[line - 1], (line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(written, injected, 1)
    return "\n".join(lines)


@pytest.mark.parametrize(("document", "line", "written", "injected", "code"), INJECTIONS)
def test_injected_error_is_caught_at_its_line(
    document: str, line: int, written: str, injected: str, code: str
) -> None:
    after = lint(inject(document, line, written, injected))
    new = after - untouched(document)
    assert any(item[:2] == (line, code) and item[2] != "info" for item in new), sorted(new)
    # Elsewhere only restatements of the changed amount may now disagree with it (ZL106).
    away = [item for item in new if item[0] != line and item[1] != "ZL106"]
    assert not away, f"new findings away from line {line}: {sorted(new)}"
