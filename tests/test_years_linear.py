"""review1 repro: the ZL401 self-reference patterns must be linear in a run of spaces after a year.

`\\s*(?:区级|…)?\\s*` (two unbounded quantifiers around an optional group) backtracks quadratically;
the branch shbudget added a second pattern of that shape (预算表)."""

import time

import pytest

from zhlint.rules.years import SELF_REFERENCES


@pytest.mark.parametrize("reference", SELF_REFERENCES, ids=[r.label for r in SELF_REFERENCES])
def test_self_reference_pattern_is_linear(reference: object) -> None:
    text = "2025年" + " " * 20_000 + "x"
    start = time.perf_counter()
    list(reference.pattern.finditer(text))  # type: ignore[attr-defined]
    assert time.perf_counter() - start < 0.2
