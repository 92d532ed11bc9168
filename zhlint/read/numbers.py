"""Numbers and tolerance: the only place where amounts are parsed, rounded and compared.

Amounts are ``decimal.Decimal`` throughout; nothing here or in the rules compares floats.
The tables say 本套报表金额单位转换时可能存在尾数误差: each amount in 万元 is rounded to 0.01
from 元, so it may be off by up to 0.005 from the true value. Sums and percentages computed
from such amounts are judged within the error that this rounding can carry.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

import attrs

from zhlint.diagnostics import Span
from zhlint.read.text import MappedText, delete_chars, normalise_width

HUNDRED = Decimal(100)
ZERO = Decimal(0)

# A number as it appears in extracted text (after full-width digits became ASCII): plain
# `526.36`, with thousands separators `6,094.55`, or split by PDF extraction `526. 36`,
# `6, 094. 55`. A space is only accepted inside a number where a short fraction follows,
# so that a list marker `1. 2023年…` is not read as 1.2023.
NUMBER_PATTERN = re.compile(
    r"""
    \d(?<![\d.]\d)                  # the first digit, not inside a number: the test looks back
                                    # from after it, so that a search skips ahead digit to digit
    (?:
        \d{0,2}(?:,[ ]?\d{3})+          # thousands groups, possibly `6, 094`
      | \d*
    )
    (?:
        \.\d+(?![ ]?\d)                 # a plain fraction
      | [ ]?\.[ ]?\d{1,2}(?![\d.])      # a fraction split by a stray space: `526. 36`
    )?
    (?![\d])
    """,
    re.VERBOSE,
)


@attrs.frozen
class Tolerance:
    """How far a stated figure may be from what follows from rounded amounts."""

    amount_error: Decimal = Decimal("0.005")  # each amount is rounded to 0.01 万元


DEFAULT_TOLERANCE = Tolerance()


@attrs.frozen
class Number:
    """A number read from the text: its value, its written precision and where it stands."""

    value: Decimal
    places: int  # digits after the decimal point as written
    span: Span  # in the source
    raw: str  # as written in the source, artefacts included
    split: bool = False  # a stray space inside the number (`526. 36`)

    @property
    def canonical(self) -> str:
        """The number written without artefacts (`526. 36` → `526.36`, `6, 094. 55` → `6,094.55`)."""
        return self.raw.replace(" ", "").replace("\u3000", "")


def parse_decimal(text: str) -> Decimal | None:
    """Parse a written amount: `6,094.55`, `526. 36`, full-width digits, `-` or blank for zero."""
    cleaned = text.strip()
    if not cleaned.isascii():
        cleaned = normalise_width(cleaned)
    cleaned = cleaned.replace(",", "").replace(" ", "").replace("\u3000", "")
    if cleaned in {"-", "—", "－", "--"}:
        return ZERO
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def places_of(text: str) -> int:
    """Digits after the decimal point as written (`9.80` → 2, `9.8` → 1, `12` → 0)."""
    cleaned = text.replace(" ", "")
    return len(cleaned) - cleaned.index(".") - 1 if "." in cleaned else 0


def find_numbers(mapped: MappedText) -> list[Number]:
    """Every number in a normalised text, with its span in the source."""
    return read_numbers(mapped)[0]


def without_number_artefacts(mapped: MappedText) -> MappedText:
    """Remove stray spaces and thousands separators inside numbers, keeping the offset map."""
    return read_numbers(mapped)[1]


def read_numbers(mapped: MappedText) -> tuple[list[Number], MappedText]:
    """The numbers of a text and the text without their artefacts, from one scan of it."""
    found = []
    artefacts: set[int] = set()
    offsets = mapped.offsets
    for match in NUMBER_PATTERN.finditer(mapped.text):
        raw = match.group()
        start, end = match.span()
        split = " " in raw
        if split or "," in raw:
            value = parse_decimal(raw)
            if value is None:
                continue
            artefacts.update(start + index for index, char in enumerate(raw) if char in " ,")
            places = places_of(raw)
        else:
            value = Decimal(raw)  # plain digits, the usual case: nothing to clean
            places = len(raw) - raw.index(".") - 1 if "." in raw else 0
        # A number is never empty: its span runs from its first character to past its last.
        span = Span(offsets[start], offsets[end - 1] + 1)
        found.append(Number(value, places, span, raw, split))
    return found, delete_chars(mapped, artefacts)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Rounding as in Chinese accounting: 53.275 → 53.28 at two places."""
    return _quantize(value, places, ROUND_HALF_UP)


def truncate(value: Decimal, places: int) -> Decimal:
    return _quantize(value, places, ROUND_DOWN)


def _quantize(value: Decimal, places: int, rounding: str) -> Decimal:
    # Enough precision for every digit left of the point: with the default 28 digits a number of
    # 29 digits or more (garbage in a report) made quantize raise InvalidOperation.
    with localcontext() as context:
        if value.is_finite():
            context.prec = max(context.prec, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)


def fmt(value: Decimal, places: int | None = None) -> str:
    """A Decimal for a message: fixed point, rounded half-up when ``places`` is given."""
    if places is not None:
        value = round_half_up(value, places)
    text = format(value, "f")
    return text


