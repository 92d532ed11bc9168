"""What the reviewers' expectation files share: their vocabulary and the helpers that read them.

Used by tests/test_corpus_data.py (tests/corpus/, the Hunan reports) and
tests/test_corpus_more_data.py (tests/corpus_more/, the reports in ../shared/corpus-more). It does
not import zhlint.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

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


def load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def md_rows(md_path: Path) -> dict[int, tuple[str, str]]:
    """(category, severity) of every row of the findings table in an .expected.md file, by id.

    Cells are split at `|` outside backquotes and not escaped as `\\|`."""
    text = md_path.read_text(encoding="utf-8")
    section = text.split("## 1. Findings", 1)[1].split("\n## 2.", 1)[0]
    rows = {}
    for line in section.splitlines():
        if not re.match(r"^\| (\d+) \|", line):
            continue
        cells, cur, in_code, escaped = [], "", False, False
        for ch in line.strip()[1:-1]:
            if ch == "`":
                in_code = not in_code
            if ch == "|" and not in_code and not escaped:
                cells.append(cur.strip())
                cur = ""
            else:
                cur += ch
            escaped = ch == "\\"
        cells.append(cur.strip())
        assert len(cells) == 6, line
        rows[int(cells[0])] = (cells[2], cells[3])
    return rows


def is_line_list(value: object, allow_empty: bool) -> bool:
    return (
        isinstance(value, list)
        and (allow_empty or len(value) > 0)
        and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
        and value == sorted(set(value))
    )


def checkable_segments(quote: str, *, elided_pieces: bool = False) -> list[str]:
    """Longest fragment of each short, literal segment of a quote ('a / b' holds several).

    ``elided_pieces``: check each piece of an elided segment (`a…b`) and read `XX` as literal
    (the template's placeholder); otherwise an elided segment is skipped as not literal enough.
    """
    keys = []
    segments = quote.split(" / ")
    if elided_pieces:
        segments = [piece for segment in segments for piece in re.split(r"…|\.\.\.", segment)]
    for seg in segments:
        if len(seg) > 80 or (not elided_pieces and ("…" in seg or "..." in seg)):
            continue  # elided or long: not literal enough
        words = seg.replace("X", "") if elided_pieces else seg
        if re.search(r"[A-Za-z]{2,}", words):
            continue  # English words: a description, not document text
        frags = FRAGMENT.findall(WS.sub("", seg))
        if not frags:
            continue
        best = max(frags, key=len)
        if len(best) >= 4:
            keys.append(best)
    return keys


def haystacks(doc: list[str], line_numbers: list[int]) -> list[str]:
    compact = [WS.sub("", doc[n - 1]) for n in line_numbers]
    return [*compact, "".join(compact)]  # a quote may run across a line break
