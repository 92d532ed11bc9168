"""The shortcuts of clause reading (the memo, clauses read by shape, the direct LALR driver)
find exactly what a plain lark parse of each clause finds."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import lark
import pytest
from lark.exceptions import LarkError

import zhlint
from zhlint.claims import parse as claims_parse
from zhlint.claims.build import extract_claims
from zhlint.claims.parse import (
    Atom,
    clause_parser,
    clause_reader,
    clear_clause_cache,
    driver_supported,
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


def test_direct_driver_is_used_and_reads_as_lark_does() -> None:
    reader = clause_reader()
    if driver_supported():
        assert reader != clause_parser().parse  # this lark's tables were found
    for clause in CLAUSES + TRICKY + _mutated(CLAUSES, 3000):
        assert _outcome(reader, clause) == _outcome(clause_parser().parse, clause), clause


def test_the_driver_is_only_used_with_checked_lark_versions() -> None:
    assert driver_supported("1.3.1") and driver_supported("1.1.9") and driver_supported("1.2.2")
    assert not driver_supported("1.1.8") and not driver_supported("1.4.0") and not driver_supported("2.0")
    if not driver_supported():
        pytest.skip(f"lark {lark.__version__} is not one the driver was checked against")
    assert clause_reader() != clause_parser().parse


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


def test_clauses_read_by_shape_find_what_a_direct_parse_finds() -> None:
    clauses = CLAUSES + TRICKY + [f" {clause}\u3000" for clause in TRICKY] + _mutated(CLAUSES, 3000)
    clear_clause_cache()
    for text in clauses + list(reversed(clauses)):  # the second time round, shapes are known
        assert _parsed(text) == _placed(text), text


@pytest.mark.parametrize(
    ("clause", "shape"),
    [
        ("年初预算为532.93万元", "年初预算为333.33万元"),
        ("2023年度收、支总计526.36万元", "2023年度收、支总计333.33万元"),
        ("比2022年增加20.19万元", "比2022年增加33.33万元"),
        ("12019年", "32019年"),
        ("201920年", "201920年"),
        ("٣٣万元", "٣٣万元"),
        ("与上年相比持平", "与上年相比持平"),
    ],
)
def test_shape_keeps_year_digits_only(clause: str, shape: str) -> None:
    assert claims_parse._shape(clause) == shape


def test_clause_with_new_digits_gets_its_own_numbers() -> None:
    clear_clause_cache()
    first = parse_clause(MappedText("年初预算为12.5万元", range(12)), 0, 11, {})
    second = parse_clause(MappedText("年初预算为30.8万元", range(12)), 0, 11, {})
    assert claims_parse._read_shape.cache_info().currsize == 1  # one parse for both
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
    assert claims_parse._read_shape.cache_info().currsize == 0
    assert extract_claims(document) == warm
    assert claims_parse._read_shape.cache_info().misses > 0


def test_several_terminal_regexes_are_tried_in_order() -> None:
    match = claims_parse._first_match((re.compile("(?P<A>a)"), re.compile("(?P<B>b)|(?P<C>bb)")))
    found = match("xbb", 1)
    assert found is not None and found.lastgroup == "B"
    assert match("xc", 1) is None


class _ScannerWithoutTables:
    """A lark scanner as another lark layout might keep it: no ``_mres`` (counted when asked)."""

    asked = 0

    def __init__(self, scanner: Any) -> None:
        self._scanner = scanner

    def __getattr__(self, name: str) -> Any:
        if name == "_mres":
            type(self).asked += 1
            raise AttributeError(name)
        return getattr(self._scanner, name)


@pytest.fixture
def other_lark_layout(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Patch the lexers' ``scanner`` so that ``_mres`` is missing (for the lexers ``hidden`` picks);
    the reader and the clause memos are rebuilt before and after."""
    lexers = clause_parser().parser.lexer.lexers
    lexer_class = type(next(iter(lexers.values())))
    real = lexer_class.scanner
    hidden: dict[str, Any] = {"which": lambda lexer: True}

    def scanner(self: Any) -> Any:
        found = real.fget(self)
        return _ScannerWithoutTables(found) if hidden["which"](self) else found

    _ScannerWithoutTables.asked = 0
    monkeypatch.setattr(lexer_class, "scanner", property(scanner))
    clause_reader.cache_clear()
    clear_clause_cache()
    yield hidden
    monkeypatch.undo()
    clause_reader.cache_clear()
    clear_clause_cache()


CHECKED = [
    "年初预算为532.93万元",
    "支出决算为418.68万元",
    "完成年初预算的78.6%",
    "与上年相比增加0.83万元",
    "其中",
]


def test_a_lark_without_the_lexer_tables_gets_lark_s_own_parse(other_lark_layout: Any) -> None:
    if not driver_supported():
        pytest.skip(f"lark {lark.__version__} is not one the driver was checked against")
    reader = clause_reader()  # the start state's lexer is checked when the driver is built
    assert reader == clause_parser().parse
    for clause in CHECKED:
        assert _outcome(reader, clause) == _outcome(clause_parser().parse, clause)


def test_a_lexer_found_unreadable_later_switches_to_lark_s_parse_for_good(other_lark_layout: Any) -> None:
    if not driver_supported():
        pytest.skip(f"lark {lark.__version__} is not one the driver was checked against")
    parser: Any = clause_parser().parser
    begin = parser.parser.parser.parse_table.start_states["start"]
    start_lexer = parser.lexer.lexers[begin]
    other_lark_layout["which"] = lambda lexer: lexer is not start_lexer
    reader = clause_reader()
    assert reader != clause_parser().parse  # the start state's lexer reads as expected
    assert _outcome(reader, CHECKED[0]) == _outcome(clause_parser().parse, CHECKED[0])
    assert _ScannerWithoutTables.asked == 1  # the driver met the missing table once
    for clause in CHECKED + _mutated(CHECKED, 50):
        assert _outcome(reader, clause) == _outcome(clause_parser().parse, clause), clause
    assert _ScannerWithoutTables.asked == 1  # and did not try again
    # and a whole lint reads its claims as before, with no rule failure (ZL009)
    text = (
        "2023年度\n株洲市测试中心部门决算\n\n一、情况说明\n\n"
        "年初预算为23.89万元，支出决算为24.52万元，完成年初预算的101.5%。\n"
    )
    assert [d.code for d in zhlint.lint_text(text, path="t.txt") if d.code in ("ZL009", "ZL101")] == ["ZL101"]
