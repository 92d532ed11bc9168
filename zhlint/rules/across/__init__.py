"""ZL7xx: across reports. A report against last year's, a 决算 against its 预算, a 部门 against its 单位.

These rules read the facts of several reports (``zhlint.facts``), not one document, so they have
no per-document check function: ``zhlint check`` runs ``check.check_reports`` when it is given
several reports or ``--history`` (``zhlint.across``). A single report never gets a ZL7xx finding.
"""

from __future__ import annotations

from zhlint.rules.across import meta as meta
from zhlint.rules.across.check import AcrossCheck, Comparison, Finding7, check_reports

__all__ = ["AcrossCheck", "Comparison", "Finding7", "check_reports", "meta"]
