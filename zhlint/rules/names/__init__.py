"""ZL61x: names — the unit's own name and the standard names of funds and tables."""

from __future__ import annotations

from zhlint.rules.names import (  # noqa: F401  (imported for registration)
    standard_names,
    unit_name,
)