class Verdict(str, enum.Enum):
    OK = "ok"  # holds exactly, or within the rounding the amounts carry
    ROUNDING = "rounding"  # off only by the tail differences that rounding to 0.01 can cause
    TRUNCATED = "truncated"  # the stated figure is the computed one cut off, not rounded
    WRONG = "wrong"
    UNDEFINED = "undefined"  # a rate over a zero base


@attrs.frozen
class PercentCheck:
    verdict: Verdict
    exact: Decimal | None  # the percentage computed from the amounts as written
    expected: Decimal | None  # ``exact`` rounded half-up to the stated precision


def percent_of(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator == ZERO:
        return None
    return numerator / denominator * HUNDRED


def check_percent(
    stated: Decimal,
    places: int,
    numerator: Decimal,
    denominator: Decimal,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
) -> PercentCheck:
    """Is ``stated`` % (written with ``places`` decimals) what numerator/denominator gives?

    Right when it is the computed value rounded half-up, or lies within half a unit of its last
    digit of some value the rounded amounts allow (numerator and denominator may each be off by
    ``amount_error``). The computed value cut off instead of rounded is TRUNCATED (a warning).
    """
    exact = percent_of(numerator, denominator)
    if exact is None:
        return PercentCheck(Verdict.UNDEFINED, None, None)
    expected = round_half_up(exact, places)
    if stated == expected:
        return PercentCheck(Verdict.OK, exact, expected)
    # Truncation first: a figure cut off from the amounts as written is the writer's slip even
    # when the amounts' own rounding could also explain it.
    if stated == truncate(exact, places):
        return PercentCheck(Verdict.TRUNCATED, exact, expected)
    low, high = _percent_bounds(numerator, denominator, tolerance.amount_error)
    half_unit = Decimal(1).scaleb(-places) / 2
    if stated - half_unit <= high and stated + half_unit >= low:
        return PercentCheck(Verdict.OK, exact, expected)
    return PercentCheck(Verdict.WRONG, exact, expected)


def _percent_bounds(numerator: Decimal, denominator: Decimal, error: Decimal) -> tuple[Decimal, Decimal]:
    """The range of numerator/denominator × 100 when each may be off by ``error``."""
    num_low, num_high = max(numerator - error, ZERO), numerator + error
    den_low, den_high = denominator - error, denominator + error
    if den_low <= ZERO:
        # A base this small makes any rate possible; only the exact value is then trusted.
        exact = numerator / denominator * HUNDRED
        return exact, exact
    return num_low / den_high * HUNDRED, num_high / den_low * HUNDRED


@attrs.frozen
class SumCheck:
    verdict: Verdict
    computed: Decimal  # the sum of the parts
    difference: Decimal  # total − computed
    allowed: Decimal  # the tail difference rounding can explain


def check_sum(total: Decimal, parts: Sequence[Decimal], tolerance: Tolerance = DEFAULT_TOLERANCE) -> SumCheck:
    """Do ``parts`` add up to ``total``? Each of the n+1 amounts may carry the rounding error."""
    computed = sum(parts, ZERO)
    difference = total - computed
    allowed = tolerance.amount_error * (len(parts) + 1)
    if difference == ZERO:
        verdict = Verdict.OK
    elif abs(difference) <= allowed:
        verdict = Verdict.ROUNDING
    else:
        verdict = Verdict.WRONG
    return SumCheck(verdict, computed, difference, allowed)


def amounts_agree(first: Decimal, second: Decimal, tolerance: Tolerance = DEFAULT_TOLERANCE) -> Verdict:
    """Two statements of the same amount: equal, a 0.01 tail apart, or different."""
    if first == second:
        return Verdict.OK
    if abs(first - second) <= tolerance.amount_error * 2:
        return Verdict.ROUNDING
    return Verdict.WRONG


def rounded_agree(stated: Decimal, places: int, finer: Decimal) -> Verdict:
    """A prose amount written to ``places`` against a finer figure of the same quantity (a cell of
    a table in 元, 243,120元 = 24.3120万元): equal when the finer figure rounds to it, else as
    :func:`amounts_agree`."""
    if round_half_up(finer, places) == stated:
        return Verdict.OK
    return amounts_agree(stated, finer)


def percents_agree(first: Decimal, first_places: int, second: Decimal, second_places: int) -> Verdict:
    """Two statements of the same percentage, each written to its own precision (`100%`, `100.00%`).

    They agree when they round to the same figure at the coarser precision (`46.06` and `46.1`),
    or lie within half a unit of its last digit (`99.95` and `99.9`, both from 99.949); else WRONG.
    """
    places = min(first_places, second_places)
    if round_half_up(first, places) == round_half_up(second, places):
        return Verdict.OK
    if abs(first - second) <= Decimal(1).scaleb(-places) / 2:
        return Verdict.OK
    return Verdict.WRONG


def score_rounding(count: int) -> Decimal:
    """How far a sum of ``count`` 绩效 scores may be from their 总分 by rounding alone.

    Scores such as 8.3 (= 10 × 82.79%) are rounded to one decimal, so each may be off by up to
    0.05 from the score its formula gives; ``count`` of them, by up to 0.05 × ``count``.
    """
    return Decimal("0.05") * count
