"""Part lists of quantities other than money: areas, people, vehicles, projects.

`规划建筑面积13459平方米，其中地上建筑面积为8013平方米（其中计容面积7998平方米，不计容面积105平方米）`:
a quantity in a unit of measure or count, then `其中` and its parts in the same unit. Only lists
that are clearly bounded are read: the parts inside the brackets of `（其中…）`, or a run of parts
joined by `、` right after `其中：`. The total is the last quantity of the same unit before `其中`
in its sentence. Such a list may leave parts out; only what the parts say of the total is read.
Money (万元, 元) and percentages are the claims of :mod:`zhlint.claims.build`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs

from zhlint.document.segment import Paragraph
from zhlint.read.numbers import Number, parse_decimal, places_of
from zhlint.read.text import MappedText

# A number and its unit of measure or count (not money, not a rate, not a year or a date).
_QUANTITY = re.compile(
    r"(?<![\d.])(?P<number>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>平方米|平米|立方米|公顷|亩|公里|千米|人次|人|辆|台|套|间|栋|户|家|所|名|个|项|条|件|批次)"
    r"(?![/／每])"
)
_AMONG = re.compile(r"其中\s*[：:，,]?")
_SENTENCE_END = "。；;！？!?"
_OPEN = "（("
_CLOSE = "）)"


@attrs.frozen
class QuantityBreakdown:
    """A quantity and the parts listed after its `其中`, all in one unit."""

    total: Number
    unit: str
    parts: tuple[Number, ...]
    bracketed: bool  # the parts stand in `（其中…）`


def quantity_breakdowns(paragraphs: Iterable[Paragraph]) -> tuple[QuantityBreakdown, ...]:
    found: list[QuantityBreakdown] = []
    for paragraph in paragraphs:
        if paragraph.is_note:
            continue
        found.extend(_breakdowns(paragraph.text))
    return tuple(found)


def _number(text: MappedText, match: re.Match[str]) -> Number | None:
    raw = match.group("number")
    value = parse_decimal(raw)
    if value is None:
        return None
    start, end = match.span("number")
    return Number(value, places_of(raw), text.source_span(start, end), raw)


def _breakdowns(text: MappedText) -> Iterator[QuantityBreakdown]:
    plain = text.text
    if "其中" not in plain:
        return
    quantities = list(_QUANTITY.finditer(plain))
    if len(quantities) < 3:
        return
    for among in _AMONG.finditer(plain):
        bracketed = among.start() > 0 and plain[among.start() - 1] in _OPEN
        end = _list_end(plain, among.end(), bracketed)
        inside = [
            m for m in quantities if among.end() <= m.start() < end and _depth(plain, among.end(), m) == 0
        ]
        if not inside:
            continue
        unit = inside[0].group("unit")
        parts = [m for m in inside if m.group("unit") == unit]
        if len(parts) < 2 or (not bracketed and any(m.group("unit") != unit for m in inside)):
            continue
        sentence_start = max(plain.rfind(stop, 0, among.start()) for stop in _SENTENCE_END) + 1
        before = [
            m for m in quantities if sentence_start <= m.start() < among.start() and m.group("unit") == unit
        ]
        if not before:
            continue
        total = _number(text, before[-1])
        numbers = [_number(text, m) for m in parts]
        if total is None or any(number is None for number in numbers):
            continue
        yield QuantityBreakdown(total, unit, tuple(n for n in numbers if n is not None), bracketed)


def _depth(text: str, start: int, match: re.Match[str]) -> int:
    """How deep in brackets opened after ``start`` a quantity stands (a sub-list of one part)."""
    between = text[start : match.start()]
    return sum(between.count(c) for c in _OPEN) - sum(between.count(c) for c in _CLOSE)


def _list_end(text: str, start: int, bracketed: bool) -> int:
    """Where the list after `其中` ends: its closing bracket, else the end of its run of `、` items."""
    depth = 0
    for index in range(start, min(len(text), start + 400)):
        char = text[index]
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            if depth == 0:
                return index if bracketed else start  # a bracket closing around an open list
            depth -= 1
        elif depth == 0 and (char in _SENTENCE_END or (not bracketed and char in "，,")):
            return index if not bracketed else start  # an unclosed bracket: not read
    return start
