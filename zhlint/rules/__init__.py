"""The rule families. Importing this package registers every rule.

One package per family (the families are listed in docs/architecture.md), one module per rule or
small group of related rules; each module registers its rules with :func:`zhlint.rules.base.rule`
when it is imported, and each family's ``__init__`` imports its modules. The engine's own codes
(ZL0xx) are in ``input``, units (ZL5xx) and years (ZL4xx) are single modules.
"""

from __future__ import annotations

from zhlint.rules import (  # noqa: F401  (imported for registration)
    across,
    arithmetic,
    input,
    names,
    prose_tables,
    structure,
    tables,
    template,
    units,
    years,
)
from zhlint.rules.base import Finding, LintContext, Rule, RuleMeta, find_rule, registered_rules, rule

__all__ = ["Finding", "LintContext", "Rule", "RuleMeta", "find_rule", "registered_rules", "rule"]
