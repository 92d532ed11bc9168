"""The shortcut of clause reading (the clause memo) finds exactly what a plain lark parse of each
clause finds."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from lark.exceptions import LarkError

from zhlint.claims import parse as claims_parse
from zhlint.claims.build import extract_claims
from zhlint.claims.parse import (
    Atom,
    clause_parser,
    clear_clause_cache,
    parse_clause,
    split_clauses,
)
from zhlint.diagnostics import Span
from zhlint.document.segment import Paragraph, segment
from zhlint.read.source import Source
from zhlint.read.text import MappedText

CORPUS = Path(__file__).parent / "corpus"
EXAMPLES = Path(__file__).parent.parent / "examples"


def _clauses() -> list[str]:
    found: set[str] = set()
    for path in sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt")):
        document = segment(Source.from_text(path.read_text(encoding="utf-8")))
        for block in document.blocks:
            if isinstance(block, Paragraph):
                text = block.text.text
                found.update(text[start:end].strip() for start, end, _ in split_clauses(text))
    found.discard("")
    return sorted(found)


CLAUSES = _clauses()
# Clauses whose digits matter to the grammar (years, `比2022年`) or look as if they might.
TRICKY = [
    "2023年度收、支总计526.36万元",
    "2019年度收、支总计1920.36万元",
    "1920.36万元",
    "比2022年增加20.19万元",
    "较2022年度决算数减少1,902.5万元",
    "与2021年相比增长19.20%",
    "比12022年增加3万元",
    "20192020年支出决算为2019万元",
    "其中2023年预算为٣٣万元",
    "年初预算为0万元",
    "支出决算为 12. 5 万元（含2019年结转）",
    "增加了2020.19万元增长1920%",
    "上年决算数为190万元",
    "2022年决算数为20万元",
]


def _direct(clause: str) -> tuple[Atom, ...]:
    """What a plain lark parse of the clause gives, as ``_read`` reports it."""
    try:
        result = clause_parser().parse(clause)
    except LarkError:
        return ()
    read = result if isinstance(result, tuple) else (result,)
    return tuple(item for item in read if isinstance(item, claims_parse._ATOM_TYPES))


def _mutated(clauses: list[str], count: int) -> list[str]:
    chance = random.Random(20231)
    out = []
    for _ in range(count):
        clause = chance.choice(clauses)
        cut = chance.randrange(len(clause) + 1)
        other = chance.choice(clauses)
        digit = chance.choice("0123456789")
        out.append(clause[:cut] + other[: chance.randrange(6)] + digit + clause[cut:])
    return out


def _outcome(read: Any, clause: str) -> tuple[Any, ...]:
    try:
        return ("read", read(clause))
    except LarkError:
        return ("not read",)


def _placed(text: str) -> tuple[Atom, ...]:
    """What a plain lark parse of the stripped clause gives, spans moved to positions in ``text``."""
    lead = len(text) - len(text.lstrip())
    return tuple(_shifted(item, lead) for item in _direct(text.strip()))


def _shifted(value: Any, lead: int) -> Any:
    if isinstance(value, Span):
        return Span(value.start + lead, value.end + lead)
    if not attrs.has(type(value)):
        return value
    return attrs.evolve(
        value,
        **{field.name: _shifted(getattr(value, field.name), lead) for field in attrs.fields(type(value))},
    )


def _parsed(text: str) -> tuple[Atom, ...]:
    return parse_clause(MappedText(text, range(len(text) + 1)), 0, len(text), {})


def test_memoised_clauses_find_what_a_direct_parse_finds() -> None:
    clauses = CLAUSES + TRICKY + [f" {clause}\u3000" for clause in TRICKY] + _mutated(CLAUSES, 3000)
    clear_clause_cache()
    for text in clauses + list(reversed(clauses)):  # the second time round, from the memo
        assert _parsed(text) == _placed(text), text


def test_clause_with_new_digits_gets_its_own_numbers() -> None:
    clear_clause_cache()
    first = parse_clause(MappedText("年初预算为12.5万元", range(12)), 0, 11, {})
    second = parse_clause(MappedText("年初预算为30.8万元", range(12)), 0, 11, {})
    assert claims_parse._read.cache_info().currsize == 2  # one parse each
    (one,), (two,) = first, second
    assert isinstance(one, claims_parse.StatedAtom) and isinstance(two, claims_parse.StatedAtom)
    assert (one.money.number.value, one.money.number.raw) == (Decimal("12.5"), "12.5")
    assert (two.money.number.value, two.money.number.raw) == (Decimal("30.8"), "30.8")
    assert one.money.number.span == two.money.number.span


def test_clear_clause_cache_forgets_every_clause_and_changes_nothing() -> None:
    path = sorted(CORPUS.glob("*.txt"))[0]
    document = segment(Source.from_text(path.read_text(encoding="utf-8")))
    warm = extract_claims(document)
    assert claims_parse._read.cache_info().currsize > 0
    clear_clause_cache()
    assert claims_parse._read.cache_info().currsize == 0
    assert extract_claims(document) == warm
    assert claims_parse._read.cache_info().misses > 0
