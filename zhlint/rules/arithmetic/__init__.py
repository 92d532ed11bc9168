"""ZL1xx: arithmetic inside the prose — percentages, sums, zero bases, direction words, restatements.

Every rule here reads claims (``zhlint.claims.extract.claims_of``), never raw text. Numbers are
``Decimal``; tolerances come from ``zhlint.read.numbers`` (each amount rounded to 0.01 万元 may be off
by 0.005, and a percentage is right within half a unit of its last digit of what such amounts
allow). A claim the grammar did not read is simply absent: these rules never guess.

One module per rule (ZL102 and ZL103, the two sums, share one); helpers used by several are in
:mod:`zhlint.rules.arithmetic._common`.
"""

from __future__ import annotations

from zhlint.rules.arithmetic import (  # noqa: F401  (imported for registration)
    direction,
    percent,
    restatement,
    sums,
    zero_base,
)
