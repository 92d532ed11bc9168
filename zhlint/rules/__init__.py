"""The rule families. Importing this package registers every rule.

One module per family (the families are listed in docs/architecture.md); each module registers
its rules with :func:`zhlint.rules.base.rule` when it is imported.
"""

from __future__ import annotations

from zhlint.rules import (  # noqa: F401  (imported for registration)
    arithmetic,
    crosscheck,
    input,
    names,
    structure,
    tables,
    template,
    units,
    years,
)
from zhlint.rules.base import Finding, LintContext, Rule, RuleMeta, find_rule, registered_rules, rule

__all__ = ["Finding", "LintContext", "Rule", "RuleMeta", "find_rule", "registered_rules", "rule"]
