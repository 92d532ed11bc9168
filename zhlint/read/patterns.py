"""Regular expressions compiled when first used (issue 12: a cold ``zhlint check`` compiles less).

Compiling is most of the cost of importing the rules: ``re`` builds a table of every code point
of a class such as ``[\\u4e00-\\u9fff]`` in Python, about a millisecond each. A pattern that only
some reports need (a rare wording, a file that is not UTF-8) is written
``lazy_compile(...)`` instead of ``re.compile(...)`` and costs nothing until one does.

The object stands in for the compiled pattern: on the first use of a method or attribute it
compiles, and keeps that method as its own attribute, so that later uses cost what they cost on
the pattern itself. It is typed as the pattern; ``isinstance(x, re.Pattern)`` is false for it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import regex


class _Lazy:
    def __init__(self, pattern: str, flags: int, module: Any) -> None:
        self._source = (pattern, flags, module)

    def __getattr__(self, name: str) -> Any:
        # Called only for what is not yet an attribute: compile, then keep what was asked for.
        if name == "_source":  # not set up (a copy being made): no pattern to compile
            raise AttributeError(name)
        pattern, flags, module = self._source
        value = getattr(module.compile(pattern, flags), name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` on first use."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags, re))


def lazy_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)`` on first use."""
    import regex

    return cast("regex.Pattern[str]", _Lazy(pattern, flags, regex))
