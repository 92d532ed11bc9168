"""ZL2xx: prose against tables.

Every amount of the narrative that names a table quantity (收支总计, 基本支出, a 类, an item of
the 具体情况 list, 人员经费, a 三公 figure …) is compared with the cell that holds it; the claims
come from :mod:`zhlint.claims.extract`, the cells from :mod:`zhlint.tables.recognise`, the matching from
:mod:`zhlint.analysis.match`. A disagreement says what the prose says and what the table says, and
points at the cell (``related``). A 0.01 tail difference is info.

The modules are grouped by what they compare; helpers used by several are in
:mod:`zhlint.rules.prose_tables._common`.
"""

from __future__ import annotations

from zhlint.rules.prose_tables import (  # noqa: F401  (imported for registration)
    amounts,
    appendix,
    basic_data,
    carry_over,
    costs,
    economic_items,
    projects,
)
