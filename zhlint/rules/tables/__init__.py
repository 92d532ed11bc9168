"""ZL3xx: arithmetic inside and across the standard tables.

Every identity of the national template is checked with :func:`zhlint.read.numbers.check_sum`: a
difference that the rounding of each amount to 0.01 万元 can explain (the tables' own note
本套报表金额单位转换时可能存在尾数误差) is reported as info and says so; anything larger is an error.
Tables that could not be read are reported once (ZL004) and skipped.

One module per rule; the sum finding, the parts and the example headers they share are in
:mod:`zhlint.rules.tables._common`.
"""

from __future__ import annotations

from zhlint.rules.tables import (  # noqa: F401  (imported for registration)
    appendix_sums,
    balance,
    basic_detail,
    cost_target,
    cross_table,
    execution_rate,
    hierarchy,
    layout,
    row_identity,
    scores,
    three_public,
)
