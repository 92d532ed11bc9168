"""Stage 5, analysis: the per-document context that rules read, and the prose-to-table matches.

``context.LintContext`` builds each analysis (tables, claims, matches, appendix tables) on first
use; ``match`` pairs prose amounts with the table cells that hold the same quantity.
"""
