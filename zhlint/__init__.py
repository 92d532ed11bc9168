"""zhlint: a rule-based linter for Chinese government final-account disclosures (部门决算公开).

The library API is the base of every other layer (CLI, pre-commit hook, LSP server)::

    import zhlint
    for diagnostic in zhlint.lint_text(text, path="report.txt"):
        print(diagnostic.line, diagnostic.code, diagnostic.message)

The names below are imported on first use, so that `import zhlint` (and `zhlint --version`)
does not pay for compiling every rule's patterns and the grammar.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from zhlint.version import __version__

if TYPE_CHECKING:
    from zhlint.config import Config, ConfigError, load_config
    from zhlint.diagnostics import Diagnostic, Fix, Related, Severity, Span
    from zhlint.engine import lint_file, lint_paths, lint_source
    from zhlint.read.source import Source

_EXPORTS = {
    "Config": "zhlint.config",
    "ConfigError": "zhlint.config",
    "load_config": "zhlint.config",
    "Diagnostic": "zhlint.diagnostics",
    "Fix": "zhlint.diagnostics",
    "Related": "zhlint.diagnostics",
    "Severity": "zhlint.diagnostics",
    "Span": "zhlint.diagnostics",
    "lint_file": "zhlint.engine",
    "lint_paths": "zhlint.engine",
    "lint_source": "zhlint.engine",
    "Source": "zhlint.read.source",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'zhlint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def lint_text(text: str, *, path: str | None = None, config: Config | None = None) -> list[Diagnostic]:
    """Lint a report given as text; ``path`` is only used to label the diagnostics."""
    from zhlint.engine import lint_source
    from zhlint.read.source import Source

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
