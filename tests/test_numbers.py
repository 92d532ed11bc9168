from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhlint.read.numbers import (
    Verdict,
    check_percent,
    check_sum,
    find_numbers,
    parse_decimal,
    percents_agree,
    round_half_up,
    score_rounding,
    without_number_artefacts,
)
from zhlint.read.text import MappedText


def mapped(text: str) -> MappedText:
    return MappedText(text, tuple(range(len(text) + 1)))


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("6,094.55", "6094.55"),
        ("526. 36", "526.36"),
        ("6, 094. 55", "6094.55"),
        ("５２６．３６", "526.36"),
        ("-", "0"),
        ("0.00", "0.00"),
        ("", None),
        ("abc", None),
    ],
)
def test_parse_decimal(written: str, value: str | None) -> None:
    assert parse_decimal(written) == (Decimal(value) if value is not None else None)


def test_find_numbers_keeps_spans_and_marks_split_numbers() -> None:
    text = "收支总计526. 36万元，减少6, 094. 55万元，增长27.18%。"
    numbers = find_numbers(mapped(text))
    assert [n.value for n in numbers] == [Decimal("526.36"), Decimal("6094.55"), Decimal("27.18")]
    assert [n.split for n in numbers] == [True, True, False]
    assert [text[n.span.start : n.span.end] for n in numbers] == ["526. 36", "6, 094. 55", "27.18"]
    assert numbers[0].places == 2


def test_a_list_marker_before_a_year_is_not_a_split_number() -> None:
    numbers = find_numbers(mapped("1. 2023年度部门决算"))
    assert [n.value for n in numbers] == [Decimal(1), Decimal(2023)]


def test_without_artefacts_maps_back_to_the_source() -> None:
    text = "合计6, 094. 55万元"
    clean = without_number_artefacts(mapped(text))
    assert clean.text == "合计6094.55万元"
    start = clean.text.index("6094")
    span = clean.source_span(start, start + len("6094.55"))
    assert text[span.start : span.end] == "6, 094. 55"


def test_round_half_up_as_in_accounting() -> None:
    assert round_half_up(Decimal("21.31") / Decimal(40) * 100, 2) == Decimal("53.28")
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")


@pytest.mark.parametrize(
    ("stated", "places", "numerator", "denominator", "verdict"),
    [
        ("78.5", 1, "13.35", "17", Verdict.OK),
        ("27.18", 2, "196.48", "722.84", Verdict.OK),
        ("102.63", 2, "24.52", "23.89", Verdict.TRUNCATED),
        ("4.6", 1, "24.52", "526.36", Verdict.TRUNCATED),
        ("100.0", 1, "955.1", "879.24", Verdict.WRONG),
        ("539.4", 1, "53.94", "0", Verdict.UNDEFINED),
        ("53.28", 2, "21.31", "40", Verdict.OK),
    ],
)
def test_check_percent(stated: str, places: int, numerator: str, denominator: str, verdict: Verdict) -> None:
    result = check_percent(Decimal(stated), places, Decimal(numerator), Decimal(denominator))
    assert result.verdict is verdict


def test_percent_within_the_error_rounded_amounts_carry_is_ok() -> None:
    # 0.01/0.03 = 33.3%, but 0.014/0.025 (amounts that round to 0.01 and 0.03) = 56%: tiny bases are wide.
    assert check_percent(Decimal("50"), 0, Decimal("0.01"), Decimal("0.03")).verdict is Verdict.OK


def test_check_sum_tolerates_rounding_tails_only() -> None:
    parts = [Decimal("428.48"), Decimal("47.76"), Decimal("25.59"), Decimal("24.52")]
    assert check_sum(Decimal("526.35"), parts).verdict is Verdict.OK
    assert check_sum(Decimal("526.36"), parts).verdict is Verdict.ROUNDING
    result = check_sum(Decimal("135.24"), [Decimal("30.8"), Decimal("0"), Decimal("104.4")])
    assert result.verdict is Verdict.WRONG
    assert result.difference == Decimal("0.04")


@given(
    st.decimals(min_value=0, max_value=10**7, places=2),
    st.decimals(min_value="0.01", max_value=10**7, places=2),
)
def test_the_rounded_exact_percentage_always_checks_ok(numerator: Decimal, denominator: Decimal) -> None:
    for places in (0, 1, 2):
        exact = numerator / denominator * 100
        assert (
            check_percent(round_half_up(exact, places), places, numerator, denominator).verdict is Verdict.OK
        )


def test_score_rounding_grows_with_the_scores() -> None:
    assert score_rounding(0) == 0
    assert score_rounding(3) == Decimal("0.15")  # three scores rounded to 0.1, each by up to 0.05


@pytest.mark.parametrize(
    ("first", "first_places", "second", "second_places", "verdict"),
    [
        ("100", 0, "100.00", 2, Verdict.OK),  # the same rate at two precisions
        ("75.0", 1, "75.04", 2, Verdict.OK),
        ("46.1", 1, "46.06", 2, Verdict.OK),
        ("99.9", 1, "99.95", 2, Verdict.OK),  # within half a unit of the coarser digit (99.949)
        ("75", 0, "100", 0, Verdict.WRONG),
        ("46.06", 2, "100.00", 2, Verdict.WRONG),
        ("46.06", 2, "46.08", 2, Verdict.WRONG),
    ],
)
def test_percents_agree(
    first: str, first_places: int, second: str, second_places: int, verdict: Verdict
) -> None:
    assert percents_agree(Decimal(first), first_places, Decimal(second), second_places) is verdict
    assert percents_agree(Decimal(second), second_places, Decimal(first), first_places) is verdict
