"""zhlint: a rule-based linter for Chinese government final-account disclosures (部门决算公开).

The library API is the base of every other layer (CLI, pre-commit hook, LSP server)::

    import zhlint
    for diagnostic in zhlint.lint_text(text, path="report.txt"):
        print(diagnostic.line, diagnostic.code, diagnostic.message)
"""

from __future__ import annotations

from zhlint.config import Config, ConfigError, load_config
from zhlint.diagnostics import Diagnostic, Fix, Related, Severity, Span
from zhlint.engine import lint_file, lint_paths, lint_source
from zhlint.source import Source

__version__ = "0.1.0"


def lint_text(text: str, *, path: str | None = None, config: Config | None = None) -> list[Diagnostic]:
    """Lint a report given as text; ``path`` is only used to label the diagnostics."""
    return lint_source(Source.from_text(text, path), config)


__all__ = [
    "Config",
    "ConfigError",
    "Diagnostic",
    "Fix",
    "Related",
    "Severity",
    "Source",
    "Span",
    "__version__",
    "lint_file",
    "lint_paths",
    "lint_source",
    "lint_text",
    "load_config",
]
