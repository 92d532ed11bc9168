"""Report facts: what one report says about itself and about the year before, for cross-report checks.

``extract.facts_of`` reads them from the analysed document (a ``LintContext``); ``model`` holds
them and their JSON form (docs/facts.md); ``pair`` groups the reports of one unit by year and kind.
The cross-report rules (ZL7xx, ``zhlint.rules.across``) read only these facts, so that a
reviewer may keep the facts of past years (``zhlint facts``) without the documents.
"""

from __future__ import annotations

from zhlint.facts.model import SCHEMA, Figure, ReportFacts, facts_from_json, facts_to_json

__all__ = ["SCHEMA", "Figure", "ReportFacts", "facts_from_json", "facts_to_json"]
